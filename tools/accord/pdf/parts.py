"""Typst sources of the working build's compendium, one per part, and of its page numbers.

A working build (``accord build``, ``accord serve``) compiles each document of the compendium as
a part of its own, with the page style of the one-source compendium (accord.pdf.sources) and
without page numbers: a part's source depends on its document alone (and on which of its labels
other documents link to), so an edit recompiles one part, and unchanged parts come from the PDF
cache. The part titles ("Positions", ...) are parts too; the front matter (cover and contents) is
written last, from the parts' page counts. accord.pdf.assemble joins them and stamps the numbers
from :func:`folios`. An edition compiles its compendium as one Typst source (PDF/A, tagged).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from accord.pdf import escape
from accord.pdf.links import DEST
from accord.pdf.sources import Compendium, Style, Translated, book_info, cover, document, header, setup


@dataclass(frozen=True)
class Entry:
    """A line of the contents: a part title or a document, the page it starts on, its target."""

    title: str
    page: int
    target: str  # the destination name of the part's first page (accord.pdf.assemble.Piece.name)
    doc: Translated | None = None  # None for a part title


def _no_folio(style: Style, book: Compendium, anchors: Sequence[str] = ()) -> str:
    return setup(
        style, book.fonts, book.language, f", folio: false, anchors: {escape.strings(tuple(anchors))}"
    )


def document_part(doc: Translated, style: Style, book: Compendium, anchors: Sequence[str]) -> str:
    """One document as in the compendium; ``anchors``: its labels that other parts link to."""
    return (
        header(f"compendium part: {doc.docname}", style)
        + _no_folio(style, book, sorted(anchors))
        + document(doc, offset=1)
    )


def title_part(title: str, style: Style, book: Compendium) -> str:
    """The page that opens a part of the compendium."""
    return (
        header(f"compendium part: {title}", style)
        + _no_folio(style, book)
        + f"#accord-part[{escape.markup(title)}]\n"
    )


def _entry(entry: Entry) -> str:
    doc = entry.doc
    if doc is None:
        info = f'(kind: "part", title: [{escape.markup(entry.title)}])'
    else:
        status = f"[{escape.markup(doc.status)}]" if doc.status else "none"
        version = f"[{escape.markup(doc.version)}]" if doc.version else "none"
        info = (
            f'(kind: "document", title: [{escape.markup(doc.title)}], status: {status}, version: {version})'
        )
    return f"  ({info}, {escape.string(DEST + entry.target)}, {entry.page}),\n"


def front(book: Compendium, style: Style, entries: Sequence[Entry]) -> str:
    """The cover and the contents, with the page numbers the parts will have; the book's metadata."""
    return (
        header("compendium front matter", style)
        + book_info(book)
        + _no_folio(style, book)
        + cover(book, style)
        + "#accord-contents-of(\n"
        + "".join(_entry(entry) for entry in entries)
        + ")\n"
    )


def folios(count: int, style: Style, book: Compendium) -> str:
    """``count`` blank pages with the footer's page number alone, "n of count", none on the cover."""
    return (
        header(f"compendium page numbers: {count} pages", style)
        + setup(style, book.fonts, book.language, ", running: false")
        + "#page(header: none, footer: none)[]\n"
        + f"#for _ in range({count - 1}) {{ page[] }}\n"
    )
