"""One allow-list of URL schemes: the verdict, the check at its line and column, the built output."""

from __future__ import annotations

import textwrap

import pytest

from accord import checks, corpus
from accord.urls import refusal
from tests.conftest import BIB, CITING_BODY, TODAY, Repo, front

HEAD = front()
FIRST = HEAD.count("\n") + 1  # the first body line


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org/a?b=c#d",
        "HTTP://EXAMPLE.ORG",
        "mailto:someone@example.org",
        "ftp://ftp.example.org/file",
        "other.md",
        "../principles/x.md#section",
        "#frag",
        "//example.org/x",
        "https://example.org/a%3Ab",
        "images/a:b.png",
    ],
)
def test_allowed_urls(url: str) -> None:
    assert refusal(url) is None


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        " JaVaScRiPt:alert(1)",
        "java\tscript:alert(1)",
        "java\nscript:alert(1)",
        "\x01javascript:alert(1)",
        "java\x00script:alert(1)",
        "javascript://%0aalert(1)",
        "java%0ascript:alert(1)",
        "javascript%3Aalert(1)",
        "%6Aavascript:alert(1)",
        "vbscript:msgbox(1)",
        "data:text/html;base64,PHNjcmlwdD4=",
        "data:image/svg+xml,<svg onload=alert(1)>",
        "file:///etc/passwd",
        "FILE://localhost/etc/passwd",
        "tel:+41000",
        "c:\\windows\\win.ini",
    ],
)
def test_refused_urls(url: str) -> None:
    assert refusal(url) is not None
    assert refusal(url, source=True) is not None


def test_myst_schemes_and_labels_are_source_only() -> None:
    for url in ("project:/positions/a.md", "path:data.csv", "inv:python#os", "sec:intro"):
        assert refusal(url, source=True) is None
        assert refusal(url) is not None
    assert refusal("javascript:alert", source=True) is not None  # never a label


def test_images_are_fetched_over_http_only() -> None:
    assert refusal("https://example.org/x.png", image=True) is None
    assert refusal("mailto:x@example.org", image=True) is not None


def findings(repo: Repo, body: str, *, bib: str | None = None) -> list[tuple[str, str, int, int]]:
    repo.doc("positions/other.md")
    if bib is not None:
        repo.write("references.bib", bib)
    repo.write("positions/paper.md", HEAD + textwrap.dedent(body))
    found = checks.run(corpus.load(repo.root), today=TODAY)
    return [
        (d.code, d.path, d.line - FIRST + 1 if d.path.endswith(".md") else d.line, d.column)
        for d in found
        if d.code.startswith("SAFE")
    ]


CASES = [
    ("toctree entry", "```{toctree}\n:maxdepth: 1\n\nEvil <javascript://%0aalert(1)>\n```\n", [(4, 7)]),
    ("bare toctree entry", "```{toctree}\nfile:///etc/passwd\n```\n", [(2, 1)]),
    ("toctree of a document", "```{toctree}\nHome </index>\nother\nself\n```\n", [(2, 7), (3, 1)]),
    ("toctree glob", "```{toctree}\n:glob:\n\n../../*\n```\n", [(4, 1)]),
    ("toctree of web addresses", "```{toctree}\nSite <https://example.org>\n```\n", []),
    ("button-link", "```{button-link} javascript:alert(1)\nClick\n```\n", [(1, 1)]),
    (
        "card link",
        "::::{grid}\n:::{grid-item-card} T\n:link: JAVA\tSCRIPT:alert(1)\n\nText\n:::\n::::\n",
        [(3, 1)],
    ),
    (
        "card link typed URL",
        ":::{card} T\n:link: javascript:alert(1)\n:link-type: URL\n\nText\n:::\n",
        [(2, 1)],
    ),
    ("card link to a label", ":::{card} T\n:link: sec:intro\n:link-type: ref\n\nText\n:::\n", []),
    ("figure target", "```{figure} pic.png\n:target: vbscript:x\n\nCaption\n```\n", [(2, 1)]),
    ("image file url", "```{image} file:///etc/passwd\n```\n", [(1, 1)]),
    ("markdown image file url", "![x](file:///etc/passwd)\n", [(1, 6)]),
    ("autolink", "See <javascript:alert(1)> now.\n", [(1, 6)]),
    ("percent autolink", "See <%6Aavascript:alert(1)> now.\n", [(1, 6)]),
    ("reference definition", "See [x][1].\n\n[1]: javascript:alert(1)\n", [(3, 6)]),
    ("percent scheme", "[x](java%0ascript:alert(1))\n", [(1, 5)]),
    (
        "valid forms",
        "[a](https://x.org) [b](mailto:a@b.org) [c](other.md) [d](#frag) [e](project:other.md)\n",
        [],
    ),
    ("doc role", "See {doc}`other`.\n", []),
    # Not a link (a space in the target): plain text on the page, as The Turing Way has it.
    ("broken link is text", "[package rorcid](rorcid: https://github.com/ropensci/rorcid)\n", []),
    ("broken script link is refused", "[x](javascript:alert(1) now)\n", [(1, 5)]),
    (
        "badge links",
        "{bdg-link-primary}`x <javascript:alert(1)>` {bdg-link-info-line}`JavaScript:alert(2)` "
        "{bdg-link-dark}`site <https://example.org>`\n",
        [(1, 20), (1, 66)],
    ),
    ("inventory link", "See [x](inv:sphinx#toctree) and <inv:foo:std:label#x>.\n", [(1, 9), (1, 34)]),
    ("download in a heading", "## Annex {download}`data <other.md>`\n\nText.\n", [(1, 21)]),
    ("download of a file url", "See {download}`x <file:///etc/passwd>`.\n", [(1, 16)]),
    ("download in text", "## Annex\n\nSee {download}`data <other.md>`.\n", []),
    ("NUL and ESC", "Text\x00 and \x1b[31mred\n", [(1, 5), (1, 11)]),
    ("tab is fine", "Text\tand\r\nmore\n", []),
]


