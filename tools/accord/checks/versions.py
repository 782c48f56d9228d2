"""An adopted text that changed since the last edition needs a higher version (META071) and a new
adoption record dated on or after the change (META095); an adoption is not dated before the
consultation closes (META096).

``accord release`` refuses such a change; ``accord check`` reports it too, so that the pull
request that makes it fails rather than the release after the merge. The last edition is the
highest edition tag; without git, a git repository or such a tag the rule says nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterator
from pathlib import Path

from accord.corpus import Document
from accord.diagnostics import Diagnostic, make
from accord.editions import git
from accord.settings import PYPROJECT, Settings
from accord.vocabulary import VERSION


def _version_tuple(value: object) -> tuple[int, ...] | None:
    written = str(value) if value is not None else ""
    return tuple(int(n) for n in written.split(".")) if VERSION.match(written) else None


def last_edition(root: Path) -> str | None:
    """The highest edition tag of the repository at ``root``, or None (no git, no repository, no tag)."""
    try:
        if git.top_level(root).resolve() != root.resolve():
            return None  # a folder inside another repository is not that repository's corpus
        tags = git.edition_tags(root)
    except (git.GitError, OSError):
        return None
    return tags[-1] if tags else None


def raised(
    root: Path, documents: list[Document], previous: str, *, only: Collection[str] | None = None
) -> Iterator[Diagnostic]:
    """An adopted document whose text changed since the edition ``previous`` has a higher version."""
    adopted = [d for d in documents if d.meta.get("status") == "adopted" and (only is None or d.path in only)]
    if not adopted:
        return  # nothing to compare: no git call at all
    from accord.editions import revisions  # its model is defined only when there is an edition

    try:
        earlier = {old.path: old for old in revisions.snapshot(root, previous).documents.values()}
    except revisions.RevisionError:
        return
    for doc in adopted:
        old = earlier.get(doc.path)
        if old is None or old.body.strip() == revisions.read(doc.path, doc.text.encode("utf-8")).body.strip():
            continue
        was = _version_tuple(old.version)
        now = _version_tuple(doc.front.raw.get(("version",), doc.meta.get("version")))
        if was is not None and now is not None and now > was:
            yield from _readopted(root, doc, previous, ".".join(map(str, now)))
        if was is not None and now is not None and now <= was:
            yield make(
                "META071",
                doc.path,
                *doc.where("version"),
                detail=f"{doc.id} is {'.'.join(map(str, now))}, as in edition {previous}",
                hint=f"raise the version above {'.'.join(map(str, was))} (1.0 -> 1.1 for corrections, 2.0 for a "
                "new text), and record the adoption of the new version in 'adopted' (META095)",
            )


def _date(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None  # META009 says why


def _changed_on(root: Path, doc: Document, previous: str) -> dt.date:
    """When the text changed: after the edition was tagged, at the last commit that touched it,
    and no earlier than the date the document gives its revision."""
    try:
        found = [git.tag_date(root, previous)]
        last = git.text(root, "log", "-1", "--format=%cs", f"{previous}..HEAD", "--", doc.path)
    except (git.GitError, OSError, ValueError):
        found, last = [], ""
    found.extend(d for d in (_date(last.strip()), _date(doc.meta.get("date"))) if d is not None)
    return max(found, default=dt.date.min)


def _readopted(root: Path, doc: Document, previous: str, version: str) -> Iterator[Diagnostic]:
    """A raised version of an adopted text is a new text: it needs its own adoption."""
    record = doc.meta.get("adopted")
    adopted_on = _date(record.get("date")) if isinstance(record, dict) else None
    if adopted_on is None:
        return  # META004/META012/META009 say what is missing
    changed = _changed_on(root, doc, previous)
    if adopted_on < changed:
        yield make(
            "META095",
            doc.path,
            *doc.where("adopted", "date"),
            detail=f"{doc.id} {version} changed on {changed.isoformat()}; the adoption is of {adopted_on.isoformat()}",
            hint=f"record the decision that adopted version {version} (adopted: date, by, record), "
            "or keep the status 'consultation' until it is taken",
        )


def consultation_closed(documents: list[Document], *, only: Collection[str] | None) -> Iterator[Diagnostic]:
    """An adoption dated before the consultation closes cut the consultation short."""
    for doc in documents:
        if only is not None and doc.path not in only:
            continue
        record, window = doc.meta.get("adopted"), doc.meta.get("consultation")
        if not isinstance(record, dict) or not isinstance(window, dict):
            continue
        adopted_on, closes = _date(record.get("date")), _date(window.get("closes"))
        if adopted_on is not None and closes is not None and adopted_on < closes:
            yield make(
                "META096",
                doc.path,
                *doc.where("adopted", "date"),
                detail=f"adopted {adopted_on.isoformat()}, the consultation closes {closes.isoformat()}",
                hint="date the adoption on or after consultation.closes, or correct the consultation dates",
            )


def check(
    root: Path, documents: list[Document], *, only: Collection[str] | None = None
) -> Iterator[Diagnostic]:
    """META096 on every document; META071 and META095 against the last edition tag, if there is one."""
    yield from consultation_closed(documents, only=only)
    if not any(d.meta.get("status") == "adopted" for d in documents):
        return
    previous = last_edition(root)
    if previous is not None:
        yield from raised(root, documents, previous, only=only)


def base_url(corpus_settings: Settings, documents: list[Document]) -> Iterator[Diagnostic]:
    """An adopted document will be released; without base-url its edition keeps relative addresses
    (no canonical links, no feed, ``"url": null``) for good, so say so before ``accord release`` refuses."""
    adopted = next((d for d in documents if d.meta.get("status") == "adopted"), None)
    if adopted is not None and not corpus_settings.base_url:
        yield make(
            "META078",
            PYPROJECT,
            1,
            1,
            detail=f"{adopted.id} is adopted and [tool.accord] has no base-url",
            hint='add base-url = "https://..." (the address of the published site) to [tool.accord] in pyproject.toml',
        )
