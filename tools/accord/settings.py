"""Repository settings, declared once: ``[tool.accord]`` in ``pyproject.toml``.

Every setting is optional. Each field carries its TOML key, its help text and its type; ``load``
validates the table and returns the settings with the diagnostics of anything it had to ignore.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

from accord import licences, paths
from accord.diagnostics import Diagnostic, make

PYPROJECT = "pyproject.toml"


def _setting(default: object, help: str) -> object:
    return field(default=default, metadata={"help": help})


@dataclass(frozen=True)
class Settings:
    title: str = _setting("Accord statements", "site title, shown in the header and the PDFs")
    short_title: str = _setting("", "a short title for the site's header (default: the title)")
    organisation: str = _setting("", "the coalition that issues the statements")
    base_url: str = _setting("", "public URL of the published site, for canonical links and feeds")
    licence: str = _setting(
        "", "the licence of the texts, an SPDX id such as 'CC-BY-4.0', printed in each PDF's colophon"
    )
    repository: str = _setting("", "GitHub 'owner/name', for 'edit this page' links")
    contact: str = _setting("", "an e-mail address or web page for readers, in the footer of every page")
    branch: str = _setting("main", "branch that editors propose changes to")
    bibliography: str = _setting("references.bib", "the BibTeX file, relative to the root")
    language: str = _setting("en", "default language of the documents (BCP 47)")
    languages: tuple[str, ...] = _setting(
        (),
        "languages whose translations of adopted texts are authentic (BCP 47); others are unofficial",
    )
    archive_api: str = _setting(
        "https://archive.org/wayback/available", "web archive availability API, for dead-link suggestions"
    )
    doi_resolver: str = _setting("https://doi.org/", "where DOIs are resolved by the online check")
    allowed_html: tuple[str, ...] = _setting(
        (), "HTML tag names admitted in documents, without attributes (for example 'abbr')"
    )
    tag_pattern: str = _setting(
        "v{version}",
        "the tag `accord release` makes for a version, as the release workflow's 'on.push.tags' expects",
    )
    consultation_email: str = _setting(
        "",
        "address that receives comments by e-mail during consultations, for people without a GitHub account",
    )
    strict: bool = _setting(
        False, "true: warnings fail `accord check` and `accord build` (exit 1), as errors do"
    )

    @staticmethod
    def key(name: str) -> str:
        """The TOML key of a field: its name with dashes."""
        return name.replace("_", "-")


# The shapes some settings must have: they become parts of URLs and links on every page.
_REPOSITORY = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/[A-Za-z0-9._-]{1,100}$")
_BASE_URL = re.compile(r"^https?://[^\s\"'<>\\`{}|^]+$")
#: The tag patterns whose tags the editions machinery reads back as editions.
TAG_PATTERNS = ("v{version}", "{version}")
# An address a mailto: link may carry as it is: one local part, one domain, nothing to escape.
_EMAIL = re.compile(
    r"^[A-Za-z0-9._+-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$"
)
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _valid_ref(name: str) -> bool:
    """git check-ref-format's rules for a branch name."""
    return not (
        not name
        or re.search(r"[\x00-\x20\x7f~^:?*\[\\]|\.\.|@\{|//|/\.|\.lock(/|$)", name)
        or name.startswith(("-", "/", "."))
        or name.endswith(("/", "."))
        or name == "@"
    )


def shape_problem(key: str, value: str) -> str | None:
    """Why a setting's value has the wrong shape, or None."""
    if _CONTROL.search(value):
        return f"{key} must not hold control characters: {value!r}"
    if key == "repository" and value and not _REPOSITORY.match(value):
        return f"repository must be GitHub's 'owner/name': {value!r}"
    if key == "base-url" and value and not _BASE_URL.match(value):
        return f"base-url must be an http(s) address without spaces or quotes: {value!r}"
    if key == "contact" and value and not (_EMAIL.match(value) or _BASE_URL.match(value)):
        return f"contact must be an e-mail address or an http(s) address: {value!r}"
    if key == "consultation-email" and value and not _EMAIL.match(value):
        return f"consultation-email must be one e-mail address, such as comments@example.org: {value!r}"
    if key == "tag-pattern" and value not in TAG_PATTERNS:
        # Edition tags are read back as v1.0 or 1.0 (editions.git.EDITION_TAG); nothing else would be found.
        return f"tag-pattern must be one of {', '.join(map(repr, TAG_PATTERNS))}: {value!r}"
    if key == "branch" and not _valid_ref(value):
        return f"branch must be a valid git branch name: {value!r}"
    if key == "licence" and value and (found := licences.problem(value)):
        return f"licence must be an SPDX licence expression: {found[0]} ({found[1]})"
    return None


