"""BIB rules about identity: one work has one entry, and one entry has one key."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from urllib.parse import urlsplit

from accord.bibids import normal_doi
from accord.bibtex import BibFile, Entry
from accord.diagnostics import Diagnostic, make


def duplicate_keys(bib: BibFile, path: str) -> Iterator[Diagnostic]:
    """Keys are unique, compared without case as BibTeX does."""
    seen: dict[str, Entry] = {}
    for entry in bib.entries:
        first = seen.setdefault(entry.key.lower(), entry)
        if first is not entry:
            yield make(
                "BIB003",
                path,
                entry.line,
                entry.column,
                detail=f"{entry.key!r} (first at line {first.line})",
                hint="remove the repeated entry, or give it a key of its own",
            )


def _normal_title(title: str) -> str:
    text = unicodedata.normalize("NFKD", title.replace("{", "").replace("}", "")).casefold()
    return " ".join(re.sub(r"[^\w\s]", " ", text).split())


def _normal_url(url: str) -> str:
    parts = urlsplit(url.strip())
    return f"{parts.netloc.lower().removeprefix('www.')}{parts.path.rstrip('/')}?{parts.query}"


def _container(entry: Entry, entries: dict[str, Entry]) -> str:
    """The normalised title of the work an entry is part of (its crossref, or its booktitle)."""
    parent = entries.get((entry.get("crossref") or "").lower())
    if parent is not None and parent is not entry:
        return _normal_title(parent.get("title") or "")
    return _normal_title(entry.get("booktitle") or "")


def _parts_of_one_work(one: Entry, other: Entry, entries: dict[str, Entry]) -> bool:
    """A chapter and its book, or two chapters of one book: distinct works that often share the
    book's landing page (and sometimes its DOI)."""
    inside, outside = _container(one, entries), _container(other, entries)
    title, other_title = _normal_title(one.get("title") or ""), _normal_title(other.get("title") or "")
    return bool(
        (inside and inside == other_title)
        or (outside and outside == title)
        or (inside and inside == outside and title != other_title)
        # A chapter entered without booktitle names its book in its title ("Tips, in A guide").
        or _names_in_title(title, other_title)
        or _names_in_title(other_title, title)
    )


def _names_in_title(title: str, book: str) -> bool:
    """True when ``title`` ends with ``in <book>``: how a chapter is often entered as @misc."""
    return bool(book) and title != book and title.endswith(f"in {book}")


def same_work(bib: BibFile, path: str) -> Iterator[Diagnostic]:
    """One work has one key: no two entries share a DOI, a URL, or a title and year; a chapter
    may share its book's DOI or URL (it names the book by crossref, booktitle, or 'in BOOK' at
    the end of its title)."""
    entries = {entry.key.lower(): entry for entry in bib.entries}
    seen: dict[tuple[str, str], list[Entry]] = {}
    for entry in bib.entries:
        signs = []
        if entry.get("doi"):
            signs.append(("DOI", normal_doi(entry.get("doi") or "")))
        if entry.get("url"):
            signs.append(("URL", _normal_url(entry.get("url") or "")))
        if entry.get("title") and entry.get("year"):
            signs.append(("title and year", f"{_normal_title(entry.get('title') or '')}|{entry.get('year')}"))
        for sign in signs:
            earlier = seen.setdefault(sign, [])
            first = next(
                (
                    other
                    for other in earlier
                    if other.key.lower() != entry.key.lower()
                    and (sign[0] == "title and year" or not _parts_of_one_work(entry, other, entries))
                ),
                None,
            )
            earlier.append(entry)
            if first is not None:
                yield make(
                    "BIB004",
                    path,
                    entry.line,
                    entry.column,
                    detail=f"{entry.key!r} and {first.key!r} (line {first.line}) share the {sign[0]}",
                    hint=f"keep one entry and cite {first.key!r} everywhere",
                )
                break
