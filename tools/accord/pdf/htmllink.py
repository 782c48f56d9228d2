"""On the web page of a document, a link to its PDF, in the metadata box (under the title of a
generated page that prints).

The link is added when the HTML page is written (doctree-resolved), not when the document is read,
so that the stored doctree, the other builders and the PDF itself never contain it.
"""

from __future__ import annotations

import posixpath
from typing import TYPE_CHECKING

from docutils import nodes

from accord.pdf.config import get_pdf_config
from accord.sphinxext.domain import is_document
from accord.vocabulary import PRINTED_PAGES

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def add_link(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    if app.builder.format != "html" or not get_pdf_config(app.config).html_link:
        return
    if docname in PRINTED_PAGES:
        _page_link(app, doctree, docname)
    if not is_document(docname):
        return
    box = next(
        (node for node in doctree.findall(nodes.field_list) if "accord-metadata-fields" in node["classes"]),
        None,
    )
    if box is None:
        return
    link = _link(app, docname)
    box += nodes.field("", nodes.field_name("", "PDF"), nodes.field_body("", nodes.paragraph("", "", link)))


def _link(app: Sphinx, docname: str) -> nodes.reference:
    # The PDF sits beside the page: positions/x.pdf next to positions/x.html (or positions/x/).
    page = app.builder.get_target_uri(docname)
    href = posixpath.relpath(f"{docname}.pdf", posixpath.dirname(page) or ".")
    return nodes.reference("", "Download PDF", refuri=href, classes=["accord-pdf-link"])


def _page_link(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """A generated page has no metadata box: the link goes under its title."""
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is None:
        return
    title = next(iter(section.findall(nodes.title)), None)
    paragraph = nodes.paragraph("", "", _link(app, docname), classes=["accord-pdf-page-link"])
    section.insert(section.index(title) + 1 if title is not None else 0, paragraph)
