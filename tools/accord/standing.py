"""What a document is, in words: the one sentence of its status banner (tools/DESIGN.md section 5).

Pure: the page banner (accord.sphinxext.notices), the PDF (through the same doctree), the history
pages and the feed all read the same phrases. A banner is a list of parts, text or links, so that
each renderer writes links its own way:

- an adopted text names the edition, its version and its adoption record;
- anything else says its status and that it is not an adopted position; a consultation says when
  it closes, or that it closed, as seen on the day of the edition (or of the build, for the
  working draft: the consultation page of an edition must not stay "open" forever).

The phrases are in the page's language: the caller passes the language (dates in words, by babel's
CLDR data) and its gettext catalog (accord.translations.words.for_language); without them, English.
Each phrase is one whole sentence with placeholders, so that translators can order it their way;
a link in a sentence is a placeholder that the sentence is split around.
"""

from __future__ import annotations

import datetime as dt
import gettext
import re
from dataclasses import dataclass
from typing import Any, Protocol

from babel import Locale, UnknownLocaleError
from babel.dates import format_date


@dataclass(frozen=True)
class Link:
    """A link in a banner: to a document by id (``doc``), or to an address (``url``)."""

    text: str
    doc: str = ""
    url: str = ""


Part = str | Link


class Words(Protocol):
    """A gettext catalog (``gettext.NullTranslations`` and its kind)."""

    def gettext(self, message: str, /) -> str: ...

    def pgettext(self, context: str, message: str, /) -> str: ...


ENGLISH: Words = gettext.NullTranslations()


def _date(value: object) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        return None


def _locale(language: str) -> Locale:
    # Plain "en" is CLDR's American English ("December 18, 2026"); Accord's English is the
    # international one of its coalitions ("18 December 2026"), as en-GB or en-001 write it.
    try:
        found = Locale.parse(language or "en", sep="-")
    except (UnknownLocaleError, ValueError, TypeError):
        found = Locale.parse("en")
    return Locale.parse("en_001") if found.language == "en" and not found.territory else found


def human_date(value: object, language: str = "en") -> str:
    """``2026-12-18`` in words in ``language`` (``18 December 2026``, ``18 de diciembre de 2026``);
    anything else as it is."""
    day = _date(value)
    if day is None:
        return str(value)
    return format_date(day, format="long", locale=_locale(language))


def fill(template: str, **values: str | Part | list[Part]) -> list[Part]:
    """A translated sentence as parts: each ``%(name)s`` replaced by its value, text or links."""
    parts: list[Part] = []
    for index, piece in enumerate(re.split(r"%\((\w+)\)s", template)):
        value = values[piece] if index % 2 else piece
        for part in value if isinstance(value, list) else [value]:
            if isinstance(part, str) and part.startswith(".") and parts and _abbreviated(parts[-1]):
                # A Russian date ends with "г." (год): the sentence's full stop is not written twice.
                part = part[1:]
            if isinstance(part, str) and parts and isinstance(parts[-1], str):
                parts[-1] += part  # one text between two links
            elif part != "":
                parts.append(part)
    return parts


def say(template: str, **values: str) -> str:
    """A translated sentence with its placeholders filled, as text."""
    return plain(fill(template, **values))


def _abbreviated(part: Part) -> bool:
    return isinstance(part, str) and part.endswith(".") and not part.endswith("..")


def _space(language: str) -> str:
    """Between two sentences: nothing in Chinese and Japanese, whose full stops end with a space."""
    return "" if language.split("-")[0] in ("zh", "ja") else " "


def adoption(
    adopted: object, words: Words = ENGLISH, language: str = "en", context: str = "text"
) -> list[Part]:
    """``{date, by, record}`` in words: "adopted by the General Assembly on 12 June 2026 (record)".
    ``context`` is what was adopted (``text``, ``version``): some languages agree the participle."""
    if not isinstance(adopted, dict):
        return []
    body, date = adopted.get("by"), adopted.get("date")
    values = {"body": str(body or ""), "date": human_date(date, language) if date else ""}
    if body and date:
        message = "adopted by %(body)s on %(date)s"
    elif body:
        message = "adopted by %(body)s"
    elif date:
        message = "adopted on %(date)s"
    else:
        message = "adopted"
    parts = fill(words.pgettext(context, message), **values)
    if adopted.get("record"):
        record = Link(words.gettext("record of the decision"), url=str(adopted["record"]))
        parts = fill(words.gettext("%(adoption)s (%(record)s)"), adoption=parts, record=record)
    return parts


