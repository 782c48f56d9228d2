"""Policy options: ``{policy-option}`` with its ``{arguments-for}`` and ``{arguments-against}``,
grouped by question on the page, and ``{policy-options-map}``, the page that maps every option of
every document by question.

Parsing: each directive becomes a node (``policy_option``, ``policy_arguments``). At doctree-read,
consecutive options that answer one question are wrapped in a ``policy_options`` group headed by
the question (from questions.yaml), lettered A, B, C ..., and recorded in the Accord domain. The
map is a placeholder filled at doctree-resolved from the domain, so nothing is generated into the
source tree; it is rewritten whenever an option or the registry changes. The PDF prints each group
as a table (:mod:`accord.pdf.options`). The rules are in :mod:`accord.checks.options`.
"""

from __future__ import annotations

import hashlib
import json
import string
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import make_id

from accord import options
from accord.sphinxext import datafiles
from accord.sphinxext.domain import get_domain
from accord.vocabulary import ARGUMENT_DIRECTIVES, OPTION_DIRECTIVE, QUESTIONS_FILE, STATUS_LABELS

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment
    from sphinx.writers.html5 import HTML5Translator


class policy_options(nodes.General, nodes.Element):
    """The options of one document that answer one question, in a row: ``question`` (id)."""


class policy_option(nodes.General, nodes.Element):
    """One option: ``question``, ``title``, ``supporters`` (group slugs), ``organisations``."""


class policy_arguments(nodes.General, nodes.Element):
    """The arguments for or against an option: ``kind`` is ``for`` or ``against``."""


class options_map(nodes.General, nodes.Element):
    """Replaced by the map of every option at doctree-resolved: ``questions`` (ids, or all)."""


def _ids(value: str | None) -> list[str]:
    return [part for part in (value or "").replace(",", " ").split() if part]


class PolicyOption(SphinxDirective):
    """``{policy-option} Title`` with ``:question:``, ``:supporters:`` and ``:organisations:``; its
    body is the description followed by the two argument blocks."""

    optional_arguments = 1
    final_argument_whitespace = True
    has_content = True
    option_spec: ClassVar[dict[str, Any]] = {
        "question": directives.unchanged,
        "supporters": directives.unchanged,
        "organisations": directives.unchanged,
    }

    def run(self) -> list[nodes.Node]:
        title = " ".join((self.arguments[0] if self.arguments else "").split())
        question = self.options.get("question", "").strip()
        node = policy_option(
            question=question,
            title=title,
            supporters=options.split_supporters(self.options.get("supporters", "")),
            organisations=options.split_organisations(self.options.get("organisations", "")),
        )
        self.set_source_info(node)
        node["ids"].append(make_id(self.env, self.state.document, "option", options.slug(title)))
        self.state.document.note_explicit_target(node)
        heading = nodes.paragraph("", "", classes=["accord-option-title"])
        heading += nodes.inline("", "", classes=["accord-option-letter"])  # filled when grouped
        heading += nodes.Text(title)
        node += heading
        parsed = self.parse_content_to_nodes()
        described = [child for child in parsed if not isinstance(child, policy_arguments)]
        node += nodes.container("", *described, classes=["accord-option-description"])
        # For before against, whatever order they were written in.
        for kind in ("for", "against"):
            node.extend(
                child for child in parsed if isinstance(child, policy_arguments) and child["kind"] == kind
            )
        supporters = supporter_text(node)
        if supporters:
            line = nodes.paragraph("", "", classes=["accord-option-supporters"])
            line += nodes.strong("", "Supported by:")
            line += nodes.Text(f" {supporters}")
            node += line
        return [node]


def supporter_text(node: nodes.Element) -> str:
    """'Civil society; Technical community; Example Network': groups, then organisations."""
    return "; ".join([*map(options.group_label, node["supporters"]), *node["organisations"]])


class Arguments(SphinxDirective):
    """``{arguments-for}`` and ``{arguments-against}``: the body is the arguments, often a list."""

    has_content = True

    def run(self) -> list[nodes.Node]:
        kind = self.name.rsplit("-", 1)[-1]
        node = policy_arguments(kind=kind, classes=[f"accord-arguments-{kind}"])
        self.set_source_info(node)
        node += nodes.paragraph("", ARGUMENT_DIRECTIVES[self.name], classes=["accord-arguments-label"])
        node.extend(self.parse_content_to_nodes())
        return [node]


