"""The Atom feed of new editions and status changes, from the editions' ``statements.json``.

Pure and deterministic: the same editions give the same bytes (no clock is read; every date comes
from an edition). ``accord edition publish`` calls :func:`render_feed` and writes ``feed.xml`` at
the root of the site.

Entries, newest edition first:

- one per edition ("Edition v2026.1"), linking to the edition;
- one per document that first appears in an edition ("New: <title>"), and one per document whose
  status differs from the previous edition ("<title>: open for consultation -> adopted"),
  linking to the document's page in that edition;
- one per translation that first appears in an edition ("New translation (fr): <title>"),
  linking to the translation's page (accord.translations.announce).

Built with feedgen (python-feedgen), which writes valid Atom through lxml.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit

from accord.translations.announce import new_translations
from accord.vocabulary import STATUS_LABELS

FEED_FILE = "feed.xml"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # not allowed in XML


@dataclass(frozen=True)
class EditionEntry:
    """One published edition, as the feed needs it.

    ``tag``: the release tag (``v2026.1``). ``date``: the edition's ISO date (``2026-06-30``).
    ``url``: the absolute address of the edition's root (``https://example.org/editions/v2026.1/``).
    ``statements``: the edition's ``statements.json``, parsed (see :mod:`accord.reuse`); the feed
    reads ``documents``, and of each document ``id``, ``title``, ``status``, ``version``,
    ``summary`` and ``html`` (absolute, or relative to ``url``).
    """

    tag: str
    date: str
    url: str
    statements: Mapping[str, Any] = field(default_factory=dict)


def _clean(value: object) -> str:
    return _CONTROL.sub("", " ".join(str(value).split())) if value is not None else ""


def _when(value: str) -> dt.datetime:
    try:
        day = dt.date.fromisoformat(value.strip()[:10])
    except ValueError:
        raise ValueError(f"an edition date must be an ISO date: {value!r}") from None
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


def _count(number: int) -> str:
    return f"{number} document" + ("" if number == 1 else "s")


def _label(status: object) -> str:
    return STATUS_LABELS.get(str(status), str(status)).lower()


def _documents(edition: EditionEntry) -> dict[str, Mapping[str, Any]]:
    found = edition.statements.get("documents") if isinstance(edition.statements, Mapping) else None
    return {
        str(doc["id"]): doc
        for doc in (found if isinstance(found, list) else [])
        if isinstance(doc, Mapping) and doc.get("id")
    }


def _absolute(url: str, what: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"{what} must be an absolute http(s) URL: {url!r}")
    return url


def changes(
    editions: Sequence[EditionEntry],
) -> list[tuple[EditionEntry, list[tuple[str, Mapping, str | None]]]]:
    """For each edition (oldest first): its documents that are new or changed status, as
    ``(id, document, previous status or None for a new one)``, by id."""
    ordered = sorted(editions, key=lambda edition: _when(edition.date))
    found = []
    previous: dict[str, Mapping[str, Any]] = {}
    for edition in ordered:
        current = _documents(edition)
        changed = [
            (doc_id, doc, previous[doc_id].get("status") if doc_id in previous else None)
            for doc_id, doc in sorted(current.items())
            if doc_id not in previous or previous[doc_id].get("status") != doc.get("status")
        ]
        found.append((edition, changed))
        previous = current
    return found


#: What an edition did to a document, in the order the edition's entry lists them.
FATES = ("adopted", "amended", "superseded", "withdrawn")


def fates(editions: Sequence[EditionEntry]) -> list[tuple[EditionEntry, dict[str, list[str]]]]:
    """For each edition (oldest first): the documents it adopted (newly, or after another status),
    amended (adopted before and after, at a new version), superseded or withdrawn, as display
    lines ("Title, version 1.1"), by fate."""
    ordered = sorted(editions, key=lambda edition: _when(edition.date))
    found = []
    previous: dict[str, Mapping[str, Any]] = {}
    for edition in ordered:
        current = _documents(edition)
        by_fate: dict[str, list[str]] = {}
        for doc_id, doc in sorted(current.items()):
            before = previous.get(doc_id, {})
            status, was = doc.get("status"), before.get("status")
            if status == "adopted" and was == "adopted" and before.get("version") != doc.get("version"):
                fate = "amended"
            elif status in FATES and status != was:
                fate = str(status)
            else:
                continue
            version = f", version {_clean(doc['version'])}" if doc.get("version") else ""
            by_fate.setdefault(fate, []).append(f"{_clean(doc.get('title')) or doc_id}{version}")
        found.append((edition, by_fate))
        previous = current
    return found


def _fate_sentences(by_fate: dict[str, list[str]]) -> str:
    return "".join(f" {fate.capitalize()}: {'; '.join(by_fate[fate])}." for fate in FATES if fate in by_fate)


def render_feed(editions: Sequence[EditionEntry], *, site_url: str, title: str, author: str = "") -> bytes:
    """The Atom feed (UTF-8 bytes) of ``editions``, for the site at ``site_url`` (absolute, the
    root where ``feed.xml`` is published). ``author`` (the organisation setting) defaults to the
    organisation the newest edition names, then to ``title``. Raises ValueError for
    a relative URL or a date that is not ISO."""
    from feedgen.feed import FeedGenerator

    root = _absolute(site_url.rstrip("/") + "/", "site_url")
    history = changes(editions)
    what = {edition.tag: by_fate for edition, by_fate in fates(editions)}
    generator = FeedGenerator()
    generator.id(root)
    generator.title(_clean(title) or "Statements")
    newest = history[-1][0].statements if history else {}
    named = newest.get("organisation") if isinstance(newest, Mapping) else None
    generator.author({"name": _clean(author) or _clean(named) or _clean(title) or "Statements"})
    generator.link(href=urljoin(root, FEED_FILE), rel="self", type="application/atom+xml")
    generator.link(href=root, rel="alternate", type="text/html")
    generator.generator("Accord")
    generator.language("en")
    generator.updated(max((_when(edition.date) for edition, _ in history), default=_when("1970-01-01")))
    ordered = [edition for edition, _ in history]
    earlier = {
        edition.tag: _documents(ordered[index - 1]) if index else {} for index, edition in enumerate(ordered)
    }
    for edition, changed in reversed(history):
        base = _absolute(edition.url.rstrip("/") + "/", f"the URL of edition {edition.tag!r}")
        when = _when(edition.date)
        count = len(_documents(edition))
        entry = generator.add_entry(order="append")
        entry.id(base)
        entry.title(f"Edition {_clean(edition.tag)}")
        entry.link(href=base, rel="alternate", type="text/html")
        entry.updated(when)
        entry.published(when)
        new = sum(1 for _, _, before in changed if before is None)
        news = [f"{new} new"] if new else []
        if len(changed) > new:
            news.append(f"{len(changed) - new} with a new status")
        detail = f", of which {' and '.join(news)}" if news else ""
        entry.summary(
            f"Official edition {_clean(edition.tag)} of {edition.date[:10]}: {_count(count)}{detail}."
            + _fate_sentences(what.get(edition.tag, {}))
        )
        for doc_id, doc, before in changed:
            name = _clean(doc.get("title")) or doc_id
            status = _label(doc.get("status"))
            version = f", version {_clean(doc['version'])}" if doc.get("version") else ""
            state = f"{status}{version}"
            item = generator.add_entry(order="append")
            item.id(f"{base}#{doc_id}")
            if before is None:
                item.title(f"New: {name}")
                text = f"{name} ({state}) appears in edition {_clean(edition.tag)}."
            else:
                item.title(f"{name}: {_label(before)} -> {status}")
                text = f"{name} ({state}, was {_label(before)}) in edition {_clean(edition.tag)}."
            if doc.get("summary"):
                text += " " + _clean(doc["summary"])
            item.summary(text)
            item.link(href=urljoin(base, str(doc.get("html") or "")), rel="alternate", type="text/html")
            item.category(term=str(doc.get("status", "")), label=status)
            item.updated(when)
            item.published(when)
        for doc_id, doc, translation in new_translations(earlier[edition.tag], _documents(edition)):
            language = _clean(translation.get("language"))
            name = _clean(translation.get("title")) or _clean(doc.get("title")) or doc_id
            item = generator.add_entry(order="append")
            item.id(f"{base}#{doc_id}.{language}")
            item.title(f"New translation ({language}): {name}")
            item.summary(
                f"A translation into {language} of {_clean(doc.get('title')) or doc_id} "
                f"appears in edition {_clean(edition.tag)}."
            )
            item.link(
                href=urljoin(base, str(translation.get("html") or "")), rel="alternate", type="text/html"
            )
            item.updated(when)
            item.published(when)
    return generator.atom_str(pretty=True)
