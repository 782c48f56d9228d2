"""Search results that say what each document is: its status and version beside its title.

Sphinx's search page (searchtools.js) lists a result as the page's title and a snippet of its text,
and its index holds only titles and words. The search page therefore carries a small table of the
documents' facts (docname -> "Adopted, version 1.0"), and accord-search.js writes the facts after
each result as the results come in. Without script there are no results to annotate.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from accord.sphinxext.domain import get_domain
from accord.vocabulary import STATUS_LABELS

if TYPE_CHECKING:
    from sphinx.application import Sphinx

FACTS_ID = "accord-search-facts"


def facts(app: Sphinx) -> dict[str, str]:
    """Each document's status label and version, by docname."""
    found: dict[str, str] = {}
    for docname, entry in sorted(get_domain(app.env).documents.items()):
        meta = entry.get("meta", {})
        status = str(meta.get("status", ""))
        parts = [STATUS_LABELS.get(status, status)] if status else []
        if meta.get("version"):
            parts.append(f"version {meta['version']}")
        if parts:
            found[docname] = ", ".join(parts)
    return found


def script_tag(table: dict[str, str]) -> str:
    """The facts as a JSON data block; '<' escaped, so no title can end the script element."""
    data = json.dumps(table, ensure_ascii=False, sort_keys=True).replace("<", "\\u003c")
    return f'<script type="application/json" id="{FACTS_ID}">{data}</script>\n'


def _page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    if templatename != "search.html":
        return
    context["metatags"] = context.get("metatags", "") + script_tag(facts(app))
    app.add_js_file("accord-search.js", defer="defer")


def setup_searchfacts(app: Sphinx) -> None:
    app.connect("html-page-context", _page_context)
