"""Every path a document reads stays inside the repository: the check reports it at its line, and a
build (with the check's verdict set aside) neither publishes outside bytes nor fetches anything."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from accord import checks, corpus, paths
from tests.conftest import TODAY, Repo, front
from tests.outside import MARKER, PNG, plant

HEAD = front()
FIRST = HEAD.count("\n") + 1  # the first body line


@pytest.fixture
def secret(repo: Repo) -> Path:
    """A file beside the repository, outside it, that nothing may read."""
    return plant(repo.root)


def findings(repo: Repo, body: str) -> list[tuple[str, str, int, int]]:
    repo.write("positions/paper.md", HEAD + textwrap.dedent(body))
    found = checks.run(corpus.load(repo.root), today=TODAY)
    return [
        (d.path, d.code, d.line - (FIRST - 1 if d.path == "positions/paper.md" else 0), d.column)
        for d in found
        if d.code != "BIB010"
    ]


PAPER = "positions/paper.md"

# (name, body, [(code, body line, column)]) for positions/paper.md
ATTACKS = [
    ("download role", "See {download}`x <../../secret.txt>`.\n", [("SAFE004", 1, 16)]),
    ("download role, absolute", "See {download}`x <//etc/passwd>`.\n", [("SAFE004", 1, 16)]),
    ("markdown link to a file", "See [x](../../secret.txt).\n", [("SAFE004", 1, 9)]),
    ("markdown link, escaped", "See [x](%2E%2E/%2E%2E/secret.txt).\n", [("SAFE004", 1, 9)]),
    ("path: link", "See [x](path:../../secret.txt).\n", [("SAFE004", 1, 9)]),
    ("standard include", "```{include} </etc/passwd>\n```\n", [("SAFE004", 1, 1)]),
    ("include escapes", "```{include} ../../secret.txt\n```\n", [("SAFE004", 1, 1)]),
    ("root include escapes", "```{literalinclude} /../secret.txt\n```\n", [("SAFE004", 1, 1)]),
    ("csv-table file", "```{csv-table} Data\n:file: ../../secret.txt\n```\n", [("SAFE004", 2, 1)]),
    ("csv-table url", "```{csv-table} Data\n:url: https://example.org/x.csv\n```\n", [("SAFE006", 2, 1)]),
    (
        "literalinclude diff",
        "```{literalinclude} ../references.bib\n:diff: ../../secret.txt\n```\n",
        [("SAFE004", 2, 1)],
    ),
    ("image escapes", "![x](../../secret.png)\n", [("SAFE004", 1, 6)]),
    ("figure escapes", "```{figure} ../../secret.png\nCaption\n```\n", [("SAFE004", 1, 1)]),
    ("card image", ":::{card} Title\n:img-top: ../../secret.png\nBody\n:::\n", [("SAFE004", 2, 1)]),
    # -- missing or mislabelled files: the build would fail
    ("missing include", "```{include} missing.md\n```\n", [("XREF010", 1, 1)]),
    ("missing literalinclude", "```{literalinclude} missing.py\n```\n", [("XREF010", 1, 1)]),
    ("missing image", "![x](images/missing.png)\n", [("XREF010", 1, 6)]),
    ("missing download", "See {download}`x <missing.pdf>`.\n", [("XREF010", 1, 16)]),
    ("image is not what it says", "![x](fake.png)\n", [("XREF011", 1, 6)]),
]


@pytest.mark.parametrize(("body", "expected"), [a[1:] for a in ATTACKS], ids=[a[0] for a in ATTACKS])
def test_the_check_reports_each_path_at_its_line(
    repo: Repo, secret: Path, body: str, expected: list[tuple[str, int, int]]
) -> None:
    repo.write("positions/fake.png", "<html>not an image</html>")
    found = [f for f in findings(repo, body) if f[0] == PAPER]
    assert found == [(PAPER, *e) for e in expected]


def test_included_markdown_is_checked_at_its_own_lines(repo: Repo, secret: Path) -> None:
    repo.write(
        "shared/part.md", "Fine.\n\nBad <script>x()</script>\n\nSee {download}`x <../../secret.txt>`.\n"
    )
    found = findings(repo, "```{include} ../shared/part.md\n```\n")
    # Paths in included text resolve from the including document (positions/), as MyST resolves
    # them: ../../secret.txt is outside from there.
    assert found == [
        ("shared/part.md", "SAFE001", 3, 5),
        ("shared/part.md", "SAFE001", 3, 16),
        ("shared/part.md", "SAFE004", 5, 16),
    ]


def test_an_include_cycle_is_reported_where_it_closes(repo: Repo) -> None:
    repo.write("shared/loop.md", "Text.\n\n```{include} ../shared/loop.md\n```\n")
    assert findings(repo, "```{include} ../shared/loop.md\n```\n") == [("shared/loop.md", "XREF012", 3, 1)]


def test_a_symlink_that_leads_outside_is_refused(repo: Repo, secret: Path) -> None:
    (repo.root / "positions" / "link.md").symlink_to(secret)
    found = findings(repo, "```{include} link.md\n```\n")
    assert (PAPER, "SAFE004", 1, 1) in found
    assert "symbolic link" in str(checks.run(corpus.load(repo.root), today=TODAY))


VALID = """\
![logo](images/logo.png)