def plain(parts: list[Part]) -> str:
    """The parts as plain text (links as their text)."""
    return "".join(part if isinstance(part, str) else part.text for part in parts)


@dataclass(frozen=True)
class Banner:
    kind: str  # the status, or "unknown": the CSS class is accord-<kind>
    parts: list[Part]  # what the text is
    where: list[Part]  # which build it is in: an edition and its date, or the working draft


def _banner(kind: str, parts: list[Part], where: list[Part]) -> Banner:
    # Neighbouring texts as one (one text node in the doctree between two links).
    return Banner(kind, fill("%(parts)s", parts=parts), where)


def banner(
    meta: dict[str, Any],
    *,
    organisation: str,
    edition: str = "",
    edition_date: str = "",
    today: dt.date | None = None,
    language: str = "en",
    words: Words = ENGLISH,
) -> Banner:
    """The banner of a document with front matter ``meta``, in an edition (``edition``, its date)
    or in the working draft (``today``: the build's date), in ``language`` through ``words``."""
    _ = words.gettext
    space = _space(language)
    status = str(meta.get("status", ""))
    version = meta.get("version")
    who = organisation or _("the coalition")
    on = _date(edition_date) if edition else today
    where: list[Part] = []
    if edition and edition_date:
        where = fill(
            _("Official edition %(edition)s of %(date)s."),
            edition=edition,
            date=human_date(edition_date, language),
        )
    elif edition:
        where = fill(_("Official edition %(edition)s."), edition=edition)
    else:
        where = [_("Working draft: the text may change at any time.")]
    if status == "adopted":
        record = adoption(meta.get("adopted"), words, language)
        if record:
            template = (
                _("Adopted text, version %(version)s, %(adoption)s.")
                if version
                else _("Adopted text, %(adoption)s.")
            )
        else:
            template = _("Adopted text, version %(version)s.") if version else _("Adopted text.")
        if not edition:
            where = [_("Working draft: the text may change; the official text is in the newest edition.")]
        return _banner("adopted", fill(template, version=str(version), adoption=record), where)
    not_adopted = space + say(_("Not an adopted position of %(organisation)s."), organisation=who)
    if status == "consultation":
        window = meta.get("consultation") if isinstance(meta.get("consultation"), dict) else {}
        opens, closes = _date(window.get("opens")), _date(window.get("closes"))
        if closes and on and on > closes:
            head = say(_("Consultation closed on %(date)s."), date=human_date(closes, language))
        elif opens and on and on < opens:
            head = say(
                _("Draft for consultation: the consultation opens on %(date)s."),
                date=human_date(opens, language),
            )
        elif closes:
            head = say(_("Consultation closes %(date)s."), date=human_date(closes, language))
        else:
            head = _("Open for consultation.")
        return _banner("consultation", [head, not_adopted], where)
    if status == "superseded":
        successor = meta.get("superseded_by")
        if isinstance(successor, str) and successor:
            template = _("Superseded by %(successor)s. Not the current position of %(organisation)s.")
        else:
            template = _("Superseded. Not the current position of %(organisation)s.")
        parts = fill(template, successor=Link(str(successor), doc=str(successor)), organisation=who)
        if version:
            earlier = _("Version %(version)s was %(adoption)s.")
            record = adoption(meta.get("adopted"), words, language, "version")
        else:
            earlier = _("It was %(adoption)s.")
            record = adoption(meta.get("adopted"), words, language)
        if record:
            parts += [space, *fill(earlier, version=str(version), adoption=record)]
        return _banner("superseded", parts, where)
    if status == "withdrawn":
        withdrawal = meta.get("withdrawn") if isinstance(meta.get("withdrawn"), dict) else {}
        when = withdrawal.get("date") or meta.get("date")
        head = say(_("Withdrawn on %(date)s."), date=human_date(when, language)) if when else _("Withdrawn.")
        parts = [head]
        reason = withdrawal.get("reason")
        if isinstance(reason, str) and reason.strip():
            parts.append(space + say(_("Reason: %(reason)s."), reason=reason.strip().rstrip(".")))
        return _banner("withdrawn", [*parts, not_adopted], where)
    if status == "draft":
        return _banner("draft", [_("Draft – not adopted."), not_adopted], where)
    return _banner("unknown", [say(_("Status %(status)s."), status=repr(status)), not_adopted], where)


def successor_date(value: object, words: Words = ENGLISH, language: str = "en") -> str:
    """What follows the successor's name in "Superseded by X on <date>": its adoption date."""
    return say(words.pgettext("successor", " on %(date)s"), date=human_date(value, language))
