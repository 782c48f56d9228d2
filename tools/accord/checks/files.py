"""Paths a document reads: inside the repository, present, and images that are what they say.

What reads a file is the table in accord.vocabulary (PATH_ARGUMENTS, PATH_OPTIONS, FETCH_OPTIONS,
FILE_ROLES, local links and images); where a path leads is accord.paths. The build's second line
(accord.sphinxext.files) uses the same two. Included markdown is followed, so that the rules see
the text a page will show, with diagnostics at the included file's own lines.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from accord import endorsements, paths
from accord.active import active
from accord.checks import formulas, safety, structure, urls
from accord.checks.context import Context
from accord.corpus import Document
from accord.diagnostics import Diagnostic, make
from accord.frontmatter import FrontMatter
from accord.markdown import Item
from accord.vocabulary import (
    CODEOWNERS,
    FETCH_OPTIONS,
    FILE_ROLES,
    IMAGE_DIRECTIVES,
    IMAGE_MAGIC,
    IMAGE_OPTIONS,
    INCLUDE_DIRECTIVES,
    PATH_ARGUMENTS,
    PATH_LINK_SCHEME,
    PATH_OPTIONS,
    QUESTIONS_FILE,
)

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_EXPLICIT_TARGET = re.compile(r"<([^<>]*(?:<[^<>]*>)?)>\s*$")
#: How deep includes are followed; deeper chains are left to the build.
MAX_INCLUDE_DEPTH = 16
_ACTIVE_HINT = "publish it as a PDF, or as a plain SVG image (no script, event handler or link)"
_INSIDE_HINT = "put the file inside the repository (for example in an images/ folder)"


@dataclass(frozen=True)
class Target:
    """A path the build would read, where it is written."""

    item: Item
    target: str
    kind: str  # "path", "image", "include", "download", "link"
    literal: bool = False  # an include shown as text (:literal: or :code:), not parsed


def is_remote(target: str) -> bool:
    """A URL that Sphinx would not read as a file (its image and download collectors' test):
    anything else, ``//host/x`` and ``file:x`` included, is a path on disk."""
    return "://" in target or target.startswith("data:")


def _role_target(value: str) -> str:
    explicit = _EXPLICIT_TARGET.search(value)
    return (explicit[1] if explicit else value).strip()


def targets(doc: Document) -> Iterator[Target | tuple[Item, str]]:
    """Every path of the table in ``doc``, and (item, URL) for each option that would fetch."""
    directive: Target | None = None
    options: dict[str, str] = {}

    def flush() -> Iterator[Target]:
        if directive is not None:
            literal = directive.kind == "include" and ("literal" in options or "code" in options)
            yield Target(directive.item, directive.target, directive.kind, literal)

    for item in doc.items:
        if item.kind == "directive":
            yield from flush()
            directive, options = None, {}
            if item.name in PATH_ARGUMENTS and item.value.strip():
                kind = "include" if item.name in INCLUDE_DIRECTIVES else "path"
                if item.name in IMAGE_DIRECTIVES:
                    kind = "image"
                value = "".join(item.value.split()) if kind == "image" else item.value.strip()
                directive = Target(item, value, kind)
        elif item.kind == "option":
            name, _, option = item.name.rpartition(":")
            if directive is not None and directive.item.name == name:
                options[option] = item.value
            if (name, option) in FETCH_OPTIONS:
                yield (item, item.value)
            elif (name, option) in PATH_OPTIONS and item.value.strip():
                kind = "image" if (name, option) in IMAGE_OPTIONS else "path"
                yield Target(item, item.value.strip(), kind)
        elif item.kind == "role" and item.name in FILE_ROLES:
            yield Target(item, _role_target(item.value), "download")
        elif item.kind == "link" and item.value and not item.value.startswith("#"):
            href = unquote(item.value)
            if href.startswith(PATH_LINK_SCHEME):
                yield Target(item, href.removeprefix(PATH_LINK_SCHEME).split("#", 1)[0], "download")
            elif not _SCHEME.match(href):
                yield Target(item, href.split("#", 1)[0], "link")
        elif item.kind == "image" and item.value:
            yield Target(item, unquote(item.value), "image")
    yield from flush()


def _image_mismatch(path: Path) -> str | None:
    """None when the file starts the way its extension says, else what its suffix expects."""
    expected = IMAGE_MAGIC.get(path.suffix.lower())
    if expected is None:
        return None
    with path.open("rb") as handle:
        head = handle.read(1024)
    if path.suffix.lower() == ".svg":
        return None if b"<svg" in head else "an <svg> element"
    if path.suffix.lower() == ".webp" and head[8:12] != b"WEBP":
        return "RIFF....WEBP"
    return None if head.startswith(expected) else repr(expected[0])[2:-1]


def _document(root: Path, resolved: paths.Resolved, kind: str) -> Document | None:
    try:
        text = resolved.path.read_bytes().decode("utf-8").removeprefix("\ufeff")  # type: ignore[union-attr]
    except (OSError, UnicodeDecodeError):
        return None  # the build reports an unreadable include itself
    return Document(resolved.relative, kind, text, FrontMatter(data={}))


def _paths(doc: Document, ctx: Context, base: str, chain: tuple[str, ...]) -> Iterator[Diagnostic]:
    for found in targets(doc):
        if isinstance(found, tuple):
            item, url = found
            yield make(
                "SAFE006",
                doc.path,
                item.line,
                item.column,
                url,
                hint="put the data in the repository and name it with :file:",
            )
            continue
        item, target = found.item, found.target
        if not target or (found.kind in ("image", "link", "download") and is_remote(target)):
            continue
        resolved = paths.resolve(ctx.root, base, target)
        where = (doc.path, item.line, item.column)
        if not resolved.inside:
            yield make("SAFE004", *where, detail=f"{target!r} ({resolved.reason})", hint=_INSIDE_HINT)
            continue
        published = found.kind in ("image", "link", "download") and resolved.path.is_file()  # type: ignore[union-attr]
        if published and (why := active(resolved.path)):  # type: ignore[arg-type]
            yield make("SAFE017", *where, detail=f"{target!r} ({why})", hint=_ACTIVE_HINT)
            continue
        if found.kind == "link" or "*" in target:
            continue  # a link to a missing file is XREF001's; a glob is the build's
        path = resolved.path
        if not path.is_file():  # type: ignore[union-attr]
            yield make("XREF010", *where, target, hint="check the spelling, or add the file")
        elif found.kind == "image" and (expected := _image_mismatch(path)):  # type: ignore[arg-type]
            yield make(
                "XREF011",
                *where,
                detail=f"{target!r} does not start with {expected}",
                hint="save the image in the format its extension names, or rename it",
            )
        elif found.kind == "include" and not found.literal:
            if resolved.relative in chain:
                yield make("XREF012", *where, target, hint="remove one of the includes")
            elif len(chain) < MAX_INCLUDE_DEPTH and (included := _document(ctx.root, resolved, doc.kind)):
                yield from _included(included, ctx, base, (*chain, resolved.relative))


def _included(doc: Document, ctx: Context, base: str, chain: tuple[str, ...]) -> Iterator[Diagnostic]:
    """The body rules on an included file; MyST resolves its paths from the including document."""
    yield from safety.check(doc, ctx)
    yield from urls.check(doc, ctx)
    yield from structure.check(doc, ctx)
    yield from formulas.check(doc, ctx)
    yield from _paths(doc, ctx, base, chain)


def outside_files(doc: Document, ctx: Context) -> Iterator[Diagnostic]:
    """Every path a directive, option, role, link or image names resolves inside the repository
    (no '..' escapes, no absolute or <standard> paths, no symlinks out), exists, and an image's
    bytes match its extension; nothing is fetched; included markdown is checked the same way."""
    yield from _paths(doc, ctx, doc.path, (doc.path,))


def check(doc: Document, ctx: Context) -> Iterator[Diagnostic]:
    yield from outside_files(doc, ctx)


def outside_links(root: Path, *names: str) -> Iterator[Diagnostic]:
    """Repository files (settings, bibliography, data files) that are symbolic links leading out of
    the repository: they are not read, so nothing of their content reaches a message or a page."""
    candidates = [*names, QUESTIONS_FILE, CODEOWNERS, *endorsements.files(root)]
    for relative in dict.fromkeys(candidates):
        if paths.leads_outside(root, relative):
            yield symlink_out(relative)


def symlink_out(relative: str) -> Diagnostic:
    return make(
        "SAFE005",
        relative,
        1,
        1,
        relative,
        hint="replace the link with the file itself, inside the repository",
    )


_INCLUDE = re.compile(r"^[ \t>]*(?:`{3,}|~{3,}|:{3,})\s*\{include\}[ \t]*(\S[^\n]*?)\s*$", re.MULTILINE)


def included(root: Path, path: str, text: str) -> dict[str, str]:
    """The markdown files ``text`` includes, at any depth, by path from the root, with their texts:
    a document's findings depend on them (the check cache keys a document by them too, and a check
    of the document reports in them). A quick scan, not a parse."""
    found: dict[str, str] = {}
    if "{include}" not in text:
        return found  # most documents include nothing: a substring test spares the scan
    todo = [text]
    while todo and len(found) <= MAX_INCLUDE_DEPTH * 4:
        for match in _INCLUDE.finditer(todo.pop()):
            resolved = paths.resolve(root, path, match[1])
            new = resolved.inside and resolved.relative not in found and resolved.relative != path
            if new and resolved.path.is_file():  # type: ignore[union-attr]
                content = resolved.path.read_bytes().decode("utf-8", errors="replace")  # type: ignore[union-attr]
                found[resolved.relative] = content
                todo.append(content)
    return found
