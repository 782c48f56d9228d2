"""Pure rules over the corpus: they yield Diagnostic objects and never print or call Sphinx."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterator

from accord.checkcache import CheckCache, fingerprint
from accord.checks import bib, cite, meta, relations, safety, xref
from accord.checks.context import Context
from accord.corpus import Corpus, Document
from accord.diagnostics import Diagnostic, make
from accord.vocabulary import CITE_ROLES

DOCUMENT_CHECKS = (meta.check, safety.check, xref.check, cite.check)
BODY_CHECKS = (safety.check, xref.check, cite.check)


def context(corpus: Corpus, *, today: dt.date) -> Context:
    found = corpus.bibliography
    return Context(
        root=corpus.root,
        settings=corpus.settings,
        today=today,
        ids=frozenset(corpus.by_id),
        citation_keys=found.keys if found.exists else None,
        bibliography=found.path,
    )


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


def cites(doc: Document) -> list[str]:
    """The keys a document cites, lowercase."""
    return sorted(
        bib.cited_keys([(i.name, i.value) for i in doc.items if i.kind == "role" and i.name in CITE_ROLES])
    )


def _findings(
    doc: Document, ctx: Context, *, page: bool, cache: CheckCache | None
) -> tuple[list[Diagnostic], list[str]]:
    stored = cache.get(doc.path, doc.text) if cache is not None else None
    if stored is not None:
        return stored
    found = list(check_page(doc, ctx) if page else check_document(doc, ctx))
    keys = cites(doc)
    if cache is not None:
        cache.put(doc.path, doc.text, found, keys)
    return found, keys


def bibliography_problems(corpus: Corpus, cited: set[str]) -> Iterator[Diagnostic]:
    found = corpus.bibliography
    if not found.exists:
        if corpus.documents:
            yield make(
                "BIB002", found.path, 1, 1, found.path, hint="create it, or set [tool.accord] bibliography"
            )
        return
    yield from bib.check(found.file, found.path, cited=cited)


def run(
    corpus: Corpus,
    *,
    today: dt.date,
    only: Collection[str] | None = None,
    cache: CheckCache | None = None,
) -> list[Diagnostic]:
    """All diagnostics for the corpus, sorted; ``only`` limits the report to those paths;
    ``cache`` reuses the findings of documents unchanged since it was saved."""
    ctx = context(corpus, today=today)
    if cache is not None:
        cache.bind(fingerprint(ctx))
    bibliography_reported = only is None or corpus.bibliography.path in only
    found: list[Diagnostic] = list(corpus.problems)
    cited: set[str] = set()
    pages = {id(page) for page in corpus.pages}
    for doc in [*corpus.documents, *corpus.pages]:
        reported = only is None or doc.path in only
        if not reported and not bibliography_reported:
            continue
        diagnostics, keys = _findings(doc, ctx, page=id(doc) in pages, cache=cache)
        cited.update(keys)
        if reported:
            found.extend(diagnostics)
    if bibliography_reported:
        found.extend(bibliography_problems(corpus, cited))
    found.extend(relations.check(corpus.documents))
    if only is not None:
        found = [d for d in found if d.path in only]
    return sorted(set(found))
