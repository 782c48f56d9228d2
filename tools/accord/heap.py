"""Python's cyclic garbage collector kept off the objects a build starts with.

Sphinx starting on a built repository imports every extension and unpickles the environment
(4 MB at 500 documents): millions of objects, none of them garbage. The collector, which runs
every few hundred allocations, walks all of them again and again meanwhile, and after the PDF
builder forks (accord.alongside) its walks write to every object's header, so that the child
copies the memory it shares with the parent. Together that was 0.5-0.7 s of a one-document
rebuild with PDFs at 500 documents (bench/README.md).

:func:`quiet_start` pauses the collector while Sphinx starts, then moves every object into the
permanent generation (gc.freeze), which no collection walks. When the build ends they are given
back (gc.unfreeze), and a process that builds again (a release's editions, the tests)
collects the last build's cycles before it freezes anything.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager

_built = False  # whether a build ran in this process before: its cycles may be garbage now


@contextmanager
def quiet_start() -> Iterator[Callable[[], None]]:
    """The collector paused until the function this yields is called (Sphinx has started), the
    objects made so far frozen from then on, and given back to the collector on the way out."""
    global _built
    if _built:
        # The last build's application is garbage in cycles, which the freeze would keep for
        # good: a process building again and again (a release's editions) would only grow.
        gc.collect()
    _built = True
    enabled = gc.isenabled()
    frozen = False

    def started() -> None:
        nonlocal frozen
        if not frozen:
            frozen = True
            gc.freeze()
            if enabled:
                gc.enable()

    gc.disable()
    try:
        yield started
    finally:
        if frozen:
            gc.unfreeze()
        elif enabled:
            gc.enable()
