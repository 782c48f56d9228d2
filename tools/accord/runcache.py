"""The last full check's report, given back at once while nothing it could have read has changed.

A full ``accord check`` reads every document, the bibliography and the settings; most of its time
on a warm repository is reading them again (YAML front matter, BibTeX) to find what it found last
time. This cache keys the whole report by the state of the repository as the file system tells it
without reading any file: the name, size, inode and modification time of every file (git's own
approach to a clean tree), the edition tags (META071 compares against the highest one), the date,
Accord's version and the mtimes of its own source files. Any difference and the check runs as
usual (with the per-document cache of ``accord.checkcache``).

Two things make a stat key unsafe, and both turn the cache off rather than risk a stale report:
a file modified within the last moments before the check (another write in the same clock tick
would keep its mtime: git's "racy clean" case), and a symbolic link to a folder (os.walk does not
follow it, so its files would not be seen). A damaged or foreign cache file is ignored.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import time
from dataclasses import dataclass
from pathlib import Path

from accord import __version__
from accord.cachedir import cache_dir, read_json, write_json
from accord.diagnostics import Diagnostic
from accord.names import _CACHE as names_cache

STORE = "check-report.json"
#: A file changed this recently (nanoseconds) may change again within the same mtime tick.
SETTLE_NS = 2_000_000_000
_SKIPPED = {"_build", "node_modules", "__pycache__"}
_SEEN_HIDDEN = {".github"}  # CODEOWNERS lives there; other hidden folders are not read by a check


@dataclass(frozen=True)
class Report:
    diagnostics: list[Diagnostic]
    documents: int
    exit_code: int


def stamp_of(info: os.stat_result) -> list[int]:
    """A file's size, inode, modification and change times. The change time too, as git does:
    a tool that keeps a file's modification time (cp -p, an unpacked archive) cannot keep it."""
    return [info.st_size, info.st_ino, info.st_mtime_ns, info.st_ctime_ns]


def _listing(root: Path) -> tuple[list[tuple[str | int, ...]], int] | None:
    """The path and stamp (stamp_of) of every file a check may read, and the newest mtime; None
    when a folder is a symbolic link."""
    found: list[tuple[str | int, ...]] = []
    newest = 0
    start = len(str(root)) + 1
    folders = [str(root)]
    while folders:
        with os.scandir(folders.pop()) as entries:
            for entry in sorted(entries, key=lambda e: e.name):
                if entry.is_dir(follow_symlinks=False):
                    if entry.name in _SKIPPED or (
                        entry.name.startswith(".") and entry.name not in _SEEN_HIDDEN
                    ):
                        continue
                    folders.append(entry.path)
                    continue
                try:
                    info = entry.stat()  # through a link: the file it leads to
                except OSError:  # a dangling link: its name is enough
                    found.append((entry.path[start:], -1, 0, 0, 0))
                    continue
                if entry.is_symlink() and entry.is_dir():
                    return None  # its files would not be listed
                found.append((entry.path[start:], *stamp_of(info)))
                newest = max(newest, info.st_mtime_ns)
    return found, newest


def _tags(root: Path) -> str:
    """The repository's HEAD, its tags and what they point at: an edition tag decides META071."""
    from accord.editions import git

    try:
        if git.top_level(root).resolve() != root.resolve():
            return "inside another repository"
        # HEAD too: a rule may compare against history (a commit changes no file's stamp).
        head = git.text(root, "rev-parse", "--verify", "-q", "HEAD") if (root / ".git").exists() else ""
        return head + "\n" + git.text(root, "for-each-ref", "--format=%(objectname) %(refname)", "refs/tags")
    except (git.GitError, OSError):
        return "no git"


def _stamp(path: Path) -> list[int]:
    try:
        info = path.stat()
    except OSError:
        return []
    return stamp_of(info)


def _code() -> list[tuple[str, int]]:
    package = Path(__file__).parent
    return sorted((p.relative_to(package).as_posix(), p.stat().st_mtime_ns) for p in package.rglob("*.py"))


def key(root: Path, today: dt.date) -> str | None:
    """The key of the repository's current state, or None when a stat key cannot be trusted."""
    started = time.time_ns()
    listed = _listing(root)
    if listed is None:
        return None
    files, newest = listed
    if newest > started - SETTLE_NS:
        return None
    state = {
        "version": __version__,
        "code": _code(),
        "today": today.isoformat(),
        "files": files,
        "tags": _tags(root),
        "cache": os.environ.get("ACCORD_CACHE_DIR", ""),
        # The directive and role names a build recorded (accord.names), outside the listing.
        "names": _stamp(cache_dir(root) / names_cache),
    }
    return hashlib.sha256(json.dumps(state).encode("utf-8")).hexdigest()


def load(root: Path, current: str | None) -> Report | None:
    """The report stored under ``current``, or None (no key, no cache, another key, damaged)."""
    if current is None:
        return None
    stored = read_json(cache_dir(root) / STORE)
    try:
        if stored["key"] != current:
            return None
        diagnostics = [Diagnostic(**d) for d in stored["diagnostics"]]
        return Report(diagnostics, int(stored["documents"]), int(stored["exit_code"]))
    except (TypeError, KeyError, ValueError):
        return None


def save(root: Path, current: str | None, report: Report) -> None:
    if current is None:
        return
    write_json(
        cache_dir(root) / STORE,
        {
            "key": current,
            "diagnostics": [d.as_dict() for d in report.diagnostics],
            "documents": report.documents,
            "exit_code": report.exit_code,
        },
    )
