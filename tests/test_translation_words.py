"""Accord's gettext catalogs: every language has every message, with the same placeholders."""

from __future__ import annotations

import gettext
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


@pytest.mark.parametrize("language", words.available())
def test_a_plain_language_code_gets_the_catalog_the_registry_would_choose(language: str) -> None:
    # The shortcut for a code that names a catalog (no BCP 47 registry to load) agrees with the
    # way through the registry: the locale it gives, then its language.
    through_registry = model.gettext_locale(language)
    expected = next(
        candidate
        for candidate in (through_registry, through_registry.split("_")[0])
        if words.catalog_path(candidate).is_file()
    )
    assert words.for_language(language) is words._compiled(expected)


@pytest.mark.parametrize("tag", ["../en", "en/../fr", "fr/../../../../etc", "fr\n", "EN", "en-GB"])
def test_a_tag_never_names_a_folder_of_its_own(tag: str) -> None:
    # A document's language tag is its text: "en/../fr" once named the French catalog's folder,
    # and babel then refused the locale with a traceback.
    assert not words._PLAIN.fullmatch(tag)
    found = words.for_language(tag)
    assert (
        found is words._compiled("en") if tag in {"EN", "en-GB"} else type(found) is gettext.NullTranslations
    )
