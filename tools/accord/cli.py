"""``accord <verb>``: the command line, and the only module that prints."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from accord import __version__, report
from accord.diagnostics import Diagnostic
from accord.vocabulary import KINDS

if TYPE_CHECKING:
    from accord.settings import Settings

CHECK_CACHE = "accord-check-cache.json"
#: `accord diff`'s name for the files as they are now; a branch of that name is refs/heads/WORKTREE.
WORKTREE = "WORKTREE"


class UsageError(Exception):
    """Bad arguments: exit code 2 with a message, never a traceback."""


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an ISO date (YYYY-MM-DD): {value!r}") from None


def _add_format(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--format",
        choices=sorted(report.REPORTERS),
        default="text",
        help="how to print diagnostics (default: text)",
    )


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="accord",
        description="Check, build and preview a coalition's position papers and statements of principles.",
    )
    parser.add_argument("--version", action="version", version=f"accord {__version__}")
    verbs = parser.add_subparsers(dest="verb", required=True, metavar="VERB")

    check = verbs.add_parser("check", help="run every offline rule over the documents")
    check.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PATH",
        help="a repository folder (default: the current folder), or files to limit the report to",
    )
    _add_format(check)
    check.add_argument("--today", type=_date, help="the date rules compare against (default: today)")
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

    build = verbs.add_parser("build", help="check, then build the working-draft site and PDFs into _build/")
    build.add_argument("root", nargs="?", type=Path, default=Path(), help="repository folder")
    build.add_argument("--out", type=Path, help="output folder (default: ROOT/_build)")
    build.add_argument("--fresh", action="store_true", help="ignore the cache of the previous build")
    build.add_argument(
        "--no-pdf", action="store_true", help="the HTML site only, for a quick look while editing"
    )
    _add_format(build)
    build.add_argument("--today", type=_date, help="the date rules compare against (default: today)")

    new = verbs.add_parser(
        "new",
        help="start a new document: a draft with valid front matter in the kind's folder",
        description="Write KIND/ID.md, a draft dated today whose id is made from the title; "
        "it passes `accord check` at once. Then fill in its authors and text.",
        epilog='example:\n  accord new positions "Data governance and AI"\n'
        "  (writes positions/data-governance-and-ai.md)",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    new.add_argument("kind", metavar="KIND", choices=sorted(KINDS), help="positions or principles")
    new.add_argument("title", metavar="TITLE", help="the document's title, in quotes")
    new.add_argument("--root", type=Path, default=Path(), help="repository folder (default: the current one)")
    new.add_argument("--today", type=_date, help="the document's date (default: today)")

    init = verbs.add_parser(
        "init",
        help="make the template your coalition's repository: settings, samples, CODEOWNERS",
        description="Write the coalition's settings into [tool.accord] in pyproject.toml, remove the "
        "sample documents (with their endorsements, changelog entries and uncited references) unless "
        "told to keep them, and regenerate .github/CODEOWNERS. Asks for what the options do not give "
        "when run in a terminal.",
        epilog='example:\n  accord init --title "Rights Coalition: positions" --organisation "Rights Coalition" '
        "\\\n    --base-url https://rights.example.org/ --repository rights/statements --remove-samples",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    init.add_argument(
        "--root", type=Path, default=Path(), help="repository folder (default: the current one)"
    )
    init.add_argument("--title", help="site title, shown in the header and the PDFs")
    init.add_argument("--organisation", help="the coalition that issues the statements")
    init.add_argument("--base-url", help="public address of the published site (GitHub Pages)")
    init.add_argument("--repository", help="GitHub 'owner/name' (default: from `git remote get-url origin`)")
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

    doctor = verbs.add_parser(
        "doctor",
        help="check this machine and the settings, and say what to do",
        description="One line per check (ok, warning or problem, and what to do): Python, Typst, the "
        "PDF fonts, base-url, repository (against the origin remote), tag signing, the pre-commit hook, "
        "chromium (for the tests) and GitHub Pages. Exit 1 when something is a problem.",
        epilog="example:\n  accord doctor",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    doctor.add_argument(
        "--root", type=Path, default=Path(), help="repository folder (default: the current one)"
    )

    serve = verbs.add_parser("serve", help="live preview while editing")
    serve.add_argument("root", nargs="?", type=Path, default=Path(), help="repository folder")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--host", default="127.0.0.1")

    release = verbs.add_parser(
        "release", help="preflight checks, then an annotated tag that makes VERSION an official edition"
    )
    release.add_argument("version", metavar="VERSION", help="the tag to make, such as v1.0")
    release.add_argument("--root", type=Path, default=Path(), help="repository folder")
    release.add_argument("--dry-run", action="store_true", help="run the checks and make no tag")
    release.add_argument("--today", type=_date, help="the date rules compare against (default: today)")
    _add_format(release)

    edition = verbs.add_parser("edition", help="official editions: build a tag, publish, verify")
    edition_verbs = edition.add_subparsers(dest="edition_verb", required=True, metavar="ACTION")
    edition_build = edition_verbs.add_parser(
        "build", help="build a release tag from scratch into _build/editions/TAG/ with a manifest"
    )
    edition_build.add_argument("tag", metavar="TAG")
    edition_build.add_argument("--root", type=Path, default=Path(), help="repository folder")
    edition_build.add_argument("--out", type=Path, help="output folder (default: ROOT/_build)")
    _add_format(edition_build)
    publish = edition_verbs.add_parser(
        "publish", help="merge built editions and the working draft into the site, never rewriting an edition"
    )
    publish.add_argument("--site", type=Path, required=True, help="the site folder (created if missing)")
    publish.add_argument("--root", type=Path, default=Path(), help="repository folder")
    publish.add_argument(
        "--editions", type=Path, help="folder of built editions (default: ROOT/_build/editions)"
    )
    publish.add_argument(
        "--draft", type=Path, help="the built working draft (default: ROOT/_build/html when it exists)"
    )
    publish.add_argument("--no-draft", action="store_true", help="leave the site's draft as it is")
    _add_format(publish)
    verify = edition_verbs.add_parser("verify", help="check every published edition against its manifest")
    verify.add_argument("--site", type=Path, required=True, help="the site folder")
    _add_format(verify)

    explain = verbs.add_parser("explain", help="print the rule and an example for diagnostic codes")
    explain.add_argument("codes", nargs="*", metavar="CODE", help="codes to explain (default: all)")

    diff = verbs.add_parser(
        "diff",
        help="a redline between two revisions (tags, branches, commits) or a revision and the working tree",
    )
    diff.add_argument("old", metavar="A", help="the older revision, for example a tag such as v1.0")
    diff.add_argument(
        "new",
        metavar="B",
        nargs="?",
        default=WORKTREE,
        help=f"the newer revision (default: {WORKTREE}, the files as they are now, committed or not)",
    )
    diff.add_argument(
        "--root", type=Path, default=Path(), help="repository folder (default: the current one)"
    )
    diff.add_argument("--out", type=Path, help="output folder (default: ROOT/_build/diff/A..B)")
    _add_github_verbs(verbs)
    return parser


def _add_github_verbs(verbs: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """`accord codeowners` and `accord github ...`: what the GitHub workflows call."""
    from accord.github import BUILD_OUTCOMES

    owners = verbs.add_parser("codeowners", help="write .github/CODEOWNERS from the documents' authors")
    owners.add_argument("root", nargs="?", type=Path, default=Path(), help="repository folder")
    owners.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 if the file is out of date"
    )
    _add_format(owners)

    github = verbs.add_parser("github", help="data and messages for the GitHub workflows")
    tasks = github.add_subparsers(dest="task", required=True, metavar="TASK")
    summary = tasks.add_parser(
        "preview-summary", help="the pages a pull request changes and its check result, as JSON"
    )
    summary.add_argument(
        "root", nargs="?", type=Path, default=Path(), help="repository folder (a git work tree)"
    )
    summary.add_argument("--base", required=True, help="the revision the pull request starts from")
    summary.add_argument("--head", default="HEAD", help="the revision with the changes (default: HEAD)")
    summary.add_argument("--check", type=Path, metavar="FILE", help="what `accord check --format json` wrote")
    summary.add_argument("--build", choices=sorted(BUILD_OUTCOMES), help="the outcome of the build step")
    summary.add_argument("--pull-request", type=int, metavar="N", help="the pull request's number")
    summary.add_argument("--head-sha", metavar="SHA", help="the pull request's head commit")
    summary.add_argument("--out", type=Path, metavar="FILE", help="write here (default: standard output)")

    comment = tasks.add_parser(
        "preview-comment", help="the pull request's preview comment from an untrusted summary"
    )
    comment.add_argument("summary", type=Path, help="the summary that preview-summary wrote")
    comment.add_argument("--head-sha", required=True, help="the commit the workflow run built (trusted)")
    comment.add_argument("--run-url", help="the workflow run that built the preview")
    comment.add_argument("--artifact-url", help="where to download the built site")
    comment.add_argument("--out", type=Path, required=True, metavar="FILE", help="write the comment here")

    links = tasks.add_parser(
        "links-issue", help="the rotten-links issue from `accord check --online --format json`"
    )
    links.add_argument("report", type=Path, help="the JSON report")
    links.add_argument("--run-url", help="the workflow run that checked the links")
    links.add_argument("--out", type=Path, required=True, metavar="FILE", help="write the issue body here")

    assets = tasks.add_parser("release-assets", help="an edition's files for its GitHub release")
    assets.add_argument("edition", type=Path, help="the edition folder, _build/editions/TAG")
    assets.add_argument("--out", type=Path, required=True, metavar="DIR", help="write the files here")
    assets.add_argument(
        "--epoch", type=int, help="file times in the archive, in seconds (default: SOURCE_DATE_EPOCH, else 0)"
    )
    unpack = tasks.add_parser("unpack-editions", help="edition archives from releases back into folders")
    unpack.add_argument("archives", nargs="*", type=Path, metavar="ARCHIVE", help="edition-TAG.tar.gz files")
    unpack.add_argument("--into", type=Path, required=True, metavar="DIR", help="usually _build/editions")


def _split_paths(paths: Sequence[Path]) -> tuple[Path, list[Path] | None]:
    """(repository root, files to report on, or None for all)."""
    if not paths:
        return Path.cwd(), None
    missing = [p for p in paths if not p.exists()]
    if missing:
        raise UsageError(f"no such file or folder: {missing[0]}")
    folders = [p for p in paths if p.is_dir()]
    if folders:
        if len(paths) > 1:
            raise UsageError("give one repository folder, or only files")
        return folders[0], None
    root = Path.cwd().resolve()
    outside = [p for p in paths if not p.resolve().is_relative_to(root)]
    if outside:
        raise UsageError(
            f"{outside[0]} is outside the repository {root}; run accord from the repository root"
        )
    return root, [p.resolve() for p in paths]


def _folder(path: Path) -> Path:
    """``path`` resolved, when it is a folder; else a usage error."""
    resolved = path.resolve()
    if not resolved.is_dir():
        raise UsageError(f"no such folder: {path}")
    return resolved


def _print(diagnostics: Sequence[Diagnostic], fmt: str, root: Path | None = None) -> None:
    if fmt == "text" and root is not None:
        report.text(diagnostics, sys.stdout, root)  # on a terminal, with the source lines
        return
    report.REPORTERS[fmt](diagnostics, sys.stdout)


def _exit_code(diagnostics: Sequence[Diagnostic], settings: Settings) -> int:
    """Errors fail; so do warnings when the repository sets ``strict = true``."""
    if settings.strict and diagnostics:
        return report.FINDINGS
    return report.exit_code(diagnostics)


def _check(args: argparse.Namespace) -> int:
    root, files = _split_paths(args.paths)
    only = None
    if files is not None:
        only = {f.relative_to(root.resolve()).as_posix() for f in files}
    today = args.today or dt.date.today()
    from accord import runcache

    key = None
    if only is None and not args.online:
        # Nothing changed since the last full check: its report, without reading a file.
        key = runcache.key(root, today)
        stored = runcache.load(root, key)
        if stored is not None:
            _print(stored.diagnostics, args.format, root)
            print(report.summary(stored.diagnostics, stored.documents), file=sys.stderr)
            return stored.exit_code
    from accord import checks, corpus

    loaded = corpus.load(root, only=only)
    cache = None
    if only is None or loaded.bibliography.path in only:
        # Every document is checked (the bibliography's rules need what they all cite): reuse the
        # findings of unchanged ones. A check of a few files neither reads nor shrinks the cache.
        from accord.cachedir import cache_dir
        from accord.checkcache import CheckCache

        cache = CheckCache.load(cache_dir(root) / CHECK_CACHE)
    diagnostics = checks.run(loaded, today=today, only=only, cache=cache)
    if cache is not None:
        cache.save()
    if only is None:
        # Only the full check: `accord build` and the pre-commit path need no reminder of a setting.
        from accord.checks import versions

        diagnostics = sorted({*diagnostics, *versions.base_url(loaded.settings, loaded.documents)})
        if not args.online:
            code = report.USAGE if any(d.code == "META030" for d in diagnostics) else None
            code = code if code is not None else _exit_code(diagnostics, loaded.settings)
            runcache.save(root, key, runcache.Report(diagnostics, len(loaded.documents), code))
    if args.online:
        from accord.links import check_online
        from accord.links.client import Options

        options = Options(
            per_host=max(1, args.per_host), timeout=args.timeout, archive_api=loaded.settings.archive_api
        )
        found = check_online(loaded, options=options, ttl_days=args.cache_ttl)
        diagnostics = sorted({*diagnostics, *(d for d in found if only is None or d.path in only)})
    _print(diagnostics, args.format, root)
    checked = len(loaded.documents) if only is None else len(only & {d.path for d in loaded.documents})
    print(report.summary(diagnostics, checked), file=sys.stderr)
    if any(d.code == "META030" for d in diagnostics):
        return report.USAGE
    return _exit_code(diagnostics, loaded.settings)


def _build(args: argparse.Namespace) -> int:
    from accord import build, checks, corpus
    from accord.checkcache import CheckCache

    root = _folder(args.root)
    out = (args.out or root / "_build").resolve()
    loaded = corpus.load(root)
    # Only documents changed since the last build are parsed again by the preflight check.
    cache = CheckCache(out / CHECK_CACHE) if args.fresh else CheckCache.load(out / CHECK_CACHE)
    diagnostics = checks.run(loaded, today=args.today or dt.date.today(), cache=cache)
    cache.save()
    if _exit_code(diagnostics, loaded.settings) != report.OK:
        _print(diagnostics, args.format)
        print(report.summary(diagnostics, len(loaded.documents)) + "; not building", file=sys.stderr)
        return report.USAGE if any(d.code == "META030" for d in diagnostics) else report.FINDINGS
    result = build.site(root, out, fresh=args.fresh, pdf=not args.no_pdf)
    diagnostics = [*diagnostics, *result.diagnostics]
    _print(diagnostics, args.format)
    if _exit_code(diagnostics, loaded.settings) != report.OK:
        print(report.summary(diagnostics, len(loaded.documents)) + "; the build failed", file=sys.stderr)
        return report.FINDINGS
    from accord.editions import provenance

    provenance.record(root, result.html)  # `accord edition publish` checks the draft is of HEAD
    made = "HTML" if args.no_pdf else "HTML and PDF"
    print(f"accord: built {len(loaded.documents)} documents ({made}) into {result.html}", file=sys.stderr)
    return report.OK


def _new(args: argparse.Namespace) -> int:
    from accord import newdoc, settings

    root = _folder(args.root)
    organisation = settings.load(root)[0].organisation
    try:
        path = newdoc.create(root, args.kind, args.title, args.today or dt.date.today(), organisation)
    except newdoc.NewError as error:
        raise UsageError(str(error)) from None
    relative = path.relative_to(root).as_posix()
    print(relative)
    print(
        f"accord: wrote {relative}, a draft. Next: name its authors and write its text, then run "
        f"`accord check {relative}` and `accord serve` to preview it.",
        file=sys.stderr,
    )
    return report.OK


def _ask(question: str, default: str) -> str:
    """The editor's answer in a terminal; the default when they just press Enter."""
    shown = f" [{default}]" if default else ""
    return input(f"{question}{shown}: ").strip() or default


