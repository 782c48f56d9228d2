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


RULES = (citation_keys,)


def check(doc: Document, ctx: Context) -> Iterator[Diagnostic]:
    for rule in RULES:
        yield from rule(doc, ctx)
