"""The git questions a translation asks of its source: is ``translated_from`` a commit at which the
source existed, and has the source's text changed since. Without git or a repository, nothing is
known (None), and the rules say nothing."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from accord.editions.git import GitError, text

COMMIT = re.compile(r"^[0-9a-fA-F]{7,40}$")


@dataclass(frozen=True)
class Standing:
    """How a translation stands against its source's history."""

    known: bool  # translated_from names a commit at which the source existed
    outdated: bool  # the source's text now differs from its text at translated_from
    current: str | None  # the last commit that changed the source (the value to write), if any
    committed: bool  # the source's text on disk is the text of ``current``


def _blob_id(data: bytes) -> str:
    """git's object id of a file's bytes, without running git (``git hash-object``)."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data, usedforsecurity=False).hexdigest()


@lru_cache(maxsize=256)
def _in_repository(root: str) -> Path | None:
    try:
        return Path(text(Path(root), "rev-parse", "--show-toplevel")).resolve()
    except (GitError, OSError):
        return None


def current_commit(root: Path, source: str) -> str | None:
    """The last commit that changed ``source`` (relative to ``root``), or None."""
    if _in_repository(str(root)) is None:
        return None
    try:
        return text(root, "log", "-1", "--format=%H", "--", source) or None
    except GitError:
        return None


def standing(root: Path, source: str, translated_from: str) -> Standing | None:
    """None when the repository's history cannot be read (no git, not a repository)."""
    top = _in_repository(str(root))
    if top is None:
        return None
    current = current_commit(root, source)
    disk = root / source
    data = disk.read_bytes() if disk.is_file() else b""
    committed = False
    if current is not None:
        try:
            committed = text(root, "rev-parse", f"{current}:./{source}") == _blob_id(data)
        except GitError:
            committed = False
    if not COMMIT.match(translated_from):
        return Standing(False, False, current, committed)
    try:
        then = text(root, "rev-parse", "--verify", "--quiet", f"{translated_from}^{{commit}}")
        blob = text(root, "rev-parse", f"{then}:./{source}")
        text(root, "merge-base", "--is-ancestor", then, "HEAD")
    except GitError:
        return Standing(False, False, current, committed)
    return Standing(True, blob != _blob_id(data), current, committed)
