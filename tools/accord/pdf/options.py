"""Policy options in print: the options of a document that answer one question become one table,
headed by the question, with a row per option (the option and its description, the arguments for,
the arguments against, and who supports it)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes

from accord.options import group_label
from accord.pdf import escape

if TYPE_CHECKING:
    from accord.pdf.translator import TypstTranslator

    _Base = TypstTranslator
else:
    _Base = object

#: Relative widths of the columns: option, for, against, supported by.
COLUMNS = "(1.35fr, 1fr, 1fr, 0.75fr)"
HEADER = ("Option", "For", "Against", "Supported by")


def _classed(node: nodes.Element, name: str) -> list[nodes.Element]:
    return [child for child in node.children if name in child.get("classes", [])]


class OptionsMixin(_Base):
    def visit_policy_options(self, node: nodes.Element) -> None:
        question = _classed(node, "accord-options-question")
        title = self.capture(question[0].children) if question else ""
        header = "".join(f"[#strong[{escape.markup(label)}]], " for label in HEADER)
        rows = "".join(
            self._option_row(child) for child in node.children if child.__class__.__name__ == "policy_option"
        )
        self.block(
            f"{self.anchors(node)}#accord-table(\n  title: [{title}],\n  columns: {COLUMNS},\n"
            f"  table.header({header}),\n{rows})"
        )
        raise nodes.SkipNode

    def _option_row(self, option: nodes.Element) -> str:
        heading = _classed(option, "accord-option-title")
        described = _classed(option, "accord-option-description")
        title = self.capture(heading[0].children) if heading else escape.markup(option.get("title", ""))
        description = self.capture(described[0].children) if described else ""
        cells = [f"{self.anchors(option)}#strong[{title}]\n\n{description}"]
        for kind in ("for", "against"):
            arguments = [
                child
                for child in option.children
                if child.__class__.__name__ == "policy_arguments" and child.get("kind") == kind
            ]
            cells.append(
                "".join(
                    self.capture(
                        c for c in block.children if "accord-arguments-label" not in c.get("classes", [])
                    )
                    for block in arguments
                )
            )
        supporters = [*map(group_label, option.get("supporters", ())), *option.get("organisations", ())]
        if len(supporters) > 1:
            cells.append(
                "#accord-entries(" + "".join(f"[{escape.markup(name)}], " for name in supporters) + ")"
            )
        else:
            cells.append(escape.markup(supporters[0]) if supporters else "—")
        return "  " + ", ".join(f"[{cell}]" for cell in cells) + ",\n"

    # An option or its arguments outside a group (the check reports them) print as they come.
    def visit_policy_option(self, node: nodes.Element) -> None:
        self.passthrough(node)

    def visit_policy_arguments(self, node: nodes.Element) -> None:
        self.passthrough(node)