def _init(args: argparse.Namespace) -> int:
    from accord import adopt, settings

    root = _folder(args.root)
    current = settings.load(root)[0]
    if adopt.adopted(root) and not args.force:
        raise UsageError(
            f"this repository has its own title already ({current.title!r}); "
            "run `accord init --force` to change its settings again"
        )
    given = {"title": args.title, "organisation": args.organisation}
    given |= {"base-url": args.base_url, "repository": args.repository}
    defaults = {"title": "", "organisation": current.organisation, "base-url": current.base_url}
    defaults["repository"] = current.repository or adopt.origin_repository(root) or ""
    interactive = sys.stdin.isatty()
    questions = {
        "title": "Site title",
        "organisation": "Your coalition's name",
        "base-url": "Public address of the site (https://OWNER.github.io/NAME/)",
        "repository": "GitHub repository (owner/name)",
    }
    values: dict[str, str] = {}
    for key in adopt.ASKED:
        value = given[key]
        if value is None:
            value = _ask(questions[key], defaults[key]) if interactive else defaults[key]
        if value:
            values[key] = value
    if "title" not in values:
        raise UsageError('give the site a title: --title "Your coalition: statements"')
    samples = args.samples
    if samples is None:
        samples = (
            "keep"
            if interactive and _ask("Remove the sample documents? (y/n)", "y")[:1] in "nN"
            else "remove"
        )
    try:
        adopt.write_settings(root, values)
    except adopt.InitError as error:
        raise UsageError(f"{error} (nothing was changed)") from None
    removed = adopt.remove_samples(root) if samples == "remove" else []
    adopt.write_codeowners(root)
    print(f"accord: wrote [tool.accord] in pyproject.toml ({', '.join(values)})", file=sys.stderr)
    if removed:
        print(f"accord: removed {len(removed)} sample files: {', '.join(removed)}", file=sys.stderr)
    print(
        "Next:\n"
        "  accord check                  # the repository should pass at once\n"
        "  accord build                  # the site and PDFs into _build/\n"
        '  accord new positions "Title"  # your first document\n'
        '  git add -A && git commit -m "Adopt the Accord template" && git push\n'
        "  On GitHub: Settings > Pages > Source: GitHub Actions, so the workflow publishes the site.\n"
        "  accord doctor                 # checks this machine and the settings",
        file=sys.stderr,
    )
    return report.OK


