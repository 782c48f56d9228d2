"""Translations in a browser and in print: the language switch, the right-to-left layout, the
outdated notice, and a PDF per translation (the compendium keeps to the documents)."""

from __future__ import annotations

import contextlib
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from accord import cli
from tests.browsing import SiteServer, open_page
from tests.translated import translated_repo

pytestmark = [pytest.mark.browser, pytest.mark.sphinx]

INTERIM = "positions/principles-wave-2011-interim"


@dataclass(frozen=True)
class Built:
    html: Path


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Built]:
    with pytest.MonkeyPatch.context() as monkeypatch:
        repo, _, _ = translated_repo(tmp_path_factory.mktemp("translated") / "repo", monkeypatch)
        out = tmp_path_factory.mktemp("translated-site")
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed), contextlib.redirect_stderr(printed):
            code = cli.main(["build", str(repo.root), "--out", str(out), "--fresh"])
        assert code == 0, printed.getvalue()
        yield Built(out / "html")


@pytest.fixture(scope="module")
def root_url(built: Built) -> Iterator[str]:
    with SiteServer(built.html) as server:
        yield server.url


@pytest.fixture
def reader(browser: Browser, root_url: str) -> Iterator[Page]:
    with open_page(browser, root_url) as opened:
        yield opened


def test_the_language_switch_leads_to_each_translation_and_back(reader: Page, root_url: str) -> None:
    reader.goto(f"{root_url}/{INTERIM}.html")
    switch = reader.get_by_role("navigation", name="Languages")
    expect(switch.locator('[aria-current="page"]')).to_have_text("English")
    switch.get_by_role("link", name="español").click()
    expect(reader.locator("html")).to_have_attribute("lang", "es")
    expect(reader.get_by_role("heading", level=1)).to_contain_text("Nota provisional")
    reader.get_by_role("navigation", name="Idiomas").get_by_role("link", name="العربية").click()
    expect(reader.locator("html")).to_have_attribute("dir", "rtl")
    reader.get_by_role("navigation", name="اللغات").get_by_role("link", name="English").click()
    expect(reader.locator("html")).to_have_attribute("lang", "en")


def test_an_arabic_page_is_laid_out_right_to_left(reader: Page, root_url: str, tmp_path: Path) -> None:
    reader.set_viewport_size({"width": 1366, "height": 900})
    reader.goto(f"{root_url}/{INTERIM}.ar.html")
    expect(reader.locator("html")).to_have_attribute("dir", "rtl")
    article = reader.locator("article.bd-article").bounding_box()
    toc = reader.locator(".bd-sidebar-secondary").bounding_box()
    assert article and toc and toc["x"] + toc["width"] <= article["x"] + 1  # the page's contents on the left
    heading = reader.get_by_role("heading", level=1).bounding_box()
    assert (
        heading and heading["x"] + heading["width"] > article["x"] + article["width"] * 0.8
    )  # starts on the right
    paragraph = reader.locator("p.accord-para").first
    number = paragraph.locator(".accord-para-number").bounding_box()
    text = paragraph.bounding_box()
    assert number and text and number["x"] >= text["x"] + text["width"] - 2  # the number in the right margin
    notice = reader.locator(".accord-notice").first
    border = notice.evaluate("node => getComputedStyle(node).borderRightWidth")
    assert border != "0px"  # the notice's rule is on the side where the text starts
    reader.screenshot(path=tmp_path / "arabic.png")  # looked at when the layout was made


def test_an_outdated_translation_says_so(reader: Page, root_url: str) -> None:
    reader.goto(f"{root_url}/{INTERIM}.es.html")
    notice = reader.locator(".accord-outdated")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("Esta traducción no está actualizada")
    notice.get_by_role("link", name="Leer el texto original vigente").click()
    expect(reader.locator("html")).to_have_attribute("lang", "en")
    expect(reader).to_have_url(f"{root_url}/{INTERIM}.html")
    reader.goto(f"{root_url}/{INTERIM}.ar.html")
    expect(reader.locator(".accord-outdated")).to_have_count(0)


def _text(pdf: Path) -> str:
    from pypdf import PdfReader

    return " ".join(" ".join(page.extract_text() for page in PdfReader(pdf).pages).split())


def test_each_translation_has_its_pdf_and_the_compendium_keeps_to_the_documents(built: Built) -> None:
    arabic = built.html / f"{INTERIM}.ar.pdf"
    assert arabic.is_file() and (built.html / f"{INTERIM}.es.pdf").is_file()
    assert "الغرض" in _text(arabic)
    typst = (built.html.parent / "typst" / f"{INTERIM}.ar.typ").read_text(encoding="utf-8")
    assert 'lang: "ar"' in typst  # Typst sets Arabic right to left, with the Arabic fonts
    compendium = _text(built.html / "compendium.pdf")
    assert "Frameworks to compare" in compendium
    assert "الغرض" not in compendium and "Propósito" not in compendium


#: (what a reader types, the page it must find): exact words, other inflections, Arabic words with and
#: without the article, a French word without its accent left as typed.
SEARCHES = (
    ("gouvernance", "positions/principles-wave-2011.fr.html"),
    ("principe", "positions/principles-wave-2011.fr.html"),  # the page says "principes"
    ("neutralité", "positions/principles-wave-2011.fr.html"),
    ("comparaison", "positions/principles-wave-2011.fr.html"),
    ("provisional", "positions/principles-wave-2011-interim.es.html"),
    ("حوكمة", f"{INTERIM}.ar.html"),
    ("الإنترنت", f"{INTERIM}.ar.html"),
    ("إنترنت", f"{INTERIM}.ar.html"),  # the page writes it with the article
    ("الأطر", f"{INTERIM}.ar.html"),  # the page writes "أطر" in its title
    ("المبادئ", f"{INTERIM}.ar.html"),  # the page writes "مبادئ" only
    ("治理", f"{INTERIM}.zh-Hans.html"),  # Chinese has no spaces: the page's "互联网治理原则框架"
    ("公民社会", f"{INTERIM}.zh-Hans.html"),
)


def test_search_finds_words_of_every_language(reader: Page, root_url: str) -> None:
    missed = []
    for query, wanted in SEARCHES:
        reader.goto(f"{root_url}/search.html?q={query}")
        results = reader.locator("#search-results")
        expect(results.locator("p.search-summary")).to_be_visible()
        hrefs = [link.get_attribute("href") or "" for link in results.locator("ul.search li a").all()]
        if not any(href.split("?")[0].split("#")[0].endswith(wanted) for href in hrefs):
            missed.append((query, wanted, hrefs))
    assert missed == []
