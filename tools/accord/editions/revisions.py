"""The documents of a git revision, or of the working tree, as plain text and a few fields.

A redline compares two of these snapshots. Old revisions were never promised to pass today's
checks, so nothing here rejects a document: front matter that cannot be read leaves its fields
unknown, and bytes that are not UTF-8 are read with replacement characters.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from accord import corpus, frontmatter
from accord.editions import git
from accord.vocabulary import FIELDS, KINDS, LANDING_PAGE

#: Shown wherever a snapshot of the working tree needs a name.
WORKTREE_LABEL = "the working tree"

# Front-matter values of a pathological document (an alias bomb, say) are shown cut short.
_DISPLAY_LIMIT = 2000


class RevisionError(Exception):
    """A revision that cannot be read: an unknown rev, no git repository, no git."""


@dataclass(frozen=True)
class DocumentText:
    """One document as a redline sees it."""

    id: str
    path: str  # relative to the repository root, forward slashes
    kind: str  # a key of KINDS
    body: str  # the text after the front matter
    readable: bool  # the front matter could be read as a mapping
    title: str | None = None
    status: str | None = None
    version: str | None = None
    language: str | None = None
    #: (field, value as written) for "file", then every front-matter field in schema order.
    fields: tuple[tuple[str, str], ...] = ()

    @property
    def label(self) -> str:
        return self.title or self.id


@dataclass(frozen=True)
class Snapshot:
    """The documents of one revision, keyed by id (by path without ``.md`` when an id is taken twice)."""

    label: str
    rev: str | None = None  # None: the working tree (or nothing, for an empty snapshot)
    commit: str | None = None
    documents: Mapping[str, DocumentText] = field(default_factory=dict)


def snapshot(root: Path, rev: str | None, *, label: str | None = None) -> Snapshot:
    """The documents (``positions/*.md``, ``principles/*.md``, not the landing pages) of ``rev``
    in the git repository at ``root``, or of the files under ``root`` when ``rev`` is None."""
    if rev is None:
        files = [(p.relative_to(root).as_posix(), p.read_bytes()) for p in corpus.document_paths(root)]
        return Snapshot(label or WORKTREE_LABEL, None, None, _documents(files))
    commit = _resolve(root, rev)
    return Snapshot(label or rev, rev, commit, _documents(_blobs(root, commit)))


def read(path: str, data: bytes) -> DocumentText:
    """One document from its path (``kind/id.md``) and bytes."""
    text = data.decode("utf-8", errors="replace").removeprefix("\ufeff")
    front = frontmatter.read(path, text)
    lines = text.splitlines(keepends=True)
    body = "".join(lines[front.body_line - 1 :])
    meta = front.data if isinstance(front.data, dict) else None
    fields = [("file", path)]
    if meta is None:
        fields.append(("front matter", "could not be read"))
    else:
        # Schema fields in schema order, then any others (a misspelt field, say) by name.
        keys = [*(k for k in FIELDS if k in meta), *sorted((k for k in meta if k not in FIELDS), key=str)]
        fields.extend(
            (str(key), _words(key, meta[key]) or _display(meta[key], front.raw, (str(key),))) for key in keys
        )
    stem = PurePosixPath(path)
    return DocumentText(
        id=stem.stem,
        path=path,
        kind=stem.parent.name,
        body=body,
        readable=meta is not None,
        title=_scalar(meta, front, "title"),
        status=_scalar(meta, front, "status"),
        version=_scalar(meta, front, "version"),
        language=_scalar(meta, front, "language"),
        fields=tuple(fields),
    )


def _documents(files: Iterable[tuple[str, bytes]]) -> dict[str, DocumentText]:
    documents = [read(path, data) for path, data in files]
    order = {kind: index for index, kind in enumerate(KINDS)}
    documents.sort(key=lambda d: (order.get(d.kind, len(order)), d.path))
    ids: dict[str, int] = {}
    for document in documents:
        ids[document.id] = ids.get(document.id, 0) + 1
    keyed = {(d.id if ids[d.id] == 1 else d.path.removesuffix(".md")): d for d in documents}
    return dict(sorted(keyed.items()))


def _scalar(meta: dict | None, front: frontmatter.FrontMatter, name: str) -> str | None:
    """A top-level scalar as written (YAML would read ``version: 1.10`` as the number 1.1)."""
    if meta is None or isinstance(meta.get(name), dict | list) or meta.get(name) is None:
        return None
    return front.raw.get((name,), str(meta[name]))


def _words(key: object, value: object) -> str:
    """The adoption record, the consultation window and the authors in words, as readers see them
    on the page, rather than as a YAML mapping; "" for anything else (or anything odd)."""
    from accord import standing

    if isinstance(value, dict) and not all(
        isinstance(v, str | int | float | dt.date) for v in value.values()
    ):
        return ""
    if key == "adopted" and isinstance(value, dict):
        words = standing.plain(standing.adoption({**value, "record": None}))
        record = f"; record: {value['record']}" if value.get("record") else ""
        return words[:1].upper() + words[1:] + record
    if key == "withdrawn" and isinstance(value, dict):
        return f"On {standing.human_date(value.get('date', '?'))}: {value.get('reason', '')}"[:_DISPLAY_LIMIT]
    if key == "consultation" and isinstance(value, dict):
        return f"from {standing.human_date(value.get('opens', '?'))} to {standing.human_date(value.get('closes', '?'))}"
    if key == "authors" and isinstance(value, list) and all(isinstance(a, dict) for a in value):
        return "; ".join(
            str(a.get("name", "")) + (f" ({a['affiliation']})" if a.get("affiliation") else "") for a in value
        )[:_DISPLAY_LIMIT]
    return ""


def _display(value: object, raw: dict, at: tuple[object, ...]) -> str:
    """A front-matter value on one line, scalars as written, collections in YAML flow style."""
    parts: list[str] = []
    budget = [_DISPLAY_LIMIT]

    def put(text: str) -> bool:
        parts.append(text[: budget[0]])
        budget[0] -= len(text)
        return budget[0] > 0

    def walk(value: object, at: tuple[object, ...]) -> bool:
        if isinstance(value, dict):
            if not put("{"):
                return False
            for index, (key, item) in enumerate(value.items()):
                if not (put(", " if index else "") and put(f"{key}: ") and walk(item, (*at, key))):
                    return False
            return put("}")
        if isinstance(value, list):
            if not put("["):
                return False
            for index, item in enumerate(value):
                if not (put(", " if index else "") and walk(item, (*at, index))):
                    return False
            return put("]")
        return put(raw.get(at, "" if value is None else str(value)))

    try:
        complete = walk(value, at)
    except RecursionError:
        complete = False
    text = "".join(parts).replace("\n", " ")
    return text if complete else text + "…"


def _git(root: Path, *args: str, data: bytes | None = None) -> bytes:
    try:
        return git.git(root, *args, binary=True, data=data)  # type: ignore[return-value]
    except git.GitError as error:
        raise RevisionError(str(error)) from None


def _resolve(root: Path, rev: str) -> str:
    """The commit that ``rev`` names (a tag, a branch, a commit, HEAD~2 ...)."""
    _git(root, "rev-parse", "--git-dir")  # says "not a git repository" in git's words
    try:
        found = _git(root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}")
    except RevisionError:
        found = b""
    commit = found.decode("ascii", errors="replace").strip()
    if not commit:
        raise RevisionError(f"no such revision (a tag, branch or commit): {rev!r}")
    return commit


def _blobs(root: Path, commit: str) -> list[tuple[str, bytes]]:
    """(path, bytes) of every document file of ``commit``, relative to ``root``."""
    listing = _git(root, "ls-tree", "-r", "-z", commit, "--", *KINDS)
    wanted: list[tuple[str, str]] = []
    for record in listing.split(b"\0"):
        if not record:
            continue
        info, _, name = record.partition(b"\t")
        mode, kind, blob = info.decode("ascii").split()
        path = PurePosixPath(name.decode("utf-8", errors="replace"))
        # Regular files only: a symlink's blob is its target's name, not a document.
        if kind != "blob" or mode not in ("100644", "100755"):
            continue
        if len(path.parts) == 2 and path.suffix == ".md" and path.stem != LANDING_PAGE:
            wanted.append((path.as_posix(), blob))
    if not wanted:
        return []
    out = _git(root, "cat-file", "--batch", data="".join(f"{blob}\n" for _, blob in wanted).encode())
    files: list[tuple[str, bytes]] = []
    offset = 0
    for path, _ in wanted:
        end = out.index(b"\n", offset)
        size = int(out[offset:end].split()[2])
        files.append((path, out[end + 1 : end + 1 + size]))
        offset = end + 1 + size + 1  # the content is followed by a newline
    return files
