"""Typst sources to PDF files with the ``typst`` package, several at a time.

Typst releases the interpreter lock while it compiles, so the builder goes on translating documents
in the main thread while earlier ones compile in the pool. Nothing here logs: the builder reports
the outcomes, from the main thread.

Typst keeps what it memoizes for as long as the process lives, and the ``typst`` package never
evicts it (typst-py issue 104): each compilation leaves part of its layout in memory, about 1 MB
for a document and 5 MB a document for a book. A book (a one-source compendium or one of its
volumes) is therefore compiled by a Python process of its own (:mod:`accord.pdf.apart`), one book
at a time, which hands the PDF back and exits; a book that exhausts the memory then ends that
process, and the build reports it, rather than the build being killed.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Sequence
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
    book: bool = False  # a one-source compendium or one of its volumes: compiled apart, one at a time


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


def typeset(
    job: Job, *, root: Path, fonts: typst.Fonts, standards: Sequence[str], timestamp: int | None
) -> tuple[bytes | None, Outcome]:
    """``job`` compiled in this process: the PDF (None on an error) and the outcome."""
    compiler = typst.Compiler(root=str(root), font_paths=fonts, ignore_system_fonts=True)
    try:
        pdf, warnings = compiler.compile_with_warnings(
            input=job.source.encode("utf-8"),
            format="pdf",
            pdf_standards=list(standards),
            pdf_tags=job.tagged or bool(standards),
            timestamp=timestamp,
        )
    except typst.TypstError as error:
        return None, Outcome(job, error=_describe(error))
    assert isinstance(pdf, bytes)
    return pdf, Outcome(job, warnings=[_describe(warning) for warning in warnings])


def _ended(code: int, said: bytes) -> str:
    """Why the process compiling a book ended without a PDF, in a line."""
    if code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:  # a real-time signal has a number, not a name
            name = f"signal {-code}"
        hint = (
            " (the system may have run out of memory: see accord_pdf_volume_documents)"
            if name == "SIGKILL"
            else ""
        )
        return f"the process compiling it was stopped by {name}{hint}"
    last = said.decode("utf-8", errors="replace").strip().splitlines()[-1:] or [f"exit status {code}"]
    return f"the process compiling it failed: {last[0]}"


class Batch:
    """A pool of compilations sharing one font book, root, standard and creation time."""

    def __init__(
        self,
        *,
        root: Path,
        fonts: typst.Fonts,
        font_paths: Sequence[str],
        standard: str = "",
        timestamp: int | None = None,
    ) -> None:
        self.root = root
        self.fonts = fonts
        self.font_paths = tuple(str(path) for path in font_paths)  # ``fonts``, for a book's own process
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
        if job.book:
            with self._books:
                pdf, outcome = self._typeset_apart(job)
        else:
            pdf, outcome = typeset(
                job, root=self.root, fonts=self.fonts, standards=self.standards, timestamp=self.timestamp
            )
        if pdf is not None:
            job.output.parent.mkdir(parents=True, exist_ok=True)
            job.output.write_bytes(pdf)
        return outcome

    def _typeset_apart(self, job: Job) -> tuple[bytes | None, Outcome]:
        """``job`` compiled by ``python -m accord.pdf.apart``, which sends the PDF back: the
        process's memory goes with it, and a process of this build that is killed meanwhile
        leaves no PDF behind it."""
        request = {
            "parent": os.getpid(),
            "key": job.key,
            "tagged": job.tagged,
            "root": str(self.root),
            "font_paths": list(self.font_paths),
            "standards": self.standards,
            "timestamp": self.timestamp,
        }
        try:
            done = subprocess.run(
                # -P: the build's folder (a repository's files) is not where Python looks for modules.
                [sys.executable, "-P", "-m", "accord.pdf.apart"],
                input=json.dumps(request).encode("utf-8") + b"\n" + job.source.encode("utf-8"),
                capture_output=True,
                check=False,
            )
        except (OSError, TypeError, ValueError) as error:  # no such interpreter, or none at all
            return None, Outcome(job, error=f"no process could be started to compile it: {error}")
        header, _, pdf = done.stdout.partition(b"\n")
        try:
            answer = json.loads(header) if done.returncode == 0 else None
        except ValueError:
            answer = None
        if not isinstance(answer, dict):
            return None, Outcome(job, error=_ended(done.returncode, done.stderr))
        if answer.get("error"):
            return None, Outcome(job, error=str(answer["error"]))
        return pdf, Outcome(job, warnings=[str(w) for w in answer.get("warnings", [])])
