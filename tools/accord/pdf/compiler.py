"""Typst sources to PDF files with the ``typst`` package, several at a time.

Typst releases the interpreter lock while it compiles, so threads keep both cores busy. Nothing
here logs: the builder reports the results, from the main thread.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import typst


@dataclass(frozen=True)
class Job:
    key: str  # a docname, or the compendium's name
    source: str
    output: Path


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


def _compile(job: Job, *, root: Path, fonts: typst.Fonts, standard: str, timestamp: int | None) -> Outcome:
    compiler = typst.Compiler(root=str(root), font_paths=fonts, ignore_system_fonts=True)
    try:
        pdf, warnings = compiler.compile_with_warnings(
            input=job.source.encode("utf-8"),
            format="pdf",
            pdf_standards=[standard] if standard else [],
            timestamp=timestamp,
        )
    except typst.TypstError as error:
        return Outcome(job, error=_describe(error))
    assert isinstance(pdf, bytes)
    job.output.parent.mkdir(parents=True, exist_ok=True)
    job.output.write_bytes(pdf)
    return Outcome(job, warnings=[_describe(warning) for warning in warnings])


def compile_all(
    jobs: Sequence[Job],
    *,
    root: Path,
    fonts: typst.Fonts,
    standard: str = "",
    timestamp: int | None = None,
    workers: int | None = None,
) -> list[Outcome]:
    """Compile every job; the outcomes come back in the order of ``jobs``."""
    count = workers or min(4, os.cpu_count() or 1)
    with ThreadPoolExecutor(max_workers=count) as pool:
        futures = [
            pool.submit(_compile, job, root=root, fonts=fonts, standard=standard, timestamp=timestamp)
            for job in jobs
        ]
        return [future.result() for future in futures]
