"""A public MyST corpus (a Jupyter Book, a lecture series) as an Accord repository.

Every ``.md`` of the corpus becomes a draft under ``positions/`` with Accord front matter added and
its body unchanged, except that its own front matter (a jupytext header, say) is dropped. Accord
documents live flat in ``positions/``, so a document's id is its path with ``/`` as ``.``
(``chapter/part.md`` is ``chapter.part``). Its ``.bib`` files become ``references.bib``. The files a
body refers to by a relative path (images, includes, downloads) are copied to where that path
leads from ``positions/``; a path that would then leave the repository (``../../figures`` from a
document two folders deep) cannot resolve after flattening, and is listed in ``escaping`` so that
the findings it causes can be told from Accord's.
"""

from __future__ import annotations

import fnmatch
import json
import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

#: The files of Accord's own repository that a repository needs besides documents.
REPOSITORY = Path(__file__).resolve().parent.parent
PAGES = ("index.md", "positions/index.md", "principles/index.md", "options.md", "crosswalk.md")
SKIPPED_FOLDERS = {"_build", ".git", ".github", "node_modules", "__pycache__", ".ipynb_checkpoints"}
DATE = "2026-01-15"

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n.*?\n---[ \t]*(?:\n|\Z)", re.DOTALL)
_HEADING = re.compile(r"^#{1,6}[ \t]+(?P<text>.+?)[ \t#]*$", re.MULTILINE)
_FENCE = re.compile(r"^(?P<fence>`{3,}|~{3,}|:{3,})", re.MULTILINE)
_ROLE = re.compile(r"\{[\w:.+-]+\}`(?P<text>[^`]*)`")
# Relative paths a body reads: directive arguments, :file: options, markdown and HTML images and links,
# download roles. Good enough to find what to copy; Accord's own parser decides what the body means.
_REFERENCES = (
    re.compile(
        r"^[ \t]*[`~:]{3,}\s*\{(?:image|figure|include|literalinclude|csv-table)\}[ \t]+(?P<path>\S+)", re.M
    ),
    re.compile(r"^\s*:file:[ \t]+(?P<path>\S+)", re.MULTILINE),
    re.compile(r"!?\[[^\]\n]*\]\((?P<path>[^)\s#]+)(?:#[^)\s]*)?(?:\s+\"[^\"]*\")?\)"),
    re.compile(r"<img\b[^>]*\bsrc=[\"'](?P<path>[^\"']+)[\"']", re.IGNORECASE),
    re.compile(r"\{download\}`[^`<]*<(?P<path>[^>`]+)>`"),
)
_LABEL = re.compile(r"^\s*\((?P<label>[^()\s]+)\)=\s*$|^\s*:(?:label|name):\s*(?P<option>\S+)\s*$", re.M)
_CITE_ROLE = re.compile(r"\{(?:foot)?cite(?::[a-z]+)?\}`(?P<keys>[^`]*)`")
_BIB_ENTRY = re.compile(r"^\s*@(?!comment|preamble|string)\w+\s*[{(]", re.IGNORECASE | re.MULTILINE)


@dataclass
class Conversion:
    """What the conversion made: document ids by source path, counts, and paths that cannot resolve."""

    documents: dict[str, str] = field(default_factory=dict)  # positions/ID.md -> source path
    citations: int = 0
    entries: int = 0
    copied: int = 0
    rewritten: int = 0  # relative paths pointed at their files (rewrite only)
    raw_blocks: int = 0  # {raw} blocks blanked (rewrite only)
    labels: dict[str, str] = field(default_factory=dict)  # label, lowercased -> the document defining it
    withheld: set[str] = field(default_factory=set)  # documents the build leaves out (set by the harness)
    escaping: dict[str, list[tuple[int, str]]] = field(default_factory=dict)  # document -> (line, path)
    missing: dict[str, list[tuple[int, str]]] = field(default_factory=dict)  # referenced, not in corpus


