"""Translations in a Sphinx build: each page's lang and dir, the language switch, hreflang
alternates, the translation's facts, the outdated notice, and numbered paragraphs as the source's."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from accord import checks, corpus
from tests.conftest import TODAY
from tests.translated import SPANISH, translated_repo


@pytest.fixture
def built(make_app: Callable, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[str, Path, str]:
    repo, _, last = translated_repo(tmp_path / "repo", monkeypatch)
    app = make_app("html", srcdir=repo.root, freshenv=True)
    try:
        app.build(force_all=True)
    finally:
        app.cleanup()
    return app.warning.getvalue(), Path(app.outdir), last


def page(out: Path, name: str) -> str:
    return (out / "positions" / f"{name}.html").read_text(encoding="utf-8")


def test_the_check_reports_only_the_outdated_translation(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo, _, last = translated_repo(tmp_path / "repo", monkeypatch)
    found = checks.run(corpus.load(repo.root), today=TODAY)
    assert [(d.path, d.code, d.severity) for d in found] == [(SPANISH, "LANG010", "warning")]
    assert f"translated_from: {last}" in (found[0].hint or "")


def test_each_page_has_its_language_and_direction(built: tuple[str, Path, str]) -> None:
    warnings, out, _ = built
    assert "WARNING" not in warnings, warnings
    assert '<html lang="en" dir="ltr"' in page(out, "principles-wave-2011-interim")
    assert '<html lang="ar" dir="rtl"' in page(out, "principles-wave-2011-interim.ar")
    assert '<html lang="es" dir="ltr"' in page(out, "principles-wave-2011-interim.es")
    # a document without translations has no switch and no alternates
    other = page(out, "igf-policy-options")
    assert "accord-languages" not in other and "hreflang" not in other


def test_a_document_and_its_translations_list_each_other(built: tuple[str, Path, str]) -> None:
    _, out, _ = built
    for name in (
        "principles-wave-2011-interim",
        "principles-wave-2011-interim.ar",
        "principles-wave-2011-interim.es",
        "principles-wave-2011-interim.zh-Hans",
    ):
        text = page(out, name)
        alternates = re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)"', text)
        assert [tag for tag, _ in alternates] == ["en", "ar", "es", "zh-Hans", "x-default"], name
        assert alternates[-1][1] == alternates[0][1]  # x-default: the source
        switch = re.search(r'<nav class="accord-languages".*?</nav>', text, re.DOTALL)
        assert switch is not None
        assert "English" in switch[0] and "العربية" in switch[0] and "español" in switch[0]
        assert switch[0].count('aria-current="page"') == 1


def test_a_translation_shows_its_source_facts_and_numbers_its_paragraphs(
    built: tuple[str, Path, str],
) -> None:
    _, out, _ = built
    arabic = page(out, "principles-wave-2011-interim.ar")
    assert "accord-metadata" in arabic and "accord-status-superseded" in arabic
    assert "accord-translation" in arabic and "فريق الترجمة" in arabic
    assert 'id="p-1"' in arabic  # the source is superseded: its paragraphs are numbered, and so are these
    assert "accord-outdated" not in arabic


def test_an_outdated_translation_says_so_and_links_the_source(built: tuple[str, Path, str]) -> None:
    _, out, _ = built
    spanish = page(out, "principles-wave-2011-interim.es")
    notice = re.search(r'<div class="warning accord-outdated admonition">.*?</div>', spanish, re.DOTALL)
    assert notice is not None
    assert 'href="principles-wave-2011-interim.html"' in notice[0]


def banner(text: str) -> str:
    """The words of a page's one status banner."""
    [found] = re.findall(r'<div class="accord-notice accord-status-banner[^"]*">(.*?)</div>', text, re.DOTALL)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", found)).split())


