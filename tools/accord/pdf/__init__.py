"""PDFs through Typst: the ``accordpdf`` builder writes each document's PDF and a compendium.

Pipeline, driven by :mod:`builder`: resolved doctree -> :mod:`translator` (with :mod:`design` for
Accord's cover block and sphinx-design's components, :mod:`math` for LaTeX math as Typst math,
:mod:`escape` for text) -> Typst body ->
:mod:`links` (internal links, per PDF) -> :mod:`sources` (the print style in ``template.typ``,
page setup, PDF metadata) -> :mod:`compiler` (the ``typst`` package, in threads). The compendium
(:mod:`compendium`) is one Typst source in an edition (PDF/A, tagged); in a working build it is
compiled in parts (:mod:`parts`), each cached like any PDF, and joined by :mod:`assemble`
(pikepdf), so that an edit recompiles one part. :mod:`fonts`
picks the families and checks that they cover the text; :mod:`config` declares the
``accord_pdf_*`` values; :mod:`htmllink` links each web page to its PDF.

Diagnostics (Sphinx warnings typed ``accord.CODE``): BUILD003 a node type without a PDF rendering
(error: the document gets no PDF, nor does the compendium), BUILD004 a character no configured font
covers (warning), BUILD005 an image Typst cannot read (error; after a failed compile each image
and formula is compiled alone by :mod:`probe`, so the message names it at its line), BUILD006 a
Typst compile error that no single part explains,
BUILD007 a LaTeX command with no Typst equivalent, BUILD008 malformed LaTeX (errors, at the line).

A remote image is never fetched (the builder declares ``supported_remote_images`` so that Sphinx's
downloader leaves it alone): it prints as its alt text and address, linked.

Why not an existing Sphinx-to-Typst package (evaluated 2026-11 from PyPI):

- typsphinx 0.4.4 (the newest for Python 3.11; later ones need 3.12) pins sphinx<9,
  docutils<0.22 and typst<0.15, older than this project's; it logs a warning for an unknown node
  and drops it; it has no rendering for sphinx-design (tabs, cards, dropdowns), no font
  configuration, coverage check, PDF/A or reproducible date.
- sphinxcontrib-typstbuilder 0.1.1 fails on unknown nodes (docutils' NotImplementedError, an
  exception rather than a diagnostic), but renders no sphinx-design component, writes Typst
  sources only (no PDF), and has no font paths, PDF/A or per-document output with a compendium.
- atsphinx-typst 0.1.1 builds on rst2typst and anytree; no sphinx-design, no per-document PDFs
  beside a compendium, no font coverage check, no PDF/A option.

None passes every requirement (unknown node = build error, every tab printed, cover block and
notice, fonts with a coverage warning, reproducible bytes, PDF/A), so Accord has its own writer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def setup_pdf(app: Sphinx) -> None:
    from accord.pdf import builder, config, htmllink

    config.setup_config(app)
    app.add_builder(builder.AccordPdfBuilder)
    app.connect("doctree-resolved", htmllink.add_link)
