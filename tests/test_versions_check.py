"""``accord check`` reports META071 (a changed adopted text, same version) before the release does."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import TODAY, Repo, new_repo
from tests.gitrepo import commit_all, git, init, isolate_git
from tests.test_release import ADOPTED, READOPTED, SETTINGS

CHANGED = "\nA corrected text {cite:p}`wgig2005report,coe2011principles`.\n"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Repo:
    isolate_git(monkeypatch)
    made = new_repo(tmp_path / "repo")
    made.doc("positions/paper.md", **ADOPTED)
    made.write("pyproject.toml", SETTINGS)
    return made


def _check(accord, repo: Repo, *paths: str):
    return accord("check", *(paths or ["."]), "--today", TODAY.isoformat(), cwd=repo.root)


def _tagged(repo: Repo) -> None:
    init(repo.root)
    commit_all(repo.root, "first text")
    git(repo.root, "tag", "--annotate", "-m", "Official edition v1.0", "v1.0")


def test_a_changed_adopted_text_fails_the_check(accord, repo: Repo) -> None:
    _tagged(repo)
    assert _check(accord, repo).code == 0
    repo.doc("positions/paper.md", body=CHANGED, **ADOPTED)  # not even committed: a pull request's edit
    run = _check(accord, repo)
    assert run.code == 1
    assert run.out.startswith("positions/paper.md:7:10: META071 ")
    assert "as in edition v1.0" in run.out
    # The pre-commit path (named files) reports it too.
    assert "META071" in _check(accord, repo, "positions/paper.md").out

    repo.doc("positions/paper.md", body=CHANGED, **{**ADOPTED, "version": '"1.1"'})
    run = _check(accord, repo)
    assert run.code == 1
    assert run.out.startswith("positions/paper.md:9:9: META095 ")
    assert "changed on 2026-11-20; the adoption is of 2026-06-12" in run.out
    assert "META095" in _check(accord, repo, "positions/paper.md").out

    repo.doc("positions/paper.md", body=CHANGED, **READOPTED)
    assert _check(accord, repo).code == 0


def test_a_new_adoption_dated_before_the_revision_date_is_reported(accord, repo: Repo) -> None:
    _tagged(repo)
    repo.doc("positions/paper.md", body=CHANGED, **{**READOPTED, "date": "2026-11-26"})
    run = _check(accord, repo)
    assert "META095" in run.out and "changed on 2026-11-26" in run.out


def test_a_later_commit_of_the_change_dates_it(accord, repo: Repo, monkeypatch: pytest.MonkeyPatch) -> None:
    _tagged(repo)
    repo.doc("positions/paper.md", body=CHANGED, **READOPTED)
    monkeypatch.setenv("GIT_COMMITTER_DATE", "2026-11-25T12:00:00Z")
    commit_all(repo.root, "the change, committed after the adoption it claims")
    run = _check(accord, repo)
    assert "META095" in run.out and "changed on 2026-11-25" in run.out


def test_an_adoption_before_the_consultation_closes_is_reported(accord, repo: Repo) -> None:
    window = "\n  opens: 2026-03-02\n  closes: 2026-06-20"
    repo.doc("positions/paper.md", **{**ADOPTED, "consultation": window})
    run = _check(accord, repo)  # no git at all: a rule of the front matter alone
    assert run.code == 1
    assert "META096" in run.out and "adopted 2026-06-12, the consultation closes 2026-06-20" in run.out
    assert "META096" in _check(accord, repo, "positions/paper.md").out
    repo.doc("positions/paper.md", **{**ADOPTED, "consultation": window.replace("06-20", "06-12")})
    assert _check(accord, repo).code == 0


def test_without_an_edition_tag_the_rule_is_silent(accord, repo: Repo) -> None:
    init(repo.root)
    commit_all(repo.root, "first text")
    git(repo.root, "tag", "not-an-edition")
    repo.doc("positions/paper.md", body=CHANGED, **ADOPTED)
    assert _check(accord, repo).code == 0


def test_without_git_the_rule_is_silent(accord, repo: Repo, monkeypatch: pytest.MonkeyPatch) -> None:
    _tagged(repo)
    repo.doc("positions/paper.md", body=CHANGED, **ADOPTED)
    assert _check(accord, repo).code == 1
    monkeypatch.setenv("PATH", "/nonexistent")  # no git to run
    run = _check(accord, repo)
    assert (run.code, run.out) == (0, "")


def test_an_adopted_document_without_base_url_is_warned_about(accord, repo: Repo) -> None:
    assert _check(accord, repo).out == ""
    repo.write("pyproject.toml", "[tool.accord]\n")
    run = _check(accord, repo)
    assert run.code == 0  # a warning: the release refuses it (META077), a pull request need not
    assert run.out.startswith("pyproject.toml:1:1: META078 ")
    assert "paper is adopted" in run.out
    repo.doc("positions/paper.md", status="draft")
    assert "META078" not in _check(accord, repo).out
