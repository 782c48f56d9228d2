"""META rules for a statement's crosswalk to other frameworks (accord.crosswalk reads the block)."""

from __future__ import annotations

from collections.abc import Iterator

from accord import numbering
from accord.checks.context import Context
from accord.corpus import Document
from accord.diagnostics import Diagnostic, make
from accord.vocabulary import CROSSWALK_DIRECTIVE, PAGES


def _blocks(doc: Document) -> list[tuple[int, int, str]]:
    """(line, column, body) of each crosswalk block of the document."""
    return [
        (item.line, item.column, item.value)
        for item in doc.items
        if item.kind == "body" and item.name == CROSSWALK_DIRECTIVE
    ]


def _in_statement(doc: Document) -> bool:
    return numbering.numbers_principles(doc.kind) and doc.path not in PAGES


def placement(doc: Document, ctx: Context) -> Iterator[Diagnostic]:
    """A crosswalk maps a statement's own principles: it belongs in principles/, once."""
    directives = [i for i in doc.items if i.kind == "directive" and i.name == CROSSWALK_DIRECTIVE]
    for index, item in enumerate(directives):
        if not _in_statement(doc):
            hint = "move the crosswalk into the statement of principles whose principles it maps"
        elif index:
            hint = "merge the two crosswalks into one"
        else:
            continue
        yield make("META045", doc.path, item.line, item.column, hint=hint)


def content(doc: Document, ctx: Context) -> Iterator[Diagnostic]:
    """The block is well formed; every framework is an entry of the bibliography and is listed
    under 'frameworks'; every row is a principle of the statement; no mapping is empty."""
    blocks = _blocks(doc)
    if not blocks or not _in_statement(doc):
        return
    from accord import crosswalk  # its model is defined only for a statement that has one

    principles = numbering.of_document(doc).principles
    for line, column, body in blocks:
        found, problems = crosswalk.parse(body)
        for problem in problems:
            yield make(
                problem.code,
                doc.path,
                line + problem.line,
                column - 1 + problem.column,
                detail=problem.detail,
                hint=problem.hint,
            )
        if ctx.citation_keys is not None:
            for key, (at_line, at_column) in found.framework_at.items():
                if key.lower() not in ctx.citation_keys:
                    match = ctx.closest_key(key)
                    hint = (
                        f"did you mean {match!r}?" if match else f"add an entry for it to {ctx.bibliography}"
                    )
                    yield make("META041", doc.path, line + at_line, column - 1 + at_column, key, hint=hint)
        for number, (at_line, at_column) in sorted(found.principle_at.items()):
            if number not in principles:
                shown = ", ".join(map(str, sorted(principles))) or "none"
                yield make(
                    "META043",
                    doc.path,
                    line + at_line,
                    column - 1 + at_column,
                    number,
                    hint=f"the statement numbers principles {shown} (headings such as '### 3. Title')",
                )
        listed = {key for key, _ in found.frameworks}
        for cell in found.cells:
            if cell.key not in listed:
                yield make(
                    "META044",
                    doc.path,
                    line + cell.line,
                    column - 1 + cell.column,
                    cell.key,
                    hint=f"add '{cell.key}: <column label>' under 'frameworks'",
                )


RULES = (placement, content)


def check(doc: Document, ctx: Context) -> Iterator[Diagnostic]:
    for rule in RULES:
        yield from rule(doc, ctx)
