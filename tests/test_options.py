"""Policy options: the META050-057 rules, the directive tree they read, the option groups on the
page, the map of every option by question, and the table in the PDF."""

from __future__ import annotations

import dataclasses
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from accord import checks, corpus, directives
from accord.checkcache import fingerprint
from tests.conftest import REPO, TODAY, Repo, golden

QUESTIONS = """\
intermediary-liability:
  title: Intermediary liability
  question: When should an online intermediary be liable for content posted by its users?
encryption:
  title: Encryption
  question: Should lawful access to communications weaken encryption?
"""

# The body of a document with one valid option; its directive is on line 9 of the file.
OPTION = """
::::{policy-option} Conditional immunity
:question: intermediary-liability
:supporters: private-sector, technical-community
:organisations: Example Digital Rights Network; Example Network, Inc.

The intermediary is not liable unless it is notified and fails to act.

:::{arguments-for}
- Quick redress for victims.
:::

:::{arguments-against}
- Lawful speech is taken down on a complaint.
:::
::::
"""


def body(*replacements: tuple[str, str], text: str = OPTION) -> str:
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new)
    return text


def findings(repo: Repo, text: str) -> list[tuple[str, int, int]]:
    repo.write("questions.yaml", QUESTIONS)
    repo.doc("positions/paper.md", body=text)
    found = checks.run(corpus.load(repo.root), today=TODAY)
    return [(d.code, d.line, d.column) for d in found if d.path == "positions/paper.md"]


