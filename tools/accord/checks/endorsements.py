"""META060-066, META080-082: the endorsements files (endorsements/<id>.yaml)."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Collection, Iterator
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

from accord import datafile, endorsements
from accord.checks.datanames import document_of, slug_renames
from accord.checks.meta import closest, impossible_date, unknown_fields
from accord.corpus import Corpus, document_paths, read_document
from accord.datafile import DataFile
from accord.diagnostics import Diagnostic, make
from accord.vocabulary import (
    COUNTRY_CODES,
    ENDORSABLE_STATUSES,
    ENDORSEMENT_FIELDS,
    ENDORSEMENT_REQUIRED,
    ISO_DATE,
    ORGANISATION_KINDS,
    STATUS_LABELS,
    STATUSES,
    VERSION,
)

_EXAMPLE = "- name: Example Network\n  country: KE\n  date: 2026-11-20\n  url: https://example.org/"


def shown(value: object) -> object:
    """A value as the message shows it: scalars as written (cut short), others by their kind,
    so that a nested or aliased structure never becomes a huge message."""
    if isinstance(value, str):
        return value if len(value) <= 80 else value[:77] + "..."
    if value is None or isinstance(value, (bool, int, float)):
        return value
    return f"a {type(value).__name__}"


def _items(file: DataFile) -> Iterator[tuple[int, dict]]:
    if isinstance(file.data, list):
        for index, item in enumerate(file.data):
            if isinstance(item, dict):
                yield index, item


def shape(file: DataFile) -> Iterator[Diagnostic]:
    """The file is a YAML list of {name, country, date, url?, kind?, version?}, each field once,
    names one line."""
    if (problem := file.problem("META060", hint="quote names that hold ': '")) is not None:
        yield problem
        return
    if file.data is None:
        return  # an empty file: no endorsements yet
    if not isinstance(file.data, list):
        yield make("META060", file.path, *file.where(), detail="not a list", hint=_EXAMPLE)
        return
    for at, where in file.duplicates:
        yield make("META060", file.path, *where, detail=f"{at[-1]!r} is given twice in one entry")
    for index, item in enumerate(file.data):
        if not isinstance(item, dict):
            yield make("META060", file.path, *file.where(index), shown(item), hint=_EXAMPLE)
            continue
        for name in ENDORSEMENT_REQUIRED:
            if item.get(name) in (None, ""):
                yield make(
                    "META060",
                    file.path,
                    *file.where(index),
                    detail=f"entry {index + 1} has no {name!r}",
                    hint=_EXAMPLE,
                )
        name = item.get("name")
        if name not in (None, "") and not (isinstance(name, str) and "\n" not in name.strip()):
            yield make(
                "META060", file.path, *file.where(index, "name"), detail="the name must be one line of text"
            )
        yield from unknown_fields("META060", file.path, item, ENDORSEMENT_FIELDS, file.key_at, index)


def dates(file: DataFile, *, today: dt.date) -> Iterator[Diagnostic]:
    """Each date is an ISO date, and not later than today."""
    for index, item in _items(file):
        value = item.get("date")
        if value in (None, ""):
            continue
        parsed = None
        if isinstance(value, str) and ISO_DATE.match(value.strip()):
            with contextlib.suppress(ValueError):
                parsed = dt.date.fromisoformat(value.strip())
        why = impossible_date(value.strip()) if isinstance(value, str) else None
        if why is not None:
            yield make(
                "META061", file.path, *file.where(index, "date"), detail=why, hint="check the day and month"
            )
        elif parsed is None:
            yield make(
                "META061", file.path, *file.where(index, "date"), shown(value), hint="for example 2026-11-20"
            )
        elif parsed > today:
            yield make(
                "META061",
                file.path,
                *file.where(index, "date"),
                detail=f"{parsed.isoformat()} is in the future",
                hint=f"today is {today.isoformat()}",
            )


def countries(file: DataFile) -> Iterator[Diagnostic]:
    """The country is an ISO 3166-1 alpha-2 code such as KE, BR or FR."""
    for index, item in _items(file):
        value = item.get("country")
        if value in (None, "") or (isinstance(value, str) and value in COUNTRY_CODES):
            continue
        written = str(value).strip() if isinstance(value, (str, int, float)) else ""
        code = written.upper() if written.upper() in COUNTRY_CODES else endorsements.country_code(written)
        hint = f"write {code!r}" if code else "the two-letter code of the organisation's seat, for example KE"
        yield make("META065", file.path, *file.where(index, "country"), shown(value), hint=hint)


def urls(file: DataFile) -> Iterator[Diagnostic]:
    """A url, when given, is a full http(s) address."""
    for index, item in _items(file):
        value = item.get("url")
        if value is None:
            continue
        parts = None
        if isinstance(value, str) and not any(c.isspace() for c in value):
            with contextlib.suppress(ValueError):
                parts = urlsplit(value)
        if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
            yield make(
                "META066",
                file.path,
                *file.where(index, "url"),
                shown(value),
                hint="for example https://example.org/our-statement",
            )


def kinds(file: DataFile) -> Iterator[Diagnostic]:
    """A kind, when given, is one of the kinds of organisation the sign-on form offers."""
    for index, item in _items(file):
        value = item.get("kind")
        if value is None or (isinstance(value, str) and value in ORGANISATION_KINDS):
            continue
        written = str(value).strip().lower() if isinstance(value, str) else ""
        match = next((slug for slug, words in ORGANISATION_KINDS.items() if words.lower() == written), None)
        match = match or closest(written, ORGANISATION_KINDS)
        yield make(
            "META081",
            file.path,
            *file.where(index, "kind"),
            shown(value),
            hint=f"write {match!r}" if match else "leave it out when none fits, or write 'other'",
        )


def _version_key(value: str) -> tuple[int, int]:
    major, minor = value.split(".")
    return int(major), int(minor)


def versions(file: DataFile, *, current: object = None) -> Iterator[Diagnostic]:
    """A version, when given, is MAJOR.MINOR (written as text), and not above the document's."""
    if isinstance(current, (int, float)) and not isinstance(current, bool):
        current = str(current)  # front matter's `version: 1.1`, unquoted
    for index, item in _items(file):
        value = item.get("version")
        if value is None:
            continue
        raw = file.raw.get((index, "version"), "")
        text = value if isinstance(value, str) else raw
        if not isinstance(text, str) or not VERSION.match(text.strip()):
            yield make(
                "META080",
                file.path,
                *file.where(index, "version"),
                shown(value),
                hint="the version on the document's page, for example '1.0' (quoted)",
            )
            continue
        if isinstance(current, str) and VERSION.match(current) and _version_key(text) > _version_key(current):
            yield make(
                "META082",
                file.path,
                *file.where(index, "version"),
                detail=f"{text} is above {current}",
                hint=f"the document's version is {current}",
            )


