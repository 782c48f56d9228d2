"""Internal links, resolved once every document is translated.

Typst stops with an error on a link to a label that no element carries, and whether a label is
there depends on the PDF: a document's own PDF holds its labels only, the compendium those of every
document. So the translator leaves a placeholder for each internal link, and the builder resolves
it for each PDF against the labels that PDF really has: a jump inside the PDF, else the web page
(when the site has an address), else the link text alone. A part of the working build's compendium
(accord.pdf.parts) links to a label in another part through ``accord-dest:<label>``, which
accord.pdf.assemble turns into a jump once the parts are one PDF.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from accord.pdf import escape

# Control characters never reach Typst text (escape.markup drops them), so they cannot clash.
_PLACEHOLDER = re.compile("\x1a(\\d+)\x1a")
#: A link to a label in another part of the compendium, resolved when the parts are joined.
DEST = "accord-dest:"


@dataclass(frozen=True)
class Link:
    target: str  # "docname" or "docname#id": the label the link jumps to
    url: str | None  # the web page, for a PDF that does not hold the label
    text: str  # Typst markup


def placeholder(index: int) -> str:
    return f"\x1a{index}\x1a"


def resolve(
    body: str,
    links: list[Link],
    present: Callable[[str], bool],
    elsewhere: Callable[[str], bool] | None = None,
) -> str:
    """``body`` with each placeholder replaced by a link that works in this PDF (or, for a label
    ``elsewhere`` in the book, once the parts are joined)."""

    def replace(found: re.Match[str]) -> str:
        link = links[int(found[1])]
        if present(link.target):
            return f"#link(label({escape.string(link.target)}))[{link.text}];"
        if elsewhere is not None and elsewhere(link.target):
            return f"#link({escape.string(DEST + link.target)})[{link.text}];"
        if link.url:
            return f"#link({escape.string(link.url)})[{link.text}];"
        return link.text

    return _PLACEHOLDER.sub(replace, body)
