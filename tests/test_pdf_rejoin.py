"""accord.pdf.rejoin's reading of the last compendium: which file the record names, and the file
read whole, or nothing when it cannot be."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pikepdf

from accord.pdf import rejoin
from accord.pdf.cache import stamp


def _book(path: Path, pages: int) -> Path:
    with pikepdf.new() as pdf:
        for _ in range(pages):
            pdf.add_blank_page()
        pdf.save(path)
    return path


def _record(parts: Path, output: Path, **fields: object) -> Path:
    parts.mkdir(exist_ok=True)
    state = parts / "compendium.json"
    record = {"version": rejoin._VERSION, "path": str(output), "output": stamp(output), "pieces": []}
    state.write_text(json.dumps({**record, **fields}), encoding="utf-8")
    return state


def test_the_recorded_compendium_is_the_last_output(tmp_path: Path) -> None:
    output = _book(tmp_path / "compendium.pdf", 3)
    _record(tmp_path / "parts", output)
    assert rejoin.last_output(tmp_path / "parts") == output


def test_a_compendium_changed_since_the_last_join_is_not_the_last_output(tmp_path: Path) -> None:
    output = _book(tmp_path / "compendium.pdf", 3)
    _record(tmp_path / "parts", output)
    _book(output, 5)  # another file now: patching it would be wrong
    assert rejoin.last_output(tmp_path / "parts") is None


def test_without_a_usable_record_or_a_file_there_is_no_last_output(tmp_path: Path) -> None:
    parts = tmp_path / "parts"
    assert rejoin.last_output(parts) is None  # no folder
    output = tmp_path / "compendium.pdf"
    _record(parts, output)  # stamp [-1, 0]: no file
    assert rejoin.last_output(parts) is None
    _book(output, 2)
    _record(parts, output, version=rejoin._VERSION + 1)
    assert rejoin.last_output(parts) is None
    _record(parts, output, path=None)  # a record written before the path was kept
    assert rejoin.last_output(parts) is None
    (parts / "compendium.json").write_text("not json", encoding="utf-8")
    assert rejoin.last_output(parts) is None


def test_the_last_compendium_is_read_whole(tmp_path: Path) -> None:
    pdf = rejoin.read_whole(_book(tmp_path / "compendium.pdf", 3))
    assert pdf is not None
    try:
        assert len(pdf.pages) == 3
    finally:
        pdf.close()


def test_a_damaged_or_missing_compendium_reads_as_nothing(tmp_path: Path) -> None:
    output = tmp_path / "compendium.pdf"
    assert rejoin.read_whole(output) is None
    output.write_bytes(b"%PDF-1.7 not a PDF at all")
    assert rejoin.read_whole(output) is None


def test_a_record_that_is_not_a_regular_file_is_not_read(tmp_path: Path) -> None:
    """The build folder is the build's, but a pipe named like a record would never end."""
    output = _book(tmp_path / "compendium.pdf", 1)
    parts = tmp_path / "parts"
    parts.mkdir()
    os.mkfifo(parts / "a.json")
    (parts / "b.json").symlink_to("/dev/zero")
    assert rejoin.last_output(parts) is None
    _record(parts, output)
    assert rejoin.last_output(parts) == output


def test_a_recorded_compendium_outside_the_build_folder_is_not_named(tmp_path: Path) -> None:
    build = tmp_path / "build"
    parts = build / "doctrees" / "accordpdf-parts"
    parts.mkdir(parents=True)
    elsewhere = _book(tmp_path / "elsewhere.pdf", 1)
    _record(parts, elsewhere)
    assert rejoin.last_output(parts) is None
    inside = build / "html" / "compendium.pdf"
    inside.parent.mkdir()
    _book(inside, 1)
    _record(parts, inside)
    assert rejoin.last_output(parts) == inside


def _swapped(tmp_path: Path) -> tuple[Path, Path, Path]:
    """A build folder whose fresh site html.new, with its compendium recorded, was renamed html."""
    build = tmp_path / "build"
    parts = build / "doctrees" / "accordpdf-parts"
    new, site = build / "html.new", build / "html"
    new.mkdir(parents=True)
    parts.mkdir(parents=True)
    _record(parts, _book(new / "compendium.pdf", 1))
    new.rename(site)
    return parts, new, site


def test_the_record_follows_the_site_a_fresh_build_swapped_in(tmp_path: Path) -> None:
    parts, new, site = _swapped(tmp_path)
    assert rejoin.last_output(parts) is None  # it names html.new/compendium.pdf, gone
    rejoin.relocate(parts, new, site)
    assert rejoin.last_output(parts) == site / "compendium.pdf"
    assert sorted(p.name for p in parts.iterdir()) == ["compendium.json"]


def test_a_record_that_cannot_be_rewritten_is_left_as_it_was(tmp_path: Path) -> None:
    parts, new, site = _swapped(tmp_path)
    before = (parts / "compendium.json").read_bytes()
    (parts / ".compendium.json.tmp").mkdir()  # in the way of the new record: writing it fails
    rejoin.relocate(parts, new, site)
    assert (parts / "compendium.json").read_bytes() == before


def test_relocating_rewrites_no_file_through_a_link_and_raises_nothing(tmp_path: Path) -> None:
    parts, new, site = _swapped(tmp_path)
    outside = tmp_path / "outside.json"
    (parts / "compendium.json").rename(outside)
    before = outside.read_bytes()
    (parts / "linked.json").symlink_to(outside)
    (parts / "deep.json").write_text('{"version": 1, "x": ' + "[" * 100_000 + "]" * 100_000 + "}")
    rejoin.relocate(parts, new, site)
    assert outside.read_bytes() == before
    assert rejoin.last_output(parts) is None
