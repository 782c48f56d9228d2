"""META rules over one document's front matter."""

from __future__ import annotations

import calendar
import contextlib
import datetime as dt
import difflib
from collections.abc import Callable, Collection, Iterable, Iterator

from accord.checks.context import Context
from accord.corpus import Document
from accord.diagnostics import Diagnostic, make
from accord.vocabulary import (
    ADOPTED_FIELDS,
    ALWAYS_REQUIRED,
    AUTHOR_FIELDS,
    CONSULTATION_FIELDS,
    DOCUMENT_ID,
    FIELDS,
    GITHUB_HANDLE,
    ISO_DATE,
    LANGUAGE_TAG,
    ONLY_FOR_STATUS,
    REQUIRED_BY_STATUS,
    STATUSES,
    TITLE_MAX_LENGTH,
    TOPIC,
    VERSION,
    WITHDRAWN_FIELDS,
)

EXAMPLES = {
    "title": "title: Principles for an open Internet",
    "status": "status: draft",
    "version": "version: '1.0'",
    "authors": "authors: [{name: Jane Doe, affiliation: Example Network}]",
    "date": "date: 2026-03-01",
    "consultation": "consultation: {opens: 2026-03-01, closes: 2026-04-15}",
    "adopted": "adopted: {date: 2026-05-20, by: General Assembly, record: https://example.org/minutes}",
    "superseded_by": "superseded_by: id-of-the-newer-document",
    "withdrawn": "withdrawn: {date: 2026-05-04, reason: Overtaken by the 2026 statement}",
}


def closest(value: str, choices: object) -> str | None:
    found = difflib.get_close_matches(value, list(choices), n=1, cutoff=0.6)
    return found[0] if found else None


def did_you_mean(value: object, choices: object) -> str | None:
    match = closest(str(value), choices)
    return f"did you mean {match!r}?" if match else None


def unknown_fields(
    code: str,
    path: str,
    mapping: Iterable[object],
    allowed: Collection[object],
    key_at: Callable[..., tuple[int, int]],
    *at: object,
) -> Iterator[Diagnostic]:
    """One finding per key of ``mapping`` that ``allowed`` lacks, at the key (``key_at(*at, key)``),
    with the closest allowed key as the hint: the same for every record Accord reads (front
    matter, data files)."""
    for key in mapping:
        if key not in allowed:
            yield make(
                code,
                path,
                *key_at(*at, key),
                detail=f"unknown field {key!r}",
                hint=did_you_mean(key, allowed),
            )


def slug_of(doc_id: str) -> str:
    """The id META020 asks a document to be renamed to: the id itself when it is a slug."""
    if DOCUMENT_ID.match(doc_id):
        return doc_id
    return "-".join("".join(c if c.isalnum() else " " for c in doc_id.lower()).split())


def document_id(doc: Document, ctx: Context) -> Iterator[Diagnostic]:
    """A document's id (its file name without .md) is a lowercase slug, stable in URLs."""
    if not DOCUMENT_ID.match(doc.id):
        slug = slug_of(doc.id)
        yield make("META020", doc.path, 1, 1, doc.id, hint=f"rename the file to {slug or 'a-slug'}.md")


def known_fields(doc: Document, ctx: Context) -> Iterator[Diagnostic]:
    """Front matter holds only the fields of the schema."""
    for key in doc.meta:
        if key not in FIELDS:
            yield make("META005", doc.path, *doc.key_at(key), key, hint=did_you_mean(key, FIELDS))


def required_fields(doc: Document, ctx: Context) -> Iterator[Diagnostic]:
    """Every document has title, status, authors and date; some statuses require more."""
    status = doc.meta.get("status")
    needed = list(ALWAYS_REQUIRED)
    if isinstance(status, str):
        needed += REQUIRED_BY_STATUS.get(status, ())
    for name in needed:
        if doc.meta.get(name) in (None, "", [], {}):
            because = f" (required when status is {status})" if name not in ALWAYS_REQUIRED else ""
            yield make(
                "META004",
                doc.path,
                *(doc.key_at(name) if name in doc.meta else (1, 1)),
                detail=f"{name!r}{because}",
                hint="add " + EXAMPLES.get(name, f"{name}: ..."),
            )


