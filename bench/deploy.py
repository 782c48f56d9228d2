"""Deploy benchmark: the Pages workflow's "Assemble and verify the site" step against the number of
editions already released.

    python bench/deploy.py [--docs N] [--editions 2 10 50] [--keep]

Builds a generated repository once (HTML and PDFs), makes the largest number of edition folders
of it (as bench/editions.py does) and their release archives (``accord.releases.assets``), then,
for each count E, times what ``.github/workflows/pages.yml`` runs after downloading E archives:
``accord github unpack-editions``, ``accord edition publish --draft`` into a new site, and
``accord edition verify``. The download itself (``gh release download``, one call per edition) is
not timed: it needs the network. Prints seconds per step and per edition, so that the growth with
E can be read; bench/README.md says why it cannot be flat.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

from common import ACCORD, in_work_folder, machine, start_of_run, timed
from editions import TODAY, make_editions
from generate import write_repository

from accord import releases


def commit(root: Path) -> None:
    who = ["-c", "user.name=bench", "-c", "user.email=bench@example.org"]
    (root / ".gitignore").write_text("_build/\n.accord-cache/\n", encoding="utf-8")
    for command in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "bench"]):
        subprocess.run(["git", *who, *command], cwd=root, check=True, capture_output=True)


def assemble(count: int, archives: list[Path], draft: Path, root: Path, work: Path) -> dict[str, float]:
    logs = work / "logs"
    folder = work / f"editions-{count}"
    site = work / f"site-{count}"
    steps = {
        "unpack": [*ACCORD, "github", "unpack-editions", *map(str, archives[:count]), "--into", str(folder)],
        "publish": [
            *ACCORD,
            "edition",
            "publish",
            "--site",
            str(site),
            "--editions",
            str(folder),
            *("--draft", str(draft), "--root", str(root)),
        ],
        "verify": [*ACCORD, "edition", "verify", "--site", str(site)],
    }
    found = {name: timed(command, logs / f"{name}-{count}.log", name).wall for name, command in steps.items()}
    shutil.rmtree(folder)
    shutil.rmtree(site)
    return found


def benchmark(args: argparse.Namespace, work: Path) -> None:
    started = start_of_run()
    (work / "logs").mkdir()
    root = work / "repo"
    print(f"generating {args.docs} documents and building their site (HTML and PDFs) ...", flush=True)
    write_repository(Path(__file__).resolve().parent.parent, root, documents=args.docs, today=TODAY)
    commit(root)  # publish takes a draft built from a clean, committed tree (META079)
    timed([*ACCORD, "build", str(root), "--today", TODAY.isoformat()], work / "logs" / "build.log", "build")
    draft = root / "_build" / "html"
    largest = max(args.editions)
    print(f"{largest} editions and their archives ...", flush=True)
    editions = make_editions(draft, work / "built", largest)
    archives = [releases.assets(edition, work / "assets" / edition.name, epoch=0)[0] for edition in editions]
    size = sum(a.stat().st_size for a in archives) / len(archives)
    results = {}
    for count in sorted(args.editions):
        print(f"assembling the site with {count} editions ...", flush=True)
        results[count] = assemble(count, archives, draft, root, work)
    print(f"\n{machine(started)}")
    print(f"{args.docs} documents; each edition archive {size / 1e6:.2f} MB\n")
    print(
        f"{'editions':>8} {'unpack s':>9} {'publish s':>10} {'verify s':>9} {'total s':>8} {'s/edition':>10}"
    )
    for count, found in results.items():
        total = sum(found.values())
        print(
            f"{count:>8} {found['unpack']:>9.2f} {found['publish']:>10.2f} {found['verify']:>9.2f} "
            f"{total:>8.2f} {total / count:>10.3f}"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--docs", type=int, default=20, help="documents to generate (default: 20)")
    parser.add_argument("--editions", type=int, nargs="+", default=[2, 10, 50], help="edition counts")
    parser.add_argument("--keep", action="store_true", help="keep the work folder under bench/.work/")
    args = parser.parse_args(argv)
    return in_work_folder("deploy-", args.keep, lambda work: benchmark(args, work))


if __name__ == "__main__":
    sys.exit(main())
