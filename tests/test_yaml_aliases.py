"""Hole 7: YAML aliases that stand for billions of values are refused at the alias (META035) in
every YAML file Accord reads, and no message quotes a value at length; values nested thousands
of levels deep are refused too (META036), instead of a RecursionError."""

from __future__ import annotations

import json
import subprocess
import sys

import yaml

from accord import checks, corpus, crosswalk, datafile, yamlbounds
from accord.diagnostics import QUOTE_LIMIT, make
from tests.conftest import TODAY, Repo, front

# Ten levels of nine aliases each: 9**10 values once expanded.
CHAIN = "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]\n" for i in range(1, 10)
)


def diagnostics(repo: Repo) -> list[tuple[str, str, int, int]]:
    return [(d.path, d.code, d.line, d.column) for d in checks.run(corpus.load(repo.root), today=TODAY)]


def test_a_chain_in_a_quoted_field_is_refused_at_its_alias_with_a_short_message(repo: Repo) -> None:
    # The expanded title is what a META006 message used to quote: minutes of formatting.
    text = front(title="*a9").replace("---\n", "---\n" + CHAIN, 1)
    repo.write("positions/bomb.md", text)
    found = checks.run(corpus.load(repo.root), today=TODAY)
    [bomb] = [d for d in found if d.path == "positions/bomb.md"]
    # The first alias of a4 (front matter line 5, file line 6) takes the count past 10,000.
    assert (bomb.code, bomb.line, bomb.column) == ("META035", 6, 10)
    assert "'*a3'" in bomb.message
    assert len(bomb.message) < 200
    assert bomb.hint == yamlbounds.ALIAS_HINT


def test_an_anchor_that_repeats_a_few_values_is_fine(repo: Repo) -> None:
    repo.doc("positions/paper.md", date="&when 2026-01-15", summary="*when")
    assert [d for d in diagnostics(repo) if d[0] == "positions/paper.md"] == []


def test_an_alias_to_itself_is_refused(repo: Repo) -> None:
    repo.write("questions.yaml", "loop: &loop [*loop]\n")
    assert ("questions.yaml", "META035", 1, 14) in diagnostics(repo)


def test_the_registry_of_questions_is_bounded(repo: Repo) -> None:
    repo.write("questions.yaml", CHAIN)
    assert [d for d in diagnostics(repo) if d[0] == "questions.yaml"] == [
        ("questions.yaml", "META035", 5, 10)
    ]


def test_a_crosswalk_block_is_bounded() -> None:
    found, problems = crosswalk.parse(CHAIN + "frameworks: *a9\nprinciples: *a9\n")
    assert [(p.code, p.line, p.column) for p in problems] == [("META035", 4, 10)]
    assert found.cells == []


def test_many_small_aliases_add_up() -> None:
    # No alias stands for much on its own; together they pass the limit.
    text = "a: &a [" + ", ".join(["x"] * 99) + "]\n" + "".join(f"k{i}: *a\n" for i in range(200))
    found = datafile.read("questions.yaml", text)
    assert found.refused == (yamlbounds.ALIAS_CODE, yamlbounds.ALIAS_HINT)
    assert found.error is not None and found.error[1] == 102  # the 101st alias: 101 * 100 > 10,000
    assert found.data is None


def test_a_message_quotes_a_long_value_cut_short() -> None:
    long = make("META006", "positions/p.md", 2, 8, "x" * 100_000)
    nested = make("META006", "positions/p.md", 2, 8, [[["x"] * 1000] * 1000] * 1000)
    detail = make("META002", "positions/p.md", 2, 8, detail="y" * 100_000)
    assert (
        max(len(d.message) for d in (long, nested, detail))
        < len(long.message.split(":")[0]) + QUOTE_LIMIT + 10
    )
    assert long.message.endswith("xxx'") and "..." in long.message


def test_values_nested_thousands_deep_are_refused_not_a_traceback(repo: Repo) -> None:
    deep = "[" * 5000 + "]" * 5000
    repo.write("questions.yaml", f"q:\n  title: {deep}\n")
    repo.doc("positions/paper.md", summary=deep)
    found = diagnostics(repo)
    # The 65th level is the 64th bracket: column 9 of "  title: [", column 10 of "summary: [".
    assert ("questions.yaml", "META036", 2, 9 + 63) in found
    assert ("positions/paper.md", "META036", 7, 10 + 63) in found
    _, problems = crosswalk.parse(f"frameworks: {deep}\n")
    assert [p.code for p in problems] == ["META036"]


