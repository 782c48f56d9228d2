"""``accord new``: a new document with front matter that passes ``accord check`` at once."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from pathlib import Path

import yaml

from accord.vocabulary import DOCUMENT_ID, KINDS, LANDING_PAGE

#: Who a new document is by until the editor names its authors; a valid author, so that the
#: draft passes `accord check` before anyone has edited it.
PLACEHOLDER_AUTHOR = "Working group"

BODY = """
## Summary

What this document says, in a paragraph. Replace this text, the authors above, and add
sections with `##` headings; CONTRIBUTING.md explains the front matter and how to cite.
"""


class NewError(Exception):
    """Why a document cannot be made: the command line prints it as a usage error."""


def slug(title: str) -> str:
    """The document id of a title: 'Données & IA: 2027!' -> 'donnees-ia-2027'."""
    # Accented letters keep their base letter; everything else that is not a letter or digit
    # separates words.
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    return "-".join(re.findall(r"[a-z0-9]+", ascii_title.lower()))


def text(title: str, today: dt.date, organisation: str = "") -> str:
    """The new document: a draft dated today by a placeholder author, and a body to replace."""
    author: dict[str, str] = {"name": PLACEHOLDER_AUTHOR}
    if organisation:
        author["affiliation"] = organisation
    meta = {"title": title, "status": "draft", "authors": [author], "date": today}
    front = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=1000)
    return f"---\n{front}---\n{BODY}"


def create(root: Path, kind: str, title: str, today: dt.date, organisation: str = "") -> Path:
    """Write ``KIND/ID.md`` under ``root``; refuse a kind, title or id that cannot be used."""
    if kind not in KINDS:
        raise NewError(f"unknown kind {kind!r}: use one of {', '.join(KINDS)}")
    title = " ".join(title.split())
    if not title:
        raise NewError("give the document a title")
    name = slug(title)
    if not DOCUMENT_ID.match(name) or name == LANDING_PAGE:
        raise NewError(f"cannot make a document id from {title!r}: use letters or digits in the title")
    taken = [p for k in KINDS if (p := root / k / f"{name}.md").exists()]
    if taken:
        where = taken[0].relative_to(root).as_posix()
        raise NewError(f"a document with the id {name!r} exists already: {where}; choose another title")
    path = root / kind / f"{name}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text(title, today, organisation), encoding="utf-8")
    return path
