"""Edition benchmark: publishing the 10th edition must cost no more than 1.2 times the 2nd.

    python bench/editions.py [--docs N] [--runs R] [--keep]

Generates a repository (bench/generate.py), builds its site once (HTML and PDFs) and makes ten
edition folders of it (v1.1 ... v1.10, each with edition.json and MANIFEST.sha256). Then it
prepares two sites, one with v1.1 published and one with v1.1 ... v1.9, and times
``accord edition publish`` of the next edition into a fresh copy of each, R times (default 15:
a publish is mostly file copying, whose time varies), alternating. The copies are made and
synced to disk before the clock starts. Exit 0 with a report (the target may fail), 1 when
something fails.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import statistics
import sys
from pathlib import Path

from common import (
    ACCORD,
    Measured,
    Row,
    in_work_folder,
    machine,
    median_and_range,
    print_table,
    seconds,
    start_of_run,
    target_row,
    timed,
)
from generate import write_repository

from accord.editions import manifest
from accord.editions.site import EDITION_INFO, EditionInfo

SEED = 2026
EDITIONS = 10
RATIO_TARGET = 1.2
TODAY = dt.date(2026, 11, 28)


def tag(number: int) -> str:
    return f"v1.{number}"


def make_editions(built: Path, folder: Path, count: int = EDITIONS) -> list[Path]:
    """``count`` edition folders, each a copy of the built site with its own edition.json and manifest."""
    made = []
    for number in range(1, count + 1):
        edition = folder / tag(number)
        shutil.copytree(built, edition)
        info = EditionInfo(tag(number), (TODAY - dt.timedelta(days=count - number)).isoformat(), "0" * 40)
        (edition / EDITION_INFO).write_text(info.to_json(), encoding="utf-8")
        manifest.write(edition)
        made.append(edition)
    return made


def publish(site: Path, editions: Path, draft: Path, root: Path, log: Path) -> Measured:
    command = [*ACCORD, "edition", "publish", "--site", str(site), "--editions", str(editions)]
    command += ["--draft", str(draft), "--root", str(root)]
    return timed(command, log, f"accord edition publish into {site.name}")


def only(edition: Path, folder: Path) -> Path:
    """A folder of built editions holding just ``edition``, as the release workflow has it."""
    folder.mkdir()
    (folder / edition.name).symlink_to(edition, target_is_directory=True)
    return folder


def prepared_site(work: Path, editions: list[Path], draft: Path, root: Path, logs: Path) -> Path:
    """A site with ``editions`` published, one publish at a time as releases would add them."""
    site = work / f"site-{len(editions)}"
    for edition in editions:
        publish(
            site, only(edition, work / f"only-{len(editions)}-{edition.name}"), draft, root, logs / "prep.log"
        )
    return site


def benchmark(args: argparse.Namespace, work: Path) -> None:
    started = start_of_run()
    logs = work / "logs"
    logs.mkdir()
    root = work / "repo"
    print(f"generating {args.docs} documents and building their site (HTML and PDFs) ...", flush=True)
    write_repository(Path(__file__).resolve().parent.parent, root, documents=args.docs, today=TODAY)
    timed([*ACCORD, "build", str(root), "--today", TODAY.isoformat()], logs / "build.log", "accord build")
    draft = root / "_build" / "html"
    editions = make_editions(draft, work / "built")
    size = sum(p.stat().st_size for p in editions[0].rglob("*") if p.is_file())
    print(f"ten editions of {len(manifest.files(editions[0]))} files, {size / 1e6:.1f} MB each", flush=True)

    second_base = prepared_site(work, editions[:1], draft, root, logs)
    tenth_base = prepared_site(work, editions[:9], draft, root, logs)
    second_new = only(editions[1], work / "new-2")
    tenth_new = only(editions[9], work / "new-10")
    runs: dict[str, list[Measured]] = {"2nd": [], "10th": []}
    print(f"publishing the 2nd and the 10th edition, {args.runs} times each, alternating ...", flush=True)
    for number in range(args.runs):
        for name, base, new in (("2nd", second_base, second_new), ("10th", tenth_base, tenth_new)):
            site = work / f"run-{name}-{number}"
            shutil.copytree(base, site, symlinks=True)
            os.sync()  # the copy's writes are the benchmark's set-up, not the publish's work
            runs[name].append(publish(site, new, draft, root, logs / f"{name}-{number}.log"))
            published = json.loads((site / "versions.json").read_text(encoding="utf-8"))
            expected = 2 if name == "2nd" else 10
            if len([v for v in published if v["version"] != "draft"]) != expected:
                raise SystemExit(f"the {name} publish did not list {expected} editions: {published}")
            shutil.rmtree(site)

    second, second_note = median_and_range(runs["2nd"])
    tenth, tenth_note = median_and_range(runs["10th"])
    ratios = [t.wall / s.wall for s, t in zip(runs["2nd"], runs["10th"], strict=True)]
    ratio = tenth / second
    print(f"\n{machine(started)}")
    print(
        f"{args.docs} documents; each edition {len(manifest.files(editions[0]))} files, {size / 1e6:.1f} MB\n"
    )
    print_table(
        [
            Row("publish the 2nd edition, s", seconds(second), note=second_note),
            Row("publish the 10th edition, s", seconds(tenth), note=tenth_note),
            target_row(
                "ratio 10th / 2nd (medians)",
                ratio,
                f"<= {RATIO_TARGET:g}",
                ratio <= RATIO_TARGET,
                note=f"pairwise ratios {min(ratios):.2f}-{max(ratios):.2f}, median {statistics.median(ratios):.2f}",
            ),
        ]
    )


def arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=60, help="documents in the generated repository")
    parser.add_argument("--runs", type=int, default=15, help="timed publishes of each edition")
    parser.add_argument("--keep", action="store_true", help="keep the work folder under bench/.work/")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = arguments(argv)
    return in_work_folder("editions-", args.keep, lambda work: benchmark(args, work))


if __name__ == "__main__":
    sys.exit(main())
