"""CITE rules: every citation reads as sphinxcontrib-bibtex reads it, and names entries that exist."""

from __future__ import annotations

from collections.abc import Iterator

from accord import citerole
from accord.checks.context import Context
from accord.corpus import Document
from accord.diagnostics import Diagnostic, make
from accord.vocabulary import CITE_ROLES


def citation_keys(doc: Document, ctx: Context) -> Iterator[Diagnostic]:
    """A citation role names one or more keys (with optional notes and custom text, as
    :mod:`accord.citerole` parses them); each key matches an entry of the bibliography."""
    for item in doc.items:
        if item.kind != "role" or item.name not in CITE_ROLES:
            continue
        cited = citerole.parse(item.value)
        if cited.error:
            line, column = citerole.where(item.value, item.line, item.column, cited.error_offset)
            yield make("CITE004", doc.path, line, column, cited.error, hint=f"write {citerole.FORMS}")
        elif not cited.targets:
            yield make("CITE002", doc.path, item.line, item.column, item.value, hint="write {cite:p}`key`")
        if ctx.citation_keys is None:
            continue
        for target in cited.targets:
            line, column = citerole.where(item.value, item.line, item.column, target.offset)
            written = ctx.citation_keys.get(target.key.lower())
            if written is None:
                match = ctx.closest_key(target.key)
                hint = f"did you mean {match!r}?" if match else f"add an entry for it to {ctx.bibliography}"
                yield make("CITE001", doc.path, line, column, target.key, hint=hint)
            elif written != target.key:
                yield make("CITE003", doc.path, line, column, target.key, hint=f"write {written!r}")


def bibliography_directives(doc: Document, ctx: Context) -> Iterator[Diagnostic]:
    """``{bibliography}`` places the document's own reference list: it reads no file (the
    bibliography is the ``bibliography`` setting) and its options have no effect."""
    lines = doc.text.splitlines()
    for item in doc.items:
        if item.kind == "directive" and item.name == "bibliography" and item.value:
            source = lines[item.line - 1] if 0 < item.line <= len(lines) else ""
            column = source.find(item.value) + 1 or item.column
            hint = f"write ```{{bibliography}} without a file; the entries come from {ctx.bibliography}"
            yield make("CITE005", doc.path, item.line, column, item.value, hint=hint)
        elif item.kind == "option" and item.name.startswith("bibliography:"):
            option = item.name.partition(":")[2]
            hint = "remove it: the list holds exactly the entries this document cites"
            yield make("CITE006", doc.path, item.line, item.column, f":{option}:", hint=hint)


RULES = (citation_keys, bibliography_directives)


def check(doc: Document, ctx: Context) -> Iterator[Diagnostic]:
    for rule in RULES:
        yield from rule(doc, ctx)
