"""What a per-document rule may know about the rest of the repository."""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from accord.labels import LabelIndex
from accord.numbering import NumberingIndex
from accord.settings import Settings


@dataclass(frozen=True)
class Context:
    root: Path
    settings: Settings
    today: dt.date
    ids: frozenset[str] = frozenset()  # every document id in the repository
    citation_keys: dict[str, str] | None = None  # lowercase -> as written; None: no bibliography
    bibliography: str = "references.bib"
    doc_folders: tuple[str, ...] = field(default=("positions", "principles"))
    questions: frozenset[str] = frozenset()  # ids of the policy questions in questions.yaml

    @cached_property
    def _keys_by_prefix(self) -> dict[str, list[str]]:
        buckets: dict[str, list[str]] = {}
        for key in (self.citation_keys or {}).values():
            buckets.setdefault(key[:2].lower(), []).append(key)
        return buckets

    def closest_key(self, key: str) -> str | None:
        """The bibliography key most like ``key``, for a "did you mean" hint.

        Only keys that start like it are compared: a misspelt key nearly always keeps its first
        letters (author, organisation), and comparing against every key of a large bibliography
        costs more than the rest of a check.
        """
        bucket = self._keys_by_prefix.get(key[:2].lower(), [])
        found = difflib.get_close_matches(key, bucket, n=1, cutoff=0.6)
        return found[0] if found else None

    @cached_property
    def numbering(self) -> NumberingIndex:
        """What other documents number, for {para} references; read when first asked."""
        return NumberingIndex(self.root, self.doc_folders, self.ids)

    @cached_property
    def labels(self) -> LabelIndex:
        """Every document's labels, for {ref}, {eq}, {term} and anchors; scanned when first asked."""
        return LabelIndex(self.root, self.doc_folders)
