"""``accord edition publish --site DIR``: built editions and the working draft merged into the site.

An edition already in the site is never rewritten: when the new build of it differs from the
published one, nothing is published. The work is proportional to what is added (the new
editions and the draft), not to the number of editions already published: published editions
are compared by their manifests only, and never copied or read in full.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

from accord import feed
from accord.diagnostics import Diagnostic, make
from accord.editions import git, history, journal, latest, manifest, site
from accord.editions.verify import check_edition


@dataclass
class Published:
    added: list[str] = field(default_factory=list)  # editions new to the site
    unchanged: list[str] = field(default_factory=list)  # editions built again, identical
    draft: bool = False  # the draft was replaced
    recovered: bool = False  # an interrupted earlier run was undone first
    diagnostics: list[Diagnostic] = field(default_factory=list)


def built_editions(folder: Path) -> list[Path]:
    """The finished builds in ``_build/editions`` (their partial and rebuilt twins start with a dot)."""
    if not folder.is_dir():
        return []
    found = [p for p in folder.iterdir() if p.is_dir() and git.EDITION_TAG.match(p.name)]
    return sorted(found, key=lambda p: git.version_key(p.name))


def publish(
    target: Path,
    *,
    editions: list[Path],
    draft: Path | None,
    base_url: str,
    title: str,
    organisation: str = "",
) -> Published:
    """Merge ``editions`` (built edition folders) and ``draft`` (a built site) into ``target``."""
    result = Published(recovered=journal.recover(target) if target.exists() else False)
    new: list[Path] = []
    for folder in editions:
        existing = target / site.EDITIONS / folder.name
        if not existing.exists():
            # Only a new edition is read in full: its files must be those its manifest lists.
            found = list(check_edition(folder, label=f"_build/editions/{folder.name}"))
            result.diagnostics += found
            if not found:
                new.append(folder)
        elif _same(folder, existing):
            result.unchanged.append(folder.name)
        else:
            result.diagnostics.append(
                make(
                    "BUILD024",
                    f"{site.EDITIONS}/{folder.name}/{manifest.MANIFEST}",
                    1,
                    detail=folder.name,
                    hint="an edition is published once; tag a new version for a changed text",
                )
            )
    if result.diagnostics:
        return result  # nothing is published unless everything can be

    target.mkdir(parents=True, exist_ok=True)
    staged = journal.start(target)
    moves: list[journal.Move] = []
    for folder in new:
        name = f"{site.EDITIONS}/{folder.name}"
        shutil.copytree(folder, staged / name)
        moves.append(journal.Move(name))
    if draft is not None:
        shutil.copytree(draft, staged / site.DRAFT)
        moves.append(journal.Move(site.DRAFT))
    tags = sorted({*site.published(target), *(f.name for f in new)}, key=git.version_key)
    infos = [site.read_info(_edition_folder(target, staged, tag)) for tag in tags]
    has_draft = draft is not None or (target / site.DRAFT).is_dir()
    (staged / site.VERSIONS).write_text(
        site.versions(infos, draft=has_draft, base_url=base_url), encoding="utf-8"
    )
    (staged / site.INDEX).write_text(
        site.front_page(tags[-1] if tags else None, title=title), encoding="utf-8"
    )
    moves += [journal.Move(site.VERSIONS), journal.Move(site.INDEX)]
    found = [
        history.Edition(info, latest.statements(folder), folder)
        for info in infos
        for folder in [_edition_folder(target, staged, info.tag)]
    ]
    moves += latest.stage(target, staged, found, title=title, added=bool(new))
    if base_url and tags:
        # The feed needs absolute addresses, so a site without base-url has none.
        entries = [_feed_entry(edition, base_url) for edition in found]
        (staged / feed.FEED_FILE).write_bytes(
            feed.render_feed(entries, site_url=base_url, title=title, author=organisation)
        )
        moves.append(journal.Move(feed.FEED_FILE))
    journal.commit(target, moves)
    result.added = [f.name for f in new]
    result.draft = draft is not None
    return result


def _feed_entry(edition: history.Edition, base_url: str) -> feed.EditionEntry:
    info = edition.info
    url = site.url(base_url, f"{site.EDITIONS}/{info.tag}")
    return feed.EditionEntry(info.tag, info.date, url, edition.statements)


def _edition_folder(target: Path, staged: Path, tag: str) -> Path:
    candidate = staged / site.EDITIONS / tag
    return candidate if candidate.exists() else target / site.EDITIONS / tag


def _same(built: Path, existing: Path) -> bool:
    """The two builds list the same files with the same digests."""
    try:
        return manifest.read(built) == manifest.read(existing)
    except manifest.ManifestError:
        return False
