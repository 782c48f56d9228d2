"""The files whose findings depend on the files a check of a few files reports on.

The pre-commit hook passes only the files a commit changes; a change can still break others:
a bibliography key renamed breaks the documents that cite it, a document renamed or a label
removed breaks the references to it. ``widen`` adds those files, from a quick scan of the
documents' text (no parse), so that the hook fails where the full check would.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Collection
from pathlib import Path, PurePosixPath

from accord import labels
from accord.corpus import document_paths
from accord.settings import PYPROJECT, load
from accord.vocabulary import DOC_ROLES, PAGES, PARA_ROLES, QUESTIONS_FILE

#: Files every rule may depend on: a change to them is checked as a change to everything.
EVERYTHING = frozenset({PYPROJECT, QUESTIONS_FILE})

_ROLE = re.compile(r"\{(" + "|".join(sorted(DOC_ROLES | PARA_ROLES)) + r")\}`([^`]+)`")
_EXPLICIT = re.compile(r"<([^<>]+)>\s*$")
_REFERENCE = re.compile(r"\{[\w:.-]+\}`([^`]+)`|\]\(([^()\s]+)")
_TOKEN = re.compile(r"[\w-]+")
_ENDORSEMENTS = re.compile(r"^endorsements/([^/]+)\.ya?ml$")


def widen(root: Path, only: Collection[str]) -> set[str] | None:
    """``only`` with the files whose findings it may change; None when that is every file."""
    if EVERYTHING & set(only):
        return None
    texts = {f"{path.parent.name}/{path.name}": path for path in document_paths(root)}
    texts.update((page, path) for page in PAGES if (path := root / page).is_file())
    ids = {path.stem for relative, path in texts.items() if relative not in PAGES}
    wanted = set(only)
    bibliography = load(root)[0].bibliography
    if bibliography in only:
        return wanted | set(texts)  # every citation is checked against the keys
    names: set[str] = set()
    for relative in only:
        if endorsed := _ENDORSEMENTS.match(relative):
            wanted.update(r for r in texts if PurePosixPath(r).stem == endorsed[1] and r not in PAGES)
        elif relative in texts:
            names.add(PurePosixPath(relative).stem)
            names.update(_labels(root, relative, texts[relative]))
    if not names and not wanted & set(texts):
        return wanted
    for relative, path in texts.items():
        if relative in wanted:
            continue
        text = path.read_bytes().decode("utf-8", errors="replace")
        if _names_any(text, names) or _names_missing(text, ids):
            wanted.add(relative)
    return wanted


def _labels(root: Path, relative: str, path: Path) -> set[str]:
    """What the document defines now and what it defined at HEAD: a label removed breaks the
    references to it, and they are only found by the old name."""
    found = set(labels.scan(path.read_bytes().decode("utf-8", errors="replace")).labels)
    try:
        old = subprocess.run(
            ["git", "show", f"HEAD:{relative}"], cwd=root, capture_output=True, check=False, timeout=10
        )
    except (OSError, subprocess.SubprocessError):
        return found
    if old.returncode == 0:
        found.update(labels.scan(old.stdout.decode("utf-8", errors="replace")).labels)
    return found


def _names_any(text: str, names: set[str]) -> bool:
    """A role or a link names one of ``names`` (a plain word of the prose does not count)."""
    # Most documents do not contain any of the names at all: a substring test (in C) rules them
    # out before the reference scan, which a thousand citing documents make the slow part.
    return any(name in text for name in names) and any(
        names & set(_TOKEN.findall(match[1] or match[2])) for match in _REFERENCE.finditer(text)
    )


def _names_missing(text: str, ids: set[str]) -> bool:
    """A {doc} or {para} reference to a document no file has: the document was renamed or removed."""
    if "{doc}" not in text and "{para}" not in text:
        return False
    for match in _ROLE.finditer(text):
        explicit = _EXPLICIT.search(match[2])
        target = (explicit[1] if explicit else match[2]).strip().split("#", 1)[0]
        if target and PurePosixPath(target).stem not in ids:
            return True
    return False
