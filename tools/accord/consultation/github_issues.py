"""Read a repository's issues through GitHub's REST API: pages followed through the Link header,
rate limits waited out (Retry-After, x-ratelimit-reset) a bounded number of times, and every
failure turned into an ``ApiError`` that names its diagnostic code, never a traceback."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from accord import __version__
from accord.links.client import retry_after

if TYPE_CHECKING:
    import httpx

DEFAULT_API = "https://api.github.com"
PER_PAGE = 100


class ApiError(Exception):
    """The API refused or failed; ``code`` is the diagnostic (CONS005, CONS006, CONS007)."""

    def __init__(self, code: str, detail: str, hint: str) -> None:
        super().__init__(detail)
        self.code, self.detail, self.hint = code, detail, hint


@dataclass
class Api:
    repository: str  # owner/name
    base: str = DEFAULT_API
    token: str = ""
    retries: int = 3  # waits for the rate limit before giving up
    max_wait: float = 900.0  # seconds; a longer pause asked for ends the collection (CONS007)
    timeout: float = 30.0
    sleep: Callable[[float], None] = time.sleep
    now: Callable[[], float] = time.time
    requests: int = 0
    progress: Callable[[int], None] = field(default=lambda pages: None)

    @classmethod
    def from_environment(cls, repository: str, **options: object) -> Api:
        """GITHUB_API_URL (GitHub Enterprise), GITHUB_TOKEN (optional for public repositories)."""
        base = os.environ.get("GITHUB_API_URL") or DEFAULT_API
        return cls(repository, base=base.rstrip("/"), token=os.environ.get("GITHUB_TOKEN", ""), **options)

    def _headers(self) -> dict[str, str]:
        headers = {
            "Accept": "application/vnd.github+json",
            "X-GitHub-Api-Version": "2022-11-28",
            "User-Agent": f"accord-consultation/{__version__}",
        }
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        return headers

    def _pause(self, response: httpx.Response) -> float | None:
        """Seconds the API asks us to wait before asking again, or None when it is no rate limit."""
        asked = retry_after(response.headers.get("retry-after"), now=self.now())
        if asked is not None:
            return asked
        if response.headers.get("x-ratelimit-remaining") == "0":
            reset = response.headers.get("x-ratelimit-reset", "")
            return max(0.0, float(reset) - self.now()) + 1.0 if reset.isdigit() else 60.0
        return None

    def _get(self, client: httpx.Client, url: str, params: dict[str, str] | None) -> httpx.Response:
        import httpx

        for attempt in range(self.retries + 1):
            self.requests += 1
            try:
                response = client.get(url, params=params)
            except httpx.HTTPError as problem:
                raise ApiError(
                    "CONS007", f"{type(problem).__name__} for {url}", "check the network and GITHUB_API_URL"
                ) from None
            if response.status_code in (403, 429) and (pause := self._pause(response)) is not None:
                if pause > self.max_wait or attempt == self.retries:
                    raise ApiError(
                        "CONS007",
                        f"HTTP {response.status_code}: the rate limit asks to wait {pause:.0f} s",
                        "run the collection later, or with a GITHUB_TOKEN (a higher limit)",
                    )
                self.sleep(pause)
                continue
            self._refused(response, url)
            return response
        raise AssertionError("unreachable")  # pragma: no cover

    def _refused(self, response: httpx.Response, url: str) -> None:
        status = response.status_code
        if status < 400:
            return
        message = _message(response)
        if status == 401 or status == 403:
            hint = (
                "GITHUB_TOKEN is refused: renew it, or unset it to read a public repository"
                if status == 401
                else "the token may not read this repository's issues (issues: read)"
            )
            raise ApiError("CONS005", f"HTTP {status} {message}".strip(), hint)
        if status in (404, 410):
            raise ApiError(
                "CONS006",
                f"HTTP {status} for repository {self.repository!r} {message}".strip(),
                "set GITHUB_REPOSITORY or [tool.accord] repository to 'owner/name'; a private "
                "repository also needs a GITHUB_TOKEN that may read it",
            )
        raise ApiError("CONS007", f"HTTP {status} {message}".strip(), "try again later")

    def issues(self, *, label: str, since: str | None = None) -> Iterator[dict]:
        """Every issue (open or closed, not pull requests) with ``label``, oldest first, page by page."""
        import httpx

        url: str | None = f"{self.base}/repos/{self.repository}/issues"
        params: dict[str, str] | None = {
            "labels": label,
            "state": "all",
            "sort": "created",
            "direction": "asc",
            "per_page": str(PER_PAGE),
        }
        if since:
            params["since"] = since
        pages = 0
        with httpx.Client(headers=self._headers(), timeout=self.timeout, follow_redirects=True) as client:
            while url:
                response = self._get(client, url, params)
                try:
                    items = response.json()
                except ValueError:
                    items = None
                if not isinstance(items, list):
                    raise ApiError("CONS007", f"not a list of issues from {url}", "check GITHUB_API_URL")
                for item in items:
                    if isinstance(item, dict) and "pull_request" not in item:
                        yield item
                pages += 1
                self.progress(pages)
                # The next page's URL carries every parameter already; the token goes nowhere else.
                url, params = response.links.get("next", {}).get("url"), None
                if url and not url.startswith(self.base + "/"):
                    raise ApiError(
                        "CONS007", f"a next page outside {self.base}: {url[:100]}", "check GITHUB_API_URL"
                    )


def _message(response: httpx.Response) -> str:
    """GitHub's own words for an error ("Bad credentials"), cut short, or ""."""
    try:
        message = response.json().get("message", "")
    except (ValueError, AttributeError):
        return ""
    return f"({message[:100]})" if isinstance(message, str) and message else ""
