"""Changing the published site all at once or not at all.

Everything new is first written into a staging folder inside the site. A journal then lists the
moves that put it in place; each move is a rename, and a replaced file or folder is kept as a
backup until the end. Deleting the journal is the moment the change takes effect. A run that is
interrupted before that moment is undone by the next run (``recover``), which puts every moved
thing back; so an interrupted publish leaves the site as it was.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from accord.cachedir import read_json, write_json

STAGING = ".accord-publish"
JOURNAL = "journal.json"
STAGED = "new"
BACKUP = "old"


@dataclass(frozen=True)
class Move:
    """Put ``staging/new/<name>`` at ``site/<name>``; a replaced ``site/<name>`` goes to ``staging/old``."""

    name: str  # a path relative to the site root, forward slashes


def staging(site: Path) -> Path:
    return site / STAGING


def staged(site: Path, name: str) -> Path:
    return staging(site) / STAGED / name


def pending(site: Path) -> bool:
    """True when an earlier run stopped between its first move and its last."""
    return (staging(site) / JOURNAL).exists()


def recover(site: Path) -> bool:
    """Undo an interrupted run, if there was one; remove what a finished run left behind.
    True when something was undone."""
    folder = staging(site)
    if not folder.exists():
        return False
    undone = False
    names = read_json(folder / JOURNAL)
    if isinstance(names, list):
        for name in reversed([str(n) for n in names]):
            undone |= _undo(site, Move(name))
    shutil.rmtree(folder)
    return undone


def _undo(site: Path, move: Move) -> bool:
    target, new, old = site / move.name, staged(site, move.name), staging(site) / BACKUP / move.name
    undone = False
    if not new.exists() and target.exists():
        target.rename(new)
        undone = True
    if old.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        old.rename(target)
        undone = True
    return undone


def start(site: Path) -> Path:
    """A clean staging folder (after undoing any interrupted run); returns the folder for new files."""
    recover(site)
    folder = staging(site) / STAGED
    folder.mkdir(parents=True)
    return folder


def commit(site: Path, moves: list[Move]) -> None:
    """Put every staged thing in place; on any failure, undo the moves made so far and re-raise."""
    write_json(staging(site) / JOURNAL, [move.name for move in moves])
    if not (staging(site) / JOURNAL).exists():
        raise OSError(f"cannot write the publishing journal in {staging(site)}")
    try:
        for move in moves:
            _apply(site, move)
    except BaseException:
        recover(site)
        raise
    (staging(site) / JOURNAL).unlink()  # the change takes effect here
    shutil.rmtree(staging(site), ignore_errors=True)


def _apply(site: Path, move: Move) -> None:
    target, old = site / move.name, staging(site) / BACKUP / move.name
    if target.exists():
        old.parent.mkdir(parents=True, exist_ok=True)
        target.rename(old)
    target.parent.mkdir(parents=True, exist_ok=True)
    staged(site, move.name).rename(target)
