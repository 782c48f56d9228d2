"""Each document's history: every edition it is in, with its version, status and adoption record,
and a link to the redline against the previous edition (tools/DESIGN.md section 10).

A history page lists editions published after any one of them, so it cannot live inside an
edition (editions are never rewritten): :mod:`accord.editions.latest` writes the pages into
``latest/history/`` at each publish, from the editions' ``statements.json`` and the redline pages
each edition already holds (``editions/<tag>/changes/<id>.html``). ``index.json`` beside them
tells ``accord-editions.js`` whether a document changed after the edition a reader is in.
"""

from __future__ import annotations

import html
import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from accord import standing
from accord.editions import redline_html, site
from accord.vocabulary import STATUS_LABELS

HISTORY = "history"
INDEX_JSON = "index.json"
CHANGES = "changes"  # accord.editions.build.CHANGES, without importing the builder


@dataclass(frozen=True)
class Appearance:
    """One document in one edition; addresses are relative to the site root."""

    tag: str
    date: str
    title: str
    status: str
    version: str | None
    adopted: str  # the adoption record in words, or ""
    record: str | None  # the address of the record of the decision
    page: str  # the document's page in the edition
    redline: str | None  # what changed since the previous edition, when something did
    changed: bool  # added, or its text or details changed


@dataclass(frozen=True)
class Edition:
    info: site.EditionInfo
    statements: Mapping[str, Any]
    folder: Path  # where its files are now (published or staged)


def _page(tag: str, address: object) -> str:
    text = str(address or "")
    if "://" in text or text.startswith("/"):
        return text
    return f"{site.EDITIONS}/{tag}/{text}"


def collect(editions: list[Edition]) -> dict[str, list[Appearance]]:
    """Every document's appearances, oldest edition first, by id (and by ``kind/id`` first seen)."""
    found: dict[str, list[Appearance]] = {}
    for edition in editions:
        documents = edition.statements.get("documents") if isinstance(edition.statements, Mapping) else None
        for doc in documents if isinstance(documents, list) else []:
            if not isinstance(doc, Mapping) or not doc.get("id"):
                continue
            doc_id = str(doc["id"])
            name = redline_html.page_name(doc_id)
            changed = (edition.folder / CHANGES / name).is_file()
            adopted = doc.get("adopted")
            words = (
                standing.plain(standing.adoption({**adopted, "record": None}))
                if isinstance(adopted, dict)
                else ""
            )
            found.setdefault(doc_id, []).append(
                Appearance(
                    tag=edition.info.tag,
                    date=edition.info.date,
                    title=str(doc.get("title") or doc_id),
                    status=str(doc.get("status") or ""),
                    version=str(doc["version"]) if doc.get("version") else None,
                    adopted=words[:1].upper() + words[1:],
                    record=str(adopted["record"])
                    if isinstance(adopted, dict) and adopted.get("record")
                    else None,
                    page=_page(edition.info.tag, doc.get("html")),
                    redline=f"{site.EDITIONS}/{edition.info.tag}/{CHANGES}/{name}" if changed else None,
                    changed=changed,
                )
            )
    return dict(sorted(found.items()))


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _up(address: str) -> str:
    """An address relative to the site root, from ``latest/history/``."""
    return address if "://" in address or address.startswith("/") else "../../" + address


def _web(address: str | None) -> bool:
    """An address from an edition's data that a page may link: http(s) only."""
    from accord.urls import is_safe

    return (
        bool(address) and str(address).lower().startswith(("https://", "http://")) and is_safe(str(address))
    )


def _latest(item: Appearance) -> str:
    """The stable address of a document's page: its edition folder replaced by latest/."""
    return item.page.replace(f"{site.EDITIONS}/{item.tag}/", "latest/", 1)


