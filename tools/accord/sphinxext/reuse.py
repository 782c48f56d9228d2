"""Reuse of the statements by other sites and programs: a "cite this statement" box on each
document's page, OpenGraph and description meta tags for sharing, and at the end of an HTML
build ``statements.json`` and ``sitemap.xml`` at the root of the output.

The address of a build is ``[tool.accord] base-url`` followed by ``draft/`` or
``editions/<tag>/`` (:func:`accord.reuse.site_url`); it also becomes ``html_baseurl`` (unless
conf.py sets one), so that every page names its canonical address.

Why not the existing extensions (PyPI, evaluated 2026-11):

- sphinxext-opengraph 0.13 prints to standard output when matplotlib is missing (which would
  corrupt ``accord build --format json``), takes the description from the first paragraph (on
  Accord's pages, the working-draft notice) rather than the summary, draws social cards with
  matplotlib (slow, and not byte-reproducible) and escapes only double quotes in attributes.
- sphinx-sitemap 2.9 lists only the pages written by the current build, so an incremental build
  writes an incomplete sitemap; its order follows the write order (not deterministic with
  parallel writes); it starts a multiprocessing manager process per build, and warns when no
  base URL is set, which fails a build whose warnings are errors.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes

from accord import citation, reuse
from accord.editions import site
from accord.pdf.config import get_pdf_config
from accord.sphinxext.config import get_settings
from accord.sphinxext.domain import get_domain, is_document

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.writers.html5 import HTML5Translator

STATEMENTS = site.STATEMENTS
SITEMAP = "sitemap.xml"
#: Builders whose output is the web site (not singlehtml: one page is no site).
SITE_BUILDERS = frozenset({"html", "dirhtml"})
DESCRIPTION_LENGTH = 300


def build_url(app: Sphinx) -> str:
    """The public address of this build's root, or "" when the site has no base URL."""
    return reuse.site_url(get_settings(app.config).base_url, app.config.accord_edition)


def _configure(app: Sphinx, config: Config) -> None:
    url = reuse.site_url(get_settings(config).base_url, config.accord_edition)
    if url and not config.html_baseurl:
        config.html_baseurl = url


def document_citation(app: Sphinx, docname: str) -> citation.Citation | None:
    """The citation of a document in this build (edition or working draft)."""
    entry = get_domain(app.env).documents.get(docname)
    if entry is None:
        return None
    repo = get_settings(app.config)
    base = build_url(app)
    return citation.citation(
        entry["id"],
        entry["kind"],
        entry["meta"],
        organisation=citation.publisher(repo.organisation, repo.title),
        edition=app.config.accord_edition,
        edition_date=app.config.accord_edition_date,
        url=base + app.builder.get_target_uri(docname) if base else None,
        language=repo.language,
    )


# -- the cite box


class cite_box(nodes.General, nodes.Element):
    """A collapsed box with the document's BibTeX and CSL-JSON."""


def _code(text: str, language: str) -> nodes.literal_block:
    block = nodes.literal_block(text, text, language=language)
    block["force"] = True  # never a warning if a title confuses the lexer
    return block


def _add_cite_box(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    if app.builder.format != "html" or not is_document(docname):
        return
    found = document_citation(app, docname)
    box = next((n for n in doctree.findall(nodes.container) if "accord-metadata" in n["classes"]), None)
    if found is None or box is None:
        return
    from accord.sphinxext.translations import page_language
    from accord.translations.words import translate

    cite = cite_box(
        classes=["accord-cite"], label=translate(page_language(app, docname), "Cite this statement")
    )
    cite += nodes.paragraph("", "Cite as", classes=["accord-cite-format"])
    cite += nodes.paragraph("", cite_as(found), classes=["accord-cite-as"])
    cite += nodes.paragraph("", "BibTeX", classes=["accord-cite-format"])
    cite += _code(found.bibtex(), "bibtex")
    cite += nodes.paragraph("", "CSL-JSON (Zotero, Mendeley, Pandoc)", classes=["accord-cite-format"])
    cite += _code(found.csl_json(), "json")
    box.parent.insert(box.parent.index(box) + 1, cite)


def cite_as(found: citation.Citation) -> str:
    """The citation as one plain line, to paste into a text: publisher (year), title, status and
    edition, address."""
    year = f" ({found.date.year})" if found.date else ""
    publisher = found.publisher[:1].upper() + found.publisher[1:]
    parts = [f"{publisher}{year}.", f"{found.title.rstrip('.')}.", f"{found.note}."]
    if found.url:
        parts.append(found.url)
    return " ".join(parts)


def _visit_cite_box(self: HTML5Translator, node: nodes.Element) -> None:
    # sphinx-design's dropdown classes, so that the box looks like the site's other dropdowns.
    self.body.append(self.starttag(node, "details", CLASS="sd-sphinx-override sd-dropdown sd-card sd-mb-3"))
    self.body.append(
        '<summary class="sd-summary-title sd-card-header">'
        f'<span class="sd-summary-text">{html.escape(node.get("label", "Cite this statement"))}</span></summary>\n'
        '<div class="sd-summary-content sd-card-body docutils">\n'
    )


def _depart_cite_box(self: HTML5Translator, node: nodes.Element) -> None:
    self.body.append("</div>\n</details>\n")


def _visit_skip(self: Any, node: nodes.Element) -> None:
    raise nodes.SkipNode


# -- meta tags


def _shorten(text: str, limit: int = DESCRIPTION_LENGTH) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0] + "…"


