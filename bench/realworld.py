"""A real MyST corpus through ``accord check`` and ``accord build``: what Accord reports on it.

    python bench/realworld.py CORPUS [--content lectures] [--exclude 'translation/*'] [--accord TOOLS]
                              [--pdf N] [--rewrite] [--keep] [--json FILE]

Converts the corpus into an Accord repository (bench/realworld_convert.py), runs ``accord check
--format json`` and ``accord build --no-pdf --format json`` on it (past the check's errors, if need
be), and, with ``--pdf N``, a build with PDFs of N documents neither found an error in; prints what
each reported, by code, with examples. ``--accord`` names the ``tools`` folder whose Accord runs, so
that one harness measures every branch. bench/README.md explains the output.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from realworld_convert import Conversion, convert

BENCH = Path(__file__).resolve().parent
REPOSITORY = BENCH.parent
EXAMPLES = 3

# `accord build` stops at the check when it finds errors; this builds anyway, as the extension would
# on a preview, so that the constructs that stop a build are measured too.
FORCED_BUILD = """\
import sys
from pathlib import Path
from accord import build, report
result = build.site(Path(sys.argv[1]), Path(sys.argv[2]), fresh=True, pdf=sys.argv[3] == "pdf")
report.as_json(result.diagnostics, sys.stdout)
"""
_QUOTED = re.compile(r"""'[^']*'|"[^"]*"|`[^`]*`|\d+""")
_TYPE = re.compile(r"\[(?P<type>[\w.-]+)\]\s*$")
_CHECK_KEY = re.compile(r"'(?P<key>[^']+)'")
_BUILD_KEY = re.compile(r'could not find bibtex key "(?P<key>[^"]+)"')


@dataclass
class Step:
    what: str
    seconds: float
    status: int
    diagnostics: list[dict]
    note: str = ""


def run_accord(tools: Path, arguments: list[str], log: Path, *, script: str | None = None) -> Step:
    """``python -m accord ARGUMENTS`` (or ``python -c SCRIPT``) with ``tools`` first on the path."""
    # No bytecode is written: the tools folder may be another branch's worktree.
    env = {**os.environ, "PYTHONPATH": str(tools), "PYTHONDONTWRITEBYTECODE": "1"}
    command = (
        [sys.executable, "-c", script, *arguments] if script else [sys.executable, "-m", "accord", *arguments]
    )
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    seconds = time.perf_counter() - start
    log.write_text(done.stdout + "\n--- stderr\n" + done.stderr, encoding="utf-8")
    try:
        diagnostics = json.loads(done.stdout)["diagnostics"] if done.stdout.strip() else []
    except (json.JSONDecodeError, KeyError, TypeError):
        diagnostics = []
    last = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else ""
    return Step(" ".join(arguments[:1]) or "build", seconds, done.returncode, diagnostics, last)


def kind(diagnostic: dict) -> str:
    """What a build finding is about, without its particulars: its Sphinx type, or its message
    with quoted words and numbers blanked."""
    message = diagnostic["message"]
    found = _TYPE.search(message)
    if diagnostic["code"] == "BUILD001" and found:
        # Unknown directives and roles are told apart by name: each is a construct to decide on.
        name = re.search(r"Unknown (?:directive|interpreted text role) type:? '([^']+)'", message)
        return f"BUILD001 [{found['type']}]" + (f" {name[1]}" if name else "")
    if diagnostic["code"] != "BUILD001":  # Accord's own rule: its code says what it is about
        return diagnostic["code"]
    return f"BUILD001 {_QUOTED.sub('…', message)[:90]}"


def flattened(diagnostic: dict, done: Conversion) -> bool:
    """A finding at a line whose relative path leaves the repository once documents are flat."""
    return any(
        line == diagnostic["line"] and path in diagnostic["message"]
        for line, path in done.escaping.get(diagnostic["path"], [])
    )


def renamed(diagnostic: dict, done: Conversion) -> bool:
    """A finding that names a document by its name in the corpus, which its id had to change
    (Accord ids are lowercase slugs: ``eigen_I`` is ``eigen_i``)."""
    names = {Path(source).with_suffix("").as_posix() for source in done.documents.values()}
    ids = {Path(doc).stem for doc in done.documents}
    quoted = {word.strip("/") for word in re.findall(r"'([^']+)'", diagnostic["message"])}
    return any(word in names and word not in ids for word in quoted)


