"""SAFE, XREF and CITE rules over document bodies: one row per case, (code, line, column)."""

from __future__ import annotations

import textwrap

import pytest

from accord import checks, corpus
from tests.conftest import TODAY, Repo, front

HEAD = front()
FIRST = HEAD.count("\n") + 1  # the first body line


def body_findings(repo: Repo, body: str, *, settings: str = "") -> list[tuple[str, int, int]]:
    if settings:
        repo.write("pyproject.toml", settings)
    repo.doc("positions/other.md")
    repo.write("positions/paper.md", HEAD + textwrap.dedent(body))
    found = checks.run(corpus.load(repo.root), today=TODAY, only={"positions/paper.md"})
    return [(d.code, d.line - FIRST + 1, d.column) for d in found]


CASES = [
    # -- SAFE001 raw HTML
    ("inline script", "Hello <script>alert(1)</script>\n", [("SAFE001", 1, 7), ("SAFE001", 1, 23)]),
    ("html block", "<div onclick='x()'>\nhi\n</div>\n", [("SAFE001", 1, 1)]),
    ("iframe block in a list", "- item\n- <iframe src='https://x'></iframe>\n", [("SAFE001", 2, 3)]),
    ("html comment is inert", "<!-- note for editors -->\n\nText\n", []),
    ("conditional comment", "<!--[if IE]><script>x</script><![endif]-->\n", [("SAFE001", 1, 1)]),
    ("html in code is text", "`<script>` and\n\n```\n<script>alert(1)</script>\n```\n", []),
    ("indented code is text", "Para.\n\n    <script>alert(1)</script>\n", []),
    # -- SAFE002 raw directives
    ("raw directive", "```{raw} html\n<b>x</b>\n```\n", [("SAFE002", 1, 1)]),
    (
        "eval-rst directive",
        "```{eval-rst}\n.. raw:: html\n\n   <script></script>\n```\n",
        [("SAFE002", 1, 1)],
    ),
    (
        "raw nested in admonition",
        ":::{note}\nText\n\n```{raw} html\n<b>x</b>\n```\n:::\n",
        [("SAFE002", 4, 1)],
    ),
    (
        "raw role",
        "Text {raw}`html <b>x</b>` here.\n",
        [("SAFE002", 1, 12)],
    ),  # at its text, as every role rule
    # -- SAFE003 script links
    ("javascript link", "[click](javascript:alert(1))\n", [("SAFE003", 1, 9)]),
    ("spaced javascript link", "[click](  JavaScript:alert(1))\n", [("SAFE003", 1, 11)]),
    ("data html link", "[x](data:text/html;base64,PHNjcmlwdD4=)\n", [("SAFE003", 1, 5)]),
    (
        "javascript target option",
        "```{image} pic.png\n:target: javascript:alert(1)\n```\n",
        [("XREF010", 1, 1), ("SAFE003", 2, 1)],  # pic.png is missing too
    ),
    ("https link is fine", "[ok](https://example.org)\n", []),
    # -- SAFE004 files outside the repository
    ("include escapes", "```{include} ../../../etc/passwd\n```\n", [("SAFE004", 1, 1)]),
    ("absolute include", "```{literalinclude} /../../etc/hosts\n```\n", [("SAFE004", 1, 1)]),
    ("image escapes", "![x](../../secret.png)\n", [("SAFE004", 1, 6)]),
    ("figure escapes", "```{figure} ../../x.png\nCaption\n```\n", [("SAFE004", 1, 1)]),
    ("include inside is fine", "```{include} other.md\n```\n", []),
    ("remote image is fine", "![x](https://example.org/x.png)\n", []),
    # -- XREF001 / XREF002
    ("link to missing document", "See [that](missing.md).\n", [("XREF001", 1, 12)]),
    ("link to existing document", "See [that](other.md) and [p](../positions/other.md#section).\n", []),
    (
        "missing document in a card",
        "::::{grid}\n:::{grid-item-card} T\nSee [x](nope.md)\n:::\n::::\n",
        [("XREF001", 3, 9)],
    ),
    ("bare label is left to Sphinx", "See [label](some-label).\n", []),
    ("doc role to missing", "See {doc}`/positions/gone`.\n", [("XREF002", 1, 11)]),
    ("doc role with title", "See {doc}`the paper </positions/other>`.\n", []),
    # -- CITE001 / CITE002
    ("unknown key", "As argued {cite:p}`wgig2005`.\n", [("CITE001", 1, 20)]),
    (
        "several keys, one unknown",
        "Both {cite:t}`wgig2005report, nope`.\n",
        [("CITE001", 1, 31)],
    ),
    ("known keys", "{cite:p}`wgig2005report,coe2011principles`\n", []),
    ("empty role", "Text {cite:p}``.\n", []),
    ("cite in code is text", "`{cite:p}`nope`` and\n\n```\n{cite:p}`nope`\n```\n", []),
    (
        "cite in nested directives",
        "::::{admonition} Outer\n:::{dropdown} Inner\n{cite:p}`nope`\n:::\n::::\n",
        [("CITE001", 3, 10)],
    ),
    ("cite in a tab", "::::{tab-set}\n:::{tab-item} A\n{footcite}`nope`\n:::\n::::\n", [("CITE001", 3, 12)]),
]


