"""The built output stays inert: with the check (documents withheld) and with the build alone."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

from tests.conftest import BIB, CITING_BODY, Repo
from tests.test_urls import EVIL_BIB, findings

pytestmark = pytest.mark.sphinx

# An href, src or similar attribute whose value a browser would follow as script or a local file.
FOLLOWED = re.compile(
    r"""(?:href|src|action|poster|data)\s*=\s*["']?\s*(?:javascript|vbscript|file|data)\s*:""", re.I
)


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


def test_a_toctree_circle_is_withheld_not_a_recursion(build, repo: Repo) -> None:
    """A document's toctree naming the root page closes a circle (index, positions/index, the
    document): Sphinx recursed without end. The document is refused (SAFE016) and withheld."""
    repo.doc("positions/paper.md", body=CITING_BODY + "\n```{toctree}\n:glob:\n\n../../*\n```\n")
    warnings, out = build()
    assert "SAFE016" in warnings
    assert "withheld from the site" in (out / "positions/paper.html").read_text(encoding="utf-8")


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


def test_a_circle_through_the_pages_is_cut_not_a_recursion(build, repo: Repo) -> None:
    """The pages may list documents, so a circle can be written there (options.md listing the
    front page, which lists options.md): the closing entry is dropped with BUILD035."""
    repo.write("options.md", "# Options\n\n```{toctree}\nindex\n```\n")
    warnings, out = build()
    assert "BUILD035" in warnings
    assert "options.md" in warnings
    assert "RecursionError" not in warnings
    assert (out / "options.html").exists()


def test_circles_are_found_without_recursion() -> None:
    from accord.sphinxext.toctrees import circles

    deep = {f"d{n}": [f"d{n + 1}"] for n in range(5000)} | {"d5000": ["d0"]}
    assert circles("d0", deep) == [("d5000", "d0")]
    assert circles("a", {"a": ["b", "c"], "b": ["c"], "c": []}) == []  # two parents, no circle
    assert circles("a", {"a": ["b"], "b": ["a", "b"]}) == [("b", "a"), ("b", "b")]


def test_a_control_character_escaped_in_a_title_reaches_no_page(
    build, repo: Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the check's verdict set aside (the document is not withheld), a title's escaped ESC,
    which MyST makes the heading, reaches no page, <title> or sidebar: the build replaces it
    before the titles are collected."""
    from accord import yamlbounds
    from tests.conftest import front

    monkeypatch.setattr(yamlbounds, "_control", lambda scalars: None)
    repo.write("positions/paper.md", front(title='"Title\\u001b[31m red"') + CITING_BODY)
    _, out = build()
    assert "Title\ufffd[31m red" in (out / "positions/paper.html").read_text(encoding="utf-8")
    # The sidebars and tables of contents of other pages are built from the collected titles
    # (the meta tags come from Accord's own reading of the front matter, which yamlbounds holds).
    for page in ("index.html", "options.html", "positions/index.html"):
        assert "\x1b" not in (out / page).read_text(encoding="utf-8"), page
