"""Accord's gettext catalogs: every language has every message, with the same placeholders."""

from __future__ import annotations

import re

import pytest
from babel.messages.pofile import read_po

from accord.translations import model, words

LANGUAGES = ("ar", "zh", "en", "fr", "ru", "es")


def test_the_six_languages_have_catalogs() -> None:
    assert set(LANGUAGES) <= set(words.available())


@pytest.mark.parametrize("language", [lang for lang in LANGUAGES if lang != "en"])
def test_every_message_is_translated_with_its_placeholders(language: str) -> None:
    with words.catalog_path("en").open("rb") as file:
        english = {m.id: m for m in read_po(file) if m.id}
    with words.catalog_path(language).open("rb") as file:
        found = {m.id: m for m in read_po(file) if m.id}
    assert found.keys() == english.keys()
    for message in found.values():
        assert message.string, f"{language}: {message.id!r} is not translated"
        assert sorted(re.findall(r"%\(\w+\)s", message.string)) == sorted(
            re.findall(r"%\(\w+\)s", message.id)
        )


def test_a_page_language_chooses_the_catalog() -> None:
    assert words.translate("fr", "Languages") == "Langues"
    assert (
        words.translate("fr-CA", "Languages") == "Langues"
    )  # the language's catalog, without a regional one
    assert words.translate("zh-Hans", "Languages") == "语言"
    assert words.translate("de", "Languages") == "Languages"  # no catalog: English
    assert words.translate_in("fr", "status", "Adopted") == "Adopté"
    assert words.translate_in("fr", "field", "Adopted") == "Adoption"


@pytest.mark.parametrize(
    ("tag", "direction"),
    [("ar", "rtl"), ("fa", "rtl"), ("he", "rtl"), ("ur", "rtl"), ("fr", "ltr"), ("zh-Hans", "ltr")],
)
def test_direction(tag: str, direction: str) -> None:
    assert model.direction(tag) == direction
