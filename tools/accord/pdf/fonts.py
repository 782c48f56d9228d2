"""Fonts: the folders Typst may read, the families for a language, the characters they cover.

Typst is given the font folders explicitly and never the system's fonts, and text falls back only
through the configured families, so that a PDF looks the same on every machine that has the same
font packages. A character none of those families covers would print as an empty box: the builder
warns about it instead of leaving the reader to find it.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import typst

# Characters that need no glyph: spaces, line and paragraph separators, format and control marks.
_NO_GLYPH = frozenset({"Zs", "Zl", "Zp", "Cc", "Cf"})

# The CJK families of Noto come in regional variants whose Han glyphs follow each region's norms.
_CJK_REGION = {"ja": "JP", "ko": "KR", "zh-hant": "TC", "zh-tw": "TC", "zh-hk": "HK", "zh-mo": "HK"}


@functools.cache
def font_book(paths: tuple[str, ...]) -> typst.Fonts:
    """The fonts in ``paths``, scanned once per process (about 0.2 s for Debian's Noto set)."""
    folders = [path for path in paths if Path(path).is_dir()]
    return typst.Fonts(include_system_fonts=False, include_embedded_fonts=False, font_paths=folders)


def for_language(families: Sequence[str], language: str, available: Iterable[str]) -> tuple[str, ...]:
    """``families`` with each CJK family switched to the regional variant of ``language``."""
    key = language.lower()
    region = _CJK_REGION.get(key) or _CJK_REGION.get(key.split("-", 1)[0])
    if region is None:
        return tuple(families)
    known = set(available)
    chosen = []
    for family in families:
        variant = family[:-2] + region if " CJK " in family and family[-2:].isupper() else family
        chosen.append(variant if variant in known else family)
    return tuple(chosen)


@functools.cache
def _cmap(path: str, index: int) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    with TTFont(path, fontNumber=index, lazy=True) as font:
        # Placeholder glyph names: otherwise fontTools parses a CJK font's whole CFF table for them.
        font.setGlyphOrder([f"g{number}" for number in range(font["maxp"].numGlyphs)])
        return frozenset(font.getBestCmap() or ())


@dataclass(frozen=True)
class Coverage:
    """Which characters a list of families can show. A font's character map is read only when
    the families before it leave characters uncovered (reading Noto CJK's takes half a second,
    and a Latin text never needs it)."""

    families: tuple[str, ...]
    found: tuple[str, ...]
    faces: tuple[tuple[str, int], ...]  # (path, index) of one face per family found, in order

    @classmethod
    def of(cls, book: typst.Fonts, families: Sequence[str]) -> Coverage:
        # One face per family is enough: the bold and italic faces cover the same characters.
        faces: dict[str, typst.FontInfo] = {}
        for info in book.fonts():
            if info.family in families and info.path is not None:
                best = faces.get(info.family)
                if best is None or _regularity(info) < _regularity(best):
                    faces[info.family] = info
        found = tuple(family for family in families if family in faces)
        return cls(tuple(families), found, tuple((str(faces[f].path), faces[f].index) for f in found))

    @property
    def absent(self) -> tuple[str, ...]:
        """Configured families that are not in the font folders."""
        return tuple(family for family in self.families if family not in self.found)

    def missing(self, characters: Iterable[str]) -> list[str]:
        """The characters that none of the families covers, in code point order."""
        left = {char for char in set(characters) if unicodedata.category(char) not in _NO_GLYPH}
        for path, index in self.faces:
            if not left:
                break
            covered = _cmap(path, index)
            left = {char for char in left if ord(char) not in covered}
        return sorted(left)


def _regularity(info: typst.FontInfo) -> tuple[int, int]:
    return (info.style != "normal", abs(info.weight - 400))
