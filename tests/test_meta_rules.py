"""META rules, one row per case: the document and the diagnostics it must produce (code, line, col)."""

from __future__ import annotations

import pytest

from accord import checks, corpus
from tests.conftest import TODAY, Repo, front


def findings(repo: Repo) -> list[tuple[str, str, int, int]]:
    return [(d.path, d.code, d.line, d.column) for d in checks.run(corpus.load(repo.root), today=TODAY)]


def codes_at(repo: Repo, text: str, path: str = "positions/paper.md") -> list[tuple[str, int, int]]:
    repo.write(path, text)
    return [(code, line, col) for p, code, line, col in findings(repo) if p == path]


CASES = [
    ("valid draft", front(), []),
    ("no front matter", "# Title\n\nText\n", [("META001", 1, 1)]),
    ("unclosed front matter", "---\ntitle: x\nstatus: draft\n\nText\n", [("META001", 1, 1)]),
    ("broken YAML", "---\ntitle: Open: and closed\nstatus: draft\n---\n", [("META002", 2, 12)]),
    ("unclosed bracket", "---\ntitle: x\nauthors: [a\nstatus: draft\n---\n", [("META002", 4, 7)]),
    ("list, not mapping", "---\n- title: x\n---\n", [("META003", 2, 1)]),
    (
        "missing fields",
        "---\ntitle: Only a title\n---\n",
        [("META004", 1, 1), ("META004", 1, 1), ("META004", 1, 1)],
    ),
    ("unknown field", front(stauts="draft"), [("META005", 7, 1)]),
    ("title too long", front(title="x" * 121), [("META006", 2, 8)]),
    ("two-line title", front(title='"one\\ntwo"'), [("META006", 2, 8)]),
    ("unknown status", front(status="final"), [("META007", 3, 9)]),
    (
        "adopted without record",
        front(status="adopted", version="'1.0'"),
        [("META004", 1, 1)],
    ),
    (
        "bad version",
        front(status="adopted", version="v1", adopted="{date: 2026-01-01, by: Assembly}"),
        [("META008", 7, 10)],
    ),
    (
        "version 1.10 read as written",
        front(status="adopted", version="1.10", adopted="{date: 2026-01-01, by: Assembly}"),
        [],
    ),
    ("bad date", front(date="12/03/2011"), [("META009", 6, 7)]),
    ("impossible date", front(date="2026-02-30"), [("META009", 6, 7)]),
    ("future date", front(date="2027-01-01"), [("META025", 6, 7)]),
    ("authors as string", front(authors="Jane Doe"), [("META010", 4, 10)]),
    ("author without name", front(authors="\n  - affiliation: X"), [("META010", 5, 5)]),
    ("author as string item", front(authors="\n  - Jane"), [("META010", 5, 5)]),
    ("bad github handle", front(authors="\n  - name: J\n    github: jane doe"), [("META026", 6, 13)]),
    (
        "consultation closes before it opens",
        front(status="consultation", consultation="\n  opens: 2026-11-20\n  closes: 2026-11-01"),
        [("META011", 9, 11), ("META023", 9, 11)],
    ),
    (
        "consultation missing closes",
        front(status="consultation", consultation="\n  opens: 2026-11-20"),
        [("META011", 8, 3)],
    ),
    (
        "consultation closed, still in consultation",
        front(status="consultation", consultation="\n  opens: 2026-10-01\n  closes: 2026-10-31"),
        [("META023", 9, 11)],
    ),
    ("consultation required", front(status="consultation"), [("META004", 1, 1)]),
    (
        "adopted record not a mapping",
        front(status="adopted", version="'1.0'", adopted="yes"),
        [("META012", 8, 10)],
    ),
    (
        "adopted without body",
        front(status="adopted", version="'1.0'", adopted="{date: 2026-01-01}"),
        [("META012", 8, 10)],
    ),
    (
        "adopted record not a URL",
        front(status="adopted", version="'1.0'", adopted="{date: 2026-01-01, by: A, record: minutes.docx}"),
        [("META024", 8, 44)],
    ),
    ("topics not slugs", front(topics="[Human Rights, privacy]"), [("META016", 7, 10)]),
    ("bad language", front(language="English"), [("META017", 7, 11)]),
    ("summary as list", front(summary="[a, b]"), [("META018", 7, 10)]),
    ("duplicate key", front().replace("date:", "title: again\ndate:"), [("META019", 6, 1)]),
    ("superseded_by on a draft", front(superseded_by="other"), [("META022", 7, 1), ("META013", 7, 16)]),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_rule(repo: Repo, text: str, expected: list[tuple[str, int, int]]) -> None:
    assert codes_at(repo, text) == expected


def test_dangling_superseded_by_suggests_the_closest_id(repo: Repo) -> None:
    repo.doc("positions/igf-outcomes.md")
    repo.doc(
        "positions/old.md",
        status="superseded",
        version="'1.0'",
        adopted="{date: 2025-01-01, by: Assembly}",
        superseded_by="igf-outcome",
    )
    [diagnostic] = checks.run(corpus.load(repo.root), today=TODAY)
    assert (diagnostic.code, diagnostic.line) == ("META013", 9)
    assert diagnostic.hint == "did you mean 'igf-outcomes'?"


def test_supersession_cycle_is_reported_on_every_member(repo: Repo) -> None:
    superseded = {"status": "superseded", "version": "'1.0'", "adopted": "{date: 2025-01-01, by: A}"}
    repo.doc("positions/a.md", superseded_by="b", **superseded)
    repo.doc("positions/b.md", superseded_by="c", **superseded)
    repo.doc("principles/c.md", superseded_by="a", **superseded)
    found = checks.run(corpus.load(repo.root), today=TODAY)
    assert [(d.path, d.code) for d in found] == [
        ("positions/a.md", "META014"),
        ("positions/b.md", "META014"),
        ("principles/c.md", "META014"),
    ]
    assert found[0].message.endswith("a -> b -> c -> a")


def test_self_supersession_is_a_cycle(repo: Repo) -> None:
    repo.doc(
        "positions/a.md",
        status="superseded",
        version="'1.0'",
        adopted="{date: 2025-01-01, by: A}",
        superseded_by="a",
    )
    assert [d.code for d in checks.run(corpus.load(repo.root), today=TODAY)] == ["META014"]


def test_duplicate_ids_across_folders(repo: Repo) -> None:
    repo.doc("positions/ig.md")
    repo.doc("principles/ig.md")
    found = checks.run(corpus.load(repo.root), today=TODAY)
    # principles/ is read first, so the paper is the second holder of the id.
    assert [(d.path, d.code) for d in found] == [("positions/ig.md", "META015")]
    assert "principles/ig.md" in found[0].message


def test_id_must_be_a_slug(repo: Repo) -> None:
    repo.doc("positions/IGF Outcomes.md")
    [diagnostic] = checks.run(corpus.load(repo.root), today=TODAY)
    assert diagnostic.code == "META020"
    assert diagnostic.hint == "rename the file to igf-outcomes.md"


def test_not_utf8(repo: Repo) -> None:
    (repo.root / "positions" / "latin.md").write_bytes(front().encode() + "caf\xe9\n".encode("latin-1"))
    [diagnostic] = checks.run(corpus.load(repo.root), today=TODAY, only={"positions/latin.md"})
    assert (diagnostic.code, diagnostic.line, diagnostic.column) == ("META021", 8, 4)


def test_alias_bomb_is_cheap(repo: Repo) -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}]" for i in range(1, 30)]
    repo.write("positions/bomb.md", front() + "\n".join(lines).join(["", ""]))
    text = front().replace("---\n", "", 1).rstrip("-\n") + "\n" + "\n".join(lines) + "\n---\n"
    repo.write("positions/bomb.md", "---\n" + text)
    found = checks.run(corpus.load(repo.root), today=TODAY, only={"positions/bomb.md"})
    assert [(d.code, d.line) for d in found] == [("META035", 12)]  # a5, the first alias past 10,000
