"""``accord <verb>``: the command line, and the only module that prints."""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path

from accord import __version__, parsers, parsers_editions, parsers_github, progress, report
from accord.diagnostics import Diagnostic
from accord.parsers import WORKTREE


class UsageError(Exception):
    """Bad arguments: exit code 2 with a message, never a traceback."""


def _parser(only: str | None = None) -> argparse.ArgumentParser:
    """The command's parser; with ``only``, the parser of that one verb's command line (the
    others are never parsed: building all of them was a tenth of a pre-commit check's work)."""
    parser = argparse.ArgumentParser(
        prog="accord",
        description="Check, build and preview a coalition's position papers and statements of principles.",
        epilog="examples:\n  accord check\n  accord build --no-pdf\n  accord explain CITE001\n"
        "  accord VERB --help      # each verb's options, with examples",
        formatter_class=parsers.formatter,
    )
    parser.add_argument("--version", action="version", version=f"accord {__version__}")
    verbs = parser.add_subparsers(
        dest="verb", required=True, metavar="VERB", help="what to do (`accord VERB --help`: its options)"
    )
    if only is not None:
        verbs = parsers.OnlyVerb(verbs, only)
    # Each module that brings verbs adds them here, one line each: `module.register(verbs)`. A verb
    # runs VERBS[name] (a module may add its handlers there), or the handler its parser sets with
    # set_defaults(handler=...).
    parsers.register(verbs)
    parsers_editions.register(verbs)
    parsers_github.register(verbs)
    from accord.consultation.cli import register as register_consultation

    register_consultation(verbs, VERBS)
    return parser


def _root(args: argparse.Namespace) -> None:
    """One name for the repository folder: ``--root``, or the older positional spelling."""
    if not hasattr(args, "root"):
        return
    legacy = getattr(args, "root_positional", None)
    if legacy is not None:
        if args.root is not None and args.root.resolve() != legacy.resolve():
            raise UsageError(f"two repository folders: {legacy} and --root {args.root}")
        args.root = legacy
    if args.root is None:
        args.root = Path()


def _split_paths(paths: Sequence[Path], base: Path | None = None) -> tuple[Path, list[Path] | None]:
    """(repository root, files to report on, or None for all); ``base`` is the --root given."""
    if not paths:
        return (base or Path.cwd()), None
    missing = [p for p in paths if not p.exists()]
    if missing:
        raise UsageError(f"no such file or folder: {missing[0]}")
    folders = [p for p in paths if p.is_dir()]
    if folders:
        if len(paths) > 1:
            raise UsageError("give one repository folder, or only files")
        return folders[0], None
    root = (base or Path.cwd()).resolve()
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


def _exit_code(diagnostics: Sequence[Diagnostic], *, strict: bool) -> int:
    """report.exit_code, but 2 when the repository's settings are unusable (META030): the
    command cannot check such a repository at all."""
    if any(d.code == "META030" for d in diagnostics):
        return report.USAGE
    return report.exit_code(diagnostics, strict=strict)


def _check(args: argparse.Namespace) -> int:
    given = args.root if args.root != Path() else None
    if given is not None and not given.is_dir():
        raise UsageError(f"no such folder: {given}")
    root, files = _split_paths(args.paths, given)
    if files is None:
        return _check_files(args, root, None)
    # The pre-commit path: most of its time is importing, and the collector's passes over the
    # objects that imports create found no garbage, for about a tenth of its wall time (40
    # alternating runs; bench/README.md). It lives for a fraction of a second, with a few documents.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _check_files(args, root, files)
    finally:
        if collecting:
            gc.enable()


def _check_files(args: argparse.Namespace, root: Path, files: list[Path] | None) -> int:
    """``accord check``, of ``files`` and the files they may break, or of every file (None)."""
    only = None
    if files is not None:
        from accord import dependants

        only = dependants.widen(root.resolve(), {f.relative_to(root.resolve()).as_posix() for f in files})
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
        from accord.checkcache import FILE, CheckCache

        cache = CheckCache.load(cache_dir(root) / FILE)
    diagnostics = checks.run(loaded, today=today, only=only, cache=cache)
    if cache is not None:
        cache.save()
    if only is None:
        # Only the full check: `accord build` and the pre-commit path need no reminder of a setting.
        from accord.checks import versions

        diagnostics = sorted({*diagnostics, *versions.base_url(loaded.settings, loaded.documents)})
        if not args.online:
            code = _exit_code(diagnostics, strict=loaded.settings.strict)
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
    return _exit_code(diagnostics, strict=loaded.settings.strict)