def title(doc: Document, ctx: Context) -> Iterator[Diagnostic]:
    """The title is one line of at most 120 characters."""
    value = doc.meta.get("title")
    if value is None:
        return
    if not isinstance(value, str) or "\n" in value.strip() or len(value) > TITLE_MAX_LENGTH:
        hint = f"shorten it to {TITLE_MAX_LENGTH} characters or fewer" if isinstance(value, str) else None
        shown = value if not isinstance(value, str) or len(value) <= 60 else value[:57] + "..."
        yield make("META006", doc.path, *doc.where("title"), shown, hint=hint)


def status(doc: Document, ctx: Context) -> Iterator[Diagnostic]:
    """The status is one of the lifecycle states."""
    value = doc.meta.get("status")
    if value is not None and value not in STATUSES:
        yield make("META007", doc.path, *doc.where("status"), value, hint=did_you_mean(value, STATUSES))


def version(doc: Document, ctx: Context) -> Iterator[Diagnostic]:
    """The version is MAJOR.MINOR, read as written (YAML would turn 1.10 into 1.1)."""
    if "version" not in doc.meta or doc.meta["version"] is None:
        return
    written = doc.front.raw.get(("version",), str(doc.meta["version"]))
    if not VERSION.match(written):
        yield make("META008", doc.path, *doc.where("version"), written, hint="write it as 1.0, 1.1, 2.0 ...")


def impossible_date(written: str) -> str | None:
    """Why an ISO-shaped date such as 2026-11-31 names no day, in the editor's words; None when
    it is not ISO-shaped or is a real day."""
    if not ISO_DATE.match(written):
        return None
    year, month, day = (int(part) for part in written.split("-"))
    if not 1 <= month <= 12:
        return f"{written} has no month {month} (months run from 01 to 12)"
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        return f"{written} does not exist ({calendar.month_name[month]} {year} has {days} days)"
    return None


def parse_date(doc: Document, at: tuple[object, ...]) -> tuple[dt.date | None, Diagnostic | None]:
    """The date at a field path, or the META009 diagnostic that explains why it is not one."""
    value = doc.meta
    for step in at:
        value = value.get(step) if isinstance(value, dict) else None
    if isinstance(value, dt.datetime):
        value = doc.front.raw.get(at, str(value))
    elif isinstance(value, dt.date):
        return value, None
    written = str(value) if value is not None else ""
    parsed = None
    if ISO_DATE.match(written):
        with contextlib.suppress(ValueError):
            parsed = dt.date.fromisoformat(written)
    if parsed is None:
        name = ".".join(str(s) for s in at)
        if (why := impossible_date(written)) is not None:
            return None, make(
                "META009", doc.path, *doc.where(*at), detail=f"{name}: {why}", hint="check the day and month"
            )
        return None, make(
            "META009", doc.path, *doc.where(*at), detail=f"{name}: {written!r}", hint="for example 2026-03-01"
        )
    return parsed, None


def dates(doc: Document, ctx: Context) -> Iterator[Diagnostic]:
    """The revision date is an ISO date, not in the future."""
    if doc.meta.get("date") is None:
        return
    value, problem = parse_date(doc, ("date",))
    if problem:
        yield problem
    elif value and value > ctx.today:
        yield make("META025", doc.path, *doc.where("date"), value.isoformat(), hint=f"today is {ctx.today}")


def people(
    doc: Document, field: str, code: str, noun: str
) -> tuple[list[Diagnostic], list[tuple[int, dict]]]:
    """A list of {name, affiliation?, github?} (a document's authors, a translation's
    translators): its problems, reported as ``code``, and the (index, entry) of each entry with a
    name, for the caller's own rules."""
    value = doc.meta.get(field)
    problems: list[Diagnostic] = []
    named: list[tuple[int, dict]] = []
    if value is None:
        return problems, named
    hint = f"write each {noun} as '- name: ...' with optional 'affiliation:' and 'github:'"
    if not isinstance(value, list) or not value:
        return [make(code, doc.path, *doc.where(field), value, hint=hint)], named
    for index, person in enumerate(value):
        where = doc.where(field, index)
        if isinstance(person, str):
            problems.append(make(code, doc.path, *where, person, hint=f"write it as '- name: {person}'"))
        elif (
            not isinstance(person, dict)
            or not isinstance(person.get("name"), str)
            or not person["name"].strip()
        ):
            problems.append(make(code, doc.path, *where, detail=f"{noun} {index + 1} has no name", hint=hint))
        else:
            for key in person:
                if key not in AUTHOR_FIELDS:
                    problems.append(
                        make(
                            code,
                            doc.path,
                            *doc.key_at(field, index, key),
                            detail=f"unknown {noun} field {key!r}",
                            hint=did_you_mean(key, AUTHOR_FIELDS) or hint,
                        )
                    )
            named.append((index, person))
    return problems, named


