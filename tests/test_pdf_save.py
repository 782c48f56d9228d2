"""accord.pdf.assemble.save: a compendium written in one step, from a file in the build's own
folder, so that a save cut short leaves the site as it was."""

from __future__ import annotations

import errno
from pathlib import Path

import pikepdf
import pytest

from accord.pdf import assemble


def _pdf(pages: int) -> pikepdf.Pdf:
    pdf = pikepdf.new()
    for _ in range(pages):
        pdf.add_blank_page()
    return pdf


def _site_and_scratch(tmp_path: Path) -> tuple[Path, Path, Path]:
    site, scratch = tmp_path / "html", tmp_path / "doctrees" / "parts"
    output = site / "compendium.pdf"
    site.mkdir(parents=True)
    with _pdf(1) as old:
        old.save(output)
    return site, scratch, output


def test_the_file_is_written_in_the_builds_folder_then_replaces_the_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site, scratch, output = _site_and_scratch(tmp_path)
    written: list[Path] = []
    save = pikepdf.Pdf.save

    def noted(self: pikepdf.Pdf, where: Path, **options: object) -> None:
        written.append(Path(where))
        save(self, where, **options)

    monkeypatch.setattr(pikepdf.Pdf, "save", noted)
    with _pdf(3) as new:
        assemble.save(new, output, scratch)
    assert [path.parent for path in written] == [scratch]
    with pikepdf.open(output) as result:
        assert len(result.pages) == 3
    assert sorted(p.name for p in site.iterdir()) == ["compendium.pdf"]
    assert list(scratch.iterdir()) == []


@pytest.mark.parametrize("cut", [KeyboardInterrupt, OSError])
def test_a_save_cut_short_leaves_the_site_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cut: type[BaseException]
) -> None:
    site, scratch, output = _site_and_scratch(tmp_path)
    before = output.read_bytes()

    def half(self: pikepdf.Pdf, where: Path, **options: object) -> None:
        Path(where).write_bytes(b"%PDF-1.7 half")
        raise cut()

    monkeypatch.setattr(pikepdf.Pdf, "save", half)
    with _pdf(3) as new, pytest.raises(cut):
        assemble.save(new, output, scratch)
    assert output.read_bytes() == before
    assert sorted(p.name for p in site.iterdir()) == ["compendium.pdf"]
    assert list(scratch.iterdir()) == []


def test_another_file_system_is_written_beside_the_output_and_renamed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site, scratch, output = _site_and_scratch(tmp_path)
    replace = Path.replace

    def across(self: Path, target: Path) -> Path:
        if self.parent == scratch:
            raise OSError(errno.EXDEV, "Invalid cross-device link")
        return replace(self, target)

    monkeypatch.setattr(Path, "replace", across)
    with _pdf(2) as new:
        assemble.save(new, output, scratch)
    with pikepdf.open(output) as result:
        assert len(result.pages) == 2
    assert sorted(p.name for p in site.iterdir()) == ["compendium.pdf"]
    assert list(scratch.iterdir()) == []
