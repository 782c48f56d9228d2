"""Serve benchmark: how long after a one-paragraph edit is the new text served by ``accord serve``?

    python bench/serve.py [--docs N] [--repeat R] [--checkout DIR ...] [--no-pdf] [--keep]

Starts ``accord serve`` on a copy of this repository (or, with ``--docs N``, on a generated
repository of N documents), waits for the first build, then appends a sentence to one paragraph
of one document and polls the page over HTTP until the sentence is in it: that wall-clock time
is the latency (median of ``--repeat`` edits). ``--checkout DIR`` (repeatable) measures the
``accord`` of another checkout too (its ``tools/``), in the same run: before and after a change.
By default the serve also rebuilds the PDFs in the background meanwhile, as an editor's does;
``--no-pdf`` measures the pages alone. Exit 0 with a report (the 1 s target may fail), 1 when something fails.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from common import REPOSITORY, Row, in_work_folder, load, machine, print_table, start_of_run, target_row
from generate import write_repository
from run import BenchError, append_sentence

#: The issue's target (issue 16): a one-paragraph edit in the browser within a second.
TARGET = 1.0
POLL = 0.02
FIRST_BUILD_TIMEOUT = 900.0
EDIT_TIMEOUT = 300.0


def copy_repository(target: Path) -> Path:
    """This repository's tracked files as they are in the working tree (no .git, no builds)."""
    listed = subprocess.run(
        ["git", "ls-files", "-z"], cwd=REPOSITORY, capture_output=True, check=True
    ).stdout.decode("utf-8")
    for name in filter(None, listed.split("\0")):
        source = REPOSITORY / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    return target


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", "replace")
    except (urllib.error.URLError, http.client.HTTPException, OSError):  # also a page half written
        return None


def wait_for(url: str, text: str | None, timeout: float) -> float:
    """Seconds until ``url`` answers (and has ``text`` in it, when given); BenchError after ``timeout``."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        page = fetch(url)
        if page is not None and (text is None or text in page):
            return time.perf_counter() - start
        time.sleep(POLL)
    raise BenchError(f"{url} did not show {text!r} within {timeout:.0f} s")


def measure(
    checkout: Path, root: Path, document: Path, repeat: int, log: Path, *, pdf: bool = True
) -> tuple[float, list[float]]:
    """The first build's seconds and the latency of each edit, for the accord of ``checkout``."""
    port = free_port()
    shutil.rmtree(root / "_build" / "serve", ignore_errors=True)
    env = {**os.environ, "PYTHONPATH": str(checkout / "tools")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    # An accord whose serve makes PDFs in the background (since 2026-12) can be asked not to.
    helped = subprocess.run(
        [sys.executable, "-m", "accord", "serve", "--help"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    extra = ["--no-pdf"] if not pdf and "--no-pdf" in helped.stdout else []
    url = f"http://127.0.0.1:{port}/{document.relative_to(root).with_suffix('.html').as_posix()}"
    with log.open("w", encoding="utf-8") as output:
        server = subprocess.Popen(
            [sys.executable, "-m", "accord", "serve", str(root), "--port", str(port), *extra],
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its builders too are stopped with it
        )
        try:
            first = wait_for(url, None, FIRST_BUILD_TIMEOUT)
            time.sleep(1.0)  # let the watcher settle after the first build
            latencies = []
            for number in range(repeat):
                token = f"Servemark{os.getpid()}x{port}x{number}."
                start = time.perf_counter()
                append_sentence(document, token)
                wait_for(url, token, EDIT_TIMEOUT)
                latencies.append(time.perf_counter() - start)
                time.sleep(0.5)
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
    return first, latencies


def arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=0, help="a generated repository of N documents")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--checkout", type=Path, action="append", default=[])
    parser.add_argument("--keep", action="store_true")
    parser.add_argument(
        "--no-pdf", action="store_true", help="serve pages only (no PDFs rebuilt in the background meanwhile)"
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = arguments(argv)
    started = start_of_run()
    checkouts = [REPOSITORY, *(c.resolve() for c in args.checkout)]

    def body(work: Path) -> None:
        # Not under bench/.work: sphinx-autobuild's watcher ignores every path with a hidden folder in it.
        outside = Path(tempfile.mkdtemp(prefix="accord-serve-"))
        try:
            serve(work, outside / "repo")
        finally:
            if not args.keep:
                shutil.rmtree(outside, ignore_errors=True)

    def serve(work: Path, root: Path) -> None:
        root.mkdir()
        if args.docs:
            corpus = write_repository(REPOSITORY, root, documents=args.docs, today=dt.date.today())
            document, what = corpus.paths()[0], f"{args.docs} generated documents"
        else:
            copy_repository(root)
            document, what = root / "positions" / "igf-policy-options.md", "a copy of this repository"
        rows = []
        for index, checkout in enumerate(checkouts):
            first, latencies = measure(
                checkout, root, document, args.repeat, work / f"serve-{index}.log", pdf=not args.no_pdf
            )
            median = statistics.median(latencies)
            spread = ", ".join(f"{value:.2f}" for value in latencies)
            rows.append(Row(f"{checkout}: first build", f"{first:.1f} s"))
            rows.append(
                target_row(
                    f"{checkout}: edit served",
                    median,
                    f"<= {TARGET:.0f} s",
                    median <= TARGET,
                    unit=" s",
                    note=f"runs {spread}; load {load()}",
                )
            )
        print(f"\naccord serve on {what}; {machine(started)}\n")
        print_table(rows)

    return in_work_folder("serve-", args.keep, body)


if __name__ == "__main__":
    sys.exit(main())
