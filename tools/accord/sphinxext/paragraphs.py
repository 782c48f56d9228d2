"""Numbered paragraphs and principles in the doctree, their permalinks, and the ``{para}`` role.

Which paragraphs and headings are numbered is defined once, in :mod:`accord.numbering`; the
transform here applies it to the doctree and the checks apply it to the markdown, and a test holds
the two to the same numbers. Each numbered paragraph gets the id ``p-N`` and a ``para_number``
node as its first child: on the web a permalink in the margin (``accord-para.js`` adds a "copy
link" button), in print a margin number (accord.pdf). A principle's section gets the extra id
``principle-N``. What each document numbers is kept in the Accord domain, where ``{para}``
references are resolved.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms import SphinxTransform
from sphinx.util.docutils import SphinxRole
from sphinx.util.nodes import make_refnode

from accord import numbering
from accord.sphinxext.domain import get_domain, is_document_folder_page
from accord.translations.model import split

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment
    from sphinx.writers.html5 import HTML5Translator

    from accord.sphinxext.domain import AccordDomain

#: Nodes whose text is not a paragraph's words (as accord.markdown.paragraph_text leaves them out).
_NOT_WORDS = (nodes.image, nodes.footnote_reference, nodes.raw)


class para_number(nodes.Inline, nodes.Element):
    """The number of a numbered paragraph, its first child. It holds no text, so that search and
    summaries see only the paragraph's words."""


def has_words(paragraph: nodes.paragraph) -> bool:
    for text in paragraph.findall(nodes.Text):
        parent = text.parent
        while parent is not None and parent is not paragraph and not isinstance(parent, _NOT_WORDS):
            parent = parent.parent
        if parent is paragraph and text.astext().strip():
            return True
    return False


def is_body_paragraph(node: nodes.Node, source: str | None = None) -> bool:
    """A paragraph of text directly in a section: not in a list, quote, table, admonition, note or
    any directive's container; and written in the document itself (``source``), not brought in by
    {include}, whose text the checks do not read."""
    return (
        isinstance(node, nodes.paragraph)
        and isinstance(node.parent, (nodes.section, nodes.document))
        and (source is None or node.source in (None, source))
        and has_words(node)
    )


class NumberParagraphs(SphinxTransform):
    # After docutils has moved labels onto the elements they precede (PropagateTargets, 260).
    default_priority = 400

    def apply(self, **kwargs: Any) -> None:
        docname = self.env.docname
        if not is_document_folder_page(docname):
            return
        domain = get_domain(self.env)
        entry = domain.entry_of(docname)  # a translation numbers as its source
        status = entry["meta"].get("status") if entry else None
        count = 0
        if numbering.numbers_paragraphs(status):
            source = self.document.get("source")
            for paragraph in list(self.document.findall(lambda node: is_body_paragraph(node, source))):
                count += 1
                self._claim(numbering.anchor(numbering.PARAGRAPH, count), paragraph, first=True)
                paragraph["classes"].append("accord-para")
                paragraph.insert(0, para_number(number=count))
        principles: dict[int, str] = {}
        if numbering.numbers_principles(docname.split("/", 1)[0]):
            for section in self.document.findall(nodes.section):
                title = section.next_node(nodes.title)
                if title is None or title.parent is not section:
                    continue
                number = numbering.principle_number(title.astext())
                if number is None or number in principles:
                    continue  # a repeated number is XREF009; the first heading keeps it
                principles[number] = title.astext().strip()
                self._claim(numbering.anchor(numbering.PRINCIPLE, number), section, first=False)
                section["classes"].append("accord-principle")
        domain.note_numbering(docname, count, principles)

    def _claim(self, node_id: str, node: nodes.Element, *, first: bool) -> None:
        """Give ``node`` the id; a heading or label that had it (XREF008) gets another one."""
        owner = self.document.ids.get(node_id)
        if owner is not None and owner is not node:
            owner["ids"].remove(node_id)
            if not owner["ids"]:
                self.document.set_id(owner)
        if first:
            node["ids"].insert(0, node_id)
        else:
            node["ids"].append(node_id)
        self.document.ids[node_id] = node


