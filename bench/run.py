"""Build benchmark: a bare Sphinx build against ``accord build``, fresh and incremental.

    python bench/run.py [--docs N] [--repeat R] [--keep] [--profile] [--pdf]

Generates a synthetic repository (bench/generate.py), checks it with ``accord check``, then times
the builds and prints a table. Exit 0 with a report (targets may fail), 1 when a check or a build
fails. bench/README.md explains the output.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import translations
from generate import KINDS, Corpus, write_repository

BENCH = Path(__file__).resolve().parent
REPOSITORY = BENCH.parent
SEED = 2026
RATIO_TARGET = 1.15
INCREMENTAL_TARGET = 3.0  # seconds
ACCORD = [sys.executable, "-m", "accord"]


class BenchError(Exception):
    """A check or a build failed: the benchmark cannot report meaningful numbers."""


@dataclass
class Timings:
    baseline: list[float] = field(default_factory=list)
    accord: list[float] = field(default_factory=list)
    incremental: list[float] = field(default_factory=list)
    check: float = 0.0
    # With --pdf: full build with PDFs, one-document rebuilds with the PDF cache and without it.
    pdf_full: list[Measured] = field(default_factory=list)
    pdf_incremental: list[Measured] = field(default_factory=list)
    pdf_uncached: list[Measured] = field(default_factory=list)
    # Per rebuild with the PDF cache: the PDF builder's phases, {phase: (wall, cpu)} (accord.pdf.timings).
    pdf_phases: list[dict[str, tuple[float, float]]] = field(default_factory=list)


@dataclass(frozen=True)
class Measured:
    wall: float
    cpu: float  # processor seconds of the command and its children


# -- running commands


def environment() -> dict[str, str]:
    """The environment of every command: the accord next to this folder comes first on the path,
    whichever copy of it is installed."""
    paths = [str(REPOSITORY / "tools"), os.environ.get("PYTHONPATH", "")]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in paths if p)}
    # An installed Accord has its bytecode compiled: without it every command compiles it anew.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def run(command: list[str], log: Path, what: str) -> float:
    """Run ``command`` with its output in ``log``; the wall-clock seconds, or BenchError."""
    return measured(command, log, what).wall


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def measured(command: list[str], log: Path, what: str, *, env: dict[str, str] | None = None) -> Measured:
    """Run ``command`` with its output in ``log``; wall-clock and processor seconds, or BenchError."""
    env = {**environment(), **(env or {})}
    with log.open("w", encoding="utf-8") as out:
        cpu = _children_cpu()
        start = time.perf_counter()
        finished = subprocess.run(command, stdout=out, stderr=subprocess.STDOUT, env=env, check=False)
        elapsed = time.perf_counter() - start
        cpu = _children_cpu() - cpu
    if finished.returncode != 0:
        tail = "\n".join(log.read_text(encoding="utf-8", errors="replace").splitlines()[-30:])
        raise BenchError(f"{what} failed with exit status {finished.returncode} (log: {log}):\n{tail}")
    return Measured(elapsed, cpu)


def accord_check(root: Path, logs: Path) -> float:
    return run([*ACCORD, "check", str(root)], logs / "check.log", "accord check on the generated corpus")


def accord_build(root: Path, out: Path, log: Path, *, fresh: bool) -> float:
    # The HTML site against the HTML baseline; the PDFs have their own benchmark (bench/pdf.py).
    command = [*ACCORD, "build", str(root), "--out", str(out), "--no-pdf"]
    return run([*command, "--fresh"] if fresh else command, log, "accord build")


# -- the baseline: the same Sphinx configuration without the Accord extension

# An index directive, with its options; `:toctree:` also puts the folder's documents in the navigation.
INDEX_DIRECTIVE = re.compile(r"^```\{accord-index\}\n(?P<options>(?:[^`\n].*\n)*?)```\n", re.MULTILINE)
PLAIN_TOCTREE = "```{toctree}\n:hidden:\n:glob:\n\n*\n```\n"


def plain_landing_page(text: str) -> str:
    """A landing page without Accord: the index list goes (the directive is unknown), and its
    navigation becomes the hidden glob toctree it stands for, so that every page of the baseline
    has the same sidebar as with Accord."""

    def replace(found: re.Match[str]) -> str:
        return PLAIN_TOCTREE if ":toctree:" in found["options"].split() else ""

    return INDEX_DIRECTIVE.sub(replace, text)


def baseline_source(root: Path, target: Path) -> Path:
    """A copy of the generated repository whose landing pages need no Accord directive."""
    shutil.copytree(root, target)
    for page in [target / "index.md", *(target / kind / "index.md" for kind in KINDS)]:
        page.write_text(plain_landing_page(page.read_text(encoding="utf-8")), encoding="utf-8")
    return target


def baseline_conf(root: Path, confdir: Path) -> Path:
    """conf.py of the repository, minus accord.sphinxext, with what the extension would set."""
    repo = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["accord"]
    title = repo["title"]
    text = (root / "conf.py").read_text(encoding="utf-8")
    text += (
        "\n# bench/run.py: the baseline is the same configuration without the Accord extension.\n"
        'extensions = [name for name in extensions if name != "accord.sphinxext"]\n'
        "# sphinxcontrib-bibtex reads bibfiles relative to the conf dir, which is not the source here.\n"
        f"bibtex_bibfiles = [{str(root / repo.get('bibliography', 'references.bib'))!r}]\n"
        "# What the extension sets from [tool.accord].\n"
        f"project = {title!r}\n"
        f"html_title = {repo.get('short-title') or title!r}\n"
        "# The extension registers the MathML renderer; Sphinx's default stands in for it.\n"
        "html_math_renderer = None\n"
    )
    confdir.mkdir(parents=True)
    (confdir / "conf.py").write_text(text, encoding="utf-8")
    return confdir


def baseline_build(source: Path, confdir: Path, out: Path, logs: Path, number: int) -> float:
    """Plain ``sphinx -b html``: no -W, since citations stay unresolved without Accord's
    per-document bibliography; its warnings go to a file."""
    command = [sys.executable, "-m", "sphinx", "-b", "html", "-q", "-c", str(confdir)]
    command += ["-w", str(logs / f"baseline-{number}.warnings"), str(source), str(out)]
    return run(command, logs / f"baseline-{number}.log", "the baseline Sphinx build")


# -- incremental edits


def is_paragraph_end(line: str, following: str) -> bool:
    """A prose line (not a heading, list, table or directive fence) that ends its paragraph."""
    stripped = line.strip()
    return bool(stripped) and stripped[0].isalpha() and stripped.endswith(".") and not following.strip()


def append_sentence(path: Path, sentence: str) -> None:
    """Append ``sentence`` to the first top-level paragraph after the first ``##`` heading."""
    lines = path.read_text(encoding="utf-8").split("\n")
    closing = lines.index("---", 1)
    in_section = in_fence = False
    for number in range(closing + 1, len(lines) - 1):
        line = lines[number]
        if line.startswith((":::", "```")):
            in_fence = not in_fence
        in_section = in_section or line.startswith("## ")
        if in_section and not in_fence and is_paragraph_end(line, lines[number + 1]):
            lines[number] = f"{line} {sentence}"
            path.write_text("\n".join(lines), encoding="utf-8")
            return
    raise BenchError(f"no paragraph to edit in {path}")


