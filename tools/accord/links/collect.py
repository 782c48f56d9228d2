"""What the online check visits: every URL and DOI of the bibliography, every external link of a
document, each with the places that name it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from accord.bibids import is_doi

if TYPE_CHECKING:
    from accord.corpus import Corpus


@dataclass(frozen=True, order=True)
class Place:
    path: str
    line: int
    column: int


@dataclass
class Target:
    url: str
    kind: str  # "url" (bibliography), "archived", "doi" or "link" (a document's link)
    places: list[Place] = field(default_factory=list)
    archived: str | None = None  # the entry's own archived copy, if it has one


def is_web(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def collect(corpus: Corpus) -> dict[str, Target]:
    """Targets keyed by the URL to request, in a stable order."""
    found: dict[str, Target] = {}

    def add(url: str, kind: str, place: Place, archived: str | None = None) -> None:
        target = found.setdefault(url, Target(url, kind, archived=archived))
        target.places.append(place)
        target.archived = target.archived or archived

    bib = corpus.bibliography
    for entry in bib.file.entries:
        archived = entry.get("archived")
        for name, kind in (("url", "url"), ("archived", "archived")):
            value = entry.fields.get(name)
            if value and is_web(value.value.strip()):
                add(
                    value.value.strip(),
                    kind,
                    Place(bib.path, value.line, value.column),
                    archived if kind == "url" else None,
                )
        doi = entry.fields.get("doi")
        if doi and is_doi(doi.value):  # short DOIs (10/abc) resolve through doi.org too
            add(
                corpus.settings.doi_resolver + doi.value.strip(), "doi", Place(bib.path, doi.line, doi.column)
            )
    for doc in [*corpus.documents, *corpus.pages]:
        for item in doc.items:
            if item.kind == "link" and is_web(item.value):
                add(item.value, "link", Place(doc.path, item.line, item.column))
    return found
