"""Load every document and the bibliography of a repository, keeping source positions."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

from accord import bibtex, frontmatter, markdown, settings
from accord.diagnostics import Diagnostic, make
from accord.vocabulary import KINDS, LANDING_PAGE, PAGES


@dataclass
class Document:
    """One position paper or statement of principles."""

    path: str  # relative to the repository root, forward slashes
    kind: str  # a key of KINDS
    text: str
    front: frontmatter.FrontMatter

    @property
    def id(self) -> str:
        return Path(self.path).stem

    @property
    def meta(self) -> dict:
        return self.front.data if isinstance(self.front.data, dict) else {}

    @property
    def readable(self) -> bool:
        """True when the front matter could be read as a mapping."""
        return isinstance(self.front.data, dict)

    def where(self, *at: object) -> tuple[int, int]:
        """(line, column) of the value at a field path, else of its nearest parent, else line 1."""
        while at:
            if at in self.front.values:
                return self.front.values[at]
            at = at[:-1]
        return (1, 1)

    def key_at(self, *at: object) -> tuple[int, int]:
        """(line, column) of a field's key, falling back to its value's position."""
        return self.front.keys.get(at) or self.where(*at)

    @cached_property
    def items(self) -> list[markdown.Item]:
        return markdown.scan(self.text)


@dataclass
class Bibliography:
    path: str
    file: bibtex.BibFile = field(default_factory=bibtex.BibFile)
    exists: bool = True

    @cached_property
    def keys(self) -> dict[str, str]:
        """Lowercase key -> key as written (BibTeX compares keys without case)."""
        found: dict[str, str] = {}
        for entry in self.file.entries:
            found.setdefault(entry.key.lower(), entry.key)
        return found


@dataclass
class Corpus:
    root: Path
    settings: settings.Settings
    documents: list[Document]
    bibliography: Bibliography
    problems: list[Diagnostic] = field(default_factory=list)  # settings and unreadable files
    pages: list[Document] = field(default_factory=list)  # the front page and landing pages

    @cached_property
    def by_id(self) -> dict[str, list[Document]]:
        index: dict[str, list[Document]] = {}
        for document in self.documents:
            index.setdefault(document.id, []).append(document)
        return index


def read_bibliography(root: Path, relative: str) -> Bibliography:
    """The parsed BibTeX file, or an empty one marked missing."""
    path = root / relative
    try:
        stat = path.stat()
    except OSError:
        return Bibliography(relative, exists=False)
    if not path.is_file():
        return Bibliography(relative, exists=False)
    return Bibliography(relative, _parse_bibliography(str(path), stat.st_mtime_ns, stat.st_size))


@lru_cache(maxsize=4)
def _parse_bibliography(path: str, mtime_ns: int, size: int) -> bibtex.BibFile:
    # `accord build` reads the file twice in one process, for the checks and for Sphinx; the
    # modification time and size in the key make an edited file a new entry.
    text = Path(path).read_bytes().decode("utf-8", errors="replace").removeprefix("\ufeff")
    return bibtex.parse(text)


def document_paths(root: Path) -> list[Path]:
    """Every document file, in folder order then name order."""
    found: list[Path] = []
    for kind in KINDS:
        folder = root / kind
        if folder.is_dir():
            found.extend(sorted(p for p in folder.glob("*.md") if p.is_file() and p.stem != LANDING_PAGE))
    return found


def read_document(root: Path, path: Path) -> tuple[Document | None, list[Diagnostic]]:
    relative = path.relative_to(root).as_posix()
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as error:
        before = path.read_bytes()[: error.start]
        line = before.count(b"\n") + 1
        column = error.start - (before.rfind(b"\n") + 1) + 1
        return None, [
            make("META021", relative, line, column, hint="save the file as UTF-8 (most editors offer it)")
        ]
    text = text.removeprefix("\ufeff")
    front = frontmatter.read(relative, text)
    return Document(relative, path.parent.name, text, front), list(front.problems)


def load(root: Path, *, paths: Iterable[Path] | None = None) -> Corpus:
    """Load the repository at ``root``: settings, every document, and the bibliography keys."""
    root = root.resolve()
    repo_settings, problems = settings.load(root)
    documents: list[Document] = []
    for path in paths if paths is not None else document_paths(root):
        document, found = read_document(root, path)
        problems.extend(found)
        if document is not None:
            documents.append(document)
    pages = []
    for relative in PAGES:
        if (root / relative).is_file():
            page, found = read_document(root, root / relative)
            problems.extend(d for d in found if d.code == "META021")
            if page is not None:
                pages.append(page)
    bibliography = read_bibliography(root, repo_settings.bibliography)
    return Corpus(root, repo_settings, documents, bibliography, problems, pages)
