"""Print renderings of containers that mean more than their content: Accord's cover block and
sphinx-design's components.

sphinx-design leaves its components as ``container`` nodes marked ``design_component`` for any
output but HTML (its HTML transforms do not run for this builder), with the title of a dropdown or
the label of a tab as a leading ``rubric``. Paper cannot fold or switch: a dropdown prints open and
every tab prints, each under its label.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from docutils import nodes

from accord.pdf import escape

if TYPE_CHECKING:
    from accord.pdf.translator import TypstTranslator

    _Base = TypstTranslator
else:
    _Base = object

_COLOR = re.compile(r"^sd-(bg|outline)-(\w+)$")
# How many columns a grid gets on paper: the medium-screen count fits a printed page.
_GRID_COLUMNS = re.compile(r"^sd-row-cols-md-(\d+)$")
_GRID_DEFAULT = re.compile(r"^sd-row-cols-(\d+)$")

#: Components whose container only groups its content.
_PASSTHROUGH = frozenset({"grid-container", "card-body", "tab-content", "div", "card-overlay"})


class DesignMixin(_Base):
    """Special containers; ``visit_special_container`` returns False for a plain container."""

    def visit_special_container(self, node: nodes.container) -> bool:
        classes = node.get("classes", [])
        if "accord-notice" in classes:
            self._notice(node)
            return True
        if "accord-metadata" in classes:
            self._metadata(node)
            return True
        handler = self._components().get(str(node.get("design_component", "")))
        if handler is None:
            return False
        handler(node)
        return True

    def _components(self) -> dict[str, Callable[[nodes.container], None]]:
        return {
            "dropdown": self._dropdown,
            "tab-set": self._tab_set,
            "tab-item": self._tab_item,
            "card": self._wrap("accord-card"),
            "card-title": self._wrap("accord-card-title"),
            "card-header": self._wrap("accord-card-header"),
            "card-footer": self._wrap("accord-card-footer"),
            "grid-row": self._grid_row,
            "grid-item": self._wrap(""),
            **dict.fromkeys(_PASSTHROUGH, self._wrap("")),
        }

    # -- Accord's cover block

    def _notice(self, node: nodes.container) -> None:
        kind = escape.string(str(node.get("accord-notice", "")))
        self.block(f"{self.anchors(node)}#accord-notice({kind})[{self.capture(node.children)}]")

    def _metadata(self, node: nodes.container) -> None:
        rows = "".join(
            f"  {self._field(field)},\n"
            for fields in node.findall(nodes.field_list)
            for field in fields.children
        )
        self.block(f"{self.anchors(node)}#accord-metadata(\n{rows})")

    # -- sphinx-design

    def _titled(self, node: nodes.container, has_title: bool) -> tuple[str | None, str]:
        """(title, body) of a component whose first child is its title rubric."""
        children = list(node.children)
        title = None
        if has_title and children and isinstance(children[0], nodes.rubric):
            title = self.anchors(children[0]) + self.capture(children[0].children)
            children = children[1:]
        return title, self.capture(children)

    def _dropdown(self, node: nodes.container) -> None:
        title, body = self._titled(node, bool(node.get("has_title")))
        color = next((m[2] for c in node.get("title_classes", []) if (m := _COLOR.match(c))), None)
        arguments = [f"title: [{title}]" if title is not None else "title: none"]
        if color:
            arguments.append(f"color: {escape.string(color)}")
        self.block(f"{self.anchors(node)}#accord-dropdown({', '.join(arguments)})[{body}]")

    def _tab_set(self, node: nodes.container) -> None:
        self.block(f"{self.anchors(node)}#accord-tabs[{self.capture(node.children)}]")

    def _tab_item(self, node: nodes.container) -> None:
        label, body = self._titled(node, True)
        self.block(f"{self.anchors(node)}#accord-tab(label: [{label or ''}])[{body}]")

    def _grid_row(self, node: nodes.container) -> None:
        classes = node.get("classes", [])
        found = [m for pattern in (_GRID_COLUMNS, _GRID_DEFAULT) for c in classes if (m := pattern.match(c))]
        columns = int(found[0][1]) if found else 1
        items = "".join(f"  [{self.capture([item])}],\n" for item in node.children)
        self.block(f"{self.anchors(node)}#accord-grid(columns: {max(columns, 1)},\n{items})")

    def _wrap(self, function: str) -> Callable[[nodes.container], None]:
        def render(node: nodes.container) -> None:
            body = self.capture(node.children)
            self.block(f"{self.anchors(node)}#{function}[{body}]" if function else self.anchors(node) + body)

        return render

    def visit_PassthroughTextElement(self, node: nodes.Element) -> None:
        self.passthrough(node)

    def depart_PassthroughTextElement(self, node: nodes.Element) -> None:
        # It holds a card's title or link: text of its own, separated from what follows.
        if not isinstance(node.parent, nodes.TextElement):
            self.body.append("\n\n")

    def visit_sd_badge(self, node: nodes.Element) -> None:
        found = next((m for c in node.get("classes", []) if (m := _COLOR.match(c))), None)
        color = found[2] if found else "secondary"
        outline = "true" if found and found[1] == "outline" else "false"
        self.body.append(
            f"#accord-badge(color: {escape.string(color)}, outline: {outline})[{self.capture(node.children)}];"
        )
        raise nodes.SkipNode

    def visit_sd_line_break(self, node: nodes.Element) -> None:
        self.body.append(" \\\n")
        raise nodes.SkipNode
