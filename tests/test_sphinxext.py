"""The Sphinx extension on tiny projects in tmp_path: notices, metadata, indexes, rules as
warnings, inert unsafe content and incremental rebuilds."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import Repo

pytestmark = pytest.mark.sphinx


def html(outdir: Path, page: str) -> str:
    return (outdir / f"{page}.html").read_text(encoding="utf-8")


def listed(page: str) -> str:
    """The text of the index lists of a page, without navigation."""
    return " ".join(
        text_of(block) for block in re.findall(r'<ul class="accord-index.*?</ul>', page, re.DOTALL)
    )


_BLOCK = re.compile(r"</?(?:p|div|dt|dd|dl|li|ul|ol|h\d|tr|td|th|section|br|span class=\"colon\")\b[^>]*>")


def text_of(page: str) -> str:
    """Visible text: block tags become spaces, inline tags vanish."""
    page = re.sub(r"<script.*?</script>", " ", page, flags=re.DOTALL)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", _BLOCK.sub(" ", page))).strip()


def references(page: str) -> str:
    found = re.search(r'<section id="references">(.*?)</section>', page, re.DOTALL)
    assert found, "the page has no References section"
    return text_of(found[1])


def test_document_page_says_what_it_is(build, repo: Repo, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1796083200")  # 2026-12-01: the build's date
    repo.doc(
        "principles/open.md",
        title="Open Internet principles",
        status="consultation",
        consultation="{opens: 2026-11-02, closes: 2026-12-18}",
        authors="\n  - name: Jane Doe\n    affiliation: Example Network",
    )
    warnings, out = build()
    assert warnings == ""
    page = html(out, "principles/open")
    shown = text_of(page)
    assert "Consultation closes 18 December 2026. Not an adopted position" in shown
    assert "Status: Open for consultation" in shown
    assert "Authors: Jane Doe (Example Network)" in shown
    assert "Consultation: 2026-11-02 to 2026-12-18" in shown
    assert "Date: 2026-01-15" in shown
    # The banner is in the page body, so it prints; the bar above says what the build is on
    # pages without a notice of their own, and only there.
    assert 'class="accord-notice accord-status-banner accord-consultation' in page
    assert "bd-header-announcement" not in page
    assert "bd-header-announcement" in html(out, "search")


def test_index_pages_list_documents_by_status(build, repo: Repo) -> None:
    repo.doc("positions/b-paper.md", title="B paper")
    repo.doc(
        "positions/a-paper.md",
        title="A paper",
        status="adopted",
        version="'2.1'",
        adopted="{date: 2026-02-01, by: Assembly}",
    )
    repo.doc("principles/charter.md", title="Charter", summary="Our charter.")
    warnings, out = build()
    assert warnings == ""
    listing = text_of(html(out, "index"))
    assert re.search(r"Statements of principles Draft Charter \(2026-01-15\) Our charter\.", listing)
    assert re.search(
        r"Position papers Draft B paper \(2026-01-15\) Adopted A paper \(version 2\.1, 2026-01-15\)", listing
    )
    positions = listed(html(out, "positions/index"))
    assert "B paper" in positions
    assert "Charter" not in positions
    assert 'href="b-paper.html"' in html(out, "positions/index")


def test_index_follows_a_status_change_in_an_incremental_build(build, repo: Repo) -> None:
    paper = repo.doc("positions/paper.md", title="The paper")
    build()
    paper.write_text(
        paper.read_text(encoding="utf-8").replace(
            "status: draft", "status: withdrawn\nwithdrawn: {date: 2026-02-01, reason: Overtaken}"
        ),
        encoding="utf-8",
    )
    warnings, out = build()
    assert warnings == ""
    assert "Withdrawn The paper" in text_of(html(out, "positions/index"))


def test_a_new_document_appears_in_every_page_navigation(build, repo: Repo) -> None:
    repo.doc("positions/first.md", title="First paper")
    repo.doc("positions/other.md", title="Other paper")
    build()
    repo.doc("positions/second.md", title="Second paper")
    build()
    _, out = build()
    assert "Second paper" in html(out, "positions/first")


def test_rule_violations_are_sphinx_warnings_with_their_code(build, repo: Repo) -> None:
    repo.doc("positions/paper.md", status="final", body="\nSee {cite:p}`nope`.\n")
    warnings, _ = build()
    assert "paper.md:3: WARNING: META007 status must be one of" in warnings
    assert "[accord.META007]" in warnings
    assert "paper.md:9: WARNING: CITE001 citation key must match" in warnings


def test_cycles_are_reported_once_all_documents_are_read(build, repo: Repo) -> None:
    old = {"status": "superseded", "version": "'1.0'", "adopted": "{date: 2025-01-01, by: A}"}
    repo.doc("positions/a.md", superseded_by="b", **old)
    repo.doc("positions/b.md", superseded_by="a", **old)
    warnings, _ = build()
    assert warnings.count("WARNING: META014") == 2


def test_unsafe_document_is_withheld(build, repo: Repo) -> None:
    repo.doc(
        "positions/evil.md",
        body="\n<script>alert('pwned')</script>\n\n```{include} ../../../../etc/hostname\n```\n",
    )
    warnings, out = build()
    assert "SAFE001" in warnings
    assert "SAFE004" in warnings
    page = html(out, "positions/evil")
    assert "pwned" not in page
    assert "withheld from the site" in page


def test_transform_keeps_allow_listed_html_and_escapes_the_rest(make_app, repo: Repo) -> None:
    """The second line of defence, with the checks' warnings aside."""
    repo.write("pyproject.toml", '[tool.accord]\nallowed-html = ["abbr"]\n')
    repo.doc(
        "positions/paper.md", body="\n<abbr>IGF</abbr> and <!-- hidden -->\n\n[x](https://example.org)\n"
    )
    app = make_app("html", srcdir=repo.root, freshenv=True)
    app.build()
    assert app.warning.getvalue() == ""
    page = html(Path(app.outdir), "positions/paper")
    assert "<abbr>IGF</abbr>" in page
    assert "editors-only" not in page


