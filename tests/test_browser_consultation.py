"""A consultation as a reader sees it in a browser: under each numbered paragraph its number of
comments and "Comment on paragraph N", and the record page those counts lead to."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browsing import SiteServer, open_page

pytestmark = [pytest.mark.browser, pytest.mark.sphinx]

PAPER = "positions/igf-policy-options.html"
#: The sample record (tests/fixtures/sample/consultations/igf-policy-options.yaml): comments by
#: the paragraph they are about.
COUNTS = {2: 1, 8: 2, 10: 1, 14: 1}


@pytest.fixture(scope="module")
def consulted_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The sample site with a repository setting (so the form links exist), built on a day inside
    the consultation window."""
    from accord import cli
    from tests.conftest import sample_repo

    repo = sample_repo(tmp_path_factory.mktemp("consulted") / "repo")
    pyproject = repo.root / "pyproject.toml"
    pyproject.write_text(
        pyproject.read_text(encoding="utf-8") + 'repository = "accord-sample/statements"\n', encoding="utf-8"
    )
    out = tmp_path_factory.mktemp("consulted-site")
    printed = io.StringIO()
    epoch = str(int(dt.datetime(2026, 12, 1, tzinfo=dt.UTC).timestamp()))
    with (
        pytest.MonkeyPatch.context() as patch,
        contextlib.redirect_stdout(printed),
        contextlib.redirect_stderr(printed),
    ):
        patch.setenv("SOURCE_DATE_EPOCH", epoch)
        code = cli.main(["build", str(repo.root), "--out", str(out), "--fresh"])
    if code != 0:
        pytest.fail(f"accord build failed:\n{printed.getvalue()}")
    with SiteServer(Path(out) / "html") as server:
        yield server.url


@pytest.fixture
def page(browser: Browser, consulted_url: str) -> Iterator[Page]:
    with open_page(browser, consulted_url) as opened:
        yield opened


def test_every_numbered_paragraph_offers_a_comment_link_and_its_count(page: Page, consulted_url: str) -> None:
    page.goto(f"{consulted_url}/{PAPER}")
    paragraphs = page.locator("p.accord-para")
    total = paragraphs.count()
    assert total == 15
    for number in range(1, total + 1):
        paragraph = page.locator(f"p#p-{number}")
        count = COUNTS.get(number, 0)
        expect(paragraph.locator(".accord-comment-count")).to_have_text(
            f"{count} comment" + ("" if count == 1 else "s")
        )
        link = paragraph.locator("a.accord-comment-link")
        expect(link).to_have_text(f"Comment on paragraph {number}")
        href = link.get_attribute("href") or ""
        parts = urlsplit(href)
        assert (parts.scheme, parts.netloc, parts.path) == (
            "https",
            "github.com",
            "/accord-sample/statements/issues/new",
        )
        assert parse_qs(parts.query) == {
            "template": ["comment.yml"],
            "title": [f"Comment on igf-policy-options, paragraph {number}"],
            "document": ["igf-policy-options"],
            "version": ["2026-11-02"],
            "paragraph": [str(number)],
        }
    expect(page.locator(".accord-consultation-notice")).to_contain_text("Open for comments until 2026-12-18.")


def test_a_count_leads_to_the_comments_on_that_paragraph(page: Page, consulted_url: str) -> None:
    page.goto(f"{consulted_url}/{PAPER}")
    page.locator("p#p-8 a.accord-comment-count").click()
    page.wait_for_url("**/consultations/igf-policy-options.html#paragraph-8")
    group = page.locator("section#paragraph-8")
    expect(group).to_be_in_viewport()
    expect(group.locator(".accord-comment-entry")).to_have_count(2)
    expect(group).to_contain_text("Who selects the questions?")
    expect(group.locator(".accord-disposition")).to_have_text(["Partly accepted", "Pending"])
    expect(page.locator(".accord-comment-summary")).to_contain_text("Pending: 1")


def test_the_record_is_linked_from_the_document(page: Page, consulted_url: str) -> None:
    page.goto(f"{consulted_url}/{PAPER}")
    link = page.locator(".accord-metadata-fields a", has_text="5 comments and responses")
    link.click()
    expect(page.locator("h1")).to_contain_text("Comments and responses")
    expect(page).to_have_title(re.compile(r"^Comments and responses: Mapping policy options"))


def test_the_comment_links_fit_a_phone(browser: Browser, consulted_url: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844})
    try:
        phone = context.new_page()
        phone.goto(f"{consulted_url}/{PAPER}#p-8")
        link = phone.locator("p#p-8 a.accord-comment-link")
        expect(link).to_be_visible()
        box = link.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390
        assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    finally:
        context.close()