@pytest.mark.parametrize(("body", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_check_reports_each_url_at_its_place(repo: Repo, body: str, expected: list[tuple[int, int]]) -> None:
    found = findings(repo, CITING_BODY + body)
    offset = CITING_BODY.count("\n")
    assert [
        (line - offset, column) for _, path, line, column in found if path == "positions/paper.md"
    ] == expected


EVIL_BIB = BIB + textwrap.dedent(
    """\

    @misc{evil,
      author = {Someone},
      title = {Evil \\url{javascript:alert(1)}},
      howpublished = {\\href{JavaScript:alert(2)}{here}},
      year = {2011},
      note = {fine \\url{https://example.org} \x1b[31m},
    }
    """
)


def test_bibliography_urls_are_checked_in_the_bib(repo: Repo) -> None:
    found = findings(repo, CITING_BODY + "\nAnd {cite:p}`evil`.\n", bib=EVIL_BIB)
    lines = EVIL_BIB.splitlines()
    title, howpublished = (
        1 + lines.index(next(x for x in lines if x.strip().startswith(f)))
        for f in ("title = {Evil", "howpublished")
    )
    note = title + 3
    assert [f for f in found if f[1] == "references.bib"] == [
        ("SAFE012", "references.bib", title, 3),
        ("SAFE012", "references.bib", howpublished, 3),
        ("SAFE011", "references.bib", note, 3),
    ]


def test_settings_are_validated(repo: Repo) -> None:
    repo.write(
        "pyproject.toml",
        "[tool.accord]\nrepository = 'a/b\" onmouseover=\"alert(1)'\nbase-url = 'javascript:alert(1)//'\n"
        "branch = 'a..b'\ntitle = \"T\\u001b\"\n",
    )
    found = checks.run(corpus.load(repo.root), today=TODAY)
    assert [(d.code, d.line) for d in found if d.path == "pyproject.toml"] == [
        ("META030", 2),
        ("META030", 3),
        ("META030", 4),
        ("META030", 5),
    ]


def test_a_refused_url_field_is_one_error_not_two(repo: Repo) -> None:
    bib = BIB + "\n@misc{evil,\n  author = {Someone},\n  title = {T},\n  year = {2011},\n"
    bib += "  url = {javascript:alert(1)},\n}\n\n@misc{loose,\n  author = {Someone},\n  title = {U},\n"
    bib += "  year = {2011},\n  url = {www.example.org},\n}\n"
    repo.doc("positions/other.md", body=CITING_BODY + "\nAnd {cite:p}`evil,loose`.\n")
    repo.write("references.bib", bib)
    found = checks.run(corpus.load(repo.root), today=TODAY)
    assert [(d.code, d.line) for d in found if d.path == "references.bib"] == [
        ("SAFE012", 19),  # refused: SAFE012 alone, no BIB007 beside it
        ("BIB007", 26),  # allowed, only malformed
    ]
