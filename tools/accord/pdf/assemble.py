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
import shutil
import warnings
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

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


class Book:
    def __init__(self, pdf: pikepdf.Pdf) -> None:
        self.pdf = pdf
        self.dests: dict[str, pikepdf.Object] = {}
        self.links: list[tuple[pikepdf.Object, str]] = []  # (annotation in the book, name)
        self.tops: list[tuple[pikepdf.Object, list[pikepdf.Object]]] = []  # bookmarks: part, documents
        self.state: list[dict[str, Any]] = []  # what each piece put where (accord.pdf.rejoin)

    def add(self, source: pikepdf.Pdf, piece: Piece, at: dict[str, Any] | None = None) -> list[str]:
        """Append the pages of ``source``, or with ``at`` (a piece's state) put them in place of
        that piece's pages and bookmarks; the names of the destinations it brought."""
        own = source is self.pdf  # the front: its pages are the book's first already
        first = 0 if own else len(self.pdf.pages) if at is None else at["first"]
        anchors, wanted = _marks(source) if piece.marked else ([], [])
        if not own:
            with warnings.catch_warnings():
                # pikepdf warns that extend() leaves named destinations behind: they are copied below.
                warnings.simplefilter("ignore", pikepdf.PageCopyWarning)
                if at is None:
                    self.pdf.pages.extend(source.pages)
                else:
                    for index, page in enumerate(source.pages):
                        self.pdf.pages[first + index] = page
        pages = self.pdf.pages
        height = float(pages[first].mediabox[3]) if len(source.pages) else 0
        names = [piece.name]
        self.dests[piece.name] = _dest(pages[first], None, height)
        for index, name, left, top in anchors:
            names.append(name)
            self.dests.setdefault(name, _dest(pages[first + index], left, min(top + _ABOVE, height)))
        for index, position, name in wanted:
            self.links.append((pages[first + index].obj.Annots[position], name))
        # Typst's own destinations (the labels of headings), which its links within the part name.
        tree = source.Root.get("/Names", {}).get("/Dests")
        if tree is not None:
            tree = tree if own else self.pdf.copy_foreign(source.make_indirect(tree))
            for name, dest in pairs(tree):
                names.append(name)
                self.dests.setdefault(name, dest)
        outlines = source.Root.get("/Outlines")
        items = []
        if not own and isinstance(outlines, pikepdf.Dictionary) and "/First" in outlines:
            items = siblings(self.pdf.copy_foreign(source.make_indirect(outlines)).First)
        if at is not None:
            parent, start, _ = at["outline"]
            row = [item for item, _ in self.tops] if parent is None else self.tops[parent][1]
            row[start : start + len(items)] = items
            if parent is None:
                self.tops = [(item, self.tops[index][1]) for index, item in enumerate(row)]
            return names
        if piece.divider or not self.tops:
            outline = [None, len(self.tops), len(items)]
            self.tops.extend((item, []) for item in items)
        else:
            outline = [len(self.tops) - 1, len(self.tops[-1][1]), len(items)]
            self.tops[-1][1].extend(items)
        if not own:
            self.state.append(
                {
                    "name": piece.name,
                    "first": first,
                    "pages": len(source.pages),
                    "names": names,
                    "outline": outline,
                }
            )
        return names

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


def pairs(tree: pikepdf.Object) -> list[tuple[str, pikepdf.Object]]:
    """The entries of a name tree: Typst's (and ours) is one leaf."""
    flat = tree.get("/Names")
    if "/Kids" in tree or flat is None:
        return [(str(name), dest) for name, dest in pikepdf.NameTree(tree).items()]
    return [(str(name), dest) for name, dest in zip(flat[::2], flat[1::2], strict=True)]


def _dest(page: pikepdf.Page, left: float | None, top: float) -> pikepdf.Array:
    return pikepdf.Array([page.obj, pikepdf.Name.XYZ, left, top, 0])


def siblings(item: pikepdf.Object) -> list[pikepdf.Object]:
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


def stamp(
    pdf: pikepdf.Pdf, page: pikepdf.Page, folio: pikepdf.Page, number: int, like: pikepdf.Object | None = None
) -> None:
    """Draw ``folio`` over ``page``. Not Page.add_overlay: it names the form at random, and the
    same parts must give the same bytes; the name holds the page number, since pages may share
    one resource dictionary. ``like``: a stamp already in ``pdf`` whose resources (the font of
    the numbers) to share, rather than copying them once more."""
    name = pikepdf.Name(f"/AccordFolio{number}")
    form = pdf.copy_foreign(folio.as_form_xobject())
    form.write(zlib.compress(form.read_bytes(), 9), filter=pikepdf.Name.FlateDecode)  # see _stream
    if like is not None:
        form.Resources = like.Resources
    page.add_resource(form, pikepdf.Name.XObject, name)
    page.contents_add(_stream(pdf, b"q\n"), prepend=True)  # the page's state, then the stamp's
    page.contents_add(_stream(pdf, b"\nQ q " + bytes(name.unparse()) + b" Do Q\n"))


def _stream(pdf: pikepdf.Pdf, data: bytes) -> pikepdf.Stream:
    """A compressed stream. qpdf writes the keys of a stream it compresses itself in another
    order than those of one it read compressed: a join patched in place (accord.pdf.rejoin)
    would differ from a fresh one in those bytes."""
    return pikepdf.Stream(pdf, zlib.compress(data, 9), Filter=pikepdf.Name.FlateDecode)


def merge(
    front: Path, pieces: Sequence[Piece], folios: Path, output: Path
) -> tuple[list[str], list[dict[str, Any]]]:
    """Join ``front`` and ``pieces`` into ``output``: the link targets no piece holds (none,
    normally), and where each piece went (for accord.pdf.rejoin)."""
    opened: list[pikepdf.Pdf] = []
    try:
        pdf = pikepdf.open(front)
        opened.append(pdf)
        book = Book(pdf)
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
                stamp(pdf, page, folio, number)
        save(pdf, output, folios.parent)
    finally:
        for each in reversed(opened):
            each.close()
    return missing, book.state


def save(pdf: pikepdf.Pdf, output: Path, scratch: Path) -> None:
    """Write ``pdf`` to ``output`` in one step, with an /ID from its content. The file is written
    first in ``scratch``, a folder of the build's own: a save cut short (Ctrl-C, a killed
    process) leaves nothing in the site, which is published as it is."""
    output.parent.mkdir(parents=True, exist_ok=True)
    scratch.mkdir(parents=True, exist_ok=True)
    temporary = scratch / (output.name + ".tmp")
    try:
        # The streams as they are (the parts' are compressed by Typst, ours by _stream): decoding and
        # compressing again 25 MB at 500 documents was half the time of a join patched in place.
        pdf.save(temporary, deterministic_id=True, stream_decode_level=pikepdf.StreamDecodeLevel.none)
        try:
            temporary.replace(output)
        except OSError:  # another file system: copied beside the output, then renamed there
            beside = output.with_name(f".{output.name}.tmp")
            try:
                shutil.copyfile(temporary, beside)
                beside.replace(output)
            finally:
                beside.unlink(missing_ok=True)
    finally:
        temporary.unlink(missing_ok=True)