def in_withheld(diagnostic: dict, done: Conversion) -> bool:
    """A reference to a label that a document withheld from the build (for a SAFE error) defines."""
    quoted = re.findall(r"'([^']+)'", diagnostic["message"]) + re.findall(
        r"label ([\w:.-]+),", diagnostic["message"]
    )
    return any(done.labels.get(word.lower()) in done.withheld for word in quoted)


def grouped(diagnostics: list[dict], label: object, done: Conversion) -> dict[str, list[dict]]:
    """Findings by ``label``; those the conversion caused (a path that leaves the repository once
    documents are flat, a renamed document) apart from the others."""
    groups: dict[str, list[dict]] = defaultdict(list)
    for diagnostic in diagnostics:
        name = label(diagnostic)
        if flattened(diagnostic, done):
            name += " (conversion: flattening)"
        elif renamed(diagnostic, done):
            name += " (conversion: renamed)"
        elif in_withheld(diagnostic, done):
            name += " (target in a withheld document)"
        groups[name].append(diagnostic)
    return dict(sorted(groups.items(), key=lambda item: (-len(item[1]), item[0])))


def print_groups(title: str, groups: dict[str, list[dict]], done: Conversion) -> None:
    print(f"\n{title}: {sum(len(found) for found in groups.values())}")
    for name, found in groups.items():
        print(f"  {len(found):6d}  {name}")
        for example in found[:EXAMPLES]:
            source = done.documents.get(example["path"], example["path"])
            print(f"          {example['path']}:{example['line']} ({source}): {example['message'][:160]}")


def unknown_keys(check: Step, build: Step) -> tuple[set[tuple[str, str]], set[tuple[str, str]]]:
    """(document, key) pairs the check reports as CITE001, and those the build reports as missing."""
    checked = {
        (d["path"], found["key"])
        for d in check.diagnostics
        if d["code"] == "CITE001" and (found := _CHECK_KEY.search(d["message"]))
    }
    # sphinxcontrib-bibtex's warning, or the extension's own CITE001 at source-read.
    built = {
        (d["path"], found["key"])
        for d in build.diagnostics
        if (
            found := _BUILD_KEY.search(d["message"])
            or (d["code"] == "CITE001" and _CHECK_KEY.search(d["message"]))
        )
    }
    return checked, built


def pdf_subset(root: Path, target: Path, steps: list[Step], count: int) -> list[str]:
    """A copy of the repository with only ``count`` documents that neither the check nor the HTML
    build found an error in, and that link to no other document (which the copy would not have)."""
    shutil.copytree(root, target, ignore=shutil.ignore_patterns("_build", ".accord-cache"))
    failing = {d["path"] for step in steps for d in step.diagnostics if d["severity"] == "error"}
    documents = sorted(p for p in (target / "positions").glob("*.md") if p.name != "index.md")
    linking = re.compile(r"\{(?:doc|ref|numref|eq)\}`|\]\([^)]*\.md\)|\]\((?![a-z]+:)[^)./]+\)")
    kept = [
        p
        for p in documents
        if f"positions/{p.name}" not in failing and not linking.search(p.read_text(encoding="utf-8"))
    ][:count]
    for document in documents:
        if document not in kept:
            document.unlink()
    return [f"positions/{p.name}" for p in kept]


def build_step(tools: Path, root: Path, out: Path, logs: Path, *, pdf: bool) -> Step:
    arguments = ["build", str(root), "--out", str(out), "--fresh", "--format", "json"]
    step = run_accord(tools, arguments if pdf else [*arguments, "--no-pdf"], logs / f"build-{pdf}.log")
    if "not building" in step.note:  # the check found errors: build anyway
        forced = run_accord(
            tools,
            [str(root), str(out), "pdf" if pdf else "html"],
            logs / f"forced-{pdf}.log",
            script=FORCED_BUILD,
        )
        forced.seconds += step.seconds
        forced.note = (
            f"accord build stopped at the check ({step.note}); built without it: exit {forced.status}"
        )
        return forced
    return step


