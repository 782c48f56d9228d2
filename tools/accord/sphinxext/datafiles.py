"""Pages that show a data file of the repository (questions.yaml, endorsements/<id>.yaml) are read
again when the file changes, appears or disappears.

Sphinx's own dependency tracking (``env.note_dependency``) rereads a page when a file it noted
changes; a file that did not exist when the page was read cannot be noted (Sphinx would then
reread the page on every build). So each page also records a digest of each data file it looked
at, missing ones included, and ``env-get-outdated`` compares them.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING

from accord.sphinxext.domain import get_domain

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment


def digest(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return ""  # missing


def note(env: BuildEnvironment, docname: str, relative: str) -> None:
    """The page ``docname`` shows what the data file ``relative`` holds (or that there is none)."""
    path = Path(env.srcdir) / relative
    found = digest(path)
    get_domain(env).per_document("data_files").setdefault(docname, {})[relative] = found
    if found:
        env.note_dependency(str(path))


def _outdated(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    root = Path(env.srcdir)
    seen = get_domain(env).per_document("data_files")
    return sorted(
        docname
        for docname, files in seen.items()
        if docname not in removed and any(digest(root / path) != value for path, value in files.items())
    )


def setup_datafiles(app: Sphinx) -> None:
    app.connect("env-get-outdated", _outdated)
