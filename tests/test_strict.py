"""``strict = true`` in ``[tool.accord]``: warnings fail ``accord check`` and ``accord build``."""

from __future__ import annotations

from pathlib import Path

import pytest

from accord import settings
from tests.conftest import TODAY, Repo


def _with_a_warning(repo: Repo, strict: str | None) -> None:
    # A paper that names a successor: META022, a warning.
    repo.doc("positions/paper.md", superseded_by="paper2")
    repo.doc("positions/paper2.md")
    if strict is not None:
        repo.write("pyproject.toml", f"[tool.accord]\nstrict = {strict}\n")


@pytest.mark.parametrize(("strict", "code"), [(None, 0), ("false", 0), ("true", 1)])
def test_check_fails_on_warnings_only_when_strict(accord, repo: Repo, strict: str | None, code: int) -> None:
    _with_a_warning(repo, strict)
    run = accord("check", str(repo.root), "--today", TODAY.isoformat())
    assert "META022" in run.out
    assert run.code == code


def test_strict_must_be_a_boolean(accord, repo: Repo) -> None:
    _with_a_warning(repo, '"yes"')
    run = accord("check", str(repo.root), "--today", TODAY.isoformat())
    assert run.code == 2
    assert "pyproject.toml:2:1: META030 " in run.out
    assert "strict must be true or false" in run.out
    assert settings.load(repo.root)[0].strict is False


@pytest.mark.sphinx
def test_a_strict_build_refuses_warnings(accord, repo: Repo, tmp_path: Path) -> None:
    _with_a_warning(repo, "true")
    run = accord(
        "build", str(repo.root), "--out", str(tmp_path / "out"), "--no-pdf", "--today", TODAY.isoformat()
    )
    assert run.code == 1
    assert "META022" in run.out
    assert "not building" in run.err
    assert not (tmp_path / "out" / "html").exists()
