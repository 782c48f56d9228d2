"""XREF rules for references to labels, equations, glossary terms and anchors (accord.labels says
what each form can name, as Sphinx and MyST resolve it). A reference is reported only when no
document defines anything it could name: a missed finding is better than a false one."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import PurePosixPath
from urllib.parse import unquote

from accord import labels, numbering, paths
from accord.checks.context import Context
from accord.checks.meta import closest
from accord.checks.safety import _is_url
from accord.corpus import Document
from accord.diagnostics import Diagnostic, make

LABEL_ROLES = frozenset({"ref", "numref", "std:ref", "std:numref"})
TITLED_ROLES = frozenset({"ref", "std:ref"})  # without their own text, they show the target's title
EQUATION_ROLES = frozenset({"eq", "math:numref"})
TERM_ROLES = frozenset({"term", "std:term"})

_EXPLICIT = re.compile(r"<([^<>]+)>\s*$")


def _target(content: str) -> str | None:
    """The target of a Sphinx cross-reference role; None when it does not link (``!target``)."""
    explicit = _EXPLICIT.search(content)
    target = (explicit[1] if explicit else content).strip()
    return None if not target or target.startswith("!") else target.lstrip("~")


def _did_you_mean(value: str, choices: frozenset[str], what: str) -> str | None:
    match = closest(value, choices)
    return f"did you mean the {what} {match!r}?" if match else None


def label_references(doc: Document, ctx: Context) -> Iterator[Diagnostic]:
    """{ref}, {numref}, {eq} and {term} name a label, equation or glossary term of some document."""
    own: labels.Labels | None = None
    for item in doc.items:
        if item.kind != "role" or item.name not in LABEL_ROLES | EQUATION_ROLES | TERM_ROLES:
            continue
        target = _target(item.value)
        if target is None:
            continue
        own = own or labels.of_text(ctx.root, doc.path, doc.text)
        if item.name in LABEL_ROLES:
            name = labels.label_name(target)
            if name not in own.labels and name not in ctx.labels.all.labels:
                yield make(
                    "XREF015", doc.path, item.line, item.column, target, hint=_label_hint(name, own, ctx)
                )
            elif item.name in TITLED_ROLES and not _EXPLICIT.search(item.value) and _untitled(name, own, ctx):
                yield make(
                    "XREF015",
                    doc.path,
                    item.line,
                    item.column,
                    detail=f"{target!r} labels a paragraph, which gives {{ref}} no text to show",
                    hint=f"give the reference its own text, {{ref}}`text <{target}>`, or put the label above a heading",
                )
        elif item.name in EQUATION_ROLES:
            if target in own.equations or target in ctx.labels.all.equations:
                continue
            hint = _did_you_mean(target, ctx.labels.all.equations | own.equations, "equation")
            yield make("XREF016", doc.path, item.line, item.column, target, hint=hint or _EQ_HINT)
        else:
            term = target.lower()
            if term in own.terms or term in ctx.labels.all.terms:
                continue
            hint = _did_you_mean(term, ctx.labels.all.terms | own.terms, "term")
            yield make("XREF017", doc.path, item.line, item.column, target, hint=hint or _TERM_HINT)


def _untitled(name: str, own: labels.Labels, ctx: Context) -> bool:
    """True when no definition of label ``name`` has a title (the other documents are read only
    when this one defines it without)."""
    if name in own.titled:
        return False
    return name in labels.merge([own, ctx.labels.all]).untitled


_EQ_HINT = "label the equation: $$ ... $$ (name), or :label: name in a {math} block"
_TERM_HINT = "define the term in a {glossary} block (the term on its own line, its definition indented)"


def _label_hint(name: str, own: labels.Labels, ctx: Context) -> str:
    everything = ctx.labels.all
    if name in everything.equations or name in own.equations:
        return f"{name!r} labels an equation: refer to it with {{eq}}`{name}`"
    if name in own.anchors:
        return (
            f"{name!r} is a heading anchor, which {{ref}} does not reach: put a label (name)= on the line "
            f"above the heading, or link with [text](#{name})"
        )
    return _did_you_mean(name, everything.labels | own.labels, "label") or (
        "define it with (name)= above a heading or paragraph, or :name: on a figure or table"
    )


def anchor_links(doc: Document, ctx: Context) -> Iterator[Diagnostic]:
    """[text](#anchor), [text](other.md#anchor) and <project:...#anchor> name something there."""
    own: labels.Labels | None = None
    for item in doc.items:
        if item.kind != "link" or "#" not in item.value:
            continue
        href = unquote(item.value).removeprefix("project:")
        path, _, anchor = href.partition("#")
        if not anchor or numbering.is_reserved(anchor) or _is_url(path) or ":" in path.split("/", 1)[0]:
            continue  # numbered paragraphs are {para}'s (XREF003-007)
        if not path:
            own = own or labels.of_text(ctx.root, doc.path, doc.text)
            if not _anchor_known(anchor, own, ctx, doc):
                yield make("XREF018", doc.path, item.line, item.column, href, hint=_anchor_hint(anchor, own))
            continue
        if not path.endswith(".md"):
            continue  # a file that is not a document: Sphinx links it as it is
        resolved = paths.resolve(ctx.root, doc.path, path)
        if resolved.path is None or not resolved.path.is_file():
            continue  # XREF001 or SAFE004
        found = ctx.labels.documents.get(resolved.relative)
        if found is None:
            continue  # not a document the site builds
        if anchor in found.anchors or labels.label_name(anchor) in found.labels:
            continue
        yield make("XREF018", doc.path, item.line, item.column, href, hint=_anchor_hint(anchor, found))


def _anchor_known(anchor: str, own: labels.Labels, ctx: Context, doc: Document) -> bool:
    """MyST looks for a same-page anchor in the page, then in every domain: labels, terms,
    equations and document names of the whole site."""
    if anchor in own.anchors or labels.label_name(anchor) in own.labels:
        return True
    everything = ctx.labels.all
    if labels.label_name(anchor) in everything.labels or anchor.lower() in everything.terms:
        return True
    if anchor in everything.equations:
        return True
    return PurePosixPath(anchor).name.removesuffix(".md") in ctx.ids


def _anchor_hint(anchor: str, found: labels.Labels) -> str:
    slugs = frozenset(a for a in found.anchors if a == a.lower())
    match = closest(anchor, slugs)
    if match:
        return f"did you mean {'#' + match!r}?"
    return (
        f"headings of levels 1 to {labels.HEADING_ANCHORS} have anchors (## My heading -> #my-heading); "
        "put a label (name)= above anything else"
    )


RULES = (label_references, anchor_links)


def check(doc: Document, ctx: Context) -> Iterator[Diagnostic]:
    for rule in RULES:
        yield from rule(doc, ctx)
