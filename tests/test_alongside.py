"""``accord build`` runs the PDF builder in a forked process while the HTML builder writes
(accord.alongside): what the child reports reaches the build's report, its failure fails the
build, and a process with threads builds one builder after the other.

These builds run ``accord`` as its own process: the test process has threads (and Typst's, once
a test compiled a PDF), where the build rightly does not fork."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from accord import alongside
from tests.conftest import Repo

pytestmark = pytest.mark.sphinx

_CITES = "\n{cite:p}`wgig2005report,coe2011principles`\n"

# Appended to the repository's conf.py: notes which process starts writing with which builder.
_NOTING = """

import os as _os

from sphinx.util import logging as _logging


def setup(app):
    def note(app, builder):
        with open(_os.environ["ACCORD_TEST_WRITERS"], "a", encoding="utf-8") as out:
            out.write(f"{builder.name} {_os.getpid()}\\n")
        if builder.name == "accordpdf" and _os.environ.get("ACCORD_TEST_PDF") == "fail":
            raise RuntimeError("the PDF builder failed on purpose")
        if builder.name == "accordpdf" and _os.environ.get("ACCORD_TEST_PDF") == "warn":
            _logging.getLogger("tests").warning("said by the PDF builder")

    def inconsistent(app, env):
        if _os.environ.get("ACCORD_TEST_PDF") == "inconsistent":
            _logging.getLogger("tests").warning("found by the consistency check")

    app.connect("write-started", note)
    app.connect("env-check-consistency", inconsistent)

    from accord.pdf import builder as _pdf

    read_ahead = _pdf.AccordPdfBuilder.read_ahead

    def noted(builder):
        with open(_os.environ["ACCORD_TEST_WRITERS"], "a", encoding="utf-8") as out:
            out.write(f"read_ahead {_os.getpid()}\\n")
        read_ahead(builder)

    _pdf.AccordPdfBuilder.read_ahead = noted
