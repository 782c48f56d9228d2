"""Files that would run script at the site's own address when a reader opens them.

Downloads and images are copied into the site, so a reader who follows a link to one opens it
with the site's origin: an HTML page, or an SVG image with a <script>, an event handler or a
link, runs there as if the site had written it. An SVG inside an <img> never runs script, but the
same file opened on its own does, so an SVG is published only when it holds none of these.
The check (accord.checks.files) and the build (accord.sphinxext.files) ask the same function.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

from accord.vocabulary import ACTIVE_SUFFIXES

# SVG elements that run script, embed another document or change an attribute (to a link) later.
_ACTIVE_ELEMENTS = frozenset(
    {"script", "foreignobject", "iframe", "embed", "object", "handler", "listener", "set", "animate"}
)
# Links within the image (#id) are inert; anything else is followed or loaded.
_LINK_ATTRIBUTES = frozenset({"href", "xlink:href", "src"})


class _SvgScan(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.found is not None:
            return
        if tag in _ACTIVE_ELEMENTS:
            self.found = f"<{tag}>"
        for name, value in attrs:
            if name.startswith("on"):
                self.found = self.found or f"an event handler ({name})"
            elif name in _LINK_ATTRIBUTES and not (value or "").strip().startswith("#"):
                self.found = self.found or f"a link ({name}={value!r})"

    handle_startendtag = handle_starttag

    def handle_decl(self, decl: str) -> None:
        # A DOCTYPE with an internal subset declares entities that expand into markup.
        if "[" in decl:
            self.found = self.found or "a DOCTYPE with entities"

    def unknown_decl(self, data: str) -> None:
        if not data.startswith("CDATA["):  # CDATA is text (a stylesheet), not markup
            self.found = self.found or "a declaration"


def active(path: Path) -> str | None:
    """What makes the repository file ``path`` run as a page when opened, or None when nothing."""
    suffix = path.suffix.lower()
    if suffix in ACTIVE_SUFFIXES:
        return f"a {suffix} file opens as a page"
    if suffix != ".svg":
        return None
    try:
        text = path.read_bytes().decode("utf-8", errors="replace")
    except OSError:
        return None  # a missing file is XREF010's
    scan = _SvgScan()
    scan.feed(text)
    scan.close()
    return f"an SVG with {scan.found}" if scan.found else None
