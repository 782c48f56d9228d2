"""One status banner per document, in the page and in its PDF: an adopted text names its edition,
version and adoption record; anything else says its status and that it is not an adopted position
(issue 13). Inside an edition only adopted texts are green, and a consultation says its state on
the edition's date."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

from tests.conftest import Repo
from tests.test_sphinxext import html, text_of

pytestmark = pytest.mark.sphinx

ADOPTED = "{date: 2026-06-12, by: General Assembly, record: 'https://example.org/minutes/12'}"
EDITION = {"accord_edition": "v1.1", "accord_edition_date": "2026-11-25"}
DECEMBER_1 = "1796083200"  # SOURCE_DATE_EPOCH of 2026-12-01


def _documents(repo: Repo, closes: str = "2026-12-18") -> None:
    repo.doc(
        "positions/adopted.md", title="Adopted paper", status="adopted", version="'1.2'", adopted=ADOPTED
    )
    repo.doc("positions/draft.md", title="Draft paper")
    repo.doc(
        "positions/consulted.md",
        title="Consulted paper",
        status="consultation",
        consultation=f"{{opens: 2026-11-02, closes: {closes}}}",
    )
    repo.doc(
        "positions/old.md",
        title="Old paper",
        status="superseded",
        version="'1.0'",
        adopted="{date: 2025-03-01, by: General Assembly}",
        superseded_by="adopted",
    )
    repo.doc(
        "positions/gone.md",
        title="Gone paper",
        status="withdrawn",
        date="2026-05-04",
        withdrawn="{date: 2026-05-04, reason: Overtaken by the 2026 statement}",
    )


def banner(out: Path, page: str) -> tuple[str, str]:
    """(classes, text) of the one banner of a page."""
    found = re.findall(r'<div class="(accord-notice[^"]*)"[^>]*>(.*?)</div>', html(out, page), re.DOTALL)
    assert len(found) == 1, f"{page}: {len(found)} notices"
    return found[0][0], text_of(found[0][1])


def test_banners_of_the_working_draft(build, repo: Repo, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", DECEMBER_1)
    _documents(repo)
    warnings, out = build()
    assert warnings == ""
    assert banner(out, "positions/adopted") == (
        "accord-notice accord-status-banner accord-adopted docutils container",
        "Adopted text, version 1.2, adopted by General Assembly on 12 June 2026 (record of the decision). "
        "Working draft: the text may change; the official text is in the newest edition.",
    )
    kind, text = banner(out, "positions/draft")
    assert "accord-draft" in kind and text.startswith("Draft – not adopted. Not an adopted position of")
    kind, text = banner(out, "positions/consulted")
    assert "accord-consultation" in kind
    assert text.startswith("Consultation closes 18 December 2026. Not an adopted position")
    kind, text = banner(out, "positions/old")
    assert "accord-superseded" in kind
    assert text.startswith(
        "Superseded by Adopted paper on 12 June 2026. Not the current position of the coalition. "
        "Version 1.0 was adopted by General Assembly on 1 March 2025."
    )
    assert 'href="adopted.html"' in html(out, "positions/old")
    kind, text = banner(out, "positions/gone")
    assert "accord-withdrawn" in kind
    assert text.startswith(
        "Withdrawn on 4 May 2026. Reason: Overtaken by the 2026 statement. Not an adopted position"
    )
    # Before the first edition there is no history page to link to.
    assert "latest/history" not in html(out, "positions/draft")
    assert "latest/history" not in html(out, "index")


def test_the_draft_links_the_history_once_an_edition_is_tagged(build, repo: Repo) -> None:
    _documents(repo)
    environment = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org"}
    environment |= {"GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    for command in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "first"], ["tag", "v1.0"]):
        subprocess.run(["git", *command], cwd=repo.root, check=True, env=environment)
    warnings, out = build()
    assert warnings == ""
    assert 'href="../../latest/history/draft.html"' in html(out, "positions/draft")
    assert 'href="../latest/history/index.html">History of every document</a>' in html(out, "index")


def test_banners_inside_an_edition(build, repo: Repo) -> None:
    _documents(repo, closes="2026-11-20")
    warnings, out = build(confoverrides=EDITION)
    assert warnings == ""
    kind, text = banner(out, "positions/adopted")
    assert "accord-adopted" in kind
    assert text.startswith(
        "Adopted text, version 1.2, adopted by General Assembly on 12 June 2026 (record of the decision). "
        "Official edition v1.1 of 25 November 2026."
    )
    for page in ("draft", "consulted", "old", "gone"):
        kind, text = banner(out, f"positions/{page}")
        # Not the green box of an adopted text, and never "Official edition" as a heading.
        assert "accord-adopted" not in kind and "accord-edition" not in kind, page
        assert "Official edition v1.1 of 25 November 2026." in text
    # The consultation closed before the edition's date: the frozen page says so for ever.
    assert banner(out, "positions/consulted")[1].startswith("Consultation closed on 20 November 2026.")
    # Without JavaScript, each page says where the latest text is, and names it canonical.
    page = html(out, "positions/draft")
    assert "The latest text of this document is always at" in text_of(page)
    assert 'href="../../../latest/positions/draft.html"' in page
    assert "<title>Draft paper" in page and "(edition v1.1)</title>" in page
    # One notice: the bar above the page does not repeat it.
    assert "bd-header-announcement" not in page


def test_the_pdf_prints_the_same_banner(build, repo: Repo) -> None:
    _documents(repo, closes="2026-11-20")
    warnings, out = build("accordpdf", confoverrides=EDITION)
    assert warnings == ""
    import pypdf

    def text(name: str) -> str:
        reader = pypdf.PdfReader(out / "positions" / f"{name}.pdf")
        return " ".join(" ".join(page.extract_text() for page in reader.pages).split())

    assert "Consultation closed on 20 November 2026. Not an adopted position" in text("consulted")
    assert "Superseded by" in text("old") and "Not the current position" in text("old")
    assert "Adopted text, version 1.2, adopted by General Assembly on 12 June 2026" in text("adopted")
