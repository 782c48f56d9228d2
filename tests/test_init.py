"""``accord init``: the template, adopted, passes ``accord check`` and builds; bad values change nothing."""

from __future__ import annotations

import re
import shlex
import shutil
import tomllib
from pathlib import Path

import pytest

from accord import adopt
from tests.conftest import REPO, TODAY, Repo, sample_repo
from tests.gitrepo import init, isolate_git

OPTIONS = (
    "--title",
    "Rights Coalition: statements",
    "--organisation",
    "Rights Coalition",
    "--base-url",
    "https://rights.github.io/statements/",
    "--repository",
    "rights/statements",
)


CHANGELOG = """\
# Changes

Each official edition has a section here, newest first.

## Unreleased

- Consultation paper on IGF policy options (`igf-policy-options`), open for comments.

## v0.1 (2026-01-01)

- The sample's first edition.
"""


@pytest.fixture
def template(tmp_path: Path) -> Repo:
    """A copy of the sample fixture with the template's changelog and pyproject.toml's other tables."""
    repo = sample_repo(tmp_path / "template")
    repo.write("CHANGELOG.md", CHANGELOG)
    extra = "\n[tool.ruff]\nline-length = 110  # kept\n"
    repo.write("pyproject.toml", (repo.root / "pyproject.toml").read_text(encoding="utf-8") + extra)
    repo.write(".github/CODEOWNERS", "* @template/editors\n/positions/igf-policy-options.md @someone\n")
    return repo


def settings_of(repo: Repo) -> dict:
    return tomllib.loads((repo.root / "pyproject.toml").read_text(encoding="utf-8"))["tool"]


def test_init_adopts_the_template_and_the_check_passes(accord, template: Repo) -> None:
    run = accord("init", "--root", str(template.root), *OPTIONS)
    assert run.code == 0, run.err
    tool = settings_of(template)
    assert tool["accord"]["title"] == "Rights Coalition: statements"
    assert tool["accord"]["repository"] == "rights/statements"
    assert tool["accord"]["base-url"] == "https://rights.github.io/statements/"
    assert "short-title" not in tool["accord"]  # it named the sample coalition
    assert tool["ruff"]["line-length"] == 110
    assert "line-length = 110  # kept" in (template.root / "pyproject.toml").read_text(encoding="utf-8")
    assert not list((template.root / "positions").glob("igf*.md"))
    assert not list((template.root / "endorsements").glob("*.yaml"))
    assert not list((template.root / "consultations").glob("*.yaml"))
    assert (template.root / "positions" / "index.md").exists()
    changelog = (template.root / "CHANGELOG.md").read_text(encoding="utf-8")
    assert changelog.endswith("## Unreleased\n") and "igf-policy-options" not in changelog
    assert "@techreport" not in (template.root / "references.bib").read_text(encoding="utf-8")
    owners = (template.root / ".github" / "CODEOWNERS").read_text(encoding="utf-8")
    assert "* @template/editors" in owners and "igf-policy-options" not in owners.split("---")[-1]
    assert changelog.startswith("# Changes\n\nEach official edition") and "v0.1" not in changelog
    assert "Settings > Pages" in run.err and "accord check" in run.err
    check = accord("check", str(template.root), "--today", TODAY.isoformat())
    assert (check.code, check.out) == (0, "")


@pytest.mark.sphinx
def test_the_adopted_repository_builds(accord, template: Repo) -> None:
    assert accord("init", "--root", str(template.root), *OPTIONS).code == 0
    accord("new", "positions", "Open data", "--root", str(template.root), "--today", TODAY.isoformat())
    run = accord("build", str(template.root), "--no-pdf", "--today", TODAY.isoformat())
    assert run.code == 0, run.err + run.out
    assert (template.root / "_build" / "html" / "positions" / "open-data.html").exists()


def test_keep_samples_keeps_them_and_their_references(accord, template: Repo) -> None:
    bib = (template.root / "references.bib").read_text(encoding="utf-8")
    assert accord("init", "--root", str(template.root), *OPTIONS, "--keep-samples").code == 0
    assert (template.root / "positions" / "igf-policy-options.md").exists()
    assert (template.root / "references.bib").read_text(encoding="utf-8") == bib


def test_only_the_uncited_references_go(accord, template: Repo) -> None:
    template.write(
        "references.bib",
        "% kept comment\n@string{un = {United Nations}}\n\n@misc{kept2020, title = {Kept}, year = {2020}}\n\n"
        "@misc{gone2020, title = {Gone}, year = {2020}}\n",
    )
    template.doc("positions/mine.md", body="\n## S\n\nText {cite:p}`kept2020`.\n")
    shutil.rmtree(template.root / "principles")
    (template.root / "principles").mkdir()
    adopt._drop_uncited(template.root)
    bib = (template.root / "references.bib").read_text(encoding="utf-8")
    assert "kept2020" in bib and "@string{un" in bib and "% kept comment" in bib
    assert "gone2020" not in bib


