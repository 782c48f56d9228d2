"""The text report on a terminal: each diagnostic with its source line and a caret under the
column, in colour, as ruff and rustc show them (``rich`` draws; NO_COLOR turns colour off).

Piped output stays the plain `path:line:col: CODE message` lines of accord.report: scripts,
editors and the golden files read those, and a log has no use for the colours.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

from accord import paths
from accord.diagnostics import Diagnostic

#: How much of a long line is shown, in characters, around the column.
WIDTH = 100


def source_line(root: Path, relative: str, line: int, cache: dict[str, list[str] | None]) -> str | None:
    """Line ``line`` of the file, or None when there is no such file or line, or the file is a
    link out of the repository (never read: SAFE005)."""
    if relative not in cache:
        path = root / relative
        if paths.leads_outside(root, relative) or not path.is_file():
            cache[relative] = None
        else:
            try:
                cache[relative] = path.read_bytes().decode("utf-8", errors="replace").splitlines()
            except OSError:
                cache[relative] = None
    lines = cache[relative]
    return lines[line - 1] if lines is not None and 0 < line <= len(lines) else None


def window(written: str, column: int) -> tuple[str, int]:
    """What is shown of a line (tabs and control characters as spaces, a long line cut around the
    column) and the column in it, so that the caret stays under the character."""
    shown = "".join(c if c.isprintable() else " " for c in written)
    start = max(0, min(column - 1 - WIDTH // 2, len(shown) - WIDTH))
    part = shown[start : start + WIDTH]
    if start:
        part = "…" + part[1:]
    if start + WIDTH < len(shown):
        part = part[:-1] + "…"
    return part, column - start


def _header(d: Diagnostic) -> Text:
    text = Text()
    text.append(f"{d.path}:{d.line}:{d.column}:", style="bold")
    text.append(" ")
    text.append(d.code, style="bold red" if d.is_error else "bold yellow")
    text.append(" " if d.is_error else " warning: ", style="" if d.is_error else "yellow")
    text.append(d.message)
    return text


def show(diagnostics: Sequence[Diagnostic], out: TextIO, root: Path) -> None:
    """Each diagnostic, its line of source with a caret, and its hint."""
    console = Console(file=out, force_terminal=True, highlight=False, soft_wrap=True, emoji=False)
    cache: dict[str, list[str] | None] = {}
    for d in diagnostics:
        console.print(_header(d))
        written = source_line(root, d.path, d.line, cache)
        if written is not None:
            part, column = window(written, d.column)
            gutter = str(d.line)
            console.print(Text.assemble((f" {gutter} | ", "blue"), part))
            pad = cell_len(part[: max(column - 1, 0)])
            console.print(Text.assemble((f" {' ' * len(gutter)} | ", "blue"), " " * pad, ("^", "bold red")))
        if d.hint:
            console.print(Text.assemble(("    hint: ", "cyan"), d.hint))