def document_id(relative: PurePosixPath) -> str:
    """``Chapter One/Part_2.md`` -> ``chapter-one.part_2``: a lowercase slug, one per source path."""
    parts = [
        re.sub(r"[^a-z0-9_]+", "-", part.lower()).strip("-_") or "x"
        for part in relative.with_suffix("").parts
    ]
    ident = ".".join(parts)
    # The landing pages own these names.
    return f"{ident}-page" if ident in {"index", "options", "crosswalk"} else ident


def split_front_matter(text: str) -> str:
    """The body: the text without its own front matter, if it has one."""
    found = _FRONT_MATTER.match(text)
    return text[found.end() :] if found else text


def _outside_fences(body: str) -> str:
    """The body with fenced blocks blanked (line count kept), so that a ``#`` comment in code is no heading."""
    lines, fence = body.split("\n"), None
    for number, line in enumerate(lines):
        found = _FENCE.match(line.lstrip())
        if fence is None and found:
            fence, lines[number] = found["fence"], ""
        elif fence is not None:
            if line.strip() == fence or (
                line.lstrip().startswith(fence) and not line.strip()[len(fence) :].strip()
            ):
                fence = None
            lines[number] = ""
    return "\n".join(lines)


def title_of(body: str, fallback: str) -> str:
    """The first heading as one line of plain text (roles keep their text, markup goes), at most 120 characters."""
    found = _HEADING.search(_outside_fences(body))
    text = found["text"] if found else fallback
    text = _ROLE.sub(lambda role: role["text"].split("<")[0].strip(), text)
    text = re.sub(r"[*_`]", "", text).strip() or fallback
    return text if len(text) <= 120 else text[:117].rstrip() + "..."


def without_top_headings(body: str) -> str:
    """The body with each ``#`` heading (outside fenced blocks) made a ``##``: the title is in the
    front matter, and an Accord body has no top heading (META037). Line numbers are kept."""
    lines, blanked = body.split("\n"), _outside_fences(body).split("\n")
    for number, line in enumerate(blanked):
        if re.match(r"^ {0,3}#[ \t]", line):
            lines[number] = lines[number].replace("#", "##", 1)
    return "\n".join(lines)


def front_matter(title: str, author: str) -> str:
    # JSON strings are YAML strings: any title is quoted safely.
    return f"---\ntitle: {json.dumps(title)}\nstatus: draft\nauthors:\n  - name: {json.dumps(author)}\ndate: {DATE}\n---\n"


def count_citations(body: str) -> int:
    return sum(
        len([key for key in role["keys"].split(",") if key.strip()]) for role in _CITE_ROLE.finditer(body)
    )


def references(body: str) -> list[tuple[int, str]]:
    """(line, relative path) of every local file the body refers to."""
    found = []
    for number, pattern in enumerate(_REFERENCES):
        for match in pattern.finditer(body):
            path = match["path"].strip()
            name = PurePosixPath(path).name
            # A URL, an absolute path, another document or a MyST label (no extension) is no file to copy.
            if re.match(r"^[a-z][a-z0-9+.-]*:", path, re.IGNORECASE) or path.startswith(("//", "#")):
                continue
            linked = number >= 2  # a link to a .md is to another document; an included .md is a file
            if (linked and path.endswith((".md", ".ipynb"))) or not re.search(r"\.[\w*]+$", name):
                continue
            found.append((body.count("\n", 0, match.start()) + 1, path))
    return found


