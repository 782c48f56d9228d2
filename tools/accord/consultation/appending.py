"""Add entries to a YAML list in a file without rewriting a byte of what is already there.

Collecting again must never change what the drafters wrote (dispositions, responses, their YAML
comments and layout), so new entries are appended as text at the end of the list, and the result
is read back before it is written: when the file's shape does not allow that, nothing is written.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

import yaml

from accord import datafile

try:  # libyaml writes a thousand entries in a blink; the pure-Python dumper writes the same text.
    from yaml import CSafeDumper as _SafeDumper
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeDumper as _SafeDumper


class _Dumper(_SafeDumper):
    """Multi-line text as a literal block (``|``), which drafters read and edit easily; the empty
    text as ``""``."""


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else '"' if not value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text)


def entries_text(entries: list[dict[str, object]], indent: str) -> str:
    """List items, ``indent`` before each dash, a blank line between two items."""
    dumped = yaml.dump(entries, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)
    lines = []
    for number, line in enumerate(dumped.splitlines(keepends=True)):
        if number and line.startswith("- "):
            lines.append("\n")  # a new item: only items start at the margin, their fields are indented
        lines.append(indent + line if line.strip() else line)
    return "".join(lines)


class NotAppendable(Exception):
    """The file cannot take new entries as text; the message says why, for CONS008."""


def _item_indent(lines: list[str], start: int, default: str) -> str:
    for line in lines[start:]:
        found = re.match(r"^( *)- ", line)
        if found:
            return found[1]
    return default


def appended(text: str, entries: list[dict[str, object]], *, key: str | None) -> str:
    """``text`` with ``entries`` added to its list: the top-level list when ``key`` is None, else
    the block list under the top-level ``key:``, which must be the file's last top-level key."""
    if not entries:
        return text
    lines = text.splitlines(keepends=True)
    if key is None:
        indent = ""
    else:
        heading = re.compile(rf"^{re.escape(key)}:[ \t]*(?:\[\s*\][ \t]*)?(?:#.*)?$")
        at = next((i for i, line in enumerate(lines) if heading.match(line.rstrip("\r\n"))), None)
        if at is None:
            raise NotAppendable(f"no '{key}:' line at the start of a line, in block style")
        if any(re.match(r"^[^\s#-]", line) for line in lines[at + 1 :]):
            raise NotAppendable(f"'{key}:' must be the last field of the file")
        lines[at] = f"{key}:\n"  # an empty flow list `[]` becomes a block list
        indent = _item_indent(lines, at + 1, "  ")
    body = "".join(lines)
    if body and not body.endswith("\n"):
        body += "\n"
    # A blank line between entries, as people write these files; none right under the key.
    start = "" if body.endswith((":\n", "\n\n")) or not body else "\n"
    return body + start + entries_text(entries, indent)


def checked(path: str, old: object, new_text: str, *, key: str | None, added: int) -> None:
    """Raise NotAppendable unless ``new_text`` reads back as ``old``'s entries plus ``added`` more."""
    # The file as it was passed accord.datafile's bounds; what is added is plain data.
    try:
        data = yaml.load(new_text, Loader=datafile.Loader)
    except yaml.YAMLError as error:
        raise NotAppendable(f"the result would not be valid YAML: {error}") from None

    def items(data: object) -> list:
        found = data.get(key) if key is not None and isinstance(data, dict) else data
        return found if isinstance(found, list) else []

    before, after = items(old), items(data)
    if after[: len(before)] != before or len(after) != len(before) + added:
        raise NotAppendable("the new entries would not read back as added to the list")


def write(path: Path, text: str) -> None:
    """Write ``text`` at once: a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            out.write(text)
        Path(temporary).replace(path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
