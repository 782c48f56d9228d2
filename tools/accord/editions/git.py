"""The few git questions editions ask, answered by the ``git`` command (list arguments, no shell)."""

from __future__ import annotations

import datetime as dt
import io
import re
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import tarfile

#: Tags that name editions: v1.0, 1.0, v2.1.3 ...
EDITION_TAG = re.compile(r"^v?(?P<numbers>\d+(?:\.\d+){1,2})$")


class GitError(Exception):
    """git failed or the repository is not in the state a command needs; the message says why."""


def git(root: Path, *args: str, binary: bool = False, data: bytes | None = None) -> str | bytes:
    """What ``git ARGS`` in ``root`` prints (bytes when ``binary``); ``data`` goes to its input."""
    try:
        done = subprocess.run(["git", *args], cwd=root, input=data, capture_output=True, check=False)
    except FileNotFoundError:
        raise GitError("git is not installed; it is needed to read revisions and tags") from None
    except OSError as error:
        raise GitError(f"cannot run git: {error}") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(f"git {' '.join(args)}: {message[-1] if message else f'exit {done.returncode}'}")
    return done.stdout if binary else done.stdout.decode("utf-8", "replace")


def text(root: Path, *args: str) -> str:
    return str(git(root, *args)).strip()


def top_level(root: Path) -> Path:
    return Path(text(root, "rev-parse", "--show-toplevel"))


def tag_exists(root: Path, tag: str) -> bool:
    try:
        text(root, "rev-parse", "--verify", "--quiet", f"refs/tags/{tag}")
    except GitError:
        return False
    return True


def commit_of(root: Path, rev: str) -> str:
    return text(root, "rev-parse", "--verify", f"{rev}^{{commit}}")


def commit_epoch(root: Path, rev: str) -> int:
    """The commit time of ``rev``: the SOURCE_DATE_EPOCH of its edition."""
    return int(text(root, "log", "-1", "--format=%ct", f"{rev}^{{commit}}"))


def tag_date(root: Path, tag: str) -> dt.date:
    """When the tag was made (the tagger's date; a lightweight tag's commit date), in UTC."""
    found = text(root, "for-each-ref", f"refs/tags/{tag}", "--format=%(creatordate:unix)")
    return dt.datetime.fromtimestamp(int(found), tz=dt.UTC).date()


def version_key(tag: str) -> tuple[int, ...]:
    """Numbers to order tags by; v1.0 and v1.0.0 are the same version."""
    found = EDITION_TAG.match(tag)
    if not found:
        return ()
    numbers = [int(n) for n in found["numbers"].split(".")]
    return tuple(numbers + [0] * (3 - len(numbers)))


def edition_tags(root: Path) -> list[str]:
    """Every edition tag of the repository, oldest version first."""
    listed = text(root, "tag", "--list").splitlines()
    return sorted((t for t in listed if EDITION_TAG.match(t)), key=version_key)


def previous_tag(root: Path, tag: str) -> str | None:
    """The edition tag of the highest version below ``tag``'s, if any."""
    earlier = [t for t in edition_tags(root) if version_key(t) < version_key(tag)]
    return earlier[-1] if earlier else None


def export(root: Path, rev: str, destination: Path) -> list[str]:
    """The files of ``rev`` (as ``git archive`` gives them) written into ``destination``; returns
    the paths left out because they lead out of the tree (symbolic links to outside files),
    which are never followed."""
    import tarfile  # only to export: the check imports this module for its reading of history

    archive = git(root, "archive", "--format=tar", commit_of(root, rev), binary=True)
    refused: list[str] = []

    def inside(member: tarfile.TarInfo, path: str) -> tarfile.TarInfo | None:
        try:
            return tarfile.data_filter(member, path)
        except tarfile.FilterError:
            refused.append(member.name)
            return None

    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:  # type: ignore[arg-type]
        tar.extractall(destination, filter=inside)
    return refused


def is_clean(root: Path) -> bool:
    return text(root, "status", "--porcelain", "--untracked-files=normal") == ""


def branch(root: Path) -> str:
    """The checked-out branch, or '' on a detached HEAD."""
    try:
        return text(root, "symbolic-ref", "--quiet", "--short", "HEAD")
    except GitError:
        return ""


def config_flag(root: Path, name: str) -> bool:
    try:
        return text(root, "config", "--type=bool", "--get", name) == "true"
    except GitError:
        return False
