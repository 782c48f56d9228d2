"""Editions and paths out of the repository: a tagged symlink is a diagnostic, not an internal
error, and a folder slipped into editions/ is reported by verify."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import new_repo
from tests.gitrepo import commit_all, git, init, isolate_git
from tests.test_editions import Project, project  # noqa: F401 - the module's built site

MARKER = "OUTSIDE-SECRET-7f3a"


def test_a_tag_with_a_symlink_out_is_a_diagnostic(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, accord
) -> None:
    isolate_git(monkeypatch)
    secret = tmp_path / "secret.txt"
    secret.write_text(f"{MARKER}\n", encoding="utf-8")
    repo = new_repo(tmp_path / "repo")
    repo.write(".gitignore", "_build/\n")
    repo.doc("positions/paper.md")
    (repo.root / "positions" / "stolen.md").symlink_to(secret)
    init(repo.root)
    commit_all(repo.root, "a link out")
    git(repo.root, "tag", "--annotate", "v1.0", "-m", "v1.0")
    run = accord("edition", "build", "v1.0", "--root", str(repo.root))
    assert run.code == 1
    assert "positions/stolen.md:1:1: BUILD029" in run.out
    assert MARKER not in run.out + run.err
    assert "Traceback" not in run.err
    assert not (repo.root / "_build" / "editions" / "v1.0").exists()


def test_verify_reports_a_folder_slipped_into_editions(project: Project, accord, tmp_path: Path) -> None:  # noqa: F811
    site = tmp_path / "site"
    shutil.copytree(project.site, site)
    (site / "editions" / "stray").mkdir()
    (site / "editions" / "stray" / "index.html").write_text("<script>x()</script>", encoding="utf-8")
    (site / "editions" / "v9.9").symlink_to(site / "editions" / "v1.0")
    found = accord("edition", "verify", "--site", str(site))
    assert found.code == 1
    assert "editions/stray:1:1: BUILD028" in found.out
    assert "editions/v9.9:1:1: BUILD028" in found.out
