"""Diagnostics to text, JSON or GitHub annotations; and the exit code they mean."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TextIO

from accord.diagnostics import Diagnostic

OK, FINDINGS, USAGE = 0, 1, 2


def text(
    diagnostics: Sequence[Diagnostic], out: TextIO, root: Path | None = None, *, terminal: bool | None = None
) -> None:
    """One `path:line:col: CODE message` line and a `    hint:` line each; on a terminal (or when
    ``terminal``), with the source line under ``root`` and a caret, in colour (accord.excerpt)."""
    if root is not None and (out.isatty() if terminal is None else terminal):
        from accord import excerpt  # rich is imported only for a person at a terminal

        excerpt.show(diagnostics, out, root)
        return
    for d in diagnostics:
        severity = "" if d.is_error else "warning: "
        out.write(f"{d.path}:{d.line}:{d.column}: {d.code} {severity}{d.message}\n")
        if d.hint:
            out.write(f"    hint: {d.hint}\n")


def as_json(diagnostics: Sequence[Diagnostic], out: TextIO) -> None:
    status = "fail" if any(d.is_error for d in diagnostics) else "pass"
    json.dump(
        {"status": status, "diagnostics": [d.as_dict() for d in diagnostics]},
        out,
        ensure_ascii=False,
        indent=1,
    )
    out.write("\n")


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def github(diagnostics: Sequence[Diagnostic], out: TextIO) -> None:
    """GitHub workflow commands; the hint goes on a second line of the annotation."""
    for d in diagnostics:
        level = "error" if d.is_error else "warning"
        message = d.message + (f"\n{d.hint}" if d.hint else "")
        out.write(
            f"::{level} file={_escape_property(d.path)},line={d.line},col={d.column},"
            f"title={_escape_property(d.code)}::{_escape_data(message)}\n"
        )


REPORTERS: dict[str, Callable[[Sequence[Diagnostic], TextIO], None]] = {
    "text": text,
    "json": as_json,
    "github": github,
}


def summary(diagnostics: Sequence[Diagnostic], checked: int) -> str:
    errors = sum(d.is_error for d in diagnostics)
    warnings = len(diagnostics) - errors
    if not diagnostics:
        return f"accord: no problems in {checked} document{'s' * (checked != 1)}"
    files = len({d.path for d in diagnostics})
    return (
        f"accord: {errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)} "
        f"in {files} file{'s' * (files != 1)} ({checked} documents checked)"
    )


def exit_code(diagnostics: Sequence[Diagnostic], *, strict: bool = False) -> int:
    """Errors fail; so do warnings when the repository sets ``strict = true``."""
    if strict and diagnostics:
        return FINDINGS
    return FINDINGS if any(d.is_error for d in diagnostics) else OK
