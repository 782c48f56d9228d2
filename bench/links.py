"""Link benchmark: ``accord check --online``, cold and warm, against a local server with latency.

    python bench/links.py [--urls N] [--latency SECONDS] [--keep]

Starts a web server on 127.0.0.1 (tests/linkserver.py) that answers every request after a delay,
generates a tiny repository whose bibliography has N entries with a URL on that server, all cited,
and times ``accord check --online`` without a cache and again with the cache it left. No request
leaves the machine. Exit 0 with a report (targets may fail), 1 when something fails.
bench/README.md explains the output.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import shutil
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from common import (
    ACCORD,
    CHECK_REPORTED,
    REPOSITORY,
    Measured,
    Row,
    cpu_note,
    environment,
    in_work_folder,
    machine,
    median_and_range,
    print_table,
    seconds,
    start_of_run,
    target_row,
    timed,
)
from generate import (
    KINDS,
    Corpus,
    Entry,
    add_document,
    bib_fields,
    copy_skeleton,
    format_entry,
    unique_key,
    write_bibliography,
)
from run import BenchError, verdict

from accord.cachedir import cache_dir

# The local server of the test suite; tests/ is no package, so it is found through the path.
sys.path.insert(0, str(REPOSITORY / "tests"))
from linkserver import LinkServer

SEED = 2026
COLD_TARGET = 5.0  # seconds
WARM_TARGET = 0.5
DEFAULT_PER_HOST = 8  # accord check --per-host, for the floor in the report
INFORMATION_PER_HOST = 16
WARM_RUNS = 3  # the table shows the median
KEYS_AN_ITEM = 10  # keys in each citation of a document's list of sources


@dataclass
class Run:
    took: Measured
    requests: int
    most_at_once: int
    problems: int  # diagnostics of the online checks (LINK codes)


# -- the repository


def link_entries(rng: random.Random, base: str, count: int) -> list[Entry]:
    """``count`` @misc entries, the Nth with url = {BASE/ok/N}."""
    seen: set[str] = set()
    entries = []
    for number in range(count):
        fields = bib_fields(rng, rng.randint(2003, 2025))
        key = unique_key(fields, seen)
        fields |= {"howpublished": "Online publication", "url": f"{base}/ok/{number}"}
        entries.append(Entry(key, format_entry("misc", key, fields)))
    return entries


def sources(keys: list[str]) -> str:
    """A closing section that cites every one of ``keys``, a few to a list item."""
    items = (keys[at : at + KEYS_AN_ITEM] for at in range(0, len(keys), KEYS_AN_ITEM))
    return "\n## Sources\n\n" + "".join(f"- {{cite:p}}`{','.join(item)}`\n" for item in items)


def halves(keys: list[str]) -> Iterator[list[str]]:
    middle = len(keys) // 2
    yield keys[:middle]
    yield keys[middle:]


def write_links_repository(root: Path, base: str, urls: int) -> Corpus:
    """Two documents (one of each kind) that cite half of the entries each, so that every entry
    is cited; the web archive API of [tool.accord] is the local server as well."""
    rng = random.Random(SEED)
    copy_skeleton(REPOSITORY, root)
    with (root / "pyproject.toml").open("a", encoding="utf-8") as settings:
        settings.write(f'archive-api = "{base}/wayback/available"\ndoi-resolver = "{base}/doi/"\n')
    entries = link_entries(rng, base, urls)
    write_bibliography(root, entries)
    keys = [entry.key for entry in entries]
    corpus = Corpus(root, {kind: [] for kind in KINDS}, entries=len(entries), keys=keys)
    for group in halves(keys):
        add_document(corpus, rng, group, dt.date.today(), extra=sources(group))
    return corpus


def targets_outside(root: Path, base: str) -> list[str]:
    """What the online check would visit elsewhere than on the local server (Accord's own
    collector, run here on the generated repository)."""
    sys.path.insert(0, str(REPOSITORY / "tools"))
    from accord import corpus
    from accord.links.collect import collect

    return [url for url in collect(corpus.load(root)) if not url.startswith(f"{base}/")]


# -- the runs


def offline_environment() -> dict[str, str]:
    """No proxy between accord and the local server, whatever the environment says."""
    env = {
        k: v for k, v in environment().items() if k.lower() not in ("http_proxy", "https_proxy", "all_proxy")
    }
    return env | {"NO_PROXY": "127.0.0.1,localhost", "no_proxy": "127.0.0.1,localhost"}


def reset(server: LinkServer) -> None:
    with server.lock:
        server.hits.clear()
        server.most_active = 0


def requests_seen(server: LinkServer) -> int:
    """Requests since the last reset: the server counts each under "METHOD /path" and "/path"."""
    with server.lock:
        return sum(count for name, count in server.hits.items() if " " in name)


def online_check(root: Path, server: LinkServer, log: Path, what: str, *extra: str) -> Run:
    reset(server)
    command = [*ACCORD, "check", str(root), "--online", "--format", "json", *extra]
    elapsed = timed(command, log, what, accept=CHECK_REPORTED, env=offline_environment())
    try:
        diagnostics = json.loads(log.read_text(encoding="utf-8"))["diagnostics"]
    except (ValueError, KeyError) as error:
        raise BenchError(f"{what} printed no JSON report ({error}): {log}") from None
    problems = sum(str(d["code"]).startswith("LINK") for d in diagnostics)
    return Run(elapsed, requests_seen(server), server.most_active, problems)


def forget(root: Path) -> None:
    """Remove the link cache: the next check is cold."""
    shutil.rmtree(cache_dir(root), ignore_errors=True)


@dataclass
class Runs:
    cold: Run
    warm: list[Run]  # each right after the previous, with the cache the cold run left
    wider: Run  # cold again, with more requests at once to one host


def measure(root: Path, server: LinkServer, logs: Path) -> Runs:
    forget(root)
    print("accord check --online, cold ...", flush=True)
    cold = online_check(root, server, logs / "cold.json", "cold")
    print(f"accord check --online, warm, {WARM_RUNS} times ...", flush=True)
    warm = [online_check(root, server, logs / f"warm-{n}.json", "warm") for n in range(1, WARM_RUNS + 1)]
    forget(root)
    print(f"accord check --online --per-host {INFORMATION_PER_HOST}, cold ...", flush=True)
    wider = online_check(
        root, server, logs / "cold-wider.json", "wider", "--per-host", str(INFORMATION_PER_HOST)
    )
    return Runs(cold, warm, wider)


# -- the report


def report(corpus: Corpus, runs: Runs, urls: int, latency: float, started: str) -> None:
    cold, wider = runs.cold, runs.wider
    floor = urls * latency / DEFAULT_PER_HOST
    print(
        f"\nAccord link benchmark: {urls} URLs on one local host, {latency * 1000:g} ms a response, "
        f"{corpus.count} documents citing all {corpus.entries} entries"
    )
    print(machine(started))
    print(
        f"--per-host {DEFAULT_PER_HOST} (the default): no check can be faster than "
        f"{urls} x {latency:g} s / {DEFAULT_PER_HOST} = {floor:.2f} s of waiting\n"
    )
    warm, warm_note = median_and_range([run.took for run in runs.warm])
    warm_requests = sum(run.requests for run in runs.warm)
    warm_problems = max(run.problems for run in runs.warm)
    rows = [
        target_row(
            "accord check --online, cold, s",
            cold.took.wall,
            f"< {COLD_TARGET:g} s",
            cold.took.wall < COLD_TARGET,
            note=cpu_note(cold.took),
        ),
        Row(
            "  requests the server saw, cold", str(cold.requests), note=f"at most {cold.most_at_once} at once"
        ),
        target_row(
            "accord check --online, warm, s", warm, f"< {WARM_TARGET:g} s", warm < WARM_TARGET, note=warm_note
        ),
        Row("  requests the server saw, warm", str(warm_requests), "0", verdict(warm_requests == 0)),
        Row("link problems reported (cold, warm)", f"{cold.problems}, {warm_problems}", "0, 0"),
        Row(
            f"cold with --per-host {INFORMATION_PER_HOST}, s",
            seconds(wider.took.wall),
            note=f"information: {wider.requests} requests, at most {wider.most_at_once} at once",
        ),
    ]
    print_table(rows)


# -- the benchmark


def arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--urls", type=int, default=500, help="URLs to check (default: 500)")
    parser.add_argument(
        "--latency",
        type=float,
        default=0.05,
        help="seconds the server waits before each answer (default: 0.05)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the work folder under bench/.work/")
    args = parser.parse_args(argv)
    if args.urls < 2 or args.latency < 0:
        parser.error("--urls must be at least 2 and --latency not negative")
    return args


def benchmark(args: argparse.Namespace, work: Path) -> None:
    started = start_of_run()
    logs = work / "logs"
    logs.mkdir()
    with LinkServer(latency=args.latency) as server:
        print(
            f"local server {server.base}; generating {args.urls} entries into {work / 'repo'} ...", flush=True
        )
        corpus = write_links_repository(work / "repo", server.base, args.urls)
        outside = targets_outside(corpus.root, server.base)
        if outside:
            raise BenchError(f"the online check would leave the machine: {outside[:3]}")
        runs = measure(corpus.root, server, logs)
    report(corpus, runs, args.urls, args.latency, started)


def main(argv: list[str] | None = None) -> int:
    args = arguments(argv)
    return in_work_folder("links-", args.keep, lambda work: benchmark(args, work))


if __name__ == "__main__":
    sys.exit(main())