def authors(doc: Document, ctx: Context) -> Iterator[Diagnostic]:
    """Authors are a list of {name, affiliation?, github?}, with a GitHub handle when given."""
    problems, named = people(doc, "authors", "META010", "author")
    yield from problems
    for index, author in named:
        handle = author.get("github")
        if handle is not None and not (isinstance(handle, str) and GITHUB_HANDLE.match(handle)):
            yield make(
                "META026",
                doc.path,
                *doc.where("authors", index, "github"),
                handle,
                hint="a GitHub user name such as 'jdoe', or a team such as 'org/team'",
            )


def consultation(doc: Document, ctx: Context) -> Iterator[Diagnostic]:
    """A consultation window gives opens and closes, and closes after it opens."""
    value = doc.meta.get("consultation")
    if value is None:
        return
    if not isinstance(value, dict):
        yield make("META011", doc.path, *doc.where("consultation"), value, hint=EXAMPLES["consultation"])
        return
    found: dict[str, dt.date | None] = {}
    for key in CONSULTATION_FIELDS:
        if key not in value:
            yield make(
                "META011",
                doc.path,
                *doc.where("consultation"),
                detail=f"{key!r} is missing",
                hint=EXAMPLES["consultation"],
            )
            continue
        found[key], problem = parse_date(doc, ("consultation", key))
        if problem:
            yield problem
    for key in value:
        if key not in CONSULTATION_FIELDS:
            yield make("META011", doc.path, *doc.key_at("consultation", key), detail=f"unknown field {key!r}")
    opens, closes = found.get("opens"), found.get("closes")
    if opens and closes and closes <= opens:
        yield make(
            "META011",
            doc.path,
            *doc.where("consultation", "closes"),
            detail=f"closes {closes} is not after opens {opens}",
            hint="swap the dates or correct the closing date",
        )
    if doc.meta.get("status") == "consultation" and closes and closes < ctx.today:
        yield make(
            "META023",
            doc.path,
            *doc.where("consultation", "closes"),
            closes.isoformat(),
            hint="move the document to 'adopted' or back to 'draft', or extend the window",
        )


def adopted(doc: Document, ctx: Context) -> Iterator[Diagnostic]:
    """An adoption record says when and by which body, with an optional link to the minutes."""
    value = doc.meta.get("adopted")
    if value is None:
        return
    hint = EXAMPLES["adopted"]
    if not isinstance(value, dict):
        yield make("META012", doc.path, *doc.where("adopted"), value, hint=hint)
        return
    if "date" not in value:
        yield make("META012", doc.path, *doc.where("adopted"), detail="'date' is missing", hint=hint)
    else:
        when, problem = parse_date(doc, ("adopted", "date"))
        if problem:
            yield problem
        elif when and when > ctx.today:
            yield make("META025", doc.path, *doc.where("adopted", "date"), when.isoformat())
    if not isinstance(value.get("by"), str) or not value["by"].strip():
        yield make(
            "META012",
            doc.path,
            *doc.where("adopted", "by"),
            detail="'by' must name the adopting body",
            hint=hint,
        )
    record = value.get("record")
    if record is not None and not (isinstance(record, str) and record.startswith(("https://", "http://"))):
        yield make(
            "META024",
            doc.path,
            *doc.where("adopted", "record"),
            record,
            hint="link the published minutes, for example https://example.org/minutes/2026-05",
        )
    yield from unknown_fields("META012", doc.path, value, ADOPTED_FIELDS, doc.key_at, "adopted")