def help_table() -> list[tuple[str, str, object]]:
    """(key, help, default) for every setting, for documentation and ``accord explain``."""
    defaults = Settings()
    return [(Settings.key(f.name), f.metadata["help"], getattr(defaults, f.name)) for f in fields(Settings)]


def _key_line(text: str, key: str) -> int:
    """The line of ``key = ...`` inside ``[tool.accord]``, or of the table header, or 1."""
    lines = text.splitlines()
    start = None
    for number, line in enumerate(lines, 1):
        stripped = line.strip()
        if stripped == "[tool.accord]":
            start = number
        elif start and stripped.startswith("["):
            break
        elif start and re.match(rf"^{re.escape(key)}\s*=", stripped):
            return number
    return start or 1


def load(root: Path) -> tuple[Settings, list[Diagnostic]]:
    """Read ``[tool.accord]`` from ``root/pyproject.toml``; a missing file or table means defaults."""
    path = root / PYPROJECT
    if not path.is_file():
        return Settings(), []
    if paths.leads_outside(root, PYPROJECT):
        hint = "replace the link with the file itself"
        return Settings(), [make("SAFE005", PYPROJECT, 1, 1, PYPROJECT, hint=hint)]
    text = path.read_text(encoding="utf-8")
    try:
        table = tomllib.loads(text).get("tool", {}).get("accord", {})
    except tomllib.TOMLDecodeError as error:
        found = re.search(r"line (\d+), column (\d+)", str(error))
        line, column = (int(found[1]), int(found[2])) if found else (1, 1)
        return Settings(), [make("META030", PYPROJECT, line, column, detail=str(error))]
    if not isinstance(table, dict):
        return Settings(), [make("META030", PYPROJECT, _key_line(text, "tool"), detail="not a table")]

    known = {Settings.key(f.name): f for f in fields(Settings)}
    values: dict[str, object] = {}
    problems: list[Diagnostic] = []
    for key, value in table.items():
        spec = known.get(key)
        if spec is None:
            problems.append(
                make(
                    "META030",
                    PYPROJECT,
                    _key_line(text, key),
                    detail=f"unknown setting {key!r}",
                    hint="known settings: " + ", ".join(sorted(known)),
                )
            )
            continue
        default = getattr(Settings(), spec.name)
        if isinstance(default, bool):
            valid = isinstance(value, bool)
            expected = "true or false"
        elif isinstance(default, tuple):
            valid = isinstance(value, list) and all(isinstance(item, str) for item in value)
            expected = "a list of strings"
            value = tuple(value) if valid else value
        else:
            valid = isinstance(value, str)
            expected = "a string"
        if not valid:
            problems.append(
                make(
                    "META030",
                    PYPROJECT,
                    _key_line(text, key),
                    detail=f"{key} must be {expected}: {value!r}",
                )
            )
            continue
        if key == "licence" and isinstance(value, str) and (found := licences.problem(value)):
            problems.append(make("META090", PYPROJECT, _key_line(text, key), detail=found[0], hint=found[1]))
            continue
        items = value if isinstance(value, tuple) else (value,)
        wrong = [shape_problem(key, item) for item in items if isinstance(item, str)]
        if any(wrong):
            problems.append(
                make("META030", PYPROJECT, _key_line(text, key), detail=next(w for w in wrong if w))
            )
            continue
        values[spec.name] = value
    return replace(Settings(), **values), problems
