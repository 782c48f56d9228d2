"""What volunteers read: the pull-request template asks what they can answer, and CONTRIBUTING.md
links to the sample papers as examples of each kind (links that ``accord init`` removes with them)."""

from __future__ import annotations

import re
from pathlib import Path

from accord import adopt
from tests.conftest import SAMPLE

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / ".github" / "pull_request_template.md"
_LINK = re.compile(r"\]\(([^)#\s]+)\)")


def _samples_block(text: str) -> str:
    start, end = text.index(adopt.SAMPLES_START), text.index(adopt.SAMPLES_END)
    return text[start:end]


def test_the_pull_request_template_asks_what_a_volunteer_can_answer() -> None:
    text = TEMPLATE.read_text(encoding="utf-8")
    headings = re.findall(r"^### (.+)$", text, re.MULTILINE)
    assert headings[:3] == [
        "What changes, and why",
        "Which documents",
        "Where the text stands in the coalition's process",
    ]
    assert "consultation" in text and "Adopted" in text
    # Nothing that needs a command or a judgement about the tooling: the workflows do that.
    for asked in ("accord ", "tests pass", "I ran", "- [ ]", "workflow is green"):
        assert asked not in text, asked


def test_contributing_links_an_example_of_each_kind_and_stage() -> None:
    block = _samples_block((ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8"))
    links = _LINK.findall(block)
    assert {Path(link).parts[0] for link in links} >= {"positions", "principles"}
    # The sample papers it links are the template's (frozen under tests/fixtures/sample), so that a
    # coalition that deletes its copies still has a passing test suite.
    for link in links:
        assert (SAMPLE / link).is_file(), link
    for stage in ("adopted", "consultation", "superseded", "draft"):
        assert stage in block, stage


def test_init_removes_the_links_with_the_samples(tmp_path: Path) -> None:
    for relative, origin in (("CONTRIBUTING.md", ROOT), ("positions/igf-policy-options.md", SAMPLE)):
        (tmp_path / relative).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / relative).write_bytes((origin / relative).read_bytes())
    (tmp_path / "references.bib").write_text("", encoding="utf-8")
    adopt.remove_samples(tmp_path)
    text = (tmp_path / "CONTRIBUTING.md").read_text(encoding="utf-8")
    assert adopt.SAMPLES_START not in text and "positions/igf-policy-options.md)" not in text
    assert "accord new KIND" in text
    assert "## What is where" in text and "Every paper is a single text file" in text
