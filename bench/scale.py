"""Scale benchmark: time and peak memory of each step against the number of documents.

    python bench/scale.py --docs 100 500 1000 5000 [--steps check html build rebuild edition] [--keep]

For each size, generates a repository (bench/generate.py, the same seed as the other benchmarks)
and times, as child processes: ``accord check`` (no cache), ``accord build --fresh --no-pdf``
(the HTML site alone: where the PDFs' share of the cost shows), the full ``accord build --fresh``
with PDFs, a one-document rebuild with PDFs (one sentence appended), and an edition build
(``accord edition build v1.0`` of the repository committed and tagged: what a release builds).
Peak memory is the largest resident set size of the step's processes (``getrusage``). The results
go to ``bench/scale.json`` (merged with earlier runs by size and step) and the plot to
``bench/scale.png`` (matplotlib: ``pip install -e .[bench]``). A step that fails or exceeds
``--timeout``, or whose processes together hold more than ``--memory-limit``, is stopped and
recorded with ``failed`` and the reason, so that a busy machine still yields the smaller sizes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from generate import write_repository
from run import ACCORD, REPOSITORY, SEED, append_sentence
from sampled import child

BENCH = Path(__file__).resolve().parent
RESULTS = BENCH / "scale.json"
PLOT = BENCH / "scale.png"
STEPS = ("check", "html", "build", "rebuild", "edition")
LABELS = {
    "check": "accord check (cold)",
    "html": "accord build --fresh --no-pdf (HTML only)",
    "build": "accord build --fresh, with PDFs",
    "rebuild": "one-document rebuild, with PDFs",
    "edition": "accord edition build (with PDFs)",
}


def tag(root: Path) -> None:
    """Commit the repository and tag it v1.0: an edition is built from a tag."""
    who = ["-c", "user.name=bench", "-c", "user.email=bench@example.org", "-c", "tag.gpgSign=false"]
    for command in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "bench"], ["tag", "v1.0"]):
        subprocess.run(["git", *who, *command], cwd=root, check=True, capture_output=True)


def timed(step: str, command: list[str], log: Path, limits: tuple[float, float]) -> dict[str, object]:
    """``child`` with the load average at the step's start and end: the machine is shared, and
    wall clock means little without it."""
    started = os.getloadavg()[0]
    found = child(command, log, *limits)
    found["load"] = [round(started, 2), round(os.getloadavg()[0], 2)]
    found["measured"] = time.strftime("%Y-%m-%d %H:%M")
    if "failed" in found:
        print(f"  {step}: {found['failed']}", flush=True)
    else:
        print(
            f"  {step}: {found['cpu']:.1f} cpu s, {found['wall']:.1f} wall s, {found['memory']:.0f} MiB",
            flush=True,
        )
    return found


def picked_up(out: Path, path: Path, sentence: str) -> bool:
    """Whether the rebuild put the appended sentence in the document's page and Typst source."""
    page = out / "html" / path.parent.name / f"{path.stem}.html"
    typst = out / "typst" / path.parent.name / f"{path.stem}.typ"
    return all(f.is_file() and sentence in f.read_text(encoding="utf-8") for f in (page, typst))


def measure(
    size: int,
    steps: list[str],
    work: Path,
    limits: tuple[float, float],
    record: Callable[[str, object], None],
) -> None:
    """Generate a repository of ``size`` documents and time ``steps`` on it, in the order of
    STEPS; ``record(step, result)`` is called after each, so an interrupted run keeps its steps."""
    root = work / f"repo-{size}"
    logs = work / "logs"
    logs.mkdir(exist_ok=True)
    corpus = write_repository(REPOSITORY, root, documents=size, seed=SEED, today=dt.date.today())
    out = work / f"out-{size}"
    build = [*ACCORD, "build", str(root), "--out", str(out)]
    if "check" in steps:
        print(f"{size}: accord check ...", flush=True)
        record("check", timed("check", [*ACCORD, "check", str(root)], logs / f"check-{size}.log", limits))
    if "html" in steps:
        print(f"{size}: accord build --fresh --no-pdf ...", flush=True)
        html = [*ACCORD, "build", str(root), "--out", str(work / f"html-{size}"), "--fresh", "--no-pdf"]
        record("html", timed("html", html, logs / f"html-{size}.log", limits))
        shutil.rmtree(work / f"html-{size}", ignore_errors=True)
    if "build" in steps or "rebuild" in steps:
        print(f"{size}: accord build --fresh ...", flush=True)
        built = timed("build", [*build, "--fresh"], logs / f"build-{size}.log", limits)
        if "build" in steps:
            record("build", built)
        if "rebuild" in steps and "failed" not in built:
            print(f"{size}: one-document rebuild ...", flush=True)
            path, sentence = corpus.paths()[0], "A sentence appended by the scale benchmark."
            append_sentence(path, sentence)
            rebuilt = timed("rebuild", build, logs / f"rebuild-{size}.log", limits)
            if "failed" not in rebuilt and not picked_up(out, path, sentence):
                rebuilt["failed"] = f"the edit of {path.name} is not in its page or Typst source"
                print(f"  rebuild: {rebuilt['failed']}", flush=True)
            record("rebuild", rebuilt)
    shutil.rmtree(out, ignore_errors=True)
    if "edition" in steps:
        print(f"{size}: edition build ...", flush=True)
        tag(root)
        edition = [
            *ACCORD,
            "edition",
            "build",
            "v1.0",
            "--root",
            str(root),
            "--out",
            str(work / f"edition-{size}"),
        ]
        record("edition", timed("edition", edition, logs / f"edition-{size}.log", limits))
    shutil.rmtree(work / f"edition-{size}", ignore_errors=True)
    shutil.rmtree(root, ignore_errors=True)


