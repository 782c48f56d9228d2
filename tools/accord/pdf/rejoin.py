"""The working compendium patched in place when only some of its parts changed.

A one-document edit recompiles one part. When that part keeps its page count and its number of
top bookmarks, the front matter, the page numbers and every other part stay where they were: the
last compendium is opened, the part's pages, destinations and bookmarks are replaced, its pages
stamped, and the file saved, without opening or copying the other parts (at 500 documents the
full join copies 1,800 pages). Otherwise, or when anything of the last join is not as it was
left (``<compendium>.json`` in the parts folder records it), the parts are joined afresh
(accord.pdf.assemble.merge). Both give the same bytes (tests/test_pdf_cache.py).
"""

from __future__ import annotations

import json
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


def join(front: Path, pieces: Sequence[Piece], folios: Path, output: Path, state_file: Path) -> list[str]:
    """``output`` from the parts, patched when it can be; the link targets no piece holds."""
    state = _load(state_file)
    try:
        patched = _patch(state, front, pieces, folios, output) if state else None
    except (pikepdf.PdfError, KeyError, TypeError, ValueError, IndexError, AttributeError):
        patched = None  # a record that does not fit the file: join afresh
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
    state: dict[str, Any], front: Path, pieces: Sequence[Piece], folios: Path, output: Path
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
    opened: list[pikepdf.Pdf] = []
    try:
        pdf = pikepdf.open(output)
        opened.append(pdf)
        book = assemble.Book(pdf)
        book.dests = dict(assemble.pairs(pdf.Root.Names.Dests))
        tops = assemble.siblings(pdf.Root.Outlines.First)
        book.tops = [(item, assemble.siblings(item.First) if "/First" in item else []) for item in tops]
        for piece, record in changed:
            source = pikepdf.open(piece.path)
            opened.append(source)
            outline = source.Root.get("/Outlines")
            items = assemble.siblings(outline.First) if outline is not None and "/First" in outline else []
            if len(source.pages) != record["pages"] or len(items) != record["outline"][2]:
                return None
            for name in record["names"]:
                book.dests.pop(name, None)
            record["names"] = book.add(source, piece, at=record)
        missing = book.finish()
        numbers = pikepdf.open(folios)
        opened.append(numbers)
        like = pdf.pages[1].obj.Resources.XObject["/AccordFolio2"]  # the contents' page: never patched
        for _, record in changed:
            for number in range(record["first"], record["first"] + record["pages"]):
                if number > 0:  # the cover has no number
                    assemble.stamp(pdf, pdf.pages[number], numbers.pages[number], number + 1, like)
        assemble.save(pdf, output)
    finally:
        for each in reversed(opened):
            each.close()
    return missing, records
