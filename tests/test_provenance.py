"""What ``accord build`` records about the tree it built from, read by ``accord edition publish``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from accord.editions import provenance
from tests.gitrepo import commit_all, git, init, isolate_git


def test_a_build_of_uncommitted_edits_is_recorded_and_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    isolate_git(monkeypatch)
    (tmp_path / ".gitignore").write_text("_build/\n", encoding="utf-8")
    (tmp_path / "text.md").write_text("one\n", encoding="utf-8")
    init(tmp_path)
    commit_all(tmp_path, "first")
    html = tmp_path / "_build" / "html"
    html.mkdir(parents=True)
    provenance.record(tmp_path, html)
    assert json.loads((html.parent / provenance.FILE).read_text(encoding="utf-8")) == {
        "clean": True,
        "commit": git(tmp_path, "rev-parse", "HEAD"),
        "pdf": True,
    }
    assert provenance.draft_problem(tmp_path, html) is None

    (tmp_path / "text.md").write_text("two\n", encoding="utf-8")
    provenance.record(tmp_path, html)
    found = provenance.draft_problem(tmp_path, html)
    assert found is not None and found.code == "META079" and "uncommitted" in found.message


def test_a_build_without_pdfs_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    isolate_git(monkeypatch)
    (tmp_path / ".gitignore").write_text("_build/\n", encoding="utf-8")
    (tmp_path / "text.md").write_text("one\n", encoding="utf-8")
    init(tmp_path)
    commit_all(tmp_path, "first")
    html = tmp_path / "_build" / "html"
    html.mkdir(parents=True)
    provenance.record(tmp_path, html, pdf=False)
    found = provenance.draft_problem(tmp_path, html)
    assert found is not None and found.code == "META079" and "--no-pdf" in found.message
    provenance.record(tmp_path, html)
    assert provenance.draft_problem(tmp_path, html) is None


def test_outside_git_nothing_is_recorded_or_refused(tmp_path: Path) -> None:
    html = tmp_path / "_build" / "html"
    html.mkdir(parents=True)
    provenance.record(tmp_path, html)
    assert not (html.parent / provenance.FILE).exists()
    assert provenance.draft_problem(tmp_path, html) is None
