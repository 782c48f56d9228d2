"""The words Accord adds to pages (notices, boxes, switches), in the page's language.

The catalogs are gettext ``.po`` files, ``accord/locale/<locale>/LC_MESSAGES/accord.po``, as Sphinx
extensions lay them out (``app.add_message_catalog``). A page's language is not the build's
(``sphinx.locale`` translates for ``config.language`` only), so each page asks ``for_language``.
The ``.po`` files are compiled in memory with babel (a dependency of Sphinx) when first used:
the ``.po`` is the one source, no ``.mo`` goes stale in the repository or is generated into it,
and compiling the few dozen messages costs a millisecond.
"""

from __future__ import annotations

import gettext
import io
import re
from functools import cache
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from accord.translations import model

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
DOMAIN = "accord"


#: A language code alone, as the catalogs' folders are named (``en``, ``fr``).
_PLAIN = re.compile(r"[a-z]{2,3}")
#: A gettext locale: a language, then a region or a script (``pt_BR``, ``zh_Hant``).
_LOCALE = re.compile(r"[A-Za-z]{2,3}(?:_[A-Za-z0-9]{2,4})?")


def catalog_path(locale: str) -> Path:
    return LOCALE_DIR / locale / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def _compiled(locale: str) -> gettext.NullTranslations:
    path = catalog_path(locale)
    if not path.is_file():
        return gettext.NullTranslations()
    with path.open("rb") as file:
        catalog = read_po(file, locale=locale.replace("-", "_"), domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


@cache
def for_language(tag: str | None) -> gettext.NullTranslations:
    """The catalog for a BCP 47 tag: its locale (``pt_BR``), else its language (``pt``), else none."""
    if not tag:
        return gettext.NullTranslations()
    if _PLAIN.fullmatch(tag) and catalog_path(tag).is_file():
        # A plain language code that names a catalog is its own locale: without the BCP 47
        # registry, whose loading (langcodes) was a tenth of a second of every build's start.
        return _compiled(tag)
    locale = model.gettext_locale(tag)
    for candidate in dict.fromkeys((locale, locale.split("_")[0])):
        # Only a locale's shape names a folder: a tag is the document's text ("en/../fr").
        if _LOCALE.fullmatch(candidate) and catalog_path(candidate).is_file():
            return _compiled(candidate)
    return gettext.NullTranslations()


def translate(tag: str | None, message: str) -> str:
    """``message`` (English, the msgid) in the language ``tag``; English when there is no catalog."""
    return for_language(tag).gettext(message)


def translate_in(tag: str | None, context: str, message: str) -> str:
    """``message`` in a context (``status``, ``field``): one English word, two translations."""
    return for_language(tag).pgettext(context, message)


def available() -> list[str]:
    """The locales Accord has catalogs for."""
    return (
        sorted(p.name for p in LOCALE_DIR.iterdir() if catalog_path(p.name).is_file())
        if LOCALE_DIR.is_dir()
        else []
    )