class OptionsMap(SphinxDirective):
    """``{policy-options-map}``: every option of every document, by question; ``:question:``
    limits it to some question ids."""

    option_spec: ClassVar[dict[str, Any]] = {"question": directives.unchanged}

    def run(self) -> list[nodes.Node]:
        get_domain(self.env).data.setdefault("option_maps", set()).add(self.env.docname)
        datafiles.note(self.env, self.env.docname, QUESTIONS_FILE)
        node = options_map(questions=_ids(self.options.get("question")))
        self.set_source_info(node)
        return [node]


# -- grouping, at doctree-read


def _letter(index: int) -> str:
    letters = string.ascii_uppercase
    return letters[index] if index < len(letters) else str(index + 1)


def _question_line(question: options.Question | None, question_id: str) -> nodes.paragraph:
    line = nodes.paragraph("", "", classes=["accord-options-question"])
    if question is None:
        line += nodes.strong("", f"Question {question_id or '(none given)'}")
        return line
    line += nodes.strong("", f"{question.title}:")
    line += nodes.Text(f" {question.text}")
    return line


def _group(app: Sphinx, doctree: nodes.document) -> None:
    env = app.env
    found = list(doctree.findall(policy_option))
    if not found:
        return
    datafiles.note(env, env.docname, QUESTIONS_FILE)
    registry = options.load_questions(Path(app.srcdir))
    records: list[dict[str, Any]] = []
    parents = []
    for option in found:
        if option.parent is not None and option.parent not in parents:
            parents.append(option.parent)
    for parent in parents:
        children = list(parent.children)
        rebuilt: list[nodes.Node] = []
        index = 0
        while index < len(children):
            child = children[index]
            if not isinstance(child, policy_option):
                rebuilt.append(child)
                index += 1
                continue
            run = [child]
            while (
                index + len(run) < len(children)
                and isinstance(children[index + len(run)], policy_option)
                and children[index + len(run)]["question"] == child["question"]
            ):
                run.append(children[index + len(run)])
            index += len(run)
            group = policy_options(question=child["question"])
            group["ids"].append(make_id(env, doctree, "question", child["question"] or "options"))
            group.source, group.line = child.source, child.line
            doctree.note_explicit_target(group)
            group += _question_line(registry.by_id.get(child["question"]), child["question"])
            for number, option in enumerate(run):
                letter = _letter(number)
                option["letter"] = letter
                slot = next(option.findall(nodes.inline), None)
                if slot is not None and "accord-option-letter" in slot["classes"]:
                    slot += nodes.Text(f"Option {letter}: ")
                description = next(
                    (c for c in option.children if "accord-option-description" in c.get("classes", [])), None
                )
                records.append(
                    {
                        "question": option["question"],
                        "title": option["title"],
                        "letter": letter,
                        "anchor": option["ids"][0],
                        "supporters": list(option["supporters"]),
                        "organisations": list(option["organisations"]),
                        "description": " ".join(description.astext().split()) if description else "",
                    }
                )
                group += option
            rebuilt.append(group)
        parent.children = []
        parent.extend(rebuilt)
    get_domain(env).per_document("options")[env.docname] = records


# -- the map, at doctree-resolved


def _cell(*content: nodes.Node) -> nodes.entry:
    return nodes.entry("", *content)


def _row(*cells: nodes.entry) -> nodes.row:
    return nodes.row("", *cells)


def _table(
    app: Sphinx, fromdoc: str, chosen: list[tuple[str, dict[str, Any], dict[str, Any]]]
) -> nodes.table:
    table = nodes.table(classes=["accord-options-map"])
    group = nodes.tgroup(cols=3)
    table += group
    for width in (45, 30, 25):
        group += nodes.colspec(colwidth=width)
    head = nodes.thead()
    headings = ("Option", "Set out in", "Supported by")
    head += _row(*(_cell(nodes.paragraph("", text)) for text in headings))
    group += head
    body = nodes.tbody()
    for docname, meta, record in chosen:
        uri = app.builder.get_relative_uri(fromdoc, docname)
        option = nodes.paragraph()
        option += nodes.reference("", record["title"], internal=True, refuri=f"{uri}#{record['anchor']}")
        first = [option]
        if record["description"]:
            first.append(nodes.paragraph("", record["description"], classes=["accord-option-summary"]))
        status = str(meta.get("status", ""))
        where = nodes.paragraph()
        where += nodes.reference("", str(meta.get("title", docname)), internal=True, refuri=uri)
        where += nodes.Text(f" ({STATUS_LABELS.get(status, status).lower()}, option {record['letter']})")
        # One paragraph per supporter, so that print (and screen) never runs two of them together.
        supporters = [*map(options.group_label, record["supporters"]), *record["organisations"]]
        cell = [nodes.paragraph("", name, classes=["accord-entry"]) for name in supporters]
        cell = cell or [nodes.paragraph("", "—")]
        if app.builder.format == "html":
            # On a phone the map is a list of cards without the header row (accord.css): each
            # cell names what it holds; the label is hidden where the header row shows.
            for paragraph, label in ((where, headings[1]), (cell[0], headings[2])):
                paragraph.insert(0, nodes.inline("", label, classes=["accord-cell-label"]))
        body += _row(_cell(*first), _cell(where), _cell(*cell))
    group += body
    return table


