"""``accord release VERSION``: the checks before a tag makes an edition official, then the tag.

Preflight, in order: the version is an edition tag not used before and above the last edition;
the working tree is clean and on the main branch; ``accord check`` passes (so no adopted document
has a pending comment in its consultation record, CONS019); every adopted document
has its adoption record; an adopted document whose text changed since the last edition has a
higher ``version``; CHANGELOG.md has an entry for the version. Only then is the annotated tag
made (signed when git is configured to sign tags).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from accord import checks, corpus
from accord.corpus import Document
from accord.diagnostics import Diagnostic, make
from accord.editions import git
from accord.settings import PYPROJECT

CHANGELOG = "CHANGELOG.md"
_HEADING = re.compile(r"^#{1,6}\s+(?P<text>.*)$")


@dataclass
class Release:
    tag: str
    previous: str | None = None  # the last edition before this one
    diagnostics: list[Diagnostic] = field(default_factory=list)
    tagged: bool = False
    signed: bool = False


def changelog_entry(text: str, version: str) -> tuple[int, str] | None:
    """(line, text) of the CHANGELOG section whose heading names ``version`` (with or without
    a leading 'v'), or None."""
    wanted = version.removeprefix("v")
    pattern = re.compile(rf"(?<![\w.])v?{re.escape(wanted)}(?![\w.])")
    lines = text.splitlines()
    for index, line in enumerate(lines):
        heading = _HEADING.match(line)
        if heading and pattern.search(heading["text"]):
            level = len(line) - len(line.lstrip("#"))
            body: list[str] = []
            for following in lines[index + 1 :]:
                found = _HEADING.match(following)
                if found and len(following) - len(following.lstrip("#")) <= level:
                    break
                body.append(following)
            return index + 1, "\n".join(body).strip()
    return None


def adoption_records(documents: list[Document]) -> Iterator[Diagnostic]:
    """Every adopted document links the record (minutes) of its adoption."""
    for doc in documents:
        adopted = doc.meta.get("adopted")
        if doc.meta.get("status") == "adopted" and not (isinstance(adopted, dict) and adopted.get("record")):
            yield make(
                "META070",
                doc.path,
                *doc.key_at("adopted"),
                doc.id,
                hint="add 'record:' under 'adopted:' with the address of the minutes",
            )


def preflight(
    root: Path, version: str, *, branch: str, today: dt.date, tag_pattern: str = "v{version}"
) -> Release:
    """Every check a release needs; the tag is made only when this finds no error."""
    release = Release(version)
    found = release.diagnostics
    numbers = git.EDITION_TAG.match(version)
    if not numbers:
        example = ", ".join(tag_pattern.format(version=v) for v in ("1.0", "1.1", "2.0"))
        found.append(make("META075", ".", 1, 1, version, hint=f"write it as {example} ..."))
        return release
    wanted = tag_pattern.format(version=numbers["numbers"])
    if version != wanted:
        # The release workflow runs on the tags of this pattern only: another tag would never publish.
        found.append(
            make(
                "META076",
                ".",
                1,
                1,
                detail=f"{version!r} does not fit tag-pattern {tag_pattern!r}",
                hint=f"release it as {wanted}",
            )
        )
        return release
    if git.tag_exists(root, version):
        found.append(
            make(
                "META074", ".", 1, 1, version, hint="a released version is never reused; choose the next one"
            )
        )
        return release
    tags = git.edition_tags(root)
    release.previous = tags[-1] if tags else None
    if release.previous and git.version_key(version) <= git.version_key(release.previous):
        found.append(
            make(
                "META075",
                ".",
                1,
                1,
                version,
                hint=f"the last edition is {release.previous}; choose a higher version",
            )
        )
    if not git.is_clean(root):
        found.append(make("META073", ".", 1, detail="uncommitted changes", hint="commit or stash them first"))
    current = git.branch(root)
    if current != branch:
        found.append(
            make(
                "META073", ".", 1, detail=f"on {current or 'a detached HEAD'!r}", hint=f"git switch {branch}"
            )
        )
    loaded = corpus.load(root)
    found += checks.run(loaded, today=today)
    # checks.run reports META071 against the last edition tag, as `accord check` does.
    found += adoption_records(loaded.documents)
    if not loaded.settings.base_url:
        # An edition built without it keeps relative addresses, no feed and "url": null for good.
        found.append(
            make(
                "META077",
                PYPROJECT,
                1,
                1,
                detail="[tool.accord] has no base-url",
                hint='add base-url = "https://..." (the address of the published site) to pyproject.toml',
            )
        )
        found[:] = [d for d in found if d.code != "META078"]  # the error says it; the warning would repeat it
    found += changelog_problems(root, version)
    found.sort()
    return release


def changelog_problems(root: Path, version: str) -> Iterator[Diagnostic]:
    try:
        text = (root / CHANGELOG).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        yield make(
            "META072", CHANGELOG, 1, 1, version, hint=f"create {CHANGELOG} with a '## {version}' section"
        )
        return
    entry = changelog_entry(text, version)
    if entry is None:
        yield make(
            "META072", CHANGELOG, 1, 1, version, hint=f"add a '## {version}' section that says what changed"
        )
    elif not entry[1]:
        yield make("META072", CHANGELOG, entry[0], 1, version, hint="the section is empty: say what changed")


def tag(root: Path, release: Release) -> None:
    """The annotated tag; git signs it when ``tag.gpgSign`` is set, and we ask for it explicitly."""
    entry = changelog_entry((root / CHANGELOG).read_text(encoding="utf-8"), release.tag)
    notes = entry[1] if entry else ""
    message = f"Official edition {release.tag}\n\n{notes}\n"
    release.signed = git.config_flag(root, "tag.gpgSign")
    git.git(root, "tag", "--annotate", *(["--sign"] if release.signed else []), "-m", message, release.tag)
    release.tagged = True
