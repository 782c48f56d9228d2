"""Pages that show a data file of the repository (questions.yaml, endorsements/<id>.yaml) are read
again when the file changes, appears or disappears.

Sphinx's own dependency tracking (``env.note_dependency``) rereads a page when a file it noted
changes; a file that did not exist when the page was read cannot be noted (Sphinx would then
reread the page on every build). So each page also records a digest of each data file it looked
at, missing ones included, and ``env-get-outdated`` compares them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from accord.diagnostics import Diagnostic
from accord.sphinxext.checking import emit
from accord.sphinxext.domain import get_domain, is_document

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


T = TypeVar("T")


def of_document(
    app: Sphinx, relative: Callable[[str], str], load: Callable[[Path, str], T | None]
) -> tuple[dict[str, Any], T] | None:
    """The domain's entry of the document being read and its data file (``relative(id)``, read
    by ``load``), noted as a dependency of its page; None for a page that is no document, or
    when the document has no such file."""
    env = app.env
    docname = env.docname
    entry = get_domain(env).documents.get(docname)
    if not is_document(docname) or entry is None:
        return None
    note(env, docname, relative(entry["id"]))
    found = load(Path(app.srcdir), entry["id"])
    return None if found is None else (entry, found)


def report(app: Sphinx, diagnostics: Iterable[Diagnostic]) -> None:
    """A data file's findings as the build's warnings, at the file's own lines."""
    for diagnostic in diagnostics:
        emit(diagnostic, location=f"{Path(app.srcdir) / diagnostic.path}:{diagnostic.line}")


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
