"""Online checks against a local server on 127.0.0.1: every kind of answer, the cache, Retry-After,
the per-host limit and the web archive's suggestions. Nothing here touches the internet."""

from __future__ import annotations

import json
import time

import pytest

from accord import corpus
from accord.cachedir import cache_dir
from accord.links import check_online
from accord.links.client import Options, retry_after
from tests.conftest import Repo
from tests.linkserver import LinkServer

pytestmark = pytest.mark.allow_hosts(["127.0.0.1"])


@pytest.fixture
def server():
    with LinkServer() as running:
        yield running


def _options(server: LinkServer, **overrides: object) -> Options:
    settings = {"timeout": 0.8, "backoff": 0.05, "archive_api": f"{server.base}/wayback/available"}
    settings.update(overrides)
    return Options(**settings)


def _repo_linking(repo: Repo, server: LinkServer, paths: list[str], *, bib: str = "") -> None:
    repo.write(
        "pyproject.toml",
        f'[tool.accord]\narchive-api = "{server.base}/wayback/available"\ndoi-resolver = "{server.base}/doi/"\n',
    )
    if bib:
        repo.write("references.bib", (repo.root / "references.bib").read_text(encoding="utf-8") + bib)
    links = "".join(f"- [{p}]({server.base}{p})\n" for p in paths)
    repo.doc(
        "positions/paper.md", body="\n## Links\n\n" + links + "\n{cite:p}`wgig2005report,coe2011principles`\n"
    )


def test_every_kind_of_answer(repo: Repo, server: LinkServer) -> None:
    paths = [
        "/ok",
        "/redirect/3",
        "/gone",
        "/missing",
        "/forbidden",
        "/head-refused",
        "/error",
        "/reset",
        "/slow",
        "/loop",
    ]
    _repo_linking(repo, server, paths)
    found = check_online(corpus.load(repo.root), options=_options(server, retries=1))
    by_url = {d.message.split(": ", 1)[1].split(" ")[0].removeprefix(server.base): d for d in found}
    assert sorted(by_url) == ["/error", "/forbidden", "/gone", "/loop", "/missing", "/reset", "/slow"]
    assert by_url["/gone"].code == "LINK001"
    assert (
        by_url["/gone"].hint
        == f"the web archive has a copy: link the archived copy http://web.archive.org/web/2012/{server.base}/gone"
    )
    assert by_url["/missing"].code == "LINK001"
    assert by_url["/missing"].hint == "find the document's new address, or remove the link"
    assert {by_url[p].code for p in ("/forbidden", "/error", "/reset", "/slow", "/loop")} == {"LINK002"}
    assert "(no answer within 0.8 s)" in by_url["/slow"].message
    assert by_url["/error"].message.endswith("(HTTP 500)")
    # Each diagnostic points at the line of its link in the document.
    assert by_url["/gone"].path == "positions/paper.md"
    assert by_url["/gone"].line == 11 + paths.index("/gone")  # the list starts on line 11
    assert server.hits["GET /head-refused"] == 1


def test_bibliography_urls_and_dois(repo: Repo, server: LinkServer) -> None:
    bib = (
        f"\n@misc{{gone, title = {{Gone}}, url = {{{server.base}/gone}}}}\n"
        f"@misc{{kept, title = {{Kept}}, url = {{{server.base}/missing}}, archived = {{{server.base}/ok}}}}\n"
        "@misc{doi1, title = {Resolves}, doi = {10.1000/ok}}\n"
        "@misc{doi2, title = {Does not}, doi = {10.1000/none}}\n"
    )
    _repo_linking(repo, server, [], bib=bib)
    found = check_online(corpus.load(repo.root), options=_options(server))
    summary = [(d.path, d.line, d.code) for d in found]
    assert summary == [
        ("references.bib", 15, "LINK001"),
        ("references.bib", 16, "LINK001"),
        ("references.bib", 18, "LINK003"),
    ]
    assert found[0].hint.startswith(
        "the web archive has a copy: add archived = {http://web.archive.org/web/2012/"
    )
    assert found[1].hint == f"the entry's archived copy is {server.base}/ok"


def test_second_run_is_answered_by_the_cache(repo: Repo, server: LinkServer) -> None:
    _repo_linking(repo, server, ["/ok", "/gone"])
    loaded = corpus.load(repo.root)
    first = check_online(loaded, options=_options(server))
    requests = sum(n for key, n in server.hits.items() if " " in key)
    second = check_online(corpus.load(repo.root), options=_options(server))
    assert second == first
    assert sum(n for key, n in server.hits.items() if " " in key) == requests
    assert json.loads((cache_dir(repo.root) / "links.json").read_text(encoding="utf-8"))

    # Past the time-to-live, the links are visited again.
    check_online(corpus.load(repo.root), options=_options(server), now=time.time() + 8 * 86400)
    assert sum(n for key, n in server.hits.items() if " " in key) > requests


def test_retry_after_is_honoured(repo: Repo, server: LinkServer) -> None:
    _repo_linking(repo, server, ["/busy", "/busy-long"])
    started = time.perf_counter()
    found = check_online(corpus.load(repo.root), options=_options(server))
    assert time.perf_counter() - started >= 1.0
    assert [d.message.rsplit("(", 1)[1] for d in found] == ["asked to wait 3600 s)"]
    assert server.hits["/busy"] == 2


def test_requests_per_host_are_limited(repo: Repo) -> None:
    with LinkServer(latency=0.05) as slow:
        _repo_linking(repo, slow, [f"/ok/{n}" for n in range(24)])
        check_online(corpus.load(repo.root), options=_options(slow, per_host=3))
        assert slow.most_active <= 3
        assert slow.hits["HEAD /ok/7"] == 1


def test_online_flag_on_the_command_line(accord, repo: Repo, server: LinkServer) -> None:
    _repo_linking(repo, server, ["/ok", "/gone"])
    run = accord("check", str(repo.root), "--online", "--format", "json")
    assert run.code == 1
    [finding] = json.loads(run.out)["diagnostics"]
    assert (finding["code"], finding["path"]) == ("LINK001", "positions/paper.md")
    assert accord("check", str(repo.root)).code == 0  # offline, the same repository is clean


@pytest.mark.parametrize(
    ("header", "seconds"),
    [("3", 3.0), (None, None), ("soon", None), ("Wed, 21 Oct 2015 07:28:00 GMT", 0.0)],
)
def test_retry_after_values(header: str | None, seconds: float | None) -> None:
    assert retry_after(header, now=time.time()) == seconds


def test_short_dois_are_visited_through_the_resolver(repo: Repo, server: LinkServer) -> None:
    bib = "\n@misc{short, title = {Short}, doi = {10/gftmfb}}\n"
    _repo_linking(repo, server, [], bib=bib)
    found = check_online(corpus.load(repo.root), options=_options(server))
    assert server.hits["/doi/10/gftmfb"] >= 1
    assert [(d.line, d.code) for d in found] == [(15, "LINK003")]  # the test server does not know it
