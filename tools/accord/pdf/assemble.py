"""The working build's compendium joined from separately compiled parts, with pikepdf (qpdf).

Typst cannot link to a label that is not in the PDF it compiles, so a part writes a link into
another part as a URI of a private scheme, ``accord-dest:<label>`` (accord.pdf.links), and marks
each of its labels that another part links to with an invisible link ``accord-anchor:<label>`` at
the label's place (the page ``background`` of accord-setup). Here the parts' pages are
concatenated, every anchor becomes a named destination of the book (and is removed), every
``accord-dest:`` link a jump to its destination, the parts' bookmarks one outline (part, then
document, then the document's headings), and the page numbers are stamped from a Typst page per
page (accord.pdf.parts.folios). The first part (the cover and contents) carries the book's
metadata. The same inputs give the same bytes: qpdf's deterministic ``/ID``, and no date added.
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from accord.pdf.links import DEST

# pikepdf says at import, at INFO level, that it bridged qpdf's logger: not news for an editor.
logging.getLogger("pikepdf._core").setLevel(logging.WARNING)
import pikepdf  # noqa: E402 - after the logger's level is set

ANCHOR = "accord-anchor:"
#: Typst puts a link's destination this far above the place it points to (as in its own links).
_ABOVE = 10


@dataclass(frozen=True)
class Piece:
    path: Path
    name: str  # the destination of its first page: what the contents entries link to
    divider: bool = False  # a part's title page: its bookmark holds the documents after it
    marked: bool = True  # it may hold anchors or links to other parts (else its links are left alone)


def page_count(path: Path) -> int:
    with pikepdf.open(path) as pdf:
        return len(pdf.pages)


def _uri(annotation: pikepdf.Object) -> str:
    action = annotation.get("/A")
    if isinstance(action, pikepdf.Dictionary) and action.get("/S") == pikepdf.Name.URI:
        return str(action.get("/URI", ""))
    return ""


class _Book:
    def __init__(self, pdf: pikepdf.Pdf) -> None:
        self.pdf = pdf
        self.dests: dict[str, pikepdf.Object] = {}
        self.links: list[tuple[pikepdf.Object, str]] = []  # (annotation in the book, name)
        self.tops: list[tuple[pikepdf.Object, list[pikepdf.Object]]] = []  # bookmarks: part, documents

    def add(self, source: pikepdf.Pdf, piece: Piece) -> None:
        own = source is self.pdf  # the front: its pages are the book's first already
        first = 0 if own else len(self.pdf.pages)
        anchors, wanted = _marks(source) if piece.marked else ([], [])
        if not own:
            with warnings.catch_warnings():
                # pikepdf warns that extend() leaves named destinations behind: they are copied below.
                warnings.simplefilter("ignore", pikepdf.PageCopyWarning)
                self.pdf.pages.extend(source.pages)
        pages = self.pdf.pages
        height = float(pages[first].mediabox[3]) if len(source.pages) else 0
        self.dests.setdefault(piece.name, _dest(pages[first], None, height))
        for index, name, left, top in anchors:
            self.dests.setdefault(name, _dest(pages[first + index], left, min(top + _ABOVE, height)))
        for index, position, name in wanted:
            self.links.append((pages[first + index].obj.Annots[position], name))
        # Typst's own destinations (the labels of headings), which its links within the part name.
        names = source.Root.get("/Names")
        if isinstance(names, pikepdf.Dictionary) and "/Dests" in names:
            tree = names.Dests if own else self.pdf.copy_foreign(source.make_indirect(names.Dests))
            flat = tree.get("/Names")
            pairs = list(zip(flat[::2], flat[1::2], strict=True)) if "/Kids" not in tree and flat else None
            for name, dest in pairs if pairs is not None else pikepdf.NameTree(tree).items():
                self.dests.setdefault(str(name), dest)
        outlines = source.Root.get("/Outlines")
        if not own and isinstance(outlines, pikepdf.Dictionary) and "/First" in outlines:
            items = _siblings(self.pdf.copy_foreign(source.make_indirect(outlines)).First)
            if piece.divider or not self.tops:
                self.tops.extend((item, []) for item in items)
            else:
                self.tops[-1][1].extend(items)

    def finish(self) -> list[str]:
        """Point the links at their destinations, write the names and bookmarks; the names no part holds."""
        missing = []
        for annotation, name in self.links:
            if name not in self.dests:
                missing.append(name)
                continue
            del annotation["/A"]
            annotation.Dest = pikepdf.String(name)
        # One leaf of every name, sorted as a name tree must be (by bytes).
        ordered = sorted(self.dests.items(), key=lambda pair: pair[0].encode("utf-8"))
        flat = pikepdf.Array([value for name, dest in ordered for value in (pikepdf.String(name), dest)])
        names = self.pdf.Root.get("/Names")
        if not isinstance(names, pikepdf.Dictionary):
            names = self.pdf.Root.Names = pikepdf.Dictionary()
        names.Dests = self.pdf.make_indirect(pikepdf.Dictionary(Names=flat))
        # The bookmarks as Typst writes them for one source: closed, each part holding its documents.
        root = self.pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Outlines))
        if self.tops:
            _chain(root, [item for item, _ in self.tops])
            root.Count = len(self.tops)
            for item, children in self.tops:
                if children:
                    _chain(item, children)
                    item.Count = -len(children)
            self.pdf.Root.Outlines = root
        return sorted(set(missing))


def _marks(source: pikepdf.Pdf) -> tuple[list[tuple[int, str, float, float]], list[tuple[int, int, str]]]:
    """The anchors (removed from their pages) and the links to other parts, by page and place."""
    anchors: list[tuple[int, str, float, float]] = []
    wanted: list[tuple[int, int, str]] = []
    for index, page in enumerate(source.pages):
        annotations = page.obj.get("/Annots")
        if not isinstance(annotations, pikepdf.Array):
            continue
        kept = pikepdf.Array()
        for annotation in annotations:
            uri = _uri(annotation)
            if uri.startswith(ANCHOR):
                left, _, _, top = (float(v) for v in annotation.Rect)
                anchors.append((index, uri[len(ANCHOR) :], left, top))
                continue
            if uri.startswith(DEST):
                wanted.append((index, len(kept), uri[len(DEST) :]))
            kept.append(annotation)
        if len(kept) != len(annotations):
            page.obj.Annots = kept
    return anchors, wanted


def _dest(page: pikepdf.Page, left: float | None, top: float) -> pikepdf.Array:
    return pikepdf.Array([page.obj, pikepdf.Name.XYZ, left, top, 0])


def _siblings(item: pikepdf.Object) -> list[pikepdf.Object]:
    found = [item]
    while "/Next" in found[-1]:
        found.append(found[-1].Next)
    return found


def _chain(parent: pikepdf.Object, items: list[pikepdf.Object]) -> None:
    """``items`` as the children of ``parent``, in this order."""
    parent.First, parent.Last = items[0], items[-1]
    for before, item, after in zip([None, *items[:-1]], items, [*items[1:], None], strict=True):
        item.Parent = parent
        for key, other in (("/Prev", before), ("/Next", after)):
            if other is None:
                if key in item:
                    del item[key]
            else:
                item[key] = other


def _stamp(pdf: pikepdf.Pdf, page: pikepdf.Page, folio: pikepdf.Page, number: int) -> None:
    """Draw ``folio`` over ``page``. Not Page.add_overlay: it names the form at random, and the
    same parts must give the same bytes; the name holds the page number, since pages may share
    one resource dictionary."""
    name = pikepdf.Name(f"/AccordFolio{number}")
    page.add_resource(pdf.copy_foreign(folio.as_form_xobject()), pikepdf.Name.XObject, name)
    page.contents_add(pdf.make_stream(b"q\n"), prepend=True)  # the page's state, then the stamp's
    page.contents_add(pdf.make_stream(b"\nQ q " + bytes(name.unparse()) + b" Do Q\n"))


def merge(front: Path, pieces: Sequence[Piece], folios: Path, output: Path) -> list[str]:
    """Join ``front`` and ``pieces`` into ``output``; the link targets no piece holds (none, normally)."""
    opened: list[pikepdf.Pdf] = []
    try:
        pdf = pikepdf.open(front)
        opened.append(pdf)
        book = _Book(pdf)
        book.add(pdf, Piece(front, "accord-front"))  # its own anchors and links, its pages once
        for piece in pieces:
            source = pikepdf.open(piece.path)
            opened.append(source)
            book.add(source, piece)
        missing = book.finish()
        numbers = pikepdf.open(folios)
        opened.append(numbers)
        for number, (page, folio) in enumerate(zip(pdf.pages, numbers.pages, strict=False), 1):
            if number > 1:  # the cover has no number
                _stamp(pdf, page, folio, number)
        output.parent.mkdir(parents=True, exist_ok=True)
        pdf.save(output, deterministic_id=True)
    finally:
        for each in reversed(opened):
            each.close()
    return missing
