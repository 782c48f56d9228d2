"""What references inside and between documents can name, the way Sphinx and MyST resolve them.

- ``{ref}`` and ``{numref}`` name a *label*, global across documents and case-insensitive:
  ``(name)=`` targets, the ``:name:`` of any directive (figure, table, code, math), ``{#id}``.
- ``{eq}`` names an *equation* label, exactly: ``$$ ... $$ (name)`` and ``{math}`` ``:label:``.
- ``{term}`` names a ``{glossary}`` term, case-insensitive, in any document.
- ``[text](#anchor)`` names an *anchor* of the same document (a heading slug from
  ``myst_heading_anchors``, a heading's own id or name), else anything a label, equation, term or
  document name resolves to (MyST tries every domain); ``[text](other.md#anchor)`` names an
  anchor or a label of that document.

The labels of a document are read by a quick scan of its text, not a parse: a label in a code
block counts too, so a reference is only reported when nothing anywhere could be its target (a
missed finding is better than a false one). Other documents are scanned only when a reference is
not found in its own document, so ``accord check FILE`` reads the repository's texts only then.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

from docutils.nodes import fully_normalize_name, make_id

#: The heading levels that get a slug; conf.py's myst_heading_anchors.
HEADING_ANCHORS = 3

#: Before a (label)= line: indentation, quote marks, list markers.
_LEAD = r"^(?:[ \t>]|[-*+](?=[ \t])|\d{1,9}[.)](?=[ \t]))*"
_TARGET = re.compile(_LEAD + r"\(([^()\n]+)\)=[ \t]*$", re.MULTILINE)
_NAME = re.compile(r"^[ \t>]*:?name:[ \t]*(\S[^\n]*?)[ \t]*$", re.MULTILINE)
_ATTR_ID = re.compile(r"\{[^{}\n]*#([\w:.-]+)[^{}\n]*\}")
_EQ_LABEL = re.compile(r"^[ \t>]*:?label:[ \t]*(\S[^\n]*?)[ \t]*$", re.MULTILINE)
#: The options of a {math} block: its :label: names an equation and nothing else.
_MATH_OPTIONS = re.compile(
    r"^[ \t]*(?:`{3,}|:{3,})[ \t]*\{math\}[^\n]*\n((?:[ \t]*:[\w-]+:[^\n]*\n)*)", re.MULTILINE
)
_DOLLAR_LABEL = re.compile(r"\$\$[ \t]*\(([^()\n]+)\)[ \t]*$", re.MULTILINE)
_ATX = re.compile(r"^[ \t>]{0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$", re.MULTILINE)
_SETEXT = re.compile(r"^[ \t]{0,3}(\S[^\n]*)\n[ \t]{0,3}(=+|-+)[ \t]*$", re.MULTILINE)
_TITLE = re.compile(r"^title:[ \t]*(.+?)[ \t]*$", re.MULTILINE)
_GLOSSARY = re.compile(
    # Closed by a fence at least as long, or by the end of the text (CommonMark).
    r"^([ \t]*)(`{3,}|:{3,})[ \t]*\{glossary\}[^\n]*\n(.*?)(?:^[ \t]*\2[`:]*[ \t]*$|\Z)",
    re.MULTILINE | re.DOTALL,
)
_ROLE = re.compile(r"\{[\w:.+-]+\}`([^`]*)`")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MARKUP = re.compile(r"[*_`]+")
#: A reference whose target may be in another document: a label role or a link with an anchor.
_REFERENCE = re.compile(r"\{(?:std:|math:)?(?:ref|numref|eq|term)\}`|\]\([^)\s]*#|<project:")


def label_name(text: str) -> str:
    """A label as Sphinx keys it: lowercase, whitespace collapsed."""
    return fully_normalize_name(text.strip())


@dataclass(frozen=True)
class Labels:
    """What one document (with the files it includes) defines."""

    labels: frozenset[str] = frozenset()  # label_name()
    equations: frozenset[str] = frozenset()  # as written
    terms: frozenset[str] = frozenset()  # lowercase
    anchors: frozenset[str] = frozenset()  # heading slugs, ids and names, label ids
    #: Labels every definition of which is a (name)= above a plain paragraph: Sphinx finds no
    #: title for them, so {ref} without its own text fails ("A title or caption not found").
    untitled: frozenset[str] = frozenset()

    @property
    def titled(self) -> frozenset[str]:
        return self.labels - self.untitled


def _heading_texts(text: str) -> list[tuple[int, str]]:
    found = [(len(m[1]), m[2]) for m in _ATX.finditer(text)]
    found += [(1 if m[2][0] == "=" else 2, m[1]) for m in _SETEXT.finditer(text)]
    found += [(1, m[1].strip("'\"")) for m in _TITLE.finditer(text)]  # myst_title_to_header
    return found


def _variants(heading: str) -> set[str]:
    """The heading's text as MyST may see it: as written, roles dropped or kept, links as text."""
    if not any(mark in heading for mark in "[`*_{"):
        return {heading}
    plain = _LINK.sub(r"\1", heading)
    return {heading, plain, _MARKUP.sub("", _ROLE.sub("", plain)), _MARKUP.sub("", _ROLE.sub(r"\1", plain))}


