"""Which commit a draft was built from, so that ``accord edition publish`` never publishes a draft
of another commit, or of uncommitted edits, as the repository's draft.

``accord build`` writes ``build-info.json`` beside the HTML folder (not in it: the site stays the
same bytes); it holds only the commit, whether the tree was clean and whether the PDFs were built
(``--no-pdf`` makes a quick preview, not a site to publish), so a build is reproducible.
"""

from __future__ import annotations

import json
from pathlib import Path

from accord.diagnostics import Diagnostic, make
from accord.editions import git

FILE = "build-info.json"


def _state(root: Path) -> dict[str, object] | None:
    """The commit of ``root``'s HEAD and whether the working tree is clean; None without git."""
    try:
        return {"commit": git.commit_of(root, "HEAD"), "clean": git.is_clean(root)}
    except (git.GitError, OSError):
        return None


def record(root: Path, html: Path, *, pdf: bool = True) -> None:
    """Write the build's provenance beside ``html`` (nothing outside a git repository)."""
    state = _state(root)
    path = html.parent / FILE
    if state is None:
        path.unlink(missing_ok=True)
        return
    state["pdf"] = pdf
    path.write_text(json.dumps(state, sort_keys=True) + "\n", encoding="utf-8")


def draft_problem(root: Path, draft: Path) -> Diagnostic | None:
    """Why ``draft`` must not be published from ``root``'s current commit, or None."""
    now = _state(root)
    if now is None:
        return None  # no git: nothing to compare with
    try:
        built = json.loads((draft.parent / FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        built = None
    hint = "run `accord build` on the committed tree, then publish"
    if not isinstance(built, dict):
        return make(
            "META079",
            draft.as_posix(),
            1,
            1,
            detail="it does not say which commit it was built from",
            hint=hint,
        )
    if built.get("clean") is not True:
        return make(
            "META079", draft.as_posix(), 1, 1, detail="it was built from uncommitted changes", hint=hint
        )
    if built.get("pdf") is False:
        return make(
            "META079",
            draft.as_posix(),
            1,
            1,
            detail="it was built without its PDFs (accord build --no-pdf)",
            hint="run `accord build` without --no-pdf, then publish",
        )
    if built.get("commit") != now["commit"]:
        return make(
            "META079",
            draft.as_posix(),
            1,
            1,
            detail=f"it was built from commit {str(built.get('commit'))[:12]}, not HEAD {str(now['commit'])[:12]}",
            hint=hint,
        )
    return None
