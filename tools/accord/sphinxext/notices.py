"""What every page says it is. A document gets one banner (accord.standing: its status, and for an
adopted text its edition, version and adoption record; in an edition, where the latest text is,
without JavaScript) and a metadata box with status, version, dates, authors and the consultation
window; any other page gets the working-draft or edition notice."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx import addnodes

from accord import standing
from accord.sphinxext.config import get_settings, today
from accord.sphinxext.domain import get_domain
from accord.translations.words import for_language
from accord.vocabulary import CHANGELOG, STATUS_LABELS

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def page_language(app: Sphinx, docname: str) -> str:
    from accord.sphinxext.translations import page_language as found

    return found(app, docname)


def notice_text(app: Sphinx, language: str | None = None) -> tuple[str, str]:
    """(css class, sentence) saying what this build is, in ``language`` (default: the site's)."""
    _ = for_language(language or get_settings(app.config).language).gettext
    organisation = get_settings(app.config).organisation or _("the coalition")
    edition = app.config.accord_edition
    if edition:
        date = app.config.accord_edition_date
        if date:
            return "accord-edition", _("Official edition %(edition)s of %(date)s.") % {
                "edition": edition,
                "date": date,
            }
        return "accord-edition", _("Official edition %(edition)s.") % {"edition": edition}
    sentence = _(
        "Working draft: not an official statement of %(organisation)s. The text may change at any time."
    )
    return "accord-draft", sentence % {"organisation": organisation}


def notice(app: Sphinx, language: str | None = None) -> nodes.container:
    kind, sentence = notice_text(app, language)
    box = nodes.container(classes=["accord-notice", kind])
    box["accord-notice"] = kind
    box += nodes.paragraph("", sentence)
    return box


def latest_url(app: Sphinx, docname: str) -> str:
    """Where the newest edition's text of ``docname`` is: ``<base>/latest/<docname>.html``
    (accord.editions.latest keeps it); without a base URL, relative to this page of an edition."""
    base = get_settings(app.config).base_url
    if base:
        return f"{base.rstrip('/')}/latest/{docname}.html"
    return "../" * (docname.count("/") + 2) + f"latest/{docname}.html"


def has_history(app: Sphinx) -> bool:
    """Whether the site has ``latest/history/``: an edition is published with it, and a working
    draft links it once the repository has an edition tag (before the first release the link
    would lead nowhere)."""
    if app.config.accord_edition:
        return True
    known = getattr(app, "_accord_has_history", None)
    if known is None:
        from accord.editions.git import GitError, edition_tags

        try:
            known = bool(edition_tags(Path(app.srcdir)))
        except GitError:
            known = False
        app._accord_has_history = known  # type: ignore[attr-defined]
    return known


def history_url(app: Sphinx, docname: str, doc_id: str) -> str:
    """The history page of a document, under latest/ of the site (from an edition or the draft)."""
    base = get_settings(app.config).base_url
    if base:
        return f"{base.rstrip('/')}/latest/history/{doc_id}.html"
    up = docname.count("/") + (2 if app.config.accord_edition else 1)
    return "../" * up + f"latest/history/{doc_id}.html"


def _parts(parts: list[standing.Part], docname: str, language: str = "") -> list[nodes.Node]:
    out: list[nodes.Node] = []
    for part in parts:
        if isinstance(part, str):
            out.append(nodes.Text(part))
        elif part.doc:
            out.append(_doc_link(part.doc, docname))
            if language:
                # The successor's adoption date is known once every document is read.
                out.append(
                    nodes.inline(
                        "", "", classes=["accord-successor-date"], successor=part.doc, language=language
                    )
                )
        else:
            out.append(nodes.reference("", part.text, refuri=part.url))
    return out


def document_banner(
    app: Sphinx, meta: dict[str, Any], docname: str, language: str | None = None
) -> nodes.container:
    """The one banner of a document page: what it is, and in an edition where the latest text is;
    in ``language`` (default: the page's)."""
    config = app.config
    language = language or page_language(app, docname)
    words = for_language(language)
    found = standing.banner(
        meta,
        organisation=get_settings(config).organisation,
        edition=config.accord_edition,
        edition_date=config.accord_edition_date,
        today=today(),
        language=language,
        words=words,
    )
    kind = f"accord-{found.kind}"
    box = nodes.container(classes=["accord-notice", "accord-status-banner", kind])
    box["accord-notice"] = kind
    paragraph = nodes.paragraph()
    paragraph.extend(_parts(found.parts, docname, language if found.kind == "superseded" else ""))
    box += paragraph
    # Which build this is, in a lighter paragraph of its own: the status comes first.
    box += nodes.paragraph("", "", *_parts(found.where, docname), classes=["accord-where"])
    if config.accord_edition and (app.builder.format == "html" or get_settings(config).base_url):
        # Published editions are never rebuilt: they cannot know of a newer one, but they can
        # say where the newest text always is (accord-editions.js says more when it can).
        latest = standing.fill(
            words.gettext("The latest text of this document is always at %(link)s."),
            link=standing.Link(words.gettext("its stable address"), url=latest_url(app, docname)),
        )
        box += nodes.paragraph("", "", *_parts(latest, docname), classes=["accord-latest"])
    return box


def _successor_dates(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    domain = get_domain(app.env)
    for node in list(doctree.findall(nodes.inline)):
        if "accord-successor-date" not in node["classes"]:
            continue
        target = domain.docname_of(str(node.get("successor", "")))
        entry = domain.documents.get(target) if target else None
        adopted = entry["meta"].get("adopted") if entry else None
        if isinstance(adopted, dict) and adopted.get("date"):
            language = str(node.get("language", "en"))
            words = standing.successor_date(adopted["date"], for_language(language), language)
            parent, at = node.parent, node.parent.index(node)
            after = parent[at + 1] if at + 1 < len(parent) else None
            if isinstance(after, nodes.Text):
                # "... от 12 июня 2026 г." then ". Не является...": one full stop (standing.fill).
                parent.remove(after)
                words = standing.say("%(date)s%(rest)s", date=words, rest=str(after))
            parent.replace(node, nodes.Text(words))
        else:
            node.parent.remove(node)


def _front_links(app: Sphinx) -> nodes.paragraph:
    """The front page leads to what changed: this edition's redline, every document's history and
    the changelog."""
    edition = app.config.accord_edition
    links: list[tuple[str, str]] = []
    if edition:
        links.append((f"What changed in edition {edition}", "changes/index.html"))
    up = "../../" if edition else "../"
    base = get_settings(app.config).base_url
    history = f"{base.rstrip('/')}/latest/history/index.html" if base else f"{up}latest/history/index.html"
    if has_history(app):
        links.append(("History of every document", history))
    if CHANGELOG.removesuffix(".md") in app.env.found_docs:
        links.append(("Changelog", "CHANGELOG.html"))
    paragraph = nodes.paragraph(classes=["accord-front-links"])
    for index, (text, url) in enumerate(links):
        if index:
            paragraph += nodes.Text(" · ")
        paragraph += nodes.reference("", text, refuri=url)
    return paragraph


def _field(name: str, *body: nodes.Node) -> nodes.field:
    paragraph = nodes.paragraph()
    paragraph.extend(body)
    return nodes.field("", nodes.field_name("", name), nodes.field_body("", paragraph))


def _doc_link(doc_id: str, docname: str) -> addnodes.pending_xref:
    xref = addnodes.pending_xref(
        "", refdomain="accord", reftype="doc", reftarget=doc_id, refexplicit=False, refdoc=docname
    )
    xref += nodes.inline("", doc_id)
    return xref


def _window(value: Any, words: Any) -> str:
    if isinstance(value, dict):
        return words.gettext("%(opens)s to %(closes)s") % {
            "opens": value.get("opens", "?"),
            "closes": value.get("closes", "?"),
        }
    return str(value)


def metadata_box(
    meta: dict[str, Any], docname: str, language: str | None = None, history: str = ""
) -> nodes.container:
    """The document's metadata as a field list, in the order of vocabulary.FIELDS, its labels in
    ``language`` (accord.translations.words)."""
    words = for_language(language)
    _ = words.gettext
    fields = nodes.field_list(classes=["accord-metadata-fields"])
    status = str(meta.get("status", ""))
    label = words.pgettext("status", STATUS_LABELS[status]) if status in STATUS_LABELS else status
    fields += _field(
        _("Status"),
        nodes.inline("", label, classes=["accord-status", f"accord-status-{status}"]),
    )
    if meta.get("version") is not None:
        fields += _field(_("Version"), nodes.Text(str(meta["version"])))
    if meta.get("date"):
        fields += _field(_("Date"), nodes.Text(str(meta["date"])))
    authors = meta.get("authors")
    if isinstance(authors, list) and authors:
        names = []
        for author in authors:
            if isinstance(author, dict):
                name = str(author.get("name", ""))
                if author.get("affiliation"):
                    name += f" ({author['affiliation']})"
                names.append(name)
            else:
                names.append(str(author))
        fields += _field(_("Authors"), nodes.Text("; ".join(names)))
    if meta.get("consultation"):
        fields += _field(_("Consultation"), nodes.Text(_window(meta["consultation"], words)))
    adopted = meta.get("adopted")
    if isinstance(adopted, dict):
        when = _("%(date)s by %(body)s") % {"date": adopted.get("date", ""), "body": adopted.get("by", "")}
        parts: list[nodes.Node] = [nodes.Text(when)]
        if adopted.get("record"):
            parts += [
                nodes.Text(" ("),
                nodes.reference("", _("record"), refuri=str(adopted["record"])),
                nodes.Text(")"),
            ]
        fields += _field(words.pgettext("field", "Adopted"), *parts)
    if isinstance(meta.get("superseded_by"), str):
        fields += _field(_("Superseded by"), _doc_link(meta["superseded_by"], docname))
    withdrawn = meta.get("withdrawn")
    if isinstance(withdrawn, dict):
        fields += _field(
            _("Withdrawn"), nodes.Text(f"{withdrawn.get('date', '')}: {withdrawn.get('reason', '')}")
        )
    supersedes = meta.get("supersedes")
    if supersedes:
        links: list[nodes.Node] = []
        for index, doc_id in enumerate(supersedes if isinstance(supersedes, list) else [supersedes]):
            if index:
                links.append(nodes.Text(", "))
            links.append(_doc_link(str(doc_id), docname))
        fields += _field(_("Supersedes"), *links)
    if meta.get("topics"):
        fields += _field(_("Topics"), nodes.Text(", ".join(map(str, meta["topics"]))))
    if history:
        fields += _field(
            _("History"), nodes.reference("", _("every edition and what changed"), refuri=history)
        )
    box = nodes.container(classes=["accord-metadata"])
    box += fields
    return box


def _insert(app: Sphinx, doctree: nodes.document) -> None:
    docname = app.env.docname
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is None:
        return
    at = 1 if section.children and isinstance(section[0], nodes.title) else 0
    language = page_language(app, docname)
    domain = get_domain(app.env)
    entry = domain.documents.get(docname)
    if docname == CHANGELOG.removesuffix(".md"):
        # A page of the site that no table of contents lists: the front page links it.
        app.env.metadata[docname]["orphan"] = True
    translation = domain.per_document("translations").get(docname)
    if entry is None and translation is not None:
        # A translation says what its source is, in its own language; its facts box and facts
        # follow (accord.sphinxext.translations). Its meta is the source's, with its own fields.
        section[at:at] = [document_banner(app, translation["meta"], docname, language)]
        return
    if entry is None:
        box = notice(app, language)
        if docname == app.config.root_doc:
            box += _front_links(app)
        section[at:at] = [box]
        return
    doc_id = docname.rsplit("/", 1)[-1]
    # On paper a link to the history page needs the site's address.
    web = app.builder.format == "html" or get_settings(app.config).base_url
    history = history_url(app, docname, doc_id) if web and has_history(app) else ""
    section[at:at] = [
        document_banner(app, entry["meta"], docname),
        metadata_box(entry["meta"], docname, language, history),
    ]


def _canonical(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: object) -> None:
    """An edition's page names the stable address of the newest text as canonical, so that search
    engines and citations lead to latest/ (accord.editions.latest), not to one frozen edition."""
    if app.config.accord_edition and app.builder.name in ("html", "dirhtml"):
        context["pageurl"] = latest_url(app, pagename)


def setup_notices(app: Sphinx) -> None:
    app.connect("html-page-context", _canonical)
    app.connect("doctree-read", _insert)
    app.connect("doctree-resolved", _successor_dates)