"""


def _build(
    repo: Repo, tmp_path: Path, pdf: str = ""
) -> tuple[subprocess.CompletedProcess[str], dict[str, int]]:
    writers = tmp_path / "writers.txt"
    environment = {**os.environ, "ACCORD_TEST_WRITERS": str(writers), "ACCORD_TEST_PDF": pdf}
    run = subprocess.run(
        [sys.executable, "-m", "accord", "build", str(repo.root)],
        capture_output=True,
        text=True,
        env=environment,
        timeout=600,
        check=False,
    )
    pids = dict(line.split() for line in writers.read_text(encoding="utf-8").splitlines())
    writers.unlink()
    return run, {name: int(pid) for name, pid in pids.items()}


@pytest.fixture
def noting(repo: Repo) -> Repo:
    conf = repo.root / "conf.py"
    conf.write_text(conf.read_text(encoding="utf-8") + _NOTING, encoding="utf-8")
    repo.doc("positions/paper.md", body="\nThe first wording.\n" + _CITES)
    return repo


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="forks only where it can count threads")
def test_the_pdf_builder_writes_in_another_process_beside_the_html_builder(
    noting: Repo, tmp_path: Path
) -> None:
    run, writers = _build(noting, tmp_path)
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stdout == "" and "built 1 documents (HTML and PDF)" in run.stderr
    assert set(writers) == {"html", "accordpdf", "read_ahead"} and writers["html"] != writers["accordpdf"]
    assert writers["read_ahead"] == writers["accordpdf"]  # while the parent checked the environment
    site = noting.root / "_build" / "html"
    assert (site / "positions" / "paper.pdf").read_bytes().startswith(b"%PDF-")
    assert (site / "compendium.pdf").read_bytes().startswith(b"%PDF-")
    assert "The first wording." in (site / "positions" / "paper.html").read_text(encoding="utf-8")
    # The theme's stylesheet is the HTML builder's: the PDF builder's process wrote none.
    html_only = subprocess.run(
        [
            sys.executable,
            "-m",
            "accord",
            "build",
            str(noting.root),
            "--no-pdf",
            "--out",
            str(tmp_path / "alone"),
        ],
        capture_output=True,
        env={**os.environ, "ACCORD_TEST_WRITERS": str(tmp_path / "ignored.txt")},
        timeout=600,
        check=True,
    )
    assert html_only.returncode == 0
    alone = tmp_path / "alone" / "html" / "_static" / "pygments.css"
    assert (site / "_static" / "pygments.css").read_bytes() == alone.read_bytes()

    # An edit: both builders again, beside each other, and the PDF has the new text.
    noting.doc("positions/paper.md", body="\nThe second wording.\n" + _CITES)
    run, again = _build(noting, tmp_path)
    assert run.returncode == 0, run.stdout + run.stderr
    assert again["html"] != again["accordpdf"]
    source = noting.root / "_build" / "typst" / "positions" / "paper.typ"
    assert "The second wording." in source.read_text(encoding="utf-8")


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="forks only where it can count threads")
def test_what_the_pdf_builder_says_in_its_process_reaches_the_report(noting: Repo, tmp_path: Path) -> None:
    run, writers = _build(noting, tmp_path, pdf="warn")
    assert writers["html"] != writers["accordpdf"]
    assert run.returncode == 1
    assert "BUILD001 the Sphinx build must finish without warnings: said by the PDF builder" in run.stdout
    assert "the build failed" in run.stderr


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="forks only where it can count threads")
def test_a_failure_in_the_pdf_builders_process_is_a_diagnostic(noting: Repo, tmp_path: Path) -> None:
    run, writers = _build(noting, tmp_path, pdf="fail")
    assert writers["html"] != writers["accordpdf"]
    assert run.returncode == 1
    assert "BUILD002" in run.stdout and "the PDF builder failed on purpose" in run.stdout
    assert "Traceback" not in run.stdout + run.stderr
    log = noting.root / "_build" / "accord-build-error.log"
    assert "RuntimeError: the PDF builder failed on purpose" in log.read_text(encoding="utf-8")
    # The failed build is remembered: the next one starts afresh.
    assert (noting.root / "_build" / ".accord-last-build-failed").is_file()


def test_a_process_with_threads_does_not_fork() -> None:
    assert alongside.fork_is_safe() == (
        Path("/proc/self/task").is_dir() and sum(1 for _ in Path("/proc/self/task").iterdir()) == 1
    )
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert not alongside.fork_is_safe()
    finally:
        stop.set()
        thread.join()


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="counts native threads in /proc")
def test_a_thread_python_does_not_know_of_keeps_the_build_from_forking() -> None:
    """Like Typst's pool: a thread that threading.active_count() does not count. In a process
    of its own, which has no other thread."""
    script = (
        "import _thread, threading, time\n"
        "from accord import alongside\n"
        "print(alongside.fork_is_safe())\n"
        "_thread.start_new_thread(time.sleep, (30,))\n"
        "time.sleep(0.1)\n"
        "print(threading.active_count(), alongside.fork_is_safe())\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True
    )
    assert run.stdout.split() == ["True", "1", "False"]


def test_a_failed_fork_starts_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_memory() -> int:
        raise OSError(12, "Cannot allocate memory")

    monkeypatch.setattr(os, "fork", no_memory)
    before = sorted(Path("/proc/self/fd").iterdir()) if Path("/proc/self/fd").is_dir() else []
    assert alongside.start(lambda: None, [], str) is None
    after = sorted(Path("/proc/self/fd").iterdir()) if Path("/proc/self/fd").is_dir() else []
    assert len(after) == len(before)  # both ends of the pipe closed


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="forks only where it can count threads")
def test_an_error_of_the_consistency_check_stops_the_pdf_builder(noting: Repo, tmp_path: Path) -> None:
    # The child is forked before the environment's consistency check; it writes only when the
    # parent starts writing without an error, as when the builders ran one after the other.
    run, writers = _build(noting, tmp_path, pdf="inconsistent")
    assert run.returncode == 1
    assert "found by the consistency check" in run.stdout + run.stderr
    assert "accordpdf" not in writers
    assert not list((noting.root / "_build" / "html").rglob("*.pdf"))
    assert "BUILD002" not in run.stdout + run.stderr  # the child's stop is not a crash
