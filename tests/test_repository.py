"""This repository itself: its documents pass every rule and build without a warning."""

from __future__ import annotations

from pathlib import Path

import pytest

from accord import corpus
from tests.conftest import REPO


def test_accord_check_on_the_repository_is_silent(accord) -> None:
    run = accord("check", str(REPO))
    assert (run.code, run.out) == (0, "")


def test_the_sample_content_is_there() -> None:
    loaded = corpus.load(REPO)
    kinds = {doc.kind for doc in loaded.documents}
    assert kinds == {"positions", "principles"}
    assert len(loaded.documents) >= 3
    statuses = {doc.meta["status"] for doc in loaded.documents}
    assert {"draft", "consultation", "adopted"} <= statuses


@pytest.mark.sphinx
def test_the_repository_builds_without_warnings(accord, tmp_path: Path) -> None:
    run = accord("build", str(REPO), "--out", str(tmp_path / "out"), "--fresh")
    assert run.code == 0, run.out
    assert run.out == ""
    assert not (REPO / "_build" / "doctrees" / "positions").is_relative_to(tmp_path)
    assert (tmp_path / "out" / "html" / "principles" / "civil-society-principles.html").is_file()
