"""A docutils visitor that writes one document's doctree as Typst markup.

Every node type the writer knows has a ``visit_`` method here or in :mod:`accord.pdf.design`.
Dispatch goes by the exact class name, not by inheritance, so that an unfamiliar subclass of a
familiar node is reported instead of being printed as something it is not; :meth:`unknown_visit`
records such a node and the builder reports it as ``BUILD003``.

Output conventions: a block ends with a blank line; an inline call ends with ``;`` so that the text
after it (``.com``, ``(note)``) is never read as a continuation of the call. Anchors become labels
``"<docname>#<id>"`` on invisible ``metadata`` elements, unique across the compendium; internal
links are placeholders that :mod:`accord.pdf.links` resolves per PDF.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from docutils import nodes
from sphinx.locale import admonitionlabels

from accord.pdf import escape, links
from accord.pdf.design import DesignMixin
from accord.pdf.math import MathMixin
from accord.pdf.options import OptionsMixin
from accord.pdf.problems import Problem

#: Where a link to another Sphinx document points: the builder's ``get_target_uri`` prefix.
DOC_SCHEME = "accord-pdf:"

#: Image types Typst can place, by file suffix.
IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".pdf"})

_ADMONITIONS = frozenset(
    {"attention", "caution", "danger", "error", "hint", "important", "note", "tip", "warning", "seealso"}
)
#: The class of a paragraph that is one of several entries of a table cell (a crosswalk cell's
#: headings, an option's supporters): printed one per line, each marked (template.typ).
ENTRY = "accord-entry"
_ENUM = {"arabic": "1", "loweralpha": "a", "upperalpha": "A", "lowerroman": "i", "upperroman": "I"}
_LENGTH = re.compile(r"^\s*([0-9.]+)\s*(%|px|pt|mm|cm|in|em)?\s*$")
_NO_LANGUAGE = frozenset({"", "default", "none", "text", "plain", "guess"})


@dataclass
class Context:
    """What the translator needs to know about the build, beyond the doctree."""

    docname: str
    #: URL of a page of the site (its HTML), for links the PDF cannot resolve; None: no link.
    page_url: Callable[[str], str | None]
    srcdir: Path
    problems: list[Problem] = field(default_factory=list)
    #: The labels this document's Typst defines, and its internal links, for links.resolve.
    labels: set[str] = field(default_factory=set)
    links: list[links.Link] = field(default_factory=list)
    text_chars: set[str] = field(default_factory=set)
    code_chars: set[str] = field(default_factory=set)
    #: Each formula node and its Typst math, to find the one Typst refuses (accord.pdf.probe).
    formulas: list[tuple[nodes.Node, str]] = field(default_factory=list)
    #: Figure, table and code numbers as the web page shows them (numfig): kind -> id -> numbers,
    #: and the text around a number by kind ("Fig. %s"); empty when numfig is off.
    fignumbers: dict[str, dict[str, tuple[int, ...]]] = field(default_factory=dict)
    numfig_format: dict[str, str] = field(default_factory=dict)


class TypstTranslator(MathMixin, OptionsMixin, DesignMixin, nodes.NodeVisitor):
    def __init__(self, document: nodes.document, context: Context) -> None:
        super().__init__(document)
        self.context = context
        self.docname = context.docname
        self.body: list[str] = []
        self.section_level = 0

    # -- machinery

    def dispatch_visit(self, node: nodes.Node) -> None:
        method = getattr(self, f"visit_{node.__class__.__name__}", None)
        if method is None:
            self.unknown_visit(node)
        else:
            method(node)

    def dispatch_departure(self, node: nodes.Node) -> None:
        method = getattr(self, f"depart_{node.__class__.__name__}", None)
        if method is not None:
            method(node)

    def unknown_visit(self, node: nodes.Node) -> None:
        name = node.__class__.__name__
        self.context.problems.append(
            Problem(
                "BUILD003",
                "every node type in a document must have a PDF rendering: "
                f"{name!r} (from {node.__class__.__module__}) in {self.docname}",
                node,
            )
        )
        raise nodes.SkipNode

    def astext(self) -> str:
        return "".join(self.body).strip() + "\n"

    def capture(self, children: Iterable[nodes.Node]) -> str:
        """The Typst of ``children``, rendered apart from the main output and stripped."""
        saved, self.body = self.body, []
        try:
            for child in children:
                child.walkabout(self)
            return "".join(self.body).strip()
        finally:
            self.body = saved

    def label(self, node_id: str) -> str:
        key = f"{self.docname}#{node_id}"
        self.context.labels.add(key)
        return escape.label(key)

    def anchors(self, node: nodes.Element) -> str:
        """Invisible, linkable points for each id of ``node``."""
        return "".join(f"#metadata(none)#{self.label(node_id)};" for node_id in node.get("ids", ()))

    def block(self, text: str) -> None:
        self.body.append(text + "\n\n")

    def skip(self, node: nodes.Node) -> None:
        raise nodes.SkipNode

    def passthrough(self, node: nodes.Node) -> None:
        if isinstance(node, nodes.Element):
            self.body.append(self.anchors(node))

    # -- structure

    def visit_document(self, node: nodes.document) -> None:
        self.context.labels.add(self.docname)
        self.body.append(f"#metadata(none)#{escape.label(self.docname)};\n")

    def visit_section(self, node: nodes.section) -> None:
        self.section_level += 1

    def depart_section(self, node: nodes.section) -> None:
        self.section_level -= 1

    def visit_title(self, node: nodes.title) -> None:
        if not isinstance(node.parent, nodes.section):
            # Titles of tables, admonitions and topics are read by their parent's visitor.
            self.unknown_visit(node)
        section = node.parent
        ids = section.get("ids", [])
        text = self.capture(node.children)
        labels = "".join(f" #{self.label(node_id)};" for node_id in ids[:1])
        extra = "".join(f"#metadata(none)#{self.label(node_id)};" for node_id in ids[1:])
        self.block(f"#heading(depth: {max(self.section_level, 1)})[{text}]{labels}{extra}")
        raise nodes.SkipNode

    def visit_paragraph(self, node: nodes.paragraph) -> None:
        self.body.append(self.anchors(node))

    def depart_paragraph(self, node: nodes.paragraph) -> None:
        self.body.append("\n\n")

    def visit_para_number(self, node: nodes.Element) -> None:
        # The same number as the web page's, in the margin (accord.sphinxext.paragraphs).
        self.body.append(f"#accord-para({escape.string(str(node['number']))});")
        raise nodes.SkipNode

    def visit_compact_paragraph(self, node: nodes.Element) -> None:
        self.visit_paragraph(node)  # type: ignore[arg-type]

    def depart_compact_paragraph(self, node: nodes.Element) -> None:
        self.depart_paragraph(node)  # type: ignore[arg-type]

    visit_compound = passthrough
    visit_versionmodified = passthrough
    visit_hlist = passthrough  # columns are a screen layout: the lists print one after the other
    visit_hlistcol = passthrough
    visit_problematic = passthrough
    visit_generated = passthrough
    visit_abbreviation = passthrough
    visit_acronym = passthrough
    visit_pending_xref = passthrough  # left unresolved: Sphinx has already put the text in it
    # A {glossary} holds a definition list whose terms carry the ids {term} links jump to.
    visit_glossary = passthrough

    # Invisible in print: navigation, index entries, comments, definitions, reported messages.
    visit_comment = skip
    visit_substitution_definition = skip
    visit_system_message = skip
    visit_index = skip
    visit_toctree = skip
    visit_meta = skip
    visit_pending = skip
    visit_only = passthrough  # what survives the only-transform is meant for this output

    def visit_inline(self, node: nodes.inline) -> None:
        prefix = "accord-status-"
        status = next((c[len(prefix) :] for c in node.get("classes", []) if c.startswith(prefix)), None)
        if status is None:
            self.passthrough(node)
            return
        self.body.append(f"#accord-status({escape.string(status)})[{self.capture(node.children)}];")
        raise nodes.SkipNode

    def visit_target(self, node: nodes.target) -> None:
        self.body.append(self.anchors(node))
        raise nodes.SkipNode

    def visit_Text(self, node: nodes.Text) -> None:
        text = node.astext()
        self.context.text_chars.update(text)
        self.body.append(escape.markup(text))

    def visit_transition(self, node: nodes.transition) -> None:
        self.block("#accord-transition()")
        raise nodes.SkipNode

    def visit_rubric(self, node: nodes.rubric) -> None:
        self.block(f"{self.anchors(node)}#accord-rubric[{self.capture(node.children)}]")
        raise nodes.SkipNode

    def visit_container(self, node: nodes.container) -> None:
        if self.visit_special_container(node):
            raise nodes.SkipNode
        self.body.append(self.anchors(node))

    # -- inline markup

    def _inline(self, node: nodes.Element, function: str) -> None:
        self.body.append(f"{self.anchors(node)}#{function}[{self.capture(node.children)}];")
        raise nodes.SkipNode

    def visit_emphasis(self, node: nodes.emphasis) -> None:
        self._inline(node, "emph")

    def visit_title_reference(self, node: nodes.title_reference) -> None:
        self._inline(node, "emph")

    def visit_strong(self, node: nodes.strong) -> None:
        self._inline(node, "strong")

    def visit_subscript(self, node: nodes.subscript) -> None:
        self._inline(node, "sub")

    def visit_superscript(self, node: nodes.superscript) -> None:
        self._inline(node, "super")

    def _raw(self, node: nodes.Element) -> str:
        text = node.astext()
        self.context.code_chars.update(text)
        return f"#raw({escape.string(text)});"

    def visit_literal(self, node: nodes.literal) -> None:
        self.body.append(self.anchors(node) + self._raw(node))
        raise nodes.SkipNode

    def visit_literal_emphasis(self, node: nodes.Element) -> None:
        self.body.append(f"#emph[{self._raw(node)}];")
        raise nodes.SkipNode

    def visit_literal_strong(self, node: nodes.Element) -> None:
        self.body.append(f"#strong[{self._raw(node)}];")
        raise nodes.SkipNode

    # -- links

    def visit_reference(self, node: nodes.reference) -> None:
        text = self.capture(node.children) or escape.markup(node.get("refuri", ""))
        self.body.append(self.anchors(node) + self.link(node, text))
        raise nodes.SkipNode

    def link(self, node: nodes.Element, text: str) -> str:
        if node.get("refid"):
            return self.internal(f"{self.docname}#{node['refid']}", None, text)
        uri = node.get("refuri") or ""
        if uri.startswith(DOC_SCHEME):
            return self.document_link(uri[len(DOC_SCHEME) :], text)
        if uri:
            return f"#link({escape.string(uri)})[{text}];"
        return text  # a link the safety transform disarmed, or one with nowhere to go

    def document_link(self, target: str, text: str) -> str:
        """A link to a Sphinx page: a jump where the PDF holds it, its web page elsewhere."""
        docname, _, anchor = target.partition("#")
        url = self.context.page_url(docname)
        if url and anchor:
            url += f"#{anchor}"
        return self.internal(f"{docname}#{anchor}" if anchor else docname, url, text)

    def internal(self, target: str, url: str | None, text: str) -> str:
        self.context.links.append(links.Link(target, url, text))
        return links.placeholder(len(self.context.links) - 1)

    visit_number_reference = visit_reference
    visit_download_reference = passthrough  # the file is a web download; print its name

    def visit_footnote_reference(self, node: nodes.footnote_reference) -> None:
        number = escape.markup(node.astext())
        # A note mark sits on the word it follows; marks in a row are told apart by commas.
        if self.body and self.body[-1].endswith(" "):
            self.body[-1] = self.body[-1].rstrip(" ")
        previous = node.previous_sibling() if node.parent is not None else None
        if isinstance(previous, nodes.footnote_reference):
            self.body.append("#super[,];")
        self.body.append(f"#accord-fnref[{number}];")
        raise nodes.SkipNode

    def visit_citation_reference(self, node: nodes.citation_reference) -> None:
        text = escape.markup(f"[{node.astext()}]")
        self.body.append(self.link(node, text) if node.get("refid") else text)
        raise nodes.SkipNode

    def visit_footnote(self, node: nodes.footnote) -> None:
        label = next((child for child in node.children if isinstance(child, nodes.label)), None)
        number = self.capture(label.children) if label is not None else ""
        body = self.capture(child for child in node.children if child is not label)
        self.block(f"#accord-footnote([{number}])[{self.anchors(node)}{body}]")
        raise nodes.SkipNode

    visit_citation = visit_footnote

    # -- lists

    def _items(self, node: nodes.Element) -> str:
        return "".join(f"  [{self.capture(item.children)}],\n" for item in node.children)

    def _tight(self, node: nodes.Element) -> str:
        # Items of several paragraphs need the space between paragraphs; a nested list does not.
        loose = any(sum(isinstance(c, nodes.paragraph) for c in item.children) > 1 for item in node.children)
        return "false" if loose else "true"

    def visit_bullet_list(self, node: nodes.bullet_list) -> None:
        self.block(f"{self.anchors(node)}#list(tight: {self._tight(node)},\n{self._items(node)})")
        raise nodes.SkipNode

    def visit_enumerated_list(self, node: nodes.enumerated_list) -> None:
        pattern = (
            node.get("prefix", "") + _ENUM.get(node.get("enumtype", "arabic"), "1") + node.get("suffix", ".")
        )
        start = node.get("start", 1)
        self.block(
            f"{self.anchors(node)}#enum(tight: {self._tight(node)}, start: {start}, "
            f"numbering: {escape.string(pattern)},\n{self._items(node)})"
        )
        raise nodes.SkipNode

    def visit_definition_list(self, node: nodes.definition_list) -> None:
        self.body.append(self.anchors(node))

    def visit_definition_list_item(self, node: nodes.definition_list_item) -> None:
        terms: list[str] = []
        definitions: list[str] = []
        for child in node.children:
            if isinstance(child, nodes.term):
                terms.append(self.anchors(child) + self.capture(child.children))
            elif isinstance(child, nodes.classifier):
                terms[-1] += f" : #emph[{self.capture(child.children)}];"
            elif isinstance(child, nodes.definition):
                definitions.append(self.capture(child.children))
            else:
                self.unknown_visit(child)
        term = " \\\n".join(terms)
        rest = "".join(f", [{definition}]" for definition in definitions)
        self.block(f"{self.anchors(node)}#accord-term([{term}]{rest})")
        raise nodes.SkipNode

    def visit_field_list(self, node: nodes.field_list) -> None:
        rows = "".join(f"  {self._field(field)},\n" for field in node.children)
        self.block(f"{self.anchors(node)}#accord-fields(\n{rows})")
        raise nodes.SkipNode

    def _field(self, field: nodes.Element) -> str:
        name, body = field.children[0], field.children[1]
        return f"([{self.capture(name.children)}], [{self.capture(body.children)}])"

    # -- tables

    def visit_table(self, node: nodes.table) -> None:
        title = next((child for child in node.children if isinstance(child, nodes.title)), None)
        groups = [child for child in node.children if isinstance(child, nodes.tgroup)]
        if len(groups) != 1:
            self.unknown_visit(node)
        group = groups[0]
        specs = [child for child in group.children if isinstance(child, nodes.colspec)]
        widths = [spec.get("colwidth", 1) for spec in specs]
        if "colwidths-given" in node.get("classes", []) and widths:
            columns = "(" + "".join(f"{width}fr, " for width in widths) + ")"
        else:
            columns = "(" + "auto, " * len(specs) + ")"
        lines = [f"  columns: {columns},\n"]
        if title is not None:
            lines.insert(0, f"  title: [{self.number(node, 'table')}{self.capture(title.children)}],\n")
        for part in group.children:
            if isinstance(part, nodes.thead):
                cells = "".join(self._row(row, header=True) for row in part.children)
                lines.append(f"  table.header(\n{cells}  ),\n")
            elif isinstance(part, nodes.tbody):
                lines.extend(self._row(row, header=False) for row in part.children)
            elif not isinstance(part, nodes.colspec):
                self.unknown_visit(part)
        # A crosswalk matrix has many columns: it gets a denser print style (template.typ).
        function = "accord-crosswalk" if "accord-crosswalk" in node.get("classes", []) else "accord-table"
        self.block(f"{self.anchors(node)}#{function}(\n{''.join(lines)})")
        raise nodes.SkipNode

    def _row(self, row: nodes.Element, *, header: bool) -> str:
        cells = []
        for entry in row.children:
            content = self._cell(entry)
            if header:
                content = f"#strong[{content}]" if content else ""
            spans = []
            if entry.get("morecols"):
                spans.append(f"colspan: {entry['morecols'] + 1}")
            if entry.get("morerows"):
                spans.append(f"rowspan: {entry['morerows'] + 1}")
            if spans:
                cells.append(f"table.cell({', '.join(spans)})[{content}]")
            else:
                cells.append(f"[{content}]")
        return "    " + ", ".join(cells) + ",\n"

    def _cell(self, entry: nodes.Element) -> str:
        """A cell's Typst; separate entries sharing it (class accord-entry) one per line, marked."""
        entries = [child for child in entry.children if ENTRY in child.get("classes", [])]
        if len(entries) < 2 or len(entries) != len(entry.children):
            return self.capture(entry.children)
        items = "".join(f"[{self.capture(child.children)}], " for child in entries)
        return f"{''.join(self.anchors(child) for child in entries)}#accord-entries({items})"

    # -- blocks

    def visit_block_quote(self, node: nodes.block_quote) -> None:
        attribution = next((c for c in node.children if isinstance(c, nodes.attribution)), None)
        body = self.capture(c for c in node.children if c is not attribution)
        extra = f"attribution: [{self.capture(attribution.children)}]" if attribution is not None else ""
        self.block(f"{self.anchors(node)}#quote({extra})[{body}]")
        raise nodes.SkipNode

    def visit_literal_block(self, node: nodes.literal_block) -> None:
        text = node.astext()
        self.context.code_chars.update(text)
        language = str(node.get("language", "")).lower()
        lang = "" if language in _NO_LANGUAGE else f"lang: {escape.string(language)}, "
        self.block(f"{self.anchors(node)}#raw(block: true, {lang}{escape.string(text)})")
        raise nodes.SkipNode

    visit_doctest_block = visit_literal_block

    def visit_line_block(self, node: nodes.line_block) -> None:
        lines = " \\\n".join(self._lines(node, 0))
        self.block(f"{self.anchors(node)}#accord-lines[{lines}]")
        raise nodes.SkipNode

    def _lines(self, node: nodes.Element, depth: int) -> list[str]:
        """Each line, indented by its nesting; an empty line keeps its place."""
        lines = []
        for child in node.children:
            if isinstance(child, nodes.line_block):
                lines.extend(self._lines(child, depth + 1))
            elif isinstance(child, nodes.line):
                indent = f"#h({1.5 * depth:g}em)" if depth else ""
                lines.append(indent + (self.capture(child.children) or "~"))
            else:
                self.unknown_visit(child)
        return lines

    def _admonition(self, node: nodes.Element, kind: str, title: str | None) -> None:
        heading = next((c for c in node.children if isinstance(c, nodes.title)), None)
        if heading is not None:
            title = self.capture(heading.children)
        body = self.capture(c for c in node.children if c is not heading)
        title_arg = f"[{title}]" if title is not None else "none"
        self.block(
            f"{self.anchors(node)}#accord-admonition(kind: {escape.string(kind)}, title: {title_arg})[{body}]"
        )
        raise nodes.SkipNode

    def visit_admonition(self, node: nodes.admonition) -> None:
        # A generic admonition takes its colour from a class that names a kind (":class: warning").
        kind = next((c for c in node.get("classes", []) if c in _ADMONITIONS), "admonition")
        self._admonition(node, kind, None)

    def _named_admonition(self, node: nodes.Element) -> None:
        name = node.__class__.__name__
        self._admonition(node, name, escape.markup(str(admonitionlabels.get(name, name.title()))))

    visit_attention = visit_caution = visit_danger = visit_error = _named_admonition
    visit_hint = visit_important = visit_note = visit_tip = visit_warning = _named_admonition
    visit_seealso = _named_admonition

    def visit_topic(self, node: nodes.Element) -> None:
        heading = next((c for c in node.children if isinstance(c, nodes.title)), None)
        title = f"[{self.capture(heading.children)}]" if heading is not None else "none"
        body = self.capture(c for c in node.children if c is not heading)
        self.block(f"{self.anchors(node)}#accord-topic(title: {title})[{body}]")
        raise nodes.SkipNode

    visit_sidebar = visit_topic

    # -- images and figures

    def visit_image(self, node: nodes.image) -> None:
        self.body.append(self.anchors(node) + self.image(node))
        raise nodes.SkipNode

    def image(self, node: nodes.image) -> str:
        uri = str(node.get("uri", ""))
        alt = str(node.get("alt", "")) or Path(uri).name
        inline = isinstance(node.parent, nodes.TextElement)
        if "://" in uri:
            # Never fetched (see the builder): the reader gets the alt text and the address.
            alt = str(node.get("alt", "")) or "image"
            return f"#accord-remote-image({escape.string(uri)})[{escape.markup(alt)}];"
        path = self.context.srcdir / uri
        if not path.is_file() or path.suffix.lower() not in IMAGE_SUFFIXES:
            self.context.problems.append(
                Problem(
                    "BUILD005",
                    "an image in a PDF must be a PNG, JPEG, GIF, SVG, WebP or PDF file in the "
                    f"repository: {uri!r}",
                    node,
                )
            )
            return escape.markup(f"[{alt}]")
        options = [escape.string("/" + Path(uri).as_posix()), f"alt: {escape.string(alt)}"]
        for name in ("width", "height"):
            if node.get(name):
                length = _length(str(node[name]))
                if length:
                    options.append(f"{name}: {length}")
        call = f"image({', '.join(options)})"
        if inline:
            return f"#box({call});"
        align = {"left": "left", "right": "right"}.get(node.get("align", ""), "center")
        return f"#align({align}, {call})\n\n"

    def visit_figure(self, node: nodes.figure) -> None:
        caption = next((c for c in node.children if isinstance(c, nodes.caption)), None)
        legend = next((c for c in node.children if isinstance(c, nodes.legend)), None)
        body = self.capture(c for c in node.children if c is not caption and c is not legend)
        number = self.number(node, "figure")
        extra = f", caption: [{number}{self.capture(caption.children)}]" if caption is not None else ""
        after = f"\n#accord-legend[{self.capture(legend.children)}]" if legend is not None else ""
        self.block(f"{self.anchors(node)}#figure(kind: image, numbering: none, [{body}]{extra}){after}")
        raise nodes.SkipNode

    def visit_caption(self, node: nodes.caption) -> None:
        # A caption outside a figure titles a code block (a literal-block-wrapper container).
        number = self.number(node.parent, "code-block") if node.parent is not None else ""
        self.block(f"#accord-caption[{number}{self.capture(node.children)}]")
        raise nodes.SkipNode

    def number(self, node: nodes.Element, kind: str) -> str:
        """ "Fig. 1 " as the web page numbers this figure, table or code block, or nothing:
        a {numref} prints the same number (Sphinx's own text) and must find it here."""
        ids = node.get("ids") or []
        numbers = self.context.fignumbers.get(kind, {}).get(ids[0]) if ids else None
        template = self.context.numfig_format.get(kind)
        if not numbers or not template:
            return ""
        return escape.markup(template % ".".join(map(str, numbers))) + " "


def _length(value: str) -> str | None:
    """A docutils length as a Typst length: CSS pixels at 96 per inch."""
    found = _LENGTH.match(value)
    if not found:
        return None
    number, unit = float(found[1]), found[2] or "px"
    if unit == "px":
        return f"{number * 0.75:g}pt"
    return f"{number:g}{unit}"