def _doctor(args: argparse.Namespace) -> int:
    from accord import doctor

    findings = doctor.run(_folder(args.root))
    for finding in findings:
        print(finding.line())
    problems = sum(f.state == doctor.PROBLEM for f in findings)
    warnings = sum(f.state == doctor.WARNING for f in findings)
    print(f"accord doctor: {problems} problems, {warnings} warnings", file=sys.stderr)
    return report.FINDINGS if problems else report.OK


def _serve(args: argparse.Namespace) -> int:
    from accord import build

    return build.serve(args.root.resolve(), host=args.host, port=args.port)


def _explain(args: argparse.Namespace) -> int:
    from accord.catalogue import CODES

    codes = [c.upper() for c in args.codes] or list(CODES)
    unknown = [c for c in codes if c not in CODES]
    if unknown:
        raise UsageError(f"unknown code {unknown[0]!r}; `accord explain` lists them all")
    for code in codes:
        entry = CODES[code]
        print(f"{entry.code} ({entry.severity}): {entry.rule}\n    example: {entry.example}")
    return report.OK


def _release(args: argparse.Namespace) -> int:
    from accord import settings
    from accord.editions import release
    from accord.editions.git import GitError, top_level

    root = args.root.resolve()
    try:
        if top_level(root).resolve() != root:
            raise UsageError(f"{root} is not the top folder of a git repository")
        repo, _ = settings.load(root)
        planned = release.preflight(
            root,
            args.version,
            branch=repo.branch,
            today=args.today or dt.date.today(),
            tag_pattern=repo.tag_pattern,
        )
        _print(planned.diagnostics, args.format)
        if report.exit_code(planned.diagnostics) != report.OK:
            print(
                f"{report.summary(planned.diagnostics, 0).split(' in ')[0]}; no tag made",
                file=sys.stderr,
            )
            return report.FINDINGS
        if args.dry_run:
            print(f"accord: {args.version} is ready to release (dry run: no tag made)", file=sys.stderr)
            return report.OK
        release.tag(root, planned)
    except GitError as error:
        raise UsageError(str(error)) from None
    signed = "signed, " if planned.signed else ""
    print(
        f"accord: tagged {args.version} ({signed}annotated); push it with `git push origin {args.version}`"
        " and the release workflow builds and publishes the edition",
        file=sys.stderr,
    )
    return report.OK