def withdrawal(doc: Document, ctx: Context) -> Iterator[Diagnostic]:
    """A withdrawal record says when and why; a withdrawn document should have one."""
    value = doc.meta.get("withdrawn")
    hint = EXAMPLES["withdrawn"]
    if value is None:
        if doc.meta.get("status") == "withdrawn":
            yield make("META086", doc.path, *doc.where("status"), hint=hint)
        return
    if not isinstance(value, dict):
        yield make("META085", doc.path, *doc.where("withdrawn"), value, hint=hint)
        return
    if "date" not in value:
        yield make("META085", doc.path, *doc.where("withdrawn"), detail="'date' is missing", hint=hint)
    else:
        _, problem = parse_date(doc, ("withdrawn", "date"))
        if problem:
            yield problem
    reason = value.get("reason")
    if not isinstance(reason, str) or not reason.strip():
        yield make(
            "META085", doc.path, *doc.where("withdrawn", "reason"), detail="'reason' must say why", hint=hint
        )
    yield from unknown_fields("META085", doc.path, value, WITHDRAWN_FIELDS, doc.key_at, "withdrawn")


def status_fields(doc: Document, ctx: Context) -> Iterator[Diagnostic]:
    """Some fields only apply to some statuses: a superseded_by on a draft is probably a mistake."""
    current = doc.meta.get("status")
    if current not in STATUSES:
        return
    for name, statuses in ONLY_FOR_STATUS.items():
        if doc.meta.get(name) is not None and current not in statuses:
            yield make(
                "META022",
                doc.path,
                *doc.key_at(name),
                detail=f"{name!r} applies to status {', '.join(sorted(statuses))}, not {current!r}",
                hint=f"remove {name!r} or change the status",
            )


def topics(doc: Document, ctx: Context) -> Iterator[Diagnostic]:
    """Topics are lowercase slugs."""
    value = doc.meta.get("topics")
    if value is None:
        return
    if not isinstance(value, list):
        yield make(
            "META016", doc.path, *doc.where("topics"), value, hint="write them as a list: [privacy, access]"
        )
        return
    for index, topic in enumerate(value):
        if not isinstance(topic, str) or not TOPIC.match(topic):
            slug = "-".join(str(topic).lower().split())
            yield make("META016", doc.path, *doc.where("topics", index), topic, hint=f"for example {slug!r}")


def language(doc: Document, ctx: Context) -> Iterator[Diagnostic]:
    """The language is a BCP 47 tag such as en, fr, pt-BR or zh-Hans."""
    value = doc.meta.get("language")
    if value is not None and not (isinstance(value, str) and LANGUAGE_TAG.match(value)):
        yield make(
            "META017", doc.path, *doc.where("language"), value, hint="for example en, fr, ar, zh-Hans, pt-BR"
        )


def summary(doc: Document, ctx: Context) -> Iterator[Diagnostic]:
    """The summary is one paragraph of text."""
    value = doc.meta.get("summary")
    if value is not None and not (isinstance(value, str) and "\n\n" not in value.strip()):
        yield make(
            "META018",
            doc.path,
            *doc.where("summary"),
            value if not isinstance(value, str) else "two paragraphs",
            hint="write one paragraph; use '>' on the first line to fold long text",
        )


def references(doc: Document, ctx: Context) -> Iterator[Diagnostic]:
    """superseded_by and supersedes name documents that exist."""
    target = doc.meta.get("superseded_by")
    if target is not None:
        if not isinstance(target, str) or target not in ctx.ids:
            yield make(
                "META013",
                doc.path,
                *doc.where("superseded_by"),
                target,
                hint=did_you_mean(target, ctx.ids) or "write the id (file name without .md)",
            )
        elif target == doc.id:
            yield make("META014", doc.path, *doc.where("superseded_by"), detail=f"{doc.id} supersedes itself")
    earlier = doc.meta.get("supersedes")
    if earlier is not None:
        listed = earlier if isinstance(earlier, list) else [earlier]
        for index, target in enumerate(listed):
            at = ("supersedes", index) if isinstance(earlier, list) else ("supersedes",)
            if not isinstance(target, str) or target not in ctx.ids:
                yield make(
                    "META013",
                    doc.path,
                    *doc.where(*at),
                    target,
                    hint=did_you_mean(target, ctx.ids) or "write the id (file name without .md)",
                )


RULES = (
    document_id,
    known_fields,
    required_fields,
    title,
    status,
    version,
    dates,
    authors,
    consultation,
    adopted,
    withdrawal,
    status_fields,
    topics,
    language,
    summary,
    references,
)


def check(doc: Document, ctx: Context) -> Iterator[Diagnostic]:
    for rule in RULES:
        yield from rule(doc, ctx)