```{figure} images/logo.png
A figure
```

```{include} ../shared/part.md
```

```{literalinclude} ../references.bib
:diff: ../references.bib
```

```{csv-table} Data
:file: data.csv
```

See {download}`the data <data.csv>`, [the same](data.csv) and [again](path:data.csv).
See [the other paper](other.md) and the [linked part](linked.md).
"""


def _valid_repo(repo: Repo) -> None:
    repo.doc("positions/other.md")
    (repo.root / "positions" / "images").mkdir()
    (repo.root / "positions" / "images" / "logo.png").write_bytes(PNG)
    repo.write("shared/part.md", "Included text, {cite:p}`wgig2005report`.\n")
    repo.write("positions/data.csv", "a,b\n1,2\n")
    (repo.root / "positions" / "linked.md").symlink_to(repo.root / "shared" / "part.md")


def test_valid_forms_stay_clean(repo: Repo) -> None:
    _valid_repo(repo)
    found = findings(repo, VALID + "\n{cite:p}`coe2011principles`\n")
    assert [f for f in found if not f[1].startswith("META")] == []


@pytest.mark.parametrize(
    "name",
    ["questions.yaml", "endorsements/paper.yaml", "references.bib", "pyproject.toml", ".github/CODEOWNERS"],
)
def test_a_data_file_linked_from_outside_is_not_read(accord, repo: Repo, secret: Path, name: str) -> None:
    secret.write_text(f"{MARKER}: [unclosed\n", encoding="utf-8")
    repo.doc(
        "positions/paper.md", status="consultation", consultation="{opens: 2026-01-01, closes: 2026-02-01}"
    )
    (repo.root / name).parent.mkdir(exist_ok=True)
    (repo.root / name).unlink(missing_ok=True)
    (repo.root / name).symlink_to(secret)
    run = accord("check", str(repo.root), "--today", TODAY.isoformat())
    assert f"{name}:1:1: SAFE005" in run.out
    assert MARKER not in run.out + run.err


def test_an_edited_included_file_is_checked_again(repo: Repo, tmp_path: Path) -> None:
    from accord.checkcache import CheckCache

    cache = CheckCache(tmp_path / "cache.json")
    repo.write("shared/part.md", "Fine.\n")
    repo.doc("positions/paper.md", body="\n```{include} ../shared/part.md\n```\n")
    assert [
        d for d in checks.run(corpus.load(repo.root), today=TODAY, cache=cache) if d.code == "SAFE001"
    ] == []
    cache.save()
    repo.write("shared/part.md", "Bad <script>x()</script>\n")
    found = checks.run(corpus.load(repo.root), today=TODAY, cache=CheckCache.load(tmp_path / "cache.json"))
    assert [(d.path, d.code) for d in found if d.code == "SAFE001"] == [("shared/part.md", "SAFE001")] * 2


def _pieces() -> object:
    from hypothesis import strategies as st

    piece = st.sampled_from(
        ["..", ".", "", "positions", "out", "in", "secret.txt", "~", "\\\\..", "<", ">", " "]
    )
    return st.lists(piece, max_size=8).map("/".join)


def test_the_resolver_never_leads_outside(tmp_path: Path) -> None:
    """Whatever is written, a path the resolver accepts is inside the repository, symlinks
    followed; the standard-include form and absolute paths are always refused."""
    from hypothesis import given, settings

    root = tmp_path / "repo"
    (root / "positions" / "in").mkdir(parents=True)
    (tmp_path / "secret.txt").write_text(MARKER, encoding="utf-8")
    (root / "positions" / "out").symlink_to(tmp_path)
    (root / "positions" / "in" / "up").symlink_to(root)

    @settings(max_examples=400, deadline=None, database=None)  # no .hypothesis/ in the repository
    @given(_pieces(), st_prefix())
    def run(target: str, prefix: str) -> None:
        written = prefix + target
        resolved = paths.resolve(root, "positions/paper.md", written)
        if resolved.inside:
            assert resolved.path.is_relative_to(root.resolve())
            assert not written.strip().startswith("//")
            assert not (written.strip().startswith("<") and written.strip().endswith(">"))
            assert MARKER not in (
                resolved.path.read_text(encoding="utf-8") if resolved.path.is_file() else ""
            )

    run()


def st_prefix() -> object:
    from hypothesis import strategies as st

    return st.sampled_from(["", "/", "//", "<", "./", "out/", "in/up/", "in/up/../"])


def test_a_check_of_one_document_reports_in_the_files_it_includes(repo: Repo) -> None:
    """The pre-commit path (accord check FILE) reports what an included file brings in."""
    repo.write("shared/part.md", "Bad <script>x()</script>\n")
    repo.doc("positions/paper.md", body="\n```{include} ../shared/part.md\n```\n")
    found = checks.run(corpus.load(repo.root, only={PAPER}), today=TODAY, only={PAPER})
    assert [(d.path, d.line, d.column, d.code) for d in found] == [
        ("shared/part.md", 1, 5, "SAFE001"),
        ("shared/part.md", 1, 16, "SAFE001"),
    ]


EVIL_SVG = "<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'><rect width='1' height='1'/></svg>\n"
CLEAN_SVG = (
    "<?xml version='1.0'?>\n<svg xmlns='http://www.w3.org/2000/svg' xmlns:xlink='http://www.w3.org/1999/xlink'>"
    "<style><![CDATA[rect { fill: red; }]]></style><defs><rect id='r' width='1' height='1'/></defs>"
    "<use xlink:href='#r'/></svg>\n"
)


def plant_pages(repo: Repo) -> None:
    """Files that a browser would run as a page at the site's address, and a harmless SVG."""
    repo.write("positions/page.html", "<script>alert(1)</script>\n")
    repo.write("positions/evil.svg", EVIL_SVG)
    repo.write("positions/clean.svg", CLEAN_SVG)


