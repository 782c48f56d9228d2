"""A consultation in the built site and the PDF: the comment links and counts under each numbered
paragraph, the "Comments and responses" page, the annex, statements.json; comment text inert."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from tests.conftest import Repo

pytestmark = pytest.mark.sphinx

WINDOW = "{opens: 2026-11-02, closes: 2026-12-18}"
BODY = """
## Section

The first paragraph, on access {cite:p}`wgig2005report,coe2011principles`.

The second paragraph, on the forum's mandate and what it asks of governments.

The third paragraph, on the map of policy options.
"""
HOSTILE = (
    "<script>alert(1)</script> {raw}`html <b>x</b>` <img src=x onerror=alert(2)>\n"
    "[click](javascript:alert(3)) **bold** $x$ ```{eval-rst}\n.. raw:: html\n```"
)
RECORD = f"""\
document: paper
comments:
  - id: gh-1
    source: https://github.com/rights/statements/issues/1
    received: 2026-11-10
    version: "2026-11-02"
    paragraph: 2
    quote: The second paragraph, on the forum's mandate and what it asks of governments.
    name: Jane Doe
    organisation: Example Org
    text: {json.dumps(HOSTILE)}
    disposition: accepted
    response: "We changed it. <script>alert(4)</script>"
  - id: gh-2
    source: "javascript:alert(5)"
    received: 2026-11-12
    version: "2026-11-02"
    paragraph: 2
    quote: The second paragraph, on the forum's mandate and what it asks of governments.
    name: anonymous
    text: A second comment on the mandate.
    disposition: pending
    response: ""
