"""One allow-list of URL schemes: the verdict, the check at its line and column, the built output."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

from accord import checks, corpus
from accord.urls import refusal
from tests.conftest import BIB, CITING_BODY, TODAY, Repo, front

HEAD = front()
FIRST = HEAD.count("\n") + 1  # the first body line

# An href, src or similar attribute whose value a browser would follow as script or a local file.
FOLLOWED = re.compile(
    r"""(?:href|src|action|poster|data)\s*=\s*["']?\s*(?:javascript|vbscript|file|data)\s*:""", re.I
)


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
    ("button-link", "```{button-link} javascript:alert(1)\nClick\n```\n", [(1, 1)]),
    (
        "card link",
        "::::{grid}\n:::{grid-item-card} T\n:link: JAVA\tSCRIPT:alert(1)\n\nText\n:::\n::::\n",
        [(3, 1)],
    ),
    ("card link to a label", ":::{card} T\n:link: sec:intro\n:link-type: ref\n\nText\n:::\n", []),
    ("figure target", "```{figure} pic.png\n:target: vbscript:x\n\nCaption\n```\n", [(2, 1)]),
    ("image file url", "```{image} file:///etc/passwd\n```\n", [(1, 1)]),
    ("markdown image file url", "![x](file:///etc/passwd)\n", [(1, 6)]),
    ("autolink", "See <javascript:alert(1)> now.\n", [(1, 6)]),
    ("reference definition", "See [x][1].\n\n[1]: javascript:alert(1)\n", [(3, 6)]),
    ("percent scheme", "[x](java%0ascript:alert(1))\n", [(1, 5)]),
    (
        "valid forms",
        "[a](https://x.org) [b](mailto:a@b.org) [c](other.md) [d](#frag) [e](project:other.md)\n",
        [],
    ),
    ("doc role", "See {doc}`other`.\n", []),
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


def test_a_percent_inside_braces_is_reported_and_does_not_stop_the_build(build, repo: Repo) -> None:
    """Hole 9: \\url{...%...} in a field made pybtex stop the build with a traceback."""
    bib = (
        BIB
        + "\n@misc{pct,\n  title = {P},\n  howpublished = {\\url{https://example.org/a%20b}},\n  year = {2011},\n}\n"
    )
    found = findings(repo, CITING_BODY + "\nAnd {cite:p}`pct`.\n", bib=bib)
    line = bib.splitlines().index("  howpublished = {\\url{https://example.org/a%20b}},") + 1
    assert [f for f in found if f[1] == "references.bib"] == [("SAFE013", "references.bib", line, 3)]
    warnings, out = build()
    assert "Traceback" not in warnings
    assert 'href="https://example.org/a%20b"' in (out / "positions/paper.html").read_text(encoding="utf-8")


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


# -- the build: inert output, with and without the check


def outputs(out: Path, suffixes: tuple[str, ...] = (".html", ".json", ".xml", ".txt", ".js")) -> str:
    """Every page and data file the build wrote (not the theme's own scripts)."""
    root = out.parent if out.name in ("html", "dirhtml") else out
    parts = []
    for path in sorted(root.rglob("*")):
        if path.is_file() and "_static" not in path.parts and path.suffix in suffixes:
            parts.append(path.read_text(encoding="utf-8", errors="replace"))
    return "\n".join(parts)


@pytest.fixture
def unchecked(monkeypatch: pytest.MonkeyPatch) -> None:
    """The URL rules switched off, so that the build's own line of defence is what is tested."""
    from accord.checks import urls

    monkeypatch.setattr(urls, "RULES", ())


def _evil_docs(repo: Repo) -> None:
    repo.doc("positions/other.md", body=CITING_BODY + "\n## Other\n\nText.\n")
    repo.write("references.bib", EVIL_BIB)
    repo.doc(
        "positions/paper.md",
        body=CITING_BODY
        + textwrap.dedent(
            """
            And {cite:p}`evil`.

            ```{toctree}
            Sidebar-trap <javascript://%0aalert(1)>
            Other <other>
            ```

            ```{button-link} javascript:alert(1)
            Click
            ```

            :::{card} Card
            :link: javascript:alert(2)

            Body
            :::

            ```{image} file:///etc/passwd
            :alt: an image
            ```

            ## Annex {download}`data <other.md>`

            Fetch {download}`passwd <file:///etc/passwd>`.

            Control\x00 and \x1b[31m characters.
            """
        ),
    )