def incremental(corpus: Corpus, out: Path, logs: Path, repeat: int) -> list[float]:
    """Edit one document's body per repetition, rebuild without --fresh, and check the page."""
    chosen = random.Random(SEED + 1).sample(corpus.paths(), min(repeat, corpus.count))
    seconds = []
    for number, path in enumerate(chosen, 1):
        sentence = f"Incremental benchmark edit {number} reached this page."
        append_sentence(path, sentence)
        seconds.append(accord_build(corpus.root, out, logs / f"incremental-{number}.log", fresh=False))
        page = out / "html" / path.parent.name / f"{path.stem}.html"
        if not page.is_file() or sentence not in page.read_text(encoding="utf-8"):
            raise BenchError(f"the incremental build did not pick up the edit of {path.name}: {page}")
    return seconds


def pdf_builds(corpus: Corpus, work: Path, logs: Path, repeat: int, timings: Timings) -> None:
    """Full builds with PDFs, then one-document edits rebuilt with the PDF cache and, as before it
    existed, without it (its folder removed first): the ratios are of the same run."""
    out = work / "pdf"
    command = [*ACCORD, "build", str(corpus.root), "--out", str(out)]
    for number in range(1, repeat + 1):
        print(f"repetition {number}/{repeat}: accord build --fresh with PDFs ...", flush=True)
        timings.pdf_full.append(
            measured([*command, "--fresh"], logs / f"pdf-full-{number}.log", "accord build")
        )
    chosen = random.Random(SEED + 2).sample(corpus.paths(), min(2 * repeat, corpus.count))
    for number, path in enumerate(chosen, 1):
        cached = number % 2 == 1  # alternate, so that a busy moment does not land on one side only
        sentence = f"PDF benchmark edit {number} reached this document."
        append_sentence(path, sentence)
        if not cached:
            for folder in ["accordpdf-cache", "accordpdf-parts"]:  # the compendium's parts too
                shutil.rmtree(out / "doctrees" / folder, ignore_errors=True)
        print(f"one-document rebuild with PDFs {number}/{len(chosen)} (cache: {cached}) ...", flush=True)
        phases = logs / f"pdf-incremental-{number}.phases.jsonl"
        phases.unlink(missing_ok=True)
        done = measured(
            command,
            logs / f"pdf-incremental-{number}.log",
            "accord build",
            env={"ACCORD_PDF_TIMINGS": str(phases)},
        )
        (timings.pdf_incremental if cached else timings.pdf_uncached).append(done)
        if cached and phases.is_file():
            line = json.loads(phases.read_text(encoding="utf-8").splitlines()[-1])
            timings.pdf_phases.append({name: (v["wall"], v["cpu"]) for name, v in line.items()})
        pdf = out / "html" / path.parent.name / f"{path.stem}.pdf"
        typst = (out / "typst" / path.parent.name / f"{path.stem}.typ").read_text(encoding="utf-8")
        if not pdf.is_file() or sentence not in typst:
            raise BenchError(f"the rebuild with PDFs did not pick up the edit of {path.name}")


