"""SAFE rules: a document must not bring script or raw output into the site (outside files:
accord.checks.files)."""

from __future__ import annotations

from collections.abc import Iterator
from html.parser import HTMLParser

from accord.checks.context import Context
from accord.corpus import Document
from accord.diagnostics import Diagnostic, make
from accord.vocabulary import RAW_DIRECTIVES


class _Tags(HTMLParser):
    """Collects the tags of an HTML fragment and whether it holds anything but comments."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.other = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def handle_endtag(self, tag: str) -> None:
        self.tags.append((f"/{tag}", []))

    def handle_comment(self, data: str) -> None:
        # Conditional comments are parsed by old browsers as markup.
        if data.lstrip().startswith("[if"):
            self.other = True

    def handle_decl(self, decl: str) -> None:
        self.other = True

    def handle_pi(self, data: str) -> None:
        self.other = True

    def unknown_decl(self, data: str) -> None:
        self.other = True


def html_verdict(fragment: str, allowed: frozenset[str]) -> str | None:
    """None when the fragment is inert (comments, or allow-listed tags without attributes);
    otherwise the first offending tag or construct."""
    parser = _Tags()
    parser.feed(fragment)
    parser.close()
    for tag, attrs in parser.tags:
        if tag.lstrip("/") not in allowed:
            return f"<{tag}>"
        if attrs:
            return f"<{tag} {attrs[0][0]}=...>"
    if parser.other:
        return fragment.strip()[:40]
    return None


def raw_html(doc: Document, ctx: Context) -> Iterator[Diagnostic]:
    """Raw HTML is refused unless every tag is allow-listed and carries no attributes."""
    allowed = frozenset(tag.lower() for tag in ctx.settings.allowed_html)
    for item in [*doc.items, *doc.title_items]:
        if item.kind == "html" and (offence := html_verdict(item.value, allowed)):
            yield make(
                "SAFE001",
                doc.path,
                item.line,
                item.column,
                offence,
                hint="use markdown instead (for example **bold**, [link](https://...)); "
                "maintainers may allow-list harmless tags in [tool.accord] allowed-html",
            )


def raw_directives(doc: Document, ctx: Context) -> Iterator[Diagnostic]:
    """raw and eval-rst directives pass content to the site unchecked, so they are refused; so is
    docutils' raw role, which the build refuses too (it has no output format of its own); in the
    title too, which MyST renders as the heading."""
    for item in [*doc.items, *doc.title_items]:
        if item.kind in ("directive", "role") and item.name in RAW_DIRECTIVES:
            yield make(
                "SAFE002",
                doc.path,
                item.line,
                item.column,
                f"{{{item.name}}}",
                hint="write the content in MyST markdown",
            )


def _is_url(target: str) -> bool:
    return "://" in target or target.startswith(("mailto:", "data:image/"))


RULES = (raw_html, raw_directives)


def check(doc: Document, ctx: Context) -> Iterator[Diagnostic]:
    for rule in RULES:
        yield from rule(doc, ctx)
