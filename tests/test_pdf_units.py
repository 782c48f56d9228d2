"""The PDF writer's small parts: escaping, lengths, languages, fonts, config checks."""

from __future__ import annotations

import io
import json
import re

import pypdf
import pytest
import typst
from sphinx.errors import ConfigError

from accord.pdf import escape, fonts, sources
from accord.pdf.config import DEBIAN_FONTS, PdfConfig, _check
from accord.pdf.translator import _length

NASTY = [
    r"# $ * _ ` < > @ [ ] \ ~ / = - + ",
    "= a heading?",
    "- a list?",
    "+ an enumeration?",
    "1. an enumeration? 2024. Then 3.14 and ...",
    "/ term: a term list?",
    "http://example.org and https://example.org/a_b*c*",
    "// not a comment /* nor this */",
    "<label> @reference #emph[code] $x^2$",
    "--- em -- en -? soft ~ nbsp",
    "back\\slash at the end \\",
    "`raw` and ```block```",
    "quotes \"double\" and 'single'",
    "Arabic السلام عليكم and Chinese 互联网治理",
]

FONTS = typst.Fonts(include_system_fonts=False, include_embedded_fonts=False, font_paths=list(DEBIAN_FONTS))


def pdf_text(source: str) -> str:
    pdf = typst.compile(source.encode(), font_paths=FONTS, ignore_system_fonts=True)
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)


def test_escaped_markup_prints_exactly_its_text() -> None:
    paragraphs = "\n\n".join(f"#block[{escape.markup(text)}]" for text in NASTY if "Arabic" not in text)
    source = f'#set text(font: "Noto Serif")\n#set page(width: 40cm)\n{paragraphs}'
    shown = " ".join(pdf_text(source).split())
    for text in NASTY:
        if "Arabic" not in text:
            # Straight quotes print as the language's quotation marks, on purpose.
            expected = text.replace('"double"', "“double”").replace("'single'", "‘single’")
            assert " ".join(expected.split()) in shown


def test_markup_never_starts_a_construct() -> None:
    for text in NASTY:
        marked = escape.markup(text)
        # Every special character is escaped, and no line break survives.
        assert "\n" not in marked
        assert not re.search(r"(?<!\\)[#$*_`<>@\[\]~/=+\-]", marked.replace("\\\\", ""))


@pytest.mark.parametrize("text", [*NASTY, "line\nbreak\ttab\r", 'a "quoted" \\ string'])
def test_strings_round_trip_through_typst(text: str) -> None:
    value = typst.eval(b"", escape.string(text), format="json", ignore_system_fonts=True)
    assert json.loads(value) == text


def test_control_characters_are_dropped() -> None:
    assert escape.markup("a\x00b\x07c") == "abc"
    assert escape.string("a\x01b") == '"ab"'


def test_labels_take_any_document_name() -> None:
    assert escape.label("positions/x y#sec-1") == 'label("positions/x y#sec-1")'


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("50%", "50%"),
        ("200px", "150pt"),
        ("200", "150pt"),
        ("3cm", "3cm"),
        ("1.5em", "1.5em"),
        ("wide", None),
    ],
)
def test_lengths(value: str, expected: str | None) -> None:
    assert _length(value) == expected


@pytest.mark.parametrize(
    ("tag", "expected"),
    [("en", ("en", None)), ("pt-BR", ("pt", "BR")), ("zh-Hant-TW", ("zh", "TW")), ("ar", ("ar", None))],
)
def test_bcp47_tags_become_typst_language_and_region(tag: str, expected: tuple[str, str | None]) -> None:
    assert sources.typst_language(tag) == expected


def test_cjk_family_follows_the_language() -> None:
    families = ["Noto Serif", "Noto Naskh Arabic", "Noto Serif CJK SC"]
    available = ["Noto Serif", "Noto Serif CJK SC", "Noto Serif CJK JP", "Noto Serif CJK TC"]
    assert fonts.for_language(families, "ja", available)[-1] == "Noto Serif CJK JP"
    assert fonts.for_language(families, "zh-Hant", available)[-1] == "Noto Serif CJK TC"
    assert fonts.for_language(families, "ko", available)[-1] == "Noto Serif CJK SC"  # no KR installed
    assert fonts.for_language(families, "en", available) == tuple(families)


def test_coverage_of_the_default_fonts() -> None:
    book = fonts.font_book(DEBIAN_FONTS)
    coverage = fonts.Coverage.of(book, PdfConfig().fonts)
    assert coverage.absent == ()
    assert coverage.missing("Latin é ß, Arabic السلام, Chinese 互联网 \u00a0\u200d") == []
    assert coverage.missing("hieroglyph 𓀀") == ["𓀀"]
    assert fonts.Coverage.of(book, ["No Such Font"]).absent == ("No Such Font",)


class _Config:
    def __init__(self, **values: object) -> None:
        for name, value in vars(PdfConfig(**values)).items():  # type: ignore[arg-type]
            setattr(self, f"accord_pdf_{name}", value)


def test_config_is_checked() -> None:
    _check(None, _Config(standard="a-2b"))  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match="accord_pdf_standard must be one of"):
        _check(None, _Config(standard="pdf-x"))  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match="at least one family"):
        _check(None, _Config(fonts=[]))  # type: ignore[arg-type]
    _check(None, _Config(volume_documents=0))  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match="accord_pdf_volume_documents must be 0"):
        _check(None, _Config(volume_documents=-1))  # type: ignore[arg-type]