CASES = [
    ("valid", OPTION, []),
    (
        "backtick fences and a YAML option block",
        textwrap.dedent(
            """
            ````{policy-option} Conditional immunity
            ---
            question: intermediary-liability
            supporters: civil-society
            ---
            Described.

            ```{arguments-for}
            For.
            ```

            ```{arguments-against}
            Against.
            ```
            ````
            """
        ),
        [],
    ),
    (
        "unknown question",
        body(("question: intermediary-liability", "question: intermediary-liabilty")),
        [("META050", 10, 12)],
    ),
    ("no question", body((":question: intermediary-liability\n", "")), [("META050", 9, 1)]),
    ("no title", body(("{policy-option} Conditional immunity", "{policy-option}")), [("META051", 9, 1)]),
    (
        "no description",
        body(("The intermediary is not liable unless it is notified and fails to act.\n", "")),
        [("META051", 9, 1)],
    ),
    (
        "option inside an option",
        body(
            (
                "::::{policy-option} Conditional immunity",
                ":::::{policy-option} Outer\n:question: encryption\n\nOuter text.\n\n::::{policy-option} Conditional immunity",
            ),
            ("\n::::\n", "\n::::\n\n:::{arguments-for}\nx\n:::\n\n:::{arguments-against}\ny\n:::\n:::::\n"),
        ),
        [("META051", 14, 1)],
    ),
    (
        "no arguments against",
        body((":::{arguments-against}\n- Lawful speech is taken down on a complaint.\n:::\n", "")),
        [("META052", 9, 1)],
    ),
    (
        "two blocks for",
        body((":::{arguments-against}", ":::{arguments-for}\nMore.\n:::\n\n:::{arguments-against}")),
        [("META052", 20, 1)],
    ),
    ("empty arguments", body(("- Lawful speech is taken down on a complaint.\n", "")), [("META052", 20, 1)]),
    (
        "arguments outside an option",
        OPTION + "\n:::{arguments-for}\n- Stray.\n:::\n",
        [("META053", 25, 1)],
    ),
    ("unknown directive option", body((":supporters:", ":supporter:")), [("META054", 11, 2)]),
    (
        "option given twice",
        body((":supporters:", ":question: encryption\n:supporters:")),
        [("META054", 11, 2)],
    ),
    (
        "unknown stakeholder group",
        body(("private-sector, technical", "private-sector, NGOs, technical")),
        [("META055", 11, 30)],
    ),
    (
        "two options with one title",
        OPTION + OPTION,
        [("META056", 25, 1)],
    ),
    (
        "same title, other question",
        OPTION + body(("question: intermediary-liability", "question: encryption")),
        [],
    ),
    ("an option in a code block is text", "\n```markdown\n:::{policy-option}\n:::\n```\n", []),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_option_rule(repo: Repo, text: str, expected: list[tuple[str, int, int]]) -> None:
    assert findings(repo, text) == expected


def test_hints_name_the_fix(repo: Repo) -> None:
    repo.write("questions.yaml", QUESTIONS)
    repo.doc(
        "positions/paper.md",
        body=body(
            ("question: intermediary-liability", "question: intermediary-liabilty"),
            ("private-sector, technical-community", "Civil society, technical-comunity, NGOs"),
        ),
    )
    hints = {d.message.rsplit(": ", 1)[-1]: d.hint for d in checks.run(corpus.load(repo.root), today=TODAY)}
    assert hints["'intermediary-liabilty'"] == "did you mean 'intermediary-liability'?"
    assert hints["'Civil society'"] == "write it as 'civil-society'"
    assert hints["'technical-comunity'"] == "did you mean 'technical-community'?"
    assert hints["'NGOs'"] == "name organisations in :organisations:, separated by semicolons"


def test_without_a_registry_every_option_names_an_unknown_question(repo: Repo) -> None:
    repo.doc("positions/paper.md", body=OPTION)
    found = [d for d in checks.run(corpus.load(repo.root), today=TODAY) if d.path == "positions/paper.md"]
    assert [(d.code, d.hint) for d in found] == [
        ("META050", "declare the question in questions.yaml (see CONTRIBUTING.md, Policy options)")
    ]


REGISTRY_CASES = [
    ("valid", QUESTIONS, []),
    ("empty", "# no questions yet\n", []),
    ("not a mapping", "- a\n- b\n", [(1, 1)]),
    ("syntax error", "a:\n  title: x: y\n", [(2, 11)]),
    ("id not a slug", "Intermediary Liability:\n  title: x\n  question: y\n", [(1, 1)]),
    ("text instead of fields", "liability: When should?\n", [(1, 12)]),
    ("missing question", "liability:\n  title: Liability\n", [(1, 1)]),
    ("empty title", "liability:\n  title: ''\n  question: When?\n", [(2, 10)]),
    ("unknown field", "liability:\n  title: T\n  question: Q?\n  year: 2026\n", [(4, 3)]),
    (
        "declared twice",
        "liability:\n  title: T\n  question: Q?\nliability:\n  title: T\n  question: Q?\n",
        [(4, 1)],
    ),
    ("title too long", f"liability:\n  title: {'x' * 121}\n  question: Q?\n", [(2, 10)]),
]


@pytest.mark.parametrize(
    ("text", "expected"), [c[1:] for c in REGISTRY_CASES], ids=[c[0] for c in REGISTRY_CASES]
)
def test_registry_rule(repo: Repo, text: str, expected: list[tuple[int, int]]) -> None:
    repo.write("questions.yaml", text)
    found = checks.run(corpus.load(repo.root), today=TODAY)
    assert [(d.line, d.column) for d in found if d.code == "META057"] == expected
    assert all(d.path == "questions.yaml" for d in found if d.code.startswith("META"))


def test_registry_diagnostics_follow_the_file_filter(repo: Repo, accord) -> None:
    repo.write("questions.yaml", "- not a mapping\n")
    repo.doc("positions/paper.md")
    run = accord("check", "positions/paper.md", cwd=repo.root)
    assert run.code == 0
    run = accord("check", "questions.yaml", cwd=repo.root)
    assert run.code == 1
    assert run.out.startswith("questions.yaml:1:1: META057 ")


def test_the_questions_are_part_of_the_check_cache_fingerprint(repo: Repo) -> None:
    ctx = checks.context(corpus.load(repo.root), today=TODAY)
    other = dataclasses.replace(ctx, questions=frozenset({"encryption"}))
    assert fingerprint(ctx) != fingerprint(other)


def test_directive_tree_nesting_and_positions() -> None:
    text = "Intro\n\n::::{outer} Arg\n:key: value\n\nText\n\n:::{inner}\n:::\n::::\n\n- item\n\n  ```{note}\n  Hi\n  ```\n"
    found = list(directives.walk(directives.tree(text)))
    assert [(d.name, d.line, d.content) for d in found] == [
        ("outer", 3, True),
        ("inner", 8, False),
        ("note", 14, True),
    ]
    outer = found[0]
    assert outer.argument == "Arg"
    assert outer.options["key"] == directives.Option("value", 4, 7, 2)
    assert [child.name for child in outer.children] == ["inner"]


# -- Sphinx


def page(out: Path, name: str) -> str:
    return (out / f"{name}.html").read_text(encoding="utf-8")


def two_papers(repo: Repo) -> None:
    repo.write("questions.yaml", QUESTIONS)
    second = body(
        ("Conditional immunity", "Liability only after an order"),
        ("private-sector, technical-community", "civil-society"),
        (":organisations: Example Digital Rights Network; Example Network, Inc.\n", ""),
    )
    repo.doc("positions/first.md", title="First paper", body=OPTION + second)
    third = body(
        ("Conditional immunity", "Notice and action"), ("intermediary-liability", "intermediary-liability")
    )
    repo.doc(
        "positions/second.md",
        title="Second paper",
        status="consultation",
        consultation="{opens: 2026-11-02, closes: 2026-12-18}",
        body=third,
    )


@pytest.mark.sphinx
def test_options_are_grouped_by_question_and_lettered(build, repo: Repo) -> None:
    two_papers(repo)
    warnings, out = build()
    assert warnings == ""
    html = page(out, "positions/first")
    assert html.count('<div class="accord-options" id="question-intermediary-liability">') == 1
    assert (
        "<strong>Intermediary liability:</strong> When should an online intermediary be liable for content "
        "posted by its users?" in html
    )
    assert '<div class="accord-option" id="option-conditional-immunity">' in html
    assert '<span class="accord-option-letter">Option A: </span>Conditional immunity' in html
    assert '<span class="accord-option-letter">Option B: </span>Liability only after an order' in html
    assert '<div class="accord-arguments-for accord-arguments">' in html
    assert (
        "<strong>Supported by:</strong> Private sector; Technical community; Example Digital Rights Network; "
        "Example Network, Inc.</p>" in html
    )
    # For before against, whatever the order in the source.
    assert html.index("accord-arguments-for") < html.index("accord-arguments-against")


@pytest.mark.sphinx
def test_the_map_lists_every_option_by_question(build, repo: Repo) -> None:
    two_papers(repo)
    warnings, out = build()
    assert warnings == ""
    html = page(out, "options")
    assert '<p class="accord-options-heading rubric" id="question-intermediary-liability">' in html
    assert '<p class="accord-options-heading rubric" id="question-encryption">Encryption</p>' in html
    assert "No document sets out options on this question yet." in html
    rows = html[html.index("accord-options-map") :]
    order = [
        rows.index(text)
        for text in ("Conditional immunity", "Liability only after an order", "Notice and action")
    ]
    assert order == sorted(order)  # by document title, then letter
    assert 'href="positions/first.html#option-liability-only-after-an-order"' in rows
    assert "(open for consultation, option A)" in rows
    # Each supporter a paragraph of its own, so that print separates them (accord-entries); on a
    # phone each cell but the first names what it holds (the map is a list of cards there).
    assert (
        '<p class="accord-entry"><span class="accord-cell-label">Supported by</span>Civil society</p>' in rows
    )


@pytest.mark.sphinx
def test_the_map_follows_an_edited_option_and_registry(build, repo: Repo) -> None:
    two_papers(repo)
    build()
    first = repo.root / "positions" / "first.md"
    first.write_text(
        first.read_text(encoding="utf-8").replace("Conditional immunity", "Safe harbour"), encoding="utf-8"
    )
    warnings, out = build()
    assert warnings == ""
    assert "Safe harbour" in page(out, "options")
    (repo.root / "questions.yaml").write_text(
        QUESTIONS.replace("Should lawful access", "Must lawful access"), encoding="utf-8"
    )
    _, out = build()
    assert "Must lawful access" in page(out, "options")


@pytest.mark.sphinx
def test_a_registry_created_later_reaches_the_document(build, repo: Repo) -> None:
    repo.doc("positions/paper.md", body=OPTION)
    build()
    repo.write("questions.yaml", QUESTIONS)
    _, out = build()
    assert "When should an online intermediary be liable" in page(out, "positions/paper")


@pytest.mark.sphinx
def test_rule_violations_are_build_warnings(build, repo: Repo) -> None:
    repo.write("questions.yaml", QUESTIONS)
    repo.doc("positions/paper.md", body=body(("intermediary-liability", "nope")))
    warnings, _ = build()
    assert (
        "paper.md:10: WARNING: META050 a policy option must answer a question declared in questions.yaml: 'nope'"
        in warnings
    )


@pytest.mark.sphinx
def test_pdf_prints_each_question_as_a_table(build, repo: Repo) -> None:
    from accord.pdf import sources

    two_papers(repo)
    warnings, out = build("accordpdf")
    assert warnings == ""
    source = (out / "typst" / "positions" / "first.typ").read_text(encoding="utf-8")
    golden("typst/options.typ", sources.body_of(source, "positions/first"))
    assert (out / "positions" / "first.pdf").is_file()


def test_the_guide_example_passes(repo: Repo) -> None:
    """The example in CONTRIBUTING.md, "Policy options", is a valid registry and option."""
    guide = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    section = guide.split("\n## Policy options\n", 1)[1].split("\n## ", 1)[0]
    registry = section.split("```yaml\n", 1)[1].split("```", 1)[0]
    option = section.split("```markdown\n", 1)[1].split("\n```\n", 1)[0]
    repo.write("questions.yaml", registry)
    repo.doc(
        "positions/paper.md", body="\n" + option + "\n\nText {cite:p}`wgig2005report,coe2011principles`.\n"
    )
    assert checks.run(corpus.load(repo.root), today=TODAY) == []


@pytest.mark.sphinx
def test_parallel_reading_keeps_every_option_and_endorsement(make_app: Callable, repo: Repo) -> None:
    """Options and endorsements recorded in worker processes reach the map and statements.json."""
    import json

    repo.write("questions.yaml", QUESTIONS)
    for number in range(8):
        repo.doc(
            f"positions/paper-{number}.md",
            title=f"Paper {number}",
            body=body(("Conditional immunity", f"Option number {number}")),
            status="consultation",
            consultation="{opens: 2026-11-02, closes: 2026-12-18}",
        )
        repo.write(
            f"endorsements/paper-{number}.yaml",
            "- name: Example Network\n  country: KE\n  date: 2026-11-20\n",
        )
    app = make_app("html", srcdir=repo.root, parallel=2)
    try:
        app.build()
    finally:
        app.cleanup()
    assert app.warning.getvalue() == ""
    out = Path(app.outdir)
    mapped = page(out, "options")
    assert all(f"Option number {number}</a>" in mapped for number in range(8))
    data = json.loads((out / "statements.json").read_text(encoding="utf-8"))
    assert [doc["endorsements"] for doc in data["documents"]] == [1] * 8
