"""The crosswalk: reading the block, the META040-045 rules, the matrix in a statement, on the
crosswalk page and in print, and the repository's own crosswalk."""

from __future__ import annotations

import re

import pytest

from accord import checks, corpus, crosswalk
from tests.conftest import SAMPLE, TODAY, Repo

CITES = "{cite:p}`wgig2005report,coe2011principles`"

GOOD = """\
frameworks:
  coe2011principles: Council of Europe (2011)
  wgig2005report: WGIG (2005)
principles:
  1:
    coe2011principles: Human rights, democracy and the rule of law
  2:
    coe2011principles: [Open network, "  Integrity of
      the Internet "]
    wgig2005report: 3
"""

STATEMENT = f"""
## The principles

### 1. Rights

We hold rights {CITES}.

### 2. Openness

One network.

## Side by side

```{{crosswalk}} Our principles and theirs
{GOOD}```
"""


def test_a_crosswalk_is_read_with_its_positions() -> None:
    found, problems = crosswalk.parse(GOOD)
    assert problems == []
    assert found.frameworks == [
        ("coe2011principles", "Council of Europe (2011)"),
        ("wgig2005report", "WGIG (2005)"),
    ]
    assert [(c.principle, c.key, c.refs, c.line, c.column) for c in found.cells] == [
        (1, "coe2011principles", ("Human rights, democracy and the rule of law",), 5, 5),
        (2, "coe2011principles", ("Open network", "Integrity of the Internet"), 7, 5),
        (2, "wgig2005report", ("3",), 9, 5),
    ]
    assert found.framework_at == {"coe2011principles": (1, 3), "wgig2005report": (2, 3)}
    assert found.principle_at == {1: (4, 3), 2: (6, 3)}
    assert found.as_data() == {
        "frameworks": [["coe2011principles", "Council of Europe (2011)"], ["wgig2005report", "WGIG (2005)"]],
        "rows": {
            "1": {"coe2011principles": ["Human rights, democracy and the rule of law"]},
            "2": {
                "coe2011principles": ["Open network", "Integrity of the Internet"],
                "wgig2005report": ["3"],
            },
        },
    }


HEAD = "frameworks:\n  a: A\nprinciples:\n"


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("", [("META040", 0, 1, "the body is empty")]),
        ("frameworks: [\n", [("META040", 1, 1, "not valid YAML")]),
        ("- a\n- b\n", [("META040", 0, 1, "the body is empty")]),
        ("frameworks:\n  a: A\n", [("META040", 0, 1, "the field 'principles' is missing")]),
        (
            "frameworks: [a]\nprinciples: {}\nextra: 1\n",
            [
                ("META040", 2, 1, "unknown field 'extra'"),
                ("META040", 0, 13, "'frameworks' must map bibliography keys to column labels"),
            ],
        ),
        ("frameworks:\n  a:\nprinciples: {}\n", [("META040", 1, 5, "the column label of 'a' must be text")]),
        (
            "frameworks:\n  a: A\n  a: B\nprinciples: {}\n",
            [("META040", 2, 3, "'a' appears twice in 'frameworks'")],
        ),
        (HEAD + "  one:\n    a: x\n", [("META040", 3, 3, "a principle must be given by its number: 'one'")]),
        (HEAD + "  0:\n    a: x\n", [("META040", 3, 3, "a principle must be given by its number: '0'")]),
        (HEAD + "  1: x\n", [("META040", 3, 6, "principle 1 must map framework keys to their principles")]),
        (HEAD + "  1:\n    a: ''\n", [("META042", 4, 8, "'a' under principle 1")]),
        (HEAD + "  1:\n    a:\n", [("META042", 4, 7, "'a' under principle 1")]),
        (HEAD + "  1:\n    a: [x, '  ']\n", [("META042", 4, 8, "'a' under principle 1")]),
        (HEAD + "  1:\n    a: []\n", [("META042", 4, 8, "'a' under principle 1")]),
        (HEAD + "  1:\n    a: {x: y}\n", [("META042", 4, 8, "'a' under principle 1")]),
    ],
)
def test_each_malformed_crosswalk(body: str, expected: list[tuple[str, int, int, str]]) -> None:
    _, problems = crosswalk.parse(body)
    got = [(p.code, p.line, p.column, p.detail) for p in problems]
    assert len(got) == len(expected)
    for (code, line, column, detail), (want_code, want_line, want_column, want_detail) in zip(
        got, expected, strict=True
    ):
        assert (code, line, column) == (want_code, want_line, want_column)
        assert detail.startswith(want_detail)


def found(repo: Repo) -> list[tuple[str, str, int, int, str | None]]:
    return [
        (d.path, d.code, d.line, d.column, d.hint) for d in checks.run(corpus.load(repo.root), today=TODAY)
    ]


def test_a_good_crosswalk_passes(repo: Repo) -> None:
    repo.doc("principles/charter.md", body=STATEMENT)
    assert found(repo) == []


def test_keys_rows_and_columns_are_checked(repo: Repo) -> None:
    body = STATEMENT.replace(GOOD, GOOD.replace("  wgig2005report: WGIG", "  wgig2005: WGIG")).replace(
        "  2:\n", "  3:\n    oecd: x\n  2:\n"
    )
    path = repo.doc("principles/charter.md", body=body)
    lines = path.read_text(encoding="utf-8").splitlines()
    result = found(repo)
    assert [(code, lines[line - 1][column - 1 :]) for _, code, line, column, _ in result] == [
        ("META041", "wgig2005: WGIG (2005)"),
        ("META043", "3:"),
        ("META044", "oecd: x"),
        ("META044", "wgig2005report: 3"),
    ]
    hints = [hint for *_, hint in result]
    assert hints[0] == "did you mean 'wgig2005report'?"
    assert hints[1] == "the statement numbers principles 1, 2 (headings such as '### 3. Title')"
    assert hints[2] == "add 'oecd: <column label>' under 'frameworks'"


