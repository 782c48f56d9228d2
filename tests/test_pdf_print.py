"""Print that stands alone (issue 13): the colophon and "Cite as" line, the PDF's metadata, PDF/A for
editions, one notice per page, and a compendium with the overviews and each document's status."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path

import pypdf
import pytest
from sphinx.testing.util import SphinxTestApp

from accord.pdf import colophon
from tests.conftest import Repo, golden, sample_repo

pytestmark = pytest.mark.sphinx

ADDRESS = "https://rights.example.org/statements"
SETTINGS = f"""[tool.accord]
title = "Rights Coalition: statements"
organisation = "the Rights Coalition"
base-url = "{ADDRESS}/"
licence = "CC-BY-4.0"
"""
ADOPTED = {
    "status": "adopted",
    "version": "1.0",
    "date": dt.date(2026, 6, 12),
    "adopted": {"date": "2026-06-12", "by": "the General Assembly", "record": "https://example.org/minutes"},
}
EDITION = colophon.Build(
    organisation="the Rights Coalition",
    site_title="Rights Coalition: statements",
    base_url=f"{ADDRESS}/",
    edition="v2026.1",
    edition_date="2026-06-30",
    licence="CC-BY-4.0 OR MIT",
)


# -- the colophon's Typst, without a build


def test_golden_colophon_of_an_adopted_text_in_an_edition() -> None:
    golden("typst/colophon.typ", colophon.render("positions/paper", "A paper", ADOPTED, EDITION))


def test_an_old_edition_points_to_the_current_text() -> None:
    stable, here = colophon.addresses("positions/paper", EDITION)
    assert stable == f"{ADDRESS}/latest/positions/paper.html"
    assert here == f"{ADDRESS}/editions/v2026.1/positions/paper.html"


def test_cite_as_names_organisation_title_version_year_and_address() -> None:
    line = colophon.cite_as("A paper", ADOPTED, EDITION, "https://x.example/p.html")
    assert line.startswith("Rights Coalition. A paper. Version 1\\.0. Edition v2026\\.1. 2026. ")
    assert line.endswith('#link("https://x.example/p.html")[https:\\/\\/x.example\\/p.html];')


def test_a_draft_without_address_or_licence_says_so() -> None:
    build = colophon.Build(organisation="", site_title="Site")
    rows = dict(colophon.rows("positions/paper", "A paper", {"status": "draft"}, build))
    assert "Current text" not in rows and "This draft" not in rows
    assert rows["Edition"] == "working draft, not an official statement"
    assert rows["Licence"] == "not stated"
    assert colophon.cite_as("A paper", {"date": "2026-01-15"}, build, None) == "Site. A paper. 2026."


def test_markup_in_settings_and_front_matter_is_text() -> None:
    build = colophon.Build(organisation="#evil[x]", site_title="S", licence="CC-BY-4.0")
    meta = {"status": "adopted", "version": "1.0", "adopted": {"date": "2026-01-01", "by": "*Board* #x"}}
    source = colophon.render("positions/p", "T", meta, build)
    assert "#evil" not in source.replace("\\#evil", "") and "\\*Board\\* \\#x" in source


# -- built PDFs


def _build(root: Path, **overrides: object) -> Path:
    app = SphinxTestApp("accordpdf", srcdir=root, confoverrides=overrides or None, freshenv=True)
    try:
        app.build()
    finally:
        app.cleanup()
    assert app.warning.getvalue() == ""
    return Path(app.outdir)


def _layout(pdf: Path, *pages: int) -> str:
    """pdftotext -layout of ``pages`` (1-based), or of every page."""
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    limits = ["-f", str(pages[0]), "-l", str(pages[-1])] if pages else []
    found = subprocess.run(["pdftotext", "-layout", *limits, str(pdf), "-"], capture_output=True, check=True)
    return found.stdout.decode("utf-8")


def _words(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def edition(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample repository built as edition v2026.1 (PDFs only)."""
    repo = sample_repo(tmp_path_factory.mktemp("edition") / "sample")
    repo.write("pyproject.toml", SETTINGS)
    return _build(repo.root, accord_edition="v2026.1", accord_edition_date="2026-06-30")


def test_the_colophon_and_cite_as_line_print(edition: Path) -> None:
    text = _words(_layout(edition / "positions" / "principles-wave-2011.pdf"))
    page = "positions/principles-wave-2011.html"
    for expected in [
        "Colophon",
        f"Current text {ADDRESS}/latest/{page}",
        f"This edition {ADDRESS}/editions/v2026.1/{page}",
        "Identifier principles-wave-2011",
        "Version 1.0",
        "Status Adopted",
        "Adopted 2026-06-12 by General Assembly of the Accord sample coalition (record: https://example.org/",
        "minutes/2026-06-12)",  # the address may break across lines
        "Edition v2026.1 of 2026-06-30",
        "Licence CC-BY-4.0",
        "Cite as: Rights Coalition. The 2011 wave of Internet-governance principles: a comparison. "
        f"Version 1.0. Edition v2026.1. 2026. {ADDRESS}/editions/v2026.1/{page}",
    ]:
        assert expected in text, expected