def duplicates(file: DataFile) -> Iterator[Diagnostic]:
    """An organisation (its name, ignoring case, accents and punctuation, and its country) is listed once."""
    first: dict[tuple[str, str], int] = {}
    for index, item in _items(file):
        name, country = item.get("name"), item.get("country")
        if not isinstance(name, str) or not isinstance(country, str) or not name.strip():
            continue
        key = (endorsements.normalised(name), country.strip().upper())
        if key in first:
            yield make(
                "META062",
                file.path,
                *file.where(index, "name"),
                detail=f"{name.strip()} ({country.strip()}) is also entry {first[key] + 1}",
                hint="remove one of the two entries",
            )
        else:
            first[key] = index


def endorsable(file: DataFile, *, status: object) -> Iterator[Diagnostic]:
    """Only a document in consultation or adopted collects endorsements.

    A status that is missing, unknown or unreadable is reported in the document (META002,
    META004...); judged here it would tell the editor to act on the wrong file."""
    if status not in STATUSES or status in ENDORSABLE_STATUSES or not endorsements.entries(file):
        return
    label = STATUS_LABELS.get(str(status), str(status)).lower()
    yield make(
        "META063",
        file.path,
        *file.where(),
        detail=f"{PurePosixPath(file.path).stem} is {label}",
        hint="endorsements wait until the document is open for consultation"
        if status == "draft"
        else "remove the file: the editions that published the document keep its endorsements",
    )


def check_file(
    file: DataFile, *, status: object, today: dt.date, version: object = None
) -> Iterator[Diagnostic]:
    """Every rule on the endorsements file of one document, whose status is ``status`` and
    version ``version``."""
    yield from shape(file)
    if file.error is not None:
        return
    yield from dates(file, today=today)
    yield from countries(file)
    yield from urls(file)
    yield from kinds(file)
    yield from versions(file, current=version)
    yield from duplicates(file)
    yield from endorsable(file, status=status)


def statuses(corpus: Corpus, name: str = "status") -> Callable[[str], object]:
    """A front matter field (the status) of a document by id: from the documents the corpus has
    read, else from the front matter of its file (a check of a few files reads only those)."""
    known = {doc.id: doc.meta.get(name) for doc in corpus.documents}

    def status(doc_id: str) -> object:
        if doc_id not in known:
            path = next((p for p in document_paths(corpus.root) if p.stem == doc_id), None)
            document = read_document(corpus.root, path)[0] if path is not None else None
            known[doc_id] = document.meta.get(name) if document is not None else None
        return known[doc_id]

    return status


def check(
    root: Path,
    ids: Collection[str],
    status_of: Callable[[str], object],
    *,
    today: dt.date,
    only: Collection[str] | None = None,
    version_of: Callable[[str], object] | None = None,
) -> Iterator[Diagnostic]:
    """Every endorsements file of the repository at ``root`` (or those in ``only``); ``ids`` are
    the document ids, ``status_of`` gives a document's status and ``version_of`` its version."""
    wanted = [relative for relative in endorsements.files(root) if only is None or relative in only]
    renamed = slug_renames(ids) if wanted else {}  # every id's slug: not for no file
    for relative in wanted:
        doc_id = document_of(
            relative,
            ids,
            renamed,
            suffix=endorsements.SUFFIX,
            path_of=endorsements.relative_path,
            code="META064",
        )
        if isinstance(doc_id, Diagnostic):
            yield doc_id
            continue
        file = datafile.load(root, relative)
        if file is not None:
            version = version_of(doc_id) if version_of is not None else None
            yield from check_file(file, status=status_of(doc_id), today=today, version=version)
