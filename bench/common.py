"""What the check and link benchmarks share: timed subprocesses, a work folder, the report table,
and a look for other benchmarks that would disturb the timings."""

from __future__ import annotations

import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from run import BenchError, cpus, environment, verdict

BENCH = Path(__file__).resolve().parent
REPOSITORY = BENCH.parent
ACCORD = [sys.executable, "-m", "accord"]
#: Exit statuses of ``accord check`` that are a report: 0 no errors, 1 findings. 2 is a failure.
CHECK_REPORTED = (0, 1)
#: Command lines that are a benchmark; another one running at the same time skews the timings.
BENCHMARKS = (
    "bench/run.py",
    "bench/check.py",
    "bench/links.py",
    "bench/pdf.py",
    "bench/editions.py",
    "bench/consultation.py",
    "bench/serve.py",
    "bench/scale.py",
)


# -- running commands


@dataclass(frozen=True)
class Measured:
    """What one command took: wall-clock seconds; the processor seconds (user and system) of the
    command and its child processes; and ``others``, the processor seconds the rest of the
    machine used meanwhile (None off Linux). A busy machine makes the first grow, not the second;
    the third says how busy it was."""

    wall: float
    cpu: float
    others: float | None = None


Usage = tuple[float, float, float | None]  # this process, its finished children, the whole machine


