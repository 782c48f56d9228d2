"""Read a MyST document's body the way MyST does, and list what the checks look at.

The body is tokenised by MyST-Parser's own markdown-it configuration, so text in code is never
mistaken for a role or a link. Directive bodies that hold markdown (admonitions, cards, tabs,
dropdowns, nested at any depth) are tokenised in turn, with their line offset kept.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from markdown_it.token import Token

from accord.vocabulary import DATA_DIRECTIVES, LITERAL_DIRECTIVES

#: MyST syntax extensions the repository enables; conf.py lists the same set.
MYST_EXTENSIONS = frozenset(
    {"colon_fence", "deflist", "fieldlist", "attrs_inline", "smartquotes", "dollarmath", "amsmath"}
)

#: Dollar math as pandoc reads it, so that prices stay text ("$5 and $10", "$ 5"); conf.py agrees.
MYST_DMATH = {"dmath_allow_space": False, "dmath_allow_digits": False}

_DIRECTIVE_INFO = re.compile(r"^\{([A-Za-z][\w:.+-]*)\}\s*(.*)$")
_OPTION = re.compile(r"^:([\w-]+):\s*(.*)$")


@dataclass(frozen=True)
class Item:
    """Something in the body that a rule inspects, at its 1-based line and column."""

    # "role", "link", "image", "html", "directive", "option", "text", "math" (name inline, block
    # or nowrap: a formula's LaTeX); at the top level of the body
    # also "paragraph" (its text), "heading" (name h1-h6, its inline source), "label" ((name)=
    # targets); "body" is the raw body of a directive in DATA_DIRECTIVES; "nesting" is where
    # markdown-it stopped at its nesting limit (name: the block's token type, value: its text)
    kind: str
    name: str  # role or directive name; for options, "directive:option"
    value: str  # role content, URL, HTML, directive argument, option value, text
    line: int
    column: int


@cache
def _parser():
    from markdown_it.renderer import RendererHTML
    from myst_parser.config.main import MdParserConfig
    from myst_parser.parsers.mdit import create_md_parser

    parser = create_md_parser(MdParserConfig(enable_extensions=MYST_EXTENSIONS, **MYST_DMATH), RendererHTML)
    # MyST counts the words of every parse for its reading-time estimate; no rule reads it, and
    # it walks every token again (a few per cent of a check).
    return parser.disable("wordcount")


def scan(text: str, *, first_line: int = 1) -> list[Item]:
    """Every item of interest in ``text``, whose first line is line ``first_line`` of its file."""
    lines = text.splitlines()
    return list(_walk(_parser().parse(text), lines, first_line - 1, top=True))


def _walk(tokens: list[Token], lines: list[str], offset: int, *, top: bool = False) -> Iterator[Item]:
    yield from _too_deep(tokens, lines, offset)
    previous: Token | None = None
    for token in tokens:
        if top and previous is not None and previous.level == 0 and token.type == "inline" and token.map:
            # The body's own paragraphs and headings, not those of lists, quotes or directives.
            if previous.type == "paragraph_open":
                yield Item("paragraph", "", paragraph_text(token), *_start(token, lines, offset))
            elif previous.type == "heading_open":
                yield Item("heading", previous.tag, token.content, *_start(token, lines, offset))
        previous = token
        if top and token.type == "myst_target" and token.map:
            yield Item("label", "", token.content, *_start(token, lines, offset))
        if token.type == "inline" and token.map:
            yield from _inline(token, lines, offset)
        elif token.type == "html_block" and token.map:
            line = token.map[0]
            column = lines[line].find(token.content.strip()[:20]) if line < len(lines) else -1
            yield Item("html", "", token.content, offset + line + 1, max(column, _indent(lines, line)) + 1)
        elif token.type in ("fence", "colon_fence") and token.map:
            yield from _directive(token, lines, offset)
        elif token.type in _BLOCK_MATH and token.map:
            # MyST sets an amsmath environment as written (nowrap), a $$ block as equations.
            kind = "nowrap" if token.type == "amsmath" else "block"
            yield Item("math", kind, token.content, *_start(token, lines, offset))


#: What opens a list item, quote, definition or field before its text.
_MARKERS = re.compile(r"^(?:\s|>|[-*+:](?=\s|$)|\d{1,9}[.)](?=\s|$))*")


def _too_deep(tokens: list[Token], lines: list[str], offset: int) -> Iterator[Item]:
    """ "nesting" items: where markdown-it stopped at its nesting limit (maxNesting) and dropped
    the text of a block and everything after it inside the same container (in a list, the rest
    of the document). A container opened one level below the limit has its content tokenised
    at the limit, which markdown-it skips; it shows as an opening token closed at once."""
    deepest = _parser().options.maxNesting - 1
    for opening, closing in itertools.pairwise(tokens):
        if opening.nesting != 1 or closing.nesting != -1 or opening.level != deepest or not opening.map:
            continue
        start, end = opening.map
        lost = [rest for line in lines[start:end] if (rest := _MARKERS.sub("", line, count=1).strip())]
        if lost:
            yield Item("nesting", opening.type, lost[0], *_start(opening, lines, offset))


#: Formulas of the dollarmath and amsmath extensions ("math" items; {math} blocks are added in
#: _directive): the check converts each as the build will (accord.formulas).
_BLOCK_MATH = frozenset({"math_block", "math_block_label", "amsmath"})
_INLINE_MATH = frozenset({"math_inline", "math_inline_double"})


def _start(token: Token, lines: list[str], offset: int) -> tuple[int, int]:
    """(1-based line, 1-based column) where a block token's text starts."""
    line = token.map[0]
    return offset + line + 1, _indent(lines, line) + 1


