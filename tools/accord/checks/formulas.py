"""Formulas: what the build cannot set, reported first at its line (BUILD007, BUILD008).

The PDF writer and the web renderer refuse a formula through accord.formulas; this rule asks the
same functions, so that `accord check` fails where `accord build` would.
"""

from __future__ import annotations

from collections.abc import Iterator

from accord.checks.context import Context
from accord.corpus import Document
from accord.diagnostics import Diagnostic, make
from accord.formulas import HINTS, refusal


def formulas(doc: Document, ctx: Context) -> Iterator[Diagnostic]:
    """Every formula ($...$, $$...$$, amsmath environments, {math}) converts for print and for the
    web; the first command or environment that does not is named."""
    items = [item for item in doc.items if item.kind == "math"]
    if not items:
        return
    for item in items:
        found = refusal(item.value, block=item.name != "inline", nowrap=item.name == "nowrap")
        if found.code:
            yield make(
                found.code, doc.path, item.line, item.column, detail=found.problem, hint=HINTS[found.code]
            )


RULES = (formulas,)


def check(doc: Document, ctx: Context) -> Iterator[Diagnostic]:
    for rule in RULES:
        yield from rule(doc, ctx)
