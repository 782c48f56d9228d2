"""Typst sources to PDF files with the ``typst`` package, several at a time.

Typst releases the interpreter lock while it compiles, so the builder goes on translating documents
in the main thread while earlier ones compile in the pool. Nothing here logs: the builder reports
the outcomes, from the main thread.
"""

from __future__ import annotations

import contextlib
import os
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType

import typst


@dataclass(frozen=True)
class Job:
    key: str  # a docname, the compendium's name, or a part of it ("compendium/...")
    source: str
    output: Path
    tagged: bool = True  # a tagged PDF, for accessibility; the compendium's parts lose their tags when joined
    # A one-source compendium or one of its volumes: Typst holds all of it in memory while it
    # compiles (about 5 MB a document), so two at once would need twice that.
    book: bool = False


@dataclass
class Outcome:
    job: Job
    error: str | None = None
    warnings: list[str] = field(default_factory=list)


def source_date_epoch() -> int | None:
    """The creation time every PDF of the build states, when the build is to be reproducible."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "")
    return int(value) if value.isdigit() else None


def _describe(problem: typst.TypstError | typst.TypstWarning) -> str:
    text = str(getattr(problem, "message", "") or problem)
    hints = getattr(problem, "hints", None) or []
    return text + "".join(f" (hint: {hint})" for hint in hints)


class Batch:
    """A pool of compilations sharing one font book, root, standard and creation time."""

    def __init__(
        self, *, root: Path, fonts: typst.Fonts, standard: str = "", timestamp: int | None = None
    ) -> None:
        self.root = root
        self.fonts = fonts
        self.standards = [standard] if standard else []
        self.timestamp = timestamp
        self._pool = ThreadPoolExecutor(max_workers=min(4, os.cpu_count() or 1))
        self._books = threading.Lock()  # one book at a time, beside any number of other PDFs
        self._futures: list[Future[Outcome]] = []

    def __enter__(self) -> Batch:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, trace: TracebackType | None
    ) -> None:
        self._pool.shutdown(wait=True, cancel_futures=kind is not None)

    def submit(self, job: Job) -> Future[Outcome]:
        future = self._pool.submit(self._compile, job)
        self._futures.append(future)
        return future

    def outcomes(self) -> list[Outcome]:
        """Every outcome, in the order of submission; waits for the pending ones."""
        return [future.result() for future in self._futures]

    def probe(self, source: str) -> str | None:
        """Typst's error for a small ``source`` compiled with this batch's fonts; None if it compiles."""
        compiler = typst.Compiler(root=str(self.root), font_paths=self.fonts, ignore_system_fonts=True)
        try:
            compiler.compile(input=source.encode("utf-8"), format="pdf")
        except typst.TypstError as error:
            return _describe(error)
        return None

    def _compile(self, job: Job) -> Outcome:
        with self._books if job.book else contextlib.nullcontext():
            return self._compile_now(job)

    def _compile_now(self, job: Job) -> Outcome:
        compiler = typst.Compiler(root=str(self.root), font_paths=self.fonts, ignore_system_fonts=True)
        try:
            pdf, warnings = compiler.compile_with_warnings(
                input=job.source.encode("utf-8"),
                format="pdf",
                pdf_standards=self.standards,
                pdf_tags=job.tagged or bool(self.standards),
                timestamp=self.timestamp,
            )
        except typst.TypstError as error:
            return Outcome(job, error=_describe(error))
        assert isinstance(pdf, bytes)
        job.output.parent.mkdir(parents=True, exist_ok=True)
        job.output.write_bytes(pdf)
        return Outcome(job, warnings=[_describe(warning) for warning in warnings])
