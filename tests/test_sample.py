"""The sample repository (tests/fixtures/sample): its documents pass every rule and build without
a warning. The repository's own content is judged by `accord check` and `accord build` in CI
(.ci/run), not here, so that a coalition may delete or rewrite it."""

from __future__ import annotations

from pathlib import Path

import pytest

from accord import corpus
from tests.conftest import REPO, Repo, sample_repo


@pytest.fixture
def sample(tmp_path: Path) -> Repo:
    repo = sample_repo(tmp_path / "sample")
    # The sample has adopted papers: a coalition's repository sets its address (else META078).
    repo.write("pyproject.toml", '[tool.accord]\nbase-url = "https://statements.example.org"\n')
    return repo


def test_accord_check_on_the_sample_is_silent(accord, sample: Repo) -> None:
    run = accord("check", str(sample.root))
    assert (run.code, run.out) == (0, "")


def test_the_sample_content_is_there(sample: Repo) -> None:
    loaded = corpus.load(sample.root)
    kinds = {doc.kind for doc in loaded.documents}
    assert kinds == {"positions", "principles"}
    assert len(loaded.documents) >= 3
    statuses = {doc.meta["status"] for doc in loaded.documents}
    assert {"draft", "consultation", "adopted"} <= statuses


@pytest.mark.sphinx
def test_the_sample_builds_without_warnings(accord, sample: Repo, tmp_path: Path) -> None:
    run = accord("build", str(sample.root), "--out", str(tmp_path / "out"), "--fresh")
    assert run.code == 0, run.out
    assert run.out == ""
    assert not (sample.root / "_build").exists()
    assert (tmp_path / "out" / "html" / "principles" / "civil-society-principles.html").is_file()


def test_ci_judges_the_repository_content_with_the_commands() -> None:
    """The tests never read the repository's documents; CI runs check and build on them instead."""
    lines = (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    commands = [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]
    tests = commands.index("python -m pytest")
    assert commands.index("accord check") > tests
    assert commands.index("accord build") > commands.index("accord check")
