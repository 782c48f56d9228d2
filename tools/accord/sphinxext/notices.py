"""What every page says it is: a notice (working draft or official edition) and, on documents,
a metadata box with status, version, dates, authors and the consultation window."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx import addnodes

from accord.sphinxext.config import get_settings
from accord.sphinxext.domain import get_domain
from accord.translations.words import for_language
from accord.vocabulary import STATUS_LABELS

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


def metadata_box(meta: dict[str, Any], docname: str, language: str | None = None) -> nodes.container:
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
    new: list[nodes.Node] = [notice(app, language)]
    entry = get_domain(app.env).documents.get(docname)
    if entry is not None:
        new.append(metadata_box(entry["meta"], docname, language))
    section[at:at] = new


def setup_notices(app: Sphinx) -> None:
    app.connect("doctree-read", _insert)
