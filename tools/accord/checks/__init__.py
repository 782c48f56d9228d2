"""Pure rules over the corpus: they yield Diagnostic objects and never print or call Sphinx."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterator

from accord.checks import cite, meta, relations, safety, xref
from accord.checks.context import Context
from accord.corpus import Corpus, Document
from accord.diagnostics import Diagnostic, make

DOCUMENT_CHECKS = (meta.check, safety.check, xref.check, cite.check)


def context(corpus: Corpus, *, today: dt.date) -> Context:
    bib = corpus.bibliography
    return Context(
        root=corpus.root,
        settings=corpus.settings,
        today=today,
        ids=frozenset(corpus.by_id),
        citation_keys=frozenset(bib.keys) if bib.exists else None,
        bibliography=bib.path,
    )


BODY_CHECKS = (safety.check, xref.check, cite.check)


def check_page(page: Document, ctx: Context) -> Iterator[Diagnostic]:
    """The body rules, for pages that are not documents (front page, landing pages)."""
    for run in BODY_CHECKS:
        yield from run(page, ctx)


def check_document(doc: Document, ctx: Context) -> Iterator[Diagnostic]:
    """Every per-document rule; the Sphinx extension calls this for each document it reads."""
    if not doc.readable:
        # Without front matter only the body rules can say anything useful.
        yield from check_page(doc, ctx)
        return
    for run in DOCUMENT_CHECKS:
        yield from run(doc, ctx)


def bibliography_problems(corpus: Corpus) -> Iterator[Diagnostic]:
    bib = corpus.bibliography
    if not bib.exists and corpus.documents:
        yield make("BIB002", bib.path, 1, 1, bib.path, hint="create it, or set [tool.accord] bibliography")


def run(corpus: Corpus, *, today: dt.date, only: Collection[str] | None = None) -> list[Diagnostic]:
    """All diagnostics for the corpus, sorted; ``only`` limits the report to those paths."""
    ctx = context(corpus, today=today)
    found: list[Diagnostic] = list(corpus.problems)
    found.extend(bibliography_problems(corpus))
    for doc in corpus.documents:
        if only is None or doc.path in only:
            found.extend(check_document(doc, ctx))
    for page in corpus.pages:
        if only is None or page.path in only:
            found.extend(check_page(page, ctx))
    found.extend(relations.check(corpus.documents))
    if only is not None:
        found = [d for d in found if d.path in only]
    return sorted(set(found))
