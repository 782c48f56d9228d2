"""The frame around every page, as built HTML: the footer (organisation, licence, contact, feed,
statements.json), the theme's buttons with names that contain what they show, the search page's
facts and the plain "Cite as" line. tests/test_browser_frame.py looks at the same in a browser."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from accord import settings
from accord.sphinxext import searchfacts
from tests.conftest import Repo

pytestmark = pytest.mark.sphinx


def _page(out: Path, name: str) -> str:
    return (out / f"{name}.html").read_text(encoding="utf-8")


def _footer(page: str) -> str:
    found = re.search(r'<p class="accord-footer">(.*?)</p>', page, re.S)
    assert found, "no footer"
    return found[1]


def test_the_footer_names_organisation_contact_feed_and_statements(build, repo: Repo) -> None:
    repo.write(
        "pyproject.toml",
        '[tool.accord]\norganisation = "the <Open> Coalition"\ncontact = "office@example.org"\n'
        'base-url = "https://example.org/"\n',
    )
    repo.doc("positions/paper.md", title="A paper")
    warnings, out = build()
    assert warnings == ""
    for name in ("index", "positions/paper", "search", "genindex"):
        footer = _footer(_page(out, name))
        assert "The &lt;Open&gt; Coalition" in footer  # escaped, and it starts the line
        assert '<a href="mailto:office@example.org">office@example.org</a>' in footer
        assert 'href="https://example.org/feed.xml"' in footer
    assert 'href="../statements.json"' in _footer(_page(out, "positions/paper"))
    # No licence setting (the print work adds one): nothing is said about a licence.
    assert "Licence" not in _footer(_page(out, "index"))


def test_without_settings_the_footer_links_only_statements_json(build, repo: Repo) -> None:
    repo.write("pyproject.toml", "[tool.accord]\n")
    _, out = build()
    footer = _footer(_page(out, "index"))
    assert 'href="statements.json"' in footer
    assert "feed.xml" not in footer and "mailto:" not in footer and "Licence" not in footer


def test_the_licence_links_its_spdx_page(build, repo: Repo) -> None:
    repo.write("pyproject.toml", '[tool.accord]\nlicence = "CC-BY-4.0"\n')
    warnings, out = build()
    assert warnings == ""
    footer = _footer(_page(out, "index"))
    assert 'Licence: <a href="https://spdx.org/licenses/CC-BY-4.0.html" rel="license">CC-BY-4.0</a>' in footer


def test_a_licence_expression_is_shown_as_text(build, repo: Repo) -> None:
    repo.write("pyproject.toml", '[tool.accord]\nlicence = "CC-BY-4.0 OR MIT"\n')
    warnings, out = build()
    assert warnings == ""
    footer = _footer(_page(out, "index"))
    assert "Licence: CC-BY-4.0 OR MIT" in footer and "spdx.org" not in footer


def test_without_contact_the_consultation_address_is_the_contact(build, repo: Repo) -> None:
    repo.write("pyproject.toml", '[tool.accord]\nconsultation-email = "comments@example.org"\n')
    warnings, out = build()
    assert warnings == ""
    assert 'href="mailto:comments@example.org"' in _footer(_page(out, "index"))


@pytest.mark.parametrize("value", ["office@example.org", "https://example.org/contact"])
def test_contact_is_an_address_or_a_web_page(tmp_path: Path, value: str) -> None:
    (tmp_path / "pyproject.toml").write_text(f'[tool.accord]\ncontact = "{value}"\n', encoding="utf-8")
    loaded, problems = settings.load(tmp_path)
    assert problems == [] and loaded.contact == value


@pytest.mark.parametrize("value", ["call us", "javascript:alert(1)", 'a"b@example.org'])
def test_another_contact_is_refused_at_its_line(tmp_path: Path, value: str) -> None:
    text = f"[tool.accord]\ncontact = {json.dumps(value)}\n"
    (tmp_path / "pyproject.toml").write_text(text, encoding="utf-8")
    loaded, problems = settings.load(tmp_path)
    assert loaded.contact == ""
    assert [(p.code, p.line) for p in problems] == [("META030", 2)] and "contact" in problems[0].message


def test_theme_buttons_have_names_that_contain_what_they_show(build, repo: Repo) -> None:
    _, out = build()
    page = _page(out, "index")
    search = re.search(r"<button[^>]*search-button__button[^>]*>", page)[0]
    assert 'aria-label="Search Ctrl+K"' in search
    switcher = re.search(r'<button id="(pst-version-switcher-button-\d+)"[^>]*>', page, re.S)
    assert f'aria-labelledby="{switcher[1]}-label {switcher[1]}"' in switcher[0]
    assert f'<span id="{switcher[1]}-label" class="visually-hidden">Edition</span>' in page
    assert 'aria-label="Version switcher list"' not in page


def test_the_search_page_carries_each_documents_status_and_version(build, repo: Repo) -> None:
    repo.doc(
        "positions/paper.md",
        title="A paper",
        status="adopted",
        version='"2.1"',
        adopted="\n  date: 2026-06-12\n  by: General Assembly",
    )
    repo.doc("positions/draft.md", title="A draft")
    _, out = build()
    page = _page(out, "search")
    found = re.search(r'<script type="application/json" id="accord-search-facts">(.*?)</script>', page)
    assert json.loads(found[1]) == {"positions/draft": "Draft", "positions/paper": "Adopted, version 2.1"}
    assert "accord-search.js" in page
    assert "accord-search-facts" not in _page(out, "positions/paper")


def test_a_title_cannot_end_the_facts_script() -> None:
    tag = searchfacts.script_tag({"x": "</script><script>alert(1)</script>"})
    assert tag.count("</script>") == 1
    assert json.loads(tag.split(">", 1)[1].rsplit("</script>", 1)[0])["x"].startswith("</script>")


def test_the_cite_as_line_is_plain_text(build, repo: Repo) -> None:
    repo.write(
        "pyproject.toml",
        '[tool.accord]\norganisation = "the Open Coalition"\nbase-url = "https://example.org/"\n',
    )
    repo.doc(
        "positions/paper.md",
        title="A paper.",
        status="adopted",
        version='"1.0"',
        adopted="\n  date: 2026-06-12\n  by: General Assembly",
    )
    _, out = build()
    page = _page(out, "positions/paper")
    line = re.search(r'<p class="accord-cite-as">(.*?)</p>', page)[1]
    assert line == (
        "Open Coalition (2026). A paper. Adopted, version 1.0. Working draft, not an official statement. "
        "https://example.org/draft/positions/paper.html"
    )
