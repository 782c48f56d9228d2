"""Consultations on the site and in print.

- doctree-read: the document's record (``consultations/<id>.yaml``, :mod:`accord.consultation.model`)
  is checked by the same rules as ``accord check`` and kept in the domain, each comment with the
  paragraph its quote finds in the current text (a comment follows its text).
- doctree-resolved, HTML: while the document is in consultation, each numbered paragraph shows its
  number of comments and, until the window closes, "Comment on paragraph N" (the issue form) and
  e-mail when ``consultation-email`` is set; a notice says until when comments are open; the
  metadata box links the record.
- html-collect-pages: a "Comments and responses" page per consulted document,
  ``consultations/<id>.html``, in the site and so in every edition.
- doctree-resolved, PDF: the record as the document's annex.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.util.osutil import relative_uri

from accord.checks import consultation as rules
from accord.consultation import links, model
from accord.sphinxext import comments, datafiles
from accord.sphinxext.config import get_settings, today
from accord.sphinxext.domain import get_domain
from accord.sphinxext.paragraphs import is_body_paragraph
from accord.vocabulary import CONSULTATIONS_FOLDER, PDF_BUILDER

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: The builders that write the site's pages (as accord.sphinxext.reuse).
SITE_BUILDERS = frozenset({"html", "dirhtml"})


def page_name(doc_id: str) -> str:
    """The record's page: consultations/<id>, beside nothing a document can be (not a document folder)."""
    return f"{CONSULTATIONS_FOLDER}/{doc_id}"


def _read(app: Sphinx, doctree: nodes.document) -> None:
    found_file = datafiles.of_document(app, model.relative_path, model.load)
    if found_file is None:
        return
    (entry, file), env, docname = found_file, app.env, app.env.docname
    doc_id, meta = entry["id"], entry["meta"]
    source = doctree.get("source")
    texts = [p.astext() for p in doctree.findall(lambda node: is_body_paragraph(node, source))]
    subject = rules.facts(meta, len(texts))
    datafiles.report(app, rules.check_file(file, doc_id, subject, today=today()))
    record = model.record(file, doc_id)
    found = []
    for comment in record.comments:
        data = dataclasses.asdict(comment)
        data.update(commenter=comment.commenter, current=model.follow(comment, texts))
        found.append(data)
    window = meta.get("consultation") if isinstance(meta.get("consultation"), dict) else {}
    get_domain(env).per_document("consultation")[docname] = {
        "id": doc_id,
        "title": str(meta.get("title") or doc_id),
        "status": meta.get("status"),
        "version": model.version_of(meta),
        "opens": str(window.get("opens") or ""),
        "closes": str(window.get("closes") or ""),
        "comments": found,
        "counts": record.counts(),
    }


def is_open(data: dict[str, Any], when: dt.date) -> bool:
    """Comments are invited while the document is in consultation and its window has not closed."""
    closes = rules._date(data.get("closes"))
    opens = rules._date(data.get("opens"))
    return (
        data.get("status") == "consultation"
        and (closes is None or when <= closes)
        and (opens is None or when >= opens)
    )


def _record_uri(app: Sphinx, docname: str, doc_id: str) -> str:
    return relative_uri(app.builder.get_target_uri(docname), app.builder.get_target_uri(page_name(doc_id)))


def _paragraph_number(paragraph: nodes.paragraph) -> int | None:
    for node_id in paragraph["ids"]:
        if node_id.startswith("p-") and node_id[2:].isdigit():
            return int(node_id[2:])
    return None


def _notice(app: Sphinx, data: dict[str, Any], record: str | None, open_: bool) -> nodes.container:
    """Until when comments are open and how to send them; or that the consultation closed."""
    box = nodes.container(classes=["accord-consultation-notice"])
    line = nodes.paragraph()
    settings = get_settings(app.config)
    if open_:
        line += nodes.Text(f"Open for comments until {data['closes'] or 'the consultation closes'}. ")
        form = links.comment_link(settings, data["id"], data["version"], 1)
        mailto = links.comment_mailto(settings, data["id"], data["version"], 1)
        if form:
            line += nodes.Text("Comment on a paragraph with the link under it (a GitHub account is needed). ")
        if mailto:
            address = mailto.removeprefix("mailto:").split("?", 1)[0]
            line += nodes.Text("Without an account, write to " if form else "Write to ")
            line += nodes.reference("", address, refuri=f"mailto:{address}")
            line += nodes.Text(" with the paper and the paragraph in the subject, as the e-mail links do. ")
        if form or mailto:
            line += nodes.Text("Your name is published only if you agree to it. ")
    else:
        line += nodes.Text(f"The consultation closed on {data['closes'] or 'its closing date'}. ")
    if record:
        line += nodes.reference("", "Comments and responses", refuri=record)
        line += nodes.Text(f": {comments.count_text(len(data['comments']))}.")
    box += line
    return box


