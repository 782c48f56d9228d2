"""Formulas: LaTeX math as Typst math for print and as MathML for the web, or why it cannot be.

One model module, so that ``accord check`` refuses at its line what a build would refuse: the
PDF writer (accord.pdf.math), the web renderer (accord.sphinxext.mathml) and the check
(accord.checks.formulas) all ask the functions here.

The conversion is tex2typst's (PyPI tex2typst 0.1.7: the maintained tex2typst converter built
into a Rust extension; offline, deterministic, no process to start). Evaluated 2026-12 against:
pandoc (pypandoc-binary), which converts about as much of LaTeX math but ships a pandoc binary per
platform and runs it as a process for every conversion; and Typst's mitex package, which a build
would have to fetch from Typst Universe, which an offline, reproducible build cannot do.

tex2typst passes a command it does not know through as a bare name (``\\textbf{b}`` becomes
``textbf b``), which Typst would then reject without saying where. So the output is read back
with Typst's own lexical rules: every name must be one Typst's math scope defines (asked of the
installed Typst once), and nothing may leave the equation (no ``#`` code beyond the few inert
pieces tex2typst writes, such as ``#none`` and ``#h(1em)``; no ``$``, no comment),
whatever a hostile ``\\text{...}`` makes of the quotes. A formula that fails either test is
refused with the LaTeX command at fault, never handed to Typst.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from xml.etree import ElementTree

#: What an editor can do about a refused formula; the check and both writers give the same hint.
HINTS = {
    "BUILD007": "write the formula with the commands CONTRIBUTING.md lists (\\mathbf, \\frac, \\sum ...)",
    "BUILD008": "check that every brace and environment in the formula is closed",
}

# Typst math, read token by token: a string, an escaped character, the few pieces of code
# tex2typst writes (#none, #true, #center, #1, #h(1em), #h(-math.thin.amount)), a name (with
# modifiers), anything else that would leave the equation.
_TOKEN = re.compile(
    r'(?P<string>"(?:[^"\\]|\\.)*")'
    r"|(?P<escape>\\.)"
    r"|(?P<code>#(?:none|true|false|left|right|center|\d+)\b"
    r"|#h\(-?(?:[0-9]*\.?[0-9]+(?:em|pt|mm|cm|in|ex)|math\.(?:thin|med|thick|quad)\.amount)\))"
    r"|(?P<name>[A-Za-z]+(?:\.[A-Za-z]+)*)(?P<colon>:(?!:))?"
    r"|(?P<bad>[#$\"]|//|/\*)"
    r"|.",
    re.DOTALL,
)
_COMMENT = re.compile(r"(?<!\\)%.*$", re.MULTILINE)
_SPLIT = re.compile(r"\\(begin|end)\{split\}")
_UNKNOWN_ENVIRONMENT = re.compile(r"^Unimplemented beginend: (\S+)")
# Named arguments tex2typst writes (mat(delim: #none, ...), vec(delim: ...)).
_ARGUMENTS = frozenset({"delim", "augment", "gap", "align", "size", "limits"})
# LaTeX that tex2typst does not know, written as LaTeX it does: sizes of delimiters (Typst sizes
# them itself), norms, \stackrel, the numbering switches of amsmath (Sphinx numbers equations),
# \cr and the text boxes.
_ALIASES = [
    (re.compile(r"\\[bB]igg?[lrm]?(?![A-Za-z])"), ""),
    (re.compile(r"\\[lr]Vert(?![A-Za-z])"), r"\\|"),
    (re.compile(r"\\[lr]vert(?![A-Za-z])"), "|"),
    (re.compile(r"\\stackrel(?![A-Za-z])"), r"\\overset"),
    (re.compile(r"\\(?:notag|nonumber)(?![A-Za-z])"), ""),
    # A control space (a backslash at the end of a line, or of the formula) and tabs: white space.
    (re.compile(r"(?<!\\)((?:\\\\)*)\\\s*$"), r"\1"),
    (re.compile(r"(?<!\\)((?:\\\\)*)\\\n"), r"\1\\ "),
    (re.compile(r"\t"), " "),
    # Plain TeX's row end and the text boxes of LaTeX, common in economics lectures.
    (re.compile(r"\\cr(?![A-Za-z])"), r"\\\\"),
    (re.compile(r"\\(?:mbox|textrm|textnormal)(?![A-Za-z])"), r"\\text"),
]


@dataclass(frozen=True)
class Converted:
    """A formula as Typst math, or what stops it (``code`` BUILD007 or BUILD008 and a message)."""

    typst: str = ""
    code: str = ""
    problem: str = ""


@cache
def typst_names() -> frozenset[str]:
    """The names Typst math resolves: the math module (functions, operators) and every symbol."""
    import typst

    source = b"#metadata(dictionary(math).keys() + dictionary(sym).keys()) <names>"
    return frozenset(json.loads(typst.query(source, "<names>", field="value", one=True)))


def to_typst(latex: str) -> Converted:
    """``latex`` (the body of $...$, $$...$$ or {math}) as the body of a Typst equation."""
    import tex2typst

    # LaTeX drops a comment to the end of the line; tex2typst would make it a Typst comment.
    latex = _COMMENT.sub("", latex)
    # split is aligned inside an equation, which tex2typst knows.
    latex = _SPLIT.sub(r"\\\1{aligned}", latex)
    latex = latex.strip()
    for pattern, replacement in _ALIASES:
        latex = pattern.sub(replacement, latex)
    try:
        # One line: the formula's source lines are not lines of the printed formula.
        converted = " ".join(tex2typst.tex2typst(latex.strip()).split())
        # A line break that ends the formula breaks nothing, and "\$" would not end it in Typst.
        while converted.endswith("\\") and not converted.endswith("\\\\"):
            converted = converted[:-1].rstrip()
    except (ValueError, RuntimeError) as error:
        reason = str(error).splitlines()[0].removeprefix("Conversion failed: ")
        environment = _UNKNOWN_ENVIRONMENT.match(reason)
        if environment:
            return Converted(code="BUILD007", problem=f"environment '{environment[1]}' in {_short(latex)}")
        return Converted(code="BUILD008", problem=f"{reason} in {_short(latex)}")
    unknown = _unknown(converted)
    if unknown in {"#", "$", '"', "//", "/*"}:
        return Converted(
            code="BUILD008",
            problem=f"{unknown!r} would be read as Typst code or end the formula (a quotation mark in \\text?) in {_short(latex)}",
        )
    if unknown is not None:
        return Converted(code="BUILD007", problem=f"{_command(unknown, latex)} in {_short(latex)}")
    return Converted(typst=converted)


def _unknown(typst_math: str) -> str | None:
    """The first name Typst would not know, or text that would end the equation; None if safe."""
    names = typst_names()
    for token in _TOKEN.finditer(typst_math):
        if token["bad"]:
            return token["bad"]
        if token["code"]:
            continue
        name = token["name"]
        if not name or len(name) == 1:
            continue  # a single letter is a variable
        if token["colon"] and name in _ARGUMENTS:
            continue
        if name.split(".", 1)[0] not in names:
            return name.split(".", 1)[0]
    return None


def _command(name: str, latex: str) -> str:
    """How the author wrote the unknown ``name``: ``\\name`` when the LaTeX has it."""
    if re.search(rf"\\{re.escape(name)}(?![A-Za-z])", latex):
        return f"'\\{name}'"
    return repr(name)


def _short(latex: str) -> str:
    text = " ".join(latex.split())
    return "'" + (text if len(text) <= 60 else text[:57] + "...") + "'"


_NAMESPACE = "http://www.w3.org/1998/Math/MathML"
# MathML Core's presentational attributes; everything else (href, style, class, id) is dropped.
_ATTRIBUTES = frozenset(
    {
        "display", "displaystyle", "mathvariant", "mathsize", "mathcolor", "stretchy", "fence",
        "separator", "lspace", "rspace", "largeop", "movablelimits", "symmetric", "minsize",
        "maxsize", "accent", "accentunder", "linethickness", "columnalign", "rowalign",
        "columnspacing", "rowspacing", "columnlines", "rowlines", "frame", "framespacing",
        "equalrows", "equalcolumns", "notation", "width", "height", "depth", "voffset",
        "scriptlevel", "form", "xmlns",
    }
)  # fmt: skip


def to_mathml(latex: str, *, block: bool) -> str:
    """``latex`` as a ``<math>`` element; ValueError when latex2mathml cannot read it."""
    from xml.etree.ElementTree import tostring  # only with a formula: not on every check's path

    from latex2mathml.converter import convert_to_element

    try:
        root = convert_to_element(latex, display="block" if block else "inline")
    except Exception as error:  # latex2mathml raises its own exception types, or IndexError
        raise ValueError(f"{type(error).__name__} {error}".strip()) from error
    for element in root.iter():
        _clean(element)
    return tostring(root, encoding="unicode", short_empty_elements=False)


def _clean(element: ElementTree.Element) -> None:
    # latex2mathml writes characters as entity references ("&#x0003D;") into the text.
    element.text = html.unescape(element.text) if element.text else element.text
    element.tail = html.unescape(element.tail) if element.tail else element.tail
    for name in list(element.attrib):
        if name not in _ATTRIBUTES:
            del element.attrib[name]
        else:
            element.attrib[name] = html.unescape(element.attrib[name])
    if element.tag == "math":
        element.set("xmlns", _NAMESPACE)


_ALIGN = re.compile(r"\\(begin|end)\{align\}")


def unnumbered(latex: str) -> str:
    """``latex`` with align environments unnumbered: Sphinx numbers a block once, and latex2mathml
    would number each row of an align as well."""
    return _ALIGN.sub(r"\\\1{align*}", latex)


def equations(latex: str, *, nowrap: bool = False) -> list[str]:
    """The equations of a math block: Sphinx's {math} separates them by a blank line."""
    if nowrap:
        return [latex]
    return [part for part in latex.split("\n\n") if part.strip()]


def refusal(latex: str, *, block: bool, nowrap: bool = False) -> Converted:
    """Why a build would refuse the formula ``latex``, as the PDF writer then the web renderer
    see it; a Converted without ``code`` when both take it."""
    parts = equations(latex, nowrap=nowrap) if block else [latex]
    printed = to_typst(" \\\\\n".join(parts))
    if printed.code:
        return printed
    for part in parts:
        try:
            to_mathml(unnumbered(part) if block else part, block=block)
        except ValueError as error:
            return Converted(code="BUILD008", problem=f"{error} in {_short(part)}")
    return printed