def pdf_report(timings: Timings) -> None:
    full = statistics.median(m.wall for m in timings.pdf_full)
    full_cpu = statistics.median(m.cpu for m in timings.pdf_full)
    rows = [("accord build --fresh with PDFs", timings.pdf_full, "", "")]
    if timings.pdf_uncached:
        rows.append(("one-document rebuild, no PDF cache", timings.pdf_uncached, "", ""))
    cached = statistics.median(m.wall for m in timings.pdf_incremental)
    rows.append(
        (
            "one-document rebuild with PDFs",
            timings.pdf_incremental,
            f"< {INCREMENTAL_TARGET:g} s",
            verdict(cached < INCREMENTAL_TARGET),
        )
    )
    print(
        f"\n{'with PDFs (wall s; cpu s)':<38} {'median':>8}  {'range':<13} {'cpu':>7}  {'target':<9} result"
    )
    for name, runs, target, result in rows:
        wall = [m.wall for m in runs]
        cpu = statistics.median(m.cpu for m in runs)
        line = (
            f"{name:<38} {statistics.median(wall):8.2f}  {spread(wall):<13} {cpu:7.2f}  {target:<9} {result}"
        )
        print(line.rstrip())
    ratio, ratio_cpu = cached / full, statistics.median(m.cpu for m in timings.pdf_incremental) / full_cpu
    target = "<= 0.03"
    print(
        f"{'ratio rebuild / full':<38} {ratio:8.3f}  {'':<13} {ratio_cpu:7.3f}  {target:<9} {verdict(ratio <= 0.03)}"
    )
    if timings.pdf_uncached:
        before = statistics.median(m.wall for m in timings.pdf_uncached)
        before_cpu = statistics.median(m.cpu for m in timings.pdf_uncached)
        print(
            f"{'ratio rebuild / rebuild without cache':<38} {cached / before:8.3f}  {'':<13} "
            f"{statistics.median(m.cpu for m in timings.pdf_incremental) / before_cpu:7.3f}"
        )
    phases_report(timings)
    print(f"load average now: {' '.join(f'{v:.2f}' for v in os.getloadavg())}")


