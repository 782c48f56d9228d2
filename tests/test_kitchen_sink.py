"""The kitchen-sink repository: every kind of mistake, checked against the exact ordered output
in each format (golden files), and the good/bad example corpora discovered automatically."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from accord import checks, corpus
from tests.conftest import TODAY, Repo, golden

EXAMPLES = Path(__file__).parent / "examples"
KITCHEN_SINK = EXAMPLES / "kitchen-sink"


@pytest.mark.parametrize("fmt", ["text", "json", "github"])
def test_kitchen_sink_output(accord, fmt: str) -> None:
    run = accord("check", str(KITCHEN_SINK), "--format", fmt, "--today", TODAY.isoformat())
    assert run.code == 1
    golden(f"kitchen-sink.{fmt}", run.out)
    assert run.err == "accord: 35 errors, 2 warnings in 8 files (3 documents checked)\n"


def test_kitchen_sink_json_is_the_design_contract(accord) -> None:
    run = accord("check", str(KITCHEN_SINK), "--format", "json", "--today", TODAY.isoformat())
    payload = json.loads(run.out)
    assert payload["status"] == "fail"
    first = payload["diagnostics"][0]
    assert list(first) == ["path", "line", "column", "code", "severity", "message", "hint"]
    codes = [d["code"] for d in payload["diagnostics"]]
    # Every family that an offline check speaks is present in the kitchen sink.
    assert {c[:-3] for c in codes} == {"META", "SAFE", "XREF", "CITE"}


def _examples(kind: str) -> list[Path]:
    return sorted((EXAMPLES / kind).glob("*.md"))


@pytest.mark.parametrize("example", _examples("good"), ids=lambda p: p.stem)
def test_good_examples_pass(repo: Repo, example: Path) -> None:
    shutil.copy(example, repo.root / "positions" / example.name)
    assert checks.run(corpus.load(repo.root), today=TODAY, only={f"positions/{example.name}"}) == []


@pytest.mark.parametrize("example", _examples("bad"), ids=lambda p: p.stem)
def test_bad_examples_fail_with_their_code(repo: Repo, example: Path) -> None:
    """A bad example is named after the one code it must produce, e.g. META007-final.md."""
    expected = example.stem.split("-", 1)[0]
    shutil.copy(example, repo.root / "positions" / "example.md")
    found = checks.run(corpus.load(repo.root), today=TODAY, only={"positions/example.md"})
    assert found, "a bad example must produce a diagnostic"
    assert {d.code for d in found} == {expected}


def test_parallel_checks_give_the_same_findings(monkeypatch: pytest.MonkeyPatch) -> None:
    serial = checks.run(corpus.load(KITCHEN_SINK), today=TODAY)
    monkeypatch.setattr(checks, "PARALLEL_FROM", 1)
    parallel = checks.run(corpus.load(KITCHEN_SINK), today=TODAY)
    assert parallel == serial
    assert [d.hint for d in parallel] == [d.hint for d in serial]
