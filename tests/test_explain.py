"""``accord explain``: every code has a wrong and a fixed example, and a pointer into the
documentation that leads to a real section."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from accord import explain
from accord.catalogue import CODES
from accord.fixes import FIXED

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("code", list(CODES))
def test_every_code_has_a_wrong_and_a_fixed_example(code: str) -> None:
    assert CODES[code].example.strip()
    assert FIXED.get(code, "").strip(), f"{code}: add its fixed example to accord/fixes.py"
    assert FIXED[code] != CODES[code].example


def test_no_fixed_example_without_a_code() -> None:
    assert set(FIXED) <= set(CODES)


def _anchors(path: Path) -> set[str]:
    found, fenced = set(), False
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith(("```", "~~~")):
            fenced = not fenced
        if not fenced and (match := re.match(r"^#{1,4} (.+)$", line)):
            found.add(explain.anchor(match[1]))
    return found


@pytest.mark.parametrize("code", list(CODES))
def test_the_pointer_leads_to_a_section(code: str) -> None:
    where = explain.more(code, ROOT)
    assert where is not None, code
    target = where.split(" ", 1)[0]
    name, _, fragment = target.partition("#")
    assert (ROOT / name).is_file()
    if fragment:
        assert fragment in _anchors(ROOT / name), where


def test_a_code_in_an_output_example_is_not_its_explanation() -> None:
    # CONTRIBUTING's 'Reading the check results' quotes a CITE001 line in a code block.
    assert explain.more("XREF009", ROOT).startswith("CONTRIBUTING.md#numbered-paragraphs-and-principles")


def test_anchors_are_githubs() -> None:
    assert explain.anchor("The front matter: the box of facts at the top") == (
        "the-front-matter-the-box-of-facts-at-the-top"
    )
    assert explain.anchor("Editions (`accord release`, `accord edition ...`)") == (
        "editions-accord-release-accord-edition-"
    )