def test_sixty_four_levels_are_fine() -> None:
    assert datafile.read("q.yaml", "a: " + "[" * 63 + "]" * 63 + "\n").error is None


def test_a_control_character_written_as_an_escape_is_refused_at_its_value(repo: Repo) -> None:
    """No scan of the text sees "\\u001b" in a double-quoted value, but the parsed value holds an
    ESC that every page showing it would print (SAFE011), in every YAML file Accord reads."""
    repo.write("positions/esc.md", front(title='"Title\\u001b[31m red"'))
    repo.write("questions.yaml", 'q1:\n  title: "T"\n  question: "Why\\x00?"\n')
    found = [d for d in diagnostics(repo) if d[1] == "SAFE011"]
    assert ("positions/esc.md", "SAFE011", 2, 8) in found, found
    assert ("questions.yaml", "SAFE011", 3, 13) in found
    try:
        crosswalk_nodes = datafile.compose('frameworks:\n  "k\\u0007": x\n')
    except yamlbounds.Refused as error:
        assert (error.code, error.line, error.column) == ("SAFE011", 1, 3)
    else:
        raise AssertionError(f"accepted: {crosswalk_nodes}")
    assert datafile.read("x.yaml", 'a: "tab\\there, newline\\nthere"\n').error is None


def test_a_document_without_aliases_is_judged_as_the_full_measure_judges_it() -> None:
    """Without an alias ("*"), one walk gives the depth and the scalars: the same verdict, at the
    same place, as counting every value with the aliases expanded."""
    cases = [
        "title: Paper\nauthors: [{name: A, affiliation: B}, {name: C}]\ndate: 2026-06-01\n",
        "a: " + "[" * 63 + "]" * 63 + "\n",
        "a: " + "[" * 64 + "]" * 64 + "\n",
        "a:\n  - b: " + "{c: " * 70 + "d" + "}" * 70 + "\n",
        'q1:\n  title: "T"\n  question: "Why\\x00?"\n  "k\\u0007": x\n',
        '"k\\u0007": [1, "two\\u001b"]\n',
        "- x\n- y: {z: [1, 2, {w: v}]}\n",
        "",
    ]

    def verdict(judge, text):  # type: ignore[no-untyped-def]
        try:
            judge(yaml.compose(text, Loader=yaml.SafeLoader), text)
        except yamlbounds.Refused as error:
            return (error.code, error.line, error.column, error.detail)
        return None

    for text in cases:
        assert "*" not in text
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        expected = None if root is None else verdict(yamlbounds._measured, text)
        assert verdict(yamlbounds.check, text) == expected, text
    assert verdict(yamlbounds.check, cases[3])[0] == "META036"
    assert verdict(yamlbounds.check, cases[4])[:3] == ("SAFE011", 2, 13)


def test_nesting_that_would_crash_libyaml_is_refused_before_it_is_composed() -> None:
    """libyaml's composer ends the process (a segmentation fault) at about 30,000 levels, and is
    slow well before: such a text is refused at its 65th level without being composed. In a
    process of its own, so that a crash fails this test rather than ending the run."""
    script = """
import json, sys
from accord import datafile, frontmatter, yamlbounds
deep = "[" * 200_000 + "]" * 200_000
found = [datafile.read("q.yaml", f"q:\\n  title: {deep}\\n").error]
found.append(frontmatter.read("positions/p.md", f"---\\ntitle: T\\nsummary: {deep}\\n---\\n\\nBody.\\n").problems[0].code)
try:
    datafile.compose(f"frameworks: {deep}\\n")
except yamlbounds.Refused as error:
    found.append([error.code, error.line, error.column])
print(json.dumps(found))
"""
    run = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False
    )
    assert run.returncode == 0, (run.returncode, run.stderr[-2000:])
    error, code, composed = json.loads(run.stdout)
    assert error[1:] == [2, 9 + 63]  # the 65th level: line 2 of the file, its 63rd bracket
    assert code == "META036"
    assert composed == ["META036", 0, 12 + 64]  # "frameworks: " then the 64th bracket
