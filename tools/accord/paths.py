"""The one resolver of repository paths: every file Accord or a build reads goes through it.

A target is resolved the way Sphinx resolves it (``env.relfn2path``): ``/x`` from the repository
root, anything else from the referring file's folder; then with symlinks followed, so that a
link anywhere on the way cannot lead outside. What docutils would read from elsewhere is refused
before anything is opened: the standard-include form ``<name>`` (joined to docutils' own folder
with os.path.join, so ``</etc/passwd>`` is /etc/passwd), absolute paths (``//x``), NUL bytes.
So is a hidden file or folder (``.git/config``, ``.env``): inside the repository's folder but not
part of it, and where a CI checkout keeps its token.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Resolved:
    """Where a target leads: ``path`` (absolute, symlinks followed) when inside the repository,
    else None with ``reason`` saying why."""

    path: Path | None
    reason: str = ""
    relative: str = ""  # the target from the repository root, forward slashes, when inside

    @property
    def inside(self) -> bool:
        return self.path is not None


STANDARD_INCLUDE = "the <...> form reads docutils' own folder, or any absolute path, outside the repository"
ABSOLUTE = "an absolute path leaves the repository"
ESCAPES = "'..' leads out of the repository"
SYMLINK = "a symbolic link on the way leads out of the repository"
UNREADABLE = "not a file name"
HIDDEN = "a hidden file or folder (.git, .env ...) is the tools', not the paper's: it can hold credentials"


def _refused(reason: str) -> Resolved:
    return Resolved(None, reason)


def resolve(root: Path, referrer: str, target: str) -> Resolved:
    """The file ``target`` names, written in ``referrer`` (a path from ``root``), or why not."""
    target = target.strip()
    if target.startswith("<") and target.endswith(">"):
        return _refused(STANDARD_INCLUDE)
    if "\0" in target:
        return _refused(UNREADABLE)
    if target.startswith(("//", "\\")):
        return _refused(ABSOLUTE)
    base = "" if target.startswith("/") else posixpath.dirname(referrer)
    joined = posixpath.normpath(posixpath.join(base, target.lstrip("/")))
    if joined == ".." or joined.startswith("../") or posixpath.isabs(joined):
        return _refused(ESCAPES)
    # .git/config holds the token a CI checkout persists; .env files hold secrets by convention.
    # (Accord's own data files, such as .github/CODEOWNERS, are read by name, not through here.)
    if _hidden(joined):
        return _refused(HIDDEN)
    found = contained(root, root / joined)
    return _refused(HIDDEN) if found.inside and _hidden(found.relative) else found


def contained(root: Path, path: Path) -> Resolved:
    """``path`` (under ``root`` as written) with symlinks followed, or why it leads outside."""
    top = root.resolve()
    try:
        real = path.resolve()
    except (OSError, RuntimeError, ValueError):  # a symlink loop, an unreadable name
        return _refused(SYMLINK)
    if not real.is_relative_to(top):
        return _refused(SYMLINK)
    return Resolved(real, relative=real.relative_to(top).as_posix())


def _hidden(relative: str) -> bool:
    return any(part.startswith(".") and part not in (".", "..") for part in relative.split("/"))


def leads_outside(root: Path, relative: str) -> bool:
    """True when the repository file ``relative`` exists as a name but is (or passes through) a
    symlink that leads outside the repository: such a file is never read."""
    path = root / relative
    return (path.exists() or path.is_symlink()) and not contained(root, path).inside