def _edition(args: argparse.Namespace) -> int:
    from accord.editions.git import GitError

    try:
        return EDITION_VERBS[args.edition_verb](args)
    except GitError as error:
        raise UsageError(str(error)) from None


def _edition_build(args: argparse.Namespace) -> int:
    from accord.editions.build import build_edition

    root = args.root.resolve()
    built = build_edition(root, args.tag, out=args.out.resolve() if args.out else None)
    _print(built.diagnostics, args.format)
    if report.exit_code(built.diagnostics) != report.OK:
        print(f"accord: edition {args.tag} was not built", file=sys.stderr)
        return report.FINDINGS
    state = "built again, identical to the earlier build in" if built.unchanged else "built into"
    print(f"accord: edition {args.tag} {state} {built.folder}", file=sys.stderr)
    return report.OK


def _edition_publish(args: argparse.Namespace) -> int:
    from accord import settings
    from accord.editions import provenance
    from accord.editions.publish import built_editions, publish

    root = args.root.resolve()
    repo, _ = settings.load(root)
    draft = None if args.no_draft else (args.draft or root / "_build" / "html")
    if draft is not None and not draft.is_dir():
        if args.draft is not None:
            raise UsageError(f"no such folder: {args.draft}")
        draft = None
    if args.editions is not None and not args.editions.is_dir():
        raise UsageError(f"no such folder: {args.editions}")
    if draft is not None and (stale := provenance.draft_problem(root, draft)) is not None:
        _print([stale], args.format)
        print("accord: nothing was published", file=sys.stderr)
        return report.FINDINGS
    editions = built_editions((args.editions or root / "_build" / "editions").resolve())
    done = publish(
        args.site.resolve(), editions=editions, draft=draft, base_url=repo.base_url, title=repo.title
    )
    _print(done.diagnostics, args.format)
    if done.diagnostics:
        print("accord: nothing was published", file=sys.stderr)
        return report.exit_code(done.diagnostics)
    parts = [f"{len(done.added)} new editions ({', '.join(done.added) or 'none'})"]
    parts.append(f"{len(done.unchanged)} already published and identical")
    parts.append("the draft replaced" if done.draft else "the draft kept as it was")
    if done.recovered:
        parts.insert(0, "an interrupted earlier run undone")
    print(f"accord: published into {args.site}: {'; '.join(parts)}", file=sys.stderr)
    return report.OK


