"""Numbered paragraphs and numbered principles: which exist, and how references name them.

One definition serves the checks (from the markdown scan, without Sphinx) and the Sphinx transform
that numbers the doctree (accord.sphinxext.paragraphs):

- A document whose status is in ``NUMBERED_STATUSES`` numbers its *body paragraphs*: the
  paragraphs at the top level of its sections that hold words. Paragraphs inside lists, quotes,
  tables, admonitions, directives, footnotes and the reference list are not numbered, nor is a
  paragraph that holds only an image, nor text brought in by ``{include}``. Their anchors are
  ``p-1``, ``p-2``, ...
- A statement of principles (``principles/``) numbers its *principles*: each heading that starts
  with a number and a full stop, ``### 3. Privacy and data protection``, is principle 3, anchor
  ``principle-3``, whatever the document's status.

A ``{para}`` reference names ``document-id#p-N`` or ``document-id#principle-N``; ``#p-N`` alone
is the document itself. ``Title <document-id#p-N>`` gives the link its own text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from accord.vocabulary import NUMBERED_STATUSES, PARA_ROLES, PRINCIPLES_KIND

if TYPE_CHECKING:
    from accord.corpus import Document

PARAGRAPH = "p"
PRINCIPLE = "principle"

#: A heading that numbers a principle: "3. Privacy and data protection".
_PRINCIPLE_HEADING = re.compile(r"^\s*(\d{1,4})\.\s+\S")
#: An anchor reserved for numbering: p-3, principle-12.
_RESERVED = re.compile(r"^(p|principle)-(\d+)$")
_TARGET = re.compile(r"^(?P<doc>[^#\s<>]*)#(?P<kind>p|principle)-(?P<number>[1-9]\d*)$")
_EXPLICIT = re.compile(r"^(?P<title>.*?)\s*<(?P<target>[^<>]*)>\s*$", re.DOTALL)
_ROLE = re.compile(r"\{(?:" + "|".join(map(re.escape, sorted(PARA_ROLES))) + r")\}`([^`]*)`")


def anchor(kind: str, number: int) -> str:
    """The id of paragraph or principle ``number``: p-3, principle-3."""
    return f"{kind}-{number}"


def is_reserved(node_id: str) -> bool:
    """True for ids that only numbering may give (p-N, principle-N)."""
    return _RESERVED.match(node_id) is not None


def principle_number(heading: str) -> int | None:
    """The number of a principle heading ("3. Privacy" -> 3), else None."""
    found = _PRINCIPLE_HEADING.match(heading)
    return int(found[1]) if found else None


def numbers_paragraphs(status: object) -> bool:
    return status in NUMBERED_STATUSES


def numbers_principles(kind: str) -> bool:
    return kind == PRINCIPLES_KIND


@dataclass(frozen=True)
class Target:
    """What a {para} reference names: a document (None: the one it is in), a kind, a number."""

    doc: str | None
    kind: str  # PARAGRAPH or PRINCIPLE
    number: int
    title: str | None = None  # the link text the author gave

    @property
    def anchor(self) -> str:
        return anchor(self.kind, self.number)


def parse_target(value: str) -> Target | None:
    """The target of a {para} role's content, or None when it is not written as one."""
    text = value.strip()
    title = None
    explicit = _EXPLICIT.match(text)
    if explicit:
        title, text = explicit["title"].strip() or None, explicit["target"].strip()
    found = _TARGET.match(text)
    if not found:
        return None
    doc = found["doc"].removesuffix(".md").rsplit("/", 1)[-1] or None
    return Target(doc, found["kind"], int(found["number"]), title)


def referenced_ids(text: str) -> set[str]:
    """Ids of the documents that {para} roles in ``text`` name: what the findings of a document
    depend on besides its own text. A quick scan: a role in a code block counts too, which only
    makes a cache a little more careful."""
    found = set()
    for content in _ROLE.findall(text):
        target = parse_target(content)
        if target is not None and target.doc:
            found.add(target.doc)
    return found


@dataclass(frozen=True)
class Numbering:
    """What one document numbers."""

    kind: str
    status: object
    paragraphs: int  # numbered paragraphs (0 when the status numbers none)
    texts: int  # paragraphs of text, numbered or not
    principles: dict[int, str] = field(default_factory=dict)  # number -> heading (first wins)

    @property
    def numbered(self) -> bool:
        return numbers_paragraphs(self.status)

    def has(self, kind: str, number: int) -> bool:
        if kind == PARAGRAPH:
            return 1 <= number <= self.paragraphs
        return number in self.principles


def of_document(doc: Document) -> Numbering:
    """The numbering of a document, from its markdown."""
    texts = sum(1 for item in doc.items if item.kind == "paragraph" and item.value)
    status = doc.status  # a translation numbers as its source does
    principles: dict[int, str] = {}
    if numbers_principles(doc.kind):
        for item in doc.items:
            if item.kind == "heading" and (number := principle_number(item.value)) is not None:
                principles.setdefault(number, item.value.strip())
    return Numbering(
        kind=doc.kind,
        status=status,
        paragraphs=texts if numbers_paragraphs(status) else 0,
        texts=texts,
        principles=principles,
    )


@dataclass
class NumberingIndex:
    """The numbering of other documents, read from disk when a reference first needs one.

    Only documents that references name are parsed, so a check stays fast; the index is small
    to send to worker processes (the ids, not the texts).
    """

    root: Path
    folders: tuple[str, ...]
    ids: frozenset[str]
    _found: dict[str, Numbering | None] = field(default_factory=dict, repr=False)

    def get(self, doc_id: str) -> Numbering | None:
        """The numbering of document ``doc_id``, or None when there is no such (readable) document."""
        if doc_id not in self._found:
            self._found[doc_id] = self._read(doc_id)
        return self._found[doc_id]

    def path(self, doc_id: str) -> Path | None:
        """The file of document ``doc_id``, or None."""
        if doc_id not in self.ids:
            return None
        return next(
            (path for folder in self.folders if (path := self.root / folder / f"{doc_id}.md").is_file()), None
        )

    def _read(self, doc_id: str) -> Numbering | None:
        from accord.corpus import read_document

        path = self.path(doc_id)
        if path is None:
            return None
        try:
            doc, _ = read_document(self.root, path)
        except OSError:
            return None
        return of_document(doc) if doc is not None else None
