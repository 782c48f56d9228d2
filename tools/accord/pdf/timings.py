"""Where the time of a PDF build goes, for the benchmark (bench/run.py --pdf).

Wall-clock and processor seconds (of every thread: Typst compiles in threads) per phase of the
write phase, appended as one JSON line to the file that ``ACCORD_PDF_TIMINGS`` names; nothing is
measured or written when it is unset.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

VARIABLE = "ACCORD_PDF_TIMINGS"


class Clock:
    def __init__(self) -> None:
        self.path = os.environ.get(VARIABLE, "")
        self.phases: dict[str, list[float]] = {}
        self._last = (time.perf_counter(), time.process_time())

    def lap(self, phase: str) -> None:
        """Count the time since the last lap towards ``phase``."""
        if not self.path:
            return
        now = (time.perf_counter(), time.process_time())
        wall, cpu = self.phases.setdefault(phase, [0.0, 0.0])
        self.phases[phase] = [wall + now[0] - self._last[0], cpu + now[1] - self._last[1]]
        self._last = now

    def write(self) -> None:
        if not self.path:
            return
        line = {
            phase: {"wall": round(wall, 3), "cpu": round(cpu, 3)}
            for phase, (wall, cpu) in self.phases.items()
        }
        with Path(self.path).open("a", encoding="utf-8") as out:
            out.write(json.dumps(line) + "\n")
