"""Compare two snapshots: which documents were added, removed or changed, and how, word by word.

Pure functions over :mod:`accord.editions.revisions` snapshots; :mod:`redline_html` writes the pages.

The text is compared in two passes: paragraphs (blocks between blank lines) first, so that an edit
stays local and a long document compares quickly; then, inside each run of paragraphs that differ,
tokens (words, whitespace, punctuation runs; each CJK character alone). Spacing and line wrapping
are not changes: a reflowed paragraph compares equal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from accord.editions.revisions import DocumentText, Snapshot

EQUAL, INSERT, DELETE = "equal", "insert", "delete"
ADDED, REMOVED, CHANGED = "added", "removed", "changed"

_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af"
# Marks of rendered text (accord.editions.rendered): a block's kind, one character; a paragraph's
# number, which compares equal whatever the number (a paragraph inserted renumbers the rest).
_MARK = "\ue000-\ue00f"
_NUMBER = re.compile("\ue010\\d+\ue011")
_TOKEN = re.compile(
    rf"\ue010\d+\ue011|[{_MARK}]|[{_CJK}]|(?:(?![{_CJK}])\w)+|\s+|(?:(?![{_MARK}\ue010])[^\w\s])+"
)
_WORD = re.compile(r"\w")
_BLANK_LINE = re.compile(r"\n(?:[ \t]*\n)+")
_SPACE = re.compile(r"\s+")
# Paragraphs are joined by this token for the word pass; no paragraph contains a blank line.
_BREAK = "\n\n"
_LARGE = 10_000  # tokens on both sides of a run of changed paragraphs


@dataclass(frozen=True)
class Segment:
    op: str  # EQUAL, INSERT or DELETE
    text: str


Paragraph = tuple[Segment, ...]


@dataclass(frozen=True)
class FieldChange:
    """A front-matter field (or the file's path) whose value changed; None: absent."""

    name: str
    before: str | None
    after: str | None


@dataclass(frozen=True)
class Change:
    """One document that was added, removed or changed."""

    key: str  # the document id (the snapshot's key)
    old: DocumentText | None
    new: DocumentText | None
    fields: tuple[FieldChange, ...]
    text: tuple[Paragraph, ...]  # the whole body, with insertions and deletions marked

    @property
    def kind(self) -> str:
        return ADDED if self.old is None else REMOVED if self.new is None else CHANGED

    @property
    def document(self) -> DocumentText:
        """The newer text where there is one."""
        document = self.new or self.old
        assert document is not None
        return document

    @property
    def status_changed(self) -> bool:
        return self.kind == CHANGED and self.old.status != self.new.status  # type: ignore[union-attr]

    @property
    def text_changed(self) -> bool:
        return any(s.op != EQUAL for p in self.text for s in p)

    @property
    def inserted_words(self) -> int:
        return _count(self.text, INSERT)

    @property
    def deleted_words(self) -> int:
        return _count(self.text, DELETE)


@dataclass(frozen=True)
class Comparison:
    added: tuple[Change, ...]
    removed: tuple[Change, ...]
    changed: tuple[Change, ...]  # in both revisions, with a different text or front matter
    unchanged: tuple[str, ...]  # keys

    @property
    def status_changed(self) -> tuple[Change, ...]:
        return tuple(c for c in self.changed if c.status_changed)

    @property
    def changes(self) -> tuple[Change, ...]:
        """Every change, ordered by document key."""
        return tuple(sorted((*self.added, *self.removed, *self.changed), key=lambda c: c.key))

    def summary(self) -> str:
        """One line: counts of added, removed, changed (with a new status) and unchanged documents."""
        return (
            f"{len(self.added)} added, {len(self.removed)} removed, {len(self.changed)} changed "
            f"({len(self.status_changed)} with a new status), {len(self.unchanged)} unchanged"
        )


def compare(old: Snapshot, new: Snapshot) -> Comparison:
    """What changed from ``old`` to ``new``, document by document."""
    added: list[Change] = []
    removed: list[Change] = []
    changed: list[Change] = []
    unchanged: list[str] = []
    for key in sorted({*old.documents, *new.documents}):
        before, after = old.documents.get(key), new.documents.get(key)
        change = document_change(key, before, after)
        if change is None:
            unchanged.append(key)
        else:
            {ADDED: added, REMOVED: removed, CHANGED: changed}[change.kind].append(change)
    return Comparison(tuple(added), tuple(removed), tuple(changed), tuple(unchanged))


def document_change(key: str, old: DocumentText | None, new: DocumentText | None) -> Change | None:
    """The change from ``old`` to ``new`` (either may be None), or None when nothing changed."""
    before = dict(old.fields) if old else {}
    after = dict(new.fields) if new else {}
    names = [*after, *(name for name in before if name not in after)]
    fields = tuple(
        FieldChange(name, before.get(name), after.get(name))
        for name in names
        if before.get(name) != after.get(name)
    )
    text = tuple(text_diff(old.body if old else "", new.body if new else ""))
    change = Change(key, old, new, fields, text)
    if old is not None and new is not None and not fields and not change.text_changed:
        return None
    return change


def paragraphs(body: str) -> list[str]:
    """The blocks of a body that blank lines separate, without the blank lines."""
    found = (block.rstrip().lstrip("\n") for block in _BLANK_LINE.split(body))
    return [block for block in found if block.strip()]


def text_diff(old: str, new: str) -> list[Paragraph]:
    """The new body paragraph by paragraph, with deleted old text and inserted new text marked."""
    before, after = paragraphs(old), paragraphs(new)
    matcher = SequenceMatcher(None, [_normal(p) for p in before], [_normal(p) for p in after], autojunk=False)
    out: list[Paragraph] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            out.extend((Segment(EQUAL, p),) for p in after[j1:j2])
        elif tag == "replace":
            out.extend(_words(before[i1:i2], after[j1:j2]))
        else:
            out.extend((Segment(DELETE, p),) for p in before[i1:i2])
            out.extend((Segment(INSERT, p),) for p in after[j1:j2])
    return out


def _normal(text: str) -> str:
    return _SPACE.sub(" ", _NUMBER.sub("\ue010", text))


def _tokens(blocks: list[str]) -> list[str]:
    tokens: list[str] = []
    for index, block in enumerate(blocks):
        if index:
            tokens.append(_BREAK)
        tokens.extend(_TOKEN.findall(block))
    return tokens


def _key(token: str) -> str:
    if token.startswith("\ue010"):
        return "\ue010"
    return " " if token != _BREAK and token.isspace() else token


@dataclass
class _Run:
    """Text both sides share (old == new up to spacing), or a change (deleted, inserted)."""

    equal: bool
    old: str
    new: str

    @property
    def size(self) -> int:
        return max(len(self.old), len(self.new))


def _words(before: list[str], after: list[str]) -> list[Paragraph]:
    a, b = _tokens(before), _tokens(after)
    # Single spaces are junk: they may extend a match but never anchor one, which keeps the
    # matcher fast; the alignment of the words is unchanged. Past a few thousand words (a long
    # paragraph rewritten) frequent words become junk too, trading some precision for time.
    matcher = SequenceMatcher(
        lambda t: t == " ",
        [_key(t) for t in a],
        [_key(t) for t in b],
        autojunk=len(a) + len(b) > _LARGE,
    )
    runs: list[_Run] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        run = _Run(tag == "equal", "".join(a[i1:i2]), "".join(b[j1:j2]))
        runs.append(run)
        # Spaces or punctuation alone between two changes read better as part of one change
        # ("a b" -> "x y" as one deletion and one insertion, not two pairs of marks); a shared
        # word always stays unmarked.
        while (
            len(runs) >= 3
            and not runs[-1].equal
            and runs[-2].equal
            and not runs[-3].equal
            and not _WORD.search(runs[-2].new)
            and not any(_BREAK in run.old or _BREAK in run.new for run in runs[-3:])
            and len(runs[-2].new) <= min(runs[-1].size, runs[-3].size)
        ):
            last, shared, first = runs.pop(), runs.pop(), runs.pop()
            runs.append(_Run(False, first.old + shared.old + last.old, first.new + shared.new + last.new))
    _slide(runs)
    segments: list[Segment] = []
    for run in runs:
        if run.equal:
            segments.append(Segment(EQUAL, run.new))
        else:
            segments.extend(Segment(op, text) for op, text in ((DELETE, run.old), (INSERT, run.new)) if text)
    return _split(segments)


def _slide(runs: list[_Run]) -> None:
    """Move a space that opens an insertion or a deletion to its end, where the text after it
    starts with the same space: "of[ policy] options" reads better as "of [policy ]options"."""
    index = 0
    while index < len(runs) - 1:
        run, after = runs[index], runs[index + 1]
        text = run.old or run.new
        if (
            not run.equal
            and not (run.old and run.new)
            and after.equal
            and text.startswith(" ")
            and after.old.startswith(" ")
            and after.new.startswith(" ")
        ):
            if index and runs[index - 1].equal:
                runs[index - 1].old += " "
                runs[index - 1].new += " "
            else:
                runs.insert(index, _Run(True, " ", " "))
                index += 1
            moved = text[1:] + " "
            run.old, run.new = (moved, "") if run.old else ("", moved)
            after.old, after.new = after.old[1:], after.new[1:]
        index += 1


def _split(segments: list[Segment]) -> list[Paragraph]:
    """Segments of several paragraphs, cut at the paragraph breaks."""
    out: list[list[Segment]] = [[]]
    for segment in segments:
        for index, piece in enumerate(segment.text.split(_BREAK)):
            if index:
                out.append([])
            if piece:
                out[-1].append(Segment(segment.op, piece))
    return [tuple(p) for p in out if p]


def _count(text: tuple[Paragraph, ...], op: str) -> int:
    return sum(
        1
        for p in text
        for s in p
        if s.op == op
        for t in _TOKEN.findall(s.text)
        if _WORD.search(t) and not t.startswith("\ue010")
    )
