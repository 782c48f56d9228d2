"""The build's second line for paths (accord.sphinxext.files): with the check's verdict set aside,
nothing outside the repository is read, copied or fetched, and valid forms still build."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from accord import checks, corpus
from tests.conftest import TODAY, Repo
from tests.outside import MARKER, PNG, plant, published
from tests.test_files import ATTACKS, HEAD, PAPER, VALID, _valid_repo


@pytest.fixture
def secret(repo: Repo) -> Path:
    return plant(repo.root)


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
    assert published(out) == []
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
    assert "META001" not in warnings  # one cause, one error: the withheld text is not checked
    assert published(out) == []


def test_the_build_drops_a_bibliography_linked_from_outside(build, repo: Repo, secret: Path) -> None:
    secret.write_text(f"@misc{{{MARKER.lower()}, title = {{{MARKER}}}}}\n", encoding="utf-8")
    (repo.root / "references.bib").unlink()
    (repo.root / "references.bib").symlink_to(secret)
    repo.doc("positions/paper.md", body="\nText.\n")
    warnings, out = build()
    assert "SAFE005" in warnings
    assert published(out) == []


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
    assert published(out) == []


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
    assert published(out) == []


def files_rules() -> object:
    from accord.checks import files

    return files


def test_an_rst_include_is_guarded_too(
    build, repo: Repo, secret: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """reStructuredText reaches docutils' own include (eval-rst, refused by SAFE002): with every
    rule set aside, the guarded directive still refuses an outside file and reads an inside one."""
    from accord.checks import files, safety

    monkeypatch.setattr(files, "outside_files", lambda doc, ctx: iter(()))
    monkeypatch.setattr(safety, "RULES", ())
    repo.write("shared/part.rst", "Inside words.\n")
    body = "```{eval-rst}\n.. include:: ../../secret.txt\n\n.. include:: ../shared/part.rst\n```\n"
    repo.write("positions/paper.md", HEAD + body)
    warnings, out = build()
    assert "WARNING: SAFE004" in warnings
    assert "Inside words." in (out / "positions" / "paper.html").read_text(encoding="utf-8")
    assert published(out) == []


def test_the_build_alone_publishes_no_file_that_runs_as_a_page(
    build, repo: Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Downloads, links to files and images that a browser would run (accord.active) are not
    copied into the site, whatever the check said; a harmless SVG still is."""
    from accord.checks import files
    from tests.test_files import PAGES_BODY, plant_pages

    monkeypatch.setattr(files, "outside_files", lambda doc, ctx: iter(()))
    plant_pages(repo)
    repo.write("positions/paper.md", HEAD + PAGES_BODY)
    warnings, out = build()
    assert warnings.count("WARNING: SAFE017") == 5, warnings
    names = {path.name for path in out.rglob("*") if "_static" not in path.parts}
    assert "page.html" not in names
    assert "evil.svg" not in names
    assert "clean.svg" in names


def test_the_build_alone_publishes_no_hidden_file(build, repo: Repo, monkeypatch: pytest.MonkeyPatch) -> None:
    from accord.checks import files
    from tests.test_files import HIDDEN_BODY, plant_hidden

    monkeypatch.setattr(files, "outside_files", lambda doc, ctx: iter(()))
    plant_hidden(repo)
    repo.write("positions/paper.md", HEAD + HIDDEN_BODY)
    warnings, out = build()
    assert "WARNING: SAFE004" in warnings
    assert published(out) == []