def _edition_verify(args: argparse.Namespace) -> int:
    from accord.editions.site import published
    from accord.editions.verify import check_site

    target = _folder(args.site)
    diagnostics = sorted(check_site(target))
    _print(diagnostics, args.format)
    tags = published(target)
    verdict = "every file matches its manifest" if not diagnostics else f"{len(diagnostics)} problems"
    print(f"accord: {len(tags)} editions verified: {verdict}", file=sys.stderr)
    return report.exit_code(diagnostics)


def _diff(args: argparse.Namespace) -> int:
    from accord.editions import redline, redline_html, revisions

    root = _folder(args.root)
    try:
        old, new = (
            revisions.snapshot(root, None if rev == WORKTREE else rev) for rev in (args.old, args.new)
        )
    except revisions.RevisionError as error:
        raise UsageError(str(error)) from None
    comparison = redline.compare(old, new)
    names = [re.sub(r"[^A-Za-z0-9._-]+", "-", rev).strip("-.") or "rev" for rev in (args.old, args.new)]
    out = (args.out or root / "_build" / "diff" / "..".join(names)).resolve()
    redline_html.write(
        comparison,
        out,
        title=f"Changes from {old.label} to {new.label}",
        old_label=old.label,
        new_label=new.label,
    )
    print(f"accord diff: {comparison.summary()}", file=sys.stderr)
    print(f"accord diff: wrote {out / redline_html.INDEX}", file=sys.stderr)
    return report.OK