def _build(args: argparse.Namespace) -> int:
    from accord.pdf import ahead
    from accord.vocabulary import PDF_PARTS

    root = _folder(args.root)
    out = (args.out or root / "_build").resolve()
    if not args.no_pdf and not args.fresh:
        # The last compendium, read meanwhile for the PDF builder to patch; forked first, as the
        # check's process pool starts a thread.
        ahead.start(out / "doctrees" / PDF_PARTS)
    try:
        return _build_checked(args, root, out)
    finally:
        ahead.finish()


def _build_checked(args: argparse.Namespace, root: Path, out: Path) -> int:
    from accord import build, preflight

    # The check runs beside Sphinx's start-up; the build reads nothing before its verdict.
    verdict: preflight.Verdict | BaseException = RuntimeError(
        "build.site never asked for the check's verdict"
    )
    with preflight.Started(root, out, args.today or dt.date.today(), args.fresh) as started:

        def ready() -> bool:
            nonlocal verdict
            try:
                verdict = started.verdict()
            except Exception as error:  # the check's own failure, not Sphinx's: raised below
                verdict = error
                return False
            return not verdict.failed

        with progress.step("accord: building the site" + ("" if args.no_pdf else " and the PDFs")):
            result = build.site(root, out, fresh=args.fresh, pdf=not args.no_pdf, ready=ready)
    if isinstance(verdict, BaseException):
        raise verdict
    if result is None:
        _print(verdict.diagnostics, args.format)
        print(report.summary(verdict.diagnostics, verdict.documents) + "; not building", file=sys.stderr)
        return _exit_code(verdict.diagnostics, strict=verdict.strict)  # findings: the check failed
    diagnostics = [*verdict.diagnostics, *result.diagnostics]
    _print(diagnostics, args.format)
    if report.exit_code(diagnostics, strict=verdict.strict) != report.OK:
        print(report.summary(diagnostics, verdict.documents) + "; the build failed", file=sys.stderr)
        return report.FINDINGS
    from accord.editions import provenance

    provenance.record(root, result.html, pdf=not args.no_pdf)  # read by `accord edition publish`
    made = "HTML" if args.no_pdf else "HTML and PDF"
    print(f"accord: built {verdict.documents} documents ({made}) into {result.html}", file=sys.stderr)
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
    from accord import adopt, licences, settings

    root = _folder(args.root)
    current = settings.load(root)[0]
    if adopt.adopted(root) and not args.force:
        raise UsageError(
            f"this repository has its own title already ({current.title!r}); "
            "run `accord init --force` to change its settings again"
        )
    given = {"title": args.title, "organisation": args.organisation}
    given |= {"base-url": args.base_url, "repository": args.repository, "licence": args.licence}
    defaults = {"title": "", "organisation": current.organisation, "base-url": current.base_url}
    defaults["licence"] = current.licence or licences.DEFAULT
    defaults["repository"] = current.repository or adopt.origin_repository(root) or ""
    interactive = sys.stdin.isatty()
    questions = {
        "title": "Site title",
        "organisation": "Your coalition's name",
        "base-url": "Public address of the site (https://OWNER.github.io/NAME/)",
        "repository": "GitHub repository (owner/name)",
        "licence": "Licence of the texts (an SPDX id: https://spdx.org/licenses/)",
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
    if (why := adopt.install_hook(root)) is None:
        print("accord: installed the pre-commit hook: every commit is checked first", file=sys.stderr)
    else:
        print(
            f"accord: the pre-commit hook is not installed ({why}); run `pre-commit install`", file=sys.stderr
        )
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

    return build.serve(args.root.resolve(), host=args.host, port=args.port, pdf=not args.no_pdf)


def _explain(args: argparse.Namespace) -> int:
    from accord.catalogue import CODES
    from accord.explain import explain

    codes = [c.upper() for c in args.codes] or list(CODES)
    unknown = [c for c in codes if c not in CODES]
    if unknown:
        raise UsageError(f"unknown code {unknown[0]!r}; `accord explain` lists them all")
    # The documentation is the repository's (the template's copy) when run in one, else the package's.
    root = Path.cwd() if (Path.cwd() / "CONTRIBUTING.md").is_file() else Path(__file__).resolve().parents[2]
    for code in codes:
        print(explain(code, root))
    return report.OK


def _completion(args: argparse.Namespace) -> int:
    import shtab

    print(shtab.complete(_parser(), shell=args.shell), end="")
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
        with progress.step(f"accord: checking the repository before tagging {args.version}"):
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
    with progress.step(f"accord: building edition {args.tag} from scratch (site and PDFs)"):
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
    with progress.step(f"accord: publishing into {args.site}"):
        done = publish(
            args.site.resolve(),
            editions=editions,
            draft=draft,
            base_url=repo.base_url,
            title=repo.title,
            organisation=repo.organisation,
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


def _rendered(root: Path, rev: str, snapshot: object) -> object:
    """``snapshot`` with the text of each document as its built page shows it."""
    from accord.editions.build import pages_of, rendered_snapshot

    with pages_of(root, None if rev == WORKTREE else rev) as pages:
        if pages is None:
            raise UsageError(f"the pages of {rev} could not be built; `accord build` there says why")
        return rendered_snapshot(snapshot, pages)


def _diff(args: argparse.Namespace) -> int:
    from accord.editions import redline, redline_html, revisions

    root = _folder(args.root)
    try:
        old, new = (
            revisions.snapshot(root, None if rev == WORKTREE else rev) for rev in (args.old, args.new)
        )
    except revisions.RevisionError as error:
        raise UsageError(str(error)) from None
    if args.rendered:
        old, new = _rendered(root, args.old, old), _rendered(root, args.new, new)
    with progress.step(f"accord: comparing {args.old} and {args.new}"):
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
    # A document whose front matter cannot be read has no owners to write: rewriting now would
    # drop its lines, so the file stays as it is until the document is fixed.
    unreadable = {d.path for d in loaded.documents if not d.readable}
    unreadable |= {d.path for d in loaded.problems if d.code == "META021"}
    if unreadable:
        _print(sorted(d for d in loaded.problems if d.path in unreadable), args.format)
        print(
            f"accord: {codeowners.PATH} not written: fix the front matter of {', '.join(sorted(unreadable))} first",
            file=sys.stderr,
        )
        return report.FINDINGS
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
    "completion": _completion,
}
VERBS |= {"codeowners": _codeowners, "github": _github}


def main(argv: Sequence[str] | None = None) -> int:
    given = sys.argv[1:] if argv is None else list(argv)
    parsers.RICH_HELP = "-h" in given or "--help" in given
    # A verb's own line parsed alone; help, and a word that is no verb, need them all.
    parser = _parser(given[0] if given and given[0] in VERBS and not parsers.RICH_HELP else None)
    args = parser.parse_args(given)
    try:
        _root(args)
        return (getattr(args, "handler", None) or VERBS[args.verb])(args)
    except UsageError as error:
        print(f"accord {args.verb}: error: {error}", file=sys.stderr)
        return report.USAGE
    except KeyboardInterrupt:
        print("accord: interrupted", file=sys.stderr)
        return report.USAGE
    except Exception:
        import traceback  # only for this message (a check of one file starts without it)

        print(f"accord {args.verb}: internal error:\n{traceback.format_exc()}", file=sys.stderr)
        return report.USAGE


def run() -> int:
    """The ``accord`` command: ``main``, then the process's heap left to the system. After a
    build it is mostly Sphinx's environment and doctrees, held in reference cycles: the
    collector's last pass over them at exit took 0.9 s of a one-document rebuild at 500
    documents. (Not in ``main``, which tests call many times in one process.)"""
    code = main()
    gc.freeze()
    return code


if __name__ == "__main__":
    sys.exit(run())