def _fill(app: Sphinx, doctree: nodes.document, fromdoc: str) -> None:
    placeholders = list(doctree.findall(options_map))
    if not placeholders:
        return
    domain = get_domain(app.env)
    registry = options.load_questions(Path(app.srcdir))
    answered: dict[str, list[tuple[str, dict[str, Any], dict[str, Any]]]] = {}
    for docname, records in sorted(domain.per_document("options").items()):
        meta = domain.documents.get(docname, {}).get("meta", {})
        for record in records:
            answered.setdefault(record["question"], []).append((docname, meta, record))
    for placeholder in placeholders:
        wanted = placeholder["questions"] or list(registry.by_id)
        content: list[nodes.Node] = []
        for question_id in wanted:
            question = registry.by_id.get(question_id)
            heading = nodes.rubric(
                "", question.title if question else question_id, classes=["accord-options-heading"]
            )
            heading["ids"].append(f"question-{question_id}")
            content.append(heading)
            if question is not None and question.text:
                content.append(nodes.paragraph("", question.text, classes=["accord-options-question"]))
            chosen = sorted(
                answered.get(question_id, []),
                key=lambda item: (str(item[1].get("title", item[0])).casefold(), item[2]["letter"]),
            )
            if chosen:
                content.append(_table(app, fromdoc, chosen))
            else:
                content.append(
                    nodes.paragraph(
                        "",
                        "No document sets out options on this question yet.",
                        classes=["accord-options-empty"],
                    )
                )
        if not wanted:
            content.append(nodes.paragraph("", f"No questions are declared in {QUESTIONS_FILE} yet."))
        placeholder.replace_self(content)


def _outdated_maps(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """The map pages, when an option, a document's title or status, or the registry changed."""
    domain = get_domain(env)
    shown = {
        docname: (
            records,
            domain.documents.get(docname, {}).get("meta", {}).get("title"),
            domain.documents.get(docname, {}).get("meta", {}).get("status"),
        )
        for docname, records in domain.per_document("options").items()
    }
    state = json.dumps(
        [sorted(shown.items()), datafiles.digest(Path(env.srcdir) / QUESTIONS_FILE)], sort_keys=True
    )
    signature = hashlib.sha256(state.encode()).hexdigest()
    previous = domain.data.get("options_signature")
    domain.data["options_signature"] = signature
    if previous is not None and previous != signature:
        return sorted(domain.data.get("option_maps", set()))
    return []


# -- HTML


def _visit_group(self: HTML5Translator, node: nodes.Element) -> None:
    self.body.append(self.starttag(node, "div", CLASS="accord-options"))


def _visit_option(self: HTML5Translator, node: nodes.Element) -> None:
    self.body.append(self.starttag(node, "div", CLASS="accord-option"))


def _visit_arguments(self: HTML5Translator, node: nodes.Element) -> None:
    self.body.append(self.starttag(node, "div", CLASS="accord-arguments"))


def _depart_div(self: HTML5Translator, node: nodes.Element) -> None:
    self.body.append("</div>\n")


def _visit_plain(self: Any, node: nodes.Element) -> None:
    """Other writers (text, LaTeX ...) print the content as it comes."""


def _depart_plain(self: Any, node: nodes.Element) -> None:
    pass


_PLAIN = dict.fromkeys(("text", "latex", "man", "texinfo"), (_visit_plain, _depart_plain))


def setup_options(app: Sphinx) -> None:
    app.add_node(policy_options, html=(_visit_group, _depart_div), **_PLAIN)
    app.add_node(policy_option, html=(_visit_option, _depart_div), **_PLAIN)
    app.add_node(policy_arguments, html=(_visit_arguments, _depart_div), **_PLAIN)
    app.add_node(options_map)
    app.add_directive(OPTION_DIRECTIVE, PolicyOption)
    for name in ARGUMENT_DIRECTIVES:
        app.add_directive(name, Arguments)
    app.add_directive("policy-options-map", OptionsMap)
    app.connect("doctree-read", _group)
    app.connect("doctree-resolved", _fill)
    app.connect("env-updated", _outdated_maps)
