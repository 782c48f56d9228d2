"""A command run as a step of the scale benchmark: its wall-clock and processor seconds and peak
memory, sampled every second, and stopped before it takes the shared machine's last memory."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from run import environment

RESERVE = 1536  # MiB the machine keeps for its other processes, whatever --memory-limit says

WRAPPER = """
import resource, subprocess, sys, time
try:  # if the machine runs out of memory all the same, the kernel stops this step first
    open("/proc/self/oom_score_adj", "w").write("1000")
except OSError:
    pass
start = time.perf_counter()
code = subprocess.run(sys.argv[2:]).returncode
wall = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
with open(sys.argv[1], "w") as out:
    print(code, wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, file=out)
"""


def session_usage(session: int) -> tuple[float, float]:
    """MiB resident in every process of ``session`` together, and the processor seconds they
    and their ended children used so far (Linux /proc): where in a step the memory and the work go."""
    pages = ticks = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text(encoding="utf-8").rsplit(")", 1)[1].split()
            if int(fields[3]) == session:
                ticks += sum(int(value) for value in fields[11:15])  # utime stime cutime cstime
                pages += int((stat.parent / "statm").read_text(encoding="utf-8").split()[1])
        except (OSError, IndexError, ValueError):
            continue  # the process ended while being read
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20, ticks / os.sysconf("SC_CLK_TCK")


def available() -> float:
    """MiB of memory the machine can still give (MemAvailable), or infinity off Linux."""
    try:
        for line in Path("/proc/meminfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("inf")


def child(command: list[str], log: Path, timeout: float, limit: float) -> dict[str, object]:
    """Wall seconds, processor seconds and peak resident memory (MiB, the largest process) of one
    command, or ``failed`` with the reason. Every second the wall seconds, the resident memory (MiB)
    of all its processes together and their processor seconds so far are written to ``log``.rss.
    Past ``limit`` MiB, or when the machine has less than RESERVE MiB left, the command is stopped:
    running a shared machine out of memory would stop other people's work too."""
    # A wrapper per step: RUSAGE_CHILDREN's maximum is then this step's, not the largest so far.
    result = log.with_suffix(".result")
    result.unlink(missing_ok=True)
    with log.open("w", encoding="utf-8") as out, log.with_suffix(".rss").open("w", encoding="utf-8") as rss:
        start = time.perf_counter()
        process = subprocess.Popen(
            [sys.executable, "-c", WRAPPER, str(result), *command],
            stdout=out,
            stderr=subprocess.STDOUT,
            env=environment(),
            start_new_session=True,
        )
        failed, peak = "", 0.0
        while process.poll() is None:
            time.sleep(1)
            elapsed, (now, cpu) = time.perf_counter() - start, session_usage(process.pid)
            peak = max(peak, now)
            print(f"{elapsed:.0f} {now:.0f} {cpu:.1f}", file=rss, flush=True)
            if now > limit:
                failed = f"stopped at {now:,.0f} MiB, over the limit of {limit:,.0f} MiB"
            elif available() < RESERVE:
                failed = f"stopped at {now:,.0f} MiB: the machine had less than {RESERVE:,} MiB left"
            elif elapsed > timeout:
                failed = f"stopped after {elapsed:,.0f} s, over the timeout"
            if failed:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
                return {"failed": failed, "wall": elapsed, "session_memory": peak}
    code, wall, cpu, maxrss = result.read_text(encoding="utf-8").split()
    if int(code) != 0:
        return {"failed": f"exit status {code} (log: {log.name})", "wall": float(wall)}
    return {"wall": float(wall), "cpu": float(cpu), "memory": int(maxrss) / 1024, "session_memory": peak}
