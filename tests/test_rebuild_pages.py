"""Which pages a one-document rebuild writes: the document, and its kind's index page only when
what that page shows changed (accord.sphinxext.indexes), not for every paragraph edited."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Repo


def _later(path: Path) -> None:
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 2_000_000_000))


def _stamps(out: Path) -> dict[str, int]:
    return {name: (out / name).stat().st_mtime_ns for name in ("positions/a.html", "positions/index.html")}


@pytest.mark.sphinx
def test_an_index_page_is_written_again_only_when_what_it_shows_changes(build: Callable, repo: Repo) -> None:
    repo.doc("positions/a.md", title="The first title", body="\nThe first wording.\n")
    repo.doc("positions/b.md", title="Another paper", body="\nText.\n")
    _, out = build(fresh=True)
    before = _stamps(out)

    _later(repo.doc("positions/a.md", title="The first title", body="\nThe second wording.\n"))
    warnings, out = build()
    after = _stamps(out)
    assert after["positions/a.html"] != before["positions/a.html"]
    assert after["positions/index.html"] == before["positions/index.html"]  # a paragraph: not listed
    assert "The second wording." in (out / "positions" / "a.html").read_text(encoding="utf-8")

    _later(repo.doc("positions/a.md", title="A new title", body="\nThe second wording.\n"))
    _, out = build()
    index = (out / "positions" / "index.html").read_text(encoding="utf-8")
    assert _stamps(out)["positions/index.html"] != after["positions/index.html"]
    assert "A new title" in index and "The first title" not in index

    _later(
        repo.doc("positions/a.md", title="A new title", status="withdrawn", body="\nThe second wording.\n")
    )
    stamp = _stamps(out)["positions/index.html"]
    _, out = build()
    assert _stamps(out)["positions/index.html"] != stamp  # the status it lists changed
    assert "WARNING" not in warnings


@pytest.mark.sphinx
def test_a_kept_application_keeps_sphinx_record_of_toctree_parents(repo: Repo) -> None:
    from accord import serving
    from accord.liveserve import LiveBuilder

    paper = repo.doc("positions/a.md", body="\nText.\n")
    live = LiveBuilder(repo.root, repo.root / "_build" / "serve", serving.confoverrides())
    try:
        assert live()
        _later(repo.doc("positions/a.md", body="\nText, edited.\n"))
        assert live(changed_paths=[paper])
        # Left out for the write only: the next build (and a removed document) still needs it.
        assert "positions/index" in live.app.env.files_to_rebuild["positions/a"]
    finally:
        live.close()
