"""Visit URLs concurrently and politely: a limit per host, retries with backoff, Retry-After
honoured, timeouts; and ask the web archive for a snapshot of the dead ones."""

from __future__ import annotations

import asyncio
import email.utils
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import quote, urlsplit

from accord import __version__
from accord.links.cache import Result

if TYPE_CHECKING:
    import httpx

#: Statuses worth asking again after a pause.
RETRY_STATUSES = frozenset({429, 502, 503, 504})
#: Statuses some servers give to HEAD requests only: ask again with GET.
HEAD_REFUSED = frozenset({403, 405, 501})
DEFAULT_ARCHIVE_API = "https://archive.org/wayback/available"


@dataclass(frozen=True)
class Options:
    per_host: int = 8
    total: int = 64
    timeout: float = 10.0
    retries: int = 2
    backoff: float = 0.5  # seconds before the first retry; doubled each time
    max_retry_after: float = 30.0  # longer requested pauses count as a failed check
    archive_api: str = DEFAULT_ARCHIVE_API


def retry_after(value: str | None, *, now: float) -> float | None:
    """Seconds to wait from a Retry-After header: a number or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - now)


class Checker:
    def __init__(self, options: Options, *, progress: Callable[[], None] | None = None) -> None:
        self.options = options
        self.progress = progress or (lambda: None)
        self.hosts: dict[str, asyncio.Semaphore] = {}
        self.total = asyncio.Semaphore(options.total)

    def _host(self, url: str) -> asyncio.Semaphore:
        host = urlsplit(url).netloc.lower()
        return self.hosts.setdefault(host, asyncio.Semaphore(self.options.per_host))

    async def _request(self, client: httpx.AsyncClient, url: str) -> httpx.Response:
        response = await client.head(url)
        if response.status_code in HEAD_REFUSED:
            async with client.stream("GET", url) as streamed:  # the body is never read
                return streamed
        return response

    async def check(self, client: httpx.AsyncClient, url: str) -> Result:
        import httpx

        error: str | None = None
        status: int | None = None
        for attempt in range(self.options.retries + 1):
            pause = self.options.backoff * 2**attempt
            async with self._host(url), self.total:
                try:
                    response = await self._request(client, url)
                except httpx.TimeoutException:
                    error, status = f"no answer within {self.options.timeout:g} s", None
                except httpx.HTTPError as problem:  # resets, refused connections, redirect loops
                    error, status = f"{type(problem).__name__}: {problem}".rstrip(": "), None
                else:
                    status, error = response.status_code, None
                    if status not in RETRY_STATUSES:
                        break
                    asked = retry_after(response.headers.get("retry-after"), now=time.time())
                    if asked is not None:
                        if asked > self.options.max_retry_after:
                            error = f"asked to wait {asked:g} s"
                            break
                        pause = asked
            if attempt < self.options.retries:
                await asyncio.sleep(pause)
        return Result(url, status, error, time.time())

    async def archived(self, client: httpx.AsyncClient, url: str) -> str | None:
        """The closest snapshot the web archive has of ``url``, or None."""
        import httpx

        try:
            response = await client.get(f"{self.options.archive_api}?url={quote(url, safe='')}")
            closest = response.json().get("archived_snapshots", {}).get("closest", {})
        except (httpx.HTTPError, ValueError, AttributeError):
            return None
        if isinstance(closest, dict) and closest.get("available") and closest.get("url"):
            return str(closest["url"])
        return None

    async def run(self, urls: Iterable[str], *, dead: Callable[[Result], bool]) -> dict[str, Result]:
        # Imported here: a run answered wholly from the cache (the usual second run) needs no client.
        import httpx

        headers = {"User-Agent": f"accord-link-check/{__version__}"}
        limits = httpx.Limits(max_connections=self.options.total)
        async with httpx.AsyncClient(
            follow_redirects=True,
            timeout=self.options.timeout,
            headers=headers,
            limits=limits,
            max_redirects=10,
        ) as client:

            async def one(url: str) -> Result:
                result = await self.check(client, url)
                if dead(result):
                    result.archived = await self.archived(client, url)
                self.progress()
                return result

            results = await asyncio.gather(*(one(url) for url in urls))
        return {result.url: result for result in results}
