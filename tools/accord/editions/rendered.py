"""A document's text as readers see it, read from its built HTML page: what a redline compares.

Comparing the MyST source would show ``:::{note}`` and ``{cite:t}`` where readers see a note
and "Smith (2011)"; comparing the page shows headings, list items, table rows, citations and
notes as they read. Each block of the page becomes one paragraph of plain text (blocks are
separated by blank lines, as :mod:`accord.editions.redline` expects), opened by a mark of its
kind and, for a numbered paragraph, a mark of its number:

- the kind marks are single private-use characters (:data:`KINDS`), so that a heading that
  becomes a list item is one changed word;
- the number mark (:data:`NUMBER_OPEN` digits :data:`NUMBER_CLOSE`) is compared as equal
  whatever the number, so that inserting a paragraph does not mark every later one as changed.

The status banner, the facts box, the "cite" box and the permalink signs are the page's frame,
not the text: they are left out (their changes show in the redline's table of details).
"""

from __future__ import annotations

import re
from pathlib import Path

#: Kind marks, one private-use character each.
HEADINGS = {f"h{level}": chr(0xE000 + level) for level in range(1, 7)}
ITEM, ROW, QUOTE, CODE, NOTE, TERM = (chr(0xE000 + n) for n in (7, 8, 10, 11, 12, 13))
CELL = "\ue009"  # between the cells of a table row
KINDS = frozenset({*HEADINGS.values(), ITEM, ROW, QUOTE, CODE, NOTE, TERM})
NUMBER_OPEN, NUMBER_CLOSE = "\ue010", "\ue011"
NUMBER = re.compile(f"{NUMBER_OPEN}(\\d+){NUMBER_CLOSE}")

_SKIP_CLASSES = frozenset(
    {"accord-notice", "accord-metadata", "accord-cite", "headerlink", "accord-para-number", "backrefs"}
)
_SKIP_TAGS = frozenset({"script", "style", "button", "template", "nav", "form", "input"})
_BLOCKS = frozenset(
    {"p", "li", "tr", "pre", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "aside", "caption", "figcaption"}
)
_CONTAINERS = frozenset(
    {"ul", "ol", "dl", "table", "thead", "tbody", "tfoot", "blockquote", "div", "section"}
)
_SPACE = re.compile(r"\s+")
_PARAGRAPH_ID = re.compile(r"^p-(\d+)$")


def body(page: Path) -> str | None:
    """The rendered text of a built page, or None when it has no article (or cannot be read)."""
    try:
        from lxml import html
    except ImportError:  # pragma: no cover - lxml comes with feedgen
        return None
    try:
        tree = html.fromstring(page.read_bytes())
    except (OSError, ValueError):
        return None
    found = tree.xpath('//article[contains(concat(" ", normalize-space(@class), " "), " bd-article ")]')
    if not found:
        return None
    blocks: list[str] = []
    _walk(found[0], blocks, quote=False)
    return "\n\n".join(blocks)


def _skipped(element) -> bool:
    if not isinstance(element.tag, str) or element.tag in _SKIP_TAGS:
        return True
    return bool(_SKIP_CLASSES & set((element.get("class") or "").split()))


def _text(element, *, leave: frozenset[str] = frozenset()) -> str:
    """The visible text of ``element`` on one line, without skipped parts or ``leave`` children."""
    parts: list[str] = []

    def walk(node, top: bool) -> None:
        if not top and (_skipped(node) or node.tag in leave):
            if isinstance(node.tag, str) and node.tail:
                parts.append(node.tail)
            return
        if isinstance(node.tag, str) and node.text:
            parts.append(node.text)
        for child in node:
            walk(child, False)
        if not top and node.tail:
            parts.append(node.tail)

    walk(element, True)
    return _SPACE.sub(" ", "".join(parts)).strip()


def _emit(blocks: list[str], mark: str, text: str, number: str = "") -> None:
    text = text.replace(CELL, " ") if mark != ROW else text
    if not text.strip(f" {CELL}"):
        return
    number_mark = f"{NUMBER_OPEN}{number}{NUMBER_CLOSE} " if number else ""
    blocks.append(f"{mark} {number_mark}{text}" if mark else f"{number_mark}{text}")


def _walk(element, blocks: list[str], *, quote: bool) -> None:
    for child in element:
        if _skipped(child):
            continue
        tag = child.tag
        classes = set((child.get("class") or "").split())
        if tag in HEADINGS:
            _emit(blocks, HEADINGS[tag], _text(child))
        elif tag == "p":
            number = _PARAGRAPH_ID.match(child.get("id") or "")
            _emit(blocks, QUOTE if quote else "", _text(child), number[1] if number else "")
        elif tag == "li":
            nested = frozenset({"ul", "ol", "table", "dl", "pre", "blockquote"})
            _emit(blocks, ITEM, _text(child, leave=nested))
            for inner in child:
                if isinstance(inner.tag, str) and inner.tag in nested:
                    _walk_one(inner, blocks, quote=quote)
        elif tag == "tr":
            cells = [_text(cell) for cell in child if isinstance(cell.tag, str) and cell.tag in ("td", "th")]
            _emit(blocks, ROW, f" {CELL} ".join(cells))
        elif tag == "pre":
            code = "\n".join(line.rstrip() for line in child.text_content().splitlines() if line.strip())
            _emit(blocks, CODE, code)
        elif tag == "dt":
            _emit(blocks, TERM, _text(child))
        elif tag == "aside" and "footnote" in classes:
            _emit(blocks, NOTE, _text(child))
        elif tag in ("caption", "figcaption") or classes & {"sd-card-title", "rubric", "admonition-title"}:
            _emit(blocks, "", _text(child))
        elif tag == "blockquote":
            _walk(child, blocks, quote=True)
        elif tag in _CONTAINERS or tag in _BLOCKS or tag in ("article", "main", "aside", "figure", "details"):
            _walk(child, blocks, quote=quote)
        else:
            # Inline content outside a paragraph (math, an image's text): one block of its own.
            _emit(blocks, "", _text(child))


def _walk_one(element, blocks: list[str], *, quote: bool) -> None:
    holder = element.makeelement("div", {})
    holder.append(_copy(element))
    _walk(holder, blocks, quote=quote)


def _copy(element):
    from copy import deepcopy

    copied = deepcopy(element)
    copied.tail = None
    return copied


def kind_of(text: str) -> tuple[str, str]:
    """(kind mark or "", the text without its kind mark) of one block."""
    if text[:1] in KINDS:
        return text[0], text[1:].lstrip(" ")
    return "", text
