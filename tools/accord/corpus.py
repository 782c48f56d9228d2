"""Load every document and the bibliography of a repository, keeping source positions."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

from accord import __version__, bibtex, frontmatter, markdown, paths, settings
from accord.cachedir import cache_dir, read_json, write_json
from accord.diagnostics import Diagnostic, make
from accord.translations import model as translation_names
from accord.vocabulary import CHANGELOG, CODEOWNERS, KINDS, LANDING_PAGE, PAGES

KEYS_CACHE = "bibliography-keys.json"


@dataclass
class Document:
    """One position paper or statement of principles."""

    path: str  # relative to the repository root, forward slashes
    kind: str  # a key of KINDS
    text: str
    front: frontmatter.FrontMatter
    #: What a translation takes from its source (status, version, adopted); empty for a document.
    inherited: dict = field(default_factory=dict)

    @property
    def status(self) -> object:
        """The document's status; a translation's is its source's."""
        return self.meta.get("status", self.inherited.get("status"))

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

    @cached_property
    def title_items(self) -> list[markdown.Item]:
        """The inline markup of the title (roles, links, images, HTML), at the title's place in the
        front matter: MyST renders the title as the page's heading (myst_title_to_header), so
        what the body may not hold, the title may not either."""
        title = self.meta.get("title")
        if not isinstance(title, str) or not title.strip():
            return []
        line, column = self.where("title")
        lines = self.text.splitlines()
        source = lines[line - 1] if 0 < line <= len(lines) else ""
        quoted = source[column - 1 : column] in ("'", '"')
        # The title is one line of the page: its items, moved to where the value starts.
        found = []
        for item in markdown.scan(" ".join(title.split())):
            if item.kind in ("paragraph", "heading", "label"):
                continue
            at = column + quoted + item.column - 1 if item.line == 1 else column
            found.append(dataclasses.replace(item, line=line, column=at))
        return found


@dataclass
class Bibliography:
    path: str  # relative to the repository root
    source: Path | None = None  # the file; None when it does not exist
    cache: Path | None = None  # where the keys of the file are remembered between runs

    @property
    def exists(self) -> bool:
        return self.source is not None

    @cached_property
    def file(self) -> bibtex.BibFile:
        if self.source is None:
            return bibtex.BibFile()
        stat = self.source.stat()
        return _parse_bibliography(str(self.source), stat.st_mtime_ns, stat.st_size)

    @cached_property
    def keys(self) -> dict[str, str]:
        """Lowercase key -> key as written (BibTeX compares keys without case).

        A check of a few files needs only the keys; they come from the cache while the file is
        unchanged, so that the pre-commit path does not parse a large bibliography each time.
        """
        if self.source is None:
            return {}
        if "file" in self.__dict__ or self.cache is None:
            return _keys_of(self.file)
        stat = self.source.stat()
        stamp = [__version__, stat.st_mtime_ns, stat.st_size]
        stored = read_json(self.cache)
        if isinstance(stored, dict) and stored.get("stamp") == stamp and isinstance(stored.get("keys"), dict):
            return stored["keys"]
        found = _keys_of(self.file)
        write_json(self.cache, {"stamp": stamp, "keys": found})
        return found


def _keys_of(file: bibtex.BibFile) -> dict[str, str]:
    found: dict[str, str] = {}
    for entry in file.entries:
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
    translations: list[Document] = field(default_factory=list)  # <id>.<lang>.md beside their source
    ids: frozenset[str] = frozenset()  # of every document in the repository, read or not


def read_bibliography(root: Path, relative: str) -> Bibliography:
    """The bibliography at ``relative``, parsed when first needed; marked missing when absent."""
    path = root / relative
    if not path.is_file() or paths.leads_outside(root, relative):
        return Bibliography(relative)  # a link out of the repository is never read (SAFE005)
    return Bibliography(relative, path, cache_dir(root) / KEYS_CACHE)


@lru_cache(maxsize=4)
def _parse_bibliography(path: str, mtime_ns: int, size: int) -> bibtex.BibFile:
    # `accord build` reads the file twice in one process, for the checks and for Sphinx; the
    # modification time and size in the key make an edited file a new entry.
    return bibtex.parse_bytes(Path(path).read_bytes())


def markdown_names(root: Path) -> list[tuple[str, str]]:
    """(folder, file name) of every markdown file of the document folders, documents and
    translations, in folder order then name order."""
    found: list[tuple[str, str]] = []
    for kind in KINDS:
        # scandir knows a file from a folder without a stat per file (a pre-commit check of one
        # file lists every document twice).
        try:
            with os.scandir(root / kind) as entries:
                names = sorted(
                    entry.name
                    for entry in entries
                    if entry.name.endswith(".md") and entry.name != f"{LANDING_PAGE}.md" and entry.is_file()
                )
        except (FileNotFoundError, NotADirectoryError):
            continue
        found.extend((kind, name) for name in names)
    return found


def _split(names: list[tuple[str, str]]) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(the documents, the translations) among the (folder, file name) of the document folders."""
    documents: list[tuple[str, str]] = []
    translations: list[tuple[str, str]] = []
    for kind, name in names:
        (translations if translation_names.is_translation(name) else documents).append((kind, name))
    return documents, translations


def stem(name: str) -> str:
    """``Path(name).stem`` of a markdown file's name, without building the path (".md" is its own):
    a document's id."""
    return name[:-3] if len(name) > len(".md") else name


def document_names(root: Path) -> list[tuple[str, str]]:
    """(folder, file name) of every document, in folder order then name order (translations are
    not documents)."""
    return _split(markdown_names(root))[0]


def document_paths(root: Path) -> list[Path]:
    """Every document file, in folder order then name order (translations are not documents)."""
    return [root / kind / name for kind, name in document_names(root)]