def test_a_crosswalk_belongs_once_in_a_statement(repo: Repo) -> None:
    block = f"\n```{{crosswalk}}\n{GOOD}```\n"
    repo.doc("positions/paper.md", body=f"\n## A\n\nText {CITES}.\n{block}")
    repo.doc("principles/charter.md", body=STATEMENT + block)
    result = [(path, code, line, column) for path, code, line, column, _ in found(repo)]
    assert [(path, code) for path, code, *_ in result] == [
        ("positions/paper.md", "META045"),
        ("principles/charter.md", "META045"),
    ]
    # Each at its directive; in the statement, at the second one.
    for path, _, line, column in result:
        lines = (repo.root / path).read_text(encoding="utf-8").splitlines()
        assert lines[line - 1][column - 1 :] == "```{crosswalk}"
        assert lines.index("```{crosswalk}") == line - 1 or path.startswith("principles")
    statement = (repo.root / "principles/charter.md").read_text(encoding="utf-8").splitlines()
    assert statement.index("```{crosswalk} Our principles and theirs") < result[1][2] - 1


def test_a_malformed_block_is_reported_at_its_line(repo: Repo) -> None:
    repo.doc(
        "principles/charter.md", body=STATEMENT.replace("    wgig2005report: 3", "    wgig2005report: ''")
    )
    assert [(code, line, column) for _, code, line, column, _ in found(repo)] == [("META042", 31, 21)]


def test_the_sample_maps_every_principle_to_frameworks_of_its_bibliography() -> None:
    loaded = corpus.load(SAMPLE)
    statements = [
        d for d in loaded.documents if any(i.name == "crosswalk" for i in d.items if i.kind == "body")
    ]
    assert statements
    for doc in statements:
        [body] = [i.value for i in doc.items if i.kind == "body" and i.name == "crosswalk"]
        mapped, problems = crosswalk.parse(body)
        assert problems == []
        assert {key for key, _ in mapped.frameworks} <= set(loaded.bibliography.keys)
        assert {cell.principle for cell in mapped.cells} == set(range(1, 13))


# -- Sphinx


def cells(html: str, table_id: str) -> list[list[str]]:
    table = re.search(rf'<table[^>]*id="{table_id}".*?</table>', html, re.DOTALL)
    assert table, f"no table {table_id}"
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", table[0], re.DOTALL)
    return [
        [
            " ".join(re.sub(r"<[^>]+>", " ", cell).split())
            for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.DOTALL)
        ]
        for row in rows
    ]


@pytest.mark.sphinx
def test_the_matrix_in_the_statement_and_on_the_page(build, repo: Repo) -> None:
    repo.doc("principles/charter.md", title="Charter", body=STATEMENT)
    warnings, out = build()
    assert warnings == ""
    statement = (out / "principles" / "charter.html").read_text(encoding="utf-8")
    expected = [
        ["Principle", "Council of Europe (2011)", "WGIG (2005)"],
        ["1. Rights", "Human rights, democracy and the rule of law", ""],
        ["2. Openness", "Open network Integrity of the Internet", "3"],
    ]
    assert cells(statement, "crosswalk-principles-charter") == expected
    assert "Our principles and theirs" in statement
    assert 'href="#principle-2"' in statement
    page = (out / "crosswalk.html").read_text(encoding="utf-8")
    assert cells(page, "crosswalk-principles-charter") == expected
    assert 'href="principles/charter.html#principle-1"' in page
    assert re.search(
        r'<p class="accord-crosswalk-statement rubric"><a [^>]*href="principles/charter.html"', page
    )


@pytest.mark.sphinx
def test_the_page_follows_the_statements(build, repo: Repo) -> None:
    charter = repo.doc("principles/charter.md", title="Charter", body=f"\n## 1. Rights\n\n{CITES}\n")
    warnings, out = build()
    assert warnings == ""
    assert "No statement of principles has a crosswalk yet." in (out / "crosswalk.html").read_text(
        encoding="utf-8"
    )
    charter.write_text(
        charter.read_text(encoding="utf-8") + STATEMENT.replace("### 1. Rights", "## 3. Extra"),
        encoding="utf-8",
    )
    warnings, out = build()
    assert warnings == ""
    page = (out / "crosswalk.html").read_text(encoding="utf-8")
    assert "No statement of principles has a crosswalk yet." not in page
    assert [row[0] for row in cells(page, "crosswalk-principles-charter")] == [
        "Principle",
        "1. Rights",
        "2. Openness",
        "3. Extra",
    ]


@pytest.mark.sphinx
def test_the_matrix_prints(build, repo: Repo) -> None:
    repo.doc("principles/charter.md", title="Charter", body=STATEMENT)
    warnings, out = build(builder="accordpdf", fresh=True)
    assert warnings == ""
    source = (out / "typst" / "principles" / "charter.typ").read_text(encoding="utf-8")
    found_table = re.search(
        r"#accord-crosswalk\(\n  title: \[Our principles and theirs\],\n  columns: \(5fr, 4fr, 4fr, \),",
        source,
    )
    assert found_table, source
    assert '#link(label("principles/charter#principle-2"))[2\\. Openness];' in source
    # Two headings in one cell print one per line, each marked, never run together.
    assert "[#accord-entries([Open network], [Integrity of the Internet], )]" in source
    assert (out / "principles" / "charter.pdf").read_bytes().startswith(b"%PDF-")