@pytest.mark.sphinx
def test_hostile_document_is_refused_at_its_lines_and_withheld(build, repo: Repo) -> None:
    _evil_docs(repo)
    warnings, out = build()
    for code in ("SAFE003", "SAFE010", "SAFE011"):
        assert code in warnings
    assert "withheld from the site" in (out / "positions/paper.html").read_text(encoding="utf-8")
    written = outputs(out)
    assert "javascript:" not in written
    assert "file:///" not in written
    assert "\x00" not in written
    assert "\x1b" not in written


@pytest.mark.sphinx
def test_the_build_alone_keeps_hostile_urls_inert(build, repo: Repo, unchecked: None) -> None:
    """Holes 1, 6, 9 and 11 with the check out of the way: no traceback, nothing followable."""
    _evil_docs(repo)
    warnings, out = build()
    assert "Traceback" not in warnings
    written = outputs(out)
    assert not FOLLOWED.findall(written)
    assert "\x00" not in written
    assert "\x1b" not in written
    # Hole 1: the toctree entry is in no page's sidebar, the paper's siblings included.
    for page in ("positions/paper.html", "positions/other.html", "index.html"):
        text = (out / page).read_text(encoding="utf-8")
        assert not FOLLOWED.findall(text)
        assert "Sidebar-trap" not in text
    paper = (out / "positions/paper.html").read_text(encoding="utf-8")
    assert "Click" in paper  # the button's text stays, without its target
    assert "an image" in paper  # the refused image leaves its alt text
    assert "Annex" in paper


@pytest.mark.sphinx
def test_settings_are_escaped_in_every_page(build, repo: Repo) -> None:
    repo.doc("positions/paper.md")
    # Shapes that pass validation but hold HTML: escaping is what keeps them inert.
    repo.write(
        "pyproject.toml",
        "[tool.accord]\ntitle = 'T<img src=x onerror=alert(1)>'\n"
        "organisation = 'O<script>alert(3)</script>'\nrepository = 'a/b'\n"
        "branch = 'x\"onmouseover=\"alert(5)'\nshort-title = 'S\"><svg onload=alert(2)>'\n",
    )
    warnings, out = build()
    assert "META030" not in warnings
    written = outputs(out, suffixes=(".html", ".xml"))  # statements.json holds them as JSON strings
    for raw in ("<script>alert", 'onmouseover="', "<img src=x", "<svg onload"):
        assert raw not in written
    assert "&lt;script&gt;alert(3)" in (out / "index.html").read_text(encoding="utf-8")


@pytest.mark.sphinx
def test_the_pdf_build_alone_keeps_hostile_urls_inert(build, repo: Repo, unchecked: None) -> None:
    _evil_docs(repo)
    warnings, out = build("accordpdf")
    assert "Traceback" not in warnings
    sources = "\n".join(
        path.read_text(encoding="utf-8", errors="replace") for path in out.rglob("*.typ") if path.is_file()
    )
    assert sources, "the PDF build wrote no Typst source"
    # Refused links stay as their (inert) text; none is a Typst link or image.
    assert not re.search(r'(?i)(link|image)\(\s*"\s*(javascript|vbscript|file|data)\s*:', sources)
    assert "Sidebar-trap" not in sources


@pytest.mark.sphinx
def test_roles_in_titles_that_are_valid_build(build, repo: Repo) -> None:
    """Roles in headings and in the front-matter title: no traceback, no warning."""
    repo.doc(
        "positions/paper.md",
        title='"About {cite:p}`wgig2005report`"',
        body=CITING_BODY + "\n## About {cite:p}`wgig2005report`\n\n## See {doc}`other`\n\nText.\n",
    )
    repo.doc("positions/other.md")
    warnings, out = build()
    assert warnings == ""
    assert "About" in (out / "positions/paper.html").read_text(encoding="utf-8")
