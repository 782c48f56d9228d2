"""Text into Typst source: markup escaping, string literals and labels.

Typst markup gives meaning to many ASCII characters, some only at the start of a line (``=``
headings, ``-`` and ``+`` lists, ``1.`` enumerations, ``/`` term lists) and some as shorthands
(``--``, ``...``, ``~``, ``-?``). A backslash before any of them makes it a plain character, so the
writer escapes them wherever they occur and never depends on where a line starts.
"""

from __future__ import annotations

import re

# Every character with a meaning in Typst markup, at any position, gets a backslash. Quotes are left
# alone: Typst sets them as the language's quotation marks, which is what straight quotes mean.
# Line breaks in the doctree are the author's source wrapping, not breaks the reader should see.
# C0 controls other than whitespace cannot be typeset and Typst rejects some of them.
_MARKUP = str.maketrans(
    {char: "\\" + char for char in "\\#$*_`<>@[]~/=+-"}
    | dict.fromkeys("\t\n\r\f\v", " ")
    | dict.fromkeys([*map(chr, range(0x09)), *map(chr, range(0x0E, 0x20)), "\x7f"])
)
# A number then a full stop opens an enumeration item at the start of a line; "..." is an ellipsis.
_DOT = re.compile(r"(?<=\d)\.|\.(?=\.)")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")

_STRING = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"})


def markup(text: str) -> str:
    """``text`` as Typst markup that shows exactly these characters."""
    text = text.translate(_MARKUP)
    return _DOT.sub(r"\\.", text) if "." in text else text


def string(text: str) -> str:
    """``text`` as a Typst string literal, quotes included."""
    return '"' + _CONTROL.sub("", text).translate(_STRING) + '"'


def strings(values: list[str] | tuple[str, ...]) -> str:
    """A Typst array of strings; the trailing comma keeps a one-element array an array."""
    return "(" + "".join(string(value) + ", " for value in values) + ")"


def label(key: str) -> str:
    """A Typst label, ``label("docname#id")``: the function takes any string, so document names
    and ids need no mangling to be unique across the compendium."""
    return "label(" + string(key) + ")"