def _metadata_field(doctree: nodes.document, data: dict[str, Any], record: str) -> None:
    box = next(
        (node for node in doctree.findall(nodes.field_list) if "accord-metadata-fields" in node["classes"]),
        None,
    )
    if box is None:
        return
    link = nodes.reference("", f"{comments.count_text(len(data['comments']))} and responses", refuri=record)
    box += nodes.field(
        "", nodes.field_name("", "Comments"), nodes.field_body("", nodes.paragraph("", "", link))
    )


def _html(app: Sphinx, doctree: nodes.document, docname: str, data: dict[str, Any]) -> None:
    record = _record_uri(app, docname, data["id"]) if data["comments"] else None
    if record:
        _metadata_field(doctree, data, record)
    if data.get("status") != "consultation":
        return
    open_ = is_open(data, today())
    settings = get_settings(app.config)
    per_paragraph: dict[int, int] = {}
    for comment in data["comments"]:
        if comment.get("current") is not None:
            per_paragraph[comment["current"]] = per_paragraph.get(comment["current"], 0) + 1
    for paragraph in list(doctree.findall(nodes.paragraph)):
        number = _paragraph_number(paragraph) if "accord-para" in paragraph["classes"] else None
        if number is None:
            continue
        prompt = comments.comment_prompt(
            number=number, count=per_paragraph.get(number, 0), record=record or ""
        )
        if open_:
            prompt["link"] = links.comment_link(settings, data["id"], data["version"], number) or ""
            prompt["mailto"] = links.comment_mailto(settings, data["id"], data["version"], number) or ""
        paragraph += prompt
    metadata = next((n for n in doctree.findall(nodes.container) if "accord-metadata" in n["classes"]), None)
    notice = _notice(app, data, record, open_)
    if metadata is not None:
        metadata.parent.insert(metadata.parent.index(metadata) + 1, notice)


def _annex(doctree: nodes.document, data: dict[str, Any]) -> None:
    top = next(iter(doctree.findall(nodes.section)), None)
    if top is None:
        return
    section = nodes.section(ids=["comments-and-responses"], classes=["accord-comments-annex"])
    section += nodes.title("", "Annex: comments and responses")
    section.extend(comments.record_nodes(data))
    top += section


def _resolved(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    data = get_domain(app.env).per_document("consultation").get(docname)
    if data is None:
        return
    if app.builder.name in SITE_BUILDERS:
        _html(app, doctree, docname, data)
    elif app.builder.name == PDF_BUILDER and data["comments"]:
        _annex(doctree, data)


def render_section(builder: Any, section: nodes.section) -> str:
    """The section as HTML. The translator numbers sections and figures from the builder's numbers
    of the page being written (``write_doc`` sets them, and a build that writes no page never
    does): this page has none of its own."""
    saved = {name: getattr(builder, name) for name in ("secnumbers", "fignumbers") if hasattr(builder, name)}
    builder.secnumbers, builder.fignumbers = {}, {}
    try:
        return builder.render_partial(section)["fragment"]
    finally:
        for name in ("secnumbers", "fignumbers"):
            if name in saved:
                setattr(builder, name, saved[name])
            else:
                delattr(builder, name)


def _pages(app: Sphinx) -> Iterator[tuple[str, dict[str, Any], str]]:
    """The "Comments and responses" page of each consulted document."""
    if app.builder.name not in SITE_BUILDERS:
        return
    domain = get_domain(app.env)
    for docname, data in sorted(domain.per_document("consultation").items()):
        if not data["comments"]:
            continue
        name = page_name(data["id"])
        title = f"Comments and responses: {data['title']}"
        section = nodes.section(ids=["comments-and-responses"])
        section += nodes.title("", "Comments and responses")
        intro = nodes.paragraph()
        intro += nodes.Text("The record of the consultation on ")
        back = relative_uri(app.builder.get_target_uri(name), app.builder.get_target_uri(docname))
        intro += nodes.reference("", data["title"], refuri=back)
        window = f" ({data['opens']} to {data['closes']})" if data["opens"] and data["closes"] else ""
        intro += nodes.Text(
            f"{window}: each comment, by the paragraph it is about now, with what the drafters did with it."
        )
        section += intro
        section.extend(comments.record_nodes(data))
        body = render_section(app.builder, section)
        yield name, {"title": title, "body": body}, "page.html"


def setup_consultation(app: Sphinx) -> None:
    app.add_node(
        comments.comment_prompt,
        html=(comments.visit_comment_prompt_html, None),
        **dict.fromkeys(("text", "latex", "man", "texinfo"), (comments.skip, None)),
    )
    app.add_css_file("accord-consultation.css")  # in theme.STATIC
    app.connect("doctree-read", _read, priority=450)
    app.connect("doctree-resolved", _resolved)
    app.connect("html-collect-pages", _pages)
