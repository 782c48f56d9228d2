"""Messages a non-programmer can act on: one cause gives one error, and each hint names the
actual problem (issue 12)."""

from __future__ import annotations

import ast
import re

import pytest

from accord import checks, codeowners, corpus
from tests.conftest import CITING_BODY, REPO, TODAY, Repo
from tests.test_endorsements import CONSULTATION, VALID


def _found(repo: Repo) -> list[tuple[str, str, int]]:
    return [(d.path, d.code, d.line) for d in checks.run(corpus.load(repo.root), today=TODAY)]


def test_a_tab_in_the_front_matter_is_one_error_with_a_tab_hint(repo: Repo, accord) -> None:
    path = repo.doc("positions/paper.md", authors="\n  - name: A\n    github: example-editor", **CONSULTATION)
    repo.write("endorsements/paper.yaml", VALID)
    assert accord("codeowners", str(repo.root)).code == 0
    assert "/positions/paper.md @example-editor" in (repo.root / codeowners.PATH).read_text(encoding="utf-8")
    assert _found(repo) == []
    text = path.read_text(encoding="utf-8").replace("\n  - name: A", "\n\t- name: A")
    path.write_text(text, encoding="utf-8")
    found = checks.run(corpus.load(repo.root), today=TODAY)
    # Not META031 (delete the document's CODEOWNERS line) nor META063 (it cannot be endorsed).
    assert [(d.path, d.code, d.line, d.column) for d in found] == [("positions/paper.md", "META002", 5, 1)]
    assert found[0].hint.startswith("indent with spaces, not tabs")
    assert "a tab" in found[0].message


def test_a_tab_in_an_endorsements_file_gets_the_tab_hint(repo: Repo) -> None:
    repo.doc("positions/paper.md", **CONSULTATION)
    repo.write("endorsements/paper.yaml", VALID.replace("  country: KE", "\tcountry: KE"))
    [found] = checks.run(corpus.load(repo.root), today=TODAY)
    assert (found.code, found.line) == ("META060", 2)
    assert found.hint.startswith("indent with spaces, not tabs")


def test_a_colon_still_gets_the_quoting_hint(repo: Repo) -> None:
    repo.doc("positions/paper.md", title="Open: and: closed")
    [found] = checks.run(corpus.load(repo.root), today=TODAY)
    assert found.code == "META002"
    assert "quote values" in found.hint


@pytest.mark.parametrize("status", ["drafft", None], ids=["misspelt", "missing"])
def test_an_unknown_status_does_not_ask_to_remove_the_endorsements(repo: Repo, status: str | None) -> None:
    repo.doc("positions/paper.md", status=status)
    repo.write("endorsements/paper.yaml", VALID)
    found = checks.run(corpus.load(repo.root), today=TODAY)
    assert [d.path for d in found] == ["positions/paper.md"]  # the status, reported in the document
    assert not any("remove the file" in (d.hint or "") for d in found)


def test_a_document_renamed_to_its_slug_and_its_endorsements_agree(repo: Repo) -> None:
    repo.doc("positions/IGF_Policy.md", **CONSULTATION)
    repo.write("endorsements/igf-policy.yaml", VALID)
    repo.write("endorsements/igf-polcy.yaml", VALID)
    found = {d.path: d for d in checks.run(corpus.load(repo.root), today=TODAY)}
    assert found["positions/IGF_Policy.md"].code == "META020"
    assert found["positions/IGF_Policy.md"].hint == "rename the file to igf-policy.md"
    # The file already named after the slug is not told to take the old name (no second rename).
    assert "endorsements/igf-policy.yaml" not in found
    assert found["endorsements/igf-polcy.yaml"].hint == "rename it to endorsements/igf-policy.yaml"


def test_the_endorsements_of_a_document_to_be_renamed_are_still_checked(repo: Repo) -> None:
    repo.doc("positions/IGF_Policy.md", **CONSULTATION)
    repo.write("endorsements/igf-policy.yaml", VALID.replace("country: BR", "country: XX"))
    assert ("endorsements/igf-policy.yaml", "META065", 6) in _found(repo)


