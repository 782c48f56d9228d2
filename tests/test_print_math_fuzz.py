"""Generated LaTeX (seeded: every run tries the same), hostile included: a formula the converter
accepts stays inside its equation (no Typst code, no end of the formula), and when Typst refuses
it, it refuses it alone as well, so the build reports it at the formula's line (accord.pdf.probe)."""

from __future__ import annotations

import json
import random
import re

import pytest
import typst

from accord.formulas import to_typst
from accord.pdf import fonts
from accord.pdf.config import DEBIAN_FONTS

BENIGN = [
    *"abxy12{}[]()^_&=+-/<>|!.,;: '",
    *[r"\frac", r"\sqrt", r"\text{", r"\left(", r"\right)", r"\\", r"\mathbb{R}", r"\operatorname{"],
    *[r"\alpha", r"\sum", r"\hat", r"\cdot", r"\{", r"\}", r"\#", r"\$", r"\%", "%"],
    *[r"\begin{matrix}", r"\end{matrix}", r"\begin{cases}", r"\end{cases}"],
    *[r"\hspace{1em}", r"\operatorname*{", r"\bigl(", r"\bigr)", r"\!", r"\lVert"],
]
HOSTILE = [
    '"',
    "$",
    "#",
    "//",
    "/*",
    r"\label{x}",
    r"\href{",
    '" #read("conf.py") "',
    "#emph[x]",
    "`raw`",
    "@ref",
]
SETUP = '#set text(font: ("Noto Serif",))\n#show math.equation: set text(font: ("Noto Sans Math", "Noto Serif"))\n'
CODE = re.compile(
    r'"(?:[^"\\]|\\.)*"|\\.|#(?:none|true|false|left|right|center|\d+)\b|#h\([^()#$"]*\)|(?P<bad>[#$]|//|/\*)'
)


@pytest.fixture(scope="module")
def book() -> typst.Fonts:
    return fonts.font_book(DEBIAN_FONTS)


@pytest.fixture(scope="module")
def compiler(book: typst.Fonts) -> typst.Compiler:
    return typst.Compiler(root=".", font_paths=book, ignore_system_fonts=True)


def compiles(compiler: typst.Compiler, source: str) -> bool:
    try:
        compiler.compile(input=(SETUP + source).encode("utf-8"), format="svg")
    except typst.TypstError:
        return False
    return True


def generated(count: int) -> list[str]:
    """Formulas of up to eight pieces, mostly ordinary LaTeX with now and then a hostile piece; the
    same ones on every run (a seeded generator)."""
    rng = random.Random(11)
    pieces, weights = [*BENIGN, *HOSTILE], [8] * len(BENIGN) + [1] * len(HOSTILE)
    return ["".join(rng.choices(pieces, weights, k=rng.randint(1, 8))) for _ in range(count)]


@pytest.mark.parametrize("latex", generated(150))
def test_an_accepted_formula_stays_inside_its_equation(
    compiler: typst.Compiler, book: typst.Fonts, latex: str
) -> None:
    converted = to_typst(latex)
    if converted.code:
        assert converted.typst == "" and converted.problem
        return
    assert not any(found["bad"] for found in CODE.finditer(converted.typst)), converted.typst
    alone = compiles(compiler, f"$ {converted.typst} $")
    source = f"Before ${converted.typst}$ after. #metadata(1) <end>\n\n$ {converted.typst} $ end"
    if not alone:
        assert not compiles(compiler, source)
        return
    # Exactly the two formulas, and the text after the first one is still markup (its label).
    document = typst.Compiler(
        (SETUP + source).encode("utf-8"), root=".", font_paths=book, ignore_system_fonts=True
    )
    found = document.query("selector(math.equation).or(<end>)")
    assert sorted(element["func"] for element in json.loads(found)) == ["equation", "equation", "metadata"]
