"""The full check's report cache: reused only while no file, tag, date or code changed."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from accord import corpus, runcache
from accord.cachedir import cache_dir
from tests.conftest import TODAY, Repo, settle

HOUR = 3600


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The roots corpus.load read: a report from the cache reads none."""
    loads: list[Path] = []
    original = corpus.load

    def recording(root: Path, **kwargs: object) -> corpus.Corpus:
        loads.append(root)
        return original(root, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(corpus, "load", recording)
    return loads


def check(accord, repo: Repo, fmt: str = "json"):
    return accord("check", str(repo.root), "--format", fmt, "--today", TODAY.isoformat())


def test_unchanged_repository_reuses_the_report(accord, repo: Repo, counted: list[Path]) -> None:
    repo.doc("positions/a.md", body="\nSee [b](missing.md).\n")
    settle(repo.root)
    first = check(accord, repo)
    second = check(accord, repo)
    assert "XREF001" in first.out
    assert (second.code, second.out, second.err) == (first.code, first.out, first.err)
    assert len(counted) == 1  # the second report came from the cache
    text = check(accord, repo, "text")  # another format of the same stored findings
    assert "XREF001" in text.out and len(counted) == 1


def test_an_edit_a_new_file_or_another_date_checks_again(accord, repo: Repo, counted: list[Path]) -> None:
    doc = repo.doc("positions/a.md", body="\nSee [b](b.md).\n")
    settle(repo.root)
    assert "XREF001" in check(accord, repo).out
    repo.doc("positions/b.md")  # the link now leads somewhere
    settle(repo.root)
    assert "XREF001" not in check(accord, repo).out
    doc.write_text(doc.read_text(encoding="utf-8").replace("b.md", "c.md"), encoding="utf-8")
    settle(repo.root, HOUR - 5)  # same size, another mtime
    assert "XREF001" in check(accord, repo).out
    accord("check", str(repo.root), "--format", "json", "--today", "2026-11-29")
    assert len(counted) == 4


def test_a_file_changed_just_now_is_not_trusted(accord, repo: Repo, counted: list[Path]) -> None:
    repo.doc("positions/a.md")
    assert runcache.key(repo.root, TODAY) is None  # written within the racy window
    check(accord, repo)
    check(accord, repo)
    assert len(counted) == 2
    assert not (cache_dir(repo.root) / runcache.STORE).exists()


def test_a_linked_folder_turns_the_cache_off(repo: Repo, tmp_path: Path) -> None:
    (tmp_path / "elsewhere").mkdir()
    (repo.root / "figures").symlink_to(tmp_path / "elsewhere")
    settle(repo.root)
    assert runcache.key(repo.root, TODAY) is None


@pytest.mark.parametrize(
    "stored", ["{not json", '{"key": 1}', "[]", '{"key": "K", "diagnostics": [{"x": 1}]}']
)
def test_a_damaged_cache_is_ignored(accord, repo: Repo, counted: list[Path], stored: str) -> None:
    repo.doc("positions/a.md")
    settle(repo.root)
    first = check(accord, repo)
    path = cache_dir(repo.root) / runcache.STORE
    path.write_text(stored.replace("K", runcache.key(repo.root, TODAY) or ""), encoding="utf-8")
    again = check(accord, repo)
    assert (again.code, again.out) == (first.code, first.out)
    assert len(counted) == 2


def test_another_version_of_accord_checks_again(
    accord, repo: Repo, counted: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    repo.doc("positions/a.md")
    settle(repo.root)
    check(accord, repo)
    monkeypatch.setattr(runcache, "__version__", "0.0.0-other")
    check(accord, repo)
    assert len(counted) == 2


def test_a_new_tag_checks_again(repo: Repo) -> None:
    repo.doc("positions/a.md")

    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=repo.root, check=True, capture_output=True)

    git("init", "-q")
    git("-c", "user.name=t", "-c", "user.email=t@example.org", "add", "-A")
    git("-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q", "-m", "x")
    settle(repo.root)
    before = runcache.key(repo.root, TODAY)
    git("tag", "v1.0")
    tagged = runcache.key(repo.root, TODAY)
    assert before is not None and tagged not in (None, before)
    git("-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q", "--allow-empty", "-m", "y")
    assert runcache.key(repo.root, TODAY) not in (None, tagged)  # a commit, no file changed


def test_the_full_check_and_the_bibliography_check_reuse_unchanged_documents(
    accord, repo: Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    from accord import checks
    from accord.vocabulary import PAGES

    parsed: list[str] = []
    original = checks._parse_and_check

    def recording(work):  # type: ignore[no-untyped-def]
        if work[0].path not in PAGES:
            parsed.append(work[0].path)
        return original(work)

    monkeypatch.setattr(checks, "_parse_and_check", recording)
    repo.doc("positions/a.md")
    edited = repo.doc("positions/b.md")
    check(accord, repo)  # files just written: no report cached, the documents' findings are
    assert sorted(parsed) == ["positions/a.md", "positions/b.md"]
    parsed.clear()
    edited.write_text(edited.read_text(encoding="utf-8") + "\nOne more paragraph.\n", encoding="utf-8")
    assert check(accord, repo).code == 0
    assert parsed == ["positions/b.md"]
    parsed.clear()
    assert accord("check", "references.bib", "--today", TODAY.isoformat(), cwd=repo.root).code == 0
    assert parsed == []
    assert accord("check", "positions/a.md", "--today", TODAY.isoformat(), cwd=repo.root).code == 0
    assert parsed == ["positions/a.md"]  # the pre-commit path keeps no cache
    parsed.clear()
    check(accord, repo)
    assert parsed == []  # the one-file check left the cache whole


def test_names_a_build_records_change_the_key(repo: Repo) -> None:
    from accord.names import _CACHE as NAMES

    repo.doc("positions/a.md")
    settle(repo.root)
    before = runcache.key(repo.root, TODAY)
    (cache_dir(repo.root) / NAMES).parent.mkdir(parents=True, exist_ok=True)
    (cache_dir(repo.root) / NAMES).write_text('{"extensions": []}', encoding="utf-8")
    assert before is not None and runcache.key(repo.root, TODAY) not in (None, before)
