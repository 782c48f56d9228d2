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
        return _closest(key, self._keys_by_prefix.get(key[:2].lower(), []), cutoff=0.6)

    @cached_property
    def numbering(self) -> NumberingIndex:
        """What other documents number, for {para} references; read when first asked."""
        return NumberingIndex(self.root, self.doc_folders, self.ids)

    @cached_property
    def labels(self) -> LabelIndex:
        """Every document's labels, for {ref}, {eq}, {term} and anchors; scanned when first asked."""
        return LabelIndex(self.root, self.doc_folders)


def _closest(word: str, candidates: list[str], *, cutoff: float) -> str | None:
    """What ``difflib.get_close_matches(word, candidates, n=1, cutoff=cutoff)`` returns (the
    highest ratio, ties to the greater string), without computing the full ratio of a candidate
    whose upper bounds already fall below the best found so far: on a large bibliography, the
    full ratios were a tenth of a check's processor time."""
    matcher = difflib.SequenceMatcher()
    matcher.set_seq2(word)
    best: tuple[float, str] | None = None
    floor = cutoff
    for candidate in candidates:
        matcher.set_seq1(candidate)
        if matcher.real_quick_ratio() < floor or matcher.quick_ratio() < floor:
            continue
        score = matcher.ratio()
        if score >= floor and (best is None or (score, candidate) > best):
            best = (score, candidate)
            floor = score
    return best[1] if best else None