def test_neutraliser_makes_raw_content_inert(tmp_path: Path) -> None:
    """Whatever slips past the rules: raw HTML becomes text, script links become their text
    (outside images: tests/test_files.py)."""
    from types import SimpleNamespace

    from docutils import nodes
    from docutils.frontend import get_default_settings
    from docutils.parsers.rst import Parser
    from docutils.utils import new_document

    from accord.settings import Settings
    from accord.sphinxext.safety import NeutraliseUnsafeContent

    document = new_document("paper.md", get_default_settings(Parser))
    document.settings.env = SimpleNamespace(
        config=SimpleNamespace(accord=Settings(allowed_html=["abbr"]).__dict__),
        srcdir=tmp_path,
        docname="positions/paper",
        doc2path=lambda name: tmp_path / f"{name}.md",
    )
    paragraph = nodes.paragraph()
    paragraph += nodes.raw("", "<script>alert(1)</script>", format="html")
    paragraph += nodes.raw("", "<abbr>IGF</abbr>", format="html")
    paragraph += nodes.raw("", "<!-- note -->", format="html")
    paragraph += nodes.reference("", "click", refuri="JavaScript:alert(1)")
    paragraph += nodes.reference("", "fine", refuri="https://example.org")
    paragraph += nodes.reference("", "internal", refuri="java\tscript:x", internal=True)
    document += paragraph

    NeutraliseUnsafeContent(document).apply()

    assert [type(child).__name__ for child in paragraph.children] == [
        "literal",
        "raw",
        "Text",
        "reference",
        "Text",
    ]
    assert paragraph[0].astext() == "<script>alert(1)</script>"
    assert paragraph[2].astext() == "click"
    assert paragraph[3]["refuri"] == "https://example.org"
    assert paragraph[4].astext() == "internal"


def test_landing_pages_are_checked_too(build, repo: Repo) -> None:
    repo.write("index.md", (repo.root / "index.md").read_text(encoding="utf-8") + "\n<script>x()</script>\n")
    warnings, out = build()
    assert "index.md:" in warnings
    assert "SAFE001" in warnings
    assert "x()" not in html(out, "index")


def test_each_document_has_its_own_reference_list(build, repo: Repo) -> None:
    repo.doc("positions/one.md", body="\n## S\n\n{cite:p}`wgig2005report`\n")
    repo.doc("positions/two.md", body="\n## S\n\n{cite:t}`wgig2005report` and {cite:p}`coe2011principles`\n")
    warnings, out = build()
    assert warnings == ""
    one, two = html(out, "positions/one"), html(out, "positions/two")
    assert "Working Group on Internet Governance" in references(one)
    assert "Council of Europe" not in references(one)
    assert "Council of Europe" in references(two)
    # Citations link to the list on their own page.
    assert re.search(r'class="footnote-reference brackets" href="#footcite-wgig2005report"', one)


def test_bad_settings_warn(build, repo: Repo) -> None:
    repo.write("pyproject.toml", "[tool.accord]\nsite = 'x'\n")
    warnings, _ = build()
    assert "META030" in warnings


def test_metadata_box_doctree_golden(make_app, repo: Repo) -> None:
    """The notice and metadata box as doctree XML: the structure later writers (PDF) rely on."""
    from docutils import nodes

    from tests.conftest import golden

    repo.doc("positions/newer.md", title="Newer paper")
    repo.doc(
        "positions/paper.md",
        title="A superseded paper",
        status="superseded",
        version="'1.2'",
        authors="\n  - name: Jane Doe\n    affiliation: Example Network\n  - name: Working Group",
        consultation="{opens: 2025-01-01, closes: 2025-02-01}",
        adopted="{date: 2025-03-01, by: General Assembly, record: 'https://example.org/minutes'}",
        superseded_by="newer",
        topics="[access, privacy]",
    )
    app = make_app("html", srcdir=repo.root, freshenv=True)
    app.build()
    assert app.warning.getvalue() == ""
    doctree = app.env.get_doctree("positions/paper")
    boxes = [
        node
        for node in doctree.findall(nodes.container)
        if {"accord-notice", "accord-metadata"} & set(node["classes"])
    ]
    golden("metadata-box.xml", "".join(box.pformat() for box in boxes))


def test_the_sidebar_lists_every_document_of_the_kind_at_one_level(make_app, build, repo: Repo) -> None:
    # One level: a document's sections are on its own page; deeper, Sphinx copies them all into
    # every sidebar for the theme to remove (a tenth of a one-document rebuild at 500 documents).
    repo.doc("positions/first.md", title="First paper", body="\n## A section of the first\n\nText.\n")
    repo.doc("positions/other.md", title="Other paper")
    _, out = build()
    page = html(out, "positions/other")
    sidebar = page[page.index("bd-docs-nav") :]
    sidebar = sidebar[: sidebar.index("</nav>")]
    assert "First paper" in sidebar and "Other paper" in sidebar
    assert "A section of the first" not in sidebar
    app = make_app("html", srcdir=repo.root)
    assert app.config.html_theme_options["navigation_depth"] == 1
    app.cleanup()
    own = make_app("html", srcdir=repo.root, confoverrides={"html_theme_options": {"navigation_depth": 3}})
    assert own.config.html_theme_options["navigation_depth"] == 3  # a coalition's own choice stays
    own.cleanup()