def _copy_referenced(
    source: Path, content: Path, root: Path, body: str, doc: str, done: Conversion, *, rewrite: bool
) -> str:
    """Copy the files ``body`` refers to; the body, with paths that would leave the repository
    pointed at the same files when ``rewrite`` (line numbers kept)."""
    offset = front_matter("", "").count("\n")  # body line N is line N + offset of the document
    lines = body.split("\n")
    for line, path in references(body):
        # Sphinx reads "/x" from the source folder: the corpus's content folder, the repository root here.
        wanted = (content / path.lstrip("/") if path.startswith("/") else source.parent / path).resolve()
        candidates = sorted(wanted.parent.glob(wanted.name)) if "*" in wanted.name else [wanted]
        candidates = [c for c in candidates if c.is_file() and c.is_relative_to(content.resolve())]
        target = Path(
            os.path.normpath(root / path.lstrip("/") if path.startswith("/") else root / "positions" / path)
        )
        if not target.is_relative_to(root) and rewrite and wanted.is_relative_to(content.resolve()):
            # The content folder is the repository root: the same file, seen from positions/.
            target = root / wanted.relative_to(content.resolve())
            lines[line - 1] = lines[line - 1].replace(path, os.path.relpath(target, root / "positions"), 1)
            done.rewritten += 1
        if not target.is_relative_to(root):
            done.escaping.setdefault(doc, []).append((line + offset, path))
            continue
        if not candidates:
            done.missing.setdefault(doc, []).append((line + offset, path))
            continue
        for candidate in candidates:
            copy = target.parent / candidate.name
            if not copy.exists():
                copy.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(candidate, copy)
                done.copied += 1
    return "\n".join(lines)


def without_raw_blocks(body: str) -> tuple[str, int]:
    """The body with each fenced ``{raw}`` block blanked, line numbers kept; and how many there were."""
    lines, count, fence = body.split("\n"), 0, None
    for number, line in enumerate(lines):
        if fence is None:
            found = re.match(r"^\s*(`{3,}|:{3,})\s*\{raw\}", line)
            if found:
                fence, count, lines[number] = found[1], count + 1, ""
        else:
            if line.strip() == fence:
                fence = None
            lines[number] = ""
    return "\n".join(lines), count


def _excluded(relative: PurePosixPath, exclude: list[str]) -> bool:
    return any(part in SKIPPED_FOLDERS for part in relative.parts) or any(
        fnmatch.fnmatch(relative.as_posix(), pattern) for pattern in exclude
    )


def convert(
    content: Path, root: Path, *, author: str, exclude: list[str] | None = None, rewrite: bool = False
) -> Conversion:
    """Write an Accord repository at ``root`` (a new folder) from the corpus folder ``content``.
    ``rewrite`` changes bodies, for a measurement only: relative paths that would leave the
    repository once flat point at the same files, and ``{raw}`` blocks (which withhold a document
    from the build) are blanked, so that the rest of those documents is measured too."""
    exclude, done = exclude or [], Conversion()
    (root / "positions").mkdir(parents=True)
    (root / "principles").mkdir()
    shutil.copy(REPOSITORY / "conf.py", root / "conf.py")
    for page in PAGES:
        shutil.copy(REPOSITORY / page, root / page)
    settings = (REPOSITORY / "pyproject.toml").read_text(encoding="utf-8")
    table = settings[settings.index("[tool.accord]") :].split("\n\n", 1)[0]
    (root / "pyproject.toml").write_text(table + "\n", encoding="utf-8")
    files = sorted(
        p
        for p in content.rglob("*")
        if p.is_file() and not _excluded(PurePosixPath(p.relative_to(content).as_posix()), exclude)
    )
    bib = [p.read_text(encoding="utf-8", errors="replace") for p in files if p.suffix == ".bib"]
    (root / "references.bib").write_text("\n\n".join(bib), encoding="utf-8")
    done.entries = sum(len(_BIB_ENTRY.findall(text)) for text in bib)
    for source in (p for p in files if p.suffix == ".md"):
        relative = PurePosixPath(source.relative_to(content).as_posix())
        doc = f"positions/{document_id(relative)}.md"
        if doc in done.documents:
            raise ValueError(f"{relative} and {done.documents[doc]} both become {doc}")
        body = split_front_matter(source.read_text(encoding="utf-8", errors="replace"))
        body = _copy_referenced(source, content, root, body, doc, done, rewrite=rewrite)
        if rewrite:
            body, blanked = without_raw_blocks(body)
            done.raw_blocks += blanked
        title = title_of(body, relative.stem)
        (root / doc).write_text(front_matter(title, author) + without_top_headings(body), encoding="utf-8")
        done.documents[doc] = relative.as_posix()
        done.citations += count_citations(body)
        for found in _LABEL.finditer(body):
            done.labels.setdefault((found["label"] or found["option"]).lower(), doc)
    return done
