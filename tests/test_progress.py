"""Progress on the long steps: drawn by rich on a terminal, nothing at all when piped."""

from __future__ import annotations

import io
import threading

import pytest

from accord import progress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_piped_output_gets_nothing() -> None:
    piped = io.StringIO()
    with progress.step("accord: building the site", piped):
        pass
    with progress.counter("accord: checking links", 3, piped) as advance:
        advance()
    assert piped.getvalue() == ""


def test_a_terminal_sees_the_step_and_its_time(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TERM", "xterm-256color")
    terminal = Terminal()
    with progress.step("accord: building the site", terminal):
        pass
    assert "accord: building the site" in terminal.getvalue()
    assert "0:00:0" in terminal.getvalue()  # the time spent


def test_a_terminal_sees_the_count(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TERM", "xterm-256color")
    terminal = Terminal()
    with progress.counter("accord: checking links", 2, terminal) as advance:
        advance()
    assert "accord: checking links" in terminal.getvalue() and "/2" in terminal.getvalue()


def test_a_dumb_terminal_gets_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TERM", "dumb")
    terminal = Terminal()
    with progress.step("accord: building the site", terminal):
        pass
    assert terminal.getvalue() == ""


def test_the_long_verbs_draw_progress(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each long step of the command line runs inside a progress step."""
    from pathlib import Path

    source = (Path(progress.__file__).parent / "cli.py").read_text(encoding="utf-8")
    for said in ("building the site", "building edition", "publishing into"):
        assert f'progress.step(f"accord: {said}' in source or f'progress.step("accord: {said}' in source
    links = (Path(progress.__file__).parent / "links" / "__init__.py").read_text(encoding="utf-8")
    assert 'progress.counter("accord: checking links"' in links


def _drawing() -> list[threading.Thread]:
    """rich's refresh threads: a step tells its thread to end and does not wait for it."""
    return [t for t in threading.enumerate() if type(t).__name__ == "_RefreshThread" and t.is_alive()]


def test_paused_progress_has_no_thread_and_is_drawn_again_after(monkeypatch: pytest.MonkeyPatch) -> None:
    """accord.alongside forks only a process of one thread: the spinner's must stop first."""
    monkeypatch.setenv("TERM", "xterm-256color")
    for thread in _drawing():  # left by an earlier test's step
        thread.join(timeout=2)
    assert _drawing() == []
    terminal = Terminal()
    with progress.step("accord: building the site", terminal):
        assert len(_drawing()) == 1
        with progress.paused():
            assert _drawing() == []  # ended, not only told to end
        assert len(_drawing()) == 1
    for thread in _drawing():
        thread.join(timeout=2)
    with progress.paused():  # nothing drawn: nothing to pause
        assert _drawing() == []
