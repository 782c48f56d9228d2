"""Which files are translations, and what their language tags say (direction, names)."""

from __future__ import annotations

import re
from functools import cache
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from babel import Locale


#: The tag a translation's file name ends in: a language (two or three letters), an optional script
#: and an optional region (``fr``, ``zh-Hans``, ``pt-BR``, ``es-419``). Variants are left out on
#: purpose: a document id may hold dots, and ``x.ro-concepts`` must stay a document.
FILE_TAG = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z]{4})?(?:-(?:[A-Za-z]{2}|[0-9]{3}))?$")

#: Scripts written right to left; a tag without a script takes its language's likely one.
RTL_SCRIPTS = frozenset({"Arab", "Hebr", "Thaa", "Syrc", "Nkoo", "Adlm", "Rohg"})


def split(name: str) -> tuple[str, str] | None:
    """(source id, tag) of a translation's file name, stem or docname; None for a document."""
    stem = name.rpartition("/")[2].removesuffix(".md")  # not PurePosixPath: 3,000 calls in a check
    source, dot, tag = stem.rpartition(".")
    if not dot or not source or not FILE_TAG.match(tag):
        return None
    return source, tag


def is_translation(name: str) -> bool:
    return split(name) is not None


def source_name(name: str) -> str:
    """The path or docname of a translation's source: ``positions/x.fr.md`` -> ``positions/x.md``."""
    found = split(name)
    if found is None:
        return name
    path = PurePosixPath(name)
    suffix = ".md" if path.name.endswith(".md") else ""
    return str(path.with_name(found[0] + suffix))


@cache
def valid(tag: str) -> bool:
    """True for a well-formed BCP 47 tag whose subtags are registered (IANA), as langcodes reads it."""
    import langcodes  # its import builds its data (0.4 s): only when a language is given

    return isinstance(tag, str) and langcodes.tag_is_valid(tag)


@cache
def canonical(tag: str) -> str:
    """The tag as BCP 47 writes it (``zh-hans`` -> ``zh-Hans``); the tag itself when invalid."""
    import langcodes

    return langcodes.standardize_tag(tag) if valid(tag) else tag


def same(a: object, b: object) -> bool:
    return isinstance(a, str) and isinstance(b, str) and canonical(a).lower() == canonical(b).lower()


@cache
def direction(tag: str) -> str:
    """``rtl`` for Arabic, Persian, Hebrew, Urdu (any right-to-left script), else ``ltr``."""
    if not valid(tag):
        return "ltr"
    import langcodes

    script = langcodes.Language.get(tag).maximize().script
    return "rtl" if script in RTL_SCRIPTS else "ltr"


@cache
def _locale(tag: str) -> Locale | None:
    from babel import Locale, UnknownLocaleError  # not for a check, which only reads file names

    try:
        return Locale.parse(canonical(tag), sep="-")
    except (UnknownLocaleError, ValueError, TypeError):
        return None


@cache
def autonym(tag: str) -> str:
    """The language's name in itself (``français``, ``العربية``), as readers look for it; else the tag."""
    found = _locale(tag)
    name = found.get_display_name(found) if found is not None else None
    return name or tag


def gettext_locale(tag: str) -> str:
    """The catalog folder for a tag: ``zh-Hans`` -> ``zh``, ``pt-BR`` -> ``pt_BR``... as Sphinx names them."""
    found = _locale(tag)
    if found is None:
        return canonical(tag).split("-")[0]
    return str(found) if found.territory else found.language


def sphinx_locales(tag: str) -> list[str]:
    """The folder names Sphinx's and the theme's catalogs may use for ``tag``, best first:
    ``zh-Hans`` -> zh_CN, zh; ``pt-BR`` -> pt_BR, pt."""
    found = _locale(tag)
    if found is None:
        return [canonical(tag).split("-")[0]]
    names = []
    if found.territory:
        names.append(f"{found.language}_{found.territory}")
    if found.language == "zh":
        names.append("zh_TW" if found.script == "Hant" else "zh_CN")
    names.append(found.language)
    return list(dict.fromkeys(names))
