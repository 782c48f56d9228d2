"""Internal links, resolved once every document is translated.

Typst stops with an error on a link to a label that no element carries, and whether a label is
there depends on the PDF: a document's own PDF holds its labels only, the compendium those of every
document. So the translator leaves a placeholder for each internal link, and the builder resolves
it for each PDF against the labels that PDF really has: a jump inside the PDF, else the web page
(when the site has an address), else the link text alone.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from accord.pdf import escape

# Control characters never reach Typst text (escape.markup drops them), so they cannot clash.
_PLACEHOLDER = re.compile("\x1a(\\d+)\x1a")


@dataclass(frozen=True)
class Link:
    target: str  # "docname" or "docname#id": the label the link jumps to
    url: str | None  # the web page, for a PDF that does not hold the label
    text: str  # Typst markup


def placeholder(index: int) -> str:
    return f"\x1a{index}\x1a"


def resolve(body: str, links: list[Link], present: Callable[[str], bool]) -> str:
    """``body`` with each placeholder replaced by a link that works in this PDF."""

    def replace(found: re.Match[str]) -> str:
        link = links[int(found[1])]
        if present(link.target):
            return f"#link(label({escape.string(link.target)}))[{link.text}];"
        if link.url:
            return f"#link({escape.string(link.url)})[{link.text}];"
        return link.text

    return _PLACEHOLDER.sub(replace, body)
