"""The crosswalk matrix: a statement's principles (rows) by the principles of other frameworks
(columns).

``{crosswalk}`` in a statement of principles holds the mapping (read by :mod:`accord.crosswalk`,
checked by :mod:`accord.checks.crosswalk`); it stores it in the Accord domain and leaves a
placeholder where the statement shows its own matrix. ``{accord-crosswalk}`` on a page leaves a
placeholder for every statement's matrix. Placeholders are filled at ``doctree-resolved``, when
every statement's principles are known, so nothing is generated into the source tree; a page of
crosswalks is rewritten whenever what it shows changes.
"""

from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import make_refnode

from accord import crosswalk, numbering
from accord.sphinxext.domain import get_domain, is_document
from accord.vocabulary import CROSSWALK_DIRECTIVE, CROSSWALK_PAGE_DIRECTIVE

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment


class crosswalk_placeholder(nodes.General, nodes.Element):
    """Replaced by one statement's matrix (``docname`` set) or every statement's, at doctree-resolved."""


class CrosswalkDirective(SphinxDirective):
    """``{crosswalk} [caption]`` with the YAML mapping as its body."""

    has_content = True
    optional_arguments = 1
    final_argument_whitespace = True
    option_spec: ClassVar[dict[str, Any]] = {}

    def run(self) -> list[nodes.Node]:
        docname = self.env.docname
        if not is_document(docname) or not numbering.numbers_principles(docname.split("/", 1)[0]):
            return []  # META045, reported by the checks
        found, _ = crosswalk.parse("\n".join(self.content))  # problems are META04x, from the checks
        data = found.as_data()
        data["caption"] = " ".join((self.arguments[0] if self.arguments else "").split())
        get_domain(self.env).note_crosswalk(docname, data)
        node = crosswalk_placeholder(docname=docname)
        self.set_source_info(node)
        return [node]


class CrosswalkPageDirective(SphinxDirective):
    """``{accord-crosswalk}``: the matrix of every statement of principles that has a crosswalk."""

    has_content = False
    option_spec: ClassVar[dict[str, Any]] = {}

    def run(self) -> list[nodes.Node]:
        get_domain(self.env).note_crosswalk_page(self.env.docname)
        node = crosswalk_placeholder(docname="")
        self.set_source_info(node)
        return [node]


def _cell(*children: nodes.Node) -> nodes.entry:
    entry = nodes.entry()
    entry.extend(children)
    return entry


def matrix(app: Sphinx, fromdoc: str, docname: str) -> nodes.table:
    """One statement's crosswalk as a table: a row per principle, a column per framework."""
    domain = get_domain(app.env)
    data = domain.per_document("crosswalks")[docname]
    principles = domain.per_document("numbering").get(docname, {}).get("principles", {})
    frameworks = [(str(key), str(label)) for key, label in data["frameworks"]]
    # An id of its own: a titled table is numbered by the HTML writer, which needs one.
    table = nodes.table(
        ids=[f"crosswalk-{nodes.make_id(docname)}"], classes=["accord-crosswalk", "colwidths-given"]
    )
    if data.get("caption"):
        table += nodes.title("", data["caption"])
    group = nodes.tgroup(cols=len(frameworks) + 1)
    table += group
    # Our principle's heading is a little wider than a framework's column.
    group += nodes.colspec(colwidth=5)
    for _ in frameworks:
        group += nodes.colspec(colwidth=4)
    header = nodes.row()
    header += _cell(nodes.paragraph("", "Principle"))
    for key, label in frameworks:
        header += _cell(nodes.paragraph("", label, classes=[f"accord-framework-{nodes.make_id(key)}"]))
    group += nodes.thead("", header)
    body = nodes.tbody()
    for number in sorted(principles):
        row = nodes.row()
        link = make_refnode(
            app.builder,
            fromdoc,
            docname,
            numbering.anchor(numbering.PRINCIPLE, number),
            nodes.inline("", principles[number]),
        )
        row += _cell(nodes.paragraph("", "", link))
        mapped = data["rows"].get(str(number), {})
        for key, _ in frameworks:
            row += _cell(*(nodes.paragraph("", ref, classes=["accord-entry"]) for ref in mapped.get(key, ())))
        body += row
    group += body
    return table


def _statement_heading(app: Sphinx, fromdoc: str, docname: str) -> nodes.rubric:
    title = str(get_domain(app.env).documents.get(docname, {}).get("meta", {}).get("title", docname))
    link = nodes.reference("", title, internal=True, refuri=app.builder.get_relative_uri(fromdoc, docname))
    return nodes.rubric("", "", link, classes=["accord-crosswalk-statement"])


def _fill(app: Sphinx, doctree: nodes.document, fromdoc: str) -> None:
    crosswalks = get_domain(app.env).per_document("crosswalks")
    for placeholder in list(doctree.findall(crosswalk_placeholder)):
        docname = placeholder["docname"]
        if docname:
            content: list[nodes.Node] = [matrix(app, fromdoc, docname)] if docname in crosswalks else []
        else:
            content = []
            for name in sorted(crosswalks):
                content += [_statement_heading(app, fromdoc, name), matrix(app, fromdoc, name)]
            if not content:
                content = [
                    nodes.paragraph(
                        "",
                        "No statement of principles has a crosswalk yet.",
                        classes=["accord-crosswalk-empty"],
                    )
                ]
        placeholder.replace_self(content)


def _signature(env: BuildEnvironment) -> str:
    domain = get_domain(env)
    shown = sorted(
        (
            name,
            data,
            domain.per_document("numbering").get(name, {}).get("principles", {}),
            domain.documents.get(name, {}).get("meta", {}).get("title"),
        )
        for name, data in domain.per_document("crosswalks").items()
    )
    return hashlib.sha256(json.dumps(shown, sort_keys=True, default=str).encode()).hexdigest()


def _outdated_pages(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """The crosswalk pages, when a statement's crosswalk, principles or title changed."""
    domain = get_domain(env)
    current = _signature(env)
    changed = current != domain.data.get("crosswalk_signature")
    domain.data["crosswalk_signature"] = current
    return sorted(domain.data.setdefault("crosswalk_pages", set())) if changed else []


def setup_crosswalk(app: Sphinx) -> None:
    app.add_node(crosswalk_placeholder)
    app.add_directive(CROSSWALK_DIRECTIVE, CrosswalkDirective)
    app.add_directive(CROSSWALK_PAGE_DIRECTIVE, CrosswalkPageDirective)
    app.connect("doctree-resolved", _fill)
    app.connect("env-updated", _outdated_pages)
