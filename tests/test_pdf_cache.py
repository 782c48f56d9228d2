"""The accordpdf cache: translations and compiled PDFs are reused only when nothing they depend on
changed, the result is byte for byte that of a build without the cache, and a damaged cache or one
of another version is ignored."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pypdf
import pytest
from sphinx.environment import BuildEnvironment
from sphinx.testing.util import SphinxTestApp

from accord.pdf import cache, compiler, sources
from accord.vocabulary import PDF_CACHE
from tests.conftest import Repo

PAPER = "positions/paper"
CHARTER = "principles/charter"


@dataclass
class Built:
    out: Path
    cache: Path
    warnings: str
    translated: list[str]  # docnames resolved and translated again
    compiled: list[str]  # PDFs compiled by Typst (not taken from the cache)

    def text(self, name: str) -> str:
        pages = pypdf.PdfReader(self.out / f"{name}.pdf").pages
        return " ".join(" ".join(page.extract_text() for page in pages).split())

    def files(self) -> dict[str, bytes]:
        return {
            p.relative_to(self.out).as_posix(): p.read_bytes()
            for p in sorted(self.out.rglob("*"))
            if p.suffix in {".pdf", ".typ"}
        }


@pytest.fixture
def build(repo: Repo, monkeypatch: pytest.MonkeyPatch) -> Iterator:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795824000")
    translated: list[str] = []
    compiled: list[str] = []
    resolve = BuildEnvironment.get_and_resolve_doctree
    submit = compiler.Batch.submit

    def counting_resolve(self, docname, *args, **kwargs):  # type: ignore[no-untyped-def]
        translated.append(docname)
        return resolve(self, docname, *args, **kwargs)

    def counting_submit(self, job):  # type: ignore[no-untyped-def]
        compiled.append(job.key)
        return submit(self, job)

    monkeypatch.setattr(BuildEnvironment, "get_and_resolve_doctree", counting_resolve)
    monkeypatch.setattr(compiler.Batch, "submit", counting_submit)

    def run(**overrides: object) -> Built:
        translated.clear()
        compiled.clear()
        app = SphinxTestApp("accordpdf", srcdir=repo.root, confoverrides=overrides or None)
        try:
            app.build()
        finally:
            app.cleanup()
        return Built(
            Path(app.outdir),
            Path(app.doctreedir) / PDF_CACHE,
            app.warning.getvalue(),
            [*translated],
            [*compiled],
        )

    repo.doc(f"{PAPER}.md", title="A paper")
    repo.doc(f"{CHARTER}.md", title="A charter", body="\n## Section\n\nNo citations.\n")
    return run


def documents(names: list[str]) -> list[str]:
    return sorted(n for n in names if n.startswith(("positions/", "principles/")))


def test_an_unchanged_build_takes_everything_from_the_cache(build) -> None:
    first = build()
    assert first.warnings == ""
    assert documents(first.translated) == [PAPER, CHARTER]
    before = first.files()
    shutil.rmtree(first.out)  # a fresh site folder: the PDFs come from the cache, not Typst
    second = build()
    assert second.translated == [] and second.compiled == []
    assert second.files() == before


def test_the_cache_changes_no_byte(build, repo: Repo) -> None:
    build()
    repo.doc(
        f"{PAPER}.md", title="A paper", body="\n## Section\n\nAn edited sentence {cite:p}`wgig2005report`.\n"
    )
    cached = build()
    assert documents(cached.translated) == [PAPER]
    with_cache = cached.files()
    shutil.rmtree(cached.out)
    shutil.rmtree(cached.cache)
    without = build()
    assert documents(without.translated) == [PAPER, CHARTER]
    assert without.files() == with_cache


def test_an_edited_document_is_translated_and_compiled_again(build, repo: Repo) -> None:
    build()
    repo.doc(f"{CHARTER}.md", title="A charter", body="\n## Section\n\nA new paragraph.\n")
    second = build()
    assert documents(second.translated) == [CHARTER]
    # The document's PDF and its part of the compendium; the front matter and page numbers
    # only when the page numbers move (test_a_longer_document_moves_the_page_numbers).
    assert sorted(second.compiled) == sorted([CHARTER, f"compendium/{CHARTER}"])
    assert "A new paragraph." in second.text(CHARTER)
    assert "A new paragraph." in second.text("compendium")


def test_a_longer_document_moves_the_page_numbers(build, repo: Repo) -> None:
    first = build()
    pages = len(pypdf.PdfReader(first.out / "compendium.pdf").pages)
    filler = " ".join(["A sentence that makes the charter run to another page."] * 150)
    repo.doc(f"{CHARTER}.md", title="A charter", body=f"\n## Section\n\n{filler}\n")
    second = build()
    # The charter comes first: the paper's first page, in the contents, and the page count move.
    assert sorted(second.compiled) == sorted(
        [CHARTER, f"compendium/{CHARTER}", "compendium/front", "compendium/page-numbers"]
    )
    book = pypdf.PdfReader(second.out / "compendium.pdf")
    assert len(book.pages) > pages
    last = book.pages[-1].extract_text()
    assert f"{len(book.pages)} of {len(book.pages)}" in last


def test_an_edited_bibliography_entry_reaches_every_pdf(build, repo: Repo) -> None:
    first = build()
    assert "2005" in first.text(PAPER) and "1999" not in first.text(PAPER)
    bib = repo.root / "references.bib"
    bib.write_text(
        bib.read_text(encoding="utf-8").replace("year = {2005}", "year = {1999}"), encoding="utf-8"
    )
    second = build()
    assert PAPER in second.translated
    assert "1999" in second.text(PAPER)
    assert "1999" in second.text("compendium")


def test_a_setting_changes_every_pdf(build) -> None:
    build()
    letter = build(accord_pdf_paper="us-letter")
    assert documents(letter.translated) == [PAPER, CHARTER]
    box = pypdf.PdfReader(letter.out / f"{PAPER}.pdf").pages[0].mediabox
    assert round(float(box.width)) == 612  # US letter, not A4's 595


def test_a_template_change_compiles_again(build, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    build()
    template = tmp_path / "template.typ"
    template.write_text(sources.TEMPLATE.read_text(encoding="utf-8") + "\n// changed\n", encoding="utf-8")
    monkeypatch.setattr(sources, "TEMPLATE", template)
    second = build()
    assert {PAPER, CHARTER, f"compendium/{PAPER}", f"compendium/{CHARTER}", "compendium/front"} <= set(
        second.compiled
    )


def test_other_fonts_compile_again(build, monkeypatch: pytest.MonkeyPatch) -> None:
    from accord.pdf.builder import AccordPdfBuilder

    build()
    original = AccordPdfBuilder.fingerprint
    monkeypatch.setattr(
        AccordPdfBuilder, "fingerprint", lambda self, book: original(self, book) + " other-font"
    )
    second = build()
    assert {PAPER, CHARTER, f"compendium/{PAPER}", f"compendium/{CHARTER}", "compendium/front"} <= set(
        second.compiled
    )


def test_a_removed_image_is_reported_though_the_doctree_is_the_same(build, repo: Repo) -> None:
    from tests.test_pdf import png

    (repo.root / "positions" / "dot.png").write_bytes(png())
    repo.doc(f"{PAPER}.md", title="A paper", body="\n## Section\n\n![a dot](dot.png)\n")
    assert build().warnings == ""
    (repo.root / "positions" / "dot.png").unlink()
    second = build()
    assert PAPER in second.translated


@pytest.mark.parametrize("damage", [b"{not json", b"[]", b'{"version": "0"}', b""])
def test_a_damaged_cache_is_ignored(build, damage: bytes) -> None:
    first = build()
    before = first.files()
    for entry in first.cache.iterdir():
        entry.write_bytes(damage)
    shutil.rmtree(first.out)
    second = build()
    assert second.warnings == ""
    assert documents(second.translated) == [PAPER, CHARTER]
    assert second.files() == before


def test_a_cache_of_another_version_is_ignored(build, monkeypatch: pytest.MonkeyPatch) -> None:
    build()
    monkeypatch.setattr(cache, "__version__", "0.0.0-other")
    second = build()
    assert documents(second.translated) == [PAPER, CHARTER]


def test_the_html_builders_settings_are_not_part_of_the_key(build, repo: Repo) -> None:
    """The HTML theme changes its options as it writes pages (pydata's logo paths): a PDF builder
    forked before them and one run after them must find the same translations."""
    build()
    app = SphinxTestApp("accordpdf", srcdir=repo.root)
    try:
        key = cache.shared_key(app.env, app.config, [])
        app.config.html_theme_options = {**app.config.html_theme_options, "logo": {"image_relative": ""}}
        assert cache.shared_key(app.env, app.config, []) == key
        app.config.accord_pdf_paper = "us-letter"
        assert cache.shared_key(app.env, app.config, []) != key
    finally:
        app.cleanup()


@pytest.fixture
def made(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The Typst sources built for documents, single or as a part of the compendium, in order."""
    from accord.pdf import parts

    found: list[str] = []
    single, part = sources.single, parts.document_part

    def counting_single(doc, style):  # type: ignore[no-untyped-def]
        found.append(doc.docname)
        return single(doc, style)

    def counting_part(doc, style, book, anchors):  # type: ignore[no-untyped-def]
        found.append(f"compendium/{doc.docname}")
        return part(doc, style, book, anchors)

    monkeypatch.setattr(sources, "single", counting_single)
    monkeypatch.setattr(parts, "document_part", counting_part)
    return found


def test_an_unchanged_document_needs_no_source_built(build, made: list[str], repo: Repo) -> None:
    first = build()
    assert {PAPER, CHARTER, f"compendium/{PAPER}", f"compendium/{CHARTER}"} <= set(made)
    before = first.files()
    made.clear()
    again = build()
    assert made == [] and again.compiled == []
    assert again.files() == before
    repo.doc(f"{PAPER}.md", title="A paper", body="\n## Section\n\nAn edited sentence.\n")
    edited = build()
    assert sorted(made) == [f"compendium/{PAPER}", PAPER]  # the charter's sources are not built
    assert "An edited sentence." in edited.text(PAPER)


def test_a_removed_source_file_is_written_again(build, made: list[str]) -> None:
    first = build()
    source = first.out / "typst" / f"{CHARTER}.typ"
    kept = source.read_bytes()
    source.unlink()
    made.clear()
    build()
    assert made == [CHARTER]
    assert source.read_bytes() == kept


def test_a_part_whose_link_target_moved_is_built_again(build, made: list[str], repo: Repo) -> None:
    # The paper's link into the charter resolves against the charter's labels: when the heading
    # is renamed, the paper's own translation is the same, but its part must jump elsewhere.
    link = "\n## Section\n\nSee [the charter's rules](../principles/charter.md#rules).\n"
    repo.doc(f"{PAPER}.md", title="A paper", body=link)
    repo.doc(f"{CHARTER}.md", title="A charter", body="\n## Rules\n\nNo citations.\n")
    build()
    repo.doc(f"{CHARTER}.md", title="A charter", body="\n## Other rules\n\nNo citations.\n")
    made.clear()
    build()
    assert f"compendium/{PAPER}" in made


def test_what_is_read_ahead_is_read_once_and_changes_no_byte(
    build, repo: Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In a forked builder, the fonts, the cache and each stored translation are read while the
    parent checks the environment (accord.build._run_rest calls read_ahead at write-started):
    the write phase uses them, reading nothing twice, and writes what it would have written."""
    build()
    repo.doc(f"{PAPER}.md", title="A paper", body="\n## Section\n\nAn edited sentence.\n")
    gets: list[str] = []
    get = cache.Cache.get

    def counting(self, docname, *args, **kwargs):  # type: ignore[no-untyped-def]
        gets.append(docname)
        return get(self, docname, *args, **kwargs)

    monkeypatch.setattr(cache.Cache, "get", counting)
    original = SphinxTestApp.__init__

    def reading_ahead(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        original(self, *args, **kwargs)
        self.connect("write-started", lambda app, builder: builder.read_ahead(), priority=100)

    monkeypatch.setattr(SphinxTestApp, "__init__", reading_ahead)
    ahead = build()
    assert ahead.warnings == ""
    assert documents(gets) == [PAPER, CHARTER]  # once each, though read before writing
    assert documents(ahead.translated) == [PAPER]
    read_ahead = ahead.files()
    monkeypatch.setattr(SphinxTestApp, "__init__", original)
    repo.doc(f"{PAPER}.md", title="A paper", body="\n## Section\n\nAn edited sentence, again.\n")
    build()
    repo.doc(f"{PAPER}.md", title="A paper", body="\n## Section\n\nAn edited sentence.\n")
    assert build().files() == read_ahead
