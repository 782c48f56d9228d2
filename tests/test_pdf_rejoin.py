"""accord.pdf.rejoin.Last: the last compendium, read in a thread while the documents are
translated, only when the record of the last join says it is that file."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pikepdf

from accord.pdf import rejoin
from accord.pdf.cache import stamp


def _book(path: Path, pages: int) -> Path:
    with pikepdf.new() as pdf:
        for _ in range(pages):
            pdf.add_blank_page()
        pdf.save(path)
    return path


def _record(state: Path, output: Path) -> Path:
    state.write_text(json.dumps({"version": rejoin._VERSION, "output": stamp(output), "pieces": []}))
    return state


def _threads() -> set[str]:
    return {thread.name for thread in threading.enumerate()}


def test_the_recorded_compendium_is_read_in_a_thread(tmp_path: Path) -> None:
    output = _book(tmp_path / "compendium.pdf", 3)
    last = rejoin.Last(output, _record(tmp_path / "compendium.json", output))
    assert last._thread is not None
    pdf = last.take()
    assert pdf is not None
    try:
        assert len(pdf.pages) == 3
        assert "accord-last-compendium" not in _threads()  # take() waited for it
    finally:
        pdf.close()
    assert last.take() is None  # handed over once


def test_a_compendium_changed_since_the_last_join_is_not_read(tmp_path: Path) -> None:
    output = _book(tmp_path / "compendium.pdf", 3)
    state = _record(tmp_path / "compendium.json", output)
    _book(output, 5)  # another file now: patching it would be wrong
    last = rejoin.Last(output, state)
    assert last._thread is None
    assert last.take() is None


def test_without_a_record_or_a_file_nothing_is_read(tmp_path: Path) -> None:
    output = tmp_path / "compendium.pdf"
    assert rejoin.Last(output, tmp_path / "missing.json").take() is None
    state = tmp_path / "compendium.json"
    state.write_text(json.dumps({"version": rejoin._VERSION, "output": stamp(output)}))  # [-1, 0]: no file
    last = rejoin.Last(output, state)
    assert last.take() is None


def test_a_damaged_compendium_gives_nothing_and_no_error(tmp_path: Path) -> None:
    output = tmp_path / "compendium.pdf"
    output.write_bytes(b"%PDF-1.7 not a PDF at all")
    last = rejoin.Last(output, _record(tmp_path / "compendium.json", output))
    assert last.take() is None


def test_close_waits_for_the_thread_and_closes_the_file(tmp_path: Path) -> None:
    output = _book(tmp_path / "compendium.pdf", 2)
    last = rejoin.Last(output, _record(tmp_path / "compendium.json", output))
    last.close()
    assert "accord-last-compendium" not in _threads()
    assert last.take() is None
