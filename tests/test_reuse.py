"""Reuse: statements.json, sitemap.xml, the "cite this statement" box (BibTeX and CSL-JSON) and
the meta tags for sharing, as pure functions and in builds."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from xml.etree import ElementTree

import pytest
from pybtex.database import parse_string

from accord import citation, reuse
from accord.sphinxext.reuse import meta_tags
from tests.conftest import Repo

NASTY = 'Rights & {wrongs}: 100% of $5 #1 a_b ~x^2 \\ "quoted" <b>'


@pytest.mark.parametrize(
    ("base", "edition", "expected"),
    [
        ("", "", ""),
        ("", "v2026.1", ""),
        ("https://example.org", "", "https://example.org/draft/"),
        ("https://example.org/statements/", "v2026.1", "https://example.org/statements/editions/v2026.1/"),
    ],
)
def test_site_url_follows_the_site_layout(base: str, edition: str, expected: str) -> None:
    assert reuse.site_url(base, edition) == expected


def cited(**overrides: object) -> citation.Citation:
    meta = {
        "title": "Civil-society principles",
        "status": "adopted",
        "version": "1.2",
        "date": "2026-06-12",
        "authors": [{"name": "Principles Working Group", "affiliation": "X"}, {"name": "Jane Doe"}],
        "language": "en",
    }
    meta.update(overrides)
    return citation.citation(
        "civil-society-principles",
        "principles",
        meta,
        organisation=citation.publisher("the Accord sample coalition", "Site"),
        edition="v2026.1",
        edition_date="2026-06-30",
        url="https://example.org/editions/v2026.1/principles/civil-society-principles.html",
    )


def test_bibtex_of_a_document_in_an_edition() -> None:
    assert cited().bibtex() == (
        "@techreport{civil-society-principles-v2026.1,\n"
        "  author = {{Principles Working Group} and {Jane Doe}},\n"
        "  title = {{Civil-society principles}},\n"
        "  institution = {{Accord sample coalition}},\n"
        "  type = {Statement of principles},\n"
        "  year = {2026},\n"
        "  month = jun,\n"
        "  date = {2026-06-12},\n"
        "  version = {1.2},\n"
        "  edition = {v2026.1},\n"
        "  note = {Adopted, version 1.2. Official edition v2026.1 of 2026-06-30},\n"
        "  url = {https://example.org/editions/v2026.1/principles/civil-society-principles.html},\n"
        "  language = {en},\n"
        "}\n"
    )


def test_csl_json_of_a_document_in_an_edition() -> None:
    [item] = json.loads(cited().csl_json())
    assert item == {
        "id": "civil-society-principles-v2026.1",
        "type": "report",
        "title": "Civil-society principles",
        "author": [{"literal": "Principles Working Group"}, {"literal": "Jane Doe"}],
        "publisher": "Accord sample coalition",
        "genre": "Statement of principles",
        "status": "Adopted",
        "note": "Adopted, version 1.2. Official edition v2026.1 of 2026-06-30",
        "language": "en",
        "issued": {"date-parts": [[2026, 6, 12]]},
        "version": "1.2",
        "edition": "v2026.1",
        "URL": "https://example.org/editions/v2026.1/principles/civil-society-principles.html",
    }


def test_a_working_draft_says_so_and_has_no_edition() -> None:
    draft = citation.citation("paper", "positions", {"title": "T", "status": "draft"}, organisation="Org")
    assert draft.key == "paper-draft"
    assert draft.note == "Draft. Working draft, not an official statement"
    assert "edition" not in draft.csl()
    assert "url" not in draft.bibtex()
    assert "author" not in draft.bibtex()


def test_bibtex_escapes_what_latex_reads() -> None:
    entry = cited(title=NASTY, authors=[{"name": "A}B{C"}]).bibtex()
    assert (
        r"title = {{Rights \& \{wrongs\}: 100\% of \$5 \#1 a\_b \textasciitilde{}x\textasciicircum{}2 "
        r'\textbackslash{} "quoted" <b>}},' in entry
    )
    parsed = parse_string(entry, "bibtex")  # balanced braces: a BibTeX reader takes it whole
    fields = parsed.entries["civil-society-principles-v2026.1"].fields
    assert fields["title"].startswith("{Rights \\&")
    assert [
        str(person) for person in parsed.entries["civil-society-principles-v2026.1"].persons["author"]
    ] == [r"{A\}B\{C}"]


def test_bibtex_urls_are_verbatim_but_cannot_end_the_field() -> None:
    entry = citation.citation(
        "p", "positions", {"title": "T"}, organisation="O", url="https://example.org/a_b%20c/{x}"
    ).bibtex()
    assert "  url = {https://example.org/a_b%20c/%7Bx%7D},\n" in entry


def test_publisher_drops_a_leading_article() -> None:
    assert citation.publisher("the Accord coalition", "Site") == "Accord coalition"
    assert citation.publisher("", "Accord statements") == "Accord statements"
    assert citation.publisher("Theatre Network", "Site") == "Theatre Network"


def test_meta_tags_escape_every_value() -> None:
    tags = meta_tags(
        title=NASTY,
        site_name="Site",
        url="https://example.org/draft/p.html?a=1&b=2",
        description="x" * 400,
        document=True,
        language="pt-BR",
    )
    assert (
        '<meta property="og:title" content="Rights &amp; {wrongs}: 100% of $5 #1 a_b ~x^2 \\ &quot;quoted&quot; &lt;b&gt;" />'
        in tags
    )
    assert '<meta property="og:url" content="https://example.org/draft/p.html?a=1&amp;b=2" />' in tags
    assert '<meta property="og:type" content="article" />' in tags
    assert '<meta property="og:locale" content="pt_BR" />' in tags
    description = tags.split('<meta name="description" content="')[1].split('"')[0]
    assert len(description) <= 300
    assert description.endswith("…")


def test_statements_json_is_deterministic() -> None:
    docs = [
        reuse.statement(
            "b",
            "positions",
            {"title": "B", "status": "draft"},
            html="b.html",
            pdf=None,
            edition="",
            endorsements=0,
        ),
        reuse.statement(
            "a",
            "principles",
            {"title": "A", "status": "adopted", "version": "1.0", "topics": "one"},
            html="a.html",
            pdf="a.pdf",
            edition="",
            endorsements=2,
        ),
        reuse.statement(
            "a",
            "positions",
            {"title": "A2", "status": "draft"},
            html="a2.html",
            pdf=None,
            edition="",
            endorsements=0,
        ),
    ]
    first = reuse.dumps(reuse.index(docs, title="T", organisation="O", url="", edition="", edition_date=""))
    second = reuse.dumps(
        reuse.index(list(reversed(docs)), title="T", organisation="O", url="", edition="", edition_date="")
    )
    assert first == second
    data = json.loads(first)
    assert [(d["kind"], d["id"]) for d in data["documents"]] == [
        ("positions", "a"),
        ("positions", "b"),
        ("principles", "a"),
    ]
    assert data["edition"] is None and data["url"] is None
    assert data["documents"][2]["topics"] == ["one"]
    assert first.endswith(b"}\n")


def test_sitemap_bytes() -> None:
    xml = reuse.sitemap(
        [("https://example.org/draft/b.html", None), ("https://example.org/draft/a.html", "2026-11-02")]
    )
    assert xml == (
        b'<?xml version="1.0" encoding="UTF-8"?>\n'
        b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        b"  <url>\n    <loc>https://example.org/draft/a.html</loc>\n    <lastmod>2026-11-02</lastmod>\n  </url>\n"
        b"  <url>\n    <loc>https://example.org/draft/b.html</loc>\n  </url>\n"
        b"</urlset>\n"
    )


# -- builds


@pytest.fixture
def site(repo: Repo) -> Repo:
    repo.write(
        "pyproject.toml",
        '[tool.accord]\ntitle = "Example statements"\norganisation = "the Example coalition"\n'
        'base-url = "https://example.org/statements"\n',
    )
    repo.doc(
        "principles/charter.md",
        title="A charter",
        status="adopted",
        version="'1.0'",
        adopted="{date: 2026-02-01, by: Assembly}",
        summary='"Our charter: rights & duties."',
        date="2026-02-01",
    )
    repo.doc("positions/paper.md", title="A paper")
    repo.write("endorsements/charter.yaml", "- name: Example Network\n  country: KE\n  date: 2026-03-01\n")
    return repo


@pytest.mark.sphinx
def test_an_edition_build_writes_statements_and_sitemap(build, site: Repo) -> None:
    warnings, out = build(
        confoverrides={
            "accord_edition": "v2026.1",
            "accord_edition_date": "2026-06-30",
            "accord_pdf_html_link": True,
        }
    )
    assert warnings == ""
    base = "https://example.org/statements/editions/v2026.1/"
    data = json.loads((out / "statements.json").read_text(encoding="utf-8"))
    assert data["url"] == base
    assert data["edition"] == {"tag": "v2026.1", "date": "2026-06-30"}
    assert data["title"] == "Example statements"
    charter = next(doc for doc in data["documents"] if doc["id"] == "charter")
    assert charter == {
        "id": "charter",
        "kind": "principles",
        "title": "A charter",
        "status": "adopted",
        "version": "1.0",
        "date": "2026-02-01",
        "language": "en",
        "summary": "Our charter: rights & duties.",
        "topics": [],
        "consultation": None,
        "adopted": {"date": "2026-02-01", "by": "Assembly", "record": None},
        "supersedes": [],
        "superseded_by": None,
        "endorsements": 1,
        "comments": None,
        "html": base + "principles/charter.html",
        "pdf": base + "principles/charter.pdf",
        "edition": "v2026.1",
        "languages": ["en"],  # with its translations' (accord.sphinxext.translations)
        "translations": [],
    }
    sitemap = ElementTree.fromstring((out / "sitemap.xml").read_bytes())
    namespace = {"s": reuse.SITEMAP_NAMESPACE}
    locations = {
        url.findtext("s:loc", namespaces=namespace): url.findtext("s:lastmod", namespaces=namespace)
        for url in sitemap
    }
    assert locations[base + "principles/charter.html"] == "2026-02-01"
    assert locations[base + "index.html"] is None
    assert base + "options.html" in locations
    page = (out / "principles" / "charter.html").read_text(encoding="utf-8")
    # The canonical address of an edition's page is the stable one, under latest/.
    latest = base.replace("editions/v2026.1/", "latest/")
    assert f'<link rel="canonical" href="{latest}principles/charter.html" />' in page
    assert f'<meta property="og:url" content="{latest}principles/charter.html" />' in page  # the same
    assert '<meta property="og:description" content="Our charter: rights &amp; duties." />' in page


@pytest.mark.sphinx
def test_the_same_sources_give_the_same_bytes(build, site: Repo) -> None:
    _, out = build(fresh=True)
    first = {name: (out / name).read_bytes() for name in ("statements.json", "sitemap.xml")}
    _, out = build(fresh=True)
    assert {name: (out / name).read_bytes() for name in first} == first
    assert json.loads(first["statements.json"])["url"] == "https://example.org/statements/draft/"


@pytest.mark.sphinx
def test_without_a_base_url_addresses_are_relative_and_there_is_no_sitemap(build, repo: Repo) -> None:
    repo.doc("positions/paper.md", title="A paper")
    warnings, out = build()
    assert warnings == ""
    data = json.loads((out / "statements.json").read_text(encoding="utf-8"))
    assert data["url"] is None
    assert [(d["html"], d["pdf"], d["edition"]) for d in data["documents"]] == [
        ("positions/paper.html", None, None)
    ]
    assert not (out / "sitemap.xml").exists()
    page = (out / "positions" / "paper.html").read_text(encoding="utf-8")
    assert "og:url" not in page
    assert '<meta property="og:title" content="A paper" />' in page


@pytest.mark.sphinx
def test_each_document_has_a_cite_box(build, site: Repo) -> None:
    # <b> is allow-listed: a title's HTML is checked as the body's (SAFE001), and an allowed tag
    # must still reach the citation as text.
    pyproject = site.root / "pyproject.toml"
    pyproject.write_text(pyproject.read_text(encoding="utf-8") + 'allowed-html = ["b"]\n', encoding="utf-8")
    site.doc("positions/paper.md", title='"A <b>bold</b> & {braced} paper"')
    warnings, out = build()
    assert warnings == ""
    page = (out / "positions" / "paper.html").read_text(encoding="utf-8")
    box = page[page.index('<details class="accord-cite') : page.index("</details>")]
    assert "Cite this statement" in box
    assert "paper-draft" in box
    assert "&lt;b&gt;bold&lt;/b&gt; \\&amp; \\{braced\\} paper" in box  # LaTeX-escaped, then HTML-escaped
    assert "<b>bold" not in box
    assert "https://example.org/statements/draft/positions/paper.html" in box
    assert "Working draft, not an official statement" in box
    # The box comes right after the metadata box, and only on documents.
    assert page.index('class="accord-metadata') < page.index('<details class="accord-cite')
    front = (out / "index.html").read_text(encoding="utf-8")
    assert "accord-cite" not in front  # neither the box nor its script (accord-cite.js)
    assert "accord-cite.js" in page


@pytest.mark.sphinx
def test_the_pdf_builder_writes_no_site_files_and_no_cite_box(build, site: Repo) -> None:
    warnings, out = build("accordpdf")
    assert warnings == ""
    assert not (out / "statements.json").exists()
    assert not (out / "sitemap.xml").exists()
    assert "Cite this statement" not in (out / "typst" / "principles" / "charter.typ").read_text(
        encoding="utf-8"
    )


def test_statements_json_feeds_the_atom_feed(tmp_path: Path) -> None:
    """The contract between the two: what a build writes, the feed reads."""
    from accord.feed import EditionEntry, render_feed

    doc = reuse.statement(
        "charter",
        "principles",
        {"title": "A charter", "status": "adopted", "date": dt.date(2026, 2, 1).isoformat()},
        html="https://example.org/editions/v1/principles/charter.html",
        pdf=None,
        edition="v1",
        endorsements=0,
    )
    statements = json.loads(
        reuse.dumps(
            reuse.index([doc], title="T", organisation="O", url="", edition="v1", edition_date="2026-06-30")
        )
    )
    feed = render_feed(
        [EditionEntry("v1", "2026-06-30", "https://example.org/editions/v1/", statements)],
        site_url="https://example.org/",
        title="T",
    )
    assert b"<title>New: A charter</title>" in feed
