"""Every path a document reads stays inside the repository: the check reports it at its line, and a
build (with the check's verdict set aside) neither publishes outside bytes nor fetches anything."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from accord import checks, corpus, paths
from tests.conftest import TODAY, Repo, front

HEAD = front()
FIRST = HEAD.count("\n") + 1  # the first body line
MARKER = "OUTSIDE-SECRET-7f3a"
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
)


@pytest.fixture
def secret(repo: Repo) -> Path:
    """A file beside the repository, outside it, that nothing may read."""
    path = repo.root.parent / "secret.txt"
    path.write_text(f"{MARKER}\n", encoding="utf-8")
    (repo.root.parent / "secret.png").write_bytes(PNG + MARKER.encode())
    return path


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
        "positions/part.md", "Fine.\n\nBad <script>x()</script>\n\nSee {download}`x <../../secret.txt>`.\n"
    )
    found = findings(repo, "```{include} part.md\n```\n")
    assert ("positions/part.md", "SAFE001", 3, 5) in found
    # Paths in included text resolve from the including document, as MyST resolves them.
    assert ("positions/part.md", "SAFE004", 5, 16) in found


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


def test_valid_forms_build(build, repo: Repo) -> None:
    _valid_repo(repo)
    repo.write("positions/paper.md", HEAD + VALID + "\n{cite:p}`coe2011principles`\n")
    warnings, out = build()
    assert "SAFE" not in warnings and "XREF" not in warnings
    page = (out / "positions" / "paper.html").read_text(encoding="utf-8")
    assert "Included text" in page
    assert "<table" in page
    assert list((out / "_downloads").rglob("data.csv"))
    assert (out / "_images" / "logo.png").exists()


# -- The build's second line: with the check's verdict set aside, nothing outside is published.


def _published(out: Path) -> list[str]:
    return [
        str(path.relative_to(out))
        for path in out.rglob("*")
        if path.is_file() and (MARKER.encode() in path.read_bytes() or b"root:x:0:0" in path.read_bytes())
    ]


@pytest.mark.parametrize(
    ("body", "expected"), [a[1:] for a in ATTACKS[:14]], ids=[a[0] for a in ATTACKS[:14]]
)
def test_the_build_publishes_no_outside_byte(
    build, repo: Repo, secret: Path, monkeypatch: pytest.MonkeyPatch, body: str, expected: list
) -> None:
    from accord.checks import files

    monkeypatch.setattr(files, "outside_files", lambda doc, ctx: iter(()))
    repo.write("positions/paper.md", HEAD + textwrap.dedent(body))
    warnings, out = build()
    assert _published(out) == []
    code = expected[0][0]
    assert f"{code} " in warnings, warnings
    assert "paper.md:" in warnings


def test_the_build_withholds_an_unsafe_included_text(
    build, repo: Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    from accord.checks import files

    monkeypatch.setattr(files, "outside_files", lambda doc, ctx: iter(()))
    repo.write("shared/part.md", "Included <script>alert('pwned')</script>\n")
    repo.write("positions/paper.md", HEAD + "```{include} ../shared/part.md\n```\n")
    warnings, out = build()
    page = (out / "positions" / "paper.html").read_text(encoding="utf-8")
    assert "pwned" not in page
    assert "withheld" in page
    assert "shared/part.md:1: WARNING: SAFE001" in warnings


def test_a_document_linked_from_outside_is_not_read(accord, repo: Repo, secret: Path, build) -> None:
    secret.write_text(HEAD + f"\n{MARKER}\n", encoding="utf-8")
    (repo.root / "positions" / "stolen.md").symlink_to(secret)
    run = accord("check", str(repo.root), "--today", TODAY.isoformat())
    assert "positions/stolen.md:1:1: SAFE005" in run.out
    assert MARKER not in run.out
    warnings, out = build()
    assert "SAFE005" in warnings
    assert _published(out) == []


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


def test_the_build_drops_a_bibliography_linked_from_outside(build, repo: Repo, secret: Path) -> None:
    secret.write_text(f"@misc{{{MARKER.lower()}, title = {{{MARKER}}}}}\n", encoding="utf-8")
    (repo.root / "references.bib").unlink()
    (repo.root / "references.bib").symlink_to(secret)
    repo.doc("positions/paper.md", body="\nText.\n")
    warnings, out = build()
    assert "SAFE005" in warnings
    assert _published(out) == []


def test_refuse_outside_files_transform(
    build, repo: Repo, secret: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Images and downloads that reach the doctree by any route are checked again."""
    from accord.checks import files

    monkeypatch.setattr(files, "outside_files", lambda doc, ctx: iter(()))
    (repo.root / "positions" / "inside.png").write_bytes(PNG)
    repo.write(
        "positions/paper.md",
        HEAD
        + "![a](inside.png) ![b](../../secret.png)\n\n[c](../../secret.txt) {download}`d <inside.png>`\n",
    )
    warnings, out = build()
    page = (out / "positions" / "paper.html").read_text(encoding="utf-8")
    assert "inside.png" in page
    assert "secret" not in page
    assert warnings.count("WARNING: SAFE004") == 2
    assert _published(out) == []


