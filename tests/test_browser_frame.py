"""The frame around the text in a real browser, at a laptop's width (1366 px) and a phone's
(390 px): wide tables, the footer, the cite box, search results, keyboard use, and axe-core's
accessibility checks on every page type of the repository's working draft (tests/browsing.py).
The pages of published editions are checked in tests/test_browser_editions.py."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browsing import axe_violations, open_page

pytestmark = [pytest.mark.browser, pytest.mark.sphinx]

WIDTHS = (1366, 390)
POSITION = "positions/principles-wave-2011.html"  # adopted, version 1.0, numbered paragraphs
PRINCIPLES = "principles/civil-society-principles.html"  # a draft with its crosswalk
SUPERSEDED = "positions/principles-wave-2011-interim.html"
PAGE_TYPES = {
    "front page": "index.html",
    "position": POSITION,
    "principles with crosswalk": PRINCIPLES,
    "crosswalk page": "crosswalk.html",
    "options map": "options.html",
    "superseded": SUPERSEDED,
    "consultation": "positions/igf-policy-options.html",
    "consultation record": "consultations/igf-policy-options.html",
    "signatories": "signatories.html",
    "index page": "positions/index.html",
    "search": "search.html?q=neutrality",
    "general index": "genindex.html",
}


@pytest.fixture(params=WIDTHS, ids=lambda width: f"{width}px")
def width(request: pytest.FixtureRequest) -> int:
    return request.param


@pytest.fixture
def sized(browser: Browser, site_url: str, width: int) -> Iterator[Page]:
    with open_page(browser, site_url, width=width) as opened:
        yield opened


@pytest.mark.parametrize("path", PAGE_TYPES.values(), ids=PAGE_TYPES.keys())
def test_no_serious_or_critical_axe_finding(sized: Page, site_url: str, path: str) -> None:
    sized.goto(f"{site_url}/{path}")
    sized.wait_for_load_state("networkidle")
    if path.startswith("search"):
        expect(sized.locator("#search-results li").first).to_be_visible()
    assert axe_violations(sized) == []


@pytest.mark.parametrize("path", [POSITION, "positions/index.html", SUPERSEDED])
def test_no_serious_or_critical_axe_finding_in_the_dark_theme(
    browser: Browser, site_url: str, path: str
) -> None:
    with open_page(browser, site_url, width=1366, dark=True) as dark:
        dark.goto(f"{site_url}/{path}")
        dark.wait_for_load_state("networkidle")
        assert dark.evaluate("document.documentElement.dataset.theme") == "dark"
        assert axe_violations(dark) == []


@pytest.mark.parametrize("path", [PRINCIPLES, "crosswalk.html"])
def test_the_crosswalk_is_never_clipped_and_keeps_its_first_column(
    sized: Page, site_url: str, path: str
) -> None:
    sized.goto(f"{site_url}/{path}")
    table = sized.locator("table.accord-crosswalk").first
    frame = table.locator("xpath=..")
    caption = table.locator("caption .caption-text")
    table_width, frame_width = table.evaluate("t => [t.scrollWidth, t.parentElement.clientWidth]")
    assert sized.evaluate("document.documentElement.scrollWidth") <= sized.viewport_size["width"]
    if sized.viewport_size["width"] >= 1366:
        assert table_width <= frame_width  # the whole matrix in the column, nothing to scroll
        return
    # A phone: the matrix scrolls inside its frame; the principles and the caption stay in view.
    assert table_width > frame_width
    first = table.locator("tbody tr").first.locator("td").first
    before = first.bounding_box()
    frame.evaluate("f => { f.scrollLeft = 250; }")
    assert frame.evaluate("f => f.scrollLeft") == 250
    assert first.bounding_box()["x"] == pytest.approx(before["x"], abs=1)
    box, view = caption.bounding_box(), frame.bounding_box()
    assert view["x"] - 1 <= box["x"] and box["x"] + box["width"] <= view["x"] + view["width"] + 1


def test_the_crosswalk_shows_that_more_columns_wait(browser: Browser, site_url: str) -> None:
    with open_page(browser, site_url, width=390) as phone:
        phone.goto(f"{site_url}/crosswalk.html")
        frame = phone.locator(".pst-scrollable-table-container").first
        fade = "f => getComputedStyle(f).getPropertyValue('--accord-fade')"
        assert frame.evaluate(fade) != "0px"  # the right edge fades out: scroll for more
        frame.evaluate("f => { f.scrollLeft = f.scrollWidth; }")
        phone.wait_for_timeout(100)
        assert frame.evaluate(fade) == "0px"  # at the end nothing more waits


def test_the_options_map_is_a_list_of_cards_on_a_phone(sized: Page, site_url: str) -> None:
    sized.goto(f"{site_url}/options.html")
    row = sized.locator("table.accord-options-map tbody tr").first
    label = row.locator(".accord-cell-label").first
    if sized.viewport_size["width"] >= 1366:
        expect(label).to_be_hidden()
        expect(sized.locator("table.accord-options-map thead").first).to_be_visible()
        return
    expect(label).to_be_visible()
    expect(label).to_have_text("Set out in")
    cells = row.locator("td")
    # Each cell takes the card's whole width, one under the other: no column of two words a line.
    boxes = [cells.nth(i).bounding_box() for i in range(cells.count())]
    assert all(box["width"] >= 300 for box in boxes)
    assert boxes[0]["y"] < boxes[1]["y"] < boxes[2]["y"]


def test_the_skip_link_is_on_screen_when_focused(sized: Page, site_url: str) -> None:
    sized.goto(f"{site_url}/{POSITION}")
    sized.keyboard.press("Tab")
    link = sized.get_by_role("link", name="Skip to main content")
    expect(link).to_be_focused()
    box = link.bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= sized.viewport_size["height"]
    expect(link).to_be_in_viewport()


def test_a_numbered_paragraph_is_one_tab_stop(page: Page, site_url: str) -> None:
    page.goto(f"{site_url}/{POSITION}")
    paragraph = page.locator("p#p-5")  # a paragraph without links: only its own controls
    expect(paragraph.locator("button.accord-para-copy")).to_have_count(1)
    stops = paragraph.evaluate(
        """p => [...p.querySelectorAll('a[href], button')].filter(e => e.tabIndex >= 0).length"""
    )
    assert stops == 1
    # The stop is the copy button, which shows when focused and names the paragraph.
    page.locator("p#p-4 a.accord-para-number").focus()
    page.keyboard.press("Tab")
    while not page.evaluate("document.activeElement.closest('p#p-5') !== null"):
        page.keyboard.press("Tab")
    copy = paragraph.get_by_role("button", name="Copy link to paragraph 5")
    expect(copy).to_be_focused()
    expect(copy).to_have_css("opacity", "1")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('p#p-5')") is None


def test_the_cite_box_has_a_cite_as_line_and_copy_buttons(page: Page, site_url: str) -> None:
    page.goto(f"{site_url}/{POSITION}")
    box = page.locator("details.accord-cite")
    box.locator("summary").click()
    line = box.locator("p.accord-cite-as")
    expect(line).to_have_text(
        "Accord sample coalition (2026). The 2011 wave of Internet-governance principles: a comparison. "
        "Adopted, version 1.0. Working draft, not an official statement."
    )
    button = box.get_by_role("button", name="Copy Cite as")
    button.focus()
    page.keyboard.press("Enter")
    expect(box.get_by_role("status").first).to_have_text("Copied")
    assert page.evaluate("navigator.clipboard.readText()") == line.inner_text()
    box.get_by_role("button", name="Copy BibTeX").click()
    assert page.evaluate("navigator.clipboard.readText()").startswith("@")


def test_without_script_the_citation_is_plain_selectable_text(browser: Browser, site_url: str) -> None:
    with open_page(browser, site_url, script=False) as plain:
        plain.goto(f"{site_url}/{POSITION}")
        box = plain.locator("details.accord-cite")
        box.locator("summary").click()
        expect(box.locator("p.accord-cite-as")).to_contain_text("Accord sample coalition (2026).")
        expect(box.locator("button")).to_have_count(0)
        assert box.locator("p.accord-cite-as").evaluate("p => getComputedStyle(p).userSelect") != "none"


def test_search_results_show_status_and_version(page: Page, site_url: str) -> None:
    page.goto(f"{site_url}/search.html?q=neutrality")
    result = page.locator("#search-results li").filter(
        has=page.get_by_role("link", name="The 2011 wave of Internet-governance principles: a comparison")
    )
    expect(result.locator(".accord-search-facts")).to_have_text("Adopted, version 1.0")
    draft = page.locator("#search-results li").filter(
        has=page.get_by_role("link", name="Civil-society principles for Internet governance")
    )
    expect(draft.locator(".accord-search-facts")).to_have_text("Draft")


def test_the_footer_names_the_organisation_and_the_indexes(sized: Page, site_url: str) -> None:
    sized.goto(f"{site_url}/{POSITION}")
    footer = sized.locator("footer .accord-footer")
    expect(footer).to_contain_text("The Accord sample coalition")
    link = footer.get_by_role("link", name="statements.json")
    assert link.evaluate("a => a.href") == f"{site_url}/statements.json"
    expect(link).to_be_visible()
