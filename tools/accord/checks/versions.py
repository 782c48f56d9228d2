"""An adopted text that changed since the last edition needs a higher version (META071).

``accord release`` refuses such a change; ``accord check`` reports it too, so that the pull
request that makes it fails rather than the release after the merge. The last edition is the
highest edition tag; without git, a git repository or such a tag the rule says nothing.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from pathlib import Path

from accord.corpus import Document
from accord.diagnostics import Diagnostic, make
from accord.editions import git, revisions
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
        if was is not None and now is not None and now <= was:
            yield make(
                "META071",
                doc.path,
                *doc.where("version"),
                detail=f"{doc.id} is {'.'.join(map(str, now))}, as in edition {previous}",
                hint=f"raise the version above {'.'.join(map(str, was))} (1.0 -> 1.1 for corrections, 2.0 for a new text)",
            )


def check(
    root: Path, documents: list[Document], *, only: Collection[str] | None = None
) -> Iterator[Diagnostic]:
    """META071 against the last edition tag, if there is one."""
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