PAGES_BODY = (
    "See {download}`x <page.html>` and [y](page.html) and [z](path:evil.svg).\n\n"
    "![a](evil.svg) ![b](clean.svg)\n\n:::{card} T\n:img-top: evil.svg\nBody\n:::\n"
)


def test_a_file_that_runs_as_a_page_is_not_published(repo: Repo) -> None:
    plant_pages(repo)
    found = [f for f in findings(repo, PAGES_BODY) if f[0] == PAPER]
    assert found == [
        (PAPER, "SAFE017", 1, 16),
        (PAPER, "SAFE017", 1, 39),
        (PAPER, "SAFE017", 1, 58),
        (PAPER, "SAFE017", 3, 6),
        (PAPER, "SAFE017", 6, 1),
    ]


@pytest.mark.parametrize(
    ("svg", "verdict"),
    [
        (CLEAN_SVG, None),
        (EVIL_SVG, "an SVG with an event handler (onload)"),
        ("<svg><script>alert(1)</script></svg>", "an SVG with <script>"),
        ("<svg><foreignObject><p>x</p></foreignObject></svg>", "an SVG with <foreignobject>"),
        ("<svg><a href='javascript:alert(1)'><text>x</text></a></svg>", "an SVG with a link"),
        ("<svg><set attributeName='href' to='javascript:alert(1)'/></svg>", "an SVG with <set>"),
        ("<!DOCTYPE svg [<!ENTITY x '<script>'>]><svg>&x;</svg>", "an SVG with a DOCTYPE"),
    ],
)
def test_an_svg_is_active_when_it_holds_script_handlers_or_links(
    tmp_path: Path, svg: str, verdict: str | None
) -> None:
    from accord.active import active

    path = tmp_path / "image.svg"
    path.write_text(svg, encoding="utf-8")
    found = active(path)
    assert found == verdict if verdict is None else found.startswith(verdict), found
    assert active(tmp_path / "x.HTML") == "a .html file opens as a page"
    assert active(tmp_path / "x.png") is None


def test_included_markdown_is_held_to_the_url_rules(repo: Repo) -> None:
    repo.write("shared/part.md", "Fine.\n\n[x](javascript:alert(1))\n\n```{toctree}\n/index\n```\n")
    found = findings(repo, "```{include} ../shared/part.md\n```\n")
    assert found == [("shared/part.md", "SAFE003", 3, 5), ("shared/part.md", "SAFE016", 6, 1)]


HIDDEN_BODY = (
    "```{literalinclude} /.git/config\n```\n\nSee {download}`cfg <../.git/config>`.\n\n"
    "```{include} ../.env\n```\n\n```{csv-table} T\n:file: data/.hidden/x.csv\n```\n"
)


def plant_hidden(repo: Repo) -> None:
    """What a CI checkout leaves beside the paper: its token in .git/config, secrets in .env."""
    from tests.outside import MARKER

    repo.write(".git/config", f"[http]\n\textraheader = AUTHORIZATION: basic {MARKER}\n")
    repo.write(".env", f"TOKEN={MARKER}\n")
    repo.write("positions/data/.hidden/x.csv", f"a\n{MARKER}\n")


def test_a_hidden_file_in_the_repository_is_refused(repo: Repo) -> None:
    plant_hidden(repo)
    found = [f for f in findings(repo, HIDDEN_BODY) if f[0] == PAPER]
    assert found == [
        (PAPER, "SAFE004", 1, 1),
        (PAPER, "SAFE004", 4, 16),
        (PAPER, "SAFE004", 6, 1),
        (PAPER, "SAFE004", 10, 1),
    ]
    assert not paths.resolve(repo.root, PAPER, "../.git/config").inside
    assert "hidden" in paths.resolve(repo.root, PAPER, "/.env").reason
    assert paths.resolve(repo.root, PAPER, "./../positions/x.md").relative == "positions/x.md"
