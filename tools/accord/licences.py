"""The licence of a repository's texts: an SPDX licence expression, checked against the SPDX list.

The list is the one the ``license-expression`` library ships (SPDX's own licence list), so that
``CC-BY-4.0``, ``CC-BY-SA-4.0 OR MIT`` and ``LicenseRef-`` ids are judged as SPDX judges them.
"""

from __future__ import annotations

import difflib
import importlib.util
import json
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from license_expression import Licensing

#: Where the library keeps SPDX's index, in its package (its ``vendored_scancode_licensedb_index_location``).
_INDEX = ("data", "scancode-licensedb-index.json")

#: The licence of the template's sample texts, proposed by `accord init`.
DEFAULT = "CC-BY-4.0"


@cache
def _licensing() -> Licensing:
    from license_expression import get_spdx_licensing

    return get_spdx_licensing()


@cache
def _spdx_ids() -> frozenset[str]:
    """The SPDX ids as SPDX spells them, from the library's index: a plain id is judged without
    building the expression parser (a third of a pre-commit check of one file)."""
    from license_expression import get_license_index

    # Not the other keys: the parser reads those as aliases and asks for the id ("GPL-2.0-only").
    return frozenset(
        entry["spdx_license_key"]
        for entry in get_license_index()
        if entry.get("spdx_license_key") and not entry.get("is_exception")
    )


@cache
def _index_text() -> str:
    """The index's text, found without running the library's package: importing it builds its
    expression machinery, 26 million instructions, 3 % of a pre-commit check of one file."""
    spec = importlib.util.find_spec("license_expression")
    if spec is not None and spec.origin is not None:
        index = Path(spec.origin).parent.joinpath(*_INDEX)
        if index.is_file():
            return index.read_text(encoding="utf-8")
    import license_expression  # laid out otherwise: the library says where

    return Path(license_expression.vendored_scancode_licensedb_index_location).read_text(encoding="utf-8")


def _spelt_id(value: str) -> bool:
    """Whether ``value`` is in ``_spdx_ids()``, found by its entry in the index's text: parsing
    the whole index (a megabyte of JSON) is most of a pre-commit check's reading of the settings.
    An index written otherwise finds nothing here, and the caller's full validation decides."""
    text = _index_text()
    needle = f'"spdx_license_key": {json.dumps(value)},'
    at = text.find(needle)
    while at != -1:
        start, end = text.rfind("{", 0, at), text.find("}", at)
        try:
            entry = json.loads(text[start : end + 1])
        except ValueError:
            return value in _spdx_ids()
        if (
            isinstance(entry, dict)
            and entry.get("spdx_license_key") == value
            and not entry.get("is_exception")
        ):
            return True
        at = text.find(needle, at + 1)
    return False


def _suggestion(value: str) -> str:
    keys = [str(key) for key in _licensing().known_symbols]
    found = difflib.get_close_matches(value, keys, n=1, cutoff=0.75)
    if not found:
        found = difflib.get_close_matches(value.lower(), [key.lower() for key in keys], n=1, cutoff=0.75)
        found = [next(key for key in keys if key.lower() == found[0])] if found else []
    return f"did you mean {found[0]!r}? " if found else ""


def problem(value: str) -> tuple[str, str] | None:
    """(what is wrong, hint) when ``value`` is not an SPDX expression as SPDX spells it; else None."""
    hint_list = "see https://spdx.org/licenses/ (for example 'CC-BY-4.0' or 'CC-BY-SA-4.0')"
    if not value.strip():
        return f"an empty licence: {value!r}", f"write an SPDX id, {hint_list}"
    if _spelt_id(value):
        return None
    info = _licensing().validate(value, strict=True)
    if info.errors or info.invalid_symbols:
        unknown = ", ".join(map(repr, info.invalid_symbols)) or repr(value)
        return f"unknown SPDX licence {unknown}", _suggestion(value.strip()) + hint_list
    if info.normalized_expression != value:
        # SPDX ids are matched without regard to case, but printed as the list spells them.
        return f"{value!r} is not spelt as SPDX spells it", f"write {info.normalized_expression!r}"
    return None


def names(value: str) -> tuple[str, ...]:
    """The licence ids of a valid expression, in order: 'CC-BY-SA-4.0 OR MIT' -> both."""
    if _spelt_id(value):  # one id as SPDX spells it: no parser to build
        return (value,)
    from license_expression import ExpressionError

    try:
        return tuple(str(key) for key in _licensing().license_keys(_licensing().parse(value)))
    except ExpressionError:
        return ()
