"""Repository hygiene: hook configuration (the workflows have tests/test_workflows.py)."""

from __future__ import annotations

import subprocess
import sys

import yaml

from tests.conftest import REPO


def test_pre_commit_config_is_valid() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pre_commit", "validate-config", str(REPO / ".pre-commit-config.yaml")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_hooks_are_local() -> None:
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    assert [repo["repo"] for repo in config["repos"]] == ["local"]
    ids = {hook["id"] for hook in config["repos"][0]["hooks"]}
    assert {
        "accord-check",
        "ruff-check",
        "ruff-format",
        "trailing-whitespace",
        "end-of-file-fixer",
        "check-yaml",
    } <= ids
