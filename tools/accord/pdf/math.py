"""The PDF writer's formulas: Typst equations from accord.formulas, or a located problem."""

from __future__ import annotations

from docutils import nodes

from accord.catalogue import CODES
from accord.formulas import equations, to_typst
from accord.pdf import escape
from accord.pdf.problems import Problem


class MathMixin:
    """The translator's math: ``$...$`` and ``{math}`` inline, ``$$...$$`` and ``{math}`` blocks."""

    def _equation(self, node: nodes.Element) -> str | None:
        latex = node.astext()
        if isinstance(node, nodes.math_block) and not node.get("nowrap"):
            # Sphinx's {math} directive: equations separated by a blank line go on lines of their own.
            latex = " \\\\\n".join(equations(latex))
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