def test_the_metadata_carries_the_summary_and_the_organisation(edition: Path) -> None:
    info = pypdf.PdfReader(edition / "positions" / "principles-wave-2011.pdf").metadata
    assert info.title == "The 2011 wave of Internet-governance principles: a comparison"
    assert info.author == "Rights Coalition"
    assert info.subject.startswith("Between 2009 and the end of 2011, CGI.br, the European Commission")
    assert info.get("/Keywords") == "internet-governance, principles, comparative-analysis"


def test_an_edition_is_pdf_a_2b(edition: Path) -> None:
    for name in ["positions/principles-wave-2011.pdf", "compendium.pdf", "crosswalk.pdf"]:
        xmp = pypdf.PdfReader(edition / name).xmp_metadata
        assert xmp is not None, name
        found = xmp.rdf_root.toxml()
        assert (
            "<pdfaid:part>2</pdfaid:part>" in found and "<pdfaid:conformance>B</pdfaid:conformance>" in found
        )


def test_a_draft_is_plain_pdf_unless_asked(repo: Repo) -> None:
    repo.doc("positions/paper.md", title="A paper")
    plain = _build(repo.root)
    assert b"pdfaid:part" not in (plain / "positions" / "paper.pdf").read_bytes()
    kept = _build(repo.root, accord_edition="v1.0", accord_pdf_standard="none")
    assert b"pdfaid:part" not in (kept / "positions" / "paper.pdf").read_bytes()


def test_the_running_notice_is_not_printed_twice(edition: Path) -> None:
    pdf = edition / "positions" / "principles-wave-2011.pdf"
    notice = "Official edition v2026.1 of 2026-06-30."
    assert _words(_layout(pdf, 1)).count(notice) == 1  # the box; no running copy above it
    assert _words(_layout(pdf, 2)).count(notice) == 1  # the running notice on later pages
    footer = "The 2011 wave of Internet-governance principles: a comparison · Adopted"
    assert footer not in _words(_layout(pdf, 1))  # the page that opens with the title
    assert _words(_layout(pdf, 2)).count(footer) == 1
    book = edition / "compendium.pdf"
    # A part's page: its heading, the running notice and the page number; no running title below.
    assert re.fullmatch(
        r"Official edition v2026\.1 of 2026-06-30\. Statements of principles 3 of \d+",
        _words(_layout(book, 3)),
    )


def test_the_compendium_cover_names_the_organisation_and_the_date_once(edition: Path) -> None:
    info = pypdf.PdfReader(edition / "compendium.pdf").metadata
    assert (info.author, info.subject) == (
        "Rights Coalition",
        "Rights Coalition: statements: every document in one PDF, official edition v2026.1.",
    )
    cover = _words(_layout(edition / "compendium.pdf", 1))
    assert "Rights Coalition: statements Rights Coalition" in cover
    assert "the Rights Coalition" not in cover
    assert cover.count("2026-06-30") == 1


def test_the_compendium_lists_status_and_version_and_holds_the_overviews(edition: Path) -> None:
    contents = _words(_layout(edition / "compendium.pdf", 2))
    assert re.search(
        r"The 2011 wave of Internet-governance principles: a comparison[ .]+\d+ Adopted · version 1\.0",
        contents,
    )
    assert re.search(
        r"Interim note on the 2011 Internet-governance principle frameworks[ .]+\d+ Superseded · version 0\.1",
        contents,
    )
    assert re.search(r"Civil-society principles for Internet governance[ .]+\d+ Draft", contents)
    assert re.search(r"Overviews[ .]+\d+ Policy options[ .]+\d+ Crosswalk[ .]+\d+", contents)
    whole = _words(_layout(edition / "compendium.pdf"))
    assert "Our principles and the headings of other frameworks" in whole  # the crosswalk's table
    assert "Intermediary liability" in whole  # a question of the options map


def test_entries_sharing_a_crosswalk_cell_are_printed_apart(edition: Path) -> None:
    text = _layout(edition / "crosswalk.pdf")
    # Two headings of one framework for one principle: each on a line of its own, marked.
    assert re.search(r"– Decen", text) and re.search(r"– Architec", text)


def test_no_word_of_the_tables_crosses_the_right_margin(edition: Path) -> None:
    """pdftotext -bbox: every word of the crosswalk and the options map ends inside the text area."""
    right = 595.276 - 24 * 72 / 25.4  # A4 less template.typ's 24 mm margin
    for name in ["crosswalk.pdf", "options.pdf"]:
        layout = subprocess.run(
            ["pdftotext", "-bbox", str(edition / name), "-"], capture_output=True, check=True
        ).stdout.decode("utf-8")
        ends = [
            float(found) for found in re.findall(r'<word xMin="[\d.]+" yMin="[\d.]+" xMax="([\d.]+)"', layout)
        ]
        assert ends and max(ends) <= right + 0.5, (name, max(ends))


def test_a_superseded_text_names_its_successor() -> None:
    meta = {"status": "superseded", "version": "0.1", "superseded_by": "new-paper"}
    assert dict(colophon.rows("positions/old", "Old", meta, EDITION))["Status"] == "Superseded by new\\-paper"
