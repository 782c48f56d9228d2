"""LaTeX math as Typst math, or the reason it cannot print.

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

import json
import re
from dataclasses import dataclass
from functools import cache

from docutils import nodes

from accord.catalogue import CODES
from accord.pdf import escape
from accord.pdf.problems import Problem

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
# them itself), norms, \stackrel, and the numbering switches of amsmath (Sphinx numbers equations).
_ALIASES = [
    (re.compile(r"\\[bB]igg?[lrm]?(?![A-Za-z])"), ""),
    (re.compile(r"\\[lr]Vert(?![A-Za-z])"), r"\\|"),
    (re.compile(r"\\[lr]vert(?![A-Za-z])"), "|"),
    (re.compile(r"\\stackrel(?![A-Za-z])"), r"\\overset"),
    (re.compile(r"\\(?:notag|nonumber)(?![A-Za-z])"), ""),
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


class MathMixin:
    """The translator's math: ``$...$`` and ``{math}`` inline, ``$$...$$`` and ``{math}`` blocks."""

    def _equation(self, node: nodes.Element) -> str | None:
        latex = node.astext()
        if isinstance(node, nodes.math_block) and not node.get("nowrap"):
            # Sphinx's {math} directive: equations separated by a blank line go on lines of their own.
            latex = " \\\\\n".join(part for part in latex.split("\n\n") if part.strip())
        converted = to_typst(latex)
        if converted.code:
            self.context.problems.append(  # type: ignore[attr-defined]
                Problem(converted.code, f"{CODES[converted.code].rule}: {converted.problem}", node)
            )
            return None
        self.context.formulas.append((node, converted.typst))  # type: ignore[attr-defined]
        return converted.typst

    def visit_math(self, node: nodes.math) -> None:
        body = self._equation(node)
        if body is not None:
            # No space inside the dollars: Typst sets the formula in the line.
            self.body.append(f"{self.anchors(node)}${body}$")  # type: ignore[attr-defined]
        raise nodes.SkipNode

    def visit_math_block(self, node: nodes.math_block) -> None:
        body = self._equation(node)
        if body is not None:
            number = node.get("number")
            numbered = f"number: {escape.string(str(number))}, " if number else ""
            # Spaces inside the dollars: Typst sets the formula as a block of its own.
            self.block(f"{self.anchors(node)}#accord-equation({numbered}$ {body} $)")  # type: ignore[attr-defined]
        raise nodes.SkipNode
