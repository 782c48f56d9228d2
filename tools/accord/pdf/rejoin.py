"""The working compendium patched in place when only some of its parts changed.

A one-document edit recompiles one part. When that part keeps its page count and its number of
top bookmarks, the front matter, the page numbers and every other part stay where they were: the
last compendium is opened, the part's pages, destinations and bookmarks are replaced, its pages
stamped, and the file saved, without opening or copying the other parts (at 500 documents the
full join copies 1,800 pages). Otherwise, or when anything of the last join is not as it was
left (``<compendium>.json`` in the parts folder records it), the parts are joined afresh
(accord.pdf.assemble.merge). Both give the same bytes (tests/test_pdf_cache.py).

Reading the last compendium is most of a patch's time (qpdf parses every object of the file,
42,000 at 500 documents, before it copies the first one in), and it needs nothing from the parts
but to know that one will be patched in: :class:`Last` reads it in a thread while Typst compiles
the changed parts. qpdf keeps Python's lock while it copies, but Typst lets go of it, and the
main thread only waits for the compiles meanwhile.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from accord.pdf import assemble
from accord.pdf.assemble import Piece, pikepdf
from accord.pdf.cache import stamp

_VERSION = 1


def _load(path: Path) -> dict[str, Any]:
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return state if isinstance(state, dict) and state.get("version") == _VERSION else {}


def counts(pieces: Sequence[Piece], state_file: Path) -> list[int]:
    """Each piece's page count: from the last join's record while its PDF is the same file."""
    known = {
        record["path"]: record for record in _load(state_file).get("pieces", []) if isinstance(record, dict)
    }
    found = []
    for piece in pieces:
        record = known.get(str(piece.path))
        same = record is not None and record.get("stamp") == stamp(piece.path)
        found.append(record["pages"] if same else assemble.page_count(piece.path))  # type: ignore[index]
    return found


class Last:
    """The last compendium, opened and read in a thread from the moment this is made, if its
    record says it is the file the last join wrote (else there is nothing to patch)."""

    def __init__(self, output: Path, state_file: Path) -> None:
        self.output = output
        self.pdf: pikepdf.Pdf | None = None
        self._thread: threading.Thread | None = None
        if _load(state_file).get("output") == stamp(output):
            self._thread = threading.Thread(target=self._read, name="accord-last-compendium", daemon=True)
            self._thread.start()

    def _read(self) -> None:
        # Whatever goes wrong here only means that the join opens the file itself: a thread must
        # not end with a traceback on the editor's terminal.
        try:
            pdf = pikepdf.open(self.output)
        except Exception:
            return
        try:
            # qpdf reads every object of the file before it copies the first one from another
            # PDF: copying an empty dictionary does that reading now. Nothing refers to the copy,
            # so it is not written.
            with pikepdf.new() as scratch:
                pdf.copy_foreign(scratch.make_indirect(pikepdf.Dictionary()))
        except Exception:
            pdf.close()
            return
        self.pdf = pdf

    def take(self) -> pikepdf.Pdf | None:
        """The opened compendium (the caller closes it), or None if it could not be read."""
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        pdf, self.pdf = self.pdf, None
        return pdf

    def close(self) -> None:
        """When no join comes (a document has errors): wait for the thread, close the file."""
        pdf = self.take()
        if pdf is not None:
            pdf.close()


def join(
    front: Path,
    pieces: Sequence[Piece],
    folios: Path,
    output: Path,
    state_file: Path,
    last: Last | None = None,
) -> list[str]:
    """``output`` from the parts, patched when it can be; the link targets no piece holds.
    ``last``: the last compendium, being read already."""
    state = _load(state_file)
    opened = last.take() if last is not None else None
    try:
        patched = _patch(state, front, pieces, folios, output, opened) if state else None
    except (pikepdf.PdfError, KeyError, TypeError, ValueError, IndexError, AttributeError):
        patched = None  # a record that does not fit the file: join afresh
    finally:
        if opened is not None:
            opened.close()
    missing, placed = patched if patched is not None else assemble.merge(front, pieces, folios, output)
    for record, piece in zip(placed, pieces, strict=True):
        record.update(path=str(piece.path), stamp=stamp(piece.path))
    state = {
        "version": _VERSION,
        "front": stamp(front),
        "folios": stamp(folios),
        "output": stamp(output),
        "pieces": placed,
    }
    state_file.parent.mkdir(parents=True, exist_ok=True)
    state_file.write_text(json.dumps(state), encoding="utf-8")
    return missing


def _patch(
    state: dict[str, Any],
    front: Path,
    pieces: Sequence[Piece],
    folios: Path,
    output: Path,
    opened: pikepdf.Pdf | None,
) -> tuple[list[str], list[dict[str, Any]]] | None:
    records: list[dict[str, Any]] = state["pieces"]
    unchanged = [
        state["front"] == stamp(front),
        state["folios"] == stamp(folios),
        state["output"] == stamp(output),
    ]
    same = [(r["name"], r["path"]) for r in records] == [(p.name, str(p.path)) for p in pieces]
    if not all(unchanged) or not same:
        return None
    changed = [
        (piece, record)
        for piece, record in zip(pieces, records, strict=True)
        if record["stamp"] != stamp(piece.path)
    ]
    if not changed:
        return [], records
    files: list[pikepdf.Pdf] = []
    try:
        pdf = opened if opened is not None else pikepdf.open(output)
        files.append(pdf)
        book = assemble.Book(pdf)
        book.dests = dict(assemble.pairs(pdf.Root.Names.Dests))
        tops = assemble.siblings(pdf.Root.Outlines.First)
        book.tops = [(item, assemble.siblings(item.First) if "/First" in item else []) for item in tops]
        for piece, record in changed:
            source = pikepdf.open(piece.path)
            files.append(source)
            outline = source.Root.get("/Outlines")
            items = assemble.siblings(outline.First) if outline is not None and "/First" in outline else []
            if len(source.pages) != record["pages"] or len(items) != record["outline"][2]:
                return None
            for name in record["names"]:
                book.dests.pop(name, None)
            record["names"] = book.add(source, piece, at=record)
        missing = book.finish()
        numbers = pikepdf.open(folios)
        files.append(numbers)
        like = pdf.pages[1].obj.Resources.XObject["/AccordFolio2"]  # the contents' page: never patched
        for _, record in changed:
            for number in range(record["first"], record["first"] + record["pages"]):
                if number > 0:  # the cover has no number
                    assemble.stamp(pdf, pdf.pages[number], numbers.pages[number], number + 1, like)
        assemble.save(pdf, output)
    finally:
        for each in reversed(files):
            each.close()
    return missing, records
