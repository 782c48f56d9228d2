"""The record of a consultation (consultations/<id>.yaml): the CONS010-020 rules, each at its line,
and the quote that lets a comment follow its paragraph."""

from __future__ import annotations

import json

import pytest

from accord import checks, corpus
from accord.consultation import model
from tests.conftest import TODAY, Repo, golden

WINDOW = "{opens: 2026-11-02, closes: 2026-12-18}"
BODY = """
## Section

The first paragraph, on access {cite:p}`wgig2005report,coe2011principles`.

The second paragraph, on the forum's mandate and what it asks of governments.

The third paragraph, on the map of policy options.
"""

VALID = """\
document: paper
comments:
  - id: gh-1
    source: https://github.com/o/r/issues/1
    received: 2026-11-10
    version: "2026-11-02"
    paragraph: 2
    quote: The second paragraph, on the forum's mandate and what it asks of governments.
    name: Jane Doe
    organisation: Example Org
    text: |
      Please say which governments.
    disposition: accepted
    response: Done.
  - id: gh-2
    received: 2026-11-12
    version: "2026-11-02"
    paragraph: 3
    text: A second comment.
    disposition: pending
    response: ""
"""


def findings(repo: Repo, text: str, *, status: str = "consultation", **fields: object) -> list[tuple]:
    extra = {"version": '"1.0"', "adopted": "{date: 2026-11-20, by: Board}"} if status == "adopted" else {}
    repo.doc(
        "positions/paper.md", BODY, status=status, consultation=WINDOW, date="2026-11-02", **extra, **fields
    )
    repo.write("consultations/paper.yaml", text)
    found = checks.run(corpus.load(repo.root), today=TODAY)
    return [(d.path, d.code, d.line, d.column) for d in found if d.code.startswith("CONS")]


def at(*found: tuple[str, int, int]) -> list[tuple]:
    return [("consultations/paper.yaml", code, line, column) for code, line, column in found]


CASES = [
    ("valid", VALID, []),
    ("no comments yet", "document: paper\ncomments: []\n", []),
    ("syntax error", "document: paper: x\n", at(("CONS010", 1, 16))),
    ("a list", "- id: gh-1\n", at(("CONS010", 1, 1))),
    ("comments not a list", "document: paper\ncomments: none\n", at(("CONS010", 2, 11))),
    (
        "unknown top field",
        VALID.replace("document: paper", "document: paper\nstatus: open"),
        at(("CONS010", 2, 1)),
    ),
    ("no disposition", VALID.replace("    disposition: pending\n", ""), at(("CONS011", 15, 5))),
    (
        "unknown field",
        VALID.replace("    response: Done.", "    reponse: Done."),
        at(("CONS020", 13, 18), ("CONS011", 14, 5)),
    ),
    (
        "field twice",
        VALID.replace("    response: Done.", "    response: Done.\n    response: x"),
        at(("CONS011", 15, 5)),
    ),
    ("comment not a mapping", "document: paper\ncomments:\n  - just text\n", at(("CONS011", 3, 5))),
    ("paragraph not a number", VALID.replace("paragraph: 3", "paragraph: three"), at(("CONS012", 18, 16))),
    ("paragraph zero", VALID.replace("paragraph: 3", "paragraph: 0"), at(("CONS012", 18, 16))),
    ("text not text", VALID.replace("text: A second comment.", "text: [a, b]"), at(("CONS012", 19, 11))),
    ("another document", VALID.replace("document: paper", "document: other"), at(("CONS013", 1, 11))),
    ("duplicate id", VALID.replace("id: gh-2", "id: gh-1"), at(("CONS014", 15, 9))),
    (
        "unknown disposition",
        VALID.replace("disposition: pending", "disposition: rejected"),
        at(("CONS015", 20, 18)),
    ),
    ("no such paragraph", VALID.replace("paragraph: 3", "paragraph: 9"), at(("CONS016", 18, 16))),
    (
        "earlier version",
        VALID.replace("paragraph: 3", "paragraph: 9").replace(
            '"2026-11-02"\n    paragraph: 9', '"2026-10-01"\n    paragraph: 9'
        ),
        [],
    ),
    ("before the window", VALID.replace("2026-11-12", "2026-10-30"), at(("CONS017", 16, 15))),
    ("date not ISO", VALID.replace("2026-11-12", "12/11/2026"), at(("CONS018", 16, 15))),
    ("impossible date", VALID.replace("2026-11-12", "2026-11-31"), at(("CONS018", 16, 15))),
    ("future date", VALID.replace("2026-11-12", "2026-12-01"), at(("CONS018", 16, 15))),
    ("decided without response", VALID.replace("response: Done.", 'response: ""'), at(("CONS020", 13, 18))),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_rules(repo: Repo, text: str, expected: list[tuple]) -> None:
    assert findings(repo, text) == expected


def test_a_file_named_after_no_document(repo: Repo) -> None:
    repo.doc("positions/paper.md", BODY, status="consultation", consultation=WINDOW)
    repo.write("consultations/papr.yaml", VALID.replace("document: paper", "document: papr"))
    found = checks.run(corpus.load(repo.root), today=TODAY)
    assert [(d.path, d.code, d.line) for d in found] == [("consultations/papr.yaml", "CONS013", 1)]
    assert found[0].hint == "rename it to consultations/paper.yaml"


def test_an_adopted_document_with_a_pending_comment(repo: Repo) -> None:
    assert findings(repo, VALID, status="adopted") == at(("CONS019", 20, 18))
    assert (
        findings(
            repo,
            VALID.replace("disposition: pending", "disposition: noted").replace(
                'response: ""', "response: Thanks."
            ),
            status="adopted",
        )
        == []
    )


def test_severities_and_the_json_report(repo: Repo, accord) -> None:
    bad = VALID.replace("2026-11-12", "2026-10-30").replace("disposition: pending", "disposition: rejected")
    findings(repo, bad)
    run = accord("check", str(repo.root), "--format", "json")
    assert run.code == 1
    golden("consultation-rules.json", json.dumps(json.loads(run.out), indent=2) + "\n")


def test_the_pre_commit_path_checks_the_record_of_an_edited_document(repo: Repo, accord) -> None:
    findings(repo, VALID, status="adopted")
    run = accord("check", str(repo.root / "positions" / "paper.md"), cwd=repo.root)
    assert "consultations/paper.yaml:20:18: CONS019" in run.out


def test_a_record_linked_out_of_the_repository_is_never_read(repo: Repo, tmp_path) -> None:
    outside = tmp_path / "secret.yaml"
    outside.write_text("document: paper\ncomments: [{id: SECRET}]\n", encoding="utf-8")
    repo.doc("positions/paper.md", BODY, status="consultation", consultation=WINDOW)
    (repo.root / "consultations").mkdir()
    (repo.root / "consultations" / "paper.yaml").symlink_to(outside)
    found = checks.run(corpus.load(repo.root), today=TODAY)
    assert "SECRET" not in " ".join(d.message for d in found)
    assert [(d.path, d.code) for d in found if d.path.startswith("consultations")] == [
        ("consultations/paper.yaml", "SAFE005")
    ]
    assert model.load(repo.root, "paper") is None


def test_an_alias_bomb_is_refused_at_its_line(repo: Repo) -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(6)
    )
    codes = [code for _, code, _, _ in findings(repo, bomb)]
    assert codes == []  # refused as META035 by yamlbounds, before any CONS rule sees its data
    found = checks.run(corpus.load(repo.root), today=TODAY)
    assert [d.code for d in found if d.path == "consultations/paper.yaml"] == ["META035"]


