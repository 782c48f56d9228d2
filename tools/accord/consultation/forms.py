"""GitHub issue forms: the fields a form asks for, and the values of an issue it opened.

GitHub renders a submitted form as markdown, one section per field in the form's order::

    ### Paragraph

    4

    ### Name

    _No response_

    ### Publishing your name

    - [X] You may publish my name with my comment ...

The heading is the field's *label*, not its id, so the labels are read from the repository's own
form (a coalition may translate them) and fall back to Accord's. Inputs and dropdowns are one
line; a textarea may hold anything, a ``### Name`` line included, so the sections before the
first textarea are found from the start and those after it from the end.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

NO_RESPONSE = "_No response_"
_CHECKBOX = re.compile(r"^\s*-\s+\[(?P<mark>[ xX])\]\s+(?P<label>.*)$")


@dataclass(frozen=True)
class Field:
    id: str
    label: str
    type: str  # input, textarea, dropdown, checkboxes
    options: tuple[str, ...] = ()


#: Accord's comment form (.github/ISSUE_TEMPLATE/comment.yml), for a repository without one.
COMMENT_FORM: tuple[Field, ...] = (
    Field("document", "Document", "input"),
    Field("version", "Version", "input"),
    Field("paragraph", "Paragraph", "input"),
    Field("comment", "Comment", "textarea"),
    Field("name", "Name", "input"),
    Field("organisation", "Organisation", "input"),
    Field("consent", "Publishing your name", "checkboxes"),
)

#: Accord's sign-on form (.github/ISSUE_TEMPLATE/sign-on.yml).
SIGN_ON_FORM: tuple[Field, ...] = (
    Field("document", "Statement", "input"),
    Field("version", "Version", "input"),
    Field("organisation", "Organisation", "input"),
    Field("country", "Country", "input"),
    Field("kind", "Kind of organisation", "dropdown"),
    Field("website", "Website", "input"),
    Field("authority", "Confirmation", "checkboxes"),
)


def read_form(path: Path, default: tuple[Field, ...]) -> tuple[Field, ...]:
    """The fields of the issue form at ``path``; ``default`` when it is missing or unreadable, or
    lacks a field that ``default`` has (collection needs every one of them)."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        fields = tuple(
            Field(
                str(item["id"]),
                str(item["attributes"]["label"]),
                str(item["type"]),
                tuple(
                    str(o["label"] if isinstance(o, dict) else o)
                    for o in item["attributes"].get("options", ())
                ),
            )
            for item in data["body"]
            if isinstance(item, dict) and item.get("id") and item.get("type") != "markdown"
        )
    except (OSError, yaml.YAMLError, KeyError, TypeError, AttributeError):
        return default
    if not {f.id for f in default} <= {f.id for f in fields}:
        return default
    return fields


@dataclass(frozen=True)
class Checkbox:
    checked: bool
    label: str


Value = str | tuple[Checkbox, ...] | None


def _value(field: Field, text: str) -> Value:
    text = text.strip("\n")
    if text.strip() == NO_RESPONSE or not text.strip():
        return None
    if field.type == "checkboxes":
        boxes = [_CHECKBOX.match(line) for line in text.splitlines()]
        return tuple(Checkbox(m["mark"] in "xX", m["label"].strip()) for m in boxes if m)
    if field.type == "textarea":
        return text.strip()
    return " ".join(text.split())


def parse(body: str | None, form: tuple[Field, ...]) -> dict[str, Value]:
    """The value of each field of ``form`` in an issue body: its text, the checkboxes of a
    checkboxes field, or None for ``_No response_``; a field whose heading is missing (the issue
    was not opened with the form, or its body was edited) is absent from the result."""
    text = (body or "").replace("\r\n", "\n").replace("\r", "\n")
    text = "\n" + text + "\n"
    textarea = next((i for i, f in enumerate(form) if f.type == "textarea"), len(form))
    starts: dict[int, tuple[int, int]] = {}  # field index -> (start of heading, start of value)
    position = 0
    for index, field in enumerate(form[: textarea + 1]):
        heading = f"\n### {field.label}\n"
        found = text.find(heading, position)
        if found >= 0:
            starts[index] = (found, found + len(heading))
            position = found + len(heading)
    end = len(text)
    for index in range(len(form) - 1, textarea, -1):
        heading = f"\n### {form[index].label}\n"
        found = text.rfind(heading, position, end)
        if found >= 0:
            starts[index] = (found, found + len(heading))
            end = found
    values: dict[str, Value] = {}
    ordered = sorted(starts.items(), key=lambda item: item[1][0])
    for number, (index, (_, value_start)) in enumerate(ordered):
        value_end = ordered[number + 1][1][0] if number + 1 < len(ordered) else len(text)
        values[form[index].id] = _value(form[index], text[value_start:value_end])
    return values


def checked(value: Value) -> bool:
    """True when a checkboxes field has every box ticked (False for no boxes)."""
    return isinstance(value, tuple) and bool(value) and all(box.checked for box in value)


def text(value: Value) -> str:
    """A field's text, "" for no response (or checkboxes)."""
    return value if isinstance(value, str) else ""
