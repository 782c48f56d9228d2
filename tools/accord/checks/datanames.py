"""Which document a per-document data file belongs to: ``endorsements/<id>.yaml`` and
``consultations/<id>.yaml`` are named after the document they are about."""

from __future__ import annotations

from collections.abc import Callable, Collection
from pathlib import PurePosixPath

from accord.checks.meta import closest, slug_of
from accord.diagnostics import Diagnostic, make


def slug_renames(ids: Collection[str]) -> dict[str, str]:
    """A document whose file name is not a slug is asked to take its slug (META020); its data
    files are judged against that name, so that the two hints agree."""
    return {slug_of(doc_id): doc_id for doc_id in ids if slug_of(doc_id) and slug_of(doc_id) not in ids}


def document_of(
    relative: str,
    ids: Collection[str],
    renamed: dict[str, str],
    *,
    suffix: str,
    path_of: Callable[[str], str],
    code: str,
) -> str | Diagnostic:
    """The id of the document that the data file ``relative`` is named after, or ``code`` at its
    first line with the name to rename it to."""
    name = PurePosixPath(relative)
    if name.suffix == suffix and name.stem in renamed:
        return renamed[name.stem]
    if name.suffix == suffix and name.stem in ids:
        return name.stem
    match = closest(name.stem, {slug_of(i) or i for i in ids})
    return make(
        code,
        relative,
        1,
        1,
        name.name,
        hint=f"rename it to {path_of(match or name.stem)}"
        if name.suffix != suffix or match
        else "name it after the document's file, without .md",
    )