def usage() -> Usage:
    """Processor seconds used so far by this process, by its finished children, and by every
    process of the machine since boot (Linux /proc/stat; None elsewhere)."""
    mine, children = (resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    try:
        fields = Path("/proc/stat").read_text(encoding="utf-8").split("\n", 1)[0].split()
        user, nice, system, _idle, _iowait, irq, softirq, steal = (int(value) for value in fields[1:9])
        machine = (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError):
        machine = None
    return mine.ru_utime + mine.ru_stime, children.ru_utime + children.ru_stime, machine


def measured(wall: float, before: Usage, after: Usage) -> Measured:
    mine, children = after[0] - before[0], after[1] - before[1]
    others = None
    if before[2] is not None and after[2] is not None:
        others = max(0.0, after[2] - before[2] - mine - children)
    return Measured(wall, children, others)


def timed(
    command: Sequence[str],
    log: Path,
    what: str,
    *,
    cwd: Path | None = None,
    accept: Sequence[int] = (0,),
    env: dict[str, str] | None = None,
) -> Measured:
    """Run ``command``, its standard output in ``log`` and its error output next to it
    (``.stderr``); what it took, or BenchError when the exit status is not accepted."""
    errors = log.with_suffix(".stderr")
    with log.open("w", encoding="utf-8") as out, errors.open("w", encoding="utf-8") as err:
        before, start = usage(), time.perf_counter()
        finished = subprocess.run(
            list(command), stdout=out, stderr=err, cwd=cwd, env=env or environment(), check=False
        )
        elapsed = measured(time.perf_counter() - start, before, usage())
    if finished.returncode not in accept:
        tail = "\n".join(errors.read_text(encoding="utf-8", errors="replace").splitlines()[-30:])
        raise BenchError(f"{what} failed with exit status {finished.returncode} (log: {errors}):\n{tail}")
    return elapsed


#: What callgrind prints at the end: the instructions the program ran ("Collected : 844079515").
_COLLECTED = "Collected : "


def instructions(command: Sequence[str], log: Path, *, cwd: Path | None = None) -> int | None:
    """The instructions ``command``'s own process runs, counted by callgrind (valgrind); None
    without valgrind. The count moves by 1-2 % between runs (the hash seed differs) and not with
    the load, where wall time moves by a fifth or more from one minute to the next on this
    machine: it compares commits. Child processes (``git``) are not counted. Some 50 times
    slower than the command."""
    valgrind = shutil.which("valgrind")
    if valgrind is None:
        return None
    counted = [valgrind, "--tool=callgrind", "--callgrind-out-file=/dev/null", *command]
    timed(counted, log, f"callgrind of {' '.join(command)}", cwd=cwd, accept=(0, 1))
    for line in log.with_suffix(".stderr").read_text(encoding="utf-8", errors="replace").splitlines():
        if _COLLECTED in line:
            return int(line.split(_COLLECTED, 1)[1].split()[0])
    raise BenchError(f"callgrind printed no count of instructions: {log.with_suffix('.stderr')}")


def repeated(times: int, once: Callable[[int], Measured]) -> list[Measured]:
    """``once(1)`` ... ``once(times)``: what each run took."""
    return [once(number) for number in range(1, times + 1)]


def middle(runs: Sequence[Measured]) -> Measured:
    """The medians of the runs' wall-clock and processor seconds, each taken on its own."""
    others = [run.others for run in runs if run.others is not None]
    return Measured(
        statistics.median(run.wall for run in runs),
        statistics.median(run.cpu for run in runs),
        statistics.median(others) if len(others) == len(runs) else None,
    )


def median_and_range(runs: Sequence[Measured]) -> tuple[float, str]:
    """The median wall-clock seconds, and a note with their range and the median processor times."""
    walls = [run.wall for run in runs]
    median = middle(runs)
    return median.wall, f"median of {len(runs)}, {min(walls):.2f}-{max(walls):.2f}; {cpu_note(median)}"


def cpu_note(run: Measured) -> str:
    """Processor seconds of the command, and of the rest of the machine meanwhile."""
    others = "" if run.others is None else f", others {run.others:.2f}"
    return f"cpu {run.cpu:.2f}{others}"


# -- the machine


def _ancestors() -> set[int]:
    """This process and the processes that started it (a shell running the benchmark, say)."""
    found, pid = set(), os.getpid()
    while pid > 1 and pid not in found:
        found.add(pid)
        try:
            stat = Path(f"/proc/{pid}/stat").read_text(encoding="utf-8")
        except OSError:
            break
        pid = int(stat.rsplit(")", 1)[1].split()[1])
    return found


def other_benchmarks() -> list[str]:
    """Command lines of the other benchmarks running now (Linux /proc; none found elsewhere)."""
    mine = _ancestors()
    found = []
    for folder in Path("/proc").glob("[0-9]*"):
        try:
            line = (folder / "cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
        except OSError:
            continue
        if int(folder.name) not in mine and any(name in line for name in BENCHMARKS):
            found.append(f"{folder.name} {line.strip()}")
    return found


def start_of_run() -> str:
    """Warn about other benchmarks running now; the load average, for the report's header."""
    for line in other_benchmarks():
        print(f"warning: another benchmark is running, timings may be disturbed: {line}", flush=True)
    return load()


def load() -> str:
    """The load average over the last minute, to tell a quiet machine from a busy one."""
    return f"{os.getloadavg()[0]:.2f}" if hasattr(os, "getloadavg") else "?"


def revision() -> str:
    """The commit of this checkout, with "-dirty" when the working tree has changes: what was measured."""
    found = subprocess.run(
        ["git", "describe", "--always", "--dirty"],
        cwd=REPOSITORY,
        capture_output=True,
        text=True,
        check=False,
    )
    return found.stdout.strip() or "unknown"


def machine(started_load: str) -> str:
    """One line about the conditions of the run, for the report's header."""
    return f"accord {revision()}, nproc={cpus()}, load average {started_load} at the start, {load()} now"


# -- the work folder and the report


def in_work_folder(prefix: str, keep: bool, body: Callable[[Path], None]) -> int:
    """Run ``body`` in a new folder under bench/.work/; exit status 0, or 1 after a BenchError.
    The folder is removed unless ``keep`` or something failed."""
    (BENCH / ".work").mkdir(exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=prefix, dir=BENCH / ".work"))
    status = 0
    try:
        body(work)
    except BenchError as error:
        print(f"\nbench: {error}", file=sys.stderr)
        keep, status = True, 1
    finally:
        if keep:
            print(f"\nwork folder kept: {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)
    return status


@dataclass
class Row:
    measure: str
    value: str
    target: str = ""
    result: str = ""
    note: str = ""


def seconds(value: float) -> str:
    return f"{value:.2f}"


def print_table(rows: Sequence[Row]) -> None:
    width = max(len(row.measure) for row in rows)
    print(f"{'measure':<{width}} {'value':>9}  {'target':<9} {'result':<6} note")
    for row in rows:
        print(f"{row.measure:<{width}} {row.value:>9}  {row.target:<9} {row.result:<6} {row.note}".rstrip())


def target_row(measure: str, value: float, target: str, ok: bool, *, unit: str = "", note: str = "") -> Row:
    return Row(measure, f"{value:.2f}{unit}", target, verdict(ok), note)