def _codeowners(args: argparse.Namespace) -> int:
    from accord import codeowners, corpus
    from accord.checks import owners

    root = _folder(args.root)
    loaded = corpus.load(root)
    existing = owners.read(loaded)
    if args.check:
        diagnostics = list(owners.problems(loaded, existing, required=True))
        _print(diagnostics, args.format)
        return report.exit_code(diagnostics)
    target = root / codeowners.PATH
    text = codeowners.render(loaded.documents, existing)
    lines = len(codeowners.owner_lines(loaded.documents))
    if text == existing:
        print(f"accord: {codeowners.PATH} is up to date ({lines} documents with owners)", file=sys.stderr)
        return report.OK
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    print(f"accord: wrote {codeowners.PATH} ({lines} documents with owners)", file=sys.stderr)
    return report.OK


def _github(args: argparse.Namespace) -> int:
    from accord import github, preview

    try:
        if args.task == "preview-summary":
            check = None
            if args.check is not None:
                check = preview.read_check_report(args.check)
            data = preview.summary(
                args.root.resolve(),
                base=args.base,
                head=args.head,
                check=check,
                build=args.build,
                pull_request=args.pull_request,
                head_sha=args.head_sha,
            )
            text = json.dumps(data, ensure_ascii=False, indent=1) + "\n"
            if args.out is None:
                sys.stdout.write(text)
            else:
                github.write_body(args.out, text)
            return report.OK
        if args.task == "preview-comment":
            summary = github.PreviewSummary.read(github.load_json(args.summary))
            body = github.preview_comment(
                summary, head_sha=args.head_sha, run_url=args.run_url, artifact_url=args.artifact_url
            )
            github.write_body(args.out, body)
            print(summary.pull_request)
            return report.OK
        if args.task == "links-issue":
            body, count = github.links_issue(github.load_json(args.report), run_url=args.run_url)
            github.write_body(args.out, body)
            print(count)
            return report.OK
        return _release_task(args)
    except (github.UntrustedInput, preview.GitError) as error:
        raise UsageError(str(error)) from None


