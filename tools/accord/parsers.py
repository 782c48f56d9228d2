"""The command line's verbs and options, each with examples (``accord VERB --help``).

Every verb names the repository folder the same way, ``--root DIR`` (default: the current folder);
the older positional spelling of some verbs still works, hidden from the help. A test keeps every
option of every verb in an example of its help.
"""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Callable
from pathlib import Path

from accord import report
from accord.vocabulary import KINDS

#: `accord diff`'s name for the files as they are now; a branch of that name is refs/heads/WORKTREE.
WORKTREE = "WORKTREE"
SHELLS = ("bash", "zsh", "tcsh")

Verbs = argparse._SubParsersAction


def date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an ISO date (YYYY-MM-DD): {value!r}") from None


#: Set when help is asked for: only then is rich_argparse imported (a check of one file starts
#: without it, and the workflows' dependency-free steps run without it).
RICH_HELP = False


def formatter(prog: str) -> argparse.HelpFormatter:
    """Help laid out by rich (colour on a terminal only), examples kept as written."""
    if RICH_HELP:
        try:
            from rich_argparse import RawDescriptionRichHelpFormatter
        except ImportError:
            pass
        else:
            return RawDescriptionRichHelpFormatter(prog)
    return argparse.RawDescriptionHelpFormatter(prog)


class OnlyVerb:
    """``verbs`` that adds the parser of one verb and hands every other verb's registration an
    ``_Unused`` that takes its options and keeps nothing."""

    def __init__(self, verbs: Verbs, name: str) -> None:
        self.verbs, self.name = verbs, name

    def add_parser(self, name: str, **kwargs: object) -> argparse.ArgumentParser:
        if name == self.name:
            return self.verbs.add_parser(name, **kwargs)  # type: ignore[arg-type]
        return _Unused()  # type: ignore[return-value]


class _Unused:
    """An unused verb's parser, groups and sub-verbs: every call is taken and answered with itself."""

    def __getattr__(self, name: str) -> Callable[..., _Unused]:
        return lambda *args, **kwargs: self


def verb(
    verbs: Verbs, name: str, summary: str, examples: str, description: str | None = None
) -> argparse.ArgumentParser:
    """A verb whose help ends with examples (one per line: the command, then '# what it does')."""
    return verbs.add_parser(
        name,
        help=summary,
        description=description or summary[:1].upper() + summary[1:] + ".",
        epilog="examples:\n" + "\n".join(f"  {line}" for line in examples.strip().splitlines()),
        formatter_class=formatter,
    )


def add_format(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--format",
        choices=sorted(report.REPORTERS),
        default="text",
        help="how to print diagnostics (default: text; json for programs, github for workflow annotations)",
    )


def add_root(parser: argparse.ArgumentParser, *, positional: bool = False, what: str = "") -> None:
    """``--root DIR``; ``positional`` keeps the older ``accord VERB DIR`` working, unlisted."""
    parser.add_argument(
        "--root", type=Path, metavar="DIR", help=f"the repository folder{what} (default: the current folder)"
    )
    if positional:
        parser.add_argument("root_positional", nargs="?", type=Path, help=argparse.SUPPRESS)


def add_today(parser: argparse.ArgumentParser, what: str = "the date rules compare against") -> None:
    parser.add_argument("--today", type=date, metavar="YYYY-MM-DD", help=f"{what} (default: today)")


