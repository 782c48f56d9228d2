"""What a pull request changes, as data for its preview comment.

The preview workflow builds a pull request without privileges and writes this summary beside the
site it uploads: the pages changed between two revisions (from git) and the outcome of
``accord check --format json``. A separate, privileged job renders the comment from it
(accord.github), treating every value as untrusted.
"""

from __future__ import annotations

import json
import subprocess
from dataclasses import asdict, dataclass
from pathlib import Path, PurePosixPath

from accord.vocabulary import KINDS, LANDING_PAGE, PAGES

#: Version of the summary's shape; the comment renderer refuses others.
FORMAT = 1
#: Findings carried into the summary; the comment shows fewer, the workflow log has them all.
MAX_FINDINGS = 50
#: Other changed files listed by name; beyond that only their number.
MAX_OTHER_FILES = 50

CHANGES = {"A": "added", "M": "modified", "D": "deleted", "R": "renamed", "C": "copied", "T": "modified"}


class GitError(Exception):
    """git could not answer (no repository, unknown revision)."""


@dataclass(frozen=True)
class Page:
    """One page of the site that the change touches."""

    path: str  # the source file, relative to the repository root
    change: str  # a value of CHANGES
    html: str  # the page in the built site
    pdf: str | None  # the document's PDF beside it; None for landing pages
    title: str | None
    previous: str | None = None  # the old path of a renamed document


def _git(root: Path, *args: str) -> str:
    try:
        result = subprocess.run(
            ["git", "-C", str(root), *args], capture_output=True, text=True, encoding="utf-8", check=False
        )
    except FileNotFoundError as error:  # pragma: no cover - git is part of the toolchain
        raise GitError("git is not installed") from error
    if result.returncode != 0:
        raise GitError(result.stderr.strip() or f"git {args[0]} failed")
    return result.stdout


def changed_files(root: Path, base: str, head: str) -> list[tuple[str, str, str | None]]:
    """(change, path, previous path) for each file that differs between two revisions."""
    fields = _git(root, "diff", "--name-status", "-z", "--find-renames", base, head, "--").split("\0")
    found: list[tuple[str, str, str | None]] = []
    index = 0
    while index < len(fields) and fields[index]:
        status = fields[index][0]
        if status in "RC":
            found.append((CHANGES[status], fields[index + 2], fields[index + 1]))
            index += 3
        else:
            found.append((CHANGES.get(status, "modified"), fields[index + 1], None))
            index += 2
    return found


def _is_document(path: str) -> bool:
    parts = PurePosixPath(path).parts
    return len(parts) == 2 and parts[0] in KINDS and path.endswith(".md") and parts[1] != f"{LANDING_PAGE}.md"


def _title(root: Path, revision: str, path: str) -> str | None:
    try:
        text = _git(root, "show", f"{revision}:{path}")
    except GitError:
        return None
    # Imported here: the privileged comment job imports this module without installing PyYAML.
    from accord import frontmatter

    data = frontmatter.read(path, text).data
    title = data.get("title") if isinstance(data, dict) else None
    return title if isinstance(title, str) else None


def pages(root: Path, base: str, head: str) -> tuple[list[Page], list[str]]:
    """The pages of the site that change, and every other changed file."""
    found: list[Page] = []
    others: list[str] = []
    for change, path, previous in changed_files(root, base, head):
        is_document = _is_document(path)
        if not is_document and path not in PAGES:
            others.append(path)
            continue
        stem = path.removesuffix(".md")
        title = _title(root, base if change == "deleted" else head, path)
        found.append(
            Page(path, change, f"{stem}.html", f"{stem}.pdf" if is_document else None, title, previous)
        )
    return found, others


def check_summary(report: dict) -> dict:
    """Counts and the first findings of an ``accord check --format json`` report."""
    diagnostics = [d for d in report.get("diagnostics", []) if isinstance(d, dict)]
    errors = sum(d.get("severity") == "error" for d in diagnostics)
    return {
        "status": "fail" if errors else "pass",
        "errors": errors,
        "warnings": len(diagnostics) - errors,
        "diagnostics": diagnostics[:MAX_FINDINGS],
    }


def read_check_report(path: Path) -> dict | None:
    """The JSON report of ``accord check``, or None when the check wrote none (it crashed)."""
    try:
        report = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(report, dict) or not isinstance(report.get("diagnostics"), list):
        return None
    return report


def summary(
    root: Path,
    *,
    base: str,
    head: str,
    check: dict | None,
    build: str | None,
    pull_request: int | None,
    head_sha: str | None,
) -> dict:
    """The whole summary, ready for ``json.dump``."""
    changed, others = pages(root, base, head)
    return {
        "format": FORMAT,
        "pull_request": pull_request,
        "head_sha": head_sha,
        "build": build,
        "pages": [asdict(page) for page in changed],
        "other_files": others[:MAX_OTHER_FILES],
        "other_files_count": len(others),
        "check": check_summary(check) if check is not None else None,
    }
