"""``accord serve`` rebuilds in its own process: the Sphinx application of the first build builds
again when a document changes (no new process, no environment read again), and gets replaced
when anything else changes or a build fails."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from accord import servepdf, serving
from accord.liveserve import LiveBuilder
from tests.conftest import Repo


def _touch_later(path: Path) -> None:
    """A modification time after the last build's, however coarse the file system's clock."""
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 2_000_000_000))


@pytest.fixture
def live(repo: Repo):
    builder = LiveBuilder(repo.root, repo.root / "_build" / "serve", serving.confoverrides())
    yield builder
    builder.close()


def _page(builder: LiveBuilder, name: str) -> str:
    return (builder.out / name).read_text(encoding="utf-8")


@pytest.mark.sphinx
def test_a_second_build_in_the_same_application_picks_up_an_edit(
    live: LiveBuilder, repo: Repo, capsys: pytest.CaptureFixture[str]
) -> None:
    paper = repo.doc("positions/a.md", body="\nThe first wording.\n")
    repo.doc("positions/b.md", body="\nNothing wrong here.\n")
    assert live()
    first = live.app
    assert "The first wording." in _page(live, "positions/a.html")
    assert "accord serve: built, no problems" in capsys.readouterr().err

    repo.doc("positions/a.md", body="\nThe second wording, citing {cite:p}`nowhere2099`.\n")
    _touch_later(paper)
    assert live(changed_paths=[paper])
    assert live.app is first  # the same application: nothing started again
    page = _page(live, "positions/a.html")
    assert "The second wording" in page and "The first wording." not in page
    # Accord's diagnostics still reach the console and the page's banner.
    assert 'class="accord-serve-problems"' in page and "nowhere2099" in page
    assert "accord serve: built, 1 error, 0 warnings" in capsys.readouterr().err


@pytest.mark.sphinx
def test_a_change_other_than_a_document_starts_a_new_application(live: LiveBuilder, repo: Repo) -> None:
    repo.doc("positions/a.md", body="\nText.\n")
    assert live()
    first = live.app
    conf = repo.root / "conf.py"
    conf.write_text(conf.read_text(encoding="utf-8") + '\ntoday = "edited"\n', encoding="utf-8")
    assert live(changed_paths=[conf])
    assert live.app is not first
    assert live.app.config.today == "edited"  # conf.py read again, as a new process would


@pytest.mark.sphinx
def test_a_failed_build_is_said_in_one_line_and_the_next_change_starts_afresh(
    live: LiveBuilder, repo: Repo, capsys: pytest.CaptureFixture[str]
) -> None:
    repo.doc("positions/a.md", body="\nText.\n")
    conf = repo.root / "conf.py"
    good = conf.read_text(encoding="utf-8")
    conf.write_text(good + "\nraise ValueError('broken on purpose')\n", encoding="utf-8")
    assert not live()
    assert live.app is None
    err = capsys.readouterr().err
    assert "accord serve: the build failed:" in err and "broken on purpose" in err
    assert "Traceback" not in err
    conf.write_text(good, encoding="utf-8")
    assert live(changed_paths=[conf])
    assert "Text." in _page(live, "positions/a.html")


def test_hidden_files_and_the_output_are_ignored_but_not_a_hidden_folder_above_the_repository(
    tmp_path: Path,
) -> None:
    from accord.liveserve import ignored

    root = tmp_path / ".hidden" / "repo"
    test = ignored(root, [root / "_build"])
    assert not test(str(root / "positions" / "a.md"))  # sphinx-autobuild's pattern ignored this
    assert test(str(root / "positions" / ".a.md.swp"))
    assert test(str(root / ".git" / "index"))
    assert test(str(root / "_build" / "serve" / "index.html"))


@pytest.mark.sphinx
def test_a_document_added_while_serving_is_built_and_listed(live: LiveBuilder, repo: Repo) -> None:
    repo.doc("positions/a.md", body="\nText.\n")
    assert live()
    first = live.app
    added = repo.doc("positions/c.md", body="\nA new paper.\n", title="A paper added later")
    assert live(changed_paths=[added])
    assert live.app is first
    assert "A new paper." in _page(live, "positions/c.html")
    assert "A paper added later" in _page(live, "positions/index.html")  # the landing page's list


@pytest.mark.sphinx
def test_pdfs_are_rebuilt_in_the_background_after_the_page_is_written(repo: Repo) -> None:
    paper = repo.doc("positions/a.md", body="\nThe first wording.\n")
    out = repo.root / "_build" / "serve"
    overrides = serving.confoverrides(pdf=True)
    pdfs = servepdf.BackgroundPdfs(repo.root, out, repo.root / "_build" / "serve-pdf", overrides)
    live = LiveBuilder(repo.root, out, overrides, pdfs=pdfs)
    try:
        assert live()
        # The call returned with the page written and the PDFs still to make: off the edit path.
        assert pdfs.busy and "The first wording." in _page(live, "positions/a.html")
        assert 'href="a.pdf"' in _page(live, "positions/a.html")
        assert pdfs.wait(timeout=240) and pdfs.runs == 1
        source = repo.root / "_build" / "serve-pdf" / "typst" / "positions" / "a.typ"
        assert (out / "positions" / "a.pdf").read_bytes().startswith(b"%PDF")
        assert "The first wording." in source.read_text(encoding="utf-8")

        repo.doc("positions/a.md", body="\nThe second wording.\n")
        _touch_later(paper)
        assert live(changed_paths=[paper]) and pdfs.busy
        assert pdfs.wait(timeout=240) and pdfs.runs == 2
        assert "The second wording." in source.read_text(encoding="utf-8")
    finally:
        live.close()
