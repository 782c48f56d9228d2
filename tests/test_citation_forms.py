"""sphinxcontrib-bibtex's citation forms: parsed once (accord.citerole), checked at each key's
column, and rendered with their custom text and notes, each key in the reference list."""

from __future__ import annotations

import re

import pytest

from accord import citerole
from accord.vocabulary import CITE_ROLES
from tests.conftest import Repo
from tests.test_body_rules import body_findings


@pytest.mark.parametrize(
    ("content", "keys", "pre", "post", "text"),
    [
        ("a", ["a"], [""], [""], None),
        ("a, b ,c", ["a", "b", "c"], ["", "", ""], ["", "", ""], None),
        ("{see}a{p. 2}", ["a"], ["see"], ["p. 2"], None),
        ("{see} a {p. 2}, {cf.}b", ["a", "b"], ["see", "cf."], ["p. 2", ""], None),
        (
            "McKiernan et al. 2016<McKiernan2016Open>",
            ["McKiernan2016Open"],
            [""],
            [""],
            "McKiernan et al. 2016",
        ),
        ("the report <a, {see}b{ch. 3}>", ["a", "b"], ["", "see"], ["", "ch. 3"], "the report"),
    ],
)
def test_parse(content: str, keys: list[str], pre: list[str], post: list[str], text: str | None) -> None:
    cited = citerole.parse(content)
    assert cited.error is None
    assert cited.keys == keys
    assert [t.pre for t in cited.targets] == pre
    assert [t.post for t in cited.targets] == post
    assert cited.text == text
    assert [content[t.offset : t.offset + len(t.key)] for t in cited.targets] == keys


@pytest.mark.parametrize(
    ("content", "offset"),
    [("a,", 2), ("a,,b", 2), ("a b", 2), ("{see}", 0), ("a{p. 2}b", 7), ("a, {x}", 3)],
)
def test_malformed(content: str, offset: int) -> None:
    cited = citerole.parse(content)
    assert cited.error
    assert cited.error_offset == offset


def test_where_follows_line_breaks() -> None:
    assert citerole.where("a,\n  b", 4, 10, 5) == (5, 3)
    assert citerole.where("a, b", 4, 10, 3) == (4, 13)


# Known keys: wgig2005report, coe2011principles (tests.conftest.BIB).
CHECKED = [
    ("custom text", "{cite:ps}`Report 2005<wgig2005report>`\n", []),
    ("custom text, unknown key at its column", "{cite:ps}`Report 2005 <wgig2005>`\n", [("CITE001", 1, 24)]),
    ("notes", "{cite:p}`{see}wgig2005report{p. 2}`\n", []),
    ("notes, unknown key at its column", "{cite:p}`{see}wgig2005{p. 2}`\n", [("CITE001", 1, 15)]),
    ("several keys with notes", "{cite:t}`{see}wgig2005report{p. 2}, {cf.} coe2011principles`\n", []),
    ("second key unknown", "{cite:p}`wgig2005report, {cf.} nope{p. 3}`\n", [("CITE001", 1, 32)]),
    ("wrong case", "{cite:p}`{see}WGIG2005report`\n", [("CITE003", 1, 15)]),
    ("trailing comma", "{cite:p}`wgig2005report,`\n", [("CITE004", 1, 25)]),
    ("a note without a key", "{cite:p}`{see}`\n", [("CITE004", 1, 10)]),
    ("two keys without a comma", "{cite:p}`wgig2005report coe2011principles`\n", [("CITE004", 1, 25)]),
    ("blank", "{cite:p}` `\n", [("CITE002", 1, 10)]),
    ("custom text only", "{cite:p}`text <>`\n", [("CITE002", 1, 10)]),
]


@pytest.mark.parametrize(("body", "expected"), [c[1:] for c in CHECKED], ids=[c[0] for c in CHECKED])
def test_check(repo: Repo, body: str, expected: list[tuple[str, int, int]]) -> None:
    assert body_findings(repo, body) == expected


@pytest.mark.parametrize("role", sorted(CITE_ROLES))
def test_every_role_variant_is_checked(repo: Repo, role: str) -> None:
    assert body_findings(repo, f"{{{role}}}`{{see}}nope{{p. 1}}`\n") == [("CITE001", 1, len(role) + 9)]


def _text(html: str) -> str:
    return (
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
        .replace(" ,", ",")
        .replace("[ ", "[")
        .replace(" ]", "]")
        .replace("] [", "][")
        .replace(" .", ".")
    )


def _page(build, repo: Repo, body: str) -> tuple[str, str, str]:
    repo.doc("positions/paper.md", body="\n## Sources\n\n" + body)
    warnings, out = build()
    html = (out / "positions" / "paper.html").read_text(encoding="utf-8")
    found = re.search(r'<section id="sources">(.*?)</section>', html, re.DOTALL)
    listed = re.search(r'<section id="references">(.*?)</section>', html, re.DOTALL)
    assert found and listed
    return warnings, _text(found[1]), _text(listed[1])


