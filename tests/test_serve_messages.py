"""``accord serve``: Accord's diagnostics in the console and in a banner on the page being
previewed (not Sphinx's log, not a silent gap), and a port that is taken is said, the next one used."""

from __future__ import annotations

import socket

import pytest

from accord import serving
from accord.sphinxext import servebanner
from tests.conftest import Repo


@pytest.mark.sphinx
def test_a_page_shows_its_problems_in_the_preview(
    build, repo: Repo, capsys: pytest.CaptureFixture[str]
) -> None:
    repo.doc("positions/a.md", body="\nText {cite:p}`wgig2005`.\n")
    repo.doc("positions/b.md", body="\nNothing wrong here.\n")
    build(confoverrides={"accord_serve_banner": True})
    out = repo.root / "_build" / "html"
    page = (out / "positions" / "a.html").read_text(encoding="utf-8")
    assert 'class="accord-serve-problems"' in page
    assert "CITE001" in page and "wgig2005" in page and "hint:" in page
    assert "accord-serve-problems" not in (out / "positions" / "b.html").read_text(encoding="utf-8")
    err = capsys.readouterr().err
    assert "positions/a.md:" in err and "CITE001" in err
    assert "accord serve: built, 1 error, 0 warnings" in err

    # A rebuild that reads nothing again still counts the problems of the pages it keeps.
    build(confoverrides={"accord_serve_banner": True})
    assert "accord serve: built, 1 error, 0 warnings" in capsys.readouterr().err


@pytest.mark.sphinx
def test_the_published_site_has_no_banner(build, repo: Repo) -> None:
    repo.doc("positions/a.md", body="\nText {cite:p}`wgig2005`.\n")
    _, out = build()
    assert "accord-serve-problems" not in (out / "positions" / "a.html").read_text(encoding="utf-8")


def test_the_banner_escapes_what_it_shows() -> None:
    from accord.diagnostics import make

    shown = servebanner.banner([make("CITE001", "positions/a.md", 3, 6, "<script>x</script>")])
    assert "<script>x" not in shown and "&lt;script&gt;" in shown
    assert "1 error, 0 warnings" in shown


@pytest.mark.allow_hosts(["127.0.0.1"])
def test_a_taken_port_is_said_and_the_next_free_one_used() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        chosen, said = serving.choose_port("127.0.0.1", port)
    assert chosen != port and port < chosen <= port + serving.TRIES
    assert said == (
        f"accord serve: port {port} is taken (another accord serve or another program); "
        f"serving on port {chosen} instead"
    )


@pytest.mark.allow_hosts(["127.0.0.1"])
def test_a_free_port_is_used_as_given() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    assert serving.choose_port("127.0.0.1", port) == (port, None)


def test_the_preview_turns_the_banner_on() -> None:
    assert serving.confoverrides() == {"accord_serve_banner": True, "accord_pdf_html_link": False}
    assert serving.confoverrides(pdf=True)["accord_pdf_html_link"] is True
