"""BIB rules over the bibliography: syntax, duplicates, required fields, identifiers, use.

Required fields per entry type are those the bibliography style (pybtex's ``unsrt``, which the
site uses) needs to format an entry, plus a title for every entry:

| type | required |
|---|---|
| article | author, title, journal, year |
| book, inbook | author or editor, title, publisher, year |
| booklet | author, title, year |
| incollection, inproceedings | author, title, booktitle, year |
| manual | title |
| mastersthesis, phdthesis | author, title, school, year |
| proceedings | title, year |
| techreport | author, title, institution, year |
| unpublished | author, title, note |
| misc, online, dataset, software, patent | title |

A field inherited through ``crossref`` counts, and so does a value built from ``@string`` macros.
``tests/test_bib_rules.py`` checks this table against pybtex itself.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterator, Sequence
from urllib.parse import urlsplit

from accord import citerole
from accord.bibtex import BibFile, Entry
from accord.diagnostics import Diagnostic, make

REQUIRED: dict[str, tuple[str, ...]] = {
    "article": ("author", "title", "journal", "year"),
    "book": ("author|editor", "title", "publisher", "year"),
    "inbook": ("author|editor", "title", "publisher", "year"),
    "booklet": ("author", "title", "year"),
    "incollection": ("author", "title", "booktitle", "year"),
    "inproceedings": ("author", "title", "booktitle", "year"),
    "manual": ("title",),
    "mastersthesis": ("author", "title", "school", "year"),
    "phdthesis": ("author", "title", "school", "year"),
    "proceedings": ("title", "year"),
    "techreport": ("author", "title", "institution", "year"),
    "unpublished": ("author", "title", "note"),
    "misc": ("title",),
    "online": ("title",),
    "dataset": ("title",),
    "software": ("title",),
    "patent": ("title",),
}

#: What to write instead of a type the style cannot format (biblatex names, mostly).
TYPE_HINTS = {
    "report": "techreport",
    "thesis": "phdthesis",
    "conference": "inproceedings",
    "collection": "book",
    "webpage": "online",
    "electronic": "online",
}

PERSON_FIELDS = ("author", "editor")
DOI = re.compile(r"^10\.\d{4,9}/\S+$")
YEAR = re.compile(r"^\d{4}$")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
URL_FIELDS = ("url", "archived")


def _has(entry: Entry, name: str, entries: dict[str, Entry]) -> bool:
    """A non-empty field, on the entry or inherited through crossref."""
    if (entry.get(name) or "").strip():
        return True
    parent = entries.get((entry.get("crossref") or "").lower())
    return parent is not None and parent is not entry and bool((parent.get(name) or "").strip())


def syntax(bib: BibFile, path: str) -> Iterator[Diagnostic]:
    """The file reads as BibTeX; each problem is reported where it is, and reading goes on."""
    hints = {
        "syntax": "check the braces and commas of this entry",
        "duplicate-field": "keep one of the two",
        "macro": "define it with @string{name = {...}} before its first use, or put the value in braces",
    }
    for problem in bib.problems:
        code = "BIB011" if problem.kind == "duplicate-field" else "BIB001"
        yield make(code, path, problem.line, problem.column, detail=problem.message, hint=hints[problem.kind])


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


def _normal_doi(doi: str) -> str:
    return re.sub(r"^(https?://(dx\.)?doi\.org/|doi:)", "", doi.strip(), flags=re.IGNORECASE).lower()


def _normal_url(url: str) -> str:
    parts = urlsplit(url.strip())
    return f"{parts.netloc.lower().removeprefix('www.')}{parts.path.rstrip('/')}?{parts.query}"


def same_work(bib: BibFile, path: str) -> Iterator[Diagnostic]:
    """One work has one key: no two entries share a DOI, a URL, or a title and year."""
    seen: dict[tuple[str, str], Entry] = {}
    for entry in bib.entries:
        signs = []
        if entry.get("doi"):
            signs.append(("DOI", _normal_doi(entry.get("doi") or "")))
        if entry.get("url"):
            signs.append(("URL", _normal_url(entry.get("url") or "")))
        if entry.get("title") and entry.get("year"):
            signs.append(("title and year", f"{_normal_title(entry.get('title') or '')}|{entry.get('year')}"))
        for sign in signs:
            first = seen.setdefault(sign, entry)
            if first is not entry and first.key.lower() != entry.key.lower():
                yield make(
                    "BIB004",
                    path,
                    entry.line,
                    entry.column,
                    detail=f"{entry.key!r} and {first.key!r} (line {first.line}) share the {sign[0]}",
                    hint=f"keep one entry and cite {first.key!r} everywhere",
                )
                break


def required_fields(bib: BibFile, path: str) -> Iterator[Diagnostic]:
    """Each entry has the fields its type needs (table in this module's docstring)."""
    entries = {entry.key.lower(): entry for entry in bib.entries}
    for entry in bib.entries:
        needed = REQUIRED.get(entry.type)
        if needed is None:
            suggestion = TYPE_HINTS.get(entry.type, "misc")
            yield make(
                "BIB014",
                path,
                entry.line,
                entry.column,
                detail=f"@{entry.type} in {entry.key!r}",
                hint=f"use @{suggestion}; the types are {', '.join(sorted(REQUIRED))}",
            )
            continue
        for name in needed:
            choices = name.split("|")
            if not any(_has(entry, choice, entries) for choice in choices):
                yield make(
                    "BIB005",
                    path,
                    entry.line,
                    entry.column,
                    detail=f"@{entry.type} {entry.key!r} needs {' or '.join(choices)}",
                    hint=f"add {choices[0]} = {{...}}",
                )


def crossrefs(bib: BibFile, path: str) -> Iterator[Diagnostic]:
    """A crossref names another entry of the file."""
    keys = {entry.key.lower() for entry in bib.entries}
    for entry in bib.entries:
        target = entry.fields.get("crossref")
        if target and target.value.lower() not in keys:
            yield make("BIB012", path, target.line, target.column, target.value)


def identifiers(bib: BibFile, path: str) -> Iterator[Diagnostic]:
    """DOIs, URLs, ISBNs, years and dates are well formed."""
    for entry in bib.entries:
        doi = entry.fields.get("doi")
        if doi and not DOI.match(doi.value.strip()):
            bare = _normal_doi(doi.value)
            hint = f"write the bare DOI: {bare}" if DOI.match(bare) else "a DOI looks like 10.1000/xyz123"
            yield make("BIB006", path, doi.line, doi.column, doi.value, hint=hint)
        for name in URL_FIELDS:
            url = entry.fields.get(name)
            if url:
                parts = urlsplit(url.value.strip())
                if parts.scheme not in ("http", "https") or not parts.netloc or " " in url.value.strip():
                    yield make(
                        "BIB007", path, url.line, url.column, url.value, hint="a full http(s):// address"
                    )
        isbn = entry.fields.get("isbn")
        if isbn and not valid_isbn(isbn.value):
            yield make(
                "BIB008",
                path,
                isbn.line,
                isbn.column,
                isbn.value,
                hint="check the digits, or remove the field",
            )
        year = entry.fields.get("year")
        if year and not YEAR.match(year.value.strip()):
            yield make(
                "BIB009", path, year.line, year.column, year.value, hint="four digits, for example 2011"
            )
        urldate = entry.fields.get("urldate")
        if urldate and not _iso_date(urldate.value.strip()):
            yield make(
                "BIB009", path, urldate.line, urldate.column, urldate.value, hint="an ISO date: 2026-03-01"
            )


def _iso_date(value: str) -> bool:
    if not ISO_DATE.match(value):
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def valid_isbn(value: str) -> bool:
    digits = re.sub(r"[\s-]", "", value).upper()
    if re.fullmatch(r"\d{9}[\dX]", digits):
        total = sum((10 - i) * (10 if c == "X" else int(c)) for i, c in enumerate(digits))
        return total % 11 == 0
    if re.fullmatch(r"\d{13}", digits):
        total = sum(int(c) * (1 if i % 2 == 0 else 3) for i, c in enumerate(digits))
        return total % 10 == 0
    return False


def names(bib: BibFile, path: str) -> Iterator[Diagnostic]:
    """Author and editor names are names pybtex can read ('Last, First' has at most two commas)."""
    # Imported here: the pre-commit path checks documents only and should not pay for pybtex.
    from pybtex.bibtex.utils import split_name_list
    from pybtex.database import Person
    from pybtex.exceptions import PybtexError

    for entry in bib.entries:
        for name in PERSON_FIELDS:
            found = entry.fields.get(name)
            if not found:
                continue
            for person in split_name_list(" ".join(found.value.split())):
                try:
                    Person(person)
                except PybtexError as error:
                    yield make(
                        "BIB015",
                        path,
                        found.line,
                        found.column,
                        detail=str(error),
                        hint="separate people with 'and'; write each as 'Last, First'",
                    )


def uncited(bib: BibFile, path: str, cited: set[str]) -> Iterator[Diagnostic]:
    """Every entry is cited by some document (a warning: it may be cited soon)."""
    for entry in bib.entries:
        if entry.key.lower() not in cited:
            yield make(
                "BIB010",
                path,
                entry.line,
                entry.column,
                entry.key,
                hint="cite it, or remove it from the bibliography",
            )


FILE_RULES = (syntax, duplicate_keys, same_work, required_fields, crossrefs, identifiers, names)


def check(bib: BibFile, path: str, *, cited: set[str] | None = None) -> Iterator[Diagnostic]:
    """Every rule; ``cited`` (lowercase keys) enables the never-cited warning."""
    for rule in FILE_RULES:
        yield from rule(bib, path)
    if cited is not None:
        yield from uncited(bib, path, cited)


def cited_keys(items: Sequence[tuple[str, str]]) -> set[str]:
    """Lowercase keys from (role name, role content) pairs."""
    return {key.lower() for _, content in items for key in citerole.parse(content).keys}
