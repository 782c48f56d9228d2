"""The record of a consultation: ``consultations/<document id>.yaml``.

The file (written by ``accord consultation collect``, edited by the drafters)::

    document: igf-policy-options
    comments:
      - id: gh-123
        source: https://github.com/owner/repo/issues/123
        received: 2026-12-01
        version: "2026-11-02"
        paragraph: 4
        quote: "The text of paragraph 4 when the comment was made."
        name: Jane Doe            # or "anonymous"
        organisation: Example Org
        text: |
          The comment (untrusted: always shown as plain text).
        disposition: pending      # vocabulary.DISPOSITIONS
        response: ""

It is read through :mod:`accord.datafile` (safe YAML, bounded by :mod:`accord.yamlbounds`, never a
path out of the repository) and checked by :mod:`accord.checks.consultation`. Reading is lenient:
a comment that lacks a field or has one of the wrong type is left out here and reported by the
rules. A comment follows its text (:func:`follow`): when paragraphs are inserted or moved, its
``quote`` finds the paragraph it is about now.
"""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from accord import datafile
from accord.vocabulary import CONSULTATIONS_FOLDER, DISPOSITIONS

SUFFIX = ".yaml"

#: How alike (difflib's ratio) a paragraph must be to a comment's quote to be its paragraph now:
#: lenient enough for a paragraph edited in answer to the comment, strict enough to tell apart
#: paragraphs that merely share words.
MATCH_CUTOFF = 0.6


@dataclass(frozen=True)
class Comment:
    id: str
    received: str  # ISO date as written
    version: str  # the document version commented on
    paragraph: int  # the number it was made on, at that version
    text: str
    disposition: str
    index: int  # its place in the file, for positions
    source: str = ""
    quote: str = ""
    name: str = ""
    organisation: str = ""
    response: str = ""

    @property
    def commenter(self) -> str:
        """Who commented, as the record may publish it."""
        name = self.name.strip() or "anonymous"
        return f"{name} ({self.organisation.strip()})" if self.organisation.strip() else name


@dataclass(frozen=True)
class Record:
    document: str  # the document id (the file's name)
    comments: tuple[Comment, ...]

    def counts(self) -> dict[str, int]:
        """How many comments have each disposition, every disposition listed."""
        found = Counter(comment.disposition for comment in self.comments)
        return {disposition: found.get(disposition, 0) for disposition in DISPOSITIONS}

    @property
    def pending(self) -> list[Comment]:
        return [comment for comment in self.comments if comment.disposition == "pending"]


def relative_path(doc_id: str) -> str:
    return f"{CONSULTATIONS_FOLDER}/{doc_id}{SUFFIX}"


def files(root: Path) -> list[str]:
    """Relative paths of the YAML files in the consultations folder, sorted."""
    folder = root / CONSULTATIONS_FOLDER
    if not folder.is_dir():
        return []
    return sorted(
        f"{CONSULTATIONS_FOLDER}/{path.name}"
        for path in folder.iterdir()
        if path.is_file() and path.suffix in (".yaml", ".yml")
    )


def load(root: Path, doc_id: str) -> datafile.DataFile | None:
    """The record of a document, or None when it has none (or it leads out of the repository)."""
    return datafile.load(root, relative_path(doc_id))


def version_of(meta: Mapping[str, object]) -> str:
    """What a comment names as the version of a document: its ``version``, or, before it has one
    (drafts and consultations need none), the ``date`` of its last substantive revision."""
    for key in ("version", "date"):
        value = meta.get(key)
        if value not in (None, ""):
            return str(value).strip()
    return ""


def comment_items(file: datafile.DataFile | None) -> list[tuple[int, dict]]:
    """(index, mapping) of each comment written as a mapping."""
    if file is None or not isinstance(file.data, dict) or not isinstance(file.data.get("comments"), list):
        return []
    return [(index, item) for index, item in enumerate(file.data["comments"]) if isinstance(item, dict)]


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def paragraph_number(value: object) -> int | None:
    """A paragraph number as the record may write it: a whole number from 1 (also quoted)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value >= 1 else None
    if isinstance(value, str) and value.strip().isdigit() and int(value.strip()) >= 1:
        return int(value.strip())
    return None


def version_text(value: object) -> str | None:
    """A version as written: YAML reads an unquoted 1.0 as a number, which is still meant as '1.0'."""
    if isinstance(value, str) and value.strip():
        return value.strip()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return None


def record(file: datafile.DataFile | None, doc_id: str) -> Record:
    """The readable comments of a record, in file order."""
    found = []
    for index, item in comment_items(file):
        texts = {key: _text(item.get(key)) for key in ("id", "received", "text", "disposition")}
        number, version = paragraph_number(item.get("paragraph")), version_text(item.get("version"))
        if number is None or version is None or any(not value for value in texts.values()):
            continue
        optional = {key: _text(item.get(key)) or "" for key in ("source", "quote", "name", "organisation")}
        found.append(
            Comment(
                id=str(texts["id"]).strip(),
                received=str(texts["received"]).strip(),
                version=version,
                paragraph=number,
                text=str(texts["text"]),
                disposition=str(texts["disposition"]).strip(),
                index=index,
                response=_text(item.get("response")) or "",
                **optional,
            )
        )
    return Record(doc_id, tuple(found))


def _words(text: str) -> str:
    return " ".join(text.split()).casefold()


def follow(comment: Comment, paragraphs: Sequence[str]) -> int | None:
    """The number of the paragraph a comment is about now, among the current ``paragraphs``
    (their texts, in order): the paragraph its quote matches best, or, without a quote, the
    number it was made on. None when its text is no longer in the document."""
    quote = _words(comment.quote)
    if not quote:
        return comment.paragraph if 1 <= comment.paragraph <= len(paragraphs) else None
    texts = [_words(text) for text in paragraphs]
    if 1 <= comment.paragraph <= len(texts) and texts[comment.paragraph - 1] == quote:
        return comment.paragraph  # the usual case: nothing moved
    exact = [number for number, text in enumerate(texts, 1) if text == quote]
    if exact:
        return min(exact, key=lambda number: abs(number - comment.paragraph))
    best: tuple[float, int] | None = None
    for number, text in enumerate(texts, 1):
        matcher = difflib.SequenceMatcher(None, quote, text, autojunk=False)
        if matcher.real_quick_ratio() < MATCH_CUTOFF or matcher.quick_ratio() < MATCH_CUTOFF:
            continue
        ratio = matcher.ratio()
        # Equal ratios: the paragraph nearest the number it was made on.
        key = (ratio, -abs(number - comment.paragraph))
        if ratio >= MATCH_CUTOFF and (best is None or key > (best[0], -abs(best[1] - comment.paragraph))):
            best = (ratio, number)
    return best[1] if best else None
