"""Pure rules over the corpus: they yield Diagnostic objects and never print or call Sphinx."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Collection, Iterator

from accord import labels, numbering, paths
from accord.checkcache import CheckCache, fingerprint
from accord.checks import (
    bib,
    cite,
    crosswalk,
    files,
    formulas,
    meta,
    owners,
    paragraphs,
    relations,
    safety,
    structure,
    urls,
    versions,
    xref,
)
from accord.checks import consultation as consultation_rules
from accord.checks import endorsements as endorsement_rules
from accord.checks import options as option_rules
from accord.checks.context import Context
from accord.consultation.model import files as consultation_files
from accord.consultation.model import relative_path as consultation_path
from accord.corpus import Corpus, Document
from accord.diagnostics import Diagnostic, make
from accord.endorsements import relative_path as endorsements_path
from accord.options import load_questions
from accord.settings import PYPROJECT
from accord.translations.model import is_translation
from accord.vocabulary import CITE_ROLES, CODEOWNERS, KINDS

#: The rules of a body, for every page; a document also has front matter and policy options.
BODY_CHECKS = (
    safety.check,
    urls.check,
    files.check,
    structure.check,
    formulas.check,
    xref.check,
    cite.check,
    paragraphs.check,
    crosswalk.check,
)
DOCUMENT_CHECKS = (meta.check, *BODY_CHECKS, option_rules.check)


def context(corpus: Corpus, *, today: dt.date) -> Context:
    found = corpus.bibliography
    return Context(
        root=corpus.root,
        settings=corpus.settings,
        today=today,
        ids=corpus.ids,
        citation_keys=found.keys if found.exists else None,
        bibliography=found.path,
        questions=load_questions(corpus.root).ids,
    )


def check_page(page: Document, ctx: Context) -> Iterator[Diagnostic]:
    """The body rules, for pages that are not documents (front page, landing pages, translations);
    a translation has its own front-matter rules, never a document's (accord.checks.translations)."""
    if page.kind in KINDS and is_translation(page.path):
        from accord.checks import translations as translation_rules  # only with a translation

        yield from translation_rules.check(page, ctx)
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


#: Below this many documents to parse, starting worker processes costs more than it saves.
PARALLEL_FROM = 64


def _parse_and_check(work: tuple[Document, Context, bool]) -> tuple[list[Diagnostic], list[str]]:
    doc, ctx, page = work
    return list(check_page(doc, ctx) if page else check_document(doc, ctx)), cites(doc)


#: The work of a parallel check, in place before its worker processes are forked: they inherit
#: it, so that a task is an index rather than a document with the whole context pickled again.
_FORKED: list[tuple[Document, Context, bool]] = []


def _parse_and_check_forked(index: int) -> tuple[list[Diagnostic], list[str]]:
    return _parse_and_check(_FORKED[index])


