"""Results of online checks kept under .accord-cache/ for a time-to-live, so a second run is
nearly free."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path

from accord.cachedir import cache_dir, read_json, write_json

CACHE_FILE = "links.json"
DEFAULT_TTL_DAYS = 7.0


@dataclass
class Result:
    url: str
    status: int | None  # the final HTTP status, None when no answer came
    error: str | None = None  # what went wrong when there was no usable answer
    checked_at: float = 0.0  # seconds since the epoch
    archived: str | None = None  # a snapshot from the web archive, looked up for dead links

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 400


class LinkCache:
    def __init__(self, root: Path, *, ttl_days: float, now: float) -> None:
        self.path = cache_dir(root) / CACHE_FILE
        self.ttl = ttl_days * 86400
        self.now = now
        stored = read_json(self.path)
        try:
            self.results = {url: Result(**value) for url, value in stored.items()}
        except (AttributeError, TypeError):
            self.results = {}

    def fresh(self, url: str) -> Result | None:
        found = self.results.get(url)
        if found is not None and self.now - found.checked_at <= self.ttl:
            return found
        return None

    def store(self, result: Result) -> None:
        self.results[result.url] = result

    def save(self) -> None:
        write_json(self.path, {url: asdict(result) for url, result in self.results.items()})
