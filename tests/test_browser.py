"""The built site in a real browser (Debian's chromium through Playwright): what a reader sees.

The site is the repository's own working draft, built once per session (tests/browsing.py).
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.sphinx]

COMPARISON = "positions/principles-wave-2011.html"  # adopted: its paragraphs are numbered
STATEMENT = "principles/civil-society-principles.html"  # a draft


def test_every_page_says_it_is_a_working_draft(page: Page, site_url: str) -> None:
    for path in ("index.html", "crosswalk.html"):
        page.goto(f"{site_url}/{path}")
        notice = page.locator(".bd-article .accord-notice.accord-draft")
        expect(notice).to_be_visible()
        expect(notice).to_contain_text(
            "Working draft: not an official statement of the Accord sample coalition."
        )
        # Said once: the bar above the page is for pages without a notice of their own.
        expect(page.locator(".bd-header-announcement")).to_have_count(0)
    # A document's one banner says its status and that this is the working draft.
    for path, status in ((STATEMENT, "draft"), (COMPARISON, "adopted")):
        page.goto(f"{site_url}/{path}")
        notice = page.locator(f".bd-article .accord-notice.accord-{status}")
        expect(notice).to_be_visible()
        expect(notice).to_contain_text("Working draft")
        expect(page.locator(".accord-notice")).to_have_count(1)
    page.goto(f"{site_url}/search.html")
    expect(page.locator(".bd-header-announcement")).to_contain_text("Working draft")


def test_a_paragraph_permalink_shows_and_copies_the_paragraph(page: Page, site_url: str) -> None:
    page.goto(f"{site_url}/{COMPARISON}#p-10")
    paragraph = page.locator("p#p-10")
    expect(paragraph).to_be_in_viewport()
    assert page.evaluate("document.querySelector(':target').id") == "p-10"
    number = paragraph.locator("a.accord-para-number")
    expect(number).to_have_text("10")
    expect(number).to_have_attribute("href", "#p-10")

    copy = paragraph.locator("button.accord-para-copy")
    expect(copy).to_have_css("opacity", "0")
    paragraph.hover()
    expect(copy).to_have_css("opacity", "1")
    copy.click()
    expect(copy).to_have_attribute("title", "Link copied")
    assert page.evaluate("navigator.clipboard.readText()") == f"{site_url}/{COMPARISON}#p-10"


def test_a_para_reference_leads_to_the_numbered_paragraph(page: Page, site_url: str) -> None:
    page.goto(f"{site_url}/{STATEMENT}")
    page.get_by_role(
        "link", name="The 2011 wave of Internet-governance principles: a comparison, paragraph 10"
    ).click()
    expect(page).to_have_url(f"{site_url}/{COMPARISON}#p-10")
    expect(page.locator("p#p-10")).to_be_in_viewport()
    page.goto(f"{site_url}/{STATEMENT}")
    page.get_by_role("link", name="principle 7", exact=True).click()
    expect(page).to_have_url(f"{site_url}/{STATEMENT}#principle-7")
    expect(page.get_by_role("heading", name="7. Network neutrality")).to_be_in_viewport()


def test_search_finds_a_statement(page: Page, site_url: str) -> None:
    page.goto(f"{site_url}/search.html?q=neutrality")
    results = page.locator("#search-results li a")
    expect(results.first).to_be_visible()
    titles = results.all_inner_texts()
    assert "Civil-society principles for Internet governance" in titles
    link = page.get_by_role("link", name="Civil-society principles for Internet governance").first
    link.click()
    expect(page).to_have_url(re.compile(re.escape(f"{site_url}/{STATEMENT}")))


def test_the_pdf_link_downloads_the_documents_pdf(page: Page, site_url: str) -> None:
    page.goto(f"{site_url}/{STATEMENT}")
    link = page.locator(".accord-metadata a.accord-pdf-link")
    expect(link).to_have_text("Download PDF")
    href = link.evaluate("a => a.href")
    assert href == f"{site_url}/{STATEMENT.removesuffix('.html')}.pdf"
    answer = page.request.get(href)
    assert answer.status == 200
    assert answer.headers["content-type"] == "application/pdf"
    assert answer.body().startswith(b"%PDF-")


def test_the_crosswalk_page_shows_the_matrix(page: Page, site_url: str) -> None:
    page.goto(f"{site_url}/crosswalk.html")
    table = page.locator("table.accord-crosswalk")
    expect(table.locator("thead th")).to_have_count(7)
    expect(table.locator("tbody tr")).to_have_count(12)
    table.get_by_role("link", name="9. Limited liability of intermediaries").click()
    expect(page).to_have_url(f"{site_url}/{STATEMENT}#principle-9")
