"""CONS010-020: the record of a consultation (consultations/<id>.yaml), and adoption."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from accord import datafile, numbering
from accord.checks.datanames import document_of, slug_renames
from accord.checks.endorsements import shown
from accord.checks.meta import closest, impossible_date, unknown_fields
from accord.consultation import model
from accord.corpus import Corpus, Document, document_paths, read_document
from accord.datafile import DataFile
from accord.diagnostics import Diagnostic, make
from accord.vocabulary import COMMENT_FIELDS, COMMENT_REQUIRED, DISPOSITIONS, ISO_DATE

_EXAMPLE = (
    "document: my-paper\ncomments:\n  - id: gh-12\n    received: 2026-11-20\n    version: '1.0'\n"
    "    paragraph: 4\n    text: ...\n    disposition: pending"
)

#: The fields that hold text; paragraph (a number) and version (text or a number) have rules of
#: their own.
_TEXT_FIELDS = tuple(field for field in COMMENT_FIELDS if field not in ("paragraph", "version"))


@dataclass(frozen=True)
class Facts:
    """What the rules need to know about the commented document."""

    status: object = None
    version: str = ""  # model.version_of: what a comment on the current text names
    paragraphs: int | None = None  # paragraphs of text in the current text; None: unknown
    opens: dt.date | None = None
    closes: dt.date | None = None


def _date(value: object) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and ISO_DATE.match(value.strip()):
        with contextlib.suppress(ValueError):
            return dt.date.fromisoformat(value.strip())
    return None


def facts(meta: Mapping[str, object], paragraphs: int | None) -> Facts:
    window = meta.get("consultation")
    window = window if isinstance(window, Mapping) else {}
    return Facts(
        status=meta.get("status"),
        version=model.version_of(meta),
        paragraphs=paragraphs,
        opens=_date(window.get("opens")),
        closes=_date(window.get("closes")),
    )


def facts_of(doc: Document) -> Facts:
    return facts(doc.meta, numbering.of_document(doc).texts if doc.readable else None)


def shape(file: DataFile) -> Iterator[Diagnostic]:
    """The file is a mapping {document, comments}; each comment a mapping with the record's fields."""
    if (problem := file.problem("CONS010", hint="quote texts that hold ': '")) is not None:
        yield problem
        return
    data = file.data
    if not isinstance(data, dict) or not isinstance(data.get("comments", []), list):
        detail = "'comments' is not a list" if isinstance(data, dict) else f"not a mapping: {shown(data)!r}"
        yield make("CONS010", file.path, *file.where("comments"), detail=detail, hint=_EXAMPLE)
        return
    for key in data:
        if key not in ("document", "comments"):
            yield make(
                "CONS010", file.path, *file.key_at(key), detail=f"unknown field {key!r}", hint=_EXAMPLE
            )
    if "document" not in data:
        yield make("CONS010", file.path, 1, 1, detail="no 'document'", hint="document: <the document id>")
    for at, where in file.duplicates:
        yield make("CONS011", file.path, *where, detail=f"{at[-1]!r} is given twice")
    for index, item in enumerate(data.get("comments") or []):
        at = ("comments", index)
        if not isinstance(item, dict):
            yield make("CONS011", file.path, *file.where(*at), detail=f"not a mapping: {shown(item)!r}")
            continue
        for name in COMMENT_REQUIRED:
            if item.get(name) in (None, ""):
                yield make(
                    "CONS011", file.path, *file.where(*at), detail=f"comment {index + 1} has no {name!r}"
                )
        yield from unknown_fields("CONS011", file.path, item, COMMENT_FIELDS, file.key_at, *at)
        yield from _types(file, at, item)


def _types(file: DataFile, at: tuple[object, ...], item: dict) -> Iterator[Diagnostic]:
    value = item.get("paragraph")
    if value not in (None, "") and model.paragraph_number(value) is None:
        yield make(
            "CONS012",
            file.path,
            *file.where(*at, "paragraph"),
            detail=f"paragraph: {shown(value)!r}",
            hint="the number shown beside the paragraph, for example 4",
        )
    value = item.get("version")
    if value not in (None, "") and model.version_text(value) is None:
        yield make("CONS012", file.path, *file.where(*at, "version"), detail=f"version: {shown(value)!r}")
    for key in _TEXT_FIELDS:
        value = item.get(key)
        if value is not None and not isinstance(value, str):
            yield make(
                "CONS012",
                file.path,
                *file.where(*at, key),
                detail=f"{key}: {shown(value)!r} is not text",
                hint="quote it",
            )


def named(file: DataFile, doc_id: str) -> Iterator[Diagnostic]:
    """The record's 'document' is the document its file is named after."""
    data = file.data
    written = data.get("document") if isinstance(data, dict) else None
    if written is not None and written != doc_id:
        yield make(
            "CONS013",
            file.path,
            *file.where("document"),
            detail=f"document: {shown(written)!r} in {file.path}",
            hint=f"write document: {doc_id}",
        )


def ids(file: DataFile, record: model.Record) -> Iterator[Diagnostic]:
    """Each comment id is used once."""
    first: dict[str, int] = {}
    for comment in record.comments:
        if comment.id in first:
            yield make(
                "CONS014",
                file.path,
                *file.where("comments", comment.index, "id"),
                detail=f"{comment.id!r} is also comment {first[comment.id] + 1}",
                hint="collecting again never duplicates a comment: remove the copy",
            )
        else:
            first[comment.id] = comment.index


