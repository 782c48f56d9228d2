"""Index pages: ``{accord-index}`` lists documents by kind and status.

The directive leaves a placeholder; the list is filled at ``doctree-resolved`` from the Domain, so
nothing is generated into the source tree, and an index page is rewritten whenever the metadata it
shows changes.
"""

from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.util.docutils import SphinxDirective

from accord.sphinxext.domain import get_domain, is_document
from accord.vocabulary import KINDS, STATUS_LABELS, STATUSES

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment


class index_placeholder(nodes.General, nodes.Element):
    """Replaced by the document list at doctree-resolved."""


def _choices(allowed: tuple[str, ...]):
    def convert(argument: str) -> list[str]:
        values = [v.strip() for v in (argument or "").replace(",", " ").split()]
        for value in values:
            if value not in allowed:
                raise ValueError(f"{value!r} is not one of {', '.join(allowed)}")
        return values

    return convert


class AccordIndex(SphinxDirective):
    """``{accord-index}`` with optional ``:kind:`` and ``:status:`` filters; ``:toctree:`` also
    puts the listed documents into the site's navigation (a hidden toctree)."""

    has_content = False
    option_spec: ClassVar[dict[str, Any]] = {
        "kind": _choices(tuple(KINDS)),
        "status": _choices(STATUSES),
        "summaries": directives.flag,
        "toctree": directives.flag,
    }

    def run(self) -> list[nodes.Node]:
        get_domain(self.env).note_index(self.env.docname)
        node = index_placeholder()
        node["kinds"] = self.options.get("kind") or list(KINDS)
        node["statuses"] = self.options.get("status") or list(STATUSES)
        node["summaries"] = "summaries" in self.options
        self.set_source_info(node)
        result: list[nodes.Node] = [node]
        if "toctree" in self.options:
            result.append(self._toctree(node["kinds"]))
        return result

    def _toctree(self, kinds: list[str]) -> nodes.Node:
        """A hidden toctree of the documents, like a glob, but quiet when a folder is empty."""
        docnames = sorted(
            name for name in self.env.found_docs if is_document(name) and name.split("/", 1)[0] in kinds
        )
        toctree = addnodes.toctree()
        toctree["parent"] = self.env.docname
        toctree["entries"] = [(None, name) for name in docnames]
        toctree["includefiles"] = docnames
        toctree["maxdepth"] = -1
        toctree["caption"] = None
        toctree["glob"] = False
        toctree["hidden"] = True
        toctree["includehidden"] = False
        toctree["numbered"] = 0
        toctree["titlesonly"] = False
        self.set_source_info(toctree)
        return nodes.compound("", toctree, classes=["toctree-wrapper"])


def _entry(app: Sphinx, fromdoc: str, docname: str, meta: dict[str, Any], summaries: bool) -> nodes.list_item:
    link = nodes.reference(
        "",
        str(meta.get("title", docname)),
        internal=True,
        refuri=app.builder.get_relative_uri(fromdoc, docname),
    )
    line = nodes.paragraph("", "", link)
    details = [
        str(meta[key]) if key != "version" else f"version {meta[key]}"
        for key in ("version", "date")
        if meta.get(key)
    ]
    if details:
        line += nodes.Text(" (" + ", ".join(details) + ")")
    item = nodes.list_item("", line, classes=[f"accord-status-{meta.get('status', '')}"])
    if summaries and meta.get("summary"):
        item += nodes.paragraph("", str(meta["summary"]), classes=["accord-summary"])
    return item


def _fill(app: Sphinx, doctree: nodes.document, fromdoc: str) -> None:
    documents = get_domain(app.env).documents
    for placeholder in list(doctree.findall(index_placeholder)):
        content: list[nodes.Node] = []
        for kind in placeholder["kinds"]:
            if len(placeholder["kinds"]) > 1:
                content.append(nodes.rubric("", KINDS[kind], classes=["accord-index-kind"]))
            listed = False
            for status in placeholder["statuses"]:
                chosen = sorted(
                    (str(e["meta"].get("title", name)).casefold(), name, e["meta"])
                    for name, e in documents.items()
                    if e["kind"] == kind and e["meta"].get("status") == status
                )
                if not chosen:
                    continue
                listed = True
                content.append(nodes.paragraph("", STATUS_LABELS[status], classes=["accord-index-status"]))
                bullets = nodes.bullet_list(classes=["accord-index"])
                bullets.extend(
                    _entry(app, fromdoc, name, meta, placeholder["summaries"]) for _, name, meta in chosen
                )
                content.append(bullets)
            if not listed:
                content.append(nodes.paragraph("", "No documents yet.", classes=["accord-index-empty"]))
        placeholder.replace_self(content)


def _outdated_pages(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Pages to rewrite although their source did not change: every page when a document was
    added, removed or renamed (the navigation of every page lists them), else the index pages
    when any metadata they show changed."""
    domain = get_domain(env)
    titles = sorted((name, str(e["meta"].get("title"))) for name, e in domain.documents.items())
    navigation = hashlib.sha256(json.dumps(titles).encode()).hexdigest()
    listed = domain.index_signature()
    outdated: list[str] = []
    if navigation != domain.data.get("navigation") and domain.data.get("navigation") is not None:
        outdated = sorted(env.found_docs)
    elif listed != domain.data["signature"]:
        outdated = sorted(domain.data["indexes"])
    domain.data["navigation"] = navigation
    domain.data["signature"] = listed
    return outdated


def _reread_indexes(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """An added or removed document changes the toctree of the index pages: read them again."""
    if added or removed:
        return sorted(get_domain(env).data["indexes"] - removed)
    return []


def _keep_index_pages(app: Sphinx, builder: Any) -> None:
    """Sphinx writes again every page whose toctree lists a changed document, for its title;
    Accord rewrites its index pages itself when what they show changes (``_outdated_pages``: every
    page when a title changes), so they are left out of that list for this write. Otherwise an
    edit to a paragraph rewrote its kind's index page too, whose navigation lists every document
    of the kind: half of a one-paragraph rebuild at 500 documents."""
    env = builder.env
    indexes = get_domain(env).data.get("indexes", set())
    if not indexes:
        return
    env.accord_files_to_rebuild = env.files_to_rebuild  # the environment is pickled already
    env.files_to_rebuild = {
        docname: pages - indexes for docname, pages in env.files_to_rebuild.items() if pages - indexes
    }


def _restore_toctree_parents(app: Sphinx, exception: Exception | None) -> None:
    saved = app.env.__dict__.pop("accord_files_to_rebuild", None)
    if saved is not None:
        app.env.files_to_rebuild = saved


def setup_indexes(app: Sphinx) -> None:
    app.add_node(index_placeholder)
    app.add_directive("accord-index", AccordIndex)
    app.connect("doctree-resolved", _fill)
    app.connect("env-updated", _outdated_pages)
    app.connect("env-get-outdated", _reread_indexes)
    app.connect("write-started", _keep_index_pages)
    app.connect("build-finished", _restore_toctree_parents)
