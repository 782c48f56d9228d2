"""Python's cyclic garbage collector kept off the objects a build starts with.

Sphinx starting on a built repository imports every extension and unpickles the environment
(4 MB at 500 documents): millions of objects, none of them garbage. The collector, which runs
every few hundred allocations, walks all of them again and again meanwhile, and after the PDF
builder forks (accord.alongside) its walks write to every object's header, so that the child
copies the memory it shares with the parent. Together that was 0.5-0.7 s of a one-document
rebuild with PDFs at 500 documents (bench/README.md).

:class:`Paused` pauses the collector while Sphinx starts, then moves every object into the
permanent generation (gc.freeze), which no collection walks. When the build ends they are given
back (gc.unfreeze), and a process that builds again (a release's editions, the tests)
collects the last build's cycles before it freezes anything.
"""

from __future__ import annotations

import gc

_built = False  # whether a build ran in this process before: its cycles may be garbage now


class Paused:
    """The collector paused from now until :meth:`started` (Sphinx has started), the objects
    made until then frozen from that moment, and given back to the collector by :meth:`end`."""

    def __init__(self) -> None:
        global _built
        if _built:
            # The last build's application is garbage in cycles, which the freeze would keep for
            # good: a process building again and again (a release's editions) would only grow.
            gc.collect()
        _built = True
        self.enabled = gc.isenabled()
        self.frozen = False
        gc.disable()

    def started(self) -> None:
        if not self.frozen:
            self.frozen = True
            gc.freeze()
            if self.enabled:
                gc.enable()

    def end(self) -> None:
        """On the way out, started or not."""
        if self.frozen:
            gc.unfreeze()
        elif self.enabled:
            gc.enable()
