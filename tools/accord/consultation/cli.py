"""``accord consultation collect ID`` and ``accord endorsements collect ID``: the verbs of the
consultation package, registered on the main parser by ``register`` (accord.cli calls it)."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from accord import report


def _since(value: str) -> str:
    """An ISO date or date and time, as GitHub's ``since`` wants it: 2026-11-20T00:00:00Z."""
    import datetime as dt

    try:
        when = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an ISO date or time: {value!r}") from None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return when.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "document", metavar="ID", nargs="?", help="the document's id (its file name without .md)"
    )
    parser.add_argument(
        "--root", type=Path, default=Path(), help="repository folder (default: the current one)"
    )
    parser.add_argument(
        "--since",
        type=_since,
        metavar="WHEN",
        help="only issues updated since this ISO date or time (2026-11-20 or 2026-11-20T10:00:00Z)",
    )
    parser.add_argument("--no-github", action="store_true", help="read no issues from GitHub")
    parser.add_argument(
        "--all", action="store_true", help="every document that takes them, instead of one ID"
    )
    parser.add_argument(
        "--format", choices=sorted(report.REPORTERS), default="text", help="how to print diagnostics"
    )


def register(
    verbs: argparse._SubParsersAction, handlers: dict[str, Callable[[argparse.Namespace], int]]
) -> None:
    """Add the verbs to the ``accord`` parser and their functions to ``handlers``."""
    from accord.parsers import formatter

    consultation = verbs.add_parser(
        "consultation",
        help="public consultations: collect the comments",
        epilog="examples:\n  accord consultation collect igf-policy-options\n"
        "  accord consultation collect --all --since 2026-11-20",
        formatter_class=formatter,
    )
    actions = consultation.add_subparsers(
        dest="consultation_verb", required=True, metavar="ACTION", help="collect"
    )
    collect = actions.add_parser(
        "collect",
        help="add new comment issues (and e-mails) on a document to consultations/ID.yaml",
        description="Read the comment issues of document ID through GitHub's REST API (GITHUB_API_URL, "
        "GITHUB_TOKEN, GITHUB_REPOSITORY or [tool.accord] repository) and e-mailed comments from an "
        "mbox file, and add the new ones to consultations/ID.yaml. What the file holds is never changed.",
        epilog="examples:\n"
        "  accord consultation collect igf-policy-options      # new comment issues since the last run\n"
        "  accord consultation collect igf-policy-options --mbox comments.mbox --no-github\n"
        "  accord consultation collect --all --since 2026-11-20 --root ../statements --format json",
        formatter_class=formatter,
    )
    _common(collect)
    collect.add_argument(
        "--mbox", type=Path, metavar="FILE", help="also read e-mailed comments from this mbox file"
    )
    endorsements = verbs.add_parser(
        "endorsements",
        help="sign-ons: collect them from sign-on issues",
        epilog="examples:\n  accord endorsements collect igf-policy-options",
        formatter_class=formatter,
    )
    endorse_actions = endorsements.add_subparsers(
        dest="endorsements_verb", required=True, metavar="ACTION", help="collect"
    )
    signons = endorse_actions.add_parser(
        "collect",
        help="add new sign-on issues for a document to endorsements/ID.yaml",
        description="Read the sign-on issues of document ID through GitHub's REST API and add the new "
        "organisations to endorsements/ID.yaml, with the version they signed and their kind.",
        epilog="examples:\n"
        "  accord endorsements collect igf-policy-options      # new sign-on issues\n"
        "  accord endorsements collect --all --since 2026-11-20 --no-github --root ../statements --format json",
        formatter_class=formatter,
    )
    _common(signons)
    handlers["consultation"] = _consultation
    handlers["endorsements"] = _endorsements


class _Usage(Exception):
    pass


