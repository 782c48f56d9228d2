"""Run Accord's own rules on every document Sphinx reads, as Sphinx warnings.

The rules are the ones ``accord check`` runs (accord.checks); this module only adapts them: one
validator, two front ends. Cross-document rules run once all documents are read.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.util import logging

from accord import checks, frontmatter, paths
from accord.checks import relations
from accord.checks.context import Context
from accord.corpus import Document, read_translation
from accord.diagnostics import Diagnostic
from accord.options import load_questions
from accord.sphinxext.citations import bibliography, references
from accord.sphinxext.config import get_settings, today
from accord.sphinxext.domain import get_domain, is_document, is_document_folder_page, record
from accord.sphinxext.translations import note_translation
from accord.sphinxext.withheld import note_withheld
from accord.vocabulary import CHANGELOG, PAGES

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)

# What a document that failed a SAFE rule becomes: its front matter and this, so that unsafe
# content never reaches the output even when warnings are not treated as errors.
_WITHHELD = (
    "\n```{{error}}\nThis document is withheld from the site: it contains unsafe content "
    "({codes}). Run `accord check` to see where.\n```\n"
)


#: Codes the writers report themselves at the node (formulas: accord.sphinxext.mathml and the PDF
#: writer), so that a build does not say them twice; `accord check` reports them before a build.
WRITERS_REPORT = frozenset({"BUILD007", "BUILD008"})


def emit(diagnostic: Diagnostic, docname: str | None = None, *, location: str | None = None) -> None:
    """A diagnostic as a Sphinx warning (errors) or an info line (warnings), typed accord.CODE."""
    message = f"{diagnostic.code} {diagnostic.message}"
    if diagnostic.hint:
        message += f" (hint: {diagnostic.hint})"
    where = (docname, diagnostic.line) if docname else location
    if docname and diagnostic.path.rsplit(".", 1)[0] != docname:
        where = f"{diagnostic.path}:{diagnostic.line}"  # in a file the document includes
    if diagnostic.is_error:
        logger.warning(message, location=where, type="accord", subtype=diagnostic.code)
    else:
        logger.info(f"warning: {message}", location=where)


def _prepare(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """Work out once per build what each document's rules need to know."""
    repo = get_settings(app.config)
    found = bibliography(app)
    get_domain(env).context = Context(
        root=Path(app.srcdir),
        settings=repo,
        today=today(),
        ids=frozenset(name.rsplit("/", 1)[-1] for name in env.found_docs if is_document(name)),
        citation_keys=found.keys if found.exists else None,
        bibliography=found.path,
        questions=load_questions(Path(app.srcdir)).ids,
    )


def _read(app: Sphinx, docname: str, source: list[str]) -> None:
    env = app.env
    domain = get_domain(env)
    path = Path(env.doc2path(docname)).relative_to(app.srcdir).as_posix()
    document = is_document(docname)
    translated = not document and is_document_folder_page(docname)
    if not document and not translated and path not in (*PAGES, CHANGELOG):
        return
    if not paths.contained(Path(app.srcdir), Path(env.doc2path(docname))).inside:
        return  # a link out of the repository: withheld and reported as SAFE005 (sphinxext.files)
    if domain.context is None:
        _prepare(app, env, [])
    front = frontmatter.read(path, source[0])
    doc = Document(path, docname.split("/", 1)[0], source[0], front)
    if translated:
        doc = read_translation(Path(app.srcdir), Path(env.doc2path(docname)))[0] or doc
        doc.text, doc.front = source[0], front
    if document:
        found = [*front.problems, *checks.check_document(doc, domain.context)]
    else:
        found = list(checks.check_page(doc, domain.context))
    for diagnostic in found:
        if diagnostic.code not in WRITERS_REPORT:
            emit(diagnostic, docname)
    if document and doc.readable:
        domain.note_document(docname, record(doc))
    elif translated and doc.readable:
        note_translation(app, docname, doc)
    unsafe = sorted({d.code for d in found if d.code.startswith("SAFE") and d.is_error})
    if unsafe:
        note_withheld(app, docname, path, source[0], unsafe)
        end = doc.front.body_line - 1
        head = "\n".join(source[0].splitlines()[:end]) if doc.readable else ""
        source[0] = head + _WITHHELD.format(codes=", ".join(unsafe))
    elif (document or translated) and checks.cites(doc):
        language = doc.meta.get("language") or get_settings(app.config).language
        source[0] += references(doc, str(language))


def _check_relations(app: Sphinx, env: BuildEnvironment) -> None:
    """Duplicate ids and supersession cycles, over the records of every document."""
    docs = []
    by_path = {}
    for docname, entry in sorted(get_domain(env).documents.items()):
        front = frontmatter.FrontMatter(data=entry["meta"])
        front.values[("superseded_by",)] = tuple(entry["superseded_by_at"])
        docs.append(Document(entry["path"], entry["kind"], "", front))
        by_path[entry["path"]] = docname
    for diagnostic in relations.check(docs):
        emit(diagnostic, by_path.get(diagnostic.path))


def setup_checking(app: Sphinx) -> None:
    app.connect("env-before-read-docs", _prepare)
    app.connect("source-read", _read)
    app.connect("env-check-consistency", _check_relations)
