"""XREF rules: links and references to other files of the repository point at something."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import PurePosixPath
from urllib.parse import unquote

from accord import paths
from accord.checks import refs
from accord.checks.context import Context
from accord.checks.meta import closest
from accord.checks.safety import _is_url
from accord.corpus import Document
from accord.diagnostics import Diagnostic, make
from accord.vocabulary import DOC_ROLES

_EXPLICIT_TARGET = re.compile(r"<([^<>]+)>\s*$")


def _suggest(ctx: Context, target: str) -> str | None:
    match = closest(PurePosixPath(target).stem, ctx.ids)
    return f"did you mean the document {match!r}?" if match else None


def file_links(doc: Document, ctx: Context) -> Iterator[Diagnostic]:
    """A link with a path (a '/' or a file suffix) names a file that exists in the repository.

    Bare names without a suffix may be MyST reference labels, which Sphinx resolves.
    """
    for item in doc.items:
        if item.kind != "link":
            continue
        target = unquote(item.value).split("#", 1)[0].split("?", 1)[0]  # MyST decodes %-escapes
        if not target or _is_url(target) or ":" in target.split("/", 1)[0]:
            continue
        if "/" not in target and not PurePosixPath(target).suffix:
            continue
        resolved = paths.resolve(ctx.root, doc.path, target)
        if resolved.path is None:
            continue  # a path out of the repository is SAFE004's (accord.checks.files)
        if not resolved.path.exists():
            yield make("XREF001", doc.path, item.line, item.column, target, hint=_suggest(ctx, target))


def doc_roles(doc: Document, ctx: Context) -> Iterator[Diagnostic]:
    """A {doc} reference names an existing document, relative or from the root (/positions/x)."""
    for item in doc.items:
        if item.kind != "role" or item.name not in DOC_ROLES:
            continue
        explicit = _EXPLICIT_TARGET.search(item.value)
        target = (explicit[1] if explicit else item.value).strip()
        if not target:
            continue
        name = target if target.endswith(".md") else target + ".md"
        resolved = paths.resolve(ctx.root, doc.path, name).path
        if resolved is None or not resolved.is_file():
            yield make("XREF002", doc.path, item.line, item.column, target, hint=_suggest(ctx, target))


RULES = (file_links, doc_roles, *refs.RULES)


def check(doc: Document, ctx: Context) -> Iterator[Diagnostic]:
    for rule in RULES:
        yield from rule(doc, ctx)