def register(verbs: Verbs) -> None:
    """The verbs of editors and maintainers."""
    check = verb(
        verbs,
        "check",
        "run every offline rule over the documents",
        """
accord check                                   # the whole repository in this folder
accord check positions/igf-policy-options.md   # report on one file (and those it can break)
accord check --root ../statements --format json
accord check --today 2026-12-31                # as if it were that day (consultation dates)
accord check --online --cache-ttl 1 --per-host 4 --timeout 20   # also visit every link and DOI
""",
    )
    check.add_argument(
        "paths", nargs="*", type=Path, metavar="PATH", help="files to limit the report to (default: all)"
    )
    add_root(check)
    add_format(check)
    add_today(check)
    online = check.add_argument_group("online checks")
    online.add_argument("--online", action="store_true", help="also visit every URL and resolve every DOI")
    online.add_argument(
        "--cache-ttl", type=float, default=7.0, metavar="DAYS", help="reuse results this recent (default: 7)"
    )
    online.add_argument(
        "--per-host", type=int, default=8, metavar="N", help="requests at once to one host (default: 8)"
    )
    online.add_argument(
        "--timeout", type=float, default=10.0, metavar="SECONDS", help="per request (default: 10)"
    )

    build = verb(
        verbs,
        "build",
        "check, then build the working-draft site and PDFs into _build/",
        """
accord build                        # _build/html, with a PDF beside each page
accord build --no-pdf               # the HTML only: quicker, for a look while editing
accord build --fresh --out /tmp/site --root ../statements
accord build --format github --today 2026-12-31
""",
    )
    add_root(build, positional=True)
    build.add_argument("--out", type=Path, metavar="DIR", help="output folder (default: ROOT/_build)")
    build.add_argument("--fresh", action="store_true", help="ignore the cache of the previous build")
    build.add_argument(
        "--no-pdf", action="store_true", help="the HTML site only, for a quick look while editing"
    )
    add_format(build)
    add_today(build)

    new = verb(
        verbs,
        "new",
        "start a new document: a draft with valid front matter in the kind's folder",
        """
accord new positions "Data governance and AI"   # writes positions/data-governance-and-ai.md
accord new principles "Our principles" --root ../statements --today 2026-12-01
""",
        description="Write KIND/ID.md, a draft dated today whose id is made from the title; "
        "it passes `accord check` at once. Then fill in its authors and text.",
    )
    new.add_argument("kind", metavar="KIND", choices=sorted(KINDS), help="positions or principles")
    new.add_argument("title", metavar="TITLE", help="the document's title, in quotes")
    add_root(new)
    add_today(new, "the document's date")

    init = verb(
        verbs,
        "init",
        "make the template your coalition's repository: settings, samples, CODEOWNERS",
        """
accord init                      # in a terminal: asks for what it needs
accord init --title "Rights Coalition: positions" --organisation "Rights Coalition" \\
    --base-url https://rights.example.org/ --repository rights/statements --licence CC-BY-4.0 \\
    --remove-samples
accord init --root ../statements --keep-samples --force   # again, keeping the sample papers
""",
        description="Write the coalition's settings into [tool.accord] in pyproject.toml, remove the "
        "sample documents (with their endorsements, changelog entries and uncited references) unless "
        "told to keep them, and regenerate .github/CODEOWNERS. Asks for what the options do not give "
        "when run in a terminal.",
    )
    add_root(init)
    init.add_argument("--title", help="site title, shown in the header and the PDFs")
    init.add_argument("--organisation", help="the coalition that issues the statements")
    init.add_argument("--base-url", metavar="URL", help="public address of the published site (GitHub Pages)")
    init.add_argument(
        "--repository", metavar="OWNER/NAME", help="on GitHub (default: from `git remote get-url origin`)"
    )
    init.add_argument(
        "--licence",
        metavar="SPDX",
        help="licence of the texts, an SPDX id (default: the current one, else CC-BY-4.0)",
    )
    samples = init.add_mutually_exclusive_group()
    samples.add_argument(
        "--remove-samples",
        dest="samples",
        action="store_const",
        const="remove",
        help="delete the sample documents (the default)",
    )
    samples.add_argument(
        "--keep-samples", dest="samples", action="store_const", const="keep", help="keep the sample documents"
    )
    init.add_argument(
        "--force", action="store_true", help="run again on a repository that has a title of its own"
    )

    doctor = verb(
        verbs,
        "doctor",
        "check this machine and the settings, and say what to do",
        """
accord doctor
accord doctor --root ../statements
""",
        description="One line per check (ok, warning or problem, and what to do): Python, Typst, the "
        "PDF fonts, base-url, repository (against the origin remote), tag signing, the pre-commit hook, "
        "chromium (for the tests) and GitHub Pages. Exit 1 when something is a problem.",
    )
    add_root(doctor)

    serve = verb(
        verbs,
        "serve",
        "live preview while editing: rebuilt on every save, problems shown in the page",
        """
accord serve                        # http://127.0.0.1:8000 (the next free port if it is taken)
accord serve --port 8080 --host 0.0.0.0 --root ../statements   # reachable from other machines
accord serve --no-pdf               # pages only: no PDFs rebuilt in the background
""",
    )
    add_root(serve, positional=True)
    serve.add_argument("--port", type=int, default=8000, help="the port to serve on (default: 8000)")
    serve.add_argument(
        "--host", default="127.0.0.1", help="the address to listen on (default: 127.0.0.1, this machine only)"
    )
    serve.add_argument(
        "--no-pdf",
        action="store_true",
        help="pages only (by default the PDFs are rebuilt in the background after each edit is shown)",
    )

    release = verb(
        verbs,
        "release",
        "preflight checks, then an annotated tag that makes VERSION an official edition",
        """
accord release v1.1 --dry-run       # the checks only, no tag
accord release v1.1                 # then: git push origin v1.1
accord release v2.0 --root ../statements --today 2026-12-31 --format json
""",
    )
    release.add_argument("version", metavar="VERSION", help="the tag to make, such as v1.0")
    add_root(release)
    release.add_argument("--dry-run", action="store_true", help="run the checks and make no tag")
    add_today(release)
    add_format(release)

    explain = verb(
        verbs,
        "explain",
        "the rule of a diagnostic code, a wrong and a fixed example, and where the docs say more",
        """
accord explain CITE001
accord explain meta002 xref002      # several at once; case does not matter
accord explain                      # every code
""",
    )
    explain.add_argument("codes", nargs="*", metavar="CODE", help="codes to explain (default: all)")

    diff = verb(
        verbs,
        "diff",
        "a redline between two revisions (tags, branches, commits) or a revision and the working tree",
        f"""
accord diff v1.0                    # from edition v1.0 to the files as they are now ({WORKTREE})
accord diff v1.0 v1.1 --out /tmp/redline --root ../statements
accord diff v1.0 v1.1 --rendered    # compare the built pages' text, as the editions' redlines do
""",
    )
    diff.add_argument("old", metavar="A", help="the older revision, for example a tag such as v1.0")
    diff.add_argument(
        "new",
        metavar="B",
        nargs="?",
        default=WORKTREE,
        help=f"the newer revision (default: {WORKTREE}, the files as they are now, committed or not)",
    )
    add_root(diff)
    diff.add_argument(
        "--out", type=Path, metavar="DIR", help="output folder (default: ROOT/_build/diff/A..B)"
    )
    diff.add_argument(
        "--rendered",
        action="store_true",
        help="compare the text as the built pages show it (headings, lists, citations, paragraph "
        "numbers), as each edition's redline does, rather than the sources; builds both revisions",
    )

    owners = verb(
        verbs,
        "codeowners",
        "write .github/CODEOWNERS from the documents' authors",
        """
accord codeowners                   # rewrite the generated part of .github/CODEOWNERS
accord codeowners --check --format github --root ../statements   # write nothing; exit 1 if stale
""",
    )
    add_root(owners, positional=True)
    owners.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 if the file is out of date"
    )
    add_format(owners)

    completion = verb(
        verbs,
        "completion",
        "print a shell completion script for accord",
        """
accord completion bash > ~/.local/share/bash-completion/completions/accord
accord completion zsh > ~/.zfunc/_accord     # with fpath+=~/.zfunc before compinit in ~/.zshrc
""",
    )
    completion.add_argument("shell", metavar="SHELL", choices=SHELLS, help=", ".join(SHELLS))
