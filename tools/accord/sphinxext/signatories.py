"""The signatories page: every organisation that endorsed a document, and what it endorsed.

A coalition's statements gather sign-ons one document at a time (``endorsements/<id>.yaml``,
:mod:`accord.sphinxext.endorsements`); readers and journalists ask the other question, "who has
signed what?". The page answers it from the same entries, kept in the domain, so it agrees with
every document's own list: one row per organisation (same name and country), with each document,
the version it endorsed (and whether that is the current one) and the date. Each document's list
of endorsements links here.

Names, countries and URLs are written by the public through the sign-on form: they only ever
become ``nodes.Text`` and references whose URL passed :func:`accord.urls.is_safe`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.util.osutil import relative_uri

from accord import endorsements, urls
from accord.sphinxext.consultation import render_section
from accord.sphinxext.domain import get_domain
from accord.vocabulary import ORGANISATION_KINDS

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: The page's name in the site (``signatories.html``).
PAGE = "signatories"
TITLE = "Signatories"
SITE_BUILDERS = frozenset({"html", "dirhtml"})


def signatories(domain: Any) -> list[dict[str, Any]]:
    """One entry per organisation, by name: its country, kind, address and what it endorsed."""
    documents = domain.documents
    found: dict[tuple[str, str], dict[str, Any]] = {}
    for docname, entries in sorted(domain.per_document("endorsements").items()):
        document = documents.get(docname)
        if document is None:
            continue
        meta = document["meta"]
        current = meta.get("version")
        current = (
            str(current) if isinstance(current, (str, int, float)) and not isinstance(current, bool) else ""
        )
        for entry in entries:
            key = (endorsements.normalised(entry["name"]), entry["country"])
            row = found.setdefault(
                key,
                {"name": entry["name"], "country": entry["country"], "kind": None, "url": None, "signed": []},
            )
            row["kind"] = row["kind"] or entry.get("kind")
            row["url"] = row["url"] or entry.get("url")
            row["signed"].append(
                {
                    "docname": docname,
                    "title": str(meta.get("title") or document["id"]),
                    "version": entry.get("version") or current,
                    "current": current,
                    "date": entry["date"],
                }
            )
    rows = sorted(found.values(), key=lambda row: (endorsements.normalised(row["name"]), row["country"]))
    for row in rows:
        row["signed"].sort(key=lambda signed: (signed["title"].casefold(), signed["date"]))
    return rows


def _organisation(row: dict[str, Any]) -> nodes.paragraph:
    line = nodes.paragraph(classes=["accord-signatory"])
    url = row["url"]
    if isinstance(url, str) and urls.is_safe(url) and url.startswith(("https://", "http://")):
        line += nodes.reference("", row["name"], refuri=url)
    else:
        line += nodes.strong("", row["name"])
    details = [endorsements.country_name(row["country"])]
    if row["kind"] in ORGANISATION_KINDS:
        details.append(ORGANISATION_KINDS[row["kind"]])
    line += nodes.Text(f" ({', '.join(details)})")
    return line


def _signed(app: Sphinx, signed: dict[str, Any]) -> nodes.list_item:
    line = nodes.paragraph()
    target = relative_uri(app.builder.get_target_uri(PAGE), app.builder.get_target_uri(signed["docname"]))
    line += nodes.reference("", signed["title"], refuri=target)
    version, current = signed["version"], signed["current"]
    if version:
        line += nodes.Text(f", version {version}")
        if current and version != current:
            line += nodes.emphasis("", f" (the current version is {current})")
    line += nodes.Text(f", {signed['date']}")
    return nodes.list_item("", line)


def page_nodes(app: Sphinx, rows: list[dict[str, Any]]) -> nodes.section:
    section = nodes.section(ids=["signatories"])
    section += nodes.title("", TITLE)
    documents = {signed["docname"] for row in rows for signed in row["signed"]}
    section += nodes.paragraph(
        "",
        f"{len(rows)} organisation{'' if len(rows) == 1 else 's'} endorsed "
        f"{len(documents)} document{'' if len(documents) == 1 else 's'} of this collection. Each "
        "organisation is listed with what it endorsed: the document, the version it signed and when.",
    )
    listing = nodes.bullet_list(classes=["accord-signatories"])
    for row in rows:
        item = nodes.list_item("", _organisation(row))
        signed = nodes.bullet_list()
        signed.extend(_signed(app, entry) for entry in row["signed"])
        item += signed
        listing += item
    section += listing
    return section


def _pages(app: Sphinx) -> Iterator[tuple[str, dict[str, Any], str]]:
    if app.builder.name not in SITE_BUILDERS:
        return
    rows = signatories(get_domain(app.env))
    if not rows:
        return
    body = render_section(app.builder, page_nodes(app, rows))
    yield PAGE, {"title": TITLE, "body": body}, "page.html"


def _link_from_lists(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Under a document's list of endorsements: a link to everything its signatories endorsed."""
    if app.builder.name not in SITE_BUILDERS:
        return
    for section in doctree.findall(nodes.section):
        if "accord-endorsements-section" in section["classes"]:
            target = relative_uri(app.builder.get_target_uri(docname), app.builder.get_target_uri(PAGE))
            line = nodes.paragraph(classes=["accord-signatories-link"])
            line += nodes.reference("", "All signatories and what they endorsed", refuri=target)
            section += line


def setup_signatories(app: Sphinx) -> None:
    app.connect("doctree-resolved", _link_from_lists)
    app.connect("html-collect-pages", _pages)