def test_the_table_names_every_path_and_uri_option(make_app, repo: Repo) -> None:
    """How the table in accord.vocabulary stays complete: every directive a build registers
    (docutils, Sphinx, MyST-Parser, sphinx-design, Accord), every option typed as a path or a URI,
    must be in it as a path to read, a URL to fetch or a link to follow."""
    import importlib

    from docutils.parsers.rst import directives

    from accord.vocabulary import FETCH_OPTIONS, LINK_OPTIONS, PATH_OPTIONS, PATH_PREFIX_OPTIONS

    app = make_app("html", srcdir=repo.root)
    try:
        known = dict(directives._directives)
        for name, (module, attribute) in directives._directive_registry.items():
            known.setdefault(
                name, getattr(importlib.import_module(f"docutils.parsers.rst.directives.{module}"), attribute)
            )
        typed = {
            (name, option)
            for name, cls in known.items()
            for option, convert in (getattr(cls, "option_spec", None) or {}).items()
            if convert in (directives.path, directives.uri)
        }
    finally:
        app.cleanup()
    assert ("csv-table", "file") in typed  # the walk sees the directives
    missing = typed - PATH_OPTIONS - FETCH_OPTIONS - LINK_OPTIONS - PATH_PREFIX_OPTIONS
    assert missing == set()


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


#: Every form of the table, with a hostile target in place of {}.
FORMS = [
    "```{{include}} {}\n```\n",
    "```{{literalinclude}} {}\n```\n",
    "```{{literalinclude}} ../references.bib\n:diff: {}\n```\n",
    "```{{csv-table}} T\n:file: {}\n```\n",
    "```{{image}} {}\n```\n",
    "```{{figure}} {}\nCaption\n```\n",
    ":::{{card}} C\n:img-top: {}\nBody\n:::\n",
    ":::{{grid-item-card}} C\n:img-background: {}\nBody\n:::\n",
    "See {{download}}`x <{}>`.\n",
    "See [x]({}).\n",
    "See [x](path:{}).\n",
    "![x]({})\n",
]
HOSTILE = [
    "../../secret.txt",
    "../../secret.png",
    "/../secret.png",
    "//etc/passwd",
    "</etc/passwd>",
    "out/secret.txt",
    "out/secret.png",
    "%2E%2E/%2E%2E/secret.txt",
    "in/../../../secret.txt",
]


def test_hostile_paths_are_refused_by_the_check_and_inert_in_the_build(
    build, repo: Repo, secret: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Generated documents: each hostile form is reported by the check at its line, and a build of
    all of them with the check's verdict set aside publishes no outside byte."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    (repo.root / "positions" / "out").symlink_to(repo.root.parent)
    (repo.root / "positions" / "in").mkdir()
    bodies: list[str] = []

    @settings(max_examples=60, deadline=None, database=None)
    @given(st.sampled_from(FORMS), st.sampled_from(HOSTILE))
    def check(form: str, target: str) -> None:
        if target.startswith("<") and "(" in form.split("{}")[0][-2:]:
            return  # <...> in a markdown link is its own syntax, not a path
        body = form.format(target)
        repo.write("positions/paper.md", HEAD + body)
        found = checks.run(corpus.load(repo.root), today=TODAY, only={PAPER})
        codes = {d.code for d in found}
        # %-escapes are decoded in markdown links and images only; elsewhere they name a file.
        assert "SAFE004" in codes or ("%" in target and codes == {"XREF010"}), (body, found)
        bodies.append(body)

    check()
    monkeypatch.setattr(files_rules(), "outside_files", lambda doc, ctx: iter(()))
    repo.write("positions/paper.md", HEAD + "\n".join(bodies))
    warnings, out = build()
    assert "WARNING: SAFE004" in warnings
    assert _published(out) == []


def files_rules() -> object:
    from accord.checks import files

    return files
