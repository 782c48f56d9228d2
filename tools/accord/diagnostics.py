"""The Diagnostic type that every check yields and every reporter prints."""

from __future__ import annotations

import reprlib
from dataclasses import dataclass, field

from accord.catalogue import CODES


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One finding at one place: ``path:line:col: CODE message``.

    ``path`` is relative to the repository root with forward slashes; ``line`` and ``column`` are
    1-based. The message states the rule, then the offending value; ``hint`` says how to fix it.
    """

    path: str
    line: int
    column: int
    code: str
    message: str
    severity: str = field(default="error", compare=False)
    hint: str | None = field(default=None, compare=False)

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def as_dict(self) -> dict[str, object]:
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
            "hint": self.hint,
        }


#: How much of an offending value a message quotes: enough to find it, never a page of text.
QUOTE_LIMIT = 200

# reprlib stops at these sizes without building the rest, so even a huge shared structure is
# quoted at once.
_QUOTE = reprlib.Repr()
_QUOTE.maxlevel = 3
_QUOTE.maxdict = _QUOTE.maxlist = _QUOTE.maxtuple = _QUOTE.maxset = 8
_QUOTE.maxstring = _QUOTE.maxother = 120


def quote(value: object) -> str:
    """``repr(value)``, cut short when it is long."""
    return _cut(_QUOTE.repr(value))


def _cut(text: str) -> str:
    return text if len(text) <= QUOTE_LIMIT else text[: QUOTE_LIMIT - 3] + "..."


def make(
    code: str,
    path: str,
    line: int,
    column: int = 1,
    value: object = None,
    *,
    hint: str | None = None,
    detail: str | None = None,
) -> Diagnostic:
    """Build a diagnostic whose message is the catalogue rule, then ``detail`` or ``value``.

    ``value`` is quoted with ``repr`` so that odd characters and empty strings stay visible; a long
    value or detail is cut short (QUOTE_LIMIT).
    """
    entry = CODES[code]
    message = entry.rule
    if detail is not None:
        message = f"{message}: {_cut(detail)}"
    elif value is not None:
        message = f"{message}: {quote(value)}"
    return Diagnostic(
        path=path,
        line=max(line, 1),
        column=max(column, 1),
        code=code,
        message=message,
        severity=entry.severity,
        hint=hint,
    )
