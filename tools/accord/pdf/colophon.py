"""Each PDF's colophon: where the text lives, what it is, its licence, and how to cite it.

A PDF travels alone (by e-mail, in an archive), so it says what its web page would: the stable
address of the newest edition's text (``<base-url>/latest/<path>``, so that an old edition points to
the current one), this build's address, the document's id, version, status and adoption record, the
licence (``[tool.accord] licence``) and a "Cite as" line. Pure: the builder passes what it knows.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from accord import citation, licences, reuse
from accord.editions import site
from accord.pdf import escape
from accord.vocabulary import STATUS_LABELS

#: The folder of the site that always holds the newest edition's text (tools/DESIGN.md section 10).
LATEST = "latest"
SPDX_PAGE = "https://spdx.org/licenses/{id}.html"


@dataclass(frozen=True)
class Build:
    """What the colophon needs to know about the build, the same for every document."""

    organisation: str
    site_title: str
    base_url: str = ""
    edition: str = ""
    edition_date: str = ""
    licence: str = ""


def _link(url: str) -> str:
    return f"#link({escape.string(url)})[{escape.markup(url)}];"


def addresses(docname: str, build: Build) -> tuple[str | None, str | None]:
    """(the stable address, this build's address) of ``docname``'s page; None without a base URL."""
    if not build.base_url.strip():
        return None, None
    here = reuse.site_url(build.base_url, build.edition)
    return f"{site.url(build.base_url.strip(), LATEST)}{docname}.html", f"{here}{docname}.html"


def _adoption(value: Any) -> str | None:
    if not isinstance(value, Mapping) or not value.get("date"):
        return None
    text = f"{escape.markup(str(value['date']))}"
    if value.get("by"):
        text += f" by {escape.markup(str(value['by']))}"
    record = str(value.get("record") or "")
    if record.startswith(("https://", "http://")):
        text += f" (record: {_link(record)})"
    elif record:
        text += f" (record: {escape.markup(record)})"
    return text


def _licence(value: str) -> str:
    ids = set(licences.names(value))
    if not ids:
        return "not stated"
    # Each id linked to its SPDX page; the operators (OR, AND, WITH) and parentheses kept as written.
    return "".join(
        f"#link({escape.string(SPDX_PAGE.format(id=token))})[{escape.markup(token)}];"
        if token in ids
        else escape.markup(token)
        for token in re.split(r"(\s+|[()])", value)
        if token
    )


def _year(meta: Mapping[str, Any], build: Build) -> str:
    value = meta.get("date") or build.edition_date
    if isinstance(value, dt.date):
        return str(value.year)
    return str(value)[:4] if value else ""


def cite_as(title: str, meta: Mapping[str, Any], build: Build, url: str | None) -> str:
    """'Organisation. Title. Version 1.0. 2026. URL': the line a reader pastes into a bibliography."""
    parts = [citation.publisher(build.organisation, build.site_title), title]
    if meta.get("version") not in (None, ""):
        parts.append(f"Version {meta['version']}")
    if build.edition:
        parts.append(f"Edition {build.edition}")
    parts.append(_year(meta, build))
    text = ". ".join(escape.markup(part.rstrip(".")) for part in parts if part) + "."
    return f"{text} {_link(url)}" if url else text


def rows(docname: str, title: str, meta: Mapping[str, Any], build: Build) -> list[tuple[str, str]]:
    """(name, Typst markup) for each line of the colophon of ``docname``."""
    stable, here = addresses(docname, build)
    found: list[tuple[str, str]] = []
    if stable and here:
        found.append(("Current text", _link(stable)))
        found.append(("This edition" if build.edition else "This draft", _link(here)))
    if meta:
        found.append(("Identifier", escape.markup(docname.rsplit("/", 1)[-1])))
        if meta.get("version") not in (None, ""):
            found.append(("Version", escape.markup(str(meta["version"]))))
        status = str(meta.get("status", ""))
        label = escape.markup(STATUS_LABELS.get(status, status))
        if meta.get("superseded_by"):
            label += f" by {escape.markup(str(meta['superseded_by']))}"
        found.append(("Status", label))
        adopted = _adoption(meta.get("adopted"))
        if adopted:
            found.append(("Adopted", adopted))
    if build.edition:
        dated = f" of {build.edition_date}" if build.edition_date else ""
        found.append(("Edition", escape.markup(f"{build.edition}{dated}")))
    else:
        found.append(("Edition", "working draft, not an official statement"))
    found.append(("Licence", _licence(build.licence)))
    return found


def render(docname: str, title: str, meta: Mapping[str, Any], build: Build) -> str:
    """The Typst call that prints the colophon."""
    cells = "".join(f"  ([{name}], [{value}]),\n" for name, value in rows(docname, title, meta, build))
    _, here = addresses(docname, build)
    cite = cite_as(title, meta, build, here) if meta else None
    tail = f"  cite: [{cite}],\n" if cite else ""
    return f"#accord-colophon(\n{cells}{tail})\n"