#: Inline tokens whose text is not part of a paragraph's words: a paragraph holding nothing else is
#: not a paragraph of text (the numbered-paragraph rule, accord.numbering).
_NOT_TEXT = frozenset({"image", "footnote_ref", "html_inline"})


def paragraph_text(inline: Token) -> str:
    """The words of a paragraph, without images, note marks or markup."""
    parts: list[str] = []
    for child in inline.children or ():
        if child.type in ("text", "code_inline", "myst_role"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type not in _NOT_TEXT and child.content and not child.children:
            parts.append(child.content)
    return "".join(parts).strip()


def _indent(lines: list[str], index: int) -> int:
    if 0 <= index < len(lines):
        return len(lines[index]) - len(lines[index].lstrip())
    return 0


def _directive(token: Token, lines: list[str], offset: int) -> Iterator[Item]:
    found = _DIRECTIVE_INFO.match(token.info.strip())
    if not found:
        return  # a plain code fence
    name, argument = found[1], found[2].strip()
    start = token.map[0]
    yield Item("directive", name, argument, offset + start + 1, _indent(lines, start) + 1)

    body = token.content.splitlines()
    skip = 0
    if body and body[0].strip() == "---":
        closing = next((i for i in range(1, len(body)) if body[i].strip() == "---"), None)
        if closing is not None:
            for i in range(1, closing):
                key, _, value = body[i].partition(":")
                yield _option(name, key.strip(), value.strip(), offset + start + 2 + i, body[i])
            skip = closing + 1
    else:
        while skip < len(body) and (option := _OPTION.match(body[skip].strip())):
            yield _option(name, option[1], option[2], offset + start + 2 + skip, body[skip])
            skip += 1
    if name in DATA_DIRECTIVES:
        yield Item("body", name, "\n".join(body[skip:]), offset + start + 2 + skip, _indent(lines, start) + 1)
    if name == "math":
        nowrap = any(line.strip().startswith(":nowrap:") for line in body[:skip])
        content = body[skip:]
        blank = next((i for i, line in enumerate(content) if line.strip()), 0)
        latex = "\n".join(content).strip("\n")
        where = (offset + start + 2 + skip + blank, _indent(lines, start) + 1)
        yield Item("math", "nowrap" if nowrap else "block", latex, *where)
    if name in LITERAL_DIRECTIVES:
        return
    inner = "\n".join(body[skip:])
    # Inside list items markdown-it strips indentation, so columns there are approximate.
    yield from _walk(_parser().parse(inner), inner.splitlines(), offset + start + 1 + skip)


def _option(directive: str, key: str, value: str, line: int, raw: str) -> Item:
    return Item("option", f"{directive}:{key}", value, line, _indent([raw], 0) + 1)


class _Locator:
    """Finds successive pieces of an inline token in its source lines, for their columns."""

    def __init__(self, lines: list[str], start: int, end: int) -> None:
        self.lines = lines[start:end]
        self.start = start
        self.text = "\n".join(self.lines)
        self.cursor = 0

    def find(self, *needles: str, shift: dict[str, int] | None = None) -> tuple[int, int]:
        """(0-based line, 0-based column) of the first needle found after the cursor, moved
        ``shift[needle]`` characters right (to point past markup at the value itself)."""
        hits = [
            (at, needle) for needle in needles if needle and (at := self.text.find(needle, self.cursor)) >= 0
        ]
        if not hits:
            return self.start, _indent(self.lines, 0)
        at, needle = min(hits)
        self.cursor = at + 1
        at += (shift or {}).get(needle, 0)
        before = self.text[:at]
        line = before.count("\n")
        column = at - (before.rfind("\n") + 1)
        return self.start + line, column


def _inline(token: Token, lines: list[str], offset: int) -> Iterator[Item]:
    locate = _Locator(lines, token.map[0], token.map[1])
    for child in token.children or ():
        if child.type == "myst_role":
            name = child.meta.get("name", "")
            line, column = locate.find(f"{{{name}}}`")
            locate.cursor += len(name) + 2 + len(child.content)  # a link target inside is not a link
            # Report at the content, where the keys are: after "{name}`".
            yield Item("role", name, child.content, offset + line + 1, column + len(name) + 4)
        elif child.type == "link_open":
            href = str(child.attrs.get("href", ""))
            needles = {f"]({href}": 2, f"<{href}>": 1, f"]: {href}": 3, href: 0}
            line, column = locate.find(*needles, shift=needles)
            yield Item("link", child.markup, href, offset + line + 1, column + 1)
        elif child.type == "image":
            src = str(child.attrs.get("src", ""))
            needles = {f"]({src}": 2, src: 0}
            line, column = locate.find(*needles, shift=needles)
            yield Item("image", "", src, offset + line + 1, column + 1)
        elif child.type in _INLINE_MATH:
            line, column = locate.find(f"${child.content}")
            yield Item("math", "inline", child.content, offset + line + 1, column + 1)
        elif child.type == "html_inline":
            line, column = locate.find(child.content)
            yield Item("html", "", child.content, offset + line + 1, column + 1)
        elif child.type == "text" and (
            "](" in child.content or "]:" in child.content or "<" in child.content
        ):
            # markdown-it refuses unsafe link targets and leaves the link (or autolink, or
            # reference definition) as text.
            line, column = locate.find(child.content)
            yield Item("text", "", child.content, offset + line + 1, column + 1)
