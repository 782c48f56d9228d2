"""Check benchmark: ``accord check`` against the Sphinx build that finds the same missing keys.

    python bench/check.py [--docs N] [--citations C] [--entries E] [--keep] [--profile]

Generates a synthetic repository (bench/generate.py) with errors seeded in it (misspelt citation
keys above all), times ``accord check`` and a ``sphinx -b dummy`` build of the same documents,
compares the missing keys each reports, and times the pre-commit path (one file). Exit 0 with a
report (targets may fail), 1 when something fails. bench/README.md explains the output.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import shutil
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from common import (
    ACCORD,
    CHECK_REPORTED,
    REPOSITORY,
    Measured,
    Row,
    cpu_note,
    in_work_folder,
    instructions,
    machine,
    median_and_range,
    middle,
    print_table,
    repeated,
    seconds,
    start_of_run,
    target_row,
    timed,
)
from generate import Corpus, write_repository
from run import BenchError, baseline_conf, baseline_source, verdict

from accord.cachedir import cache_dir
from accord.corpus import KEYS_CACHE

SEED = 2026
ERRORS_SEED = SEED + 7  # the errors have their own stream: the corpus stays that of the seed
MISSPELT = 0.02  # share of cited keys misspelt
OTHER_PROBLEMS = 0.005  # share of documents with a key in the wrong case, and with an unknown status
RATIO_TARGET = 40.0
PRECOMMIT_TARGET = 0.3  # seconds (issue 16; it was 0.5 before)
WARM_TARGET = 0.3  # seconds: a full check of an unchanged repository
BARE_RATIO_TARGET = 1.5  # a cold check against a bare single-core markdown-it parse
SETTLE = 2.1  # seconds: accord.runcache trusts no file changed within the last 2 s
RUNS = 5  # of each one-file check; the table shows the median

CITE_ROLE = re.compile(r"\{cite:(?P<style>[pt])\}`(?P<keys>[^`]*)`")
#: Appended to the front page of the baseline: every entry, so that every existing key resolves.
BIBLIOGRAPHY = "\n## Bibliography\n\n```{bibliography}\n:all:\n```\n"
#: Accord's codes for a key that names no entry as written: none at all, or one in another case.
KEY_CODES = ("CITE001", "CITE003")
KEY_NOT_FOUND = re.compile(
    r'^(?P<path>.+?)(?::\d+)?: WARNING: could not find bibtex key "(?P<key>[^"]*)"', re.MULTILINE
)
QUOTED_VALUE = re.compile(r": '(?P<value>[^']*)'$")

Pairs = set[tuple[str, str]]  # (document, citation key)


@dataclass
class Seeded:
    """The errors put into the corpus."""

    missing: Pairs = field(default_factory=set)  # misspelt keys, which name no entry
    wrong_case: Pairs = field(default_factory=set)  # keys of an entry, written in another case
    unknown_status: list[str] = field(default_factory=list)  # documents with `status: final`


@dataclass
class Findings:
    """What the runs reported."""

    file: str  # the document of the one-file check
    diagnostics: list[dict[str, object]]  # of the first accord check
    same_again: bool  # the second accord check reported the same
    accord: dict[str, Pairs]  # keys that name no entry as written, by code: (document, key)
    sphinx: Pairs


@dataclass
class Timings:
    accord_cold: list[Measured]  # --repeat cold checks, alternating with the bare parses
    accord_again: Measured
    sphinx: Measured | None  # None with --no-sphinx
    one_file: list[Measured]
    one_file_new_keys: list[Measured]  # right after references.bib changed: no cached keys
    bib_only: list[Measured]
    bare_parse: list[Measured] = field(default_factory=list)  # markdown-it alone, one process
    one_edited: Measured | None = None  # the full check after one document changed
    python_start: list[Measured] = field(default_factory=list)  # `python -c pass`
    # Instructions (callgrind) of the pre-commit path and of `python -c pass`; None without valgrind
    one_file_instructions: tuple[int, int] | None = None


# -- seeding errors


def misspell(rng: random.Random, key: str, taken: set[str]) -> str:
    """A typo of ``key`` that names no entry: two neighbouring letters swapped, one dropped, one
    doubled."""
    while True:
        at = rng.randrange(len(key) - 1)
        edit = rng.choice(("swap", "drop", "double"))
        if edit == "swap":
            typo = key[:at] + key[at + 1] + key[at] + key[at + 2 :]
        elif edit == "drop":
            typo = key[:at] + key[at + 1 :]
        else:
            typo = key[:at] + key[at] + key[at:]
        if typo.lower() not in taken:
            return typo


def role(style: str, keys: list[str]) -> str:
    return f"{{cite:{style}}}`{','.join(keys)}`"


def misspell_keys(text: str, document: str, rng: random.Random, taken: set[str], seeded: Seeded) -> str:
    def edit(found: re.Match[str]) -> str:
        keys = found["keys"].split(",")
        for index, key in enumerate(keys):
            if key == key.lower() and rng.random() < MISSPELT:
                keys[index] = misspell(rng, key, taken)
                seeded.missing.add((document, keys[index]))
        return role(found["style"], keys)

    return CITE_ROLE.sub(edit, text)


def capitalise_first_key(text: str, document: str, seeded: Seeded) -> str:
    def edit(found: re.Match[str]) -> str:
        first, *rest = found["keys"].split(",")
        seeded.wrong_case.add((document, first.capitalize()))
        return role(found["style"], [first.capitalize(), *rest])

    return CITE_ROLE.sub(edit, text, count=1)


def seed_errors(corpus: Corpus) -> Seeded:
    """Misspell about MISSPELT of the cited keys; in a few documents, write a key with a capital
    (an entry exists in another case: Accord's CITE003) or give an unknown status (META007)."""
    rng = random.Random(ERRORS_SEED)
    taken = {key.lower() for key in corpus.keys}
    paths = corpus.paths()
    few = max(1, round(len(paths) * OTHER_PROBLEMS))
    wrong_case, unknown_status = set(rng.sample(paths, few)), set(rng.sample(paths, few))
    seeded = Seeded()
    for path in paths:
        document = path.relative_to(corpus.root).as_posix()
        text = path.read_text(encoding="utf-8")
        if path in wrong_case:
            text = capitalise_first_key(text, document, seeded)
        if path in unknown_status:
            text = re.sub(r"^status: \w+$", "status: final", text, count=1, flags=re.MULTILINE)
            seeded.unknown_status.append(document)
        path.write_text(misspell_keys(text, document, rng, taken, seeded), encoding="utf-8")
    return seeded


# -- accord


def accord_check(root: Path, log: Path) -> Measured:
    command = [*ACCORD, "check", str(root), "--format", "json"]
    return timed(command, log, "accord check", accept=CHECK_REPORTED)


def one_file_check(root: Path, relative: str, log: Path) -> Measured:
    """``accord check FILE`` from the repository root, as the pre-commit hook runs it."""
    command = [*ACCORD, "check", relative]
    return timed(command, log, f"accord check {relative}", cwd=root, accept=CHECK_REPORTED)


#: Parses the files named on standard input with markdown-it on one core; prints the seconds.
BARE_PARSE = """
import sys, time
from markdown_it import MarkdownIt
parser, paths = MarkdownIt("commonmark"), sys.stdin.read().split("\\n")
start = time.perf_counter()
for path in paths:
    with open(path, encoding="utf-8") as handle:
        parser.parse(handle.read())
print(time.perf_counter() - start)
"""


def bare_parse(corpus: Corpus, log: Path) -> Measured:
    """A bare markdown-it parse of the same documents in one process: what a check cannot beat
    on one core. The wall time is the parse loop's own (no interpreter start-up)."""
    paths = "\n".join(str(p) for p in corpus.paths())
    done = subprocess.run(
        [sys.executable, "-c", BARE_PARSE], input=paths, capture_output=True, text=True, check=True
    )
    log.write_text(done.stdout, encoding="utf-8")
    seconds_taken = float(done.stdout.strip())
    return Measured(seconds_taken, seconds_taken)


def without_cached_keys(root: Path, relative: str, log: Path) -> Measured:
    """The pre-commit path just after an edit of references.bib: its keys are read again."""
    (cache_dir(root) / KEYS_CACHE).unlink(missing_ok=True)
    return one_file_check(root, relative, log)


def diagnostics_of(log: Path) -> list[dict[str, object]]:
    try:
        return json.loads(log.read_text(encoding="utf-8"))["diagnostics"]
    except (ValueError, KeyError) as error:
        raise BenchError(f"accord check printed no JSON report ({error}): {log}") from None


def missing_keys_accord(diagnostics: list[dict[str, object]], code: str) -> Pairs:
    """(document, key) of every diagnostic ``code`` (CITE001, CITE003) about a citation key."""
    pairs = set()
    for found in diagnostics:
        if found["code"] == code:
            quoted = QUOTED_VALUE.search(str(found["message"]))
            if quoted is None:
                raise BenchError(f"no key in the {code} message {found['message']!r}")
            pairs.add((str(found["path"]), quoted["value"]))
    return pairs


# -- the Sphinx baseline


def bibliography_source(root: Path, target: Path) -> Path:
    """A copy of the repository for Sphinx without Accord: landing pages without Accord's directive
    (as bench/run.py does), and a bibliography of every entry on the front page, against which
    sphinxcontrib-bibtex resolves the ``{cite:p}`` and ``{cite:t}`` roles of every document."""
    baseline_source(root, target)
    with (target / "index.md").open("a", encoding="utf-8") as index:
        index.write(BIBLIOGRAPHY)
    return target


def sphinx_conf(root: Path, confdir: Path) -> Path:
    """bench/run.py's baseline configuration, with the plain unsrt style: the "accord" style is
    registered by Accord's extension, which the baseline does not load."""
    baseline_conf(root, confdir)
    with (confdir / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write('bibtex_default_style = "unsrt"  # bench/check.py: no Accord extension\n')
    return confdir


def sphinx_build(source: Path, confdir: Path, out: Path, logs: Path) -> Measured:
    """``sphinx -b dummy``: reads and resolves every document, writes nothing; fresh folder."""
    command = [sys.executable, "-m", "sphinx", "-b", "dummy", "-q", "-c", str(confdir)]
    command += ["-w", str(logs / "sphinx.warnings"), str(source), str(out)]
    return timed(command, logs / "sphinx.log", "the Sphinx baseline build")


def missing_keys_sphinx(warnings: Path, source: Path) -> Pairs:
    text = warnings.read_text(encoding="utf-8")
    return {
        (Path(found["path"]).resolve().relative_to(source.resolve()).as_posix(), found["key"])
        for found in KEY_NOT_FOUND.finditer(text)
    }


# -- measuring


def measure(
    corpus: Corpus, work: Path, *, with_sphinx: bool = True, repeat: int = 1
) -> tuple[Timings, Findings]:
    """Every timing, and what the runs found: the diagnostics and the pairs each tool reports.
    The cold check and the bare parse run ``repeat`` times each, taking turns, so that a slower
    moment of the machine does not land on one side of their ratio only."""
    logs = work / "logs"
    logs.mkdir()
    source = bibliography_source(corpus.root, work / "sphinx-src")
    confdir = sphinx_conf(source, work / "sphinx-conf")
    print(
        f"accord check on {corpus.count} documents: cold and the bare parse, {repeat} times each ...",
        flush=True,
    )
    # A report is cached only for files older than runcache.SETTLE_NS: an editor saved seconds ago.
    time.sleep(SETTLE)
    cold, bare = [], []
    for number in range(1, repeat + 1):
        bare.append(bare_parse(corpus, logs / f"bare-parse-{number}.txt"))
        shutil.rmtree(cache_dir(corpus.root), ignore_errors=True)  # cold: nothing cached at all
        cold.append(accord_check(corpus.root, logs / f"accord-cold-{number}.json"))
    shutil.copyfile(logs / f"accord-cold-{repeat}.json", logs / "accord-1.json")
    again = accord_check(corpus.root, logs / "accord-2.json")  # with the cache the last cold run left
    sphinx = None
    if with_sphinx:
        print("the Sphinx baseline (sphinx -b dummy) ...", flush=True)
        sphinx = sphinx_build(source, confdir, work / "sphinx-out", logs)
    one = corpus.paths()[0].relative_to(corpus.root).as_posix()
    print(f"the pre-commit path: accord check {one}, {RUNS} times; references.bib, {RUNS} times ...")
    one_file = repeated(RUNS, lambda n: one_file_check(corpus.root, one, logs / f"one-{n}.txt"))
    python_start = repeated(
        RUNS, lambda n: timed([sys.executable, "-c", "pass"], logs / f"python-{n}.txt", "python")
    )
    counted = instructions([*ACCORD, "check", one], logs / "one-callgrind.txt", cwd=corpus.root)
    floor = instructions([sys.executable, "-c", "pass"], logs / "python-callgrind.txt")
    one_file_new_keys = repeated(RUNS, lambda n: without_cached_keys(corpus.root, one, logs / f"new-{n}.txt"))
    bib_only = repeated(RUNS, lambda n: one_file_check(corpus.root, "references.bib", logs / f"bib-{n}.txt"))
    edited = corpus.paths()[1]
    edited.write_text(edited.read_text(encoding="utf-8") + "\nOne more paragraph.\n", encoding="utf-8")
    one_edited = accord_check(corpus.root, logs / "accord-3.json")
    timings = Timings(
        cold,
        again,
        sphinx,
        one_file,
        one_file_new_keys,
        bib_only,
        bare,
        one_edited,
        python_start,
        (counted, floor) if counted is not None and floor is not None else None,
    )
    first = diagnostics_of(logs / "accord-1.json")
    found = Findings(
        file=one,
        diagnostics=first,
        same_again=first == diagnostics_of(logs / "accord-2.json"),
        accord={code: missing_keys_accord(first, code) for code in KEY_CODES},
        sphinx=missing_keys_sphinx(logs / "sphinx.warnings", source) if with_sphinx else set(),
    )
    return timings, found


# -- the report


def describe(corpus: Corpus, seeded: Seeded, citations: int, started: str) -> None:
    kinds = ", ".join(f"{len(ids)} {kind}" for kind, ids in corpus.documents.items())
    print(f"\nAccord check benchmark: N={corpus.count} documents ({kinds})")
    print(machine(started))
    print(
        f"corpus: {corpus.words:,} words of body text, {citations} keys cited a document in "
        f"{corpus.citations:,} citation roles, {corpus.entries:,} bibliography entries"
    )
    in_documents = len({document for document, _ in seeded.missing})
    print(
        f"seeded: misspelt keys {len(seeded.missing)} (in {in_documents} documents), keys in the wrong "
        f"case {len(seeded.wrong_case)}, unknown statuses {len(seeded.unknown_status)}"
    )


def found_codes(diagnostics: list[dict[str, object]]) -> str:
    counts = Counter(str(d["code"]) for d in diagnostics)
    return ", ".join(f"{code} {count}" for code, count in sorted(counts.items()))


def key_rows(found: Findings, seeded: Seeded) -> list[Row]:
    sphinx, missing, wrong_case = found.sphinx, found.accord["CITE001"], found.accord["CITE003"]
    either = missing | wrong_case
    return [
        Row("missing keys seeded, (document, key)", str(len(seeded.missing)), note="misspelt"),
        Row("keys seeded in the wrong case", str(len(seeded.wrong_case))),
        Row(
            "missing keys Sphinx reports",
            str(len(sphinx)),
            note=f"{len(sphinx & seeded.missing)} misspelt, {len(sphinx & seeded.wrong_case)} wrong case",
        ),
        Row(
            "missing keys accord reports, CITE001",
            str(len(missing)),
            note=f"{len(missing & seeded.missing)} misspelt",
        ),
        Row(
            "keys in the wrong case accord reports, CITE003",
            str(len(wrong_case)),
            note=f"{len(wrong_case & seeded.wrong_case)} seeded",
        ),
        Row(
            "accord reports every missing key Sphinx reports",
            f"{len(sphinx & either)}/{len(sphinx)}",
            "all",
            verdict(sphinx <= either and bool(sphinx)),
            "as CITE001 or CITE003",
        ),
    ]


def rows(timings: Timings, found: Findings, seeded: Seeded) -> list[Row]:
    again, sphinx = timings.accord_again, timings.sphinx
    cold = middle(timings.accord_cold)
    _, cold_note = median_and_range(timings.accord_cold)
    one_file, one_note = median_and_range(timings.one_file)
    bib_only, bib_note = median_and_range(timings.bib_only)
    new_keys, new_keys_note = median_and_range(timings.one_file_new_keys)
    same = "" if found.same_again else "; DIFFERENT diagnostics"
    edited = timings.one_edited
    speed: list[Row] = []
    if timings.bare_parse:
        bare = middle(timings.bare_parse)
        walls = [run.wall for run in timings.bare_parse]
        ratio = cold.wall / bare.wall
        runs = f"median of {len(walls)}, {min(walls):.2f}-{max(walls):.2f}; " if len(walls) > 1 else ""
        speed.append(
            Row("bare markdown-it parse, one core, s", seconds(bare.wall), note=f"{runs}the parse loop alone")
        )
        speed.append(
            target_row(
                "ratio accord check cold / bare parse",
                ratio,
                f"<= {BARE_RATIO_TARGET:g}x",
                ratio <= BARE_RATIO_TARGET,
                note=f"of the medians; processor time / bare: {cold.cpu / bare.wall:.2f}",
            )
        )
    if edited is not None:
        speed.append(
            Row("accord check ROOT, one document edited, s", seconds(edited.wall), note=cpu_note(edited))
        )
    if sphinx is not None:
        ratio = sphinx.wall / cold.wall
        speed.append(Row("sphinx -b dummy baseline, s", seconds(sphinx.wall), note=cpu_note(sphinx)))
        speed.append(
            target_row(
                "ratio sphinx / accord (cold)",
                ratio,
                f">= {RATIO_TARGET:g}x",
                ratio >= RATIO_TARGET,
                note=f"of processor time: {sphinx.cpu / cold.cpu:.2f}",
            )
        )
    return [
        Row("accord check ROOT --format json, cold, s", seconds(cold.wall), note=cold_note),
        target_row(
            "accord check ROOT --format json, again, s",
            again.wall,
            f"< {WARM_TARGET:g} s",
            again.wall < WARM_TARGET,
            note=f"{cpu_note(again)}; nothing changed: the cached report{same}",
        ),
        *speed,
        *(key_rows(found, seeded) if sphinx is not None else []),
        target_row(
            "pre-commit: accord check ONE_FILE, s",
            one_file,
            f"< {PRECOMMIT_TARGET:g} s",
            one_file < PRECOMMIT_TARGET,
            note=one_note,
        ),
        Row(
            "python -c pass, s",
            seconds(median_and_range(timings.python_start)[0]) if timings.python_start else "-",
            note="the interpreter's own start, which every command pays: the floor of the line above",
        ),
        Row(
            "pre-commit: instructions, millions",
            f"{timings.one_file_instructions[0] / 1e6:,.0f}" if timings.one_file_instructions else "-",
            note=(
                f"callgrind, once; python -c pass {timings.one_file_instructions[1] / 1e6:,.0f}: "
                "within 2 % at any load, for comparing commits"
                if timings.one_file_instructions
                else "valgrind is not installed"
            ),
        ),
        Row(
            "pre-commit, references.bib just edited, s",
            seconds(new_keys),
            note=f"{new_keys_note}; its keys are parsed again and cached",
        ),
        Row("accord check references.bib, s", seconds(bib_only), note=bib_note),
    ]


def report(
    corpus: Corpus, seeded: Seeded, citations: int, timings: Timings, found: Findings, started: str
) -> None:
    describe(corpus, seeded, citations, started)
    print(f"accord check found: {found_codes(found.diagnostics)}")
    print(f"ONE_FILE: {found.file}\n")
    print_table(rows(timings, found, seeded))
    misses = sorted(found.sphinx - found.accord["CITE001"] - found.accord["CITE003"])
    if misses:
        print(f"\nmissing keys Sphinx reports and accord does not ({len(misses)}; up to 5):")
        for document, key in misses[:5]:
            print(f"  {document}: {key}")
    if not found.sphinx and timings.sphinx is not None:
        print("\nSphinx reported no missing key: the comparison cannot pass (see logs/sphinx.warnings)")


# -- profiling


def profile(root: Path, one: str, logs: Path) -> None:
    """The one-file check and the full check under cProfile; the top cumulative functions."""
    import pstats

    for name, arguments in (("one-file", [one]), ("full", [str(root)])):
        stats = logs / f"check-{name}.prof"
        command = [sys.executable, "-m", "cProfile", "-o", str(stats), "-m", "accord", "check", *arguments]
        timed(
            command,
            logs / f"profile-{name}.txt",
            "the profiled accord check",
            cwd=root,
            accept=CHECK_REPORTED,
        )
        print(f"\nProfile of accord check {' '.join(arguments)}: top functions by cumulative time ({stats}):")
        profiled = pstats.Stats(str(stats), stream=sys.stdout).sort_stats("cumulative")
        profiled.print_stats(r"accord|yaml|markdown_it|pybtex|difflib|concurrent", 30)


# -- the benchmark


def arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--docs", type=int, default=1000, help="number of documents (default: 1000)")
    parser.add_argument("--citations", type=int, default=20, help="keys cited a document (default: 20)")
    parser.add_argument("--entries", type=int, default=2000, help="bibliography entries (default: 2000)")
    parser.add_argument("--keep", action="store_true", help="keep the work folder under bench/.work/")
    parser.add_argument("--profile", action="store_true", help="also profile accord check with cProfile")
    parser.add_argument(
        "--no-sphinx", action="store_true", help="skip the Sphinx baseline (minutes) and its comparisons"
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=3,
        help="cold checks and bare parses, taking turns; the ratio is of their medians (default: 3)",
    )
    args = parser.parse_args(argv)
    if args.docs < 2 or not 1 <= args.citations <= args.entries or args.repeat < 1:
        parser.error("--docs must be at least 2, --citations between 1 and --entries, --repeat at least 1")
    return args


def benchmark(args: argparse.Namespace, work: Path) -> None:
    started = start_of_run()
    print(f"generating {args.docs} documents into {work / 'repo'} ...", flush=True)
    corpus = write_repository(
        REPOSITORY,
        work / "repo",
        documents=args.docs,
        entries=args.entries,
        citations=args.citations,
        seed=SEED,
        today=dt.date.today(),
    )
    seeded = seed_errors(corpus)
    timings, found = measure(corpus, work, with_sphinx=not args.no_sphinx, repeat=args.repeat)
    report(corpus, seeded, args.citations, timings, found, started)
    if args.profile:
        profile(corpus.root, found.file, work / "logs")


def main(argv: list[str] | None = None) -> int:
    args = arguments(argv)
    return in_work_folder("check-", args.keep, lambda work: benchmark(args, work))


if __name__ == "__main__":
    sys.exit(main())
