"""YAML data files of the repository (``questions.yaml``, ``endorsements/<id>.yaml``), read with
the line and column of every value and key, so that each rule can point at what it rejects.

Reading never raises: a syntax error, a file that is not UTF-8 or a duplicate key is recorded on
the result, and the caller turns it into a diagnostic with its own code.

What aliases stand for and how deep values nest are bounded (accord.yamlbounds): a file past a
bound is refused at its line before any rule sees its data.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import ClassVar

import yaml

from accord import paths, yamlbounds
from accord.diagnostics import Diagnostic, make

try:  # libyaml is much faster; the pure-Python loader gives the same nodes and marks.
    from yaml import CSafeLoader as _SafeLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _SafeLoader


class Loader(_SafeLoader):
    """Safe loading that keeps dates as written: the rules parse them, so that an impossible
    date such as 2026-02-30 becomes a diagnostic instead of an exception."""

    yaml_implicit_resolvers: ClassVar[dict[str, list[tuple[str, object]]]] = {
        first: [(tag, pattern) for tag, pattern in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in _SafeLoader.yaml_implicit_resolvers.items()
    }


Position = tuple[int, int]
FieldPath = tuple[object, ...]


@dataclass
class DataFile:
    path: str  # relative to the repository root, forward slashes
    data: object = None
    values: dict[FieldPath, Position] = field(default_factory=dict)
    keys: dict[FieldPath, Position] = field(default_factory=dict)
    raw: dict[FieldPath, str] = field(default_factory=dict)  # scalars as written
    duplicates: list[tuple[FieldPath, Position]] = field(default_factory=list)
    #: (message, line, column) when the file could not be read as YAML at all.
    error: tuple[str, int, int] | None = None
    #: When the YAML is valid but refused (yamlbounds: aliases, depth), its code and hint.
    refused: tuple[str, str] | None = None
    #: The read error stands at a tab, which YAML never accepts as indentation.
    tab: bool = False

    def where(self, *at: object) -> Position:
        """(line, column) of the value at a path, else of its nearest parent, else (1, 1)."""
        while at:
            if at in self.values:
                return self.values[at]
            at = at[:-1]
        return self.values.get((), (1, 1))

    def key_at(self, *at: object) -> Position:
        return self.keys.get(at) or self.where(*at)

    def problem(self, code: str, *, hint: str) -> Diagnostic | None:
        """The read error as a diagnostic: ``code`` and ``hint`` when the YAML is not valid,
        the code of the bound when it was refused; None when the file was read."""
        if self.error is None:
            return None
        message, line, column = self.error
        if self.refused is not None:
            code, hint = self.refused
        elif self.tab:
            message, hint = "a tab where YAML needs spaces", TAB_HINT
        return make(code, self.path, line, column, detail=message, hint=hint)


@contextlib.contextmanager
def _bounded(text: str) -> Iterator[tuple[Loader, yaml.Node | None]]:
    """The loader of ``text`` and the nodes of its one document (None when it is empty), within
    every bound of accord.yamlbounds; raises yaml.YAMLError, yamlbounds.Refused past a bound."""
    yamlbounds.before(text, Loader)
    loader = Loader(text)
    try:
        node = loader.get_single_node()
        yamlbounds.check(node, text)
        yield loader, node
    finally:
        loader.dispose()


def compose(text: str) -> yaml.Node | None:
    """The nodes of the one YAML document in ``text`` (None when it is empty), for readers that
    want the nodes themselves; raises yaml.YAMLError, yamlbounds.Refused past a bound."""
    with _bounded(text) as (_, node):
        return node


TAB_HINT = "indent with spaces, not tabs (YAML does not accept a tab before a field)"


def _tab_at(text: str, line: int, column: int) -> bool:
    """Whether the error at (``line``, ``column``), both 0-based, stands at a tab or after a tab
    that indents its line: the cause an editor has to fix, whatever the parser calls it."""
    lines = text.splitlines()
    if line >= len(lines):
        return False
    written = lines[line]
    indent = written[: len(written) - len(written.lstrip(" \t"))]
    return "\t" in indent or written[column : column + 1] == "\t"


def read(path: str, text: str, *, first_line: int = 1) -> DataFile:
    """Read YAML ``text`` of the file at ``path``; ``first_line`` is the line of the file where
    ``text`` starts (front matter starts on line 2, after its '---')."""
    result = DataFile(path)
    offset = first_line  # YAML marks count lines from 0
    try:
        with _bounded(text) as (loader, node):
            result.data = loader.construct_document(node) if node is not None else None
    except yamlbounds.Refused as error:
        result.error = (error.detail, error.line + offset, error.column)
        result.refused = (error.code, error.hint)
        return result
    except (yaml.YAMLError, ValueError, RecursionError) as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        problem = getattr(error, "problem", None) or str(error)
        result.error = (str(problem), mark.line + offset if mark else offset, mark.column + 1 if mark else 1)
        result.tab = mark is not None and _tab_at(text, mark.line, mark.column)
        return result
    if node is not None:
        _positions(node, (), result, offset, seen=set(), repeated=False)
    return result


def _positions(
    node: yaml.Node, at: FieldPath, out: DataFile, offset: int, seen: set[int], repeated: bool
) -> None:
    # Aliases share nodes; visiting each node once keeps an alias bomb cheap.
    if id(node) in seen:
        return
    seen.add(id(node))
    out.values[at] = (node.start_mark.line + offset, node.start_mark.column + 1)
    if isinstance(node, yaml.ScalarNode):
        out.raw[at] = node.value
    elif isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else repr(key_node)
            where = (key_node.start_mark.line + offset, key_node.start_mark.column + 1)
            again = (*at, key) in out.keys
            if again and not repeated:  # inside a repeated key, only the repetition is news
                out.duplicates.append(((*at, key), where))
            out.keys[(*at, key)] = where
            _positions(value_node, (*at, key), out, offset, seen, repeated or again)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _positions(item, (*at, index), out, offset, seen, repeated)


def load(root: Path, relative: str) -> DataFile | None:
    """The data file at ``root/relative``, or None when there is none or it is a symbolic link
    that leads out of the repository (never read; accord.checks.files reports it)."""
    path = root / relative
    if paths.leads_outside(root, relative):
        return None
    try:
        stat = path.stat()
    except OSError:
        return None
    if not path.is_file():
        return None
    return _load(str(path), relative, stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=256)
def _load(path: str, relative: str, mtime_ns: int, size: int) -> DataFile:
    # `accord build` reads each file for the checks and again in Sphinx; the modification time and
    # size in the key make an edited file a new entry. Callers must not modify the result.
    raw = Path(path).read_bytes()
    try:
        text = raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as error:
        before = raw[: error.start]
        line = before.count(b"\n") + 1
        column = error.start - (before.rfind(b"\n") + 1) + 1
        return DataFile(relative, error=("the file is not UTF-8 text", line, column))
    return read(relative, text)
