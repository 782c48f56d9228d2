"""How to cite a document in one edition: BibTeX and CSL-JSON, from its front matter.

Pure: :func:`citation` takes the front matter and what the build knows (organisation, edition,
URL) and returns a :class:`Citation`; the Sphinx extension shows it in a "cite this statement"
box on each page (:mod:`accord.sphinxext.reuse`). Every author is a literal name (a person or a
working group, as the front matter writes it), so no citation processor reorders or abbreviates
a coalition's name.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from accord.vocabulary import STATUS_LABELS

#: What each kind of document is, in a citation's "type" or "genre".
GENRES: dict[str, str] = {"positions": "Position paper", "principles": "Statement of principles"}

_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
# LaTeX's special characters, each as text that prints it.
_LATEX = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_SPECIAL = re.compile("|".join(re.escape(c) for c in _LATEX))
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_KEY = re.compile(r"[^A-Za-z0-9_.:-]+")


def latex(text: str) -> str:
    """``text`` as the value of a BibTeX field: special characters escaped, one line."""
    text = " ".join(_CONTROL.sub("", text).split())
    return _SPECIAL.sub(lambda found: _LATEX[found[0]], text)


@dataclass(frozen=True)
class Citation:
    key: str
    title: str
    authors: tuple[str, ...]
    publisher: str
    genre: str
    status: str  # the status label: "Adopted", "Open for consultation" ...
    date: dt.date | None
    version: str | None
    edition: str  # the release tag, or "" for the working draft
    edition_date: str
    url: str | None
    language: str

    @property
    def note(self) -> str:
        if self.edition:
            where = f"Official edition {self.edition}" + (
                f" of {self.edition_date}" if self.edition_date else ""
            )
        else:
            where = "Working draft, not an official statement"
        version = f", version {self.version}" if self.version else ""
        return f"{self.status}{version}. {where}"

    def bibtex(self) -> str:
        fields: list[tuple[str, str]] = []
        if self.authors:
            fields.append(("author", " and ".join(f"{{{latex(name)}}}" for name in self.authors)))
        fields.append(("title", f"{{{latex(self.title)}}}"))
        fields.append(("institution", f"{{{latex(self.publisher)}}}"))
        fields.append(("type", latex(self.genre)))
        if self.date:
            fields += [("year", str(self.date.year)), ("month", _MONTHS[self.date.month - 1])]
            fields.append(("date", self.date.isoformat()))
        if self.version:
            fields.append(("version", latex(self.version)))
        if self.edition:
            fields.append(("edition", latex(self.edition)))
        fields.append(("note", latex(self.note)))
        if self.url:
            # BibTeX styles print a url verbatim: no escaping, but nothing that ends the field.
            fields.append(("url", quote(self.url, safe=":/?#[]@!$&'()*+,;=%-._~")))
        fields.append(("language", latex(self.language)))
        body = "".join(
            f"  {name} = {value},\n" if name == "month" else f"  {name} = {{{value}}},\n"
            for name, value in fields
        )
        return f"@techreport{{{self.key},\n{body}}}\n"

    def csl(self) -> dict[str, Any]:
        item: dict[str, Any] = {
            "id": self.key,
            "type": "report",
            "title": self.title,
            "author": [{"literal": name} for name in self.authors],
            "publisher": self.publisher,
            "genre": self.genre,
            "status": self.status,
            "note": self.note,
            "language": self.language,
        }
        if self.date:
            item["issued"] = {"date-parts": [[self.date.year, self.date.month, self.date.day]]}
        if self.version:
            item["version"] = self.version
        if self.edition:
            item["edition"] = self.edition
        if self.url:
            item["URL"] = self.url
        return item

    def csl_json(self) -> str:
        """A CSL-JSON list of one item, as citation managers import it."""
        return json.dumps([self.csl()], indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def _date(value: object) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None


def publisher(organisation: str, site_title: str) -> str:
    """The organisation as a publisher: 'the Accord coalition' -> 'Accord coalition'."""
    name = organisation.strip() or site_title.strip()
    return name[4:] if name[:4].lower() == "the " else name


def citation(
    doc_id: str,
    kind: str,
    meta: Mapping[str, Any],
    *,
    organisation: str,
    edition: str = "",
    edition_date: str = "",
    url: str | None = None,
    language: str = "en",
) -> Citation:
    """The citation of one document in one edition (``edition`` empty: the working draft)."""
    authors = meta.get("authors")
    names = tuple(
        " ".join(str(author.get("name", "")).split())
        for author in (authors if isinstance(authors, list) else [])
        if isinstance(author, dict) and str(author.get("name", "")).strip()
    )
    status = str(meta.get("status", ""))
    version = meta.get("version")
    return Citation(
        key=_KEY.sub("-", f"{doc_id}-{edition or 'draft'}"),
        title=" ".join(str(meta.get("title", doc_id)).split()),
        authors=names,
        publisher=organisation,
        genre=GENRES.get(kind, "Document"),
        status=STATUS_LABELS.get(status, status),
        date=_date(meta.get("date")),
        version=str(version) if version not in (None, "") else None,
        edition=edition,
        edition_date=edition_date,
        url=url,
        language=str(meta.get("language") or language),
    )
