"""``accord serve``'s background PDFs keep off the edit path: one run for a burst of edits, and
the child stopped while the preview rebuilds. A stand-in child (a Python loop that counts) shows
what the process does, without Sphinx or Typst."""

from __future__ import annotations

import signal
import sys
import time
from pathlib import Path

import pytest

from accord import servepdf

# Counts into a file every 10 ms for ``seconds``, then says it is done.
_COUNTER = """
import sys, time
path, seconds = sys.argv[1], float(sys.argv[2])
end, ticks = time.monotonic() + seconds, 0
while time.monotonic() < end:
    ticks += 1
    open(path, "w").write(str(ticks))
    time.sleep(0.01)
open(path + ".done", "w").write("done")
"""


class Counting(servepdf.BackgroundPdfs):
    """A stand-in child that counts for ``seconds`` into ``<work>/ticks``."""

    def __init__(self, work: Path, *, seconds: float, quiet: float) -> None:
        super().__init__(work, work, work, {}, quiet=quiet)
        self.seconds = seconds
        self.started: list[float] = []

    def command(self) -> list[str]:
        self.started.append(time.monotonic())
        return [sys.executable, "-c", _COUNTER, str(self.work / "ticks"), str(self.seconds)]

    def ticks(self) -> int:
        try:
            return int((self.work / "ticks").read_text() or 0)
        except (OSError, ValueError):
            return 0


def _until(test, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not test():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


def test_a_burst_of_edits_makes_one_run_once_they_pause(tmp_path: Path) -> None:
    pdfs = Counting(tmp_path, seconds=0.05, quiet=0.3)
    try:
        first = time.monotonic()
        for _ in range(5):  # five saves, 0.1 s apart: each resets the quiet time
            pdfs.request()
            time.sleep(0.1)
        assert pdfs.wait(timeout=10)
        assert pdfs.runs == 1 and len(pdfs.started) == 1
        # The run started only after the last save had been quiet for 0.3 s.
        assert pdfs.started[0] - first >= 0.4 + 0.3 - 0.05
    finally:
        pdfs.close()


@pytest.mark.skipif(not hasattr(signal, "SIGSTOP"), reason="no SIGSTOP on this system")
def test_the_child_is_stopped_while_the_preview_rebuilds(tmp_path: Path) -> None:
    pdfs = Counting(tmp_path, seconds=3.0, quiet=0.0)
    try:
        pdfs.request()
        _until(lambda: pdfs.ticks() > 5)
        with pdfs.held():
            time.sleep(0.1)  # a signal is delivered at once, but the last write may be on its way
            stopped = pdfs.ticks()
            time.sleep(0.4)
            assert pdfs.ticks() == stopped  # not one tick while the preview rebuilds
        _until(lambda: pdfs.ticks() > stopped)  # and it goes on afterwards
        assert pdfs.wait(timeout=10) and (tmp_path / "ticks.done").is_file()
    finally:
        pdfs.close()


def test_no_run_starts_while_the_preview_rebuilds(tmp_path: Path) -> None:
    pdfs = Counting(tmp_path, seconds=0.05, quiet=0.0)
    try:
        with pdfs.held():
            pdfs.request()
            time.sleep(0.3)
            assert pdfs.started == [] and pdfs.busy
        assert pdfs.wait(timeout=10) and pdfs.runs == 1
    finally:
        pdfs.close()


@pytest.mark.skipif(not hasattr(signal, "SIGSTOP"), reason="no SIGSTOP on this system")
def test_closing_ends_a_stopped_child(tmp_path: Path) -> None:
    pdfs = Counting(tmp_path, seconds=30.0, quiet=0.0)
    pdfs.request()
    _until(lambda: pdfs.ticks() > 0)
    child = pdfs._child
    assert child is not None
    with pdfs.held():
        pdfs.close()
        assert child.wait(timeout=10) != 0  # ended by the signal while held, not after its 30 s
    assert not (tmp_path / "ticks.done").exists()


def test_a_child_started_as_the_serve_closes_is_ended(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """close() between the loop's check and the child's start: the child ends at once."""
    pdfs = Counting(tmp_path, seconds=30.0, quiet=0.0)
    command = pdfs.command

    def closing_first() -> list[str]:
        pdfs._closed = True  # as if close() ran just now, before the child existed
        return command()

    monkeypatch.setattr(pdfs, "command", closing_first)
    pdfs.request()
    assert pdfs.wait(timeout=10)  # not after the child's 30 s
    assert not (tmp_path / "ticks.done").exists()