def test_a_second_run_is_refused_without_force(accord, template: Repo) -> None:
    assert accord("init", "--root", str(template.root), *OPTIONS).code == 0
    again = accord("init", "--root", str(template.root), "--title", "Another")
    assert again.code == 2 and "--force" in again.err
    assert settings_of(template)["accord"]["title"] == "Rights Coalition: statements"
    forced = accord("init", "--root", str(template.root), "--title", "Another", "--force")
    assert forced.code == 0, forced.err
    assert settings_of(template)["accord"]["title"] == "Another"


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--base-url", "ftp://example.org", "base-url must be an http(s) address"),
        ("--repository", "not a repository", "repository must be GitHub's 'owner/name'"),
        ("--title", "tab\there", "title must not hold control characters"),
        ("--licence", "CC-BY-4", "licence must be an SPDX licence expression"),
    ],
)
def test_values_meta030_refuses_change_nothing(accord, template: Repo, option, value, message) -> None:
    before = (template.root / "pyproject.toml").read_text(encoding="utf-8")
    options = ["--title", "T", option, value]
    run = accord("init", "--root", str(template.root), *options)
    assert run.code == 2
    assert message in run.err and "nothing was changed" in run.err
    assert (template.root / "pyproject.toml").read_text(encoding="utf-8") == before
    assert (template.root / "positions" / "igf-policy-options.md").exists()


def test_a_title_is_required_when_not_asked(accord, template: Repo, monkeypatch) -> None:
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    run = accord("init", "--root", str(template.root))
    assert run.code == 2 and "--title" in run.err


def test_in_a_terminal_init_asks(accord, template: Repo, monkeypatch) -> None:
    answers = iter(["Asked title", "Asked org", "", "asked/repo", "CC-BY-SA-4.0", "n"])
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("builtins.input", lambda prompt: next(answers))
    run = accord("init", "--root", str(template.root))
    assert run.code == 0, run.err
    tool = settings_of(template)["accord"]
    assert (tool["title"], tool["organisation"], tool["repository"]) == (
        "Asked title",
        "Asked org",
        "asked/repo",
    )
    assert tool["licence"] == "CC-BY-SA-4.0"
    assert "base-url" not in tool
    assert (template.root / "positions" / "igf-policy-options.md").exists()  # answered 'n'


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("git@github.com:rights/statements.git", "rights/statements"),
        ("https://github.com/rights/statements", "rights/statements"),
        ("https://gitlab.com/rights/statements.git", None),
    ],
)
def test_the_repository_comes_from_the_origin_remote(tmp_path: Path, url: str, expected) -> None:
    import subprocess

    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    subprocess.run(["git", "-C", str(tmp_path), "remote", "add", "origin", url], check=True)
    assert adopt.origin_repository(tmp_path) == expected


def test_the_readme_example_runs(accord, template: Repo) -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    command = re.search(r"^   accord init (.+?)\n   ```", readme, re.M | re.S)
    assert command, "README.md lost its `accord init` example"
    argv = shlex.split(command[1].replace("\\\n", " "))
    run = accord("init", "--root", str(template.root), *argv)
    assert run.code == 0, run.err
    assert settings_of(template)["accord"]["repository"] == "rights/statements"


def test_a_pyproject_that_is_not_toml_is_a_usage_error(accord, template: Repo) -> None:
    template.write("pyproject.toml", "[tool.accord\ntitle = 1\n")
    run = accord("init", "--root", str(template.root), *OPTIONS)
    assert run.code == 2
    assert "pyproject.toml is not valid TOML" in run.err and "Traceback" not in run.err
    assert (template.root / "positions" / "igf-policy-options.md").exists()


def test_a_repository_without_pyproject_gets_the_table(accord, template: Repo) -> None:
    (template.root / "pyproject.toml").unlink()
    assert accord("init", "--root", str(template.root), *OPTIONS).code == 0
    assert settings_of(template)["accord"]["title"] == "Rights Coalition: statements"


def test_licence_option_is_written_and_without_one_cc_by_is_kept(accord, template: Repo, monkeypatch) -> None:
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    run = accord("init", "--root", str(template.root), "--title", "T", "--licence", "CC-BY-SA-4.0 OR MIT")
    assert run.code == 0, run.err
    assert settings_of(template)["accord"]["licence"] == "CC-BY-SA-4.0 OR MIT"
    path = template.root / "pyproject.toml"
    path.write_text(
        path.read_text(encoding="utf-8").replace('licence = "CC-BY-SA-4.0 OR MIT"\n', ""), "utf-8"
    )
    assert "licence" not in settings_of(template)["accord"]
    run = accord("init", "--root", str(template.root), "--title", "T2", "--force")
    assert run.code == 0, run.err
    assert settings_of(template)["accord"]["licence"] == "CC-BY-4.0"


def test_init_installs_the_pre_commit_hook_in_a_git_repository(
    accord, template: Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    run = accord("init", "--root", str(template.root), *OPTIONS)
    assert "the pre-commit hook is not installed (this folder is not a git repository)" in run.err
    isolate_git(monkeypatch)
    init(template.root)
    run = accord("init", "--root", str(template.root), "--force", *OPTIONS)
    assert run.code == 0, run.err
    assert "installed the pre-commit hook" in run.err
    hook = template.root / ".git" / "hooks" / "pre-commit"
    assert "pre-commit" in hook.read_text(encoding="utf-8")
