"""A BibTeX reader that keeps positions and never stops at the first error.

It follows the grammar of pybtex, which Sphinx uses to load the bibliography, so that a file this
reader accepts without error is one pybtex loads too. On an error it records where, skips to the
next line that starts with '@', and goes on, so every problem of a file is found in one pass.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# pybtex's own character classes (pybtex.database.input.bibtex).
_NAME = re.compile(r"[A-Za-z@!$&*+\-./:;<>?\[\\\]^_`|~\x7f][A-Za-z0-9@!$&*+\-./:;<>?\[\\\]^_`|~\x7f]*")
_KEY_BRACE = re.compile(r"[^\s,}]+")
_KEY_PAREN = re.compile(r"[^\s,]+")
_NUMBER = re.compile(r"[0-9]+")
_WHITESPACE = re.compile(r"\s*")
_ENTRY_START = re.compile(r"^[ \t]*@", re.MULTILINE)
_ENTRY_AT = re.compile(r"(?<![^\n])[ \t]*@|@(?=[A-Za-z]+[ \t]*[{(])")
# Inside one value, a line that starts like a field or closes an entry: the value ran on.
_SWALLOWED = re.compile(r"\n[ \t]*(}|[A-Za-z][\w-]*[ \t]*=)")
_BRACES = re.compile(r"[{}]")
_BRACES_OR_QUOTE = re.compile(r'[{}"]')

MONTHS = {
    "jan": "January",
    "feb": "February",
    "mar": "March",
    "apr": "April",
    "may": "May",
    "jun": "June",
    "jul": "July",
    "aug": "August",
    "sep": "September",
    "oct": "October",
    "nov": "November",
    "dec": "December",
}

MAX_NESTING = 100


@dataclass
class Field:
    name: str  # as written
    value: str  # macros expanded, braces of the outer delimiters removed
    line: int
    column: int


@dataclass
class Entry:
    type: str  # lowercase
    key: str
    line: int
    column: int
    fields: dict[str, Field] = field(default_factory=dict)  # lowercase name -> field

    def get(self, name: str) -> str | None:
        found = self.fields.get(name)
        return found.value if found else None


@dataclass
class Problem:
    line: int
    column: int
    message: str
    kind: str = "syntax"  # "syntax", "duplicate-field", "macro" or "encoding"


@dataclass
class BibFile:
    entries: list[Entry] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    #: (start, end) offsets in the text of each entry, @string and @preamble read without error.
    spans: list[tuple[int, int]] = field(default_factory=list)


class _Error(Exception):
    def __init__(self, at: int, message: str) -> None:
        super().__init__(message)
        self.at = at
        self.message = message


class _Reader:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.macros = {k.lower(): v for k, v in MONTHS.items()}
        self.result = BibFile()
        self._line_starts = [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", text)]
        self._delimited: list[tuple[int, int]] = []  # (start, end) of each braced or quoted value of an entry
        self.pos_of_opening = 0  # of the entry being read

    # -- positions
    def where(self, at: int) -> tuple[int, int]:
        low, high = 0, len(self._line_starts) - 1
        while low < high:
            middle = (low + high + 1) // 2
            if self._line_starts[middle] <= at:
                low = middle
            else:
                high = middle - 1
        return low + 1, at - self._line_starts[low] + 1

    def problem(self, at: int, message: str, kind: str = "syntax") -> None:
        self.result.problems.append(Problem(*self.where(at), message, kind))

    # -- tokens
    def skip_space(self) -> None:
        self.pos = _WHITESPACE.match(self.text, self.pos).end()

    def peek(self) -> str:
        self.skip_space()
        return self.text[self.pos : self.pos + 1]

    def expect(self, pattern: re.Pattern[str], what: str) -> tuple[str, int]:
        self.skip_space()
        found = pattern.match(self.text, self.pos)
        if not found:
            raise _Error(self.pos, f"{what} expected{self._got()}")
        self.pos = found.end()
        return found.group(), found.start()

    def literal(self, *chars: str) -> str:
        self.skip_space()
        char = self.text[self.pos : self.pos + 1]
        if char not in chars or not char:
            described = " or ".join(f"'{c}'" for c in chars)
            raise _Error(self.pos, f"{described} expected{self._got()}")
        self.pos += 1
        return char

    def _got(self) -> str:
        if self.pos >= len(self.text):
            return ", found the end of the file"
        return f", found {self.text[self.pos]!r}"

    # -- grammar
    def read(self) -> BibFile:
        while True:
            at = self.text.find("@", self.pos)
            if at < 0:
                return self.result
            self.pos = at + 1
            try:
                if self.command(at) != "comment":
                    self.result.spans.append((at, self.pos))
            except _Error as error:
                self.problem(error.at, error.message)
                self.recover(max(error.at, at + 1))

    def recover(self, after: int) -> None:
        """Go on at the next line that starts with '@' after the error."""
        found = _ENTRY_START.search(self.text, after)
        self.pos = found.start() if found else len(self.text)

    def command(self, at: int) -> str:
        """Read one @command; its kind, lowercase."""
        name, _ = self.expect(_NAME, "an entry type after '@'")
        opening = self.literal("{", "(")
        self.pos_of_opening = self.pos - 1
        closing = "}" if opening == "{" else ")"
        kind = name.lower()
        if kind == "comment":
            return kind  # pybtex skips just the opening, and so do we
        if kind == "string":
            macro, _ = self.expect(_NAME, "a macro name")
            self.literal("=")
            self.macros[macro.lower()] = self.value()
            self.literal(closing)
            return kind
        if kind == "preamble":
            self.value()
            self.literal(closing)
            return kind
        key, key_at = self.expect(_KEY_BRACE if closing == "}" else _KEY_PAREN, "an entry key")
        entry = Entry(kind, key, *self.where(key_at))
        self._delimited = []
        try:
            self.fields(entry, key, closing)
        except _Error as error:
            raise self._unclosed(error, self.pos_of_opening) from None
        self.result.entries.append(entry)
        return kind

    def _unclosed(self, error: _Error, opening: int) -> _Error:
        """An error at the next entry (or the end of the file) means a brace of this entry was
        never closed: the value that ran on over what look like fields, or else the entry's own."""
        if error.at < len(self.text.rstrip()) and not _ENTRY_AT.match(self.text, error.at):
            return error
        for start, end in reversed(self._delimited):
            if _SWALLOWED.search(self.text, start, end):
                return _Error(start, f"the {self.text[start]!r} here is never closed")
        return _Error(opening, f"the {self.text[opening]!r} of this entry is never closed")

    def fields(self, entry: Entry, key: str, closing: str) -> None:
        while True:
            self.skip_space()
            found = _NAME.match(self.text, self.pos)
            if found:
                self.pos = found.end()
                self.literal("=")
                value = self.value()
                lowered = found.group().lower()
                if lowered in entry.fields:
                    self.problem(
                        found.start(), f"field {found.group()!r} appears twice in {key!r}", "duplicate-field"
                    )
                else:
                    entry.fields[lowered] = Field(found.group(), value, *self.where(found.start()))
            if self.peek() != ",":
                break
            self.pos += 1
        self.skip_space()
        if self.text[self.pos : self.pos + 1] != closing and _NAME.match(self.text, self.pos):
            raise _Error(self.pos, "',' expected between fields")
        self.literal(closing)

    def value(self) -> str:
        parts = [self.value_part()]
        while self.peek() == "#":
            self.pos += 1
            parts.append(self.value_part())
        return "".join(parts)

    def value_part(self) -> str:
        self.skip_space()
        char = self.text[self.pos : self.pos + 1]
        if char in ('"', "{"):
            start = self.pos
            self.pos += 1
            value = self.delimited(start, '"' if char == '"' else "}")
            self._delimited.append((start, self.pos))
            return value
        number = _NUMBER.match(self.text, self.pos)
        if number:
            self.pos = number.end()
            return number.group()
        name = _NAME.match(self.text, self.pos)
        if name:
            self.pos = name.end()
            if name.group().lower() not in self.macros:
                self.problem(name.start(), f"undefined @string macro {name.group()!r}", "macro")
                return ""
            return self.macros[name.group().lower()]
        raise _Error(self.pos, f"a field value expected{self._got()}")

    def delimited(self, start: int, end: str) -> str:
        depth = 0
        special = _BRACES_OR_QUOTE if end == '"' else _BRACES
        at = self.pos
        while True:
            found = special.search(self.text, at)
            if found is None:
                raise _Error(start, f"the {self.text[start]!r} here is never closed")
            at = found.start()
            char = self.text[at]
            if char == "{":
                depth += 1
                if depth > MAX_NESTING:
                    raise _Error(at, "too many nested braces")
            elif char == "}":
                if depth == 0:
                    if end == "}":
                        break
                    raise _Error(at, "unbalanced '}' inside a quoted value")
                depth -= 1
            elif depth == 0:  # a quote at the top level closes a quoted value
                break
            at += 1
        value = self.text[self.pos : at]
        self.pos = at + 1
        return value


def parse(text: str) -> BibFile:
    """Every entry and every problem of a BibTeX text."""
    return _Reader(text).read()


def text_of(data: bytes) -> str:
    """The text of a BibTeX file as stored: UTF-8, a byte-order mark dropped, bytes that are not
    UTF-8 read as replacement characters."""
    return data.decode("utf-8", errors="replace").removeprefix("\ufeff")


def parse_bytes(data: bytes) -> BibFile:
    """A BibTeX file as stored; bytes that are not UTF-8 are reported once, at the first."""
    found = parse(text_of(data))
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        before = data[: error.start].decode("utf-8", errors="replace")
        line = before.count("\n") + 1
        column = len(before) - (before.rfind("\n") + 1) + 1
        found.problems.insert(
            0, Problem(line, column, f"byte {data[error.start]:#04x} is not UTF-8", "encoding")
        )
    return found