@pytest.mark.parametrize(
    ("written", "said"),
    [
        ("2026-11-31", "date: 2026-11-31 does not exist (November 2026 has 30 days)"),
        ("2025-02-29", "date: 2025-02-29 does not exist (February 2025 has 28 days)"),
        ("2026-13-01", "date: 2026-13-01 has no month 13"),
    ],
)
def test_a_day_that_does_not_exist_is_named(repo: Repo, written: str, said: str) -> None:
    repo.doc("positions/paper.md", date=written)
    [found] = checks.run(corpus.load(repo.root), today=TODAY)
    assert found.code == "META009"
    assert said in found.message
    assert found.hint == "check the day and month"


def test_a_leap_day_is_a_day(repo: Repo) -> None:
    repo.doc("positions/paper.md", date="2024-02-29")
    assert _found(repo) == []


def test_an_endorsement_on_a_day_that_does_not_exist(repo: Repo) -> None:
    repo.doc("positions/paper.md", **CONSULTATION)
    repo.write("endorsements/paper.yaml", VALID.replace("2026-11-16", "2026-11-31"))
    [found] = checks.run(corpus.load(repo.root), today=TODAY)
    assert found.code == "META061"
    assert "2026-11-31 does not exist (November 2026 has 30 days)" in found.message


def test_a_top_heading_is_reported_at_its_line(repo: Repo) -> None:
    repo.doc("positions/paper.md", body="\n# A sample draft\n" + CITING_BODY + "\nUnderlined\n==========\n")
    found = checks.run(corpus.load(repo.root), today=TODAY)
    assert [(d.code, d.line, d.column) for d in found] == [("META037", 9, 1), ("META037", 15, 1)]
    assert found[0].message.endswith("'A sample draft'")
    assert "start sections with '##'" in found[0].hint


def test_headings_below_the_top_and_inside_blocks_are_fine(repo: Repo) -> None:
    body = (
        CITING_BODY + "\n### Sub\n\n```text\n# a comment\n```\n\n:::{note}\n# In a note\n:::\n\n> # quoted\n"
    )
    repo.doc("positions/paper.md", body=body)
    assert _found(repo) == []


def test_a_page_without_a_title_field_may_have_a_top_heading(repo: Repo) -> None:
    repo.doc("positions/paper.md", body="\n## Section\n\nText.\n")
    (repo.root / "index.md").write_text("# Welcome\n\nText.\n", encoding="utf-8")
    assert [d for d in checks.run(corpus.load(repo.root), today=TODAY) if d.code == "META037"] == []


def _roles_in_hints() -> dict[str, str]:
    """Each `{role}` a hint names (hint= arguments and *HINT constants), with where it is."""
    found: dict[str, str] = {}
    for path in sorted((REPO / "tools" / "accord").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            values = [node.value] if isinstance(node, ast.keyword) and node.arg == "hint" else []
            if isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id.upper().endswith("HINT") for t in node.targets
            ):
                values.append(node.value)
            for value in values:
                for constant in ast.walk(value):
                    if isinstance(constant, ast.Constant) and isinstance(constant.value, str):
                        for role in re.findall(r"\{[a-z][a-z:-]*\}", constant.value):
                            found.setdefault(role, f"{path.relative_to(REPO)}:{constant.lineno}")
    return found


def test_every_role_a_hint_suggests_is_documented_for_editors() -> None:
    roles = _roles_in_hints()
    assert "{doc}" in roles  # the scan finds what it looks for
    guide = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    # Documented means shown in use (`` {role}`...` ``, a ```{role} block), not only mentioned in
    # passing.
    missing = {
        role: where
        for role, where in roles.items()
        if not any(form in guide for form in (f"`` {role}`", f"```{role}", f":::{role}", f"A `{role}` "))
    }
    assert missing == {}
