"""The working compendium patched in place when only some of its parts changed.

A one-document edit recompiles one part. When that part keeps its page count and its number of
top bookmarks, the front matter, the page numbers and every other part stay where they were: the
last compendium is opened, the part's pages, destinations and bookmarks are replaced, its pages
stamped, and the file saved, without opening or copying the other parts (at 500 documents the
full join copies 1,800 pages). Otherwise, or when anything of the last join is not as it was
left (``<compendium>.json`` in the parts folder records it), the parts are joined afresh
(accord.pdf.assemble.merge). Both give the same bytes (tests/test_pdf_cache.py).

Reading the last compendium is most of a patch's time (qpdf parses every object of the file,
42,000 at 500 documents, before it copies the first one in), and it needs nothing from the parts:
a process forked as the build starts reads it and applies the patch (accord.pdf.ahead), and
:func:`patch` runs there, or here when there is no such process.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from accord.pdf import ahead, assemble
from accord.pdf.assemble import Piece, pikepdf
from accord.pdf.cache import stamp

_VERSION = 1


def _load(path: Path) -> dict[str, Any]:
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):  # RecursionError: JSON nested past Python's limit
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


#: A record larger than this is not one a join wrote (about 300 bytes a document).
_RECORD_LIMIT = 64 * 1024 * 1024


def last_output(parts: Path) -> Path | None:
    """The compendium whose last join is recorded in ``parts`` (the folder of its parts, in the
    build's doctree folder), if it is still the file that join wrote. Only a regular file of a
    record's size is read, and only a compendium in the same build folder is named: the folder
    is the build's, but whatever is in it is not trusted to be."""
    build = parts.resolve().parent.parent
    for record in _records(parts):
        state = _load(record)
        path = state.get("path")
        if not isinstance(path, str) or not Path(path).is_file():
            continue
        if Path(path).resolve().is_relative_to(build) and state.get("output") == stamp(Path(path)):
            return Path(path)
    return None


def _records(parts: Path) -> Iterator[Path]:
    """The join records in ``parts``: only regular files of a record's size, not links (a
    record is rewritten in place: a link would have it write elsewhere)."""
    for record in sorted(parts.glob("*.json")):
        try:
            if not record.is_symlink() and record.is_file() and record.stat().st_size <= _RECORD_LIMIT:
                yield record  # a pipe would never end, a device never stop
        except OSError:
            continue


def relocate(parts: Path, old: Path, new: Path) -> None:
    """After the folder ``old`` was renamed ``new`` (a fresh build's site, swapped in): each
    record in ``parts`` of a compendium in it names the compendium where it now is. A rename
    keeps the file's stamp, so the next build's reader (accord.pdf.ahead) finds it, where it
    found nothing and the builder read the whole file itself (0.7 s at 500 documents)."""
    for record in _records(parts):
        state = _load(record)
        path = state.get("path")
        if isinstance(path, str) and Path(path).is_relative_to(old):
            state["path"] = str(new / Path(path).relative_to(old))
            _replace(record, json.dumps(state))


def _replace(record: Path, text: str) -> None:
    """``record`` holding ``text``, or as it was: a write cut short (a full disk) must not leave
    half a record, which would cost the next build its patch (the old record still serves the
    builder's own patch, which compares stamps, not names)."""
    temporary = record.with_name(f".{record.name}.tmp")
    try:
        temporary.unlink(missing_ok=True)
        with temporary.open("x", encoding="utf-8") as file:  # "x": never through a link left there
            file.write(text)
        temporary.replace(record)
    except OSError:
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)


def read_whole(output: Path) -> pikepdf.Pdf | None:
    """``output`` opened with every object read, or None if it cannot be (the caller closes it)."""
    # Whatever goes wrong here only means that the patch opens the file itself.
    try:
        pdf = pikepdf.open(output)
    except Exception:
        return None
    try:
        # qpdf reads every object of the file before it copies the first one from another PDF:
        # copying an empty dictionary does that reading now. Nothing refers to the copy, so it
        # is not written.
        with pikepdf.new() as scratch:
            pdf.copy_foreign(scratch.make_indirect(pikepdf.Dictionary()))
    except Exception:
        pdf.close()
        return None
    return pdf


def join(
    front: Path,
    pieces: Sequence[Piece],
    folios: Path,
    output: Path,
    state_file: Path,
    reader: ahead.Reader | None = None,
) -> list[str]:
    """``output`` from the parts, patched when it can be; the link targets no piece holds.
    ``reader``: the process that has read the last compendium already (accord.pdf.ahead)."""
    state = _load(state_file)
    answered, patched = False, None
    if state and reader is not None:
        answered, patched = reader.patch((state, front, pieces, folios, output))
    elif reader is not None:
        reader.stop()
    if state and not answered:
        patched = patch(state, front, pieces, folios, output)
    missing, placed = patched if patched is not None else assemble.merge(front, pieces, folios, output)
    for record, piece in zip(placed, pieces, strict=True):
        record.update(path=str(piece.path), stamp=stamp(piece.path))
    state = {
        "version": _VERSION,
        "front": stamp(front),
        "folios": stamp(folios),
        "path": str(output),
        "output": stamp(output),
        "pieces": placed,
    }
    state_file.parent.mkdir(parents=True, exist_ok=True)
    state_file.write_text(json.dumps(state), encoding="utf-8")
    return missing


def patch(
    state: dict[str, Any],
    front: Path,
    pieces: Sequence[Piece],
    folios: Path,
    output: Path,
    *,
    opened: pikepdf.Pdf | None = None,
) -> tuple[list[str], list[dict[str, Any]]] | None:
    """The last compendium with the changed pieces patched in: (the link targets no piece holds,
    the pieces' records), or None when it must be joined afresh (``opened``: the file, read
    already; closed here)."""
    try:
        return _patch(state, front, pieces, folios, output, opened)
    except (pikepdf.PdfError, KeyError, TypeError, ValueError, IndexError, AttributeError):
        return None  # a record that does not fit the file: join afresh
    finally:
        if opened is not None:
            opened.close()


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
        assemble.save(pdf, output, folios.parent)  # the build's folder of parts
    finally:
        for each in reversed(files):
            each.close()
    return missing, records
