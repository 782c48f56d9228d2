"""Opt-in online checks (``accord check --online``): every URL and DOI, with a cache.

Collect the targets (collect), answer from the cache what it knows (cache), visit the rest
(client), and turn each failure into a LINK diagnostic at every place that names the target.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator

from accord import progress
from accord.corpus import Corpus
from accord.diagnostics import Diagnostic, make
from accord.links.cache import DEFAULT_TTL_DAYS, LinkCache, Result
from accord.links.client import Checker, Options
from accord.links.collect import Target, collect

DEAD = frozenset({404, 410})


def is_dead(result: Result) -> bool:
    return result.status in DEAD


def _hint(target: Target, result: Result) -> str | None:
    if target.kind == "url" and target.archived:
        return f"the entry's archived copy is {target.archived}"
    if result.archived:
        where = (
            "add archived = {" + result.archived + "} to the entry"
            if target.kind == "url"
            else f"link the archived copy {result.archived}"
        )
        return f"the web archive has a copy: {where}"
    if is_dead(result):
        return "find the document's new address, or remove the link"
    return None


def diagnostics(targets: dict[str, Target], results: dict[str, Result]) -> Iterator[Diagnostic]:
    for url, target in targets.items():
        result = results[url]
        if result.ok:
            continue
        if target.kind == "doi" and is_dead(result):
            code, detail = "LINK003", f"{url} ({result.status})"
        elif is_dead(result):
            code, detail = "LINK001", f"{url} ({result.status})"
        else:
            why = result.error or f"HTTP {result.status}"
            code, detail = "LINK002", f"{url} ({why})"
        hint = _hint(target, result)
        for place in sorted(target.places):
            yield make(code, place.path, place.line, place.column, detail=detail, hint=hint)


def check_online(
    corpus: Corpus,
    *,
    options: Options | None = None,
    ttl_days: float = DEFAULT_TTL_DAYS,
    now: float | None = None,
) -> list[Diagnostic]:
    """LINK diagnostics for every target of the corpus; results are cached under .accord-cache/."""
    options = options or Options()
    targets = collect(corpus)
    cache = LinkCache(corpus.root, ttl_days=ttl_days, now=time.time() if now is None else now)
    results = {url: hit for url in targets if (hit := cache.fresh(url)) is not None}
    missing = [url for url in targets if url not in results]
    with progress.counter("accord: checking links", len(missing)) as advance:
        if missing:
            checked = asyncio.run(Checker(options, progress=advance).run(missing, dead=is_dead))
            for result in checked.values():
                cache.store(result)
            results.update(checked)
    cache.save()
    return sorted(diagnostics(targets, results))
