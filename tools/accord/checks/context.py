"""What a per-document rule may know about the rest of the repository."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

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
