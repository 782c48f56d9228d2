"""The status banner's phrases in the page's language (accord.standing through Accord's catalogs):
whole sentences, dates in words by CLDR, and every phrase it asks for is in the catalogs."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from babel.messages.pofile import read_po

from accord import standing
from accord.translations import words

DECEMBER_1 = dt.date(2026, 12, 1)
RECORD = {"date": "2026-06-12", "by": "General Assembly", "record": "https://example.org/minutes"}
METAS = [
    {"status": "adopted", "version": "1.2", "adopted": RECORD},
    {"status": "adopted"},
    {"status": "adopted", "adopted": {"date": "2026-06-12"}},
    {"status": "superseded", "version": "1.0", "superseded_by": "newer", "adopted": RECORD},
    {"status": "superseded", "adopted": {"by": "General Assembly"}},
    {"status": "superseded", "adopted": {}},
    {"status": "consultation", "consultation": {"opens": "2026-11-02", "closes": "2026-12-18"}},
    {"status": "consultation", "consultation": {"opens": "2026-11-02", "closes": "2026-11-20"}},
    {"status": "consultation", "consultation": {"opens": "2027-01-04", "closes": "2027-02-01"}},
    {"status": "consultation"},
    {"status": "withdrawn", "withdrawn": {"date": "2026-05-04", "reason": "Overtaken."}},
    {"status": "withdrawn"},
    {"status": "draft"},
    {"status": "odd"},
    {"status": "superseded", "version": "0.9", "adopted": {"date": "2025-01-02"}},
    {"status": "adopted", "version": "2"},
]


def said(meta: dict, language: str, **where: str) -> str:
    found = standing.banner(
        meta,
        organisation="",
        today=DECEMBER_1,
        language=language,
        words=words.for_language(language),
        **where,
    )
    return standing.plain(found.parts) + " | " + standing.plain(found.where)


def test_english_is_as_before() -> None:
    assert said(METAS[0], "en") == (
        "Adopted text, version 1.2, adopted by General Assembly on 12 June 2026 (record of the decision)."
        " | Working draft: the text may change; the official text is in the newest edition."
    )
    assert said(METAS[3], "en", edition="v1.1", edition_date="2026-11-25") == (
        "Superseded by newer. Not the current position of the coalition. Version 1.0 was adopted by "
        "General Assembly on 12 June 2026 (record of the decision). | Official edition v1.1 of 25 November 2026."
    )


def test_spanish_french_arabic_chinese() -> None:
    assert said(METAS[0], "es").startswith(
        "Texto adoptado, versión 1.2, adoptado por General Assembly el 12 de junio de 2026 (acta de la decisión)."
    )
    # A version is feminine in Spanish and French: the participle agrees with it.
    assert "La versión 1.0 fue adoptada por General Assembly el 12 de junio de 2026" in said(METAS[3], "es")
    assert "La version 1.0 a été adoptée par General Assembly le 12 juin 2026" in said(METAS[3], "fr")
    assert said(METAS[7], "fr").startswith("Consultation clôturée le 20 novembre 2026.")
    assert (
        said(METAS[12], "ar")
        == "مسودة – غير معتمدة. ليس موقفًا معتمدًا من التحالف. | مسودة عمل: قد يتغير النص في أي وقت."
    )
    # Chinese sentences follow each other without a space.
    assert (
        said(METAS[6], "zh-Hans")
        == "征求意见截至2026年12月18日。并非本联盟已通过的立场。 | 工作草案：文本可能随时变动。"
    )


def test_a_russian_date_ends_its_sentence_once() -> None:
    text = said(METAS[10], "ru", edition="v1.1", edition_date="2026-11-25")
    assert text == (
        "Отозван 4 мая 2026\u202fг. Причина: Overtaken. Не является принятой позицией коалиции. "
        "| Официальное издание v1.1 от 25 ноября 2026\u202fг."
    )
    assert standing.successor_date("2026-06-12", words.for_language("ru"), "ru") == " от 12 июня 2026\u202fг."


def test_dates_in_words() -> None:
    assert standing.human_date("2026-12-18") == "18 December 2026"
    assert standing.human_date("2026-12-18", "en-US") == "December 18, 2026"
    assert standing.human_date("2026-12-18", "es") == "18 de diciembre de 2026"
    assert standing.human_date("2026-12-18", "zh-Hans") == "2026年12月18日"
    assert standing.human_date("2026-12-18", "x-nonsense-tag") == "18 December 2026"
    assert standing.human_date("soon", "fr") == "soon"


class Recorder:
    """A catalog that notes every message it is asked for."""

    def __init__(self) -> None:
        self.asked: set[tuple[str | None, str]] = set()

    def gettext(self, message: str) -> str:
        self.asked.add((None, message))
        return message

    def pgettext(self, context: str, message: str) -> str:
        self.asked.add((context, message))
        return message


def test_every_phrase_of_the_banner_is_in_the_catalogs() -> None:
    recorder = Recorder()
    for meta in METAS:
        for where in ({}, {"edition": "v1"}, {"edition": "v1", "edition_date": "2026-11-25"}):
            standing.banner(meta, organisation="", today=DECEMBER_1, words=recorder, **where)
    standing.successor_date("2026-06-12", recorder)
    with words.catalog_path("en").open("rb") as file:
        english = {(m.context, m.id) for m in read_po(io.BytesIO(file.read())) if m.id}
    assert len(recorder.asked) >= 32  # all but the latest-text sentence, in notices
    assert recorder.asked <= english, sorted(
        recorder.asked - english
    )  # the other languages: test_translation_words


@pytest.mark.parametrize("language", ["ar", "es", "fr", "ru", "zh-Hans"])
def test_no_english_left_in_a_banner(language: str) -> None:
    for meta in METAS:
        text = said(meta, language, edition="v1", edition_date="2026-11-25")
        for english in (
            "adopted",
            "Adopted",
            "Working draft",
            "Superseded",
            "Official",
            "December",
            "Not an",
        ):
            assert english not in text, (language, text)
