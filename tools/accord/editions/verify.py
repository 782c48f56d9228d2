"""``accord edition verify --site DIR``: every published edition still matches its manifest."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from accord.diagnostics import Diagnostic, make
from accord.editions import journal, manifest, site


def check_edition(folder: Path, *, label: str) -> Iterator[Diagnostic]:
    """Files added, removed or changed since the manifest of ``folder`` was written; paths in the
    diagnostics start with ``label``."""
    try:
        expected = manifest.read(folder)
    except manifest.ManifestError as error:
        yield make("BUILD023", f"{label}/{manifest.MANIFEST}", error.line, detail=str(error))
        return
    difference = manifest.compare(expected, manifest.compute(folder))
    for relative in difference.changed:
        yield make(
            "BUILD020", f"{label}/{relative}", 1, hint="restore the published file; editions never change"
        )
    for relative in difference.removed:
        yield make(
            "BUILD021", f"{label}/{relative}", 1, hint="restore the published file; editions never change"
        )
    for relative in difference.added:
        yield make("BUILD022", f"{label}/{relative}", 1, hint="remove the file; editions never change")


def stray_folders(target: Path, tags: list[str]) -> Iterator[Diagnostic]:
    """Anything in editions/ besides the published editions: a folder copied in by hand, a file,
    a symbolic link (which could make an edition's files come from elsewhere)."""
    folder = target / site.EDITIONS
    if not folder.is_dir():
        return
    for entry in sorted(folder.iterdir()):
        if entry.name not in tags or entry.is_symlink():
            yield make(
                "BUILD028",
                f"{site.EDITIONS}/{entry.name}",
                1,
                1,
                entry.name,
                hint="remove it: editions/ holds only what accord edition publish put there",
            )


def check_site(target: Path) -> Iterator[Diagnostic]:
    """Every edition of the site against its manifest, and versions.json against the editions."""
    if journal.pending(target):
        yield make(
            "BUILD027",
            f"{journal.STAGING}/{journal.JOURNAL}",
            1,
            detail="its journal is still there",
            hint="run accord edition publish again: it undoes the interrupted run first",
        )
    tags = site.published(target)
    yield from stray_folders(target, tags)
    for tag in tags:
        yield from check_edition(target / site.EDITIONS / tag, label=f"{site.EDITIONS}/{tag}")
    try:
        listed = json.loads((target / site.VERSIONS).read_text(encoding="utf-8"))
        versions = [str(entry["version"]) for entry in listed if entry.get("version") != site.DRAFT]
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        if tags:
            yield make("BUILD026", site.VERSIONS, 1, detail="versions.json is missing or unreadable")
        return
    for version in versions:
        if version not in tags:
            yield make("BUILD026", site.VERSIONS, 1, 1, version)