# -- a comment follows its text


def _comment(paragraph: int, quote: str) -> model.Comment:
    return model.Comment("gh-1", "2026-11-10", "1.0", paragraph, "text", "pending", 0, quote=quote)


PARAGRAPHS = ["Access for all.", "The forum's mandate, as the Tunis Agenda set it.", "A map of options."]


def test_a_comment_stays_where_nothing_moved() -> None:
    assert model.follow(_comment(2, PARAGRAPHS[1]), PARAGRAPHS) == 2


def test_a_comment_follows_its_paragraph_when_one_is_inserted_before_it() -> None:
    now = ["A new first paragraph.", *PARAGRAPHS]
    assert model.follow(_comment(2, PARAGRAPHS[1]), now) == 3


def test_a_comment_follows_an_edited_and_moved_paragraph() -> None:
    now = [PARAGRAPHS[2], PARAGRAPHS[0], "The forum's mandate, as the Tunis Agenda of 2005 set it."]
    assert model.follow(_comment(2, PARAGRAPHS[1]), now) == 3


def test_a_comment_on_text_that_is_gone_has_no_current_paragraph() -> None:
    assert model.follow(_comment(2, PARAGRAPHS[1]), [PARAGRAPHS[0], PARAGRAPHS[2]]) is None


def test_without_a_quote_a_comment_keeps_its_number() -> None:
    assert model.follow(_comment(2, ""), PARAGRAPHS) == 2
    assert model.follow(_comment(5, ""), PARAGRAPHS) is None


def test_the_record_reads_leniently() -> None:
    from accord import datafile

    file = datafile.read("consultations/paper.yaml", VALID + "  - id: gh-3\n    paragraph: x\n")
    record = model.record(file, "paper")
    assert [c.id for c in record.comments] == ["gh-1", "gh-2"]
    assert record.counts() == {
        "pending": 1,
        "accepted": 1,
        "partly-accepted": 0,
        "not-accepted": 0,
        "noted": 0,
    }
    assert record.comments[0].commenter == "Jane Doe (Example Org)"
    assert record.comments[1].commenter == "anonymous"


def test_the_pre_commit_path_checks_an_edited_record(repo: Repo, accord) -> None:
    findings(repo, VALID.replace("disposition: pending", "disposition: rejected"))
    run = accord("check", "consultations/paper.yaml", cwd=repo.root)
    assert run.code == 1
    assert run.out.startswith("consultations/paper.yaml:20:18: CONS015 disposition must be one of")


def test_the_hook_passes_records_to_the_check() -> None:
    import re

    from tests.conftest import REPO

    config = (REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8")
    pattern = re.search(r"entry: accord check\n.*?files: (\S+)", config, re.DOTALL)
    assert pattern and re.match(pattern[1], "consultations/igf-policy-options.yaml")


def test_the_guide_example_passes(repo: Repo) -> None:
    """The example in CONTRIBUTING.md, "Comments and responses", is a valid record."""
    from tests.conftest import REPO

    guide = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    section = guide.split("\n## Comments and responses: the record of a consultation\n", 1)[1]
    example = section.split("```yaml\n", 1)[1].split("```", 1)[0]
    example = example.replace("document: igf-policy-options", "document: paper").replace(
        "paragraph: 8", "paragraph: 2"
    )
    assert findings(repo, example) == []
