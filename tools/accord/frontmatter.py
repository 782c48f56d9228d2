"""Split a document's YAML front matter from its body and read it with source positions."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from accord import datafile
from accord.diagnostics import Diagnostic, make

Position = datafile.Position
FieldPath = datafile.FieldPath


@dataclass
class FrontMatter:
    """The front matter of one document: plain data, and where each value and key stands."""

    data: object = None
    values: dict[FieldPath, Position] = field(default_factory=dict)
    keys: dict[FieldPath, Position] = field(default_factory=dict)
    raw: dict[FieldPath, str] = field(default_factory=dict)  # scalars as written
    body_line: int = 1  # first line of the body, 1-based
    problems: list[Diagnostic] = field(default_factory=list)


def _delimiters(lines: list[str]) -> int | None:
    """Index of the closing '---' (or '...') line, or None when the block is not closed."""
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            return index
    return None


_CLOSING = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)


def _head(text: str) -> str:
    """The text up to and including the closing delimiter: a document's body can be long, and
    only its front matter is read here."""
    if not text.startswith("---"):
        return text[: text.find("\n") + 1 or len(text)]
    first = text.find("\n")
    found = _CLOSING.search(text, first + 1) if first >= 0 else None
    return text[: found.end()] if found else text


def read(path: str, text: str) -> FrontMatter:
    """Read the front matter at the top of ``text``; problems are META diagnostics at their line."""
    lines = _head(text).splitlines()
    result = FrontMatter()
    if not lines or lines[0].rstrip() != "---":
        result.problems.append(
            make(
                "META001",
                path,
                1,
                1,
                hint="start the file with a '---' line, the fields (title, status, authors, date), "
                "and another '---' line",
            )
        )
        return result
    closing = _delimiters(lines)
    if closing is None:
        result.problems.append(
            make(
                "META001",
                path,
                1,
                1,
                detail="the front matter is never closed",
                hint="add a '---' line after the last field",
            )
        )
        return result
    result.body_line = closing + 2
    source = "\n".join(lines[1:closing])
    # One parse: the data comes from the same nodes that give the positions.
    found = datafile.read(path, source, first_line=2)
    problem = found.problem(
        "META002",
        hint="quote values that contain ':' or start with a special character, "
        "and indent nested fields by two spaces",
    )
    if problem is not None:
        result.problems.append(problem)
        return result
    if not isinstance(found.data, dict):
        result.problems.append(
            make(
                "META003",
                path,
                2,
                1,
                type(found.data).__name__ if found.data is not None else "nothing",
                hint="write one 'field: value' per line",
            )
        )
        return result
    result.data, result.values, result.keys, result.raw = found.data, found.values, found.keys, found.raw
    for key, where in found.duplicates:
        result.problems.append(make("META019", path, *where, key[-1], hint="remove one of the two"))
    return result