def _api(args: argparse.Namespace, root: Path) -> object:
    """The GitHub API of the repository, or None when it is not read."""
    from accord import settings as settings_module
    from accord.consultation.github_issues import Api

    if args.no_github:
        return None
    repository = os.environ.get("GITHUB_REPOSITORY") or settings_module.load(root)[0].repository
    if not repository:
        if getattr(args, "mbox", None) is not None:
            return None
        raise _Usage("no repository: set GITHUB_REPOSITORY or [tool.accord] repository to 'owner/name'")
    problem = settings_module.shape_problem("repository", repository)
    if problem:
        raise _Usage(problem)
    return Api.from_environment(repository)


@contextlib.contextmanager
def _progress(what: str) -> Iterator[Callable[[int], None] | None]:
    """A status line on a terminal while pages are read; nothing otherwise."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console

    with Console(stderr=True).status(f"reading {what} ...") as status:
        yield lambda pages: status.update(f"reading {what}: {pages} page(s)")


def _documents(args: argparse.Namespace, root: Path, statuses: frozenset[str]) -> list[str]:
    """The ids to collect for: the one named, or with --all every document in ``statuses``."""
    if (args.document is None) == (not args.all):
        raise _Usage("name one document ID, or give --all")
    if args.document is not None:
        return [args.document]
    from accord.corpus import document_paths, read_document

    found = []
    for path in document_paths(root):
        document = read_document(root, path)[0]
        if document is not None and document.meta.get("status") in statuses:
            found.append(document.id)
    return found


def _run(
    args: argparse.Namespace,
    collect: Callable[..., Any],
    what: str,
    relative: Callable[[str], str],
    statuses: frozenset[str],
) -> int:
    from accord.consultation.collect import CollectError
    from accord.consultation.github_issues import ApiError
    from accord.diagnostics import make
    from accord.settings import load

    root = args.root.resolve()
    if not root.is_dir():
        print(f"accord: error: no such folder: {args.root}", file=sys.stderr)
        return report.USAGE
    found = []
    try:
        ids = _documents(args, root, statuses)
        api = _api(args, root)
        tag_pattern = load(root)[0].tag_pattern
        for doc_id in ids:
            try:
                with _progress(what) as progress:
                    result = collect(
                        root, doc_id, api=api, since=args.since, progress=progress, tag_pattern=tag_pattern
                    )
            except ApiError as error:
                diagnostic = make(error.code, relative(doc_id), 1, 1, detail=error.detail, hint=error.hint)
                report.REPORTERS[args.format]([*found, diagnostic], sys.stdout)
                return report.USAGE
            found += result.diagnostics
            requests = f", {result.requests} request(s) to GitHub" if api is not None else ""
            skipped = f", {result.skipped} closed as not planned left out" if result.skipped else ""
            added = f"{result.added} new {what if result.added != 1 else what.removesuffix('s')}"
            print(f"{relative(doc_id)}: {added} added{skipped}{requests}", file=sys.stderr)
            if api is not None:
                api.requests = 0
    except (_Usage, CollectError) as error:
        print(f"accord: error: {error}", file=sys.stderr)
        return report.USAGE
    report.REPORTERS[args.format](found, sys.stdout)
    if not ids:
        print(f"accord: no document to collect {what} for", file=sys.stderr)
    return report.exit_code(found)


def _consultation(args: argparse.Namespace) -> int:
    from accord.consultation import collect

    def run(root: Path, doc_id: str, **options: Any) -> object:
        return collect.collect(root, doc_id, mbox_path=args.mbox, **options)

    if args.mbox is not None and not args.mbox.is_file():
        print(f"accord: error: no such mbox file: {args.mbox}", file=sys.stderr)
        return report.USAGE
    return _run(args, run, "comments", collect.relative_path, frozenset({"consultation"}))


def _endorsements(args: argparse.Namespace) -> int:
    from accord import endorsements
    from accord.consultation import signons
    from accord.vocabulary import ENDORSABLE_STATUSES

    return _run(args, signons.collect, "sign-ons", endorsements.relative_path, ENDORSABLE_STATUSES)