def _anchors(text: str) -> set[str]:
    from myst_parser.slugs import github_slugify

    anchors: set[str] = set()
    counts: dict[str, int] = {}
    for level, heading in _heading_texts(text):
        for variant in _variants(heading):
            anchors.update({make_id(variant), label_name(variant)})
            if level <= HEADING_ANCHORS and (slug := github_slugify(variant)):
                counts[slug] = counts.get(slug, 0) + 1
    for slug, count in counts.items():
        # MyST makes a repeated slug unique with -1, -2, ...: a superset of what it gives.
        anchors.update({slug, *(f"{slug}-{n}" for n in range(1, count + 1))})
    return anchors


def _terms(text: str) -> set[str]:
    terms = set()
    for match in _GLOSSARY.finditer(text):
        for line in match[3].splitlines():
            if line.strip() and not line[:1].isspace() and not re.match(r"^:[\w-]+:", line):
                term = line.split(" : ", 1)[0].strip()
                terms.update({term.lower(), _MARKUP.sub("", _ROLE.sub(r"\1", term)).lower()})
    return terms


#: What a plain paragraph cannot start with: headings, fences, lists, quotes, tables, HTML, math,
#: targets, directives, definitions. Anything unusual counts as titled: a superset again.
_NOT_PLAIN = re.compile(r"^(?:[#`~:|>\-*+<($!\[{=_\\]|\d{1,9}[.)](?:\s|$)|\s)")


def _untitled(text: str) -> set[str]:
    lines = text.splitlines()
    titled, untitled = set(), set()
    for match in _TARGET.finditer(text):
        name = label_name(match[1])
        at = text.count("\n", 0, match.start())
        if match[0].lstrip()[:1] != "(":  # in a list or quote: not a plain paragraph's label
            titled.add(name)
            continue
        first = next((i for i in range(at + 1, min(at + 4, len(lines))) if lines[i].strip()), None)
        then = lines[first + 1] if first is not None and first + 1 < len(lines) else ""
        plain = first is not None and not _NOT_PLAIN.match(lines[first])
        if plain and (then.startswith(":") or re.match(r"^ {0,3}(=+|-+)\s*$", then)):
            plain = False  # a definition list's term, or a heading underlined
        (untitled if plain else titled).add(name)
    return untitled - titled


def _found(pattern: re.Pattern[str], text: str, marker: str) -> list[str]:
    """What ``pattern`` captures in ``text``; only searched when ``marker`` occurs (a quick test
    that keeps the scan of a whole repository short)."""
    return [m[1] for m in pattern.finditer(text)] if marker in text else []


