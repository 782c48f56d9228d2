"""Temporary git repositories for the edition tests, isolated from the machine's git settings."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

# No global or system settings (signing, hooks, default branch), and fixed dates so that tags and
# commits are the same on every run.
GIT_ENVIRONMENT = {
    "GIT_CONFIG_GLOBAL": "/dev/null",
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_AUTHOR_NAME": "Accord Tests",
    "GIT_AUTHOR_EMAIL": "tests@example.org",
    "GIT_COMMITTER_NAME": "Accord Tests",
    "GIT_COMMITTER_EMAIL": "tests@example.org",
    "GIT_AUTHOR_DATE": "2026-11-20T12:00:00Z",
    "GIT_COMMITTER_DATE": "2026-11-20T12:00:00Z",
}


def isolate_git(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in GIT_ENVIRONMENT.items():
        monkeypatch.setenv(name, value)


def git(root: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=True)
    return done.stdout.strip()


def init(root: Path) -> None:
    git(root, "init", "--quiet", "--initial-branch=main")


def commit_all(root: Path, message: str) -> None:
    git(root, "add", "--all")
    git(root, "commit", "--quiet", "-m", message)
