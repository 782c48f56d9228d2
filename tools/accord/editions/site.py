"""The published site (tools/DESIGN.md section 5): what it holds, and the files that describe it.

site/index.html        leads to the newest official edition (or the draft if none)
site/draft/            the working draft
site/editions/<tag>/   one folder per edition, written once
site/versions.json     the editions for the version switcher, read by pages at run time
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass
from pathlib import Path

from accord.editions import git

DRAFT = "draft"
EDITIONS = "editions"
VERSIONS = "versions.json"
INDEX = "index.html"
#: Written into each edition when it is built; part of its manifest.
EDITION_INFO = "edition.json"
#: The index of the documents that every build writes (accord.sphinxext.reuse); the feed reads it.
STATEMENTS = "statements.json"


@dataclass(frozen=True)
class EditionInfo:
    tag: str
    date: str  # ISO date of the tag
    commit: str

    def to_json(self) -> str:
        return json.dumps({"tag": self.tag, "date": self.date, "commit": self.commit}, indent=2) + "\n"


def read_info(folder: Path) -> EditionInfo:
    """What an edition says of itself; the folder name stands in for a missing or broken file."""
    try:
        found = json.loads((folder / EDITION_INFO).read_text(encoding="utf-8"))
        return EditionInfo(str(found["tag"]), str(found["date"]), str(found["commit"]))
    except (OSError, ValueError, KeyError, TypeError):
        return EditionInfo(folder.name, "", "")


def published(site: Path) -> list[str]:
    """The tags of the editions in the site, oldest version first."""
    folder = site / EDITIONS
    if not folder.is_dir():
        return []
    tags = [p.name for p in folder.iterdir() if p.is_dir() and git.EDITION_TAG.match(p.name)]
    return sorted(tags, key=git.version_key)


def url(base_url: str, path: str) -> str:
    """The address of ``path`` (a folder of the site): absolute under the base URL when there is
    one, else from the root of the host."""
    base = base_url.rstrip("/") if base_url else ""
    return f"{base}/{path}/"


def versions(editions: list[EditionInfo], *, draft: bool, base_url: str) -> str:
    """versions.json for pydata-sphinx-theme's switcher: newest edition first and preferred."""
    entries: list[dict[str, object]] = []
    for number, info in enumerate(reversed(editions)):
        entry: dict[str, object] = {
            "name": f"{info.tag} (latest)" if number == 0 else info.tag,
            "version": info.tag,
            "url": url(base_url, f"{EDITIONS}/{info.tag}"),
            "date": info.date,
        }
        if number == 0:
            entry["preferred"] = True
        entries.append(entry)
    if draft:
        entries.append({"name": "working draft", "version": DRAFT, "url": url(base_url, DRAFT)})
    return json.dumps(entries, indent=2, ensure_ascii=False) + "\n"


def front_page(newest: str | None, *, title: str) -> str:
    """index.html at the site root: a redirect to the newest edition, or to the draft."""
    target = f"{EDITIONS}/{newest}/" if newest else f"{DRAFT}/"
    what = f"official edition {newest}" if newest else "working draft"
    safe_title, safe_target = html.escape(title), html.escape(target, quote=True)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{safe_title}</title>\n"
        f'<meta http-equiv="refresh" content="0; url={safe_target}">\n'
        f'<link rel="canonical" href="{safe_target}">\n'
        "</head>\n<body>\n"
        f'<p><a href="{safe_target}">{safe_title}: the {html.escape(what)}</a></p>\n'
        "</body>\n</html>\n"
    )
