"""Sphinx's warning records as diagnostics: every location form keeps its path, line and code, hints
are hints, and a message is printed once; a Typst failure caused by an image names the image."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from accord import build as build_module
from accord import report
from tests.conftest import Repo, golden
from tests.test_pdf import build as pdf_build

pytestmark = pytest.mark.sphinx

ROOT = Path("/r")
# A PNG by its signature (so the check's look at the first bytes passes it) that no decoder reads.
BROKEN_PNG = b"\x89PNG\r\n\x1a\n" + b"truncated, not a PNG stream"

# Records as Sphinx's warning stream writes them (colour removed), one of each location form.
RECORDS = [
    # a node with a line
    "/r/positions/a.md:12: WARNING: Non-consecutive header level increase; H1 to H4 [myst.header]",
    # a node without a line: "path:" then ": WARNING"
    "/r/positions/a.md:: WARNING: image file not readable: positions/missing.png [image.not_readable]",
    # a document without a line (logger.warning(location=docname))
    "/r/positions/b.md: WARNING: document isn't included in any toctree [toc.not_included]",
    # Accord's own codes, with and without a line, with a hint
    "/r/positions/b.md: WARNING: BUILD006 the PDF must compile with Typst: unknown variable: foo "
    "(hint: if the message names a file of the repository (an image, a font), replace that file) "
    "[accord.BUILD006]",
    "/r/positions/c.md:7: WARNING: BUILD007 math in a PDF must use LaTeX commands that have a Typst "
    "equivalent: '\\textbf' in '\\textbf{x}' (hint: write the formula with \\mathbf) [accord.BUILD007]",
    "/r/positions/c.md:9: ERROR: Unknown directive type: 'foo' [myst.directive_unknown]",
    # no location at all; a line without a file
    "WARNING: BUILD006 the PDF must compile with Typst: file not found [accord.BUILD006]",
    "<unknown>:4: WARNING: duplicate label x [ref.label]",
    # a multi-line message
    "/r/positions/d.md:3: WARNING: first line\nsecond line [docutils]",
    # a code that merely looks like one of ours stays a BUILD001 message
    "/r/positions/d.md:5: WARNING: BUILD999 not a code of the catalogue",
    "not a warning line at all",
]


def test_records_become_diagnostics_golden() -> None:
    out = io.StringIO()
    report.text([build_module.to_diagnostic(record, ROOT) for record in RECORDS], out)
    golden("build-messages.text", out.getvalue())


@pytest.mark.parametrize(
    ("record", "place"),
    [
        ("/r/positions/a.md:: WARNING: x [image.not_readable]", ("positions/a.md", 1, "BUILD001")),
        ("/r/positions/b.md: WARNING: x [toc.not_included]", ("positions/b.md", 1, "BUILD001")),
        (
            "/r/positions/b.md: WARNING: BUILD005 x (hint: y) [accord.BUILD005]",
            ("positions/b.md", 1, "BUILD005"),
        ),
    ],
)
def test_a_path_without_a_line_keeps_its_path_and_code(record: str, place: tuple[str, int, str]) -> None:
    diagnostic = build_module.to_diagnostic(record, ROOT)
    assert (diagnostic.path, diagnostic.line, diagnostic.code) == place


def test_a_hint_is_the_hint_not_part_of_the_message() -> None:
    diagnostic = build_module.to_diagnostic(RECORDS[3], ROOT)
    assert diagnostic.message == "the PDF must compile with Typst: unknown variable: foo"
    assert diagnostic.hint == (
        "if the message names a file of the repository (an image, a font), replace that file"
    )


def test_an_image_typst_cannot_decode_is_reported_at_its_line(repo: Repo) -> None:
    (repo.root / "positions" / "chart.png").write_bytes(BROKEN_PNG)
    repo.doc("positions/paper.md", title="A paper")
    repo.doc("positions/charted.md", title="Charted", body="\n## Section\n\nText.\n\n![A chart](chart.png)\n")
    built = pdf_build(repo.root)
    assert (
        "positions/charted.md:13: WARNING: BUILD005 an image in a PDF must be a PNG, JPEG, GIF, SVG, "
        "WebP or PDF file in the repository: 'positions/chart.png': failed to decode image" in built.warnings
    )
    # Neither the document nor the compendium blames the PDF writer, and nothing is said twice.
    assert "BUILD006" not in built.warnings
    assert built.warnings.count("WARNING:") == 1
    assert not (built.out / "positions" / "charted.pdf").exists()
    assert (built.out / "positions" / "paper.pdf").is_file()


def test_accord_build_prints_each_message_once_with_its_place(accord, repo: Repo) -> None:
    (repo.root / "positions" / "chart.png").write_bytes(BROKEN_PNG)
    repo.doc(
        "positions/charted.md",
        title="Charted",
        body="\n## Section\n\n![A chart](chart.png)\n\n{cite:p}`wgig2005report,coe2011principles`\n",
    )
    run = accord("build", str(repo.root))
    assert run.code == 1
    lines = [line for line in run.out.splitlines() if not line.startswith("    hint:")]
    assert len(lines) == 1, run.out
    assert lines[0].startswith(
        "positions/charted.md:11:1: BUILD005 an image in a PDF must be a PNG, JPEG, GIF, SVG, WebP or PDF "
        "file in the repository: 'positions/chart.png': failed to decode image ("
    )
    assert run.out.count("    hint: convert the image, or correct its path") == 1


def test_an_unknown_domain_directive_is_reported_at_its_lines_only(repo: Repo) -> None:
    """Sphinx's own, placeless "unknown directive name" adds nothing to the located reports."""
    from accord import build

    repo.doc(
        "positions/proof.md",
        title="Proof",
        body="\n```{prf:theorem}\nA.\n```\n\n```{prf:theorem}\nB.\n```\n\n{cite:p}`wgig2005report,coe2011principles`\n",
    )
    found = build.site(repo.root, repo.root / "_build", fresh=True, pdf=False).diagnostics
    assert [d.path for d in found if "prf:theorem" in d.message] == ["positions/proof.md"] * len(
        [d for d in found if "prf:theorem" in d.message]
    )
    assert {d.line for d in found if "prf:theorem" in d.message} == {9, 13}
    # One cause, one error: MyST's "Unknown directive type" beside BUILD030 at the same line goes.
    assert sorted((d.line, d.code) for d in found if "prf:theorem" in d.message) == [
        (9, "BUILD030"),
        (13, "BUILD030"),
    ]


def test_a_broken_reference_is_said_once_by_accords_own_code(repo: Repo) -> None:
    """Sphinx reports a reference that leads nowhere at its paragraph's first line; the check's
    XREF code says it at the reference: the build keeps the one with the place and the hint."""
    from accord import build

    repo.doc(
        "positions/refs.md",
        title="Refs",
        body="\nText {cite:p}`wgig2005report,coe2011principles`\nand {ref}`nolabel`,\n"
        "{eq}`noeq`, {term}`noterm`, [x](#noanchor) and {doc}`nodoc`.\n",
    )
    found = build.site(repo.root, repo.root / "_build", fresh=True, pdf=False).diagnostics
    assert sorted(d.code for d in found) == ["XREF002", "XREF015", "XREF016", "XREF017", "XREF018"]
