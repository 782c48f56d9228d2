"""META031: the CODEOWNERS file, where a repository has one, is what `accord codeowners` writes."""

from __future__ import annotations

from collections.abc import Iterator

from accord import codeowners, paths
from accord.corpus import Corpus
from accord.diagnostics import Diagnostic, make

HINT = "run accord codeowners"


def read(corpus: Corpus) -> str | None:
    """The current file's text, or None when the repository has none."""
    path = corpus.root / codeowners.PATH
    if not path.is_file() or paths.leads_outside(corpus.root, codeowners.PATH):
        return None  # a link out of the repository is never read (accord.checks.files: SAFE005)
    return path.read_bytes().decode("utf-8", errors="replace")


def problems(corpus: Corpus, existing: str | None, *, required: bool) -> Iterator[Diagnostic]:
    """META031 when ``existing`` is not what `accord codeowners` would write now."""
    if existing is None:
        if required:
            yield make("META031", codeowners.PATH, 1, 1, detail="the file is missing", hint=HINT)
        return
    expected = codeowners.render(corpus.documents, existing)
    if existing != expected:
        yield make(
            "META031",
            codeowners.PATH,
            1,
            1,
            detail=codeowners.first_difference(expected, existing),
            hint=HINT,
        )


def check(corpus: Corpus) -> Iterator[Diagnostic]:
    """A repository that routes reviews with CODEOWNERS keeps it in step with the authors.

    Without the file nothing is reported: a repository opts in by running `accord codeowners`.
    Nor while a document's front matter cannot be read: its authors are unknown, and the rule
    would ask to delete the document's own line (the document reports the real problem).
    """
    if not all(doc.readable for doc in corpus.documents):
        return
    yield from problems(corpus, read(corpus), required=False)
