"""Rules on what the build makes of a document's structure: every directive and role is one the
build knows (BUILD030, BUILD031), no block nests past markdown-it's limit (SAFE015), and the
body does not give itself a second title (META037).

The build reports an unknown name too, but only once a whole build has run, and without a hint;
the check says it at the line, on the pre-commit path. Which names are known is accord.names'
concern; raw and eval-rst are refused by the SAFE rules, whatever their spelling.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from accord import names
from accord.checks.context import Context
from accord.corpus import Document
from accord.diagnostics import Diagnostic, make
from accord.vocabulary import RAW_DIRECTIVES


def _hint(name: str, known: frozenset[str], other: frozenset[str], *, kind: str, other_kind: str) -> str:
    if name in other:
        return f"{name!r} is a {other_kind}, not a {kind}"
    close = difflib.get_close_matches(name, sorted(known), n=1, cutoff=0.7)
    if close:
        return f"did you mean {close[0]!r}?"
    return "check the spelling, or add the extension that provides it to conf.py's extensions"


def unknown_names(doc: Document, ctx: Context) -> Iterator[Diagnostic]:
    """Directives and roles must be registered by docutils, Sphinx or an extension in conf.py
    (names compare without case, as docutils does)."""
    known = names.known(ctx.root)
    if known is None:
        return  # extensions of its own that no build has listed yet: nothing to go by
    for item in doc.items:
        name = item.name.lower()
        if item.kind == "directive" and name not in known.directives and name not in RAW_DIRECTIVES:
            hint = _hint(name, known.directives, known.roles, kind="directive", other_kind="role")
            yield make("BUILD030", doc.path, item.line, item.column, f"{{{item.name}}}", hint=hint)
        elif item.kind == "role" and not known.has_role(name):
            hint = _hint(name, known.roles, known.directives, kind="role", other_kind="directive")
            # A role's item stands at its content; the name starts len("{name}`") before it.
            column = max(item.column - len(item.name) - 3, 1)
            yield make("BUILD031", doc.path, item.line, column, f"{{{item.name}}}", hint=hint)


def too_deep(doc: Document, ctx: Context) -> Iterator[Diagnostic]:
    """Lists, quotes and definitions nest at most as deep as markdown-it parses (ten lists, or
    twenty quotes): past that it drops the block and, in a list, the rest of the document."""
    for item in doc.items:
        if item.kind == "nesting":
            yield make(
                "SAFE015",
                doc.path,
                item.line,
                item.column,
                item.value,
                hint="nest lists at most nine levels deep (quotes nineteen); split a deep list into "
                "sections or a table",
            )


def top_heading(doc: Document, ctx: Context) -> Iterator[Diagnostic]:
    """The title comes from the front matter: a '#' heading of the body would be a second title
    (two h1 on the page, and a section above all the others in the PDF and the contents)."""
    if not doc.meta.get("title"):
        return  # a page without a title field takes its title from its heading
    lines = doc.text.splitlines()
    for item in doc.items:
        if item.kind == "heading" and item.name == "h1":
            written = lines[item.line - 1] if item.line <= len(lines) else ""
            column = len(written) - len(written.lstrip()) + 1
            yield make(
                "META037",
                doc.path,
                item.line,
                column if written.lstrip().startswith("#") else item.column,
                item.value,
                hint="the title is the front matter's 'title'; start sections with '##' "
                "(or remove this heading if it repeats the title)",
            )


RULES = (unknown_names, too_deep, top_heading)


def check(doc: Document, ctx: Context) -> Iterator[Diagnostic]:
    for rule in RULES:
        yield from rule(doc, ctx)
