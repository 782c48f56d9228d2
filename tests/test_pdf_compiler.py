"""The compiler pool (accord.pdf.compiler): PDFs several at a time, but one book at a time."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from accord.pdf import compiler
from accord.pdf.compiler import Batch, Job, Outcome


def _overlaps(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, first: Job, second: Job) -> bool:
    """Whether ``second`` starts while ``first`` is still compiling (the first waits a while for it)."""
    monkeypatch.setattr(compiler.os, "cpu_count", lambda: 4)
    started = {job.key: threading.Event() for job in (first, second)}

    def compile_now(self: Batch, job: Job) -> Outcome:
        started[job.key].set()
        if job is first:
            started[second.key].wait(timeout=2)
        return Outcome(job)

    monkeypatch.setattr(Batch, "_compile_now", compile_now)
    with Batch(root=tmp_path, fonts=None) as batch:  # type: ignore[arg-type]
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
