"""The Diagnostic type that every check yields and every reporter prints."""

from __future__ import annotations

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

    ``value`` is quoted with ``repr`` so that odd characters and empty strings stay visible.
    """
    entry = CODES[code]
    message = entry.rule
    if detail is not None:
        message = f"{message}: {detail}"
    elif value is not None:
        message = f"{message}: {value!r}"
    return Diagnostic(
        path=path,
        line=max(line, 1),
        column=max(column, 1),
        code=code,
        message=message,
        severity=entry.severity,
        hint=hint,
    )
