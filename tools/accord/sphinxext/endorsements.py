"""Endorsements on the document's page: the count in the metadata box and the list in a section
of its own, before the references; the PDF prints both.

The list comes from ``endorsements/<id>.yaml`` (:mod:`accord.endorsements`), checked by the same
rules as ``accord check`` (:mod:`accord.checks.endorsements`). The file is a dependency of the
page (:mod:`accord.sphinxext.datafiles`): an edit, a new file or a deleted one rereads the page.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.util.nodes import make_id

from accord import endorsements
from accord.checks import endorsements as rules
from accord.sphinxext import datafiles
from accord.sphinxext.config import today
from accord.sphinxext.domain import get_domain

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def _count(number: int) -> str:
    return f"{number} organisation" + ("" if number == 1 else "s")


def endorsement_list(found: list[endorsements.Endorsement], version: object = None) -> nodes.bullet_list:
    """One item per organisation, by name: 'Name (Country), date', the name linked to its URL;
    ', endorsed version 1.0' when it endorsed another version than the document's ``version``,
    until the endorsement is renewed."""
    current = str(version) if isinstance(version, (str, int, float)) and not isinstance(version, bool) else ""
    items = nodes.bullet_list(classes=["accord-endorsements"])
    for entry in sorted(found, key=lambda e: (endorsements.normalised(e.name), e.country)):
        line = nodes.paragraph()
        if entry.url and entry.url.startswith(("https://", "http://")):
            line += nodes.reference("", entry.name, refuri=entry.url)
        else:
            line += nodes.Text(entry.name)
        line += nodes.Text(f" ({endorsements.country_name(entry.country)}), {entry.date}")
        if entry.version and current and entry.version != current:
            line += nodes.emphasis("", f", endorsed version {entry.version}")
        items += nodes.list_item("", line)
    return items


def _section(
    doctree: nodes.document, found: list[endorsements.Endorsement], env: Any, version: object = None
) -> nodes.section:
    section = nodes.section(classes=["accord-endorsements-section"])
    section["ids"].append(make_id(env, doctree, "", "endorsements"))
    section += nodes.title("", "Endorsements")
    verb = "endorses" if len(found) == 1 else "endorse"
    section += nodes.paragraph("", f"{_count(len(found))} {verb} this document.")
    section += endorsement_list(found, version)
    return section


def _read(app: Sphinx, doctree: nodes.document) -> None:
    """Check the document's endorsements file and add the list to the page."""
    found_file = datafiles.of_document(app, endorsements.relative_path, endorsements.load)
    if found_file is None:
        return
    (entry, file), env, docname = found_file, app.env, app.env.docname
    meta = entry["meta"]
    datafiles.report(
        app, rules.check_file(file, status=meta.get("status"), today=today(), version=meta.get("version"))
    )
    found = endorsements.entries(file)
    get_domain(env).per_document("endorsements")[docname] = [dataclasses.asdict(e) for e in found]
    if not found:
        return
    top = next(iter(doctree.findall(nodes.section)), None)
    if top is None:
        return
    section = _section(doctree, found, env, entry["meta"].get("version"))
    references = next(
        (
            child
            for child in top.children
            if isinstance(child, nodes.section) and "references" in child["ids"]
        ),
        None,
    )
    if references is not None:
        top.insert(top.index(references), section)
    else:
        top += section


def _count_in_metadata_box(app: Sphinx, doctree: nodes.document) -> None:
    """'Endorsements: 3 organisations', linked to the list, in the metadata box."""
    found = get_domain(app.env).per_document("endorsements").get(app.env.docname)
    section = next(
        (node for node in doctree.findall(nodes.section) if "accord-endorsements-section" in node["classes"]),
        None,
    )
    box = next(
        (node for node in doctree.findall(nodes.field_list) if "accord-metadata-fields" in node["classes"]),
        None,
    )
    if not found or section is None or box is None:
        return
    link = nodes.reference("", _count(len(found)), internal=True, refid=section["ids"][0])
    box += nodes.field(
        "", nodes.field_name("", "Endorsements"), nodes.field_body("", nodes.paragraph("", "", link))
    )


def setup_endorsements(app: Sphinx) -> None:
    # Before the table of contents is collected (priority 500), so that the section is in it;
    # the count after the notices have built the metadata box.
    app.connect("doctree-read", _read, priority=400)
    app.connect("doctree-read", _count_in_metadata_box, priority=600)
