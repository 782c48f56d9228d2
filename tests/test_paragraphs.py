"""Numbered paragraphs and principles: the shared definition, the XREF rules, the Sphinx transform
and role, print, and the agreement of the checks' count with the doctree's."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from docutils import nodes

from accord import checks, corpus, markdown, numbering
from accord.checkcache import CheckCache
from tests.conftest import TODAY, Repo, sample_repo

CONSULTATION = {"status": "consultation", "consultation": "{opens: 2026-11-02, closes: 2026-12-18}"}
ADOPTED = {"status": "adopted", "version": "'1.0'", "adopted": "{date: 2026-02-01, by: Assembly}"}
CITES = "{cite:p}`wgig2005report,coe2011principles`"

# Every kind of block: only the paragraphs marked (n) are numbered.
TRICKY = f"""
## Section one

Intro paragraph {CITES}. (1)

(a-label)=
A labelled paragraph. (2)

![alt](dot.png)

> A quote.

- a list item

Term
: definition

| a | b |
|---|---|
| 1 | 2 |

A note mark[^n]. (3)

[^n]: The note.

:::{{note}}
Inside a note.
:::

```{{dropdown}} Title
Inside a dropdown.
```

`code` alone. (4)

### Sub

Text
over two lines. (5)
"""


@pytest.fixture(autouse=True)
def _tricky_image(request: pytest.FixtureRequest) -> None:
    """The image TRICKY shows exists in each test repository (a missing one is XREF010)."""
    if "repo" in request.fixturenames:
        repo = request.getfixturevalue("repo")
        (repo.root / "positions" / "dot.png").write_bytes(png())


def found(repo: Repo, only: str | None = None) -> list[tuple[str, int, int, str]]:
    diagnostics = checks.run(corpus.load(repo.root), today=TODAY, only={only} if only else None)
    return [(d.code, d.line, d.column, d.message) for d in diagnostics]


def codes(repo: Repo) -> list[tuple[str, str, int, int]]:
    return [(d.path, d.code, d.line, d.column) for d in checks.run(corpus.load(repo.root), today=TODAY)]


# -- the shared definition


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("igf-policy-options#p-3", numbering.Target("igf-policy-options", "p", 3)),
        (
            "civil-society-principles#principle-12",
            numbering.Target("civil-society-principles", "principle", 12),
        ),
        ("#p-1", numbering.Target(None, "p", 1)),
        ("../positions/paper.md#p-2", numbering.Target("paper", "p", 2)),
        ("the second paragraph <paper#p-2>", numbering.Target("paper", "p", 2, "the second paragraph")),
        (" paper#p-2 ", numbering.Target("paper", "p", 2)),
        ("paper#3", None),
        ("paper#p-0", None),
        ("paper#p-", None),
        ("paper", None),
        ("paper#section-2", None),
        ("", None),
    ],
)
def test_targets_are_read_as_written(value: str, expected: numbering.Target | None) -> None:
    assert numbering.parse_target(value) == expected


def test_anchors_and_headings() -> None:
    assert numbering.anchor("p", 3) == "p-3"
    assert numbering.anchor("principle", 12) == "principle-12"
    assert numbering.is_reserved("p-3") and numbering.is_reserved("principle-1")
    assert not numbering.is_reserved("p-x") and not numbering.is_reserved("principles-1")
    assert numbering.principle_number("3. Privacy and data protection") == 3
    assert numbering.principle_number("  12. Empowered users") == 12
    assert numbering.principle_number("3 Privacy") is None
    assert numbering.principle_number("2011. A year") == 2011
    assert numbering.principle_number("Privacy 3.") is None


def test_referenced_ids_scan_para_roles_only() -> None:
    text = "See {para}`a#p-1`, {para}`#p-2`, {para}`T <b#principle-1>` and {doc}`c`; {para}`bad`."
    assert numbering.referenced_ids(text) == {"a", "b"}


def test_markdown_lists_top_level_paragraphs_and_headings(repo: Repo) -> None:
    items = markdown.scan(TRICKY)
    paragraphs = [i.value for i in items if i.kind == "paragraph"]
    # The image-only paragraph is listed without words: it is not numbered.
    assert paragraphs == [
        "Intro paragraph wgig2005report,coe2011principles. (1)",
        "A labelled paragraph. (2)",
        "",
        "A note mark. (3)",
        "code alone. (4)",
        "Text over two lines. (5)",
    ]
    assert [(i.name, i.value, i.line) for i in items if i.kind == "heading"] == [
        ("h2", "Section one", 2),
        ("h3", "Sub", 36),
    ]
    assert [(i.value, i.line) for i in items if i.kind == "label"] == [("a-label", 6)]


def test_numbering_of_a_document_depends_on_its_status(repo: Repo) -> None:
    repo.doc("positions/open.md", body=TRICKY, **CONSULTATION)
    repo.doc("positions/draft.md", body=TRICKY)
    repo.doc("principles/charter.md", body="\n### 1. One\n\nText.\n\n### 2. Two\n\n### 2. Again\n")
    docs = {d.id: d for d in corpus.load(repo.root).documents}
    assert numbering.of_document(docs["open"]).paragraphs == 5
    assert numbering.of_document(docs["open"]).numbered
    assert numbering.of_document(docs["draft"]).paragraphs == 0
    assert numbering.of_document(docs["draft"]).texts == 5
    charter = numbering.of_document(docs["charter"])
    assert charter.principles == {1: "1. One", 2: "2. Two"}
    assert charter.has("principle", 2) and not charter.has("principle", 3)


# -- the rules


def test_references_that_lead_somewhere_pass(repo: Repo) -> None:
    repo.doc("positions/open.md", body=TRICKY, **CONSULTATION)
    repo.doc("principles/charter.md", body="\n### 1. One\n\n### 2. Two\n" + CITES + "\n")
    repo.doc(
        "positions/citing.md",
        body=f"""
        ## Refs

        {{para}}`open#p-5`, {{para}}`charter#principle-2`, {{para}}`the first <open#p-1>`,
        {{para}}`../principles/charter.md#principle-1` and {{para}}`#p-1` {CITES}.
        """,
        **ADOPTED,
    )
    assert found(repo) == []


def test_each_kind_of_broken_reference(repo: Repo) -> None:
    repo.doc("positions/open.md", body=TRICKY, **CONSULTATION)
    repo.doc("positions/draft.md")
    repo.doc("principles/charter.md", body="\n### 1. One\n\n" + CITES + "\n")
    repo.doc(
        "positions/citing.md",
        body=f"""
        ## Refs

        A {{para}}`open#3` and {{para}}`opne#p-1`.
        B {{para}}`draft#p-1` C {{para}}`open#p-6` D {{para}}`charter#principle-2`.
        E {{para}}`open#principle-1` F {{para}}`#p-1` {CITES}.
        """,
    )
    result = [(c, line, column) for c, line, column, _ in found(repo, "positions/citing.md")]
    assert result == [
        ("XREF003", 11, 10),
        ("XREF004", 11, 29),
        ("XREF005", 12, 10),
        ("XREF006", 12, 30),
        ("XREF007", 12, 49),
        ("XREF007", 13, 10),
        ("XREF005", 13, 37),
    ]
    diagnostics = {d.code + str(d.column): d for d in checks.run(corpus.load(repo.root), today=TODAY)}
    assert diagnostics["XREF00429"].hint == "did you mean the document 'open'?"
    assert "'draft#p-1' ('draft' is draft)" in diagnostics["XREF00510"].message
    assert diagnostics["XREF00630"].hint == "'open' numbers paragraphs 1 to 5"
    assert diagnostics["XREF00749"].hint == "'charter' numbers principles 1"
    assert "numbers no principles" in diagnostics["XREF00710"].hint


def test_reserved_ids_and_repeated_principles(repo: Repo) -> None:
    repo.doc(
        "principles/charter.md",
        body=f"""
        ## P 1

        (principle-4)=
        ### 1. One

        ### 1. Again {CITES}

        (p-2)=
        Text.
        """,
    )
    assert [(c, line, column) for c, line, column, _ in found(repo)] == [
        ("XREF008", 9, 1),
        ("XREF008", 11, 1),
        ("XREF009", 14, 1),
        ("XREF008", 16, 1),
    ]


def test_pages_may_refer_to_paragraphs(repo: Repo) -> None:
    repo.doc("positions/open.md", body=TRICKY, **CONSULTATION)
    index = repo.root / "index.md"
    index.write_text(index.read_text(encoding="utf-8") + "\nSee {para}`open#p-9`.\n", encoding="utf-8")
    assert [(c, path) for path, c, _, _ in codes(repo)] == [("XREF006", "index.md")]


def test_the_check_cache_follows_the_documents_referred_to(repo: Repo, tmp_path: Path) -> None:
    target = repo.doc("positions/open.md", body=TRICKY, **CONSULTATION)
    repo.doc("positions/citing.md", body=f"\nSee {{para}}`open#p-5` {CITES}.\n")
    cache = CheckCache(tmp_path / "cache.json")
    assert checks.run(corpus.load(repo.root), today=TODAY, cache=cache) == []
    cache.save()
    # The cited paragraph goes away; the citing document's text is unchanged.
    target.write_text(target.read_text(encoding="utf-8").replace("over two lines. (5)", ""), encoding="utf-8")
    target.write_text(target.read_text(encoding="utf-8").replace("Text\n", ""), encoding="utf-8")
    again = checks.run(corpus.load(repo.root), today=TODAY, cache=CheckCache.load(tmp_path / "cache.json"))
    assert [(d.path, d.code) for d in again] == [("positions/citing.md", "XREF006")]


# -- Sphinx


def page(out: Path, name: str) -> str:
    return (out / f"{name}.html").read_text(encoding="utf-8")


def png() -> bytes:
    from tests.test_pdf import png as make_png

    return make_png()


@pytest.mark.sphinx
def test_the_transform_numbers_what_the_checks_count(make_app: Callable, repo: Repo) -> None:
    (repo.root / "positions" / "dot.png").write_bytes(png())
    repo.doc("positions/open.md", body=TRICKY, **CONSULTATION)
    repo.doc("positions/draft.md", body=TRICKY)
    app = make_app("html", srcdir=repo.root, freshenv=True)
    app.build()
    assert app.warning.getvalue() == ""
    for name in ("open", "draft"):
        doctree = app.env.get_doctree(f"positions/{name}")
        numbered = [p for p in doctree.findall(nodes.paragraph) if "accord-para" in p["classes"]]
        doc = next(d for d in corpus.load(repo.root).documents if d.id == name)
        assert len(numbered) == numbering.of_document(doc).paragraphs
        assert [p["ids"][0] for p in numbered] == [f"p-{n}" for n in range(1, len(numbered) + 1)]
        assert all(p.astext().endswith(f"({n})") for n, p in enumerate(numbered, 1))
    html = page(Path(app.outdir), "positions/open")
    assert '<p class="accord-para" id="p-1"><a class="accord-para-number" href="#p-1"' in html
    assert 'id="a-label"' in html  # the label keeps working beside the paragraph's number
    assert 'src="../_static/accord-para.js' in html
    assert "accord-para" not in page(Path(app.outdir), "positions/draft").replace("accord-para.js", "")
    app.cleanup()


@pytest.mark.sphinx
def test_the_sample_content_is_numbered_as_the_checks_count(make_app: Callable, tmp_path: Path) -> None:
    """The sample documents, built in a copy: the transform and the checks agree."""
    root = sample_repo(tmp_path / "repo").root
    app = make_app("html", srcdir=root, freshenv=True)
    app.build()
    assert app.warning.getvalue() == ""
    loaded = corpus.load(root)
    assert sum(numbering.of_document(d).paragraphs for d in loaded.documents) > 20
    for doc in loaded.documents:
        doctree = app.env.get_doctree(f"{doc.kind}/{doc.id}")
        numbered = sum("accord-para" in p["classes"] for p in doctree.findall(nodes.paragraph))
        principles = [s for s in doctree.findall(nodes.section) if "accord-principle" in s["classes"]]
        expected = numbering.of_document(doc)
        assert numbered == expected.paragraphs, doc.id
        assert len(principles) == len(expected.principles), doc.id
    app.cleanup()


@pytest.mark.sphinx
def test_para_references_link_to_the_number(build, repo: Repo) -> None:
    repo.doc(
        "positions/open.md", title="Open paper", body=f"\n## A\n\nOne {CITES}.\n\nTwo.\n", **CONSULTATION
    )
    repo.doc("principles/charter.md", title="Charter", body=f"\n## 1. First\n\n{CITES}\n\n## 2. Second\n")
    repo.doc(
        "positions/citing.md",
        body=f"""
        ## Refs

        See {{para}}`open#p-2`, {{para}}`charter#principle-2`, {{para}}`my words <open#p-1>` and
        {{para}}`#p-1` {CITES}.
        """,
        **CONSULTATION,
    )
    warnings, out = build()
    assert warnings == ""
    html = page(out, "positions/citing")
    links = re.findall(
        r'<a class="reference internal" href="([^"]+)"[^>]*><span class="accord-para-ref">([^<]+)<', html
    )
    assert links == [
        ("open.html#p-2", "Open paper, paragraph 2"),
        ("../principles/charter.html#principle-2", "Charter, principle 2"),
        ("open.html#p-1", "my words"),
        ("#p-1", "paragraph 1"),
    ]
    charter = page(out, "principles/charter")
    assert '<span id="principle-2"></span>' in charter
    assert "accord-para-number" not in charter  # a draft: principles, but no numbered paragraphs


@pytest.mark.sphinx
def test_broken_references_are_warnings_and_plain_text(build, repo: Repo) -> None:
    repo.doc("positions/open.md", body=f"\n## A\n\nOne {CITES}.\n", **CONSULTATION)
    repo.doc("positions/citing.md", body=f"\nSee {{para}}`open#p-4` and {{para}}`open#4` {CITES}.\n")
    warnings, out = build()
    assert "citing.md:9: WARNING: XREF006 a paragraph reference must name a paragraph" in warnings
    assert "[accord.XREF006]" in warnings
    assert "WARNING: XREF003" in warnings
    html = page(out, "positions/citing")
    assert '<span class="accord-para-ref">paragraph 4</span>' in html
    assert '<span class="accord-para-ref">open#4</span>' in html
    assert 'href="open.html#p-4"' not in html


@pytest.mark.sphinx
def test_a_renumbered_document_rechecks_the_documents_that_cite_it(build, repo: Repo) -> None:
    target = repo.doc("positions/open.md", body=f"\n## A\n\nOne {CITES}.\n\nTwo.\n", **CONSULTATION)
    repo.doc("positions/citing.md", body=f"\nSee {{para}}`open#p-2` {CITES}.\n")
    warnings, out = build()
    assert warnings == ""
    assert 'href="open.html#p-2"' in page(out, "positions/citing")
    target.write_text(target.read_text(encoding="utf-8").replace("\nTwo.\n", ""), encoding="utf-8")
    warnings, out = build()
    assert "citing.md:9: WARNING: XREF006" in warnings
    assert 'href="open.html#p-2"' not in page(out, "positions/citing")


@pytest.mark.sphinx
def test_numbering_takes_its_ids_from_headings_and_labels(build, repo: Repo) -> None:
    repo.doc(
        "positions/open.md",
        body=f"""
        ## P 1

        One {CITES}.

        (p-2)=
        - a list

        Two.
        """,
        **CONSULTATION,
    )
    warnings, out = build()
    assert warnings.count("WARNING: XREF008") == 2
    html = page(out, "positions/open")
    assert html.count('id="p-1"') == 1
    assert html.count('id="p-2"') == 1
    assert '<p class="accord-para" id="p-1">' in html
    assert '<p class="accord-para" id="p-2">' in html


@pytest.mark.sphinx
def test_parallel_reading_keeps_every_number(build, repo: Repo) -> None:
    for index in range(8):
        repo.doc(
            f"positions/paper-{index}.md",
            body=f"\n## A\n\nOne {CITES}.\n\nSee {{para}}`paper-{(index + 1) % 8}#p-2`.\n",
            **CONSULTATION,
        )
    warnings, out = build(fresh=True, parallel=2)
    assert warnings == ""
    for index in range(8):
        assert f'href="paper-{(index + 1) % 8}.html#p-2"' in page(out, f"positions/paper-{index}")


@pytest.mark.sphinx
def test_print_shows_the_same_numbers_and_links(build, repo: Repo) -> None:
    repo.doc("positions/open.md", title="Open", body=f"\n## A\n\nOne {CITES}.\n\nTwo.\n", **CONSULTATION)
    repo.doc("positions/citing.md", body=f"\nSee {{para}}`open#p-2` and {{para}}`#p-1` {CITES}.\n", **ADOPTED)
    warnings, out = build(builder="accordpdf", fresh=True)
    assert warnings == ""
    source = (out / "typst" / "positions" / "open.typ").read_text(encoding="utf-8")
    assert '#metadata(none)#label("positions/open#p-1");#accord-para("1");One' in source
    assert '#accord-para("2");Two.' in source
    # In the working build's compendium, joined from parts: to the other part's label, which
    # marks its place (an anchor); within the part, to the label.
    compendium = (out / "typst" / "compendium" / "positions" / "citing.typ").read_text(encoding="utf-8")
    assert '#link("accord-dest:positions/open#p-2")[Open, paragraph 2];' in compendium
    assert '#link(label("positions/citing#p-1"))[paragraph 1];' in compendium
    assert '"positions/open#p-2",' in (out / "typst" / "compendium" / "positions" / "open.typ").read_text(
        encoding="utf-8"
    )
    # Alone, the citing PDF has no label of the other document: the link keeps its text.
    alone = (out / "typst" / "positions" / "citing.typ").read_text(encoding="utf-8")
    assert "Open, paragraph 2" in alone
    assert 'label("positions/open#p-2")' not in alone
    assert (out / "positions" / "open.pdf").read_bytes().startswith(b"%PDF-")


def test_print_numbers_go_in_the_margin_on_the_side_lines_start() -> None:
    import io

    import pypdf
    import typst

    from accord.pdf.sources import TEMPLATE
    from tests.test_pdf_units import FONTS

    for lang, font in (("en", "Noto Serif"), ("ar", "Noto Naskh Arabic")):
        source = (
            f"{TEMPLATE.read_text(encoding='utf-8')}\n"
            "#set page(width: 100mm, height: 40mm, margin: 20mm)\n"
            f'#set text(lang: "{lang}", font: "{font}")\n'
            '#accord-para("7")Text of the paragraph.\n'
        )
        pdf = typst.compile(source.encode(), font_paths=FONTS, ignore_system_fonts=True)
        shown: list[tuple[str, float]] = []

        def visit(text: str, cm: list[float], tm: list[float], *_: object) -> None:
            if text.strip():
                shown.append((text.strip(), cm[4] + tm[4] * cm[0]))  # noqa: B023

        pypdf.PdfReader(io.BytesIO(pdf)).pages[0].extract_text(visitor_text=visit)
        [x] = [x for text, x in shown if text == "7"]
        margin = 20 * 72 / 25.4
        if lang == "en":
            assert x < margin  # in the left margin
        else:
            assert x > 100 * 72 / 25.4 - margin  # in the right margin


def test_the_pre_commit_path_reads_the_documents_referred_to(accord, repo: Repo) -> None:
    """`accord check FILE` loads only the files it checks; a {para} target is read when needed."""
    repo.doc("positions/open.md", body=TRICKY, **CONSULTATION)
    repo.doc("positions/citing.md", body=f"\nSee {{para}}`open#p-6` and {{para}}`open#p-5` {CITES}.\n")
    run = accord("check", "positions/citing.md", cwd=repo.root)
    assert run.code == 1
    assert run.out.startswith("positions/citing.md:9:12: XREF006 a paragraph reference must name a paragraph")
    assert "hint: 'open' numbers paragraphs 1 to 5" in run.out


@pytest.mark.sphinx
# MyST-Parser's {include} still reads BuildEnvironment.app; not ours to fix.
@pytest.mark.filterwarnings("ignore:'sphinx.environment.BuildEnvironment.app' is deprecated")
def test_included_text_is_not_numbered(make_app: Callable, repo: Repo) -> None:
    """The checks do not read included files, so the transform leaves their paragraphs alone."""
    repo.write("positions/parts/extra.md", "Included one.\n\nIncluded two.\n")
    repo.doc(
        "positions/open.md",
        body=f"\n## A\n\nOne {CITES}.\n\n```{{include}} parts/extra.md\n```\n\nLast.\n",
        **CONSULTATION,
    )
    app = make_app("html", srcdir=repo.root, freshenv=True)
    app.build()
    assert app.warning.getvalue() == ""
    numbered = [
        p.astext()
        for p in app.env.get_doctree("positions/open").findall(nodes.paragraph)
        if "accord-para" in p["classes"]
    ]
    assert [text.split(" ")[0] for text in numbered] == ["One", "Last."]
    [doc] = [d for d in corpus.load(repo.root).documents if d.id == "open"]
    assert numbering.of_document(doc).paragraphs == len(numbered) == 2
    app.cleanup()
