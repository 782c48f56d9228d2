"""Consultation benchmark: ``accord consultation collect`` of many comment issues, and again.

    python bench/consultation.py [--comments N] [--per-page P] [--keep]

Starts the test suite's fake of GitHub's REST API on 127.0.0.1 (tests/githubfake.py) with N comment
issues (default 1,000) served P a page (default 100: 10 pages, linked by Link headers as GitHub
links them), makes a one-document repository, and times ``accord consultation collect`` into an
empty record, then a second run that finds nothing new. It prints the time and the number of
requests of each run. No request leaves the machine. bench/README.md explains the output.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

import yaml
from common import ACCORD, REPOSITORY, environment, in_work_folder
from run import BenchError, verdict

sys.path.insert(0, str(REPOSITORY))
from tests.githubfake import GitHubFake, comment_issue

DOC = "igf-policy-options"
TARGET = 10.0  # seconds for 1,000 comments
PARAGRAPHS = 20


def write_repository(root: Path) -> None:
    (root / "positions").mkdir(parents=True)
    body = "\n\n".join(
        f"Paragraph {n} of the paper, with a few words in it." for n in range(1, PARAGRAPHS + 1)
    )
    (root / "positions" / f"{DOC}.md").write_text(
        "---\ntitle: A paper in consultation\nstatus: consultation\nauthors:\n  - name: Working Group\n"
        "date: 2026-11-02\nconsultation:\n  opens: 2026-11-02\n  closes: 2026-12-18\n---\n\n## Section\n\n"
        + body
        + "\n",
        encoding="utf-8",
    )


def collect(root: Path, server: GitHubFake) -> tuple[float, int, str]:
    env = environment() | {"GITHUB_API_URL": server.base, "GITHUB_REPOSITORY": server.repository}
    env.pop("GITHUB_TOKEN", None)
    before = sum(server.hits.values())
    start = time.perf_counter()
    done = subprocess.run(
        [*ACCORD, "consultation", "collect", DOC, "--root", str(root)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    took = time.perf_counter() - start
    if done.returncode != 0:
        raise BenchError(
            f"accord consultation collect failed ({done.returncode}):\n{done.stdout}{done.stderr}"
        )
    return took, sum(server.hits.values()) - before, done.stderr.strip()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--comments", type=int, default=1000, help="comment issues (default: 1000)")
    parser.add_argument("--per-page", type=int, default=100, help="issues a page (default: 100)")
    parser.add_argument("--keep", action="store_true", help="keep the work folder under bench/.work/")
    args = parser.parse_args(argv)
    issues = [
        comment_issue(n, paragraph=n % PARAGRAPHS + 1, comment=f"Comment {n}.\n\nWith a second paragraph.")
        for n in range(1, args.comments + 1)
    ]

    def body(work: Path) -> None:
        root = work / "repo"
        write_repository(root)
        with GitHubFake(issues, per_page=args.per_page) as server:
            first = collect(root, server)
            second = collect(root, server)
        record = yaml.safe_load((root / "consultations" / f"{DOC}.yaml").read_text(encoding="utf-8"))
        if len(record["comments"]) != args.comments:
            raise BenchError(f"{len(record['comments'])} comments recorded, not {args.comments}")
        pages = -(-args.comments // args.per_page)
        print(
            f"\nConsultation benchmark: {args.comments} comment issues, {pages} pages, nproc={os.cpu_count()}"
        )
        print(f"{'run':<34} {'seconds':>8} {'requests':>9}  result")
        for name, (took, requests, said) in (
            ("first collection (all new)", first),
            ("second (nothing new)", second),
        ):
            print(f"{name:<34} {took:8.2f} {requests:9d}  {said}")
        print(f"target: first collection of 1,000 comments < {TARGET:g} s: {verdict(first[0] < TARGET)}")

    return in_work_folder("consultation-", args.keep, body)


if __name__ == "__main__":
    sys.exit(main())