def phases_report(timings: Timings) -> None:
    """Where a one-document rebuild with PDFs spends its time: the PDF builder's phases, and the
    rest of the command: Sphinx's start-up (the check runs beside it), reading, and, in
    processor seconds only, the HTML builder's writing, which runs beside the PDF builder's
    (accord.alongside)."""
    if not timings.pdf_phases:
        return
    names = list(dict.fromkeys(name for run in timings.pdf_phases for name in run))
    print(f"\n{'split of the rebuild with PDFs':<38} {'wall':>8}  {'':<13} {'cpu':>7}")
    rows = []
    for name in names:
        wall = statistics.median(run.get(name, (0.0, 0.0))[0] for run in timings.pdf_phases)
        cpu = statistics.median(run.get(name, (0.0, 0.0))[1] for run in timings.pdf_phases)
        rows.append((f"PDF builder: {name}", wall, cpu))
    total_wall = statistics.median(m.wall for m in timings.pdf_incremental)
    total_cpu = statistics.median(m.cpu for m in timings.pdf_incremental)
    rows.append(
        (
            "the rest: start-up, reading; HTML (cpu)",
            total_wall - sum(wall for _, wall, _ in rows),
            total_cpu - sum(cpu for _, _, cpu in rows),
        )
    )
    for name, wall, cpu in rows:
        print(f"{name:<38} {wall:8.2f}  {'':<13} {cpu:7.2f}")


def profile(corpus: Corpus, out: Path, logs: Path) -> None:
    """One more edit and incremental build under cProfile; print the top cumulative functions."""
    import pstats

    path = corpus.paths()[0]
    append_sentence(path, "Profiled benchmark edit reached this page.")
    stats = logs / "incremental.prof"
    command = [sys.executable, "-m", "cProfile", "-o", str(stats), "-m", "accord", "build"]
    run([*command, str(corpus.root), "--out", str(out)], logs / "profile.log", "the profiled accord build")
    print("\nProfile of one incremental accord build: top functions of accord, Sphinx and the bibliography")
    print(f"by cumulative time ({stats}):")
    profiled = pstats.Stats(str(stats), stream=sys.stdout).sort_stats("cumulative")
    profiled.print_stats(r"accord|sphinx|bibtex|pybtex|docutils|myst|importlib", 40)


# -- the report


def spread(values: list[float]) -> str:
    """The range of several repetitions, or nothing for one."""
    return f"{min(values):.2f}-{max(values):.2f}" if len(values) > 1 else ""


