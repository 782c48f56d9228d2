"""What a document is, in words: the one sentence of its status banner (tools/DESIGN.md section 5).

Pure: the page banner (accord.sphinxext.notices), the PDF (through the same doctree), the history
pages and the feed all read the same phrases. A banner is a list of parts, text or links, so that
each renderer writes links its own way:

- an adopted text names the edition, its version and its adoption record;
- anything else says its status and that it is not an adopted position; a consultation says when
  it closes, or that it closed, as seen on the day of the edition (or of the build, for the
  working draft: the consultation page of an edition must not stay "open" forever).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Link:
    """A link in a banner: to a document by id (``doc``), or to an address (``url``)."""

    text: str
    doc: str = ""
    url: str = ""


Part = str | Link

MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def human_date(value: object) -> str:
    """``2026-12-18`` as ``18 December 2026``; anything else as it is."""
    try:
        day = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        return str(value)
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def _date(value: object) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        return None


def adoption(adopted: object) -> list[Part]:
    """``{date, by, record}`` in words: "adopted by the General Assembly on 12 June 2026 (record)"."""
    if not isinstance(adopted, dict):
        return []
    parts: list[Part] = ["adopted"]
    if adopted.get("by"):
        parts.append(f" by {adopted['by']}")
    if adopted.get("date"):
        parts.append(f" on {human_date(adopted['date'])}")
    if adopted.get("record"):
        parts += [" (", Link("record of the decision", url=str(adopted["record"])), ")"]
    return parts


def plain(parts: list[Part]) -> str:
    """The parts as plain text (links as their text)."""
    return "".join(part if isinstance(part, str) else part.text for part in parts)


@dataclass(frozen=True)
class Banner:
    kind: str  # the status, or "unknown": the CSS class is accord-<kind>
    parts: list[Part]  # what the text is
    where: list[Part]  # which build it is in: an edition and its date, or the working draft


def banner(
    meta: dict[str, Any],
    *,
    organisation: str,
    edition: str = "",
    edition_date: str = "",
    today: dt.date | None = None,
) -> Banner:
    """The banner of a document with front matter ``meta``, in an edition (``edition``, its date)
    or in the working draft (``today``: the build's date)."""
    status = str(meta.get("status", ""))
    version = meta.get("version")
    who = organisation or "the coalition"
    on = _date(edition_date) if edition else today
    where: list[Part] = []
    if edition:
        when = f" of {human_date(edition_date)}" if edition_date else ""
        where = [f"Official edition {edition}{when}."]
    else:
        where = ["Working draft: the text may change at any time."]
    if status == "adopted":
        head: list[Part] = [f"Adopted text, version {version}" if version else "Adopted text"]
        record = adoption(meta.get("adopted"))
        if record:
            head += [", ", *record]
        if not edition:
            where = ["Working draft: the text may change; the official text is in the newest edition."]
        return Banner("adopted", [*head, "."], where)
    not_adopted = f" Not an adopted position of {who}."
    if status == "consultation":
        window = meta.get("consultation") if isinstance(meta.get("consultation"), dict) else {}
        opens, closes = _date(window.get("opens")), _date(window.get("closes"))
        if closes and on and on > closes:
            head = [f"Consultation closed on {human_date(closes)}."]
        elif opens and on and on < opens:
            head = [f"Draft for consultation: the consultation opens on {human_date(opens)}."]
        elif closes:
            head = [f"Consultation closes {human_date(closes)}."]
        else:
            head = ["Open for consultation."]
        return Banner("consultation", [*head, not_adopted], where)
    if status == "superseded":
        head = ["Superseded"]
        successor = meta.get("superseded_by")
        if isinstance(successor, str) and successor:
            head += [" by ", Link(successor, doc=successor)]
        head.append(f". Not the current position of {who}.")
        earlier = adoption(meta.get("adopted"))
        if earlier:
            head += [f" Version {version} was " if version else " It was ", *earlier, "."]
        return Banner("superseded", [*head], where)
    if status == "withdrawn":
        record = meta.get("withdrawn") if isinstance(meta.get("withdrawn"), dict) else {}
        when = record.get("date") or meta.get("date")
        head = [f"Withdrawn on {human_date(when)}." if when else "Withdrawn."]
        if isinstance(record.get("reason"), str) and record["reason"].strip():
            head.append(f" Reason: {record['reason'].strip().rstrip('.')}.")
        return Banner("withdrawn", [*head, not_adopted], where)
    if status == "draft":
        return Banner("draft", ["Draft – not adopted.", not_adopted], where)
    return Banner("unknown", [f"Status {status!r}.", not_adopted], where)