"""


@pytest.fixture
def consulted(repo: Repo, monkeypatch: pytest.MonkeyPatch) -> Repo:
    # The build's "today" (SOURCE_DATE_EPOCH): inside the window, whenever the tests run.
    epoch = dt.datetime(2026, 12, 1, tzinfo=dt.UTC).timestamp()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(epoch)))
    repo.write("pyproject.toml", '[tool.accord]\nrepository = "rights/statements"\n')
    repo.doc("positions/paper.md", BODY, status="consultation", consultation=WINDOW, date="2026-11-02")
    repo.write("consultations/paper.yaml", RECORD)
    return repo


def _paragraph(html: str, number: int) -> str:
    found = re.search(rf'<p class="accord-para" id="p-{number}">(.*?)</p>', html, re.DOTALL)
    assert found, f"no paragraph {number}"
    return found[1]


def test_each_numbered_paragraph_links_the_form_and_counts_its_comments(build, consulted: Repo) -> None:
    warnings, out = build()
    assert warnings == ""
    html = (out / "positions" / "paper.html").read_text(encoding="utf-8")
    second = _paragraph(html, 2)
    assert (
        '<a class="accord-comment-count" href="../consultations/paper.html#paragraph-2">2 comments</a>'
        in second
    )
    assert (
        '<a class="accord-comment-link" href="https://github.com/rights/statements/issues/new?'
        "template=comment.yml&amp;title=Comment%20on%20paper%2C%20paragraph%202&amp;"
        'document=paper&amp;version=2026-11-02&amp;paragraph=2" rel="nofollow">'
        "Comment on paragraph 2</a>" in second
    )
    third = _paragraph(html, 3)
    assert '<span class="accord-comment-count">0 comments</span>' in third
    assert "paragraph=3" in third
    assert "mailto:" not in html  # no consultation-email setting
    assert "Open for comments until 2026-12-18." in html
    assert (
        '<a class="reference external" href="../consultations/paper.html">2 comments and responses</a>'
        in html
    )


def test_the_email_link_when_the_setting_exists() -> None:
    from accord.consultation import links

    class Settings:
        repository = "rights/statements"
        consultation_email = "comments@example.org"

    assert links.comment_mailto(Settings, "paper", "1.0", 4).startswith(
        "mailto:comments@example.org?subject=%5Bpaper%20para%204%5D&body=Version%3A%201.0"
    )
    Settings.consultation_email = ""
    assert links.comment_mailto(Settings, "paper", "1.0", 4) == ""


def test_after_the_window_closes_counts_stay_and_links_go(build, consulted: Repo, monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(dt.datetime(2026, 12, 20, tzinfo=dt.UTC).timestamp())))
    _, out = build()
    html = (out / "positions" / "paper.html").read_text(encoding="utf-8")
    assert "2 comments</a>" in _paragraph(html, 2)
    assert "issues/new" not in html
    assert "The consultation closed on 2026-12-18." in html


def test_the_comments_and_responses_page(build, consulted: Repo) -> None:
    _, out = build()
    page = (out / "consultations" / "paper.html").read_text(encoding="utf-8")
    assert "<h1>Comments and responses<" in page
    assert "<title>Comments and responses: A sample draft" in page
    assert '<a class="reference external" href="../positions/paper.html">A sample draft</a>' in page
    assert "Pending: 1" in page and "Accepted: 1" in page and "Noted: 0" in page
    assert '<section class="accord-comment-group" id="paragraph-2">' in page
    assert "<strong>Jane Doe (Example Org)</strong>, 2026-11-10, on version 2026-11-02" in page
    assert (
        '(<a class="reference external" href="https://github.com/rights/statements/issues/1">source</a>)'
        in page
    )
    assert "<strong>anonymous</strong>, 2026-11-12, on version 2026-11-02</p>" in page  # no javascript: link


def test_comment_text_is_inert(build, consulted: Repo) -> None:
    _, out = build()
    page = (out / "consultations" / "paper.html").read_text(encoding="utf-8")
    assert "<script>alert" not in page
    assert "<img" not in page.split('class="accord-comment-text"', 1)[1]
    assert (
        "&lt;script&gt;alert(1)&lt;/script&gt; {raw}`html &lt;b&gt;x&lt;/b&gt;` &lt;img src=x onerror=alert(2)&gt;"
        in page
    )
    assert "[click](javascript:alert(3)) **bold** $x$" in page  # not a link, not bold, not math
    assert 'href="javascript' not in page
    assert "<b>x</b>" not in page and "<strong>bold</strong>" not in page
    assert "We changed it. &lt;script&gt;alert(4)&lt;/script&gt;" in page


def test_statements_json_counts_the_comments(build, consulted: Repo) -> None:
    _, out = build()
    data = json.loads((out / "statements.json").read_text(encoding="utf-8"))
    paper = next(doc for doc in data["documents"] if doc["id"] == "paper")
    assert paper["comments"] == {
        "total": 2,
        "pending": 1,
        "accepted": 1,
        "partly-accepted": 0,
        "not-accepted": 0,
        "noted": 0,
    }


def test_a_comment_follows_its_paragraph_when_one_is_inserted(build, consulted: Repo) -> None:
    body = BODY.replace(
        "The second paragraph", "A new paragraph, inserted in answer.\n\nThe second paragraph"
    )
    consulted.doc("positions/paper.md", body, status="consultation", consultation=WINDOW, date="2026-11-02")
    _, out = build()
    html = (out / "positions" / "paper.html").read_text(encoding="utf-8")
    assert '<span class="accord-comment-count">0 comments</span>' in _paragraph(html, 2)
    assert '#paragraph-3">2 comments</a>' in _paragraph(html, 3)
    page = (out / "consultations" / "paper.html").read_text(encoding="utf-8")
    assert 'id="paragraph-3"' in page
    assert "made on paragraph 2 of version 2026-11-02" in page


def test_the_page_follows_the_record(build, consulted: Repo) -> None:
    build()
    consulted.write("consultations/paper.yaml", RECORD.replace("disposition: pending", "disposition: noted"))
    _, out = build()
    page = (out / "consultations" / "paper.html").read_text(encoding="utf-8")
    assert "Pending: 0" in page and "Noted: 1" in page


def test_rule_violations_are_build_warnings(build, consulted: Repo) -> None:
    consulted.write(
        "consultations/paper.yaml", RECORD.replace("disposition: pending", "disposition: rejected")
    )
    warnings, _ = build()
    assert "consultations/paper.yaml:22: WARNING: CONS015 disposition must be one of" in warnings


def test_the_pdf_prints_the_record_as_an_annex(build, consulted: Repo) -> None:
    warnings, out = build("accordpdf")
    assert warnings == ""
    source = (out / "typst" / "positions" / "paper.typ").read_text(encoding="utf-8")
    assert (
        '#heading(depth: 2)[Annex: comments and responses] #label("positions/paper#comments-and-responses");'
        in source
    )
    assert "#heading(depth: 3)[Paragraph 2]" in source
    # Typst's markup characters in comment text are escaped: no function call, no raw block.
    assert "#quote()[\\<script\\>alert(1)\\<\\/script\\> {raw}\\`html \\<b\\>x\\<\\/b\\>\\`" in source
    assert "\\[click\\](javascript:alert(3)) \\*\\*bold\\*\\* \\$x\\$" in source
    assert '#link("javascript' not in source
    assert "Comment on paragraph" not in source
    assert Path(out / "positions" / "paper.pdf").is_file()


def test_email_is_offered_when_configured(build, consulted: Repo, monkeypatch: pytest.MonkeyPatch) -> None:
    """consultation-email is read leniently (the setting comes with `accord consultation collect`):
    here it is given through the settings accessor."""
    import dataclasses

    from accord.sphinxext import config, consultation

    def with_email(app_config):
        found = config.get_settings(app_config)
        return dataclasses.replace(found, consultation_email="comments@example.org")

    monkeypatch.setattr(consultation, "get_settings", with_email)
    _, out = build()
    html = (out / "positions" / "paper.html").read_text(encoding="utf-8")
    assert (
        '<a class="accord-comment-mail" href="mailto:comments@example.org?subject=%5Bpaper%20para%203%5D&amp;'
        in _paragraph(html, 3)
    )
    assert 'Without an account, write to <a class="reference external" href="mailto:comments' in html


def test_a_build_that_writes_no_page_still_writes_the_record(build, consulted: Repo) -> None:
    build()
    warnings, out = build()  # nothing changed: no document is written again
    assert warnings == ""
    assert "Comments and responses" in (out / "consultations" / "paper.html").read_text(encoding="utf-8")
