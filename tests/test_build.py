"""``accord build`` and ``accord serve``: check first, Sphinx warnings as diagnostics, no tracebacks."""

from __future__ import annotations

import datetime as dt
import gc
import json
import os
import shutil
from pathlib import Path

import pytest

from accord import alongside
from accord import build as build_module
from tests.conftest import Repo

pytestmark = pytest.mark.sphinx


def test_build_writes_the_site(accord, repo: Repo) -> None:
    repo.doc("positions/paper.md")
    run = accord("build", str(repo.root))
    assert run.code == 0, run.out + run.err
    assert run.out == ""
    site = repo.root / "_build" / "html"
    assert (site / "positions" / "paper.html").is_file()
    assert (site / "positions" / "paper.pdf").read_bytes().startswith(b"%PDF-")
    assert (site / "compendium.pdf").is_file()
    assert 'href="paper.pdf"' in (site / "positions" / "paper.html").read_text(encoding="utf-8")
    assert not (site / "typst").exists()  # Typst sources stay off the site
    assert run.err.startswith("accord: built 1 documents (HTML and PDF) into ")
    # The generated pages that print have their own PDF, linked under their title.
    for page in ("options", "crosswalk"):
        assert (site / f"{page}.pdf").read_bytes().startswith(b"%PDF-")
        assert (
            f'class="accord-pdf-page-link"><a class="accord-pdf-link reference external" href="{page}.pdf"'
            in (site / f"{page}.html").read_text(encoding="utf-8")
        )


def test_check_errors_stop_the_build_before_sphinx(accord, repo: Repo) -> None:
    repo.doc("positions/paper.md", status="final")
    run = accord("build", str(repo.root))
    assert run.code == 1
    assert "META007" in run.out
    assert run.err.endswith("; not building\n")
    assert not (repo.root / "_build" / "html").exists()


def test_sphinx_warnings_become_build_diagnostics(accord, repo: Repo) -> None:
    # A heading that skips a level is fine for the checks but a MyST warning in Sphinx.
    paper = repo.doc(
        "positions/paper.md", body="\n#### Too deep\n\n{cite:p}`wgig2005report,coe2011principles`\n"
    )
    run = accord("build", str(repo.root), "--format", "json")
    assert run.code == 1
    [diagnostic] = json.loads(run.out)["diagnostics"]
    assert diagnostic["path"] == "positions/paper.md"
    assert diagnostic["line"] == 9
    assert diagnostic["code"] == "BUILD001"
    assert "[myst.header]" in diagnostic["message"]

    # The next build starts afresh, so a warning is never hidden by the cache; once fixed, it passes.
    assert accord("build", str(repo.root)).code == 1
    paper.write_text(paper.read_text(encoding="utf-8").replace("####", "##"), encoding="utf-8")
    assert accord("build", str(repo.root)).code == 0


def test_a_crashing_configuration_is_a_diagnostic_not_a_traceback(accord, repo: Repo) -> None:
    repo.doc("positions/paper.md")
    (repo.root / "conf.py").write_text("raise RuntimeError('broken conf')\n", encoding="utf-8")
    run = accord("build", str(repo.root))
    assert run.code == 1
    assert run.out.startswith("conf.py:1:1: BUILD002 the Sphinx build must not fail: ")
    assert "broken conf" in run.out
    assert "Traceback" not in run.out + run.err
    assert "Traceback" in (repo.root / "_build" / "accord-build-error.log").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("record", "expected"),
    [
        (
            "/r/positions/a.md:12: WARNING: Non-consecutive header level increase; H1 to H4 [myst.header]",
            ("positions/a.md", 12, "BUILD001", "[myst.header]"),
        ),
        ("WARNING: something global", (".", 1, "BUILD001", "something global")),
        (
            "/r/positions/a.md:3: WARNING: META007 status must be one of x: 'final' [accord.META007]",
            ("positions/a.md", 3, "META007", "status must be one of x: 'final'"),
        ),
        ("not a warning line at all", (".", 1, "BUILD001", "not a warning line at all")),
    ],
)
def test_warning_records_are_parsed(record: str, expected: tuple[str, int, str, str]) -> None:
    from pathlib import Path

    diagnostic = build_module.to_diagnostic(record, Path("/r"))
    path, line, code, text = expected
    assert (diagnostic.path, diagnostic.line, diagnostic.code) == (path, line, code)
    assert text in diagnostic.message


