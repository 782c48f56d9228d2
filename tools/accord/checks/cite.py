"""CITE rules: every citation key names an entry of the bibliography."""

from __future__ import annotations

from collections.abc import Iterator

from accord.checks.context import Context
from accord.corpus import Document
from accord.diagnostics import Diagnostic, make
from accord.vocabulary import CITE_ROLES


def citation_keys(doc: Document, ctx: Context) -> Iterator[Diagnostic]:
    """Each key of a citation role matches an entry in the bibliography; the role names one or more."""
    for item in doc.items:
        if item.kind != "role" or item.name not in CITE_ROLES:
            continue
        keys = [key.strip() for key in item.value.split(",")]
        if not any(keys):
            yield make("CITE002", doc.path, item.line, item.column, item.value, hint="write {cite:p}`key`")
            continue
        if ctx.citation_keys is None:
            continue
        column = item.column
        for raw in item.value.split(","):
            key = raw.strip()
            at = column + (len(raw) - len(raw.lstrip()))
            written = ctx.citation_keys.get(key.lower()) if key else None
            if key and written is None:
                match = ctx.closest_key(key)
                hint = f"did you mean {match!r}?" if match else f"add an entry for it to {ctx.bibliography}"
                yield make("CITE001", doc.path, item.line, at, key, hint=hint)
            elif key and written != key:
                yield make("CITE003", doc.path, item.line, at, key, hint=f"write {written!r}")
            column += len(raw) + 1


RULES = (citation_keys,)


def check(doc: Document, ctx: Context) -> Iterator[Diagnostic]:
    for rule in RULES:
        yield from rule(doc, ctx)
