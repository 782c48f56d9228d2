"""Scale benchmark: time and peak memory of each step against the number of documents.

    python bench/scale.py --docs 100 500 1000 5000 [--steps check build rebuild edition] [--keep]

For each size, generates a repository (bench/generate.py, the same seed as the other benchmarks)
and times, as child processes: ``accord check`` (no cache), the full ``accord build --fresh``
with PDFs, a one-document rebuild with PDFs (one sentence appended), and an edition build
(``accord edition build v1.0`` of the repository committed and tagged: what a release builds).
Peak memory is the largest resident set size of the step's processes (``getrusage``). The results
go to ``bench/scale.json`` (merged with earlier runs by size and step) and the plot to
``bench/scale.png`` (matplotlib: ``pip install -e .[bench]``). A step that fails or exceeds
``--timeout`` is recorded as missing, so that a busy machine still yields the smaller sizes.
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
from pathlib import Path

from generate import write_repository
from run import ACCORD, REPOSITORY, SEED, append_sentence, environment

BENCH = Path(__file__).resolve().parent
RESULTS = BENCH / "scale.json"
PLOT = BENCH / "scale.png"
STEPS = ("check", "build", "rebuild", "edition")
LABELS = {
    "check": "accord check (cold)",
    "build": "accord build --fresh, with PDFs",
    "rebuild": "one-document rebuild, with PDFs",
    "edition": "accord edition build (with PDFs)",
}


def child(command: list[str], log: Path, timeout: float) -> dict[str, float] | None:
    """Wall seconds, processor seconds and peak resident memory (MiB) of one child process."""
    script = (
        "import resource, subprocess, sys, time\n"
        "start = time.perf_counter()\n"
        "code = subprocess.run(sys.argv[1:]).returncode\n"
        "wall = time.perf_counter() - start\n"
        "usage = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
        "print(f'{code} {wall} {usage.ru_utime + usage.ru_stime} {usage.ru_maxrss}', file=sys.stderr)\n"
    )
    # A wrapper per step: RUSAGE_CHILDREN's maximum is then this step's, not the largest so far.
    with log.open("w", encoding="utf-8") as out:
        try:
            done = subprocess.run(
                [sys.executable, "-c", script, *command],
                stdout=out,
                stderr=subprocess.PIPE,
                text=True,
                env=environment(),
                timeout=timeout,
                check=False,
            )
        except subprocess.TimeoutExpired:
            return None
    code, wall, cpu, rss = done.stderr.strip().splitlines()[-1].split()
    if int(code) not in (0, 1):
        return None
    return {"wall": float(wall), "cpu": float(cpu), "memory": int(rss) / 1024}


def tag(root: Path) -> None:
    """Commit the repository and tag it v1.0: an edition is built from a tag."""
    who = ["-c", "user.name=bench", "-c", "user.email=bench@example.org", "-c", "tag.gpgSign=false"]
    for command in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "bench"], ["tag", "v1.0"]):
        subprocess.run(["git", *who, *command], cwd=root, check=True, capture_output=True)


def measure(size: int, steps: list[str], work: Path, timeout: float) -> dict[str, dict[str, float] | None]:
    root = work / f"repo-{size}"
    logs = work / "logs"
    logs.mkdir(exist_ok=True)
    corpus = write_repository(REPOSITORY, root, documents=size, seed=SEED, today=dt.date.today())
    found: dict[str, dict[str, float] | None] = {}
    out = work / f"out-{size}"
    if "check" in steps:
        print(f"{size}: accord check ...", flush=True)
        found["check"] = child([*ACCORD, "check", str(root)], logs / f"check-{size}.log", timeout)
    if "build" in steps or "rebuild" in steps:
        print(f"{size}: accord build --fresh ...", flush=True)
        built = child(
            [*ACCORD, "build", str(root), "--out", str(out), "--fresh"], logs / f"build-{size}.log", timeout
        )
        found["build"] = built
        if "rebuild" in steps and built is not None:
            print(f"{size}: one-document rebuild ...", flush=True)
            append_sentence(corpus.paths()[0], "A sentence appended by the scale benchmark.")
            command = [*ACCORD, "build", str(root), "--out", str(out)]
            found["rebuild"] = child(command, logs / f"rebuild-{size}.log", timeout)
    if "edition" in steps:
        print(f"{size}: edition build ...", flush=True)
        tag(root)
        command = [
            *ACCORD,
            "edition",
            "build",
            "v1.0",
            "--root",
            str(root),
            "--out",
            str(work / f"edition-{size}"),
        ]
        found["edition"] = child(command, logs / f"edition-{size}.log", timeout)
    shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(work / f"edition-{size}", ignore_errors=True)
    shutil.rmtree(root, ignore_errors=True)
    return found


def plot(results: dict[str, dict[str, dict[str, float] | None]]) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    sizes = sorted(int(size) for size in results)
    figure, (times, cpu, memory) = plt.subplots(1, 3, figsize=(15, 4.5))
    for step in STEPS:
        points = [(n, results[str(n)].get(step)) for n in sizes]
        points = [(n, value) for n, value in points if value]
        if not points:
            continue
        xs = [n for n, _ in points]
        times.plot(xs, [v["wall"] for _, v in points], marker="o", label=LABELS[step])
        cpu.plot(xs, [v["cpu"] for _, v in points], marker="o", label=LABELS[step])
        memory.plot(xs, [v["memory"] for _, v in points], marker="o", label=LABELS[step])
    panels = (
        (times, "Time", "seconds (wall clock)"),
        (cpu, "Processor time", "seconds (user + system, every process)"),
        (memory, "Peak memory", "MiB (largest process)"),
    )
    for axes, title, unit in panels:
        axes.set_xscale("log")
        axes.set_yscale("log")
        axes.set_xlabel("documents")
        axes.set_ylabel(unit)
        axes.set_title(title)
        axes.grid(True, which="both", alpha=0.3)
    times.legend(fontsize=8)
    figure.suptitle(f"Accord at scale ({os.cpu_count()} processors; see bench/README.md)")
    figure.tight_layout()
    figure.savefig(PLOT, dpi=110)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--docs", type=int, nargs="+", default=[100, 500, 1000, 5000])
    parser.add_argument("--steps", nargs="+", choices=STEPS, default=list(STEPS))
    parser.add_argument("--timeout", type=float, default=3600, help="seconds a step may take (default: 3600)")
    parser.add_argument("--keep", action="store_true", help="keep the work folder under bench/.work/")
    parser.add_argument("--plot-only", action="store_true", help="plot bench/scale.json without measuring")
    args = parser.parse_args(argv)
    stored = json.loads(RESULTS.read_text(encoding="utf-8")) if RESULTS.is_file() else {}
    if not args.plot_only:
        (BENCH / ".work").mkdir(exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix="scale-", dir=BENCH / ".work"))
        try:
            for size in args.docs:
                started = os.getloadavg()[0]
                found = measure(size, args.steps, work, args.timeout)
                entry = stored.setdefault(str(size), {})
                entry.update(found)
                entry["load"] = [started, os.getloadavg()[0]]
                entry["measured"] = time.strftime("%Y-%m-%d %H:%M")
                RESULTS.write_text(json.dumps(stored, indent=1, sort_keys=True) + "\n", encoding="utf-8")
                print(f"{size}: {json.dumps(found)}", flush=True)
        finally:
            if not args.keep:
                shutil.rmtree(work, ignore_errors=True)
    plot({size: {k: v for k, v in entry.items() if k in STEPS} for size, entry in stored.items()})
    print(f"plot: {PLOT}")
    return 0


if __name__ == "__main__":
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    sys.exit(main())
