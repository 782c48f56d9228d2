"""accord.preflight: the check's process beside Sphinx's start-up ends with the build, and leaves
Ctrl-C to the build. In a process of its own: this one has threads, where nothing forks."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

#: Starts the check in its process (made slow), prints that process's id, then dies at once.
_SCRIPT = """
import datetime as dt, json, os, signal, sys, time
from pathlib import Path
from accord import preflight
preflight.check = lambda *arguments: time.sleep(60)
started = preflight.Started(Path(sys.argv[1]), Path(sys.argv[1]) / "_build", dt.date(2026, 12, 1), False)
while not started._pool._processes:
    time.sleep(0.05)
time.sleep(0.5)  # the worker's initializer has run
print(json.dumps(list(started._pool._processes)), flush=True)
os.kill(os.getpid(), signal.SIGKILL)
"""


def _ignores_interrupts(pid: int) -> bool:
    for line in Path(f"/proc/{pid}/status").read_text(encoding="utf-8").splitlines():
        if line.startswith("SigIgn:"):
            return bool(int(line.split()[1], 16) & (1 << (signal.SIGINT - 1)))
    return False


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="reads /proc")
def test_the_checks_process_ends_with_a_killed_build_and_leaves_ctrl_c_to_it(tmp_path: Path) -> None:
    command = [sys.executable, "-c", _SCRIPT, str(tmp_path)]
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True) as run:
        assert run.stdout is not None
        (worker,) = json.loads(run.stdout.readline())
        ignores = _ignores_interrupts(worker)  # read before the build's death ends it
        run.wait(timeout=30)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and Path(f"/proc/{worker}").exists():
        time.sleep(0.1)
    gone = not Path(f"/proc/{worker}").exists()
    if not gone:
        os.kill(worker, signal.SIGKILL)
    assert ignores
    assert gone


#: In a fresh interpreter: what the check's process had imported before it ran the check.
_SHARED = """
import datetime as dt, json, sys
from pathlib import Path
from accord import preflight
assert "accord.checks" not in sys.modules
preflight.check = lambda *arguments: sorted(
    name for name in ("accord.checks", "myst_parser.parsers.mdit") if name in sys.modules
)
with preflight.Started(Path(sys.argv[1]), Path(sys.argv[1]) / "_build", dt.date(2026, 12, 1), False) as started:
    print(json.dumps(started.verdict()))
"""


def test_the_checks_process_is_forked_with_the_rules_the_build_imports_anyway(tmp_path: Path) -> None:
    # Imported once, before the fork, rather than again in the check's process (0.2 s).
    run = subprocess.run(
        [sys.executable, "-c", _SHARED, str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout) == ["accord.checks", "myst_parser.parsers.mdit"]
