"""``latest/``: the stable address of every document's newest text (tools/DESIGN.md section 10).

``<base-url>/latest/<path>`` is the newest edition's page of a document, as rfc-editor.org/info/rfcN
and peps.python.org/pep-N are the current text of theirs; every edition's pages name it as their
canonical address (accord.sphinxext.notices). It is the one part of the site that moves: each
publish that adds an edition replaces it whole (a copy of the newest edition, and the history pages
of every document, which list every edition), through the same journal as the rest of the
publish; the editions themselves are never touched.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from accord.editions import history, journal, site

LATEST = "latest"


def statements(folder: Path) -> dict:
    """An edition's ``statements.json``, or an empty index when it has none that can be read."""
    try:
        found = json.loads((folder / site.STATEMENTS).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return found if isinstance(found, dict) else {}


def stage(
    target: Path, staged: Path, editions: list[history.Edition], *, title: str, added: bool
) -> list[journal.Move]:
    """Stage ``latest/`` from ``editions`` (oldest first) when an edition was added or there is
    none yet; returns the moves that put it in place."""
    if not editions or (not added and (target / LATEST).is_dir()):
        return []
    folder = staged / LATEST
    shutil.copytree(editions[-1].folder, folder)
    history.write(folder / history.HISTORY, editions, title=title)
    return [journal.Move(LATEST)]