def _release_task(args: argparse.Namespace) -> int:
    from accord import releases

    try:
        if args.task == "release-assets":
            epoch = args.epoch
            if epoch is None:
                given = os.environ.get("SOURCE_DATE_EPOCH", "0") or "0"
                if not given.isdigit():
                    raise UsageError(f"SOURCE_DATE_EPOCH must be whole seconds: {given!r}")
                epoch = int(given)
            for path in releases.assets(args.edition, args.out, epoch=epoch):
                print(path)
            return report.OK
        for archive in args.archives:
            print(releases.unpack(archive, args.into))
        return report.OK
    except releases.ReleaseError as error:
        raise UsageError(str(error)) from None


EDITION_VERBS = {"build": _edition_build, "publish": _edition_publish, "verify": _edition_verify}

VERBS = {
    "check": _check,
    "build": _build,
    "new": _new,
    "init": _init,
    "doctor": _doctor,
    "serve": _serve,
    "edition": _edition,
    "release": _release,
    "diff": _diff,
    "explain": _explain,
}
VERBS |= {"codeowners": _codeowners, "github": _github}


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return VERBS[args.verb](args)
    except UsageError as error:
        print(f"accord {args.verb}: error: {error}", file=sys.stderr)
        return report.USAGE
    except KeyboardInterrupt:
        print("accord: interrupted", file=sys.stderr)
        return report.USAGE
    except Exception:
        print(f"accord {args.verb}: internal error:\n{traceback.format_exc()}", file=sys.stderr)
        return report.USAGE


if __name__ == "__main__":
    sys.exit(main())
