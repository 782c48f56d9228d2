"""Published editions in a real browser: the version switcher reads versions.json when a page
is opened, and an older edition tells its readers about the newer one (tests/test_editions.py
builds and publishes the two editions)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browsing import SiteServer, axe_violations, open_page
from tests.test_editions import Project, project  # noqa: F401 - the module's fixture

pytestmark = [pytest.mark.browser, pytest.mark.sphinx]

PAPER = "positions/paper.html"


@pytest.fixture(scope="module")
def site_root(project: Project) -> Iterator[str]:  # noqa: F811 - the fixture imported above
    with SiteServer(project.site) as server:
        yield server.url


@pytest.fixture
def reader(browser: Browser, site_root: str) -> Iterator[Page]:
    with open_page(browser, site_root) as opened:
        yield opened


def test_an_older_edition_links_the_same_page_in_the_newest(reader: Page, site_root: str) -> None:
    reader.goto(f"{site_root}/editions/v1.0/{PAPER}")
    expect(reader.locator(".bd-article .accord-notice.accord-adopted")).to_contain_text(
        "Official edition v1.0 of 20 November 2026."
    )
    replaced = reader.locator(".accord-replaced")
    expect(replaced).to_contain_text("A newer official edition, v1.1, replaces edition v1.0.")
    # Whether THIS document changed since, with a link to the change and to its history.
    expect(replaced).to_contain_text("This document changed in edition v1.1: see what changed.")
    expect(replaced.get_by_role("link", name="see what changed")).to_have_attribute(
        "href", f"{site_root}/editions/v1.1/changes/paper.html"
    )
    expect(replaced.get_by_role("link", name="Its history")).to_have_attribute(
        "href", f"{site_root}/latest/history/paper.html"
    )
    link = replaced.get_by_role("link", name="Read it in edition v1.1")
    expect(link).to_have_attribute("href", f"{site_root}/editions/v1.1/{PAPER}")
    link.click()
    expect(reader).to_have_url(f"{site_root}/editions/v1.1/{PAPER}")
    expect(reader.locator(".bd-article .accord-notice.accord-adopted")).to_contain_text(
        "Official edition v1.1 of 25 November 2026."
    )
    expect(reader.get_by_text("The Internet stays open and free")).to_be_visible()
    # The newest edition has nothing newer to point at.
    reader.wait_for_load_state("networkidle")
    expect(reader.locator(".accord-replaced")).to_have_count(0)


def test_the_version_switcher_lists_editions_published_later(reader: Page, site_root: str) -> None:
    reader.goto(f"{site_root}/editions/v1.0/{PAPER}")
    button = reader.locator("button.version-switcher__button").first
    expect(button).to_have_text("v1.0")
    button.click()
    menu = reader.locator(".version-switcher__menu").first
    expect(menu.locator("a")).to_have_text(["v1.1 (latest)", "v1.0", "working draft"])
    menu.get_by_text("v1.1 (latest)").click()
    expect(reader).to_have_url(f"{site_root}/editions/v1.1/{PAPER}")


def test_the_draft_says_it_is_not_official_and_can_switch_to_an_edition(reader: Page, site_root: str) -> None:
    reader.goto(f"{site_root}/draft/{PAPER}")
    expect(reader.locator(".bd-article .accord-notice.accord-adopted")).to_contain_text("Working draft")
    button = reader.locator("button.version-switcher__button").first
    expect(button).to_have_text("working draft")
    reader.wait_for_load_state("networkidle")
    expect(reader.locator(".accord-replaced")).to_have_count(0)
    button.click()
    reader.locator(".version-switcher__menu").first.get_by_text("v1.0").click()
    expect(reader).to_have_url(f"{site_root}/editions/v1.0/{PAPER}")


def test_the_site_root_leads_to_the_newest_edition(reader: Page, site_root: str) -> None:
    reader.goto(f"{site_root}/")
    expect(reader).to_have_url(f"{site_root}/editions/v1.1/")
    expect(reader.locator(".bd-article .accord-notice.accord-edition")).to_contain_text(
        "Official edition v1.1"
    )


def test_without_javascript_an_edition_says_where_the_latest_text_is(
    browser: Browser, site_root: str
) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        reader = context.new_page()
        reader.goto(f"{site_root}/editions/v1.0/{PAPER}")
        banner = reader.locator(".bd-article .accord-notice")
        expect(banner).to_have_count(1)
        banner.get_by_role("link", name="its stable address").click()
        expect(reader).to_have_url(f"{site_root}/latest/{PAPER}")
        expect(reader.get_by_text("The Internet stays open and free")).to_be_visible()
    finally:
        context.close()


@pytest.mark.parametrize(
    "path", ["latest/history/paper.html", "latest/history/index.html", "editions/v1.1/changes/paper.html"]
)
def test_history_and_redline_pages_fit_a_phone(browser: Browser, site_root: str, path: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844})
    try:
        reader = context.new_page()
        reader.goto(f"{site_root}/{path}")
        expect(reader.locator("h1")).to_be_visible()
        assert reader.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        # The site's own stylesheet is loaded (its fonts and colours).
        assert reader.evaluate(
            "[...document.styleSheets].some((s) => (s.href || '').endsWith('pydata-sphinx-theme.css'))"
        )
    finally:
        context.close()


def test_the_history_page_lists_every_edition_and_leads_to_the_changes(reader: Page, site_root: str) -> None:
    reader.goto(f"{site_root}/editions/v1.0/{PAPER}")
    reader.locator(".accord-metadata").get_by_role("link", name="every edition and what changed").click()
    expect(reader).to_have_url(f"{site_root}/latest/history/paper.html")
    expect(reader.locator("ol.accord-history > li")).to_have_count(2)
    reader.get_by_role("link", name="see what changed").first.click()
    expect(reader).to_have_url(f"{site_root}/editions/v1.1/changes/paper.html")
    expect(reader.locator("ins")).to_contain_text("and free")


@pytest.mark.parametrize("width", [1366, 390])
@pytest.mark.parametrize(
    "path", ["editions/v1.0/positions/paper.html", "editions/v1.1/index.html", "draft/positions/newer.html"]
)
def test_edition_pages_have_no_serious_or_critical_axe_finding(
    browser: Browser, site_root: str, path: str, width: int
) -> None:
    with open_page(browser, site_root, width=width) as page:
        page.goto(f"{site_root}/{path}")
        page.wait_for_load_state("networkidle")
        if path.startswith("editions/v1.0"):
            # The newer-edition notice, whose link was too light on the notice's background.
            expect(page.locator(".accord-replaced a").first).to_be_visible()
        expect(page.locator("button.version-switcher__button").first).not_to_have_text("Choose edition")
        assert axe_violations(page) == []
