"""The files whose findings depend on the files a check of a few files reports on.

The pre-commit hook passes only the files a commit changes; a change can still break others:
a bibliography key renamed breaks the documents that cite it, a document renamed or a label
removed breaks the references to it. ``widen`` adds those files, from a quick scan of the
documents' text (no parse), so that the hook fails where the full check would.
"""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import time
from collections.abc import Collection
from pathlib import Path, PurePosixPath

from accord import __version__, labels
from accord.cachedir import cache_dir, read_json, write_json
from accord.corpus import document_names, stem
from accord.runcache import SETTLE_NS, stamp_of
from accord.settings import PYPROJECT, load
from accord.vocabulary import DOC_ROLES, PAGES, PARA_ROLES, QUESTIONS_FILE

#: Files every rule may depend on: a change to them is checked as a change to everything.
EVERYTHING = frozenset({PYPROJECT, QUESTIONS_FILE})

_ROLE = re.compile(r"\{(" + "|".join(sorted(DOC_ROLES | PARA_ROLES)) + r")\}`([^`]+)`")
_EXPLICIT = re.compile(r"<([^<>]+)>\s*$")
_REFERENCE = re.compile(r"\{[\w:.-]+\}`([^`]+)`|\]\(([^()\s]+)")
_TOKEN = re.compile(r"[\w-]+")
_ENDORSEMENTS = re.compile(r"^endorsements/([^/]+)\.ya?ml$")

#: What each file names, in the cache folder: a check of one file need not read a thousand.
INDEX = "accord-references.json"
_RULES = hashlib.sha256(
    "\n".join((__version__, _ROLE.pattern, _EXPLICIT.pattern, _REFERENCE.pattern, _TOKEN.pattern)).encode()
).hexdigest()


def widen(root: Path, only: Collection[str]) -> set[str] | None:
    """``only`` with the files whose findings it may change; None when that is every file."""
    if EVERYTHING & set(only):
        return None
    base = str(root)
    # Names and strings, not paths: pathlib costs more than the rest of a widening of 1,000 files.
    documents = document_names(root)
    texts = {f"{kind}/{name}": f"{base}/{kind}/{name}" for kind, name in documents}
    texts.update((page, f"{base}/{page}") for page in PAGES if (root / page).is_file())
    ids = {stem(name) for _, name in documents}
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
    index = _Index(cache_dir(root) / INDEX)
    for relative, path in texts.items():
        if relative not in wanted:
            # The index's lists as they are: a set made of each, for a thousand files, cost more than the test.
            named, targets = index.references(relative, path)
            if not names.isdisjoint(named) or not ids.issuperset(targets):
                wanted.add(relative)
    index.save(texts)
    return wanted


class _Index:
    """What each file names with its roles and links, under the file's size, inode and
    modification and change times. A file modified in the last seconds is read but not
    remembered: an edit within the same clock tick would keep its stamp."""

    def __init__(self, path: Path) -> None:
        self.path = path
        stored = read_json(path)
        entries = stored.get("files") if isinstance(stored, dict) and stored.get("rules") == _RULES else None
        self.entries: dict[str, list] = entries if isinstance(entries, dict) else {}
        self.changed = False
        self.settled = time.time_ns() - SETTLE_NS

    def references(self, relative: str, path: str) -> tuple[Collection[str], Collection[str]]:
        """(the words its roles and links name, the document ids its {doc} and {para} roles name)"""
        try:
            info = os.stat(path)  # noqa: PTH116 (a string: see widen)
        except OSError:
            return (), ()
        stamp = stamp_of(info)
        entry = self.entries.get(relative)
        if isinstance(entry, list) and len(entry) == 3 and entry[0] == stamp:
            return entry[1], entry[2]
        text = _text(path)
        found = _named(text), _targets(text)
        if info.st_mtime_ns < self.settled:
            self.entries[relative] = [stamp, sorted(found[0]), sorted(found[1])]
            self.changed = True
        return found

    def save(self, files: Collection[str]) -> None:
        """Kept, without the files that are gone (``files``: those there are)."""
        gone = self.entries.keys() - set(files)
        for relative in gone:
            del self.entries[relative]
        if self.changed or gone:
            write_json(self.path, {"rules": _RULES, "files": self.entries})


def _text(path: str) -> str:
    with open(path, "rb") as handle:  # noqa: PTH123 (a string: see widen)
        return handle.read().decode("utf-8", errors="replace")


def _labels(root: Path, relative: str, path: str) -> set[str]:
    """What the document defines now and what it defined at HEAD: a label removed breaks the
    references to it, and they are only found by the old name."""
    found = set(labels.scan(_text(path)).labels)
    try:
        old = subprocess.run(
            ["git", "show", f"HEAD:{relative}"], cwd=root, capture_output=True, check=False, timeout=10
        )
    except (OSError, subprocess.SubprocessError):
        return found
    if old.returncode == 0:
        found.update(labels.scan(old.stdout.decode("utf-8", errors="replace")).labels)
    return found


def _named(text: str) -> frozenset[str]:
    """The words that the roles and links of ``text`` name (a plain word of the prose does not
    count): a name among them may refer to a label or document that changed."""
    return frozenset(
        token for match in _REFERENCE.finditer(text) for token in _TOKEN.findall(match[1] or match[2])
    )


def _targets(text: str) -> frozenset[str]:
    """The document ids that the {doc} and {para} roles of ``text`` name: one that no file has
    was renamed or removed."""
    if "{doc}" not in text and "{para}" not in text:
        return frozenset()
    found = set()
    for match in _ROLE.finditer(text):
        explicit = _EXPLICIT.search(match[2])
        target = (explicit[1] if explicit else match[2]).strip().split("#", 1)[0]
        if target:
            found.add(PurePosixPath(target).stem)
    return frozenset(found)
