"""Keep untrusted content inert in the output, whatever the checks said.

The SAFE rules fail the build; this module is the second line: raw output is shown as text,
and control characters are replaced as a document is read (outside files: accord.sphinxext.files).
URLs are judged by accord.urls (the check's own verdict) where they become final: toctree
entries when a document is read (they become sidebar links of every page, after all transforms),
and every reference and image of the resolved doctree, whatever the builder (buttons, cards and
bibliography links included). A refused reference is unwrapped into its text; a refused image is
replaced by its alt text.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms import SphinxTransform

from accord.checks.safety import html_verdict
from accord.sphinxext.config import get_settings
from accord.urls import CONTROL_CHARACTERS, refusal, runs

if TYPE_CHECKING:
    from sphinx.application import Sphinx


class NeutraliseUnsafeContent(SphinxTransform):
    # After MyST and docutils have built the tree, before Sphinx collects images.
    default_priority = 100

    def apply(self, **kwargs: object) -> None:
        allowed = frozenset(tag.lower() for tag in get_settings(self.config).allowed_html)
        for raw in list(self.document.findall(nodes.raw)):
            formats = raw.get("format", "").split()
            text = raw.astext()
            if "html" in formats and html_verdict(text, allowed) is None:
                if not text.strip().startswith("<!--"):
                    continue  # allow-listed tags stay
                raw.parent.remove(raw)  # comments are for editors, not readers
                continue
            raw.replace_self(
                nodes.literal_block(text, text) if "\n" in text.strip() else nodes.literal(text, text)
            )
        neutralise_urls(self.document)


def _unwrap(node: nodes.Element) -> None:
    """``node`` replaced by its content, so its text stays and its target goes."""
    if node.parent is None:
        return
    if node.children:
        node.replace_self(node.children[:])
    else:
        node.parent.remove(node)


def neutralise_urls(doctree: nodes.Node) -> None:
    """Unwrap every reference and drop every image whose URL accord.urls refuses."""
    for reference in list(doctree.findall(nodes.reference)):
        uri = reference.get("refuri")
        # References Sphinx resolved from a document name carry the builder's own target form
        # (the PDF builder's is a private scheme); they are not the editor's URL, but never run.
        if uri is None:
            continue
        if runs(uri) or (not reference.get("internal") and refusal(uri) is not None):
            _unwrap(reference)
    for image in list(doctree.findall(nodes.image)):
        if refusal(str(image.get("uri", "")), image=True) is not None:
            alt = str(image.get("alt", ""))
            image.replace_self(nodes.inline(alt, alt) if alt else [])


def _replace_control_text(doctree: nodes.Node) -> None:
    for text in list(doctree.findall(nodes.Text)):
        if CONTROL_CHARACTERS.search(text) and text.parent is not None:
            text.parent.replace(text, nodes.Text(CONTROL_CHARACTERS.sub("\ufffd", str(text))))


def _read_doctree(app: Sphinx, doctree: nodes.document) -> None:
    """Toctree entries with a refused URL are dropped before toctrees become links, and file
    links leave headings before the table of contents copies them (SAFE010). Control characters
    that the source held only as escapes (a YAML title's "\\u001b", which MyST makes the
    heading) go before the title and the table of contents are collected."""
    _replace_control_text(doctree)
    for title in doctree.findall(nodes.title):
        for link in list(title.findall(addnodes.download_reference)):
            _unwrap(link)
    for toctree in doctree.findall(addnodes.toctree):
        toctree["entries"] = [
            (title, ref) for title, ref in toctree["entries"] if ref == "self" or refusal(ref) is None
        ]


def _resolved(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    neutralise_urls(doctree)
    # Text that did not come from a document's source (bibliography fields, data files).
    _replace_control_text(doctree)


def _replace_controls(app: Sphinx, docname: str, source: list[str]) -> None:
    """Control characters never reach any output (the check reports them, SAFE011)."""
    source[0] = CONTROL_CHARACTERS.sub("\ufffd", source[0])


def _replace_included_controls(app: Sphinx, path: Path, docname: str, source: list[str]) -> None:
    _replace_controls(app, docname, source)


def setup_safety(app: Sphinx) -> None:
    app.add_transform(NeutraliseUnsafeContent)
    # After accord's own source-read (priority 500) has checked the characters it replaces.
    app.connect("source-read", _replace_controls, priority=900)
    app.connect("include-read", _replace_included_controls, priority=900)
    # Before Sphinx's collectors read the toctree entries (priority 500).
    app.connect("doctree-read", _read_doctree, priority=100)
    app.connect("doctree-resolved", _resolved, priority=900)