def test_serve_builds_the_repository_in_process_and_serves_it(
    accord, repo: Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[tuple[object, dict]] = []
    monkeypatch.setattr("accord.liveserve.run", lambda builder, **kwargs: calls.append((builder, kwargs)))
    monkeypatch.setattr("accord.serving._free", lambda host, port: True)  # no socket in the tests
    run = accord("serve", str(repo.root), "--port", "8123")
    assert run.code == 0
    [(builder, kwargs)] = calls
    root = repo.root.resolve()
    assert (builder.source, builder.out) == (root, root / "_build" / "serve")
    assert (kwargs["host"], kwargs["port"], kwargs["watched"]) == ("127.0.0.1", 8123, root)
    assert root / "_build" in kwargs["ignore"]  # its own output does not trigger a rebuild
    # Accord's diagnostics, not Sphinx's log; pages link their PDFs, rebuilt in the background.
    assert builder.confoverrides == {"accord_serve_banner": True, "accord_pdf_html_link": True}
    assert builder.pdfs is not None and builder.pdfs.work == root / "_build" / "serve-pdf"


def test_serve_without_pdfs_links_none(accord, repo: Repo, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[object] = []
    monkeypatch.setattr("accord.liveserve.run", lambda builder, **kwargs: calls.append(builder))
    monkeypatch.setattr("accord.serving._free", lambda host, port: True)
    assert accord("serve", "--root", str(repo.root), "--no-pdf").code == 0
    [builder] = calls
    assert builder.pdfs is None and builder.confoverrides["accord_pdf_html_link"] is False


def test_the_check_s_process_leaves_what_it_was_forked_with_to_the_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from accord import preflight

    monkeypatch.setattr(alongside, "fork_is_safe", lambda: True)
    monkeypatch.setattr(preflight, "check", lambda *_: (gc.get_freeze_count(), os.getpid()))
    before = gc.get_freeze_count()
    frozen, pid = preflight.Started(tmp_path, tmp_path, dt.date(2026, 1, 1), False).verdict()
    assert pid != os.getpid() and frozen > before + 10_000  # the check's process, its imports frozen
    assert gc.get_freeze_count() == before  # this process, the build's, is left as it was


def test_preflight_reuses_findings_of_unchanged_documents(
    accord, repo: Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    from accord import preflight
    from accord.checkcache import CheckCache
    from accord.vocabulary import PAGES

    monkeypatch.setattr(preflight, "BESIDE", False)  # in this process, where `checked` can see it
    checked: list[str] = []
    original = CheckCache.put

    def recording(self, path, *args):
        if path not in PAGES:  # the front page, the landing pages, the options map
            checked.append(path)
        return original(self, path, *args)

    monkeypatch.setattr(CheckCache, "put", recording)
    repo.doc("positions/a.md")
    paper = repo.doc(
        "positions/b.md",
        body="\nSee [a](a.md) and [c](c.md).\n\n{cite:p}`wgig2005report,coe2011principles`\n",
    )
    first = accord("build", str(repo.root))
    assert "XREF001" in first.out
    assert sorted(checked) == ["positions/a.md", "positions/b.md"]

    checked.clear()
    assert "XREF001" in accord("build", str(repo.root)).out
    assert checked == []  # nothing changed: nothing parsed again

    # A new file changes what links can reach: every document is checked again.
    repo.doc("positions/c.md")
    checked.clear()
    assert accord("build", str(repo.root)).code == 0
    assert sorted(checked) == ["positions/a.md", "positions/b.md", "positions/c.md"]

    paper.write_text(paper.read_text(encoding="utf-8").replace("See", "See also"), encoding="utf-8")
    checked.clear()
    assert accord("build", str(repo.root)).code == 0
    assert checked == ["positions/b.md"]


def test_no_pdf_builds_the_html_alone(accord, repo: Repo) -> None:
    repo.doc("positions/paper.md")
    run = accord("build", str(repo.root), "--no-pdf")
    assert run.code == 0, run.out
    site = repo.root / "_build" / "html"
    assert (site / "positions" / "paper.html").is_file()
    assert not (site / "positions" / "paper.pdf").exists()
    assert "paper.pdf" not in (site / "positions" / "paper.html").read_text(encoding="utf-8")


def test_html_and_pdfs_come_from_one_application_reading_each_document_once(
    accord, repo: Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder

    started: list[str] = []
    read: list[str] = []
    init, read_doc = Sphinx.__init__, Builder.read_doc

    def counting_init(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        started.append(kwargs["buildername"])
        init(self, *args, **kwargs)

    def counting_read(self, docname, *args, **kwargs):  # type: ignore[no-untyped-def]
        read.append(docname)
        return read_doc(self, docname, *args, **kwargs)

    monkeypatch.setattr(Sphinx, "__init__", counting_init)
    monkeypatch.setattr(Builder, "read_doc", counting_read)
    # In this process, where the counts are (tests/test_alongside.py builds with the fork).
    monkeypatch.setattr(alongside, "fork_is_safe", lambda: False)
    repo.doc("positions/paper.md", body="\nThe first wording.\n")
    assert accord("build", str(repo.root)).code == 0
    # One start-up; the PDF builder takes the environment as the HTML builder left it, without
    # reading any document a second time.
    assert started == ["html"]
    assert read.count("positions/paper") == 1 and len(read) == len(set(read))
    source = repo.root / "_build" / "typst" / "positions" / "paper.typ"
    assert "The first wording." in source.read_text(encoding="utf-8")

    started.clear()
    read.clear()
    repo.doc("positions/paper.md", body="\nThe second wording.\n")
    assert accord("build", str(repo.root)).code == 0
    assert started == ["html"] and read == ["positions/paper"]
    assert "The second wording." in source.read_text(encoding="utf-8")
    assert "The second wording." in (repo.root / "_build" / "html" / "positions" / "paper.html").read_text(
        encoding="utf-8"
    )


def test_the_pdf_builder_does_not_run_after_an_html_error(
    accord, repo: Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sphinx.application import Sphinx

    builders: list[str] = []
    create = Sphinx.create_builder

    def counting_create(self, name):  # type: ignore[no-untyped-def]
        builders.append(name)
        return create(self, name)

    monkeypatch.setattr(Sphinx, "create_builder", counting_create)
    repo.doc("positions/paper.md", body="\n#### Too deep\n\n{cite:p}`wgig2005report,coe2011principles`\n")
    run = accord("build", str(repo.root))
    assert run.code == 1 and "BUILD001" in run.out
    assert builders == ["html"]
    assert not (repo.root / "_build" / "html" / "compendium.pdf").exists()


def test_the_check_runs_in_another_process_while_sphinx_starts(
    accord, repo: Repo, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import os

    from sphinx.application import Sphinx

    from accord import preflight

    events: list[str] = []
    check, init, verdict = preflight.check, Sphinx.__init__, preflight.Started.verdict
    pid_file = tmp_path / "pid"

    def recording_check(*args):  # type: ignore[no-untyped-def]
        pid_file.write_text(str(os.getpid()))
        return check(*args)

    def recording_init(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        events.append("sphinx starts")
        init(self, *args, **kwargs)

    def recording_verdict(self):  # type: ignore[no-untyped-def]
        found = verdict(self)
        events.append("verdict")
        return found

    monkeypatch.setattr(preflight, "check", recording_check)
    # Once a test has compiled a PDF, Typst's threads make this process refuse to fork; the
    # check's process compiles nothing, and these builds make no PDF.
    monkeypatch.setattr(alongside, "fork_is_safe", lambda: True)
    monkeypatch.setattr(Sphinx, "__init__", recording_init)
    monkeypatch.setattr(preflight.Started, "verdict", recording_verdict)
    repo.doc("positions/paper.md")
    assert accord("build", str(repo.root), "--no-pdf").code == 0
    assert int(pid_file.read_text()) != os.getpid()
    assert events == ["sphinx starts", "verdict"]

    # A finding of the check stops the build before Sphinx reads: no page, no folder it made.
    events.clear()
    shutil.rmtree(repo.root / "_build")
    repo.doc("positions/paper.md", status="final")
    run = accord("build", str(repo.root), "--no-pdf")
    assert run.code == 1 and "META007" in run.out and run.err.endswith("; not building\n")
    assert events == ["sphinx starts", "verdict"]
    assert sorted(p.name for p in (repo.root / "_build").iterdir()) == ["accord-check-cache.json"]


def test_a_failing_check_leaves_the_last_site_as_it_was(accord, repo: Repo) -> None:
    paper = repo.doc("positions/paper.md", body="\nThe first wording.\n")
    assert accord("build", str(repo.root), "--no-pdf").code == 0
    page = repo.root / "_build" / "html" / "positions" / "paper.html"
    before = page.read_bytes()
    paper.write_text(
        paper.read_text(encoding="utf-8").replace("status: draft", "status: final"), encoding="utf-8"
    )
    repo.doc("positions/other.md", body="\nA second paper.\n", status="final")
    for fresh in ([], ["--fresh"]):
        run = accord("build", str(repo.root), "--no-pdf", *fresh)
        assert run.code == 1 and "META007" in run.out
        assert page.read_bytes() == before
        assert not (repo.root / "_build" / "html" / "positions" / "other.html").exists()
        assert not (repo.root / "_build" / "html.new").exists()


def test_the_pdf_builder_leaves_the_html_themes_files_alone(
    accord, repo: Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The theme's handlers came with the HTML builder: none runs for the PDF builder, which
    would write pygments.css again without the theme (in tango colours)."""
    monkeypatch.setattr(alongside, "fork_is_safe", lambda: False)  # tests/test_alongside.py forks
    repo.doc("positions/paper.md")
    assert accord("build", str(repo.root), "--no-pdf", "--out", str(repo.root / "html-only")).code == 0
    assert accord("build", str(repo.root)).code == 0
    alone = (repo.root / "html-only" / "html" / "_static" / "pygments.css").read_text(encoding="utf-8")
    assert (repo.root / "_build" / "html" / "_static" / "pygments.css").read_text(encoding="utf-8") == alone


def test_the_first_rebuild_after_a_fresh_build_leaves_its_pdfs_alone(
    accord, repo: Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A fresh build writes its site as html.new and renames it: the PDFs it wrote are recorded
    relative to the site, so the next build finds them in place (it copied them all again)."""
    from accord.pdf import cache, compiler

    monkeypatch.setattr(alongside, "fork_is_safe", lambda: False)  # tests/test_alongside.py forks
    repo.doc("positions/paper.md")
    assert accord("build", str(repo.root), "--fresh").code == 0
    written: list[Path] = []
    copy, submit = cache.Cache.pdf, compiler.Batch.submit
    monkeypatch.setattr(
        cache.Cache, "pdf", lambda self, source, output: written.append(output) or copy(self, source, output)
    )
    monkeypatch.setattr(
        compiler.Batch, "submit", lambda self, job: written.append(job.output) or submit(self, job)
    )
    assert accord("build", str(repo.root)).code == 0
    assert written == []
