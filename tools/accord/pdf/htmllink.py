"""On the web page of a document, a link to its PDF, in the metadata box.

The link is added when the HTML page is written (doctree-resolved), not when the document is read,
so that the stored doctree, the other builders and the PDF itself never contain it.
"""

from __future__ import annotations

import posixpath
from typing import TYPE_CHECKING

from docutils import nodes

from accord.pdf.config import get_pdf_config
from accord.sphinxext.domain import is_document

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def add_link(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    if app.builder.format != "html" or not is_document(docname) or not get_pdf_config(app.config).html_link:
        return
    box = next(
        (node for node in doctree.findall(nodes.field_list) if "accord-metadata-fields" in node["classes"]),
        None,
    )
    if box is None:
        return
    # The PDF sits beside the page: positions/x.pdf next to positions/x.html (or positions/x/).
    page = app.builder.get_target_uri(docname)
    href = posixpath.relpath(f"{docname}.pdf", posixpath.dirname(page) or ".")
    link = nodes.reference("", "Download PDF", refuri=href, classes=["accord-pdf-link"])
    box += nodes.field("", nodes.field_name("", "PDF"), nodes.field_body("", nodes.paragraph("", "", link)))
