"""The command line: paths, formats, exit codes, and never a traceback for bad input."""

from __future__ import annotations

import json

import pytest

from accord import cli
from tests.conftest import TODAY, Repo


def test_clean_repository_exits_zero_and_prints_nothing(accord, repo: Repo) -> None:
    repo.doc("positions/paper.md")
    run = accord("check", str(repo.root), "--today", TODAY.isoformat())
    assert (run.code, run.out) == (0, "")
    assert run.err == "accord: no problems in 1 document\n"


def test_default_root_is_the_current_folder(accord, repo: Repo) -> None:
    repo.doc("positions/paper.md", status="final")
    run = accord("check", cwd=repo.root)
    assert run.code == 1
    assert run.out.startswith("positions/paper.md:3:9: META007 ")


def test_files_limit_the_report(accord, repo: Repo) -> None:
    """The pre-commit path: other documents' problems are not reported, but their ids count."""
    repo.doc("positions/broken.md", status="final")
    repo.doc("positions/new.md", body="\nSee [old](broken.md).\n", superseded_by="broken")
    run = accord("check", "positions/new.md", cwd=repo.root)
    assert run.code == 0
    assert "META022" in run.out  # a warning, on the file asked about
    assert "broken.md" not in run.out.replace("positions/new.md", "")


def test_warnings_alone_exit_zero(accord, repo: Repo) -> None:
    repo.doc("positions/paper.md", superseded_by="paper2")
    repo.doc("positions/paper2.md")
    run = accord("check", str(repo.root), "--format", "json")
    assert run.code == 0
    assert json.loads(run.out)["status"] == "pass"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["check", "no/such/folder"], "no such file or folder"),
        (["check", "--format", "xml"], "invalid choice"),
        (["check", "--today", "yesterday"], "not an ISO date"),
        (["explain", "NOPE001"], "unknown code"),
        (["frobnicate"], "invalid choice"),
    ],
)
def test_usage_errors_exit_two_without_traceback(accord, repo: Repo, argv: list[str], message: str) -> None:
    try:
        run = accord(*argv, cwd=repo.root)
        code, err = run.code, run.err
    except SystemExit as exit_:  # argparse's own usage errors
        code, err = exit_.code, ""
    assert code == 2
    assert "Traceback" not in err
    if err:
        assert message in err


def test_folder_and_files_together_is_a_usage_error(accord, repo: Repo) -> None:
    path = repo.doc("positions/paper.md")
    run = accord("check", str(repo.root), str(path), cwd=repo.root)
    assert run.code == 2
    assert "one repository folder, or only files" in run.err


def test_bad_settings_exit_two(accord, repo: Repo) -> None:
    repo.write("pyproject.toml", "[tool.accord]\ntitel = 'x'\n")
    repo.doc("positions/paper.md")
    run = accord("check", str(repo.root))
    assert run.code == 2
    assert run.out.startswith(
        "pyproject.toml:2:1: META030 [tool.accord] settings must be valid: unknown setting 'titel'"
    )


def test_broken_pyproject_is_a_diagnostic(accord, repo: Repo) -> None:
    repo.write("pyproject.toml", "[tool.accord\n")
    run = accord("check", str(repo.root))
    assert run.code == 2
    assert run.out.startswith("pyproject.toml:1:")


def test_internal_error_exits_two_with_a_message(accord, repo: Repo, monkeypatch: pytest.MonkeyPatch) -> None:
    def explode(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr("accord.corpus.load", explode)
    run = accord("check", str(repo.root))
    assert run.code == 2
    assert "internal error" in run.err
    assert "RuntimeError: boom" in run.err


def test_explain_prints_rule_wrong_fixed_and_more(accord) -> None:
    run = accord("explain", "meta007")
    assert run.code == 0
    assert run.out == (
        "META007 (error): status must be one of draft, consultation, adopted, superseded, withdrawn\n"
        "    wrong: status: final\n"
        "    fixed: status: adopted\n"
        "    more:  CONTRIBUTING.md#the-front-matter-the-box-of-facts-at-the-top"
        " (The front matter: the box of facts at the top)\n"
    )


def test_explain_lists_every_code(accord) -> None:
    from accord.catalogue import CODES

    run = accord("explain")
    assert [line.split()[0] for line in run.out.splitlines() if not line.startswith(" ")] == list(CODES)


def test_main_module_exposes_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        cli.main(["--version"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out.startswith("accord ")


@pytest.mark.parametrize(
    "argv",
    [
        ["check", "positions/a.md", "--format", "json", "--today", "2026-01-02"],
        ["build", "--no-pdf", "--out", "site"],
        ["edition", "build", "v1.0"],
        ["github", "preview-summary", "--base", "origin/main"],
        ["new", "positions", "A title"],
        ["explain", "CITE001"],
        ["completion", "bash"],
    ],
)
def test_a_verb_parsed_alone_reads_its_line_as_the_whole_parser_does(argv: list[str]) -> None:
    # main builds only the verb's parser (parsers.OnlyVerb); the others are never built.
    alone = cli._parser(argv[0])
    assert list(alone._subparsers._group_actions[0].choices) == [argv[0]]
    assert vars(alone.parse_args(argv)) == vars(cli._parser().parse_args(argv))


def test_every_verb_can_be_parsed_alone() -> None:
    whole = cli._parser()._subparsers._group_actions[0].choices
    for name in cli.VERBS:
        assert list(cli._parser(name)._subparsers._group_actions[0].choices) == [name]
    assert set(cli.VERBS) <= set(whole)


def test_main_builds_only_the_verb_it_runs_and_every_verb_for_help(monkeypatch: pytest.MonkeyPatch) -> None:
    built: list[str | None] = []
    whole = cli._parser

    def recorded(only: str | None = None):
        built.append(only)
        return whole(only)

    monkeypatch.setattr(cli, "_parser", recorded)
    assert cli.main(["explain", "CITE001"]) == 0
    with pytest.raises(SystemExit):
        cli.main(["explain", "--help"])
    with pytest.raises(SystemExit):
        cli.main(["chek"])
    assert built == ["explain", None, None]