def visit_para_number_html(self: HTML5Translator, node: para_number) -> None:
    number = int(node["number"])
    # The space keeps the number apart from the first word where the page's text is read as text
    # (search summaries, narrow screens); in the margin, a line's leading space takes no room.
    self.body.append(
        f'<a class="accord-para-number" href="#p-{number}" title="Paragraph {number}: link to it">{number}</a> '
    )
    raise nodes.SkipNode


def skip(self: Any, node: nodes.Node) -> None:
    raise nodes.SkipNode


def label(kind: str, number: int) -> str:
    return f"{'paragraph' if kind == numbering.PARAGRAPH else 'principle'} {number}"


class ParaRole(SphinxRole):
    """``{para}`doc-id#p-3``` or ``{para}`doc-id#principle-2```: a link to a numbered paragraph or
    principle, shown as "paragraph 3" (this document) or "Title, paragraph 3" (another one)."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        target = numbering.parse_target(self.text)
        if target is None:  # XREF003, reported by the checks
            return [nodes.inline(self.rawtext, self.text, classes=["accord-para-ref"])], []
        own = self.env.docname.rsplit("/", 1)[-1]
        doc_id = target.doc or (split(own) or (own,))[0]  # a translation's own paragraphs are its source's
        get_domain(self.env).note_para_reference(self.env.docname, doc_id)
        xref = addnodes.pending_xref(
            self.rawtext,
            refdomain="accord",
            reftype="para",
            reftarget=f"{doc_id}#{target.anchor}",
            refexplicit=target.title is not None,
            refdoc=self.env.docname,
        )
        xref += nodes.inline(
            self.rawtext, target.title or label(target.kind, target.number), classes=["accord-para-ref"]
        )
        self.set_source_info(xref)
        return [xref], []


def resolve(
    domain: AccordDomain,
    builder: Builder,
    fromdocname: str,
    target: str,
    node: addnodes.pending_xref,
    contnode: nodes.Element,
) -> nodes.reference | None:
    """The link of a {para} reference, or None when the target is not numbered (the checks say why)."""
    found = numbering.parse_target(target)
    docname = domain.docname_of(found.doc) if found and found.doc else None
    if docname is not None:
        docname = same_language(domain, node.get("refdoc", fromdocname), docname)
    numbered = domain.per_document("numbering").get(docname) if docname else None
    if found is None or docname is None or numbered is None:
        return None
    if found.kind == numbering.PARAGRAPH:
        present = 1 <= found.number <= numbered["paragraphs"]
    else:
        present = found.number in numbered["principles"]
    if not present:
        return None
    title = str((domain.entry_of(docname) or {}).get("meta", {}).get("title", docname))
    if not node.get("refexplicit"):
        text = label(found.kind, found.number)
        if docname != node.get("refdoc", fromdocname):
            text = f"{title}, {text}"
        contnode = nodes.inline("", text, classes=["accord-para-ref"])
    return make_refnode(
        builder, fromdocname, docname, found.anchor, contnode, f"{title}, {label(found.kind, found.number)}"
    )


def same_language(domain: AccordDomain, fromdocname: str, docname: str) -> str:
    """From a translation, a paragraph of another document in the same language where it has one."""
    found = split(fromdocname)
    translated = f"{docname}.{found[1]}" if found else None
    return translated if translated in domain.per_document("translations") else docname


def _reread_referrers(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """A document whose numbering may have changed: read again the documents that refer to it, so
    that their checks and links follow."""
    touched = {name.rsplit("/", 1)[-1] for name in added | changed | removed}
    if not touched:
        return []
    references = get_domain(env).per_document("para_refs")
    return sorted(
        name
        for name, ids in references.items()
        if ids & touched and name not in changed and name not in removed
    )


def setup_paragraphs(app: Sphinx) -> None:
    app.add_node(
        para_number,
        html=(visit_para_number_html, None),
        text=(skip, None),
        latex=(skip, None),
        man=(skip, None),
        texinfo=(skip, None),
    )
    app.add_transform(NumberParagraphs)
    app.add_role("para", ParaRole())
    # The clipboard helper first: accord-para.js and accord-cite.js (a page's own) both call it.
    app.add_js_file("accord-copy.js", loading_method="defer", priority=400)
    app.add_js_file("accord-para.js", loading_method="defer")
    app.connect("env-get-outdated", _reread_referrers)
