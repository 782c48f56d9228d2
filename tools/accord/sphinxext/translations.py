"""Translations on the site: each page's lang and dir, the language switch, hreflang alternates,
the translation's facts (its source, translators, whether it is authentic) and the outdated notice.

A translation ``positions/x.fr.md`` is a page of its own (docname ``positions/x.fr``); its record in
the domain (``translations``) holds its source's metadata, so its paragraphs are numbered and its
facts shown as the source's, and {para} references from it go to pages in its language.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx import addnodes

from accord import frontmatter
from accord.sphinxext.config import get_settings
from accord.sphinxext.domain import get_domain, is_document, plain
from accord.translations import history, model
from accord.translations.words import translate

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment
    from sphinx.writers.html5 import HTML5Translator

    from accord.corpus import Document


def note_translation(app: Sphinx, docname: str, doc: Document) -> None:
    """Record a translation as it is read (checking calls this at source-read)."""
    found = model.split(docname)
    if found is None:
        return
    source_docname = docname.rsplit(".", 1)[0]
    source_path = Path(app.srcdir) / f"{source_docname}.md"
    head = frontmatter.read(source_path.name, _read(source_path))
    source_meta = plain(head.data) if isinstance(head.data, dict) else {}
    written = doc.front.raw.get(("translated_from",), str(doc.meta.get("translated_from", "")))
    standing = history.standing(Path(app.srcdir), f"{source_docname}.md", written) if written else None
    language = model.canonical(str(doc.meta.get("language") or found[1]))
    meta = {**source_meta, **plain(doc.meta), "language": language}
    get_domain(app.env).per_document("translations")[docname] = {
        "id": found[0],
        "source": source_docname,
        "path": doc.path,
        "kind": docname.split("/", 1)[0],
        "language": language,
        "meta": meta,
        "source_title": str(source_meta.get("title", found[0])),
        "translated_from": written,
        "outdated": bool(standing and standing.known and standing.outdated),
        "current": standing.current if standing else None,
    }


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace").removeprefix("\ufeff")
    except OSError:
        return ""


def page_language(app: Sphinx, docname: str) -> str:
    """A translation's tag, a document's ``language``, else the repository's language."""
    domain = get_domain(app.env)
    entry = domain.per_document("translations").get(docname) or domain.documents.get(docname)
    tag = entry["meta"].get("language") if entry else None
    return model.canonical(str(tag or get_settings(app.config).language or "en"))


def family(app: Sphinx, docname: str) -> list[tuple[str, str]]:
    """(language, docname) of a document and its translations, the source first; empty when it has none."""
    domain = get_domain(app.env)
    translations = domain.per_document("translations")
    source = translations[docname]["source"] if docname in translations else docname
    if source not in domain.documents:
        return []
    members = sorted(
        (entry["language"], name) for name, entry in translations.items() if entry["source"] == source
    )
    if not members:
        return []
    return [(page_language(app, source), source), *members]


def authentic(app: Sphinx, tag: str) -> bool:
    languages = get_settings(app.config).languages
    return any(model.same(tag, allowed) for allowed in languages)


# -- the translation's facts and the outdated notice, placed after the page's notice ------------


def _facts(app: Sphinx, docname: str, entry: dict[str, Any]) -> list[nodes.Node]:
    tag = entry["language"]
    words = [
        translate(tag, message)
        for message in ("Translation of", "Translated by", "Authentic text", "Unofficial translation")
    ]
    box = nodes.container(classes=["accord-translation"])
    line = nodes.paragraph()
    link = addnodes.pending_xref(
        "", refdomain="accord", reftype="doc", reftarget=entry["id"], refexplicit=True, refdoc=docname
    )
    link += nodes.inline("", entry["source_title"])
    line += [nodes.strong("", words[0] + " "), link, nodes.Text(". ")]
    status = entry["meta"].get("status")
    official = status in ("adopted", "superseded")
    line += nodes.emphasis("", words[2] if official and authentic(app, tag) else words[3])
    box += line
    people = entry["meta"].get("translators")
    if isinstance(people, list) and people:
        names = [str(p.get("name", "")) if isinstance(p, dict) else str(p) for p in people]
        box += nodes.paragraph("", "", nodes.strong("", words[1] + " "), nodes.Text("; ".join(names)))
    found: list[nodes.Node] = [box]
    if entry.get("outdated"):
        found.append(_outdated(app, docname, entry))
    return found


def _outdated(app: Sphinx, docname: str, entry: dict[str, Any]) -> nodes.Node:
    tag = entry["language"]
    notice = nodes.admonition(classes=["warning", "accord-outdated"])
    notice += nodes.title("", translate(tag, "This translation is out of date"))
    text = nodes.paragraph()
    text += nodes.Text(translate(tag, "The source text has changed since this translation was made.") + " ")
    source = addnodes.pending_xref(
        "", refdomain="accord", reftype="doc", reftarget=entry["id"], refexplicit=True, refdoc=docname
    )
    source += nodes.inline("", translate(tag, "Read the current source text"))
    text += source
    repository = get_settings(app.config).repository
    if repository and entry.get("current") and entry.get("translated_from"):
        compare = f"https://github.com/{repository}/compare/{entry['translated_from']}...{entry['current']}"
        text += [nodes.Text(" · "), nodes.reference("", translate(tag, "See the changes"), refuri=compare)]
    notice += text
    return notice


