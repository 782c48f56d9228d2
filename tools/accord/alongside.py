"""The builders after the first, in a forked process while the first writes its output.

The fork comes at the last ``env-get-updated`` handler: Sphinx has read the documents, and the
handlers before it have numbered sections and figures, so the environment is complete. From
there the first builder pickles the environment, checks it and writes its pages, and the PDF
builder only reads the environment and the doctrees, so neither changes what the other reads.
Forked at that moment, the PDF builder works on the second core while the HTML builder finishes:
a one-document rebuild at 500 documents takes about a second less, and a full build uses both
cores (bench/README.md). The child writes nothing before the parent's own ``write-started``
says whether it may (:meth:`Child.go`): an error of the consistency check, which comes after
the fork, still stops it, as when the builders ran one after the other. The child sends its
warnings back through a pipe, and ends when the parent does. Where the system cannot fork, the
fork fails, or the process has threads (a fork copies only the calling thread, and a lock
another thread held stays held), the builders run one after the other.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import multiprocessing
import os
import pickle
import signal
import sys
import threading
import traceback
from collections.abc import Callable
from pathlib import Path

#: After every other ``env-get-updated`` handler (Sphinx's default is 500): the child starts from
#: the environment as they leave it.
PRIORITY = 900
#: Before every other ``write-started`` handler: the go for the child, or its wait for it.
GATE_PRIORITY = 100
_PR_SET_PDEATHSIG = 1  # linux/prctl.h


class Refused(BaseException):
    """Raised in the child when the parent says no: a BaseException, so that Sphinx passes it on
    as it is rather than as an extension's error."""


def fork_is_safe() -> bool:
    """Whether forking is safe here: the system forks and this process runs one thread. Native
    threads count too (Typst's compiler keeps a pool of them after its first PDF, whose state a
    child would inherit without the threads), so this needs the system's list of them
    (/proc/self/task, on Linux); elsewhere the builders run one after the other."""
    if "fork" not in multiprocessing.get_all_start_methods() or threading.active_count() != 1:
        return False
    try:
        return sum(1 for _ in Path("/proc/self/task").iterdir()) == 1
    except OSError:
        return False


class Child:
    """A forked process running the later builders; ``wait`` gives what it reported."""

    def __init__(self, pid: int, pipe: int, gate: int) -> None:
        self.pid, self.pipe, self.gate = pid, pipe, gate

    def go(self, allowed: bool) -> None:
        """Say once whether the child may write; then or never, its wait ends (a closed gate
        is a no)."""
        if self.gate < 0:
            return
        with contextlib.suppress(OSError):
            os.write(self.gate, b"1" if allowed else b"0")
        os.close(self.gate)
        self.gate = -1

    def wait(self) -> tuple[list[str], str | None]:
        """The warning records the child added, and what failed in it (a traceback, then the
        one line that says it), if anything."""
        self.go(False)  # a child not told by now would wait for ever
        with os.fdopen(self.pipe, "rb") as pipe:
            data = pipe.read()  # before waiting: a full pipe would block the child's exit
        try:
            _, status = os.waitpid(self.pid, 0)
            code = os.waitstatus_to_exitcode(status)
        except ChildProcessError:  # SIGCHLD ignored: the system reaped it already
            code = 0
        gc.unfreeze()  # frozen for the fork (start)
        try:
            records, error = pickle.loads(data)
        except (pickle.UnpicklingError, EOFError, ValueError):
            said = f"killed by signal {-code}" if code < 0 else f"exit status {code}"
            return [], f"the PDF builder's process ended without a report ({said})"
        return records, error

    def stop(self) -> None:
        """End the child, when the build has failed anyway."""
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGTERM)
        self.wait()


def start(
    run: Callable[[Callable[[], bool]], object],
    records: list[str],
    said: Callable[[BaseException], str],
) -> Child | None:
    """Fork: the child runs ``run(allowed)``, sends back the records it appended to ``records``
    and, if it failed, its traceback and ``said(error)``, and exits without returning here.
    ``allowed()`` waits for the parent's :meth:`Child.go` and says it; a run that ends with
    :class:`Refused` has not failed. None when the fork failed (no memory for the page tables of
    a large build, say): nothing was started."""
    with contextlib.suppress(OSError, ValueError):  # a closed or broken stream: nothing to repeat
        sys.stdout.flush()  # else what the parent printed would be printed again by the child
        sys.stderr.flush()
    # Frozen, the environment's objects are left alone by the child's collector, which would
    # otherwise touch, and so copy, most of the parent's memory (the gc module's advice).
    gc.freeze()
    reading, writing = os.pipe()
    waiting, telling = os.pipe()
    parent = os.getpid()
    try:
        pid = os.fork()
    except OSError:
        for end in (reading, writing, waiting, telling):
            os.close(end)
        gc.unfreeze()
        return None
    if pid:
        os.close(writing)
        os.close(waiting)
        return Child(pid, reading, telling)
    os.close(reading)
    os.close(telling)
    end_with(parent)
    first, error = len(records), None

    def allowed() -> bool:
        return os.read(waiting, 1) == b"1"  # nothing read: the parent closed the gate or ended

    try:
        run(allowed)
    except Refused:
        pass
    except BaseException as failure:  # the child reports everything and never returns into the parent's code
        error = f"{traceback.format_exc()}\n{said(failure)}"
    try:
        with os.fdopen(writing, "wb") as pipe:
            pipe.write(pickle.dumps((records[first:], error)))
    finally:
        os._exit(0)


def end_with(parent: int) -> None:
    """Have the system end this child when the parent ends (interrupted, killed): an orphan
    would go on working for a build that has ended, the PDF builder writing PDFs into a site its
    parent's failure left as it was (the check's process and the compendium's reader use it too)."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
    if os.getppid() != parent:  # the parent ended before the request took effect
        os._exit(1)
