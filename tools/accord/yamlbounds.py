"""Bounds on a YAML document's nodes, checked before anything is built from them.

Two shapes of input make every reader slow or make it crash, whatever the rule that reads them:

- aliases of aliases ("billion laughs"): a few lines of ``&a`` anchors and ``*a`` aliases stand
  for billions of values, which a message, a rule or a page would expand (META035);
- values nested thousands of levels deep (``[[[[...]]]]``), which exhaust Python's recursion in
  any reader that walks them (META036).

A third shape reaches every page that shows a value: a control character written as an escape
(``"\\u001b"`` in a double-quoted value), which no scan of the file's text sees (SAFE011).

Real files use an anchor to repeat an author or a date, and nest a few levels. Both bounds are
measured on the composed nodes, without expanding an alias: each shared node is counted once.
"""

from __future__ import annotations

import yaml

from accord.urls import CONTROL_CHARACTERS

#: How many values the aliases of one file may stand for, in all: generous for anchors that
#: repeat a few entries, far below what makes a rule or a message slow.
ALIAS_LIMIT = 10_000
#: How deep values may nest (a mapping in a list in a mapping is three levels).
DEPTH_LIMIT = 64

ALIAS_CODE = "META035"
ALIAS_HINT = "write the values out instead of repeating them with YAML aliases (*name)"
DEPTH_CODE = "META036"
DEPTH_HINT = "write the values as a flatter structure: a list of fields, not lists in lists"
CONTROL_CODE = "SAFE011"
CONTROL_HINT = "delete the escape (a \\u or \\x code for an invisible character) from the value"


class Refused(yaml.YAMLError):
    """A document past a bound: its code, the detail and hint for the message, and where (0-based
    line, 1-based column)."""

    def __init__(self, code: str, detail: str, hint: str, line: int, column: int) -> None:
        super().__init__(detail)
        self.code, self.detail, self.hint = code, detail, hint
        self.line, self.column = line, column


#: Shorter texts cannot nest deep enough to trouble libyaml (each level takes a character at
#: least, and 5,000 levels compose in a tenth of a second): only longer ones are scanned first.
SCAN_FROM = 4096


def before(text: str, loader: type[yaml.SafeLoader]) -> None:
    """Raise Refused (META036) when ``text`` nests deeper than DEPTH_LIMIT, before ``loader``
    (the reader's class, libyaml's where PyYAML has it) composes any node from it. libyaml's composer recurses in C: at about 30,000 levels it ends the process
    (a segmentation fault, which no ``except`` catches), and it takes seconds well before (1.7 s
    at 20,000). Its parser keeps a stack of its own, and its events are read here only up to the
    first level past the bound. A text that is not YAML raises what composing it would raise."""
    if len(text) < SCAN_FROM:
        return
    events = yaml.parse(text, Loader=loader)
    depth = 0
    try:
        for event in events:
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > DEPTH_LIMIT:
                    raise _too_deep(event.start_mark)
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    finally:
        events.close()


def check(root: yaml.Node | None, text: str) -> None:
    """Raise Refused when the document ``root``, composed from ``text``, passes a bound."""
    if root is None:
        return
    if "*" not in text:
        # No alias, so every node is reached once and the count cannot pass its bound: one walk
        # gives the depth and the scalars (nearly every file; a third of reading front matter).
        height, scalars = _tree(root)
        if height <= DEPTH_LIMIT:
            _control(scalars)
            return
    _measured(root, text)


def _measured(root: yaml.Node, text: str) -> None:
    """:func:`check` for any document: the count of values with every alias expanded, the depth,
    the scalars, each node measured once."""
    sizes: dict[int, float] = {}
    heights: dict[int, float] = {}
    total = _measure(root, sizes, heights)
    if total - len(sizes) > ALIAS_LIMIT:
        alias, line, column = _culprit(text)
        raise Refused(
            ALIAS_CODE, f"{alias!r} brings the count past {ALIAS_LIMIT:,}", ALIAS_HINT, line, column
        )
    if heights[id(root)] > DEPTH_LIMIT:
        raise _too_deep(_deepest(root, heights).start_mark)
    _control(_scalars(root))


def _too_deep(mark: yaml.Mark) -> Refused:
    """META036 at ``mark``, the first value past DEPTH_LIMIT."""
    detail = f"values nest more than {DEPTH_LIMIT} levels deep"
    return Refused(DEPTH_CODE, detail, DEPTH_HINT, mark.line, mark.column + 1)


def _control(scalars: list[yaml.ScalarNode]) -> None:
    for node in scalars:
        if found := CONTROL_CHARACTERS.search(node.value):
            line, column = node.start_mark.line, node.start_mark.column + 1
            raise Refused(CONTROL_CODE, f"U+{ord(found[0]):04X} in a value", CONTROL_HINT, line, column)


def _tree(root: yaml.Node) -> tuple[int, list[yaml.ScalarNode]]:
    """The levels of a document without aliases (a tree: no node is shared) and its scalars
    (keys too), in the order written. Iterative, as the walks below."""
    height, found = 0, []
    stack = [(root, 1)]
    while stack:
        node, level = stack.pop()
        height = max(height, level)
        if isinstance(node, yaml.ScalarNode):
            found.append(node)
        else:
            stack.extend((child, level + 1) for child in reversed(_children(node)))
    return height, found


def _scalars(root: yaml.Node) -> list[yaml.ScalarNode]:
    """Every scalar (keys too), each shared node once, in the order written."""
    found: list[yaml.ScalarNode] = []
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            found.append(node)
        stack.extend(reversed(_children(node)))
    return found


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _measure(root: yaml.Node, sizes: dict[int, float], heights: dict[int, float]) -> float:
    """How many values ``root`` stands for with every alias expanded (infinite for a collection
    that holds itself), without expanding anything; ``sizes`` and ``heights`` (levels below and
    including a node) get an entry for every node seen, by id. Iterative, so that depth itself
    cannot exhaust the recursion limit."""
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    open_nodes: set[int] = set()
    while stack:
        node, done = stack.pop()
        if done:
            children = _children(node)
            sizes[id(node)] = 1 + sum(sizes[id(child)] for child in children)
            heights[id(node)] = 1 + max((heights[id(child)] for child in children), default=0)
            open_nodes.discard(id(node))
        elif id(node) in open_nodes:
            heights[id(root)] = float("inf")
            return float("inf")  # a collection that holds itself
        elif id(node) not in sizes:
            open_nodes.add(id(node))
            stack.append((node, True))
            stack.extend((child, False) for child in _children(node))
    return sizes[id(root)]


def _deepest(root: yaml.Node, heights: dict[int, float]) -> yaml.Node:
    """The node DEPTH_LIMIT levels below ``root`` on its deepest path: where the bound is passed."""
    node = root
    for _ in range(DEPTH_LIMIT):
        node = max(_children(node), key=lambda child: heights[id(child)])
    return node


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
    heights: dict[int, float] = {}
    total = 0.0
    for name, mark, node in loader.aliases:
        total += _measure(node, sizes, heights)
        if total > ALIAS_LIMIT:
            return f"*{name}", mark.line, mark.column + 1
    if not loader.aliases:
        return "*", 0, 1
    name, mark, _ = max(loader.aliases, key=lambda alias: sizes.get(id(alias[2]), 0))
    return f"*{name}", mark.line, mark.column + 1
