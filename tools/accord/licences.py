"""The licence of a repository's texts: an SPDX licence expression, checked against the SPDX list.

The list is the one the ``license-expression`` library ships (SPDX's own licence list), so that
``CC-BY-4.0``, ``CC-BY-SA-4.0 OR MIT`` and ``LicenseRef-`` ids are judged as SPDX judges them.
"""

from __future__ import annotations

import difflib
from functools import cache

from license_expression import ExpressionError, Licensing, get_license_index, get_spdx_licensing

#: The licence of the template's sample texts, proposed by `accord init`.
DEFAULT = "CC-BY-4.0"


@cache
def _licensing() -> Licensing:
    return get_spdx_licensing()


@cache
def _spdx_ids() -> frozenset[str]:
    """The SPDX ids as SPDX spells them, from the library's index: a plain id is judged without
    building the expression parser (a third of a pre-commit check of one file)."""
    # Not the other keys: the parser reads those as aliases and asks for the id ("GPL-2.0-only").
    return frozenset(
        entry["spdx_license_key"]
        for entry in get_license_index()
        if entry.get("spdx_license_key") and not entry.get("is_exception")
    )


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
    if value in _spdx_ids():
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
    if value in _spdx_ids():  # one id as SPDX spells it: no parser to build
        return (value,)
    try:
        return tuple(str(key) for key in _licensing().license_keys(_licensing().parse(value)))
    except ExpressionError:
        return ()
