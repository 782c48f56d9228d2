"""``accord build --fresh``: exactly the current documents' pages, swapped in only on success;
``--no-pdf`` says what it built."""

from __future__ import annotations

from pathlib import Path

import pytest

from accord.pdf import rejoin
from accord.vocabulary import PDF_PARTS
from tests.conftest import Repo

pytestmark = pytest.mark.sphinx


def pages(site: Path) -> set[str]:
    return {path.relative_to(site).as_posix() for path in site.glob("*/*.html")}


def test_a_fresh_build_drops_the_pages_of_deleted_documents(accord, repo: Repo) -> None:
    repo.doc("positions/kept.md", title="Kept")
    gone = repo.doc("positions/gone.md", title="Gone")
    assert accord("build", str(repo.root), "--no-pdf").code == 0
    site = repo.root / "_build" / "html"
    assert {"positions/kept.html", "positions/gone.html"} <= pages(site)

    gone.unlink()
    # An incremental build keeps what Sphinx wrote before (Sphinx never deletes a page) ...
    assert accord("build", str(repo.root), "--no-pdf").code == 0
    assert "positions/gone.html" in pages(site)
    # ... a fresh one holds exactly the current documents, PDFs included.
    run = accord("build", str(repo.root), "--fresh")
    assert run.code == 0, run.out + run.err
    assert "positions/gone.html" not in pages(site)
    assert "positions/kept.html" in pages(site)
    assert not (site / "positions" / "gone.pdf").exists()
    assert (site / "positions" / "kept.pdf").is_file()
    assert sorted(path.name for path in (repo.root / "_build").iterdir() if path.name.startswith("html")) == [
        "html"
    ]
    # The compendium's join record follows the swap, so the next build's reader finds the file
    # (accord.pdf.ahead) rather than the builder reading all of it.
    parts = repo.root / "_build" / "doctrees" / PDF_PARTS
    assert rejoin.last_output(parts) == site / "compendium.pdf"


def test_a_failed_fresh_build_leaves_the_last_good_site(accord, repo: Repo) -> None:
    repo.doc("positions/kept.md", title="Kept")
    assert accord("build", str(repo.root), "--no-pdf").code == 0
    site = repo.root / "_build" / "html"
    before = {path: path.read_bytes() for path in site.rglob("*") if path.is_file()}

    # Passes the check, fails in Sphinx (a heading that skips levels).
    repo.doc(
        "positions/broken.md",
        title="Broken",
        body="\n#### Too deep\n\n{cite:p}`wgig2005report,coe2011principles`\n",
    )
    run = accord("build", str(repo.root), "--fresh", "--no-pdf")
    assert run.code == 1
    assert "positions/broken.md:9:1: BUILD001 " in run.out
    assert run.err.endswith("; the build failed\n")
    after = {path: path.read_bytes() for path in site.rglob("*") if path.is_file()}
    assert after == before
    assert not (repo.root / "_build" / "html.new").exists()


def test_the_summary_names_what_was_built(accord, repo: Repo) -> None:
    repo.doc("positions/paper.md")
    run = accord("build", str(repo.root), "--no-pdf")
    assert run.code == 0
    assert run.err.startswith("accord: built 1 documents (HTML) into ")
    assert "PDF" not in run.err
