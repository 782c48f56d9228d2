"""The last compendium read in a process of its own from the moment a build starts.

A one-document rebuild patches the last compendium in place (accord.pdf.rejoin), and reading
it is most of that: qpdf parses every object of the file (42,000 at 500 documents) before it
copies the first one in, and keeps Python's lock meanwhile. Read by the PDF builder, that came
at the very end of the build, after the changed parts had compiled. But while Sphinx starts,
one core does all the work: :func:`start` forks a reader there, which finds the file the last
join recorded and reads it on the other core. The PDF builder, in whichever process it runs
(accord.alongside forks it from the same parent), takes the reader (:func:`take`) and sends it
the patch (:meth:`Reader.patch`); the reader applies it to what it has read, saves the file and
answers. A builder that joins afresh, or has nothing to join, stops it (:meth:`Reader.stop`),
and the process that forked it reaps it (:func:`finish`).

Nothing here is needed for a correct compendium: without a reader (the system cannot fork, the
process has threads, no join is recorded), or with one that fails, the builder reads the file
itself. The parent imports nothing of the PDF builder for this: the reader does, after the fork.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import sys
from functools import cached_property
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from accord import alongside

#: How much lower the reader's priority is: Sphinx's start and the check's process come first,
#: and the file is needed only at the end of the build.
NICENESS = 10
#: Seconds the reader has to say which file it reads (it takes a tenth of one): longer means it
#: is stuck, and the builder reads the file itself.
SAYS_WITHIN = 10.0
#: The reader this process forked, or (in a forked PDF builder) its parent forked.
_started: Reader | None = None


class Reader:
    """The forked reader, seen from the processes that may send it the patch."""

    def __init__(self, pid: int, connection: Connection) -> None:
        self.pid, self.connection = pid, connection
        self.parent = os.getpid()  # only the forking process can reap it

    @cached_property
    def output(self) -> Path | None:
        """The compendium it reads (it says so first of all), or None if it reads none or has
        not said so within ``SAYS_WITHIN`` seconds."""
        try:
            said = self.connection.recv() if self.connection.poll(SAYS_WITHIN) else None
        except (OSError, EOFError, ValueError, TypeError):
            said = None
        return Path(said) if isinstance(said, str) else None

    def patch(self, request: tuple[Any, ...]) -> tuple[bool, Any]:
        """(True, what rejoin.patch returned in the reader) or (False, None) when the reader
        could not say (it failed or ended): then the caller patches the file itself."""
        try:
            self.connection.send(("patch", request))
            answered, result = self.connection.recv()
        except (OSError, EOFError, ValueError, TypeError):
            return False, None
        finally:
            self.stop()
        return bool(answered), result

    def stop(self) -> None:
        """No patch from this process: the reader ends once it has read what it was reading."""
        with contextlib.suppress(OSError, ValueError):
            self.connection.send(("stop", None))
        self.connection.close()


def start(parts: Path) -> None:
    """Fork a reader of the compendium whose last join is recorded in ``parts`` (the folder of its
    compiled parts), if there is such a folder and the fork is safe."""
    global _started
    finish()
    try:
        if not parts.is_dir() or not alongside.fork_is_safe():
            return
        ours, theirs = multiprocessing.Pipe()
    except OSError:  # an unreadable folder, no sockets here: the builder reads the file itself
        return
    with contextlib.suppress(OSError, ValueError):  # what this process printed is printed once
        sys.stdout.flush()
        sys.stderr.flush()
    parent = os.getpid()
    try:
        pid = os.fork()
    except OSError:
        ours.close()
        theirs.close()
        return
    if pid:
        theirs.close()
        _started = Reader(pid, ours)
        return
    try:
        ours.close()
        alongside.end_with(parent)  # an orphan has nothing to patch for
        _serve(parts, theirs)
    finally:
        os._exit(0)


def take(output: Path) -> Reader | None:
    """The reader of ``output`` for this process's PDF builder, if one was started."""
    global _started
    reader, _started = _started, None
    if reader is None:
        return None
    if reader.output != output:
        _end(reader)
        return None
    return reader


def finish() -> None:
    """End and reap the reader this process forked, when no builder can need it any more."""
    global _started
    reader, _started = _started, None
    if reader is not None:
        _end(reader)


def _end(reader: Reader) -> None:
    """Stop it, and reap it if this process forked it."""
    reader.stop()
    if reader.parent != os.getpid():
        return
    # A reader sent no patch writes nothing: it need not finish reading. One sent a patch has
    # answered by now (the builder waited for the answer), unless the build was interrupted;
    # then its save, like the builder's own, leaves the file as it was (assemble.save).
    with contextlib.suppress(ProcessLookupError):
        os.kill(reader.pid, signal.SIGKILL)
    with contextlib.suppress(ChildProcessError):
        os.waitpid(reader.pid, 0)


def _serve(parts: Path, connection: Connection) -> None:
    with contextlib.suppress(OSError):
        os.nice(NICENESS)
    from accord.pdf import rejoin
    from accord.pdf.cache import stamp

    output = rejoin.last_output(parts)
    connection.send(None if output is None else str(output))
    if output is None:
        return
    before = stamp(output)
    opened = rejoin.read_whole(output)
    try:
        kind, request = connection.recv()
    except (OSError, EOFError):
        kind = "stop"
    if kind != "patch":
        if opened is not None:
            opened.close()
        with contextlib.suppress(OSError):
            connection.send((False, None))
        return
    if opened is not None and not before == stamp(output) == request[0].get("output"):
        # Not the file the builder's record names (another build joined meanwhile): patched
        # as read, it would lose what that build joined. The patch opens the file itself.
        opened.close()
        opened = None
    try:
        answer = (True, rejoin.patch(*request, opened=opened))  # opened None: it reads the file
    except Exception:  # whatever it is, the builder's own patch meets it and reports it
        answer = (False, None)
    with contextlib.suppress(OSError):
        connection.send(answer)
