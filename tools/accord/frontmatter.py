"""Split a document's YAML front matter from its body and read it with source positions."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import ClassVar

import yaml

try:  # libyaml is much faster; the pure-Python loader gives the same nodes and marks.
    from yaml import CSafeLoader as _SafeLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _SafeLoader

from accord.diagnostics import Diagnostic, make


class _Loader(_SafeLoader):
    """Safe loading that keeps dates as written: the rules parse them, so that an impossible
    date such as 2026-02-30 becomes a diagnostic instead of an exception."""

    yaml_implicit_resolvers: ClassVar[dict[str, list[tuple[str, object]]]] = {
        first: [(tag, pattern) for tag, pattern in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in _SafeLoader.yaml_implicit_resolvers.items()
    }


Position = tuple[int, int]
FieldPath = tuple[object, ...]


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
    try:
        loader = _Loader(source)
        try:
            node = loader.get_single_node()
            # One parse: the data is constructed from the same nodes that give the positions.
            result.data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except (yaml.YAMLError, ValueError, RecursionError) as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        line = mark.line + 2 if mark else 2
        column = mark.column + 1 if mark else 1
        problem = getattr(error, "problem", None) or str(error)
        result.problems.append(
            make(
                "META002",
                path,
                line,
                column,
                detail=str(problem),
                hint="quote values that contain ':' or start with a special character, "
                "and indent nested fields by two spaces",
            )
        )
        return result
    if not isinstance(result.data, dict):
        result.problems.append(
            make(
                "META003",
                path,
                2,
                1,
                type(result.data).__name__ if result.data is not None else "nothing",
                hint="write one 'field: value' per line",
            )
        )
        result.data = None
        return result
    _positions(node, (), result, path, seen=set())
    return result


def _positions(node: yaml.Node, at: FieldPath, out: FrontMatter, path: str, seen: set[int]) -> None:
    # Aliases share nodes; visiting each node once keeps an alias bomb cheap.
    if id(node) in seen:
        return
    seen.add(id(node))
    out.values[at] = (node.start_mark.line + 2, node.start_mark.column + 1)
    if isinstance(node, yaml.ScalarNode):
        out.raw[at] = node.value
    elif isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else repr(key_node)
            where = (key_node.start_mark.line + 2, key_node.start_mark.column + 1)
            if (*at, key) in out.keys:
                out.problems.append(make("META019", path, *where, key, hint="remove one of the two"))
            out.keys[(*at, key)] = where
            _positions(value_node, (*at, key), out, path, seen)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _positions(item, (*at, index), out, path, seen)
