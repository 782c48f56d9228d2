"""Read a ``{crosswalk}`` block: a statement's principles mapped to those of other frameworks.

The block's body is YAML with two fields::

    frameworks:                      # the matrix's columns, in order: bibliography key -> label
      coe2011principles: Council of Europe (2011)
      oecd2011communique: OECD (2011)
    principles:                      # our principle number -> framework key -> its principle
      1:
        coe2011principles: Human rights, democracy and the rule of law
      11:
        oecd2011communique:          # several principles of one framework: a list
          - Multi-stakeholder co-operation in policy development
          - Transparency, fair process and accountability

A framework's principle is written as that framework numbers or heads it (a number or a heading).
This module only reads the shape; accord.checks.crosswalk checks the keys against the bibliography
and the numbers against the statement's principles, and the Sphinx extension draws the matrix.
Positions are 0-based lines and 1-based columns within the body.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from accord import datafile, yamlbounds

FIELDS = ("frameworks", "principles")
_SHAPE_HINT = (
    "write 'frameworks:' (bibliography key: column label) and 'principles:' "
    "(principle number: framework key: its principle number or heading)"
)


@dataclass(frozen=True)
class Problem:
    code: str
    line: int  # 0-based, within the body
    column: int  # 1-based
    detail: str
    hint: str | None = None


@dataclass(frozen=True)
class Cell:
    """One framework's principles mapped to one of ours, and where the mapping is written."""

    principle: int
    key: str
    refs: tuple[str, ...]
    line: int
    column: int


@dataclass
class Crosswalk:
    frameworks: list[tuple[str, str]] = field(default_factory=list)  # (key, label), column order
    cells: list[Cell] = field(default_factory=list)
    #: Where each framework key and each principle number is written, for diagnostics.
    framework_at: dict[str, tuple[int, int]] = field(default_factory=dict)
    principle_at: dict[int, tuple[int, int]] = field(default_factory=dict)

    def as_data(self) -> dict[str, Any]:
        """Plain data for the Sphinx domain: columns, and principle -> key -> refs."""
        rows: dict[str, dict[str, list[str]]] = {}
        for cell in self.cells:
            rows.setdefault(str(cell.principle), {})[cell.key] = list(cell.refs)
        return {"frameworks": [list(pair) for pair in self.frameworks], "rows": rows}


def _at(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line, node.start_mark.column + 1


def _scalar(node: yaml.Node) -> str | None:
    return node.value if isinstance(node, yaml.ScalarNode) else None


def _pairs(node: yaml.MappingNode, what: str, problems: list[Problem]) -> list[tuple[yaml.Node, yaml.Node]]:
    """The key/value pairs of a mapping; a key written twice is a problem, the first one counts."""
    seen: set[str] = set()
    pairs = []
    for key, value in node.value:
        name = _scalar(key)
        if name is None:
            problems.append(Problem("META040", *_at(key), f"a key of {what} must be plain text"))
            continue
        if name in seen:
            problems.append(
                Problem("META040", *_at(key), f"{name!r} appears twice in {what}", "remove one of the two")
            )
            continue
        seen.add(name)
        pairs.append((key, value))
    return pairs


def parse(body: str) -> tuple[Crosswalk, list[Problem]]:
    """The crosswalk in ``body``, as much of it as is well formed, and the problems found."""
    problems: list[Problem] = []
    result = Crosswalk()
    try:
        root = datafile.compose(body)
    except yamlbounds.Refused as error:
        return result, [Problem(error.code, error.line, error.column, error.detail, error.hint)]
    except (yaml.YAMLError, RecursionError) as error:
        mark = getattr(error, "problem_mark", None)
        where = (mark.line, mark.column + 1) if mark else (0, 1)
        problem = getattr(error, "problem", None) or str(error)
        return result, [Problem("META040", *where, f"not valid YAML: {problem}", _SHAPE_HINT)]
    if not isinstance(root, yaml.MappingNode):
        return result, [
            Problem("META040", *(_at(root) if root else (0, 1)), "the body is empty", _SHAPE_HINT)
        ]
    parts: dict[str, yaml.Node] = {}
    for key, value in _pairs(root, "the crosswalk", problems):
        if key.value not in FIELDS:
            problems.append(Problem("META040", *_at(key), f"unknown field {key.value!r}", _SHAPE_HINT))
        else:
            parts[key.value] = value
    for name in FIELDS:
        if name not in parts:
            problems.append(Problem("META040", *_at(root), f"the field {name!r} is missing", _SHAPE_HINT))
    if "frameworks" in parts:
        _frameworks(parts["frameworks"], result, problems)
    if "principles" in parts:
        _principles(parts["principles"], result, problems)
    return result, problems


def _frameworks(node: yaml.Node, result: Crosswalk, problems: list[Problem]) -> None:
    if not isinstance(node, yaml.MappingNode):
        problems.append(
            Problem(
                "META040",
                *_at(node),
                "'frameworks' must map bibliography keys to column labels",
                "write one 'key: label' per line, indented under 'frameworks:'",
            )
        )
        return
    for key, value in _pairs(node, "'frameworks'", problems):
        label = _scalar(value)
        if label is None or not label.strip() or value.tag.endswith(":null"):
            problems.append(
                Problem(
                    "META040",
                    *_at(value),
                    f"the column label of {key.value!r} must be text",
                    "give a short name, such as 'Council of Europe (2011)'",
                )
            )
            continue
        result.frameworks.append((key.value, " ".join(label.split())))
        result.framework_at[key.value] = _at(key)


def _principles(node: yaml.Node, result: Crosswalk, problems: list[Problem]) -> None:
    if not isinstance(node, yaml.MappingNode):
        problems.append(
            Problem(
                "META040", *_at(node), "'principles' must map principle numbers to frameworks", _SHAPE_HINT
            )
        )
        return
    for key, value in _pairs(node, "'principles'", problems):
        if not key.value.isdigit() or int(key.value) < 1:
            problems.append(
                Problem(
                    "META040",
                    *_at(key),
                    f"a principle must be given by its number: {key.value!r}",
                    "write the number of the principle's heading, such as 3 for '### 3. Privacy'",
                )
            )
            continue
        number = int(key.value)
        result.principle_at[number] = _at(key)
        if not isinstance(value, yaml.MappingNode):
            problems.append(
                Problem(
                    "META040",
                    *_at(value),
                    f"principle {number} must map framework keys to their principles",
                    "indent one 'key: principle number or heading' per line under the number",
                )
            )
            continue
        for framework, refs in _pairs(value, f"principle {number}", problems):
            found = _refs(refs)
            if found is None:
                problems.append(
                    Problem(
                        "META042",
                        *_at(refs),
                        f"{framework.value!r} under principle {number}",
                        "write the framework's principle number or heading, or remove the line",
                    )
                )
                continue
            result.cells.append(Cell(number, framework.value, found, *_at(framework)))


def _refs(node: yaml.Node) -> tuple[str, ...] | None:
    """A framework's principles: one text or a list of texts, none of them empty; else None."""
    items = node.value if isinstance(node, yaml.SequenceNode) else [node]
    texts = []
    for item in items:
        text = _scalar(item)
        if text is None or item.tag.endswith(":null") or not text.strip():
            return None
        texts.append(" ".join(text.split()))
    return tuple(texts) or None