def _entry(item: Appearance, first: bool) -> str:
    status = STATUS_LABELS.get(item.status, item.status)
    facts = [f"Status: {_e(status)}"]
    if item.version:
        facts.append(f"version {_e(item.version)}")
    lines = [
        f'<li><h2><a href="{_e(_up(f"{site.EDITIONS}/{item.tag}/"))}">Edition {_e(item.tag)}</a>'
        f' <span class="meta">of {_e(standing.human_date(item.date))}</span></h2>',
        f"<p>{', '.join(facts)}.</p>",
    ]
    if item.adopted:
        record = f' (<a href="{_e(item.record)}">record of the decision</a>)' if _web(item.record) else ""
        lines.append(f"<p>{_e(item.adopted)}{record}.</p>")
    if item.redline:
        what = "First published in this edition" if first else "Changed in this edition"
        lines.append(f'<p>{what}: <a href="{_e(_up(item.redline))}">see what changed</a>.</p>')
    else:
        lines.append("<p>Unchanged since the previous edition.</p>")
    lines.append(f'<p><a href="{_e(_up(item.page))}">Read it in edition {_e(item.tag)}</a></p></li>')
    return "\n".join(lines)


def document_page(doc_id: str, appearances: list[Appearance], *, title: str) -> str:
    newest = appearances[-1]
    body = [
        "<header>",
        '<nav aria-label="History"><a href="index.html">History of every document</a></nav>',
        f"<h1>History of “{_e(newest.title)}”</h1>",
        f"<p>{len(appearances)} edition{'s' if len(appearances) != 1 else ''}, newest first. "
        f'<a href="{_e(_up(_latest(newest)))}">Read the latest text</a>.</p>',
        "</header>",
        '<main><ol class="accord-history" reversed>',
        *(_entry(item, index == 0) for index, item in reversed(list(enumerate(appearances)))),
        "</ol></main>",
    ]
    return redline_html.page(
        lang="en",
        title=f"History of {newest.title} – {title}",
        body=body,
        static="../_static/",
        home="../index.html",
    )


def index_page(histories: dict[str, list[Appearance]], tags: list[str], *, title: str) -> str:
    body = [
        "<header><h1>History of every document</h1>",
        "<p>Each document's editions, with its version, status and adoption record in each, and what "
        "changed from one edition to the next.</p></header>",
        "<main><ul>",
        *(
            f'<li><a href="{_e(doc_id)}.html">{_e(items[-1].title)}</a> '
            f'<span class="meta">({_e(STATUS_LABELS.get(items[-1].status, items[-1].status))}'
            f"{', version ' + _e(items[-1].version) if items[-1].version else ''})</span></li>"
            for doc_id, items in histories.items()
        ),
        "</ul>",
        "<h2>What changed in each edition</h2><ul>",
        *(
            f'<li><a href="{_e(_up(f"{site.EDITIONS}/{tag}/{CHANGES}/index.html"))}">Edition {_e(tag)}</a></li>'
            for tag in reversed(tags)
        ),
        "</ul></main>",
    ]
    return redline_html.page(
        lang="en", title=f"History – {title}", body=body, static="../_static/", home="../index.html"
    )


def write(out: Path, editions: list[Edition], *, title: str) -> None:
    """``out/index.html``, ``out/<id>.html`` per document and ``out/index.json``."""
    histories = collect(editions)
    out.mkdir(parents=True, exist_ok=True)
    for doc_id, appearances in histories.items():
        if redline_html.page_name(doc_id) == f"{doc_id}.html":
            (out / f"{doc_id}.html").write_text(
                document_page(doc_id, appearances, title=title), encoding="utf-8"
            )
    tags = [edition.info.tag for edition in editions]
    (out / "index.html").write_text(index_page(histories, tags, title=title), encoding="utf-8")
    data = {
        "editions": tags,
        "documents": {
            doc_id: {"history": f"latest/{HISTORY}/{doc_id}.html", "editions": [asdict(a) for a in items]}
            for doc_id, items in histories.items()
        },
    }
    (out / INDEX_JSON).write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")