def dispositions(file: DataFile, record: model.Record) -> Iterator[Diagnostic]:
    """The disposition is one of the known ones."""
    for comment in record.comments:
        if comment.disposition not in DISPOSITIONS:
            match = closest(comment.disposition, DISPOSITIONS)
            yield make(
                "CONS015",
                file.path,
                *file.where("comments", comment.index, "disposition"),
                shown(comment.disposition),
                hint=f"did you mean {match!r}?" if match else None,
            )


def received(file: DataFile, record: model.Record, subject: Facts, *, today: dt.date) -> Iterator[Diagnostic]:
    """The date is an ISO date, not in the future, and (a warning) inside the consultation window."""
    for comment in record.comments:
        where = file.where("comments", comment.index, "received")
        parsed = _date(comment.received)
        if parsed is None:
            why = impossible_date(comment.received)
            yield (
                make("CONS018", file.path, *where, detail=why, hint="for example 2026-11-20")
                if why
                else make(
                    "CONS018", file.path, *where, shown(comment.received), hint="for example 2026-11-20"
                )
            )
        elif parsed > today:
            yield make(
                "CONS018", file.path, *where, detail=f"{parsed} is in the future", hint=f"today is {today}"
            )
        elif (subject.opens and parsed < subject.opens) or (subject.closes and parsed > subject.closes):
            yield make(
                "CONS017",
                file.path,
                *where,
                detail=f"{parsed} is outside {subject.opens or '?'} to {subject.closes or '?'}",
                hint="record it with the disposition 'noted', or correct the date",
            )


def paragraphs(file: DataFile, record: model.Record, subject: Facts) -> Iterator[Diagnostic]:
    """A comment on the current version names a paragraph the text has. (Comments on earlier
    versions are judged by their quote, which finds the paragraph in the current text.)"""
    if subject.paragraphs is None:
        return
    for comment in record.comments:
        if comment.version == subject.version and comment.paragraph > subject.paragraphs:
            yield make(
                "CONS016",
                file.path,
                *file.where("comments", comment.index, "paragraph"),
                detail=f"paragraph {comment.paragraph} of version {comment.version}, which has {subject.paragraphs}",
                hint="the number shown beside the paragraph on the page",
            )


def adoption(file: DataFile, record: model.Record, subject: Facts) -> Iterator[Diagnostic]:
    """An adopted document has no pending comment (the W3C's disposition of comments)."""
    if subject.status != "adopted":
        return
    for comment in record.pending:
        yield make(
            "CONS019",
            file.path,
            *file.where("comments", comment.index, "disposition"),
            detail=f"{comment.id} on paragraph {comment.paragraph} of {record.document}",
            hint="decide it (accepted, partly-accepted, not-accepted or noted) and write a response",
        )


def responses(file: DataFile, record: model.Record) -> Iterator[Diagnostic]:
    """A decided comment has a response."""
    for comment in record.comments:
        if (
            comment.disposition in DISPOSITIONS
            and comment.disposition != "pending"
            and not comment.response.strip()
        ):
            yield make(
                "CONS020",
                file.path,
                *file.where("comments", comment.index, "disposition"),
                detail=f"{comment.id} is {comment.disposition} without a response",
                hint="say in 'response:' what the drafters did and why",
            )


def check_file(file: DataFile, doc_id: str, subject: Facts, *, today: dt.date) -> Iterator[Diagnostic]:
    """Every rule on the record of one document."""
    yield from shape(file)
    if file.error is not None or not isinstance(file.data, dict):
        return
    yield from named(file, doc_id)
    record = model.record(file, doc_id)
    yield from ids(file, record)
    yield from dispositions(file, record)
    yield from received(file, record, subject, today=today)
    yield from paragraphs(file, record, subject)
    yield from adoption(file, record, subject)
    yield from responses(file, record)


def documents_of(corpus: Corpus) -> dict[str, Document]:
    """The documents by id, read from disk for those a partial check did not load."""
    return {doc.id: doc for doc in corpus.documents}


def check(
    corpus: Corpus, ids_: Collection[str], *, today: dt.date, only: Collection[str] | None = None
) -> Iterator[Diagnostic]:
    """Every record of the repository (or those in ``only``)."""
    root: Path = corpus.root
    known = documents_of(corpus)
    wanted = [relative for relative in model.files(root) if only is None or relative in only]
    renamed = slug_renames(ids_) if wanted else {}  # every id's slug: not for no file
    for relative in wanted:
        doc_id = document_of(
            relative, ids_, renamed, suffix=model.SUFFIX, path_of=model.relative_path, code="CONS013"
        )
        if isinstance(doc_id, Diagnostic):
            yield doc_id
            continue
        file = datafile.load(root, relative)
        if file is None:
            continue
        doc = known.get(doc_id)
        if doc is None:
            path = next((p for p in document_paths(root) if p.stem == doc_id), None)
            doc = read_document(root, path)[0] if path is not None else None
        subject = facts_of(doc) if doc is not None else Facts()
        yield from check_file(file, doc_id, subject, today=today)
