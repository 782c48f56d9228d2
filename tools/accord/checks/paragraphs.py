"""XREF rules for numbered paragraphs and principles: {para} references lead somewhere, and the
anchors that numbering gives are not taken by anything else (accord.numbering defines both)."""

from __future__ import annotations

from collections.abc import Iterator

from docutils.nodes import make_id

from accord import numbering
from accord.checks.context import Context
from accord.checks.meta import closest
from accord.corpus import Document
from accord.diagnostics import Diagnostic, make
from accord.vocabulary import PARA_ROLES

_SYNTAX_HINT = (
    "write {para}`document-id#p-3` for paragraph 3, or {para}`document-id#principle-3` for principle 3"
)


def _principles_hint(doc_id: str, found: numbering.Numbering) -> str:
    if not found.principles:
        return (
            f"{doc_id!r} numbers no principles: principles are headings such as '### 3. Title' "
            "in a statement of principles (principles/)"
        )
    return f"{doc_id!r} numbers principles {', '.join(map(str, sorted(found.principles)))}"


def para_references(doc: Document, ctx: Context) -> Iterator[Diagnostic]:
    """A {para} reference names an existing document and a paragraph or principle it numbers."""
    own: numbering.Numbering | None = None
    for item in doc.items:
        if item.kind != "role" or item.name not in PARA_ROLES:
            continue
        target = numbering.parse_target(item.value)
        if target is None:
            yield make("XREF003", doc.path, item.line, item.column, item.value.strip(), hint=_SYNTAX_HINT)
            continue
        doc_id = target.doc or doc.id
        if doc_id == doc.id:
            own = own or numbering.of_document(doc)
            found: numbering.Numbering | None = own
        else:
            found = ctx.numbering.get(doc_id)
        name = f"{doc_id}#{target.anchor}"
        if found is None:
            match = closest(doc_id, ctx.ids)
            hint = f"did you mean the document {match!r}?" if match else "check the document's file name"
            yield make("XREF004", doc.path, item.line, item.column, doc_id, hint=hint)
        elif target.kind == numbering.PARAGRAPH and not found.numbered:
            yield make(
                "XREF005",
                doc.path,
                item.line,
                item.column,
                detail=f"{name!r} ({doc_id!r} is {found.status})",
                hint="refer to the document with {doc} instead, or to one of its principles",
            )
        elif not found.has(target.kind, target.number):
            if target.kind == numbering.PARAGRAPH:
                yield make(
                    "XREF006",
                    doc.path,
                    item.line,
                    item.column,
                    name,
                    hint=f"{doc_id!r} numbers paragraphs 1 to {found.paragraphs}",
                )
            else:
                yield make(
                    "XREF007", doc.path, item.line, item.column, name, hint=_principles_hint(doc_id, found)
                )


def reserved_ids(doc: Document, ctx: Context) -> Iterator[Diagnostic]:
    """No heading or label takes an id that numbering gives (p-N, principle-N): two elements of a
    page would share it, and a link to a paragraph could land on a heading."""
    for item in doc.items:
        if item.kind == "heading":
            taken = make_id(item.value)
        elif item.kind == "label":
            taken = (
                make_id(item.value) if not numbering.is_reserved(item.value.strip()) else item.value.strip()
            )
        else:
            continue
        if numbering.is_reserved(taken):
            yield make(
                "XREF008",
                doc.path,
                item.line,
                item.column,
                item.value.strip(),
                hint=f"{taken!r} is the anchor of a numbered paragraph or principle; choose another "
                "heading or label",
            )


def principle_numbers(doc: Document, ctx: Context) -> Iterator[Diagnostic]:
    """In a statement of principles, each principle number heads one principle."""
    if not numbering.numbers_principles(doc.kind):
        return
    seen: dict[int, int] = {}
    for item in doc.items:
        if item.kind != "heading" or (number := numbering.principle_number(item.value)) is None:
            continue
        if number in seen:
            yield make(
                "XREF009",
                doc.path,
                item.line,
                item.column,
                item.value.strip(),
                hint=f"principle {number} is already the heading on line {seen[number]}; renumber one",
            )
        else:
            seen[number] = item.line


RULES = (para_references, reserved_ids, principle_numbers)


def check(doc: Document, ctx: Context) -> Iterator[Diagnostic]:
    for rule in RULES:
        yield from rule(doc, ctx)