def translation_paths(root: Path) -> list[Path]:
    """Every translation file (``<id>.<lang>.md`` in a document folder)."""
    return [root / kind / name for kind, name in _split(markdown_names(root))[1]]


#: The fields a translation takes from its source: its own page and rules use them.
INHERITED = ("status", "version", "adopted", "consultation", "date", "superseded_by", "language")


def read_translation(root: Path, path: Path) -> tuple[Document | None, list[Diagnostic]]:
    """A translation, with what it inherits from its source (read again only if needed)."""
    doc, found = read_document(root, path)
    if doc is None:
        return None, found
    source = root / translation_names.source_name(doc.path)
    if source.is_file() and paths.contained(root, source).inside:
        head = frontmatter.read(source.name, _head_text(source))
        if isinstance(head.data, dict):
            doc.inherited = {key: head.data[key] for key in INHERITED if key in head.data}
            doc.inherited.setdefault("language", None)
    return doc, found


def _head_text(path: Path) -> str:
    try:
        return path.read_bytes().decode("utf-8", errors="replace").removeprefix("\ufeff")
    except OSError:
        return ""


def read_document(root: Path, path: Path) -> tuple[Document | None, list[Diagnostic]]:
    relative = path.relative_to(root).as_posix()
    if not paths.contained(root, path).inside:
        # Never read: the content of a file outside the repository must not reach a message.
        return None, [make("SAFE005", relative, 1, 1, relative, hint="replace the link with the file itself")]
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


def load(root: Path, *, only: Collection[str] | None = None, workers: bool = True) -> Corpus:
    """Load the repository at ``root``: settings, documents, pages and the bibliography.

    ``only`` (paths relative to the root) names the files a check reports on. Unless the
    bibliography or CODEOWNERS is among them (their rules need every document), only those files are
    read, with the documents their rules look at: those sharing their id and those along their
    supersession chain. The ids of the rest come from the file names. ``workers`` False reads
    every file in this process, for a caller whose other core is busy already.
    """
    root = root.resolve()
    repo_settings, problems = settings.load(root)
    # Names, not paths, until a file is read: a check of one file lists a thousand.
    named, translated = _split(markdown_names(root))  # listed once for both
    bibliography = read_bibliography(root, repo_settings.bibliography)
    # The never-cited rule and CODEOWNERS (META031) need every document.
    partial = only is not None and bibliography.path not in only and CODEOWNERS not in only
    documents: list[Document] = []
    # The check needs the bibliography's keys: parsed here while worker processes read documents.
    for document, found in _read_documents(
        root, named, only if partial else None, meanwhile=lambda: bibliography.keys, workers=workers
    ):
        problems.extend(found)
        if document is not None:
            documents.append(document)
    pages = []
    for relative in (*PAGES, CHANGELOG):
        if (root / relative).is_file() and not (partial and relative not in only):
            page, found = read_document(root, root / relative)
            problems.extend(d for d in found if d.code == "META021")
            if page is not None:
                pages.append(page)
    translations = []
    for kind, name in translated:
        if partial and f"{kind}/{name}" not in only:
            continue
        translation, found = read_translation(root, root / kind / name)
        problems.extend(found)
        if translation is not None:
            translations.append(translation)
    ids = frozenset(stem(name) for _, name in named)
    return Corpus(root, repo_settings, documents, bibliography, problems, pages, translations, ids)


def _read_documents(
    root: Path,
    named: list[tuple[str, str]],
    only: Collection[str] | None,
    meanwhile: Callable[[], object],
    *,
    workers: bool,
) -> Iterator[tuple[Document | None, list[Diagnostic]]]:
    """Every document of ``named`` ((folder, file name) pairs), or those in ``only`` and the
    documents their rules look at; ``meanwhile`` runs while worker processes read them, if they do."""
    if only is None:
        yield from _read_all(root, [root / kind / name for kind, name in named], meanwhile, workers=workers)
        return
    by_id: dict[str, list[tuple[str, str]]] = {}
    for kind, name in named:
        by_id.setdefault(stem(name), []).append((kind, name))
    read: dict[tuple[str, str], tuple[Document | None, list[Diagnostic]]] = {}
    todo = [(kind, name) for kind, name in named if f"{kind}/{name}" in only]
    while todo:
        kind, name = todo.pop()
        if (kind, name) in read:
            continue
        read[kind, name] = document, _ = read_document(root, root / kind / name)
        todo.extend(by_id[stem(name)])  # a duplicate id is reported on both files
        successor = document.meta.get("superseded_by") if document is not None else None
        if isinstance(successor, str):
            todo.extend(by_id.get(successor, []))  # a supersession cycle runs along this chain
    for pair in named:
        if pair in read:
            yield read[pair]


#: Below this many documents, starting worker processes costs more than it saves.
PARALLEL_FROM = 64


def _read_one(work: tuple[Path, Path]) -> tuple[Document | None, list[Diagnostic]]:
    return read_document(*work)


def _read_all(
    root: Path, paths: list[Path], meanwhile: Callable[[], object], *, workers: bool
) -> Iterator[tuple[Document | None, list[Diagnostic]]]:
    """Every document, read in worker processes when there are many: reading front matter (YAML
    with positions and bounds) is a third of a cold check's processor time, and a document's
    reading needs nothing from another's. Results come back in the order of ``paths``."""
    count = min(os.cpu_count() or 1, 4) if workers else 1
    if len(paths) < PARALLEL_FROM or count < 2:
        for path in paths:
            yield read_document(root, path)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(count, mp_context=multiprocessing.get_context("fork")) as pool:
        work = [(root, path) for path in paths]
        pending = pool.map(_read_one, work, chunksize=max(1, len(work) // (count * 4)))
        meanwhile()
        yield from pending
