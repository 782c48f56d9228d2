"""The git questions a translation asks of its source: is ``translated_from`` a commit at which the
source existed, and has the source's text changed since. Without git or a repository, nothing is
known (None), and the rules say nothing.

Two git calls a translation at most (its source's history, then two blobs in one ``rev-parse``),
remembered while neither the source nor the repository's index changes: ``accord build`` asks once
for the check and once for the pages, and a git call is slow on a busy machine.
"""

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


def _stamp(root: Path, source: str) -> tuple[int, int, int]:
    """What the answers depend on besides the arguments: the source file and git's index (a commit
    rewrites it)."""
    top = _in_repository(str(root))
    path = root / source
    index = top / ".git" / "index" if top is not None else None
    stat = path.stat() if path.is_file() else None
    return (
        stat.st_mtime_ns if stat else 0,
        stat.st_size if stat else -1,
        index.stat().st_mtime_ns if index is not None and index.is_file() else 0,
    )


@lru_cache(maxsize=512)
def _history(root: Path, source: str, stamp: tuple[int, int, int]) -> tuple[str, ...]:
    """The commits that changed ``source``, newest first."""
    try:
        return tuple(text(root, "log", "--format=%H", "--", source).split())
    except GitError:
        return ()


def current_commit(root: Path, source: str) -> str | None:
    """The last commit that changed ``source`` (relative to ``root``), or None."""
    if _in_repository(str(root)) is None:
        return None
    found = _history(root, source, _stamp(root, source))
    return found[0] if found else None


def _blobs(root: Path, source: str, *revisions: str) -> list[str | None]:
    """The blob of ``source`` at each revision (None where it did not exist), in one git call."""
    try:
        found = text(root, "rev-parse", *(f"{rev}:./{source}" for rev in revisions)).split()
    except GitError:
        return [_blob(root, source, rev) for rev in revisions]  # one of them is missing: ask each
    return list(found) if len(found) == len(revisions) else [None] * len(revisions)


def _blob(root: Path, source: str, revision: str) -> str | None:
    try:
        return text(root, "rev-parse", "--verify", "--quiet", f"{revision}:./{source}")
    except GitError:
        return None


def standing(root: Path, source: str, translated_from: str) -> Standing | None:
    """None when the repository's history cannot be read (no git, not a repository)."""
    if _in_repository(str(root)) is None:
        return None
    return _standing(root, source, translated_from, _stamp(root, source))


@lru_cache(maxsize=512)
def _standing(root: Path, source: str, translated_from: str, stamp: tuple[int, int, int]) -> Standing:
    history = _history(root, source, stamp)
    current = history[0] if history else None
    disk = root / source
    on_disk = _blob_id(disk.read_bytes() if disk.is_file() else b"")
    if not COMMIT.match(translated_from):
        committed = current is not None and _blobs(root, source, current)[0] == on_disk
        return Standing(False, False, current, committed)
    written = translated_from.lower()
    named = next((commit for commit in history if commit.startswith(written)), None)
    if named is None:
        # Not a commit that changed the source: any commit of HEAD's history at which it existed.
        try:
            named = text(root, "rev-parse", "--verify", "--quiet", f"{translated_from}^{{commit}}")
            text(root, "merge-base", "--is-ancestor", named, "HEAD")
        except GitError:
            named = None
    revisions = [rev for rev in (current, named) if rev is not None]
    blobs = dict(zip(revisions, _blobs(root, source, *revisions), strict=True)) if revisions else {}
    committed = current is not None and blobs.get(current) == on_disk
    if named is None or blobs.get(named) is None:
        return Standing(False, False, current, committed)
    return Standing(True, blobs[named] != on_disk, current, committed)