def cpus() -> int:
    """What nproc prints: the processors this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def report(corpus: Corpus, timings: Timings, repeat: int) -> None:
    baseline = statistics.median(timings.baseline)
    accord = statistics.median(timings.accord)
    rebuild = statistics.median(timings.incremental)
    ratio = accord / baseline
    kinds = ", ".join(f"{len(ids)} {kind}" for kind, ids in corpus.documents.items())
    print(f"\nAccord build benchmark: N={corpus.count} documents ({kinds}), nproc={cpus()}, repeat={repeat}")
    print(
        f"corpus: {corpus.words:,} words of body text ({corpus.words // corpus.count} a document), "
        f"{corpus.citations:,} citation roles, {corpus.entries} bibliography entries"
    )
    print(f"accord check: {timings.check:.2f} s")
    print(f"seconds are the median of {repeat} run(s), with the range when repeat > 1\n")
    rows = [
        ("baseline sphinx-build (no accord), s", baseline, spread(timings.baseline), "", ""),
        ("accord build --fresh, s", accord, spread(timings.accord), "", ""),
        ("ratio accord / baseline", ratio, "", f"<= {RATIO_TARGET}", verdict(ratio <= RATIO_TARGET)),
        (
            "incremental accord build, s",
            rebuild,
            spread(timings.incremental),
            f"< {INCREMENTAL_TARGET:g} s",
            verdict(rebuild < INCREMENTAL_TARGET),
        ),
    ]
    print(f"{'measure':<38} {'median':>8}  {'range':<13} {'target':<9} result")
    for name, value, values, target, result in rows:
        print(f"{name:<38} {value:8.2f}  {values:<13} {target:<9} {result}".rstrip())


# -- the benchmark


def accord_out(work: Path, number: int) -> Path:
    return work / f"accord-{number}"


def measure(corpus: Corpus, work: Path, repeat: int, *, pdf: bool = False) -> Timings:
    logs = work / "logs"
    logs.mkdir()
    timings = Timings()
    print(f"accord check on {corpus.count} documents ...", flush=True)
    timings.check = accord_check(corpus.root, logs)
    source = baseline_source(corpus.root, work / "baseline-src")
    confdir = baseline_conf(source, work / "baseline-conf")
    for number in range(1, repeat + 1):
        print(f"repetition {number}/{repeat}: baseline build ...", flush=True)
        timings.baseline.append(baseline_build(source, confdir, work / f"baseline-{number}", logs, number))
        print(f"repetition {number}/{repeat}: accord build --fresh ...", flush=True)
        out = accord_out(work, number)
        timings.accord.append(accord_build(corpus.root, out, logs / f"accord-{number}.log", fresh=True))
    # The last fresh accord build is the full build the incremental ones start from.
    print(f"incremental accord builds: {repeat} edit(s) ...", flush=True)
    timings.incremental = incremental(corpus, out, logs, repeat)
    if pdf:
        pdf_builds(corpus, work, logs, repeat, timings)
    return timings


def arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--docs", type=int, default=500, help="number of documents (default: 500)")
    parser.add_argument("--repeat", type=int, default=1, help="repetitions of each build (default: 1)")
    parser.add_argument("--keep", action="store_true", help="keep the work folder under bench/.work/")
    parser.add_argument(
        "--no-translations",
        action="store_true",
        help="skip the translations benchmark (bench/translations.py: three more fresh builds)",
    )
    parser.add_argument(
        "--profile",
        action="store_true",
        help="also profile one incremental build with cProfile and print the top functions",
    )
    parser.add_argument(
        "--pdf",
        action="store_true",
        help="also time builds with PDFs: full, and one-document rebuilds with and without the PDF cache",
    )
    args = parser.parse_args(argv)
    if args.docs < 2 or args.repeat < 1:
        parser.error("--docs must be at least 2 and --repeat at least 1")
    return args


def main(argv: list[str] | None = None) -> int:
    args = arguments(argv)
    (BENCH / ".work").mkdir(exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="run-", dir=BENCH / ".work"))
    keep = args.keep
    try:
        print(f"generating {args.docs} documents into {work / 'repo'} ...", flush=True)
        corpus = write_repository(
            REPOSITORY, work / "repo", documents=args.docs, seed=SEED, today=dt.date.today()
        )
        print(f"load average at the start: {' '.join(f'{v:.2f}' for v in os.getloadavg())}", flush=True)
        timings = measure(corpus, work, args.repeat, pdf=args.pdf)
        report(corpus, timings, args.repeat)
        if not args.no_translations:
            found = translations.measure(
                corpus, work, work / "logs", lambda root, out, log: accord_build(root, out, log, fresh=True)
            )
            translations.report(found)
        if args.pdf:
            pdf_report(timings)
        if args.profile:
            profile(corpus, accord_out(work, args.repeat), work / "logs")
    except BenchError as error:
        print(f"\nbench: {error}", file=sys.stderr)
        keep = True
        return 1
    finally:
        if keep:
            print(f"\nwork folder kept: {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