def _all_findings(
    docs: list[tuple[Document, bool]],
    ctx: Context,
    cache: CheckCache | None,
    meanwhile: Callable[[], None] = lambda: None,
) -> list[tuple[list[Diagnostic], list[str]]]:
    """Findings per document, from the cache where it can, in parallel processes where it pays;
    ``meanwhile`` runs in this process while the workers parse."""
    # A document's cache key reads the files it includes and refers to: on a cold run (no entry
    # stored) it is computed while the workers parse, off the critical path.
    keys: list[str | None] = [
        _cache_text(doc, ctx) if cache is not None and cache.has(doc.path) else None for doc, _ in docs
    ]
    results: list[tuple[list[Diagnostic], list[str]] | None] = [
        cache.get(doc.path, key) if cache is not None and key is not None else None
        for (doc, _), key in zip(docs, keys, strict=True)
    ]
    todo = [index for index, result in enumerate(results) if result is None]

    def alongside() -> None:
        meanwhile()
        if cache is not None:
            for index in todo:
                if keys[index] is None:
                    keys[index] = _cache_text(docs[index][0], ctx)

    workers = min(os.cpu_count() or 1, 4)
    work = [(docs[i][0], ctx, docs[i][1]) for i in todo]
    if len(todo) >= PARALLEL_FROM and workers > 1:
        # Parsing markdown is the cost of a check; it parallelises per document. (Imported here
        # because a check of a few files never starts workers.)
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        _FORKED[:] = work
        try:
            with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
                # Small chunks: a task costs an index to send, and a worker left with a large
                # last chunk would parse alone while the other core waits.
                chunk = max(1, len(work) // (workers * 16))
                pending = pool.map(_parse_and_check_forked, range(len(work)), chunksize=chunk)
                alongside()
                computed = list(pending)
        finally:
            _FORKED.clear()
    else:
        computed = [_parse_and_check(item) for item in work]
        alongside()
    for index, result in zip(todo, computed, strict=True):
        results[index] = result
        if cache is not None:
            cache.put(docs[index][0].path, keys[index] or "", *result)
    return results  # type: ignore[return-value]


def _cache_text(doc: Document, ctx: Context) -> str:
    """What a document's findings depend on besides the fingerprint: its text, the files it
    includes, and the text of each document its {para} references name (their numbering may change without its own)."""
    parts = [doc.text, *files.included(ctx.root, doc.path, doc.text).values()]
    for doc_id in sorted(numbering.referenced_ids(doc.text)):
        if (path := ctx.numbering.path(doc_id)) is not None and paths.contained(ctx.root, path).inside:
            parts.append(path.read_bytes().decode("utf-8", errors="replace"))
    if is_translation(doc.path) and doc.kind in KINDS:
        # A translation is checked against its source's text and history.
        from accord.checks import translations as translation_rules

        parts.extend(translation_rules.cache_parts(doc, ctx))
    if labels.refers_to_labels(doc.text):
        parts.append(ctx.labels.fingerprint())  # labels are global: another document may define them
    return "\0".join(parts)


def bibliography_problems(corpus: Corpus, cited: set[str] | None) -> Iterator[Diagnostic]:
    """The bibliography's rules; the never-cited one only when ``cited`` is given, and then only it
    (the others ran before, while the documents were parsed)."""
    found = corpus.bibliography
    if cited is not None:
        if found.exists:
            yield from bib.uncited(found.file, found.path, cited)
        return
    if not found.exists:
        if paths.leads_outside(corpus.root, found.path):
            yield files.symlink_out(found.path)
        elif corpus.documents:
            yield make(
                "BIB002", found.path, 1, 1, found.path, hint="create it, or set [tool.accord] bibliography"
            )
        return
    yield from bib.check(found.file, found.path)
    yield from urls.bibliography(found.file, found.path)


def _data_files_of(corpus: Corpus, only: Collection[str]) -> set[str]:
    """The endorsements files and consultation records of the documents in ``only`` (a
    document's status decides whether it may be endorsed or adopted, so an edited status is
    checked against its files on the pre-commit path), and the files they include."""
    found = set()
    for doc in corpus.documents:
        for relative in (endorsements_path(doc.id), consultation_path(doc.id)):
            if doc.path in only and (corpus.root / relative).is_file():
                found.add(relative)
    for doc in [*corpus.documents, *corpus.pages, *corpus.translations]:
        if doc.path in only:
            found.update(files.included(corpus.root, doc.path, doc.text))  # reported at their lines
    return found


def data_files(corpus: Corpus, ctx: Context, *, only: Collection[str] | None) -> Iterator[Diagnostic]:
    """The repository's data files: the registry of policy questions, the endorsements and the
    records of consultations."""
    yield from files.outside_links(corpus.root, *consultation_files(corpus.root))
    yield from option_rules.registry(load_questions(corpus.root))
    status_of = endorsement_rules.statuses(corpus)
    version_of = endorsement_rules.statuses(corpus, "version")
    yield from endorsement_rules.check(
        corpus.root, ctx.ids, status_of, today=ctx.today, only=only, version_of=version_of
    )
    yield from consultation_rules.check(corpus, ctx.ids, today=ctx.today, only=only)


def run(
    corpus: Corpus,
    *,
    today: dt.date,
    only: Collection[str] | None = None,
    cache: CheckCache | None = None,
) -> list[Diagnostic]:
    """All diagnostics for the corpus, sorted; ``only`` limits the report to those paths;
    ``cache`` reuses the findings of documents unchanged since it was saved."""
    if only is not None:
        only = {*only, *_data_files_of(corpus, only)}
    ctx = context(corpus, today=today)
    if cache is not None:
        cache.bind(fingerprint(ctx))
    bibliography_reported = only is None or corpus.bibliography.path in only
    found: list[Diagnostic] = list(corpus.problems)
    cited: set[str] = set()
    wanted = [
        (doc, page)
        for doc, page in [
            *((d, False) for d in corpus.documents),
            *((p, True) for p in [*corpus.pages, *corpus.translations]),
        ]
        if bibliography_reported or only is None or doc.path in only
    ]
    early: list[Diagnostic] = []

    def meanwhile() -> None:
        if bibliography_reported:  # the file's own rules need no document: parse it meanwhile
            early.extend(bibliography_problems(corpus, None))

    for (doc, _), (diagnostics, keys) in zip(
        wanted, _all_findings(wanted, ctx, cache, meanwhile), strict=True
    ):
        cited.update(keys)
        if only is None or doc.path in only:
            found.extend(diagnostics)
    found.extend(early)
    if bibliography_reported:
        found.extend(bibliography_problems(corpus, cited))
    found.extend(relations.check(corpus.documents))
    if only is None or PYPROJECT in only:  # its findings are the setting's (validating loads langcodes)
        from accord.checks import translations as translation_rules

        found.extend(translation_rules.repository(corpus.settings, corpus.root))
    found.extend(versions.check(corpus.root, corpus.documents, only=only))
    found.extend(data_files(corpus, ctx, only=only))
    if only is None or CODEOWNERS in only:
        found.extend(owners.check(corpus))
    if only is not None:
        found = [d for d in found if d.path in only]
    return sorted(set(found))