def plot(results: dict[str, dict[str, dict[str, float] | None]]) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    sizes = sorted(int(size) for size in results)
    figure, panels = plt.subplots(2, 2, figsize=(12, 9))
    (cpu, wall), (per_document, memory) = panels
    for number, step in enumerate(STEPS):
        found = [(n, results[str(n)].get(step)) for n in sizes]
        points = [(n, value) for n, value in found if value and "failed" not in value]
        style = {"marker": "o", "color": f"C{number}", "label": LABELS[step]}
        if points:
            xs = [n for n, _ in points]
            cpu.plot(xs, [v["cpu"] for _, v in points], **style)
            wall.plot(xs, [v["wall"] for _, v in points], **style)
            per_document.plot(xs, [1000 * v["cpu"] / n for n, v in points], **style)
            memory.plot(xs, [v["memory"] for _, v in points], **style)
        # A step stopped (memory, timeout) shows where it was stopped: at least that much.
        for n, value in found:
            if value and "failed" in value and value.get("session_memory"):
                memory.plot([n], [value["session_memory"]], marker="x", markersize=10, color=f"C{number}")
                memory.annotate(
                    "stopped (over memory)" if "MiB" in value["failed"] else "stopped (time)",
                    (n, value["session_memory"]),
                    textcoords="offset points",
                    xytext=(-10, -3),
                    ha="right",
                    fontsize=8,
                    color=f"C{number}",
                )
    titles = (
        (cpu, "Processor time (the reliable figure)", "seconds (user + system, every process)"),
        (wall, "Wall clock (machine shared: indicative)", "seconds"),
        (per_document, "Processor time per document (flat = linear)", "milliseconds per document"),
        (memory, "Peak memory (x: the step was stopped there)", "MiB (largest single process)"),
    )
    for axes, title, unit in titles:
        axes.set_xscale("log")
        axes.set_yscale("log")
        axes.set_xticks(sizes, [f"{n:,}" for n in sizes])
        axes.xaxis.set_minor_locator(matplotlib.ticker.NullLocator())
        axes.yaxis.set_major_formatter(matplotlib.ticker.FormatStrFormatter("%g"))
        axes.yaxis.set_minor_formatter(matplotlib.ticker.NullFormatter())
        axes.set_xlabel("documents (log scale)")
        axes.set_ylabel(unit + " (log scale)")
        axes.set_title(title)
        axes.grid(True, which="both", alpha=0.3)
    handles, labels = cpu.get_legend_handles_labels()
    figure.legend(handles, labels, loc="lower center", ncol=3, fontsize=9, frameon=False)
    figure.suptitle(f"Accord at scale ({os.cpu_count()} processors, shared; see bench/README.md)")
    figure.tight_layout(rect=(0, 0.06, 1, 1))
    figure.savefig(PLOT, dpi=100)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--docs", type=int, nargs="+", default=[100, 500, 1000, 5000])
    parser.add_argument("--steps", nargs="+", choices=STEPS, default=list(STEPS))
    parser.add_argument("--timeout", type=float, default=3600, help="seconds a step may take (default: 3600)")
    parser.add_argument(
        "--memory-limit",
        type=float,
        default=14 * 1024,
        help="MiB all of a step's processes may hold together before it is stopped (default: 14336)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the work folder under bench/.work/")
    parser.add_argument("--plot-only", action="store_true", help="plot bench/scale.json without measuring")
    args = parser.parse_args(argv)
    stored = json.loads(RESULTS.read_text(encoding="utf-8")) if RESULTS.is_file() else {}
    if not args.plot_only:
        (BENCH / ".work").mkdir(exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix="scale-", dir=BENCH / ".work"))
        try:
            for size in args.docs:

                def record(step: str, result: object, size: int = size) -> None:
                    stored.setdefault(str(size), {})[step] = result
                    RESULTS.write_text(json.dumps(stored, indent=1, sort_keys=True) + "\n", encoding="utf-8")

                measure(size, args.steps, work, (args.timeout, args.memory_limit), record)
        finally:
            if not args.keep:
                shutil.rmtree(work, ignore_errors=True)
    plot({size: {k: v for k, v in entry.items() if k in STEPS} for size, entry in stored.items()})
    print(f"plot: {PLOT}")
    return 0


if __name__ == "__main__":
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    sys.exit(main())
