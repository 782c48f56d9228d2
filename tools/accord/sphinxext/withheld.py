"""A reference to a label of a withheld document says so (XREF019), instead of Sphinx's bare
"undefined label": the label exists, but its document is replaced by a notice (accord.sphinxext
.checking withholds a document that fails a SAFE rule), so the fix is in the other document."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx.util import logging

from accord import labels
from accord.diagnostics import make
from accord.sphinxext.domain import get_domain

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.addnodes import pending_xref
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)


def note_withheld(app: Sphinx, docname: str, path: str, text: str, codes: list[str]) -> None:
    """Remember what a withheld document defined, from its text before it was withheld."""
    found = labels.of_text(Path(app.srcdir), path, text)
    get_domain(app.env).per_document("withheld")[docname] = {
        "path": path,
        "codes": codes,
        "labels": found.labels,
        "equations": found.equations,
        "terms": found.terms,
    }


def _defines(entry: dict[str, Any], domain: str, kind: str, target: str) -> bool:
    if domain == "math":  # {eq}, {math:numref}
        return target in entry["equations"]
    if kind in ("ref", "numref"):
        return labels.label_name(target) in entry["labels"]
    return kind == "term" and target.lower() in entry["terms"]


def _missing(
    app: Sphinx, env: BuildEnvironment, node: pending_xref, contnode: nodes.Element
) -> nodes.Element | None:
    kind, target = node.get("reftype", ""), str(node.get("reftarget", ""))
    domain = node.get("refdomain", "") or "std"
    withheld = get_domain(app.env).per_document("withheld")
    for _, entry in sorted(withheld.items()):
        if not _defines(entry, domain, kind, target):
            continue
        found = make(
            "XREF019",
            entry["path"],
            1,
            detail=f"{target!r} is defined in {entry['path']}, which is withheld ({', '.join(entry['codes'])})",
            hint=f"fix what `accord check {entry['path']}` reports there",
        )
        logger.warning(
            f"{found.code} {found.message} (hint: {found.hint})",
            location=node,
            type="accord",
            subtype=found.code,
        )
        return contnode  # its text, unlinked: said instead of Sphinx's "undefined label"
    return None


def setup_withheld(app: Sphinx) -> None:
    app.connect("missing-reference", _missing)