def scan(text: str) -> Labels:
    """The labels, equations, terms and anchors that ``text`` defines (a superset)."""
    targets = {label_name(found) for found in _found(_TARGET, text, ")=")}
    named = {label_name(found) for found in _found(_NAME, text, "name:")}
    ids = set(_found(_ATTR_ID, text, "{#")) | set(_found(_ATTR_ID, text, " #"))
    # Other directives' :label: (sphinx-proof, sphinx-exercise) may be labels: a superset again.
    options = _found(_EQ_LABEL, text, "label:")
    maths = {
        label
        for block in _found(_MATH_OPTIONS, text, "{math}")
        for label in _found(_EQ_LABEL, block, "label:")
    }
    equations = {found.strip() for found in [*options, *_found(_DOLLAR_LABEL, text, "$$")]}
    # An equation's label is not one: {ref} does not reach it.
    labels = (
        targets
        | named
        | {label_name(i) for i in ids}
        | {label_name(o) for o in options if o.strip() not in maths}
    )
    anchors = _anchors(text) | labels | ids | equations | {make_id(label) for label in labels}
    untitled = (_untitled(text) if targets else set()) - named - {label_name(i) for i in ids}
    terms = _terms(text) if "{glossary}" in text else set()
    return Labels(
        frozenset(labels),
        frozenset(equations),
        frozenset(terms),
        frozenset(anchors),
        frozenset(untitled & labels),
    )


def merge(found: Iterable[Labels]) -> Labels:
    parts = list(found)
    return Labels(
        frozenset().union(*(p.labels for p in parts)),
        frozenset().union(*(p.equations for p in parts)),
        frozenset().union(*(p.terms for p in parts)),
        frozenset().union(*(p.anchors for p in parts)),
        frozenset().union(*(p.untitled for p in parts)) - frozenset().union(*(p.titled for p in parts)),
    )


@lru_cache(maxsize=4096)
def _scan_file(path: Path, mtime_ns: int, size: int) -> Labels:
    return scan(path.read_bytes().decode("utf-8", errors="replace"))


def of_file(path: Path) -> Labels:
    """The labels of a file, scanned again only when it changes."""
    try:
        stat = path.stat()
    except OSError:
        return Labels()
    return _scan_file(path, stat.st_mtime_ns, stat.st_size)


def of_text(root: Path, relative: str, text: str) -> Labels:
    """The labels of a document's text and of the markdown files it includes."""
    return merge([scan(text), *_included(root, relative, text)])


def _included(root: Path, relative: str, text: str) -> list[Labels]:
    from accord.checks.files import included

    if "{include}" not in text:
        return []
    return [scan(content) for content in included(root, relative, text).values()]


@dataclass
class LabelIndex:
    """Every document's labels, scanned when a reference first needs another document."""

    root: Path
    folders: tuple[str, ...]
    _documents: dict[str, Labels] | None = field(default=None, repr=False)

    def paths(self) -> list[Path]:
        from accord.vocabulary import PAGES

        found = [path for folder in self.folders for path in (self.root / folder).glob("*.md")]
        return sorted({*found, *(path for page in PAGES if (path := self.root / page).is_file())})

    @property
    def documents(self) -> dict[str, Labels]:
        """Labels by the document's path from the root."""
        if self._documents is None:
            self._documents = {}
            for path in self.paths():
                relative = path.relative_to(self.root).as_posix()
                self._documents[relative] = merge(
                    [of_file(path), *_included(self.root, relative, _text(path))]
                )
        return self._documents

    @cached_property
    def all(self) -> Labels:
        return merge(self.documents.values())

    def fingerprint(self) -> str:
        """A digest of every document's labels: what the findings of a document that refers to
        them depend on besides its own text (accord.checkcache)."""
        digest = hashlib.sha256()
        for path, found in sorted(self.documents.items()):
            for part in (
                path,
                *map(sorted, (found.labels, found.equations, found.terms, found.anchors, found.untitled)),
            ):
                digest.update(repr(part).encode("utf-8"))
        return digest.hexdigest()

    def where(self, label: str) -> list[str]:
        """The documents that define ``label`` (label_name())."""
        return [path for path, found in self.documents.items() if label in found.labels]


def _text(path: Path) -> str:
    try:
        return path.read_bytes().decode("utf-8", errors="replace")
    except OSError:
        return ""


def refers_to_labels(text: str) -> bool:
    """True when ``text`` may refer to a label, term, equation or anchor of another document."""
    return _REFERENCE.search(text) is not None