@pytest.mark.sphinx
def test_the_page_shows_custom_text_notes_and_the_reference_list(build, repo: Repo) -> None:
    warnings, text, listed = _page(
        build,
        repo,
        "A {cite:ps}`The 2005 report<wgig2005report>`.\n\n"
        "B {cite:p}`{see}wgig2005report{p. 2}`.\n\n"
        "C {cite:t}`{see}wgig2005report{ch. 3}, coe2011principles`.\n\n"
        "D {cite:year}`coe2011principles`, E {cite:yearpar}`coe2011principles`.\n\n"
        "F {cite:author}`coe2011principles`.\n\n"
        "G {cite:p}`wgig2005report,coe2011principles`.\n",
    )
    assert warnings == ""
    assert "A The 2005 report [1]." in text
    assert "B see [1], p. 2." in text
    assert "C see Working Group on Internet Governance [1], ch. 3 and Council of Europe" in text
    assert "D 2011 [2], E (2011) [2]." in text
    assert "F Council of Europe, Committee of Ministers [2]." in text
    assert "G [1][2]." in text
    assert "Report of the working group on Internet governance" in listed
    assert "Declaration by the committee of ministers" in listed


@pytest.mark.sphinx
def test_cite_empty_lists_the_entry_and_shows_nothing(build, repo: Repo) -> None:
    warnings, text, listed = _page(build, repo, "Read {cite:empty}`coe2011principles`this.\n")
    assert warnings == ""
    assert "Read this." in text
    assert "Declaration by the committee of ministers" in listed


@pytest.mark.sphinx
@pytest.mark.parametrize("role", sorted(CITE_ROLES))
def test_every_role_variant_builds(build, repo: Repo, role: str) -> None:
    warnings, text, listed = _page(build, repo, f"X {{{role}}}`{{see}}coe2011principles{{p. 4}}`.\n")
    assert "Traceback" not in warnings
    assert warnings == ""
    assert "Declaration by the committee of ministers" in listed
    if not role.endswith("empty"):
        assert "see" in text and "p. 4" in text


@pytest.mark.sphinx
def test_a_malformed_citation_is_reported_and_shown_as_written(build, repo: Repo) -> None:
    repo.doc("positions/paper.md", body="\n## Sources\n\nX {cite:p}`wgig2005report,`.\n")
    warnings, out = build()
    assert "CITE004" in warnings and "paper.md:" in warnings
    html = (out / "positions" / "paper.html").read_text(encoding="utf-8")
    assert "wgig2005report," in html


CHECKED_DIRECTIVES = [
    ("plain", "```{bibliography}\n```\n", []),
    ("a file", "```{bibliography} refs.bib\n```\n", [("CITE005", 1, 19)]),
    (
        "options",
        "```{bibliography}\n:filter: docname in docnames\n:style: plain\n```\n",
        [("CITE006", 2, 1), ("CITE006", 3, 1)],
    ),
]


@pytest.mark.parametrize(
    ("body", "expected"), [c[1:] for c in CHECKED_DIRECTIVES], ids=[c[0] for c in CHECKED_DIRECTIVES]
)
def test_bibliography_directive_check(repo: Repo, body: str, expected: list[tuple[str, int, int]]) -> None:
    assert body_findings(repo, "{cite:p}`wgig2005report`\n\n" + body) == [
        (code, line + 2, column) for code, line, column in expected
    ]


@pytest.mark.sphinx
@pytest.mark.parametrize("directive", ["```{bibliography}\n```", "```{footbibliography}\n```"])
def test_a_document_may_place_its_reference_list(build, repo: Repo, directive: str) -> None:
    repo.doc(
        "positions/paper.md",
        body=f"\n## Sources\n\nText {{cite:p}}`wgig2005report`.\n\n## Works cited\n\n{directive}\n\nAfter the list.\n",
    )
    warnings, out = build()
    assert warnings == ""
    html = _text((out / "positions" / "paper.html").read_text(encoding="utf-8"))
    assert "References" not in html  # no second list appended
    listed = html.index("Works cited")
    assert html.index("Report of the working group", listed) < html.index("After the list.")


@pytest.mark.sphinx
def test_a_bibliography_file_argument_is_reported_and_never_read(build, repo: Repo) -> None:
    repo.doc(
        "positions/paper.md",
        body="\n## Sources\n\nText {cite:p}`wgig2005report`.\n\n```{bibliography} /etc/passwd\n:all:\n```\n",
    )
    warnings, out = build()
    assert "CITE005" in warnings and "paper.md:13" in warnings
    html = (out / "positions" / "paper.html").read_text(encoding="utf-8")
    assert "root:" not in html
    assert "Report of the working group" in _text(html)
