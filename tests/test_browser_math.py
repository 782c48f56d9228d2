"""Math in Chromium: MathML typeset by the browser itself, with no request beyond the site."""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from accord import cli
from tests.browsing import SiteServer, open_page
from tests.conftest import new_repo

pytestmark = [pytest.mark.browser, pytest.mark.sphinx]

BODY = r"""
## Section

A ratio $\frac{a}{b}$ in the line.

$$
\sum_{i=1}^n x_i = \sqrt{y}
$$ (sum)

See equation {eq}`sum`. {cite:p}`wgig2005report,coe2011principles`
"""


@pytest.fixture(scope="module")
def math_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    repo = new_repo(tmp_path_factory.mktemp("math") / "repo")
    repo.doc("positions/maths.md", title="Maths", body=BODY)
    printed = io.StringIO()
    with redirect_stdout(printed), redirect_stderr(printed):
        code = cli.main(["build", str(repo.root), "--no-pdf"])
    assert code == 0, printed.getvalue()
    with SiteServer(Path(repo.root / "_build" / "html")) as server:
        yield server.url


def test_math_is_typeset_by_the_browser_without_a_script(browser: Browser, math_site: str) -> None:
    with open_page(browser, math_site) as page:
        requested: list[str] = []
        page.on("request", lambda request: requested.append(request.url))
        page.goto(f"{math_site}/positions/maths.html")
        # Chromium lays MathML out: a fraction is taller than one line of its letters.
        fraction = page.locator(".bd-article math mfrac").first
        assert page.evaluate("document.querySelector('.bd-article math') instanceof MathMLElement")
        box = fraction.bounding_box()
        letter = page.locator(".bd-article math mfrac mi").first.bounding_box()
        assert box is not None and letter is not None
        assert box["height"] > 1.5 * letter["height"]
        display = page.locator(".bd-article div.math math[display='block']")
        assert display.count() == 1
        assert page.locator(".bd-article div.math .eqno").inner_text() == "(1)"
        assert requested and all(url.startswith(math_site) for url in requested), requested