def measure(args: argparse.Namespace, work: Path) -> dict:
    root, logs = work / "repo", work / "logs"
    logs.mkdir(parents=True)
    start = time.perf_counter()
    done = convert(
        args.corpus / args.content,
        root,
        author=args.author or f"{args.corpus.name} contributors",
        exclude=args.exclude,
        rewrite=args.rewrite,
    )
    converted = time.perf_counter() - start
    check = run_accord(args.accord, ["check", str(root), "--format", "json"], logs / "check.log")
    build = build_step(args.accord, root, work / "out", logs, pdf=False)
    pdf = None
    if args.pdf:
        kept = pdf_subset(root, work / "pdf-repo", [check, build], args.pdf)
        pdf = build_step(args.accord, work / "pdf-repo", work / "pdf-out", logs, pdf=True)
        pdf.what = f"build with PDFs of {len(kept)} documents"
    escaping = sum(len(found) for found in done.escaping.values())
    print(f"Accord on a real corpus: {args.corpus} ({args.content})")
    print(f"accord code: {args.accord} ({describe(args.accord)})")
    print(
        f"corpus: {len(done.documents)} documents, {done.citations} cited keys in citation roles, "
        f"{done.entries} bibliography entries, {done.copied} files copied; "
        f"{escaping} relative paths leave the repository once flat, "
        f"{sum(len(v) for v in done.missing.values())} name files the corpus does not have"
    )
    if args.rewrite:
        print(
            f"rewritten for this measurement: {done.rewritten} relative paths, {done.raw_blocks} {{raw}} blocks blanked"
        )
    done.withheld = {
        d["path"] for d in check.diagnostics if d["code"].startswith("SAFE") and d["severity"] == "error"
    }
    print_groups(
        f"accord check findings (exit {check.status})",
        grouped(check.diagnostics, lambda d: d["code"], done),
        done,
    )
    print_groups(
        f"accord build --no-pdf findings (exit {build.status}; {build.note})",
        grouped(build.diagnostics, kind, done),
        done,
    )
    if pdf:
        print_groups(
            f"{pdf.what} (exit {pdf.status}; {pdf.note})", grouped(pdf.diagnostics, kind, done), done
        )
    checked, built = unknown_keys(check, build)
    print(
        f"\nunknown citation keys (document, key): check {len(checked)}, build {len(built)}, both {len(checked & built)}"
    )
    for pair in sorted(built - checked)[:EXAMPLES]:
        print(f"  build only: {pair}")
    for pair in sorted(checked - built)[:EXAMPLES]:
        print(f"  check only: {pair}")
    print(
        "\nseconds: "
        + ", ".join(
            f"{what} {seconds:.1f}"
            for what, seconds in [
                ("convert", converted),
                ("check", check.seconds),
                ("build --no-pdf", build.seconds),
                *([("build with PDFs", pdf.seconds)] if pdf else []),
            ]
        )
    )
    return {
        "documents": done.documents,
        "citations": done.citations,
        "entries": done.entries,
        "escaping": done.escaping,
        "missing": done.missing,
        "check": check.__dict__,
        "build": build.__dict__,
        "pdf": pdf.__dict__ if pdf else None,
        "withheld": sorted(done.withheld),
        "unknown_keys": {"check": sorted(checked), "build": sorted(built)},
    }


def describe(tools: Path) -> str:
    found = subprocess.run(
        ["git", "describe", "--always", "--dirty"], cwd=tools, capture_output=True, text=True, check=False
    )
    branch = subprocess.run(
        ["git", "branch", "--show-current"], cwd=tools, capture_output=True, text=True, check=False
    )
    return f"{branch.stdout.strip() or '?'} {found.stdout.strip() or 'not a git checkout'}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path, help="a checked-out MyST repository")
    parser.add_argument("--content", default=".", help="its folder of documents (default: the whole corpus)")
    parser.add_argument(
        "--exclude", action="append", default=[], help="glob of paths to leave out (repeatable)"
    )
    parser.add_argument("--author", help="the author every document gets (default: CORPUS contributors)")
    parser.add_argument(
        "--accord", type=Path, default=REPOSITORY / "tools", help="tools folder of the Accord to run"
    )
    parser.add_argument("--pdf", type=int, default=0, metavar="N", help="also build PDFs of N documents")
    parser.add_argument("--keep", action="store_true", help="keep the work folder (bench/.work/realworld-*)")
    parser.add_argument(
        "--rewrite",
        action="store_true",
        help="point paths that leave the repository once flat at their files, and blank {raw} blocks",
    )
    parser.add_argument("--json", type=Path, help="write everything measured to this file")
    args = parser.parse_args(argv)
    args.accord = args.accord.resolve()
    (BENCH / ".work").mkdir(exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="realworld-", dir=BENCH / ".work"))
    try:
        measured = measure(args, work)
        if args.json:
            args.json.write_text(json.dumps(measured, indent=1, default=str), encoding="utf-8")
    finally:
        if args.keep:
            print(f"\nwork folder kept: {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
