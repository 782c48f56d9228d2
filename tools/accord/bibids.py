"""Identifiers in bibliography fields: DOIs (short ones included) and ISBNs (several per field).

One grammar for the check (BIB006, BIB008, BIB004) and the online check, which visits DOIs.
"""

from __future__ import annotations

import re

#: A DOI (10.prefix/suffix) or a short DOI (10/abc12), as doi.org resolves both.
DOI = re.compile(r"^10(\.\d{4,9})?/\S+$")
_DOI_PREFIX = re.compile(r"^(https?://(dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
_ISBN_LABEL = re.compile(r"\bISBN(-1[03])?\s*:?", re.IGNORECASE)


def is_doi(value: str) -> bool:
    return bool(DOI.match(value.strip()))


def normal_doi(doi: str) -> str:
    """The bare DOI, lowercase: DOIs are case-insensitive."""
    return _DOI_PREFIX.sub("", doi.strip()).lower()


def isbns(value: str) -> list[str]:
    """The ISBNs a field holds, as written: Zotero writes print and e-book numbers side by side
    ('978-3-642-22091-3 978-3-642-22092-0'), others separate them with commas or semicolons, or
    prefix each with 'ISBN'. A number written in space-separated groups stays one number."""
    text = _ISBN_LABEL.sub(" ", value)
    found: list[str] = []
    for piece in re.split(r"[,;]", text):
        if not piece.strip():
            continue
        if len(_digits(piece)) in (10, 13):
            found.append(piece.strip())
        else:
            found.extend(piece.split())
    return found


def _digits(text: str) -> str:
    return re.sub(r"[\s-]", "", text).upper()


def valid_isbn(value: str) -> bool:
    """One ISBN-10 or ISBN-13 with its check digit right."""
    digits = _digits(value)
    if re.fullmatch(r"\d{9}[\dX]", digits):
        total = sum((10 - i) * (10 if c == "X" else int(c)) for i, c in enumerate(digits))
        return total % 11 == 0
    if re.fullmatch(r"\d{13}", digits):
        total = sum(int(c) * (1 if i % 2 == 0 else 3) for i, c in enumerate(digits))
        return total % 10 == 0
    return False