def _insert(app: Sphinx, doctree: nodes.document) -> None:
    docname = app.env.docname
    entry = get_domain(app.env).per_document("translations").get(docname)
    if entry is None:
        return
    # Reached through its source's language switch, not the navigation: no toctree lists it.
    app.env.metadata[docname]["orphan"] = True
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is None:
        return
    notice = next(
        (n for n in section.children if isinstance(n, nodes.container) and "accord-notice" in n["classes"]),
        None,
    )
    at = (
        section.index(notice) + 1
        if notice is not None
        else (1 if section.children and isinstance(section[0], nodes.title) else 0)
    )
    from accord.sphinxext.notices import metadata_box

    section[at:at] = [metadata_box(entry["meta"], docname, entry["language"]), *_facts(app, docname, entry)]


def statement_languages(app: Sphinx, docname: str, base: str, *, pdfs: bool) -> dict[str, Any]:
    """What statements.json says of a document's languages: each one's tag, and each translation's
    title, addresses, translators, commit, whether it is outdated and whether it is authentic."""
    members = family(app, docname) or [(page_language(app, docname), docname)]
    translations = get_domain(app.env).per_document("translations")
    found = []
    for tag, name in members[1:]:
        entry = translations[name]
        people = entry["meta"].get("translators")
        found.append(
            {
                "language": tag,
                "title": entry["meta"].get("title"),
                "html": base + app.builder.get_target_uri(name),
                "pdf": f"{base}{name}.pdf" if pdfs else None,
                "translators": [p.get("name") for p in people if isinstance(p, dict)]
                if isinstance(people, list)
                else [],
                "translated_from": entry.get("translated_from") or None,
                "outdated": bool(entry.get("outdated")),
                "authentic": entry["meta"].get("status") in ("adopted", "superseded") and authentic(app, tag),
            }
        )
    return {"languages": [tag for tag, _ in members], "translations": found}


# -- the language switch ----------------------------------------------------------------------------


class language_switch(nodes.General, nodes.Element):
    """The languages of a document, each a link in its own language; HTML only."""


def _add_switch(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    if app.builder.format != "html":
        return
    members = family(app, docname)
    section = next(iter(doctree.findall(nodes.section)), None)
    if not members or section is None:
        return
    switch = language_switch(label=translate(page_language(app, docname), "Languages"))
    for tag, name in members:
        switch += nodes.reference(
            "",
            model.autonym(tag),
            refuri=app.builder.get_relative_uri(docname, name),
            hreflang=tag,
            current=name == docname,
        )
    at = 1 if section.children and isinstance(section[0], nodes.title) else 0
    section.insert(at, switch)


def _visit_switch(self: HTML5Translator, node: language_switch) -> None:
    label = html.escape(node["label"])
    self.body.append(
        f'<nav class="accord-languages" aria-label="{label}"><span class="accord-languages-label">{label}:</span> <ul>'
    )
    for link in node.children:
        tag = html.escape(link["hreflang"])
        text = html.escape(link.astext())
        where = direction_attr(link["hreflang"])
        if link["current"]:
            self.body.append(f'<li><span lang="{tag}"{where} aria-current="page">{text}</span></li>')
        else:
            href = html.escape(link["refuri"])
            self.body.append(f'<li><a href="{href}" hreflang="{tag}" lang="{tag}"{where}>{text}</a></li>')
    self.body.append("</ul></nav>")
    raise nodes.SkipNode


def direction_attr(tag: str) -> str:
    return ' dir="rtl"' if model.direction(tag) == "rtl" else ""


def _skip(self: Any, node: nodes.Node) -> None:
    raise nodes.SkipNode


def _outdated_pages(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """A new, changed or removed translation changes its family's switches; a changed source may
    make its translations outdated: read those pages again."""
    translations = get_domain(env).per_document("translations")
    touched = added | changed | removed
    sources = {name.rsplit(".", 1)[0] for name in touched if model.is_translation(name)}
    sources |= {name for name in touched if is_document(name)}
    again = {name for name, entry in translations.items() if entry["source"] in sources}
    again |= {name for name in sources if name in env.found_docs}
    return sorted(again - touched)


def setup_translations(app: Sphinx) -> None:
    app.add_node(
        language_switch,
        html=(_visit_switch, None),
        **dict.fromkeys(("text", "latex", "man", "texinfo"), (_skip, None)),
    )
    app.add_css_file("accord-translations.css")  # in theme.STATIC, on the static path
    app.connect("doctree-read", _insert, priority=600)  # after accord.sphinxext.notices (500)
    app.connect("doctree-resolved", _add_switch)
    app.connect("env-get-outdated", _outdated_pages)
