"""Hole 8: markdown-it stops at its nesting limit and drops the rest of a list (and so of the
document) from the check and the page. A document renders completely, or it is refused at the
line where parsing stopped (SAFE015), by the check and by the build alike."""

from __future__ import annotations

from collections.abc import Callable

from accord import checks, corpus, markdown
from tests.conftest import TODAY, Repo


def nested(levels: int, *, indent: int = 0) -> str:
    pad = " " * indent
    return "".join(f"{pad}{'  ' * level}- level {level}\n" for level in range(levels))


# The body starts on line 8 of the file, after seven lines of front matter.
AFTER = "\nThe rest of the paper {cite:p}`wgig2005report` and {cite:p}`nosuchkey2020`.\n"


def findings(repo: Repo) -> list[tuple[str, int, int, str]]:
    found = checks.run(corpus.load(repo.root), today=TODAY, only={"positions/deep.md"})
    return [(d.code, d.line, d.column, d.message) for d in found]


def test_ten_nested_lists_are_refused_where_parsing_stopped(repo: Repo) -> None:
    repo.doc("positions/deep.md", body="\nIntro.\n\n" + nested(11) + AFTER)
    [(code, line, column, message)] = findings(repo)
    # The tenth list (level 9) is where markdown-it stopped: line 11 + 9, indented 18 spaces.
    assert (code, line, column) == ("SAFE015", 20, 19)
    assert message.endswith("'level 9'")


def test_nine_nested_lists_are_read_to_the_end(repo: Repo) -> None:
    repo.doc("positions/deep.md", body="\nIntro.\n\n" + nested(9) + AFTER)
    # The citation after the list is checked: its unknown key is found.
    assert [code for code, *_ in findings(repo)] == ["CITE001"]


def test_twenty_nested_quotes_are_refused(repo: Repo) -> None:
    repo.doc("positions/deep.md", body="\n" + "> " * 20 + "deep\n" + AFTER)
    assert [(code, line) for code, line, *_ in findings(repo)] == [("SAFE015", 9), ("CITE001", 11)]


def test_deep_nesting_inside_a_directive_is_found_at_its_line(repo: Repo) -> None:
    repo.doc("positions/deep.md", body="\n:::{note}\n" + nested(10) + ":::\n" + AFTER)
    assert [(code, line) for code, line, *_ in findings(repo)] == [("SAFE015", 19), ("CITE001", 22)]


def test_an_empty_item_at_the_limit_still_loses_what_follows(repo: Repo) -> None:
    body = "\n" + "".join(f"{'  ' * level}-\n" for level in range(11)) + AFTER
    repo.doc("positions/deep.md", body=body)
    [(code, line, _, message)] = findings(repo)
    assert (code, line) == ("SAFE015", 18)
    assert "The rest of the paper" in message


def test_the_check_parses_with_the_limit_of_myst() -> None:
    from markdown_it.renderer import RendererHTML
    from myst_parser.config.main import MdParserConfig
    from myst_parser.parsers.mdit import create_md_parser

    # The build's parser is made by the same function from the same configuration.
    build = create_md_parser(MdParserConfig(enable_extensions=markdown.MYST_EXTENSIONS), RendererHTML)
    assert markdown._parser().options.maxNesting == build.options.maxNesting == 20


def html(outdir, page: str) -> str:
    return (outdir / f"{page}.html").read_text(encoding="utf-8")


def test_the_build_withholds_a_document_that_nests_too_deep(build: Callable, repo: Repo) -> None:
    repo.doc(
        "positions/deep.md",
        body="\nIntro.\n\n" + nested(11) + AFTER.replace("nosuchkey2020", "wgig2005report"),
    )
    repo.doc(
        "positions/fine.md",
        body="\nIntro.\n\n" + nested(9) + AFTER.replace("nosuchkey2020", "wgig2005report"),
    )
    warnings, out = build()
    assert "deep.md:20: WARNING: SAFE015" in warnings
    assert "fine.md" not in warnings
    assert "withheld from the site" in html(out, "positions/deep")
    page = html(out, "positions/fine")
    # Rendered to the end: the deepest item and the citation after the list are on the page.
    assert "level 8" in page
    assert "The rest of the paper" in page and "Working Group on" in page


def test_included_markdown_is_held_to_the_same_limit(build: Callable, repo: Repo) -> None:
    repo.write("shared/part.md", "Shared.\n\n" + nested(11) + "\nAfter {notes}`x`.\n")
    repo.doc("positions/deep.md", body="\n```{include} ../shared/part.md\n```\n")
    found = checks.run(corpus.load(repo.root), today=TODAY)
    # The included file is checked at its own lines: the tenth list is on line 3 + 9.
    assert [(d.path, d.code, d.line) for d in found if d.path == "shared/part.md"] == [
        ("shared/part.md", "SAFE015", 12)
    ]
    warnings, out = build()
    assert "part.md:12: WARNING: SAFE015" in warnings
    assert "level 8" not in html(out, "positions/deep")  # the included text is withheld
