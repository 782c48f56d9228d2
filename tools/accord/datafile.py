"""YAML data files of the repository (``questions.yaml``, ``endorsements/<id>.yaml``), read with
the line and column of every value and key, so that each rule can point at what it rejects.

Reading never raises: a syntax error, a file that is not UTF-8 or a duplicate key is recorded on
the result, and the caller turns it into a diagnostic with its own code.

Aliases (``*name``) are bounded: a file whose aliases stand for more than ``ALIAS_LIMIT`` values in
all is refused (META035) at the alias where the count passes the limit, before any rule sees its
data. Real files use anchors to repeat an author or a date; a chain of aliases of aliases ("billion
laughs") multiplies a few lines into billions of values that any message or rule would expand.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import ClassVar

import yaml

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

#: How many values the aliases of one file may stand for, in all: generous for anchors that
#: repeat a few entries, far below what makes a rule or a message slow.
ALIAS_LIMIT = 10_000
#: The code of a file refused for its aliases, and what to do; other read errors take the
#: caller's own code and hint.
ALIAS_CODE = "META035"
ALIAS_HINT = "write the values out instead of repeating them with YAML aliases (*name)"


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
    #: The code of ``error`` when it is not the caller's "not valid YAML" code (ALIAS_CODE).
    error_code: str | None = None

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
        ALIAS_CODE when its aliases were refused; None when the file was read."""
        if self.error is None:
            return None
        message, line, column = self.error
        if self.error_code is not None:
            code, hint = self.error_code, ALIAS_HINT
        return make(code, self.path, line, column, detail=message, hint=hint)


class TooManyAliases(yaml.YAMLError):
    """Aliases that stand for more than ALIAS_LIMIT values; at the alias where the count passed it
    (0-based line, 1-based column)."""

    def __init__(self, alias: str, line: int, column: int) -> None:
        super().__init__(f"{alias!r} brings the count past the limit")
        self.line, self.column = line, column


def compose(text: str) -> yaml.Node | None:
    """The nodes of the one YAML document in ``text`` (None when it is empty), for readers that
    want the nodes themselves; raises yaml.YAMLError, TooManyAliases for refused aliases."""
    loader = Loader(text)
    try:
        node = loader.get_single_node()
    finally:
        loader.dispose()
    _bound(node, text)
    return node


def read(path: str, text: str, *, first_line: int = 1) -> DataFile:
    """Read YAML ``text`` of the file at ``path``; ``first_line`` is the line of the file where
    ``text`` starts (front matter starts on line 2, after its '---')."""
    result = DataFile(path)
    offset = first_line  # YAML marks count lines from 0
    try:
        loader = Loader(text)
        try:
            node = loader.get_single_node()
            _bound(node, text)
            result.data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except TooManyAliases as error:
        result.error = (str(error), error.line + offset, error.column)
        result.error_code = ALIAS_CODE
        return result
    except (yaml.YAMLError, ValueError, RecursionError) as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        problem = getattr(error, "problem", None) or str(error)
        result.error = (str(problem), mark.line + offset if mark else offset, mark.column + 1 if mark else 1)
        return result
    if node is not None:
        _positions(node, (), result, offset, seen=set(), repeated=False)
    return result


def _bound(node: yaml.Node | None, text: str) -> None:
    if node is not None and _alias_values(node) > ALIAS_LIMIT:
        raise TooManyAliases(*_culprit(text))


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _sizes(root: yaml.Node, sizes: dict[int, float]) -> float:
    """How many values ``root`` stands for with every alias expanded (infinite for an alias to
    itself), counted without expanding anything: each shared node is counted once and its
    size reused. ``sizes`` keeps the count of every node seen, by id."""
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    open_nodes: set[int] = set()
    while stack:
        node, done = stack.pop()
        if done:
            sizes[id(node)] = 1 + sum(sizes[id(child)] for child in _children(node))
            open_nodes.discard(id(node))
        elif id(node) in open_nodes:
            return float("inf")  # a collection that holds itself
        elif id(node) not in sizes:
            open_nodes.add(id(node))
            stack.append((node, True))
            stack.extend((child, False) for child in _children(node))
    return sizes[id(root)]


def _alias_values(root: yaml.Node) -> float:
    """How many values the aliases of a document add to what is written in it."""
    sizes: dict[int, float] = {}
    return _sizes(root, sizes) - len(sizes)


class _AliasMarks(yaml.SafeLoader):
    """The pure-Python composer, noting where each alias stands and the node it names (the
    libyaml composer forgets both); used only once a file is known to be refused."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.aliases: list[tuple[str, yaml.Mark, yaml.Node]] = []

    def compose_node(self, parent: yaml.Node | None, index: object) -> yaml.Node:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            if event.anchor in self.anchors:
                self.aliases.append((event.anchor, event.start_mark, self.anchors[event.anchor]))
        return super().compose_node(parent, index)


def _culprit(text: str) -> tuple[str, int, int]:
    """The alias at which the values that aliases stand for, counted in the order they are
    written, pass ALIAS_LIMIT (the largest alias when none does), and its 0-based line and 1-based
    column."""
    loader = _AliasMarks(text)
    try:
        loader.get_single_node()
    finally:
        loader.dispose()
    sizes: dict[int, float] = {}
    total = 0.0
    for name, mark, node in loader.aliases:
        total += _sizes(node, sizes)
        if total > ALIAS_LIMIT:
            return f"*{name}", mark.line, mark.column + 1
    if not loader.aliases:
        return "*", 0, 1
    name, mark, _ = max(loader.aliases, key=lambda alias: sizes.get(id(alias[2]), 0))
    return f"*{name}", mark.line, mark.column + 1


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
    """The data file at ``root/relative``, or None when there is none."""
    path = root / relative
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