def meta_tags(
    *, title: str, site_name: str, url: str | None, description: str | None, document: bool, language: str
) -> str:
    """OpenGraph and description tags, every value escaped for an HTML attribute."""
    properties = [
        ("og:title", title),
        ("og:type", "article" if document else "website"),
        ("og:site_name", site_name),
        ("og:locale", language.replace("-", "_")),
    ]
    if url:
        properties.append(("og:url", url))
    names = [("twitter:card", "summary")]
    if description:
        properties.append(("og:description", _shorten(description)))
        names.insert(0, ("description", _shorten(description)))
    lines = [
        f'<meta property="{key}" content="{html.escape(value, quote=True)}" />' for key, value in properties
    ]
    lines += [f'<meta name="{key}" content="{html.escape(value, quote=True)}" />' for key, value in names]
    return "\n".join(lines) + "\n"


def _shared_url(app: Sphinx, pagename: str, base: str) -> str | None:
    """og:url agrees with the canonical link: an edition's page names the stable address under
    latest/ (accord.sphinxext.notices), so that shares and search lead to the current text."""
    if not base:
        return None
    if app.config.accord_edition:
        from accord.sphinxext.notices import latest_url

        return latest_url(app, pagename)
    return base + app.builder.get_target_uri(pagename)


def _page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    if doctree is None or app.builder.name not in SITE_BUILDERS:
        return  # search, genindex: nothing worth sharing
    repo = get_settings(app.config)
    entry = get_domain(app.env).documents.get(pagename)
    meta = entry["meta"] if entry else {}
    if entry is not None:
        # The cite box's copy buttons, on the pages that have a cite box (this page only).
        app.add_js_file("accord-cite.js", defer="defer")
    page_title = app.env.titles.get(pagename)
    title = str(meta.get("title") or (page_title.astext() if page_title else repo.title))
    base = build_url(app)
    summary = meta.get("summary")
    context["metatags"] = context.get("metatags", "") + meta_tags(
        title=title,
        site_name=repo.title,
        url=_shared_url(app, pagename, base),
        description=summary if isinstance(summary, str) else None,
        document=entry is not None,
        language=str(meta.get("language") or repo.language or "en"),
    )


# -- statements.json and sitemap.xml


def statements(app: Sphinx) -> dict[str, Any]:
    """The content of statements.json for this build."""
    domain = get_domain(app.env)
    repo = get_settings(app.config)
    base = build_url(app)
    pdfs = get_pdf_config(app.config).html_link  # set when the build makes the PDFs too
    edition = app.config.accord_edition
    endorsed = domain.per_document("endorsements")
    consulted = domain.per_document("consultation")
    documents = [
        reuse.statement(
            entry["id"],
            entry["kind"],
            entry["meta"],
            html=base + app.builder.get_target_uri(docname),
            pdf=f"{base}{docname}.pdf" if pdfs else None,
            edition=edition,
            endorsements=len(endorsed.get(docname, ())),
            language=repo.language,
            comments=consulted[docname]["counts"] if docname in consulted else None,
        )
        for docname, entry in domain.documents.items()
    ]
    from accord.sphinxext.translations import statement_languages

    for docname, document in zip(domain.documents, documents, strict=True):
        document.update(statement_languages(app, docname, base, pdfs=bool(pdfs)))
    return reuse.index(
        documents,
        title=repo.title,
        organisation=repo.organisation,
        url=base,
        edition=edition,
        edition_date=app.config.accord_edition_date,
    )


def sitemap_pages(app: Sphinx) -> list[tuple[str, str | None]]:
    base = build_url(app)
    documents = get_domain(app.env).documents
    return [
        (
            base + app.builder.get_target_uri(docname),
            str(documents[docname]["meta"].get("date") or "") or None,
        )
        if docname in documents
        else (base + app.builder.get_target_uri(docname), None)
        for docname in sorted(app.env.found_docs)
    ]


def _write(app: Sphinx, exception: BaseException | None) -> None:
    if exception is not None or app.builder.name not in SITE_BUILDERS:
        return
    out = Path(app.outdir)
    (out / STATEMENTS).write_bytes(reuse.dumps(statements(app)))
    sitemap = out / SITEMAP
    if build_url(app):
        sitemap.write_bytes(reuse.sitemap(sitemap_pages(app)))
    else:
        sitemap.unlink(missing_ok=True)  # a sitemap needs absolute addresses


def setup_reuse(app: Sphinx) -> None:
    app.add_node(
        cite_box,
        html=(_visit_cite_box, _depart_cite_box),
        **dict.fromkeys(("text", "latex", "man", "texinfo"), (_visit_skip, None)),
    )
    app.add_css_file("accord-reuse.css")  # in theme.STATIC, which the theme adds to the static path
    app.connect("config-inited", _configure, priority=600)
    app.connect("doctree-resolved", _add_cite_box)
    app.connect("html-page-context", _page_context)
    app.connect("build-finished", _write)
