"""The text of a numbered paragraph as the commenter read it.

A comment names a version and a paragraph number. The text it quotes is looked for, in order, in
the document as committed just before the comment arrived (the site is built from that branch),
in the edition tag of that version (``tag-pattern``), and in the file as it is now; the first of
them that has that version (or no version yet, a first draft) and that paragraph gives the quote.
Paragraphs are numbered as the site numbers them (accord.numbering): the paragraphs of text at the
top level of the body.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterator
from functools import cache
from pathlib import Path

from accord import frontmatter, markdown
from accord.consultation import model
from accord.editions.git import GitError, git


@cache
def paragraphs(text: str) -> tuple[str, ...]:
    """The numbered paragraphs' texts of a document's source, front matter included, counted as
    accord.numbering.of_document counts them."""
    return tuple(item.value for item in markdown.scan(text) if item.kind == "paragraph" and item.value)


@cache
def _version(text: str) -> str | None:
    data = frontmatter.read("document.md", text).data
    value = data.get("version") if isinstance(data, dict) else None
    return None if value in (None, "") else str(value)


class Quotes:
    """Quotes from one document (``relative``: its path in the repository at ``root``)."""

    def current_version(self) -> str:
        """The version a comment that names none was made on: the document's ``version`` or,
        before it has one, its ``date`` (as accord.consultation.model and the comment links say)."""
        try:
            text = (self.root / self.relative).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return ""
        data = frontmatter.read("document.md", text).data
        return model.version_of(data) if isinstance(data, dict) else ""

    def __init__(self, root: Path, relative: str, *, tag_pattern: str) -> None:
        self.root, self.relative, self.tag_pattern = root, relative, tag_pattern
        self._history: list[tuple[int, str]] | None = None  # (commit time, commit), oldest first
        self._texts: dict[str, str | None] = {}

    def _git_text(self, rev: str) -> str | None:
        if rev not in self._texts:
            try:
                self._texts[rev] = str(git(self.root, "show", f"{rev}:{self.relative}"))
            except GitError:
                self._texts[rev] = None
        return self._texts[rev]

    def _history_of(self) -> list[tuple[int, str]]:
        if self._history is None:
            try:
                log = str(git(self.root, "log", "--format=%ct %H", "HEAD", "--", self.relative))
            except GitError:
                log = ""
            pairs = [line.split() for line in log.splitlines() if line.strip()]
            self._history = sorted((int(time), commit) for time, commit in pairs)
        return self._history

    def _candidates(self, version: str, when: dt.datetime | None) -> Iterator[str | None]:
        history = self._history_of()
        if when is not None and history:
            at = bisect.bisect_right(history, (int(when.timestamp()), "~")) - 1
            if at >= 0:
                yield self._git_text(history[at][1])
        if version and history:
            yield self._git_text(self.tag_pattern.format(version=version))
        current = self.root / self.relative
        if "current" not in self._texts:
            self._texts["current"] = current.read_text(encoding="utf-8") if current.is_file() else None
        yield self._texts["current"]

    def quote(self, version: str, paragraph: int, when: dt.datetime | None = None) -> str | None:
        """Paragraph ``paragraph`` of version ``version`` ("" when the comment names none), or None."""
        for text in self._candidates(version, when):
            if text is None:
                continue
            found = _version(text)
            if version and found is not None and found != version:
                continue
            texts = paragraphs(text)
            if 1 <= paragraph <= len(texts):
                return texts[paragraph - 1]
        return None
