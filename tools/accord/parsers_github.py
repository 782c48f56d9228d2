"""``accord github TASK``: what the GitHub workflows call (.github/workflows/), with examples."""

from __future__ import annotations

from pathlib import Path

from accord.parsers import Verbs, add_root, verb
from accord.vocabulary import BUILD_OUTCOMES


def register(verbs: Verbs) -> None:
    github = verb(
        verbs,
        "github",
        "data and messages for the GitHub workflows",
        """
accord github preview-summary --base origin/main --out summary.json
accord github preview-comment summary.json --head-sha "$SHA" --out comment.md
""",
    )
    tasks = github.add_subparsers(dest="task", required=True, metavar="TASK", help="what the workflow needs")
    summary = verb(
        tasks,
        "preview-summary",
        "the pages a pull request changes and its check result, as JSON",
        """
accord github preview-summary --base origin/main --head HEAD --check check.json --build success \\
    --pull-request 12 --head-sha "$SHA" --out _build/preview.json --root .
""",
    )
    add_root(summary, positional=True, what=" (a git work tree)")
    summary.add_argument("--base", required=True, help="the revision the pull request starts from")
    summary.add_argument("--head", default="HEAD", help="the revision with the changes (default: HEAD)")
    summary.add_argument("--check", type=Path, metavar="FILE", help="what `accord check --format json` wrote")
    summary.add_argument("--build", choices=sorted(BUILD_OUTCOMES), help="the outcome of the build step")
    summary.add_argument("--pull-request", type=int, metavar="N", help="the pull request's number")
    summary.add_argument("--head-sha", metavar="SHA", help="the pull request's head commit")
    summary.add_argument("--out", type=Path, metavar="FILE", help="write here (default: standard output)")

    comment = verb(
        tasks,
        "preview-comment",
        "the pull request's preview comment from an untrusted summary",
        """
accord github preview-comment preview.json --head-sha "$SHA" --run-url "$RUN" \\
    --artifact-url "$ARTIFACT" --out comment.md
""",
    )
    comment.add_argument("summary", type=Path, help="the summary that preview-summary wrote")
    comment.add_argument(
        "--head-sha", required=True, metavar="SHA", help="the commit the workflow run built (trusted)"
    )
    comment.add_argument("--run-url", metavar="URL", help="the workflow run that built the preview")
    comment.add_argument("--artifact-url", metavar="URL", help="where to download the built site")
    comment.add_argument("--out", type=Path, required=True, metavar="FILE", help="write the comment here")

    links = verb(
        tasks,
        "links-issue",
        "the rotten-links issue from `accord check --online --format json`",
        """
accord github links-issue links.json --run-url "$RUN" --out issue.md
""",
    )
    links.add_argument("report", type=Path, help="the JSON report")
    links.add_argument("--run-url", metavar="URL", help="the workflow run that checked the links")
    links.add_argument("--out", type=Path, required=True, metavar="FILE", help="write the issue body here")

    assets = verb(
        tasks,
        "release-assets",
        "an edition's files for its GitHub release",
        """
accord github release-assets _build/editions/v1.1 --out _build/assets --epoch 1764547200
""",
    )
    assets.add_argument("edition", type=Path, help="the edition folder, _build/editions/TAG")
    assets.add_argument("--out", type=Path, required=True, metavar="DIR", help="write the files here")
    assets.add_argument(
        "--epoch", type=int, help="file times in the archive, in seconds (default: SOURCE_DATE_EPOCH, else 0)"
    )
    unpack = verb(
        tasks,
        "unpack-editions",
        "edition archives from releases back into folders",
        """
accord github unpack-editions edition-v1.0.tar.gz edition-v1.1.tar.gz --into _build/editions
""",
    )
    unpack.add_argument("archives", nargs="*", type=Path, metavar="ARCHIVE", help="edition-TAG.tar.gz files")
    unpack.add_argument("--into", type=Path, required=True, metavar="DIR", help="usually _build/editions")
