"""What other sites and programs read from a build: ``statements.json`` (an index of every
document) and ``sitemap.xml``; and where a build is published.

Pure functions with deterministic output (sorted keys, no timestamps): building the same tag twice
gives the same bytes. :mod:`accord.sphinxext.reuse` writes the files at the end of an HTML build;
the Atom feed (:mod:`accord.feed`) reads the ``statements.json`` of each edition.

``statements.json``::

    {"schema": 1,
     "title": "...", "organisation": "...",
     "url": "https://example.org/editions/v2026.1/",      # this build's address, or null
     "edition": {"tag": "v2026.1", "date": "2026-06-30"},  # null for the working draft
     "documents": [
       {"id": "igf-policy-options", "kind": "positions", "title": "...", "status": "consultation",
        "version": null, "date": "2026-11-02", "language": "en", "summary": "...", "topics": [...],
        "consultation": {"opens": "...", "closes": "..."}, "adopted": null,
        "supersedes": [], "superseded_by": null, "endorsements": 3,
        "comments": {"total": 5, "pending": 1, "accepted": 1, "partly-accepted": 1,
                     "not-accepted": 1, "noted": 1},   # null without a consultation record
        "html": "https://example.org/editions/v2026.1/positions/igf-policy-options.html",
        "pdf": "https://example.org/editions/v2026.1/positions/igf-policy-options.pdf",
        "edition": "v2026.1"}]}

URLs are absolute when ``[tool.accord] base-url`` is set, else relative to the build's root;
``pdf`` is null when the build has no PDFs.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any
from xml.etree import ElementTree

from accord.editions import site

SCHEMA = 1
SITEMAP_NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"


def site_url(base_url: str, edition: str) -> str:
    """The address of a build (tools/DESIGN.md section 5): ``<base>/draft/`` for the working draft,
    ``<base>/editions/<tag>/`` for an edition; empty without a base URL."""
    if not base_url.strip():
        return ""
    return site.url(base_url.strip(), f"{site.EDITIONS}/{edition}" if edition else site.DRAFT)


def _mapping(value: object, fields: Sequence[str]) -> dict[str, Any] | None:
    if not isinstance(value, Mapping):
        return None
    return {name: value.get(name) for name in fields}


def _list(value: object) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def statement(
    doc_id: str,
    kind: str,
    meta: Mapping[str, Any],
    *,
    html: str,
    pdf: str | None,
    edition: str,
    endorsements: int,
    language: str = "en",
    comments: Mapping[str, int] | None = None,
) -> dict[str, Any]:
    """One document's entry: its front matter (dates as ISO strings) and its addresses."""
    version = meta.get("version")
    return {
        "id": doc_id,
        "kind": kind,
        "title": meta.get("title"),
        "status": meta.get("status"),
        "version": str(version) if version not in (None, "") else None,
        "date": meta.get("date"),
        "language": meta.get("language") or language,
        "summary": meta.get("summary"),
        "topics": _list(meta.get("topics")),
        "consultation": _mapping(meta.get("consultation"), ("opens", "closes")),
        "adopted": _mapping(meta.get("adopted"), ("date", "by", "record")),
        "supersedes": _list(meta.get("supersedes")),
        "superseded_by": meta.get("superseded_by"),
        "endorsements": endorsements,
        "comments": {"total": sum(comments.values()), **comments} if comments is not None else None,
        "html": html,
        "pdf": pdf,
        "edition": edition or None,
    }


def index(
    documents: Sequence[Mapping[str, Any]],
    *,
    title: str,
    organisation: str,
    url: str,
    edition: str,
    edition_date: str,
) -> dict[str, Any]:
    """The whole ``statements.json``; documents sorted by kind, then id."""
    return {
        "schema": SCHEMA,
        "title": title,
        "organisation": organisation,
        "url": url or None,
        "edition": {"tag": edition, "date": edition_date or None} if edition else None,
        "documents": sorted(documents, key=lambda doc: (str(doc["kind"]), str(doc["id"]))),
    }


def dumps(data: Mapping[str, Any]) -> bytes:
    """JSON with sorted keys and a final newline: the same data always gives the same bytes."""
    return (json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False, default=str) + "\n").encode(
        "utf-8"
    )


def sitemap(pages: Sequence[tuple[str, str | None]]) -> bytes:
    """A sitemap of ``(absolute URL, last modification date or None)``, in URL order."""
    root = ElementTree.Element("urlset", xmlns=SITEMAP_NAMESPACE)
    for location, modified in sorted(set(pages)):
        entry = ElementTree.SubElement(root, "url")
        ElementTree.SubElement(entry, "loc").text = location
        if modified:
            ElementTree.SubElement(entry, "lastmod").text = modified
    ElementTree.indent(root)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ElementTree.tostring(root, encoding="utf-8") + b"\n"
