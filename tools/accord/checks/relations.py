"""META rules across documents: unique ids and supersession without cycles."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from accord.corpus import Document
from accord.diagnostics import Diagnostic, make


def unique_ids(documents: Sequence[Document]) -> Iterator[Diagnostic]:
    """A document id (file stem) is unique across positions/ and principles/."""
    first: dict[str, Document] = {}
    for doc in documents:
        if doc.id in first:
            yield make(
                "META015",
                doc.path,
                1,
                1,
                detail=f"{doc.id!r} is also {first[doc.id].path}",
                hint="rename one of the two files",
            )
        else:
            first.setdefault(doc.id, doc)


def supersession_cycles(documents: Sequence[Document]) -> Iterator[Diagnostic]:
    """Following superseded_by from any document never comes back to it."""
    successor = {
        doc.id: doc.meta["superseded_by"]
        for doc in documents
        if isinstance(doc.meta.get("superseded_by"), str) and doc.meta["superseded_by"] != doc.id
    }
    by_id = {doc.id: doc for doc in documents}
    reported: set[str] = set()
    for start in sorted(successor):
        chain = [start]
        current = successor[start]
        while current in successor and current not in chain:
            chain.append(current)
            current = successor[current]
        if current in chain:
            cycle = chain[chain.index(current) :]
            if reported.isdisjoint(cycle):
                reported.update(cycle)
                for member in cycle:
                    doc = by_id[member]
                    loop = " -> ".join([*cycle[cycle.index(member) :], *cycle[: cycle.index(member)], member])
                    yield make(
                        "META014",
                        doc.path,
                        *doc.where("superseded_by"),
                        detail=loop,
                        hint="only the older document names the newer one in superseded_by",
                    )


RULES = (unique_ids, supersession_cycles)


def check(documents: Sequence[Document]) -> Iterator[Diagnostic]:
    for rule in RULES:
        yield from rule(documents)