def test_accords_words_are_in_the_pages_language(built: tuple[str, Path, str]) -> None:
    _, out, _ = built
    spanish = page(out, "principles-wave-2011-interim.es")
    # The source's one banner, in Spanish: what the text is (superseded, when its version was
    # adopted, dates in words) and which build this is (accord.standing).
    found = banner(spanish)
    assert found.startswith("Sustituido por The 2011 wave") and "Ya no es la posición de" in found
    assert "La versión 0.1 fue adoptada por Steering Committee" in found
    assert "el 21 de noviembre de 2025 (acta de la decisión)." in found
    assert found.endswith("Borrador de trabajo: el texto puede cambiar en cualquier momento.")
    assert spanish.count("Borrador de trabajo") == 1  # one banner, no notice beside it
    assert "Superseded" not in found and "November" not in found
    assert ">Estado:<" in spanish or "Estado<" in spanish  # the facts box
    assert "Sustituido" in spanish and "Idiomas" in spanish and "Referencias" in spanish
    assert "Buscar" in spanish  # Sphinx's own words, from Sphinx's Spanish catalog
    arabic = page(out, "principles-wave-2011-interim.ar")
    assert "مسودة عمل: قد يتغير النص في أي وقت." in banner(arabic) and "المراجع" in arabic
    assert "حلّ محلّه" in banner(arabic) and "نوفمبر 2025" in banner(arabic)
    english = page(out, "principles-wave-2011-interim")
    assert banner(english).endswith("Working draft: the text may change at any time.")
    assert "on 21 November 2025" in banner(english) and "Borrador" not in english


def test_a_french_page_has_french_words_and_is_authentic(built: tuple[str, Path, str]) -> None:
    _, out, _ = built
    french = page(out, "principles-wave-2011.fr")
    assert '<html lang="fr" dir="ltr"' in french
    found = banner(french)
    assert found.startswith("Texte adopté, version") and "adopté par" in found
    assert found.endswith(
        "Version de travail : le texte peut changer ; le texte officiel est celui de la dernière édition."
    )
    assert "Texte faisant foi" in french and "Traduction non officielle" not in french
    assert "Statut" in french and "Adopté" in french and "Références" in french
    assert "Traducción no oficial" in page(out, "principles-wave-2011-interim.es")  # Spanish is not authentic
    assert 'id="p-1"' in french  # an adopted text numbers its paragraphs; so does its translation


def test_statements_json_lists_each_documents_languages(built: tuple[str, Path, str]) -> None:
    import json

    _, out, last = built
    data = json.loads((out / "statements.json").read_text(encoding="utf-8"))
    by_id = {d["id"]: d for d in data["documents"]}
    interim = by_id["principles-wave-2011-interim"]
    assert interim["languages"] == ["en", "ar", "es", "zh-Hans"]
    spanish = next(t for t in interim["translations"] if t["language"] == "es")
    assert spanish["outdated"] is True and spanish["authentic"] is False
    assert spanish["html"].endswith("positions/principles-wave-2011-interim.es.html")
    assert spanish["translators"] == ["Grupo de Traducción"]
    arabic = next(t for t in interim["translations"] if t["language"] == "ar")
    assert arabic["translated_from"] == last and arabic["outdated"] is False
    [french] = by_id["principles-wave-2011"]["translations"]
    assert french["language"] == "fr" and french["authentic"] is True
    assert (
        by_id["igf-policy-options"]["languages"] == ["en"]
        and by_id["igf-policy-options"]["translations"] == []
    )
    assert "principles-wave-2011-interim.es" not in by_id  # a translation is not a document


@pytest.mark.sphinx
def test_para_references_from_a_translation_go_to_the_same_language(build, repo) -> None:
    adopted = {"status": "adopted", "version": "'1.0'", "adopted": "{date: 2026-01-20, by: Assembly}"}
    body = "\n## Section\n\nFirst {cite:p}`wgig2005report,coe2011principles`.\n\nSecond.\n"
    repo.doc("positions/alpha.md", body, title="Alpha", **adopted)
    repo.doc(
        "positions/beta.md",
        "\n## Section\n\nSee {para}`alpha#p-2` and {para}`#p-1`.\n",
        title="Beta",
        **adopted,
    )
    french = "---\ntitle: {title}\nlanguage: fr\ntranslators:\n  - name: T\ntranslated_from: abcdef1\n---\n"
    repo.write("positions/alpha.fr.md", french.format(title="Alpha (fr)") + body.replace("First", "Premier"))
    repo.write(
        "positions/beta.fr.md",
        french.format(title="Bêta") + "\n## Section\n\nVoir {para}`alpha#p-2` et {para}`#p-1`.\n",
    )
    warnings, out = build(fresh=True)
    assert "WARNING" not in warnings, warnings
    beta = (out / "positions" / "beta.fr.html").read_text(encoding="utf-8")
    assert 'href="alpha.fr.html#p-2"' in beta  # alpha has a French translation
    assert 'href="#p-1"' in beta  # its own paragraph, numbered as its adopted source numbers it
    english = (out / "positions" / "beta.html").read_text(encoding="utf-8")
    assert 'href="alpha.html#p-2"' in english
