"""Remember each document's diagnostics between runs, so that only changed documents are parsed.

A document's findings depend on its own text and on what it can see of the repository: the set
of files (links, includes), the document ids, the bibliography keys, the settings, the date, and
the rules themselves. The cache keeps one fingerprint of all of that; when it differs, nothing is
reused. Within a fingerprint, a document whose text is unchanged gets its stored findings back.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from accord import __version__, names
from accord.diagnostics import Diagnostic

if TYPE_CHECKING:
    from accord.checks.context import Context

FILE = "accord-check-cache.json"  # in `accord check`'s cache folder, and in the build's output
_SKIPPED_FOLDERS = {"_build", "node_modules", "__pycache__"}


def _repository_files(root: Path) -> list[str]:
    found: list[str] = []
    for folder, folders, files in os.walk(root):
        folders[:] = sorted(f for f in folders if not f.startswith(".") and f not in _SKIPPED_FOLDERS)
        relative = Path(folder).relative_to(root).as_posix()
        found.extend(f"{relative}/{name}" for name in sorted(files))
    return found


def _rules_digest() -> list[tuple[str, int]]:
    package = Path(__file__).parent
    return sorted((p.relative_to(package).as_posix(), p.stat().st_mtime_ns) for p in package.rglob("*.py"))


def fingerprint(ctx: Context) -> str:
    """Everything besides a document's own text that its findings depend on."""
    state = {
        "version": __version__,
        "rules": _rules_digest(),
        "files": _repository_files(ctx.root),
        "ids": sorted(ctx.ids),
        "keys": sorted((ctx.citation_keys or {}).items()),
        "settings": repr(ctx.settings),
        "today": ctx.today.isoformat(),
        "questions": sorted(ctx.questions),
        "names": names.digest(ctx.root),
    }
    return hashlib.sha256(json.dumps(state, sort_keys=True).encode()).hexdigest()


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass
class CheckCache:
    path: Path
    fingerprint: str = ""
    entries: dict[str, dict[str, Any]] = field(default_factory=dict)
    used: dict[str, dict[str, Any]] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path) -> CheckCache:
        try:
            stored = json.loads(path.read_text(encoding="utf-8"))
            return cls(path, stored["fingerprint"], stored["entries"])
        except (OSError, ValueError, KeyError, TypeError):
            return cls(path)  # a missing or damaged cache is an empty one

    def bind(self, current: str) -> None:
        """Use the cache for this fingerprint; a different one invalidates every entry."""
        if current != self.fingerprint:
            self.entries = {}
        self.fingerprint = current

    def has(self, path: str) -> bool:
        """Whether findings are stored for the document at ``path`` (for some text)."""
        return path in self.entries

    def get(self, path: str, text: str) -> tuple[list[Diagnostic], list[str]] | None:
        """(diagnostics, cited keys) stored for this document text, or None."""
        entry = self.entries.get(path)
        if entry is None or entry["digest"] != digest(text):
            return None
        self.used[path] = entry
        return [Diagnostic(**d) for d in entry["diagnostics"]], entry["cites"]

    def put(self, path: str, text: str, diagnostics: list[Diagnostic], cites: list[str]) -> None:
        self.used[path] = {
            "digest": digest(text),
            "diagnostics": [d.as_dict() for d in diagnostics],
            "cites": cites,
        }

    def save(self) -> None:
        """Write what this run used; documents that are gone drop out. Never fails the run."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temporary = self.path.with_suffix(".tmp")
            temporary.write_text(
                json.dumps({"fingerprint": self.fingerprint, "entries": self.used}), encoding="utf-8"
            )
            temporary.replace(self.path)
        except OSError:
            pass