@pytest.mark.parametrize(("body", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_body_rule(repo: Repo, body: str, expected: list[tuple[str, int, int]]) -> None:
    assert body_findings(repo, body) == expected


def test_allow_listed_html_passes(repo: Repo) -> None:
    settings = '[tool.accord]\nallowed-html = ["abbr", "br"]\n'
    assert body_findings(repo, "An <abbr>IGF</abbr> line<br>\n", settings=settings) == []
    assert body_findings(repo, '<abbr title="x">IGF</abbr>\n', settings=settings) == [("SAFE001", 1, 1)]


def test_unknown_key_hint_names_the_closest_key(repo: Repo) -> None:
    repo.doc("positions/paper.md", body="\n{cite:p}`wgig2005`\n")
    [diagnostic] = checks.run(corpus.load(repo.root), today=TODAY, only={"positions/paper.md"})
    assert diagnostic.hint == "did you mean 'wgig2005report'?"
    assert diagnostic.message == "citation key must match an entry in the bibliography: 'wgig2005'"


def test_missing_bibliography_is_reported_once(repo: Repo) -> None:
    (repo.root / "references.bib").unlink()
    repo.doc("positions/paper.md", body="\n{cite:p}`anything`\n")
    assert [d.code for d in checks.run(corpus.load(repo.root), today=TODAY)] == ["BIB002"]


def test_non_ascii_keys(repo: Repo) -> None:
    repo.write("references.bib", "@misc{müller2011,\n  title = {T},\n  year = {2011},\n}\n")
    repo.doc("positions/paper.md", body="\n{cite:p}`müller2011` and {cite:p}`müler2011`\n")
    [diagnostic] = checks.run(corpus.load(repo.root), today=TODAY)
    assert (diagnostic.code, diagnostic.hint) == ("CITE001", "did you mean 'müller2011'?")


TITLES = [
    # MyST renders the title as the page's heading: the body's rules hold there too, at its line.
    ("raw role", '"A {raw}`html <b>x</b>` title"', [("SAFE002", 10)]),
    ("script tag", '"A <script>x</script> title"', [("SAFE001", 4), ("SAFE001", 13)]),
    ("javascript link", '"[A](javascript:alert(1)) title"', [("SAFE003", 6)]),
    ("unquoted, plain markup", "A *plain* title with a [link](https://example.org)", []),
]


@pytest.mark.parametrize(
    ("title", "expected"), [case[1:] for case in TITLES], ids=[case[0] for case in TITLES]
)
def test_title_markup_is_checked_at_the_title(
    repo: Repo, title: str, expected: list[tuple[str, int]]
) -> None:
    repo.doc("positions/other.md")
    repo.write("positions/paper.md", front(title=title) + "\nText.\n")
    line = 2  # the title is the front matter's first field
    found = checks.run(corpus.load(repo.root), today=TODAY, only={"positions/paper.md"})
    value = len("title: ") + 1  # the column where the value starts (its quote, if quoted)
    assert [(d.code, d.column - value + 1) for d in found if d.code.startswith("SAFE")] == expected
    assert all(d.line == line for d in found if d.code.startswith("SAFE"))
