"""MyST directives of a document as a tree: each with its argument, options, body and the
directives nested in it, at their source lines.

:func:`accord.markdown.scan` lists what single rules look at, one item after another; rules about
the shape of nested directives (a policy option and its arguments) need to know what is inside
what. Both read the text with the same markdown-it parser that MyST uses.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from markdown_it.token import Token

from accord.markdown import _parser
from accord.vocabulary import LITERAL_DIRECTIVES

_DIRECTIVE_INFO = re.compile(r"^\{([A-Za-z][\w:.+-]*)\}\s*(.*)$")
_OPTION = re.compile(r"^:([\w-]+):\s*(.*)$")
_FENCES = frozenset({"fence", "colon_fence"})
_NOT_CONTENT = frozenset({"inline", "softbreak", "myst_line_comment"})


@dataclass(frozen=True)
class Option:
    value: str
    line: int
    column: int  # of the value, or of the key when the value is empty
    key_column: int


def _option(key: str, value: str, line: int, raw: str) -> Option:
    key_column = raw.find(key)
    at = raw.find(value, key_column + len(key)) if value else -1
    return Option(value, line, (at if at >= 0 else key_column) + 1, key_column + 1)


@dataclass
class Directive:
    name: str
    argument: str
    line: int  # of the opening fence, 1-based
    column: int
    options: dict[str, Option] = field(default_factory=dict)
    #: Option keys given more than once, with the position of the repetition.
    repeated: list[tuple[str, Option]] = field(default_factory=list)
    #: True when the body holds anything besides nested directives (text, lists, code ...).
    content: bool = False
    children: list[Directive] = field(default_factory=list)

    def walk(self) -> Iterator[Directive]:
        """This directive and every directive nested in it, in document order."""
        yield self
        for child in self.children:
            yield from child.walk()


def tree(text: str, *, first_line: int = 1) -> list[Directive]:
    """The top-level directives of ``text`` (whose first line is line ``first_line`` of its file),
    each with its nested directives."""
    return _directives(_parser().parse(text), text.splitlines(), first_line - 1)[0]


def walk(directives: list[Directive]) -> Iterator[Directive]:
    for directive in directives:
        yield from directive.walk()


def _indent(lines: list[str], index: int) -> int:
    if 0 <= index < len(lines):
        return len(lines[index]) - len(lines[index].lstrip())
    return 0


def _directives(tokens: list[Token], lines: list[str], offset: int) -> tuple[list[Directive], bool]:
    """(directives among ``tokens``, whether anything else is there)."""
    found: list[Directive] = []
    other = False
    for token in tokens:
        if token.type in _FENCES and token.map and (info := _DIRECTIVE_INFO.match(token.info.strip())):
            found.append(_directive(token, info[1], info[2].strip(), lines, offset))
        elif token.nesting >= 0 and token.type not in _NOT_CONTENT and not token.hidden:
            # An opening or self-contained block (paragraph, list, code) is content; the closing
            # tokens and the tight-list paragraphs markdown-it hides are not new content.
            other = True
    return found, other


def _directive(token: Token, name: str, argument: str, lines: list[str], offset: int) -> Directive:
    start = token.map[0]
    directive = Directive(name, argument, offset + start + 1, _indent(lines, start) + 1)
    body = token.content.splitlines()
    skip = 0
    options: list[tuple[str, Option]] = []
    if body and body[0].strip() == "---":
        closing = next((i for i in range(1, len(body)) if body[i].strip() == "---"), None)
        if closing is not None:
            for i in range(1, closing):
                key, _, value = body[i].partition(":")
                if key.strip() and not body[i].startswith((" ", "\t")):
                    line = offset + start + 2 + i
                    options.append((key.strip(), _option(key.strip(), value.strip(), line, body[i])))
            skip = closing + 1
    else:
        while skip < len(body) and (found := _OPTION.match(body[skip].strip())):
            line = offset + start + 2 + skip
            options.append((found[1], _option(found[1], found[2].strip(), line, body[skip])))
            skip += 1
    for key, option in options:
        if key in directive.options:
            directive.repeated.append((key, option))
        else:
            directive.options[key] = option
    inner = "\n".join(body[skip:])
    if name in LITERAL_DIRECTIVES:
        directive.content = bool(inner.strip())
        return directive
    directive.children, directive.content = _directives(
        _parser().parse(inner), inner.splitlines(), offset + start + 1 + skip
    )
    return directive
