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
from collections.abc import Iterator, Sequence
from urllib.parse import urlsplit

from accord import citerole, urls
from accord.bibids import is_doi, isbns, normal_doi, valid_isbn
from accord.bibtex import BibFile, Entry
from accord.checks.bibworks import duplicate_keys, same_work
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
        "encoding": "save the file as UTF-8 (Zotero and JabRef offer it when exporting)",
    }
    codes = {"duplicate-field": "BIB011", "encoding": "BIB017"}
    for problem in bib.problems:
        code = codes.get(problem.kind, "BIB001")
        yield make(code, path, problem.line, problem.column, detail=problem.message, hint=hints[problem.kind])


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
    """A crossref names another entry of the file, and following crossrefs never comes back to
    where it started (each entry of a cycle is reported at its crossref)."""
    entries = {entry.key.lower(): entry for entry in bib.entries}
    for entry in bib.entries:
        target = entry.fields.get("crossref")
        if not target:
            continue
        parent = entries.get(target.value.strip().lower())
        if parent is None:
            yield make("BIB012", path, target.line, target.column, target.value)
        elif parent is entry:
            yield make("BIB013", path, target.line, target.column, target.value, hint="remove the crossref")
        else:
            chain = [entry.key]
            while parent is not None and parent is not entry and parent.key not in chain:
                chain.append(parent.key)
                parent = entries.get((parent.get("crossref") or "").strip().lower())
            if parent is entry:
                yield make(
                    "BIB016",
                    path,
                    target.line,
                    target.column,
                    " -> ".join([*chain, entry.key]),
                    hint="a chapter names its book; the book names no chapter",
                )


def identifiers(bib: BibFile, path: str) -> Iterator[Diagnostic]:
    """DOIs, URLs, ISBNs, years and dates are well formed."""
    for entry in bib.entries:
        doi = entry.fields.get("doi")
        if doi and not is_doi(doi.value):
            bare = normal_doi(doi.value)
            hint = f"write the bare DOI: {bare}" if is_doi(bare) else "a DOI looks like 10.1000/xyz123"
            if not doi.value.strip():
                hint = "remove the empty field"
            yield make("BIB006", path, doi.line, doi.column, doi.value, hint=hint)
        for name in URL_FIELDS:
            url = entry.fields.get(name)
            if url:
                parts = urlsplit(url.value.strip())
                malformed = (
                    parts.scheme not in ("http", "https") or not parts.netloc or " " in url.value.strip()
                )
                # A scheme the allow-list refuses is SAFE012's (checks.urls): one cause, one error.
                if malformed and urls.refusal(url.value) is None:
                    yield make(
                        "BIB007", path, url.line, url.column, url.value, hint="a full http(s):// address"
                    )
        isbn = entry.fields.get("isbn")
        for number in isbns(isbn.value) if isbn else ():
            if not valid_isbn(number):
                hint = "check the digits, or remove the number; separate several with spaces or commas"
                yield make("BIB008", path, isbn.line, isbn.column, number, hint=hint)
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
                # Person's error is more than two commas outside braces (its other one, braces
                # nested beyond 100 levels, the BibTeX reader refuses first); parsing every name
                # to find it was a fifth of a cold check's processor time at 2,000 entries.
                if person.count(",") < 3:
                    continue
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
