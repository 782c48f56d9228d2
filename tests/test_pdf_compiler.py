"""The compiler pool (accord.pdf.compiler): PDFs several at a time, but one book at a time."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from accord.pdf import compiler
from accord.pdf.compiler import Batch, Job, Outcome
from accord.pdf.config import DEBIAN_FONTS
from accord.pdf.fonts import font_book


def _overlaps(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, first: Job, second: Job) -> bool:
    """Whether ``second`` starts while ``first`` is still compiling (the first waits a while for it)."""
    monkeypatch.setattr(compiler.os, "cpu_count", lambda: 4)
    started = {job.key: threading.Event() for job in (first, second)}

    def typeset(job: Job, **_: object) -> tuple[bytes | None, Outcome]:
        started[job.key].set()
        if job is first:
            started[second.key].wait(timeout=2)
        return None, Outcome(job)

    monkeypatch.setattr(compiler, "typeset", typeset)  # a document, here
    monkeypatch.setattr(Batch, "_typeset_apart", lambda self, job: typeset(job))  # a book, apart
    with Batch(root=tmp_path, fonts=None, font_paths=["/fonts"]) as batch:  # type: ignore[arg-type]
        batch.submit(first)
        assert started[first.key].wait(timeout=5)
        batch.submit(second)
        met = started[second.key].wait(timeout=1)
        assert [outcome.job for outcome in batch.outcomes()] == [first, second]
    return met


def test_books_compile_one_at_a_time_and_other_pdfs_beside_them(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    volume = Job("compendium-1", "", tmp_path / "compendium-1.pdf", book=True)
    other = Job("compendium-2", "", tmp_path / "compendium-2.pdf", book=True)
    document = Job("positions/alpha", "", tmp_path / "alpha.pdf")
    assert not _overlaps(monkeypatch, tmp_path, volume, other)
    assert _overlaps(monkeypatch, tmp_path, volume, document)
    assert _overlaps(monkeypatch, tmp_path, document, volume)


SOURCE = '#set text(font: "Noto Serif")\n= A book\n\nIts only page.\n'
#: What the kernel does to a process that exhausts the memory: SIGKILL, no word said.
KILLED = "#!/bin/sh\nkill -9 $$\n"


def stand_in_python(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, script: str) -> None:
    """``script`` as the interpreter a book's process is started with."""
    python = tmp_path / "python"
    python.write_text(script, encoding="utf-8")
    python.chmod(0o755)
    monkeypatch.setattr(compiler.sys, "executable", str(python))


def _batch(tmp_path: Path) -> Batch:
    return Batch(
        root=tmp_path,
        fonts=font_book(DEBIAN_FONTS),
        font_paths=DEBIAN_FONTS,
        standard="a-2b",
        timestamp=1795824000,
    )


def test_a_book_compiled_apart_is_the_book_compiled_here(tmp_path: Path) -> None:
    apart = Job("compendium", SOURCE, tmp_path / "apart.pdf", book=True)
    with _batch(tmp_path) as batch:
        batch.submit(apart)
        [outcome] = batch.outcomes()
        here, _ = compiler.typeset(
            apart, root=tmp_path, fonts=batch.fonts, standards=batch.standards, timestamp=batch.timestamp
        )
    assert outcome.error is None
    assert apart.output.read_bytes() == here
    assert here is not None and here.startswith(b"%PDF-")


def test_a_book_typst_refuses_is_an_error_with_typsts_message(tmp_path: Path) -> None:
    job = Job("compendium", "#let broken = (\n", tmp_path / "compendium.pdf", book=True)
    with _batch(tmp_path) as batch:
        batch.submit(job)
        [outcome] = batch.outcomes()
    assert outcome.error is not None and "unclosed delimiter" in outcome.error
    assert not job.output.exists()


def test_a_book_whose_process_is_killed_is_an_error_and_leaves_no_pdf(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stand_in_python(tmp_path, monkeypatch, KILLED)
    job = Job("compendium-1", SOURCE, tmp_path / "compendium-1.pdf", book=True)
    with _batch(tmp_path) as batch:
        batch.submit(job)
        [outcome] = batch.outcomes()
    assert outcome.error == (
        "the process compiling it was stopped by SIGKILL "
        "(the system may have run out of memory: see accord_pdf_volume_documents)"
    )
    assert not job.output.exists()


def test_a_book_whose_process_fails_says_its_last_word(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stand_in_python(
        tmp_path,
        monkeypatch,
        "#!/bin/sh\necho 'Traceback (most recent call last):' >&2\necho 'MemoryError' >&2\nexit 1\n",
    )
    job = Job("compendium", SOURCE, tmp_path / "compendium.pdf", book=True)
    with _batch(tmp_path) as batch:
        batch.submit(job)
        [outcome] = batch.outcomes()
    assert outcome.error == "the process compiling it failed: MemoryError"
    assert not job.output.exists()
