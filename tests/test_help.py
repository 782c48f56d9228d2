"""Commands that explain themselves: every verb's help ends with examples that use each of its
options, every verb names the repository folder ``--root``, and a shell completion script."""

from __future__ import annotations

import argparse
from collections.abc import Iterator

import pytest

from accord import cli, parsers
from tests.conftest import Repo


def _parsers(
    parser: argparse.ArgumentParser, name: str = "accord"
) -> Iterator[tuple[str, argparse.ArgumentParser]]:
    yield name, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for verb, sub in action.choices.items():
                yield from _parsers(sub, f"{name} {verb}")


ALL = list(_parsers(cli._parser()))


def test_every_verb_is_walked() -> None:
    names = {name for name, _ in ALL}
    assert {
        "accord check",
        "accord edition publish",
        "accord github links-issue",
        "accord completion",
    } <= names
    assert len(names) > 20


@pytest.mark.parametrize(("name", "parser"), ALL, ids=[name for name, _ in ALL])
def test_each_option_is_in_an_example(name: str, parser: argparse.ArgumentParser) -> None:
    epilog = parser.epilog or ""
    assert epilog.startswith("examples:\n  accord"), name
    for action in parser._actions:
        if action.help == argparse.SUPPRESS or isinstance(action, argparse._HelpAction):
            continue
        longest = max(action.option_strings, key=len, default=None)
        if longest is not None and longest != "--version":
            assert f"{longest} " in epilog or f"{longest}\n" in epilog, f"{name}: {longest}"
        assert action.help, f"{name}: {action.dest} has no help"


@pytest.mark.parametrize(("name", "parser"), ALL, ids=[name for name, _ in ALL])
def test_the_repository_folder_is_named_root(name: str, parser: argparse.ArgumentParser) -> None:
    for action in parser._actions:
        if action.dest == "root":
            assert action.option_strings == ["--root"], name
        if action.dest == "root_positional":
            assert action.help == argparse.SUPPRESS, name  # the older spelling, kept and unlisted
        assert not (action.metavar == "ROOT" and not action.option_strings), name


def test_help_is_laid_out_with_its_examples(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        cli.main(["serve", "--help"])
    out = capsys.readouterr().out
    assert "--root DIR" in out and "examples:" in out and "accord serve --port 8080" in out
    assert "\x1b[" not in out  # no colour when not on a terminal
    parsers.RICH_HELP = False


def test_root_and_the_older_positional_are_the_same(repo: Repo, accord) -> None:
    repo.doc("positions/a.md", authors="\n  - name: A\n    github: a-owner")
    assert accord("codeowners", "--root", str(repo.root)).code == 0
    assert accord("codeowners", "--check", str(repo.root)).code == 0
    two = accord("codeowners", str(repo.root), "--root", str(repo.root / "positions"))
    assert two.code == 2 and "two repository folders" in two.err


def test_check_takes_root_and_files_under_it(repo: Repo, accord) -> None:
    repo.doc("positions/a.md", body="\nText {cite:p}`wgig2005`.\n")
    whole = accord("check", "--root", str(repo.root), "--today", "2026-11-28")
    one = accord(
        "check", "--root", str(repo.root), str(repo.root / "positions/a.md"), "--today", "2026-11-28"
    )
    assert whole.code == one.code == 1
    assert "CITE001" in one.out and one.out.splitlines()[0] == whole.out.splitlines()[0]


@pytest.mark.parametrize("shell", ["bash", "zsh"])
def test_completion_scripts_name_the_verbs_and_options(shell: str, accord) -> None:
    run = accord("completion", shell)
    assert run.code == 0
    for word in ("accord", "check", "edition", "publish", "--no-pdf", "--root"):
        assert word in run.out, word
