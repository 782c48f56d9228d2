"""Write a comparison as standalone HTML pages: a summary, and one redline page per document.

Everything that comes from a document is escaped: an old revision may hold any text. The pages
carry no script and no timestamp (the same comparison gives the same bytes), and they are readable
without colour (insertions underlined, deletions struck through) and by screen readers (each mark
starts with a visually hidden "inserted:" or "deleted:").
"""

from __future__ import annotations

import hashlib
import html
import itertools
import re
from collections.abc import Callable, Iterable
from pathlib import Path

from accord.editions import rendered
from accord.editions.redline import ADDED, DELETE, INSERT, REMOVED, Change, Comparison, Paragraph
from accord.editions.revisions import DocumentText
from accord.vocabulary import DOCUMENT_ID, LANGUAGE_TAG, STATUS_LABELS

INDEX = "index.html"
#: Marks the pages this module writes, so that writing again may replace them (and nothing else).
GENERATOR = '<meta name="generator" content="accord diff">'

STYLE = """\
body { font: 1rem/1.55 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1b1b1b;
  background: #fff; margin: 0; }
.accord-page { max-width: 52rem; margin: 0 auto; padding: 1rem 1.25rem 3rem; overflow-wrap: anywhere; }
.accord-bar { background: var(--pst-color-on-background, #fff); border-bottom: 1px solid var(--pst-color-border, #d1d5da);
  padding: .6rem 1.25rem; font-weight: 600; }
h1 { font-size: 1.6rem; line-height: 1.25; }
h2 { font-size: 1.25rem; margin-top: 2rem; }
a { color: var(--pst-color-link, #0b4f9c); }
table { border-collapse: collapse; margin: .5rem 0; max-width: 100%; }
th, td { border: 1px solid #b5b5b5; padding: .3rem .6rem; text-align: start; vertical-align: top; }
th { background: var(--pst-color-surface, #f1f1f1); }
code { font-size: .92em; overflow-wrap: anywhere; }
@media (max-width: 40rem) {
  /* On a phone a table reads as a list of rows, each cell under the other: nothing scrolls sideways. */
  table, thead, tbody, tr, th, td { display: block; }
  thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); }
  tr { border-top: 1px solid #b5b5b5; padding: .3rem 0; }
  th, td { border: 0; padding: .1rem 0; }
  td[data-label]::before { content: attr(data-label) ": "; font-weight: 600; }
}
ins { text-decoration: underline 2px; text-underline-offset: .15em; background: #d9f2de; color: #093b16; }
del { text-decoration: line-through 2px; background: #fbe1df; color: #6b0d0d; }
.sample-ins { text-decoration: underline 2px; background: #d9f2de; color: #093b16; }
.sample-del { text-decoration: line-through 2px; background: #fbe1df; color: #6b0d0d; }
.vh { position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden;
  clip: rect(0 0 0 0); clip-path: inset(50%); white-space: nowrap; border: 0; }
.text p { white-space: pre-wrap; overflow-wrap: anywhere; margin: 0 0 1em; padding-inline-start: .75rem;
  border-inline-start: 4px solid transparent; }
.text p.changed { border-inline-start-color: #6b6b6b; }
.text p.h1, .text p.h2, .text p.h3, .text p.h4, .text p.h5, .text p.h6 { font-weight: 700; margin-top: 1.4em; }
.text p.h1 { font-size: 1.35rem; } .text p.h2 { font-size: 1.2rem; } .text p.h3 { font-size: 1.08rem; }
.text p.item { padding-inline-start: 1.9rem; text-indent: -.9rem; }
.text p.item::before { content: "• "; }
.text p.quote { font-style: italic; padding-inline-start: 1.5rem; }
.text p.code { font-family: ui-monospace, monospace; font-size: .9em; white-space: pre-wrap; }
.text p.note { font-size: .92em; }
.text p.term { font-weight: 600; margin-bottom: .2em; }
.text p.row .cell { color: #6b6b6b; }
.text .num { display: inline-block; min-width: 1.8em; color: #4a4a4a; font-size: .85em; font-weight: 600; }
.meta { color: #4a4a4a; }
@media print { ins, del, .sample-ins, .sample-del { background: none; } .accord-bar { display: none; } }
"""

LEGEND = (
    '<p class="legend">How to read this page: <span class="sample-ins">inserted text</span> is underlined, '
    '<span class="sample-del">deleted text</span> is struck through, and a bar in the margin marks '
    "each paragraph that changed.</p>"
)


def page_name(key: str) -> str:
    """The file name of a document's redline page: its id where that is a plain slug."""
    parts = key.split("/")
    if all(DOCUMENT_ID.match(part) for part in parts) and key != "index":
        return "--".join(parts) + ".html"
    return "doc-" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:16] + ".html"


def write(
    comparison: Comparison,
    out: Path,
    *,
    title: str,
    old_label: str,
    new_label: str,
    lang: str = "en",
    document_url: Callable[[DocumentText], str | None] | None = None,
    static: str = "",
    pdfs: frozenset[str] = frozenset(),
) -> list[Path]:
    """Write ``out/index.html`` and ``out/<id>.html`` for each added, removed or changed document;
    return the files written. ``document_url`` may give a link (relative to ``out``) to a
    document's own page in the newer revision; ``static`` (relative to ``out``) the site's
    ``_static/`` folder, whose stylesheets the pages then share with the site; ``pdfs`` the
    names of PDF redlines written beside the pages (accord.editions.redline_pdf). Pages of an earlier redline in ``out`` that this
    one does not rewrite are removed."""
    out.mkdir(parents=True, exist_ok=True)
    pages = {INDEX: _index(comparison, title=title, old=old_label, new=new_label, lang=lang, static=static)}
    for change in comparison.changes:
        url = document_url(change.new) if document_url and change.new else None
        pages[page_name(change.key)] = _document(
            change, title=title, old=old_label, new=new_label, lang=lang, url=url, static=static, pdfs=pdfs
        )
    for stale in sorted(out.glob("*.html")):
        if stale.name not in pages and _ours(stale):
            stale.unlink()
    written = []
    for name, text in pages.items():
        path = out / name
        path.write_text(text, encoding="utf-8", newline="\n")
        written.append(path)
    return written


def _ours(path: Path) -> bool:
    try:
        head = path.read_bytes()[:2048].decode("utf-8", errors="replace")
    except OSError:
        return False
    return GENERATOR in head


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def theme_links(static: str) -> list[str]:
    """The site's own stylesheets (pydata-sphinx-theme and Accord's), from its ``_static/``."""
    if not static:
        return []
    return [
        f'<link rel="stylesheet" href="{_e(static)}styles/pydata-sphinx-theme.css">',
        f'<link rel="stylesheet" href="{_e(static)}accord.css">',
    ]


def page(*, lang: str, title: str, body: Iterable[str], static: str = "", home: str = "") -> str:
    """A standalone page; with ``static``, in the site's theme, under a bar that leads home."""
    bar = (
        [f'<div class="accord-bar"><a href="{_e(home or static + "../index.html")}">Home</a></div>']
        if static
        else []
    )
    return "\n".join(
        [
            "<!DOCTYPE html>",
            f'<html lang="{_e(lang)}" data-theme="light">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            GENERATOR,
            f"<title>{_e(title)}</title>",
            *theme_links(static),
            f"<style>\n{STYLE}</style>",
            "</head>",
            '<body class="accord-standalone">',
            *bar,
            '<div class="accord-page">',
            *body,
            "</div>",
            "</body>",
            "</html>",
            "",
        ]
    )


def _status(value: str | None) -> str:
    if value is None:
        return "unknown"
    return STATUS_LABELS.get(value, value)


def _plural(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else (many or one + 's')}"


def _link(change: Change) -> str:
    document = change.document
    return (
        f'<a href="{_e(page_name(change.key))}">{_e(document.label)}</a> '
        f'<span class="meta">(<code>{_e(document.path)}</code>)</span>'
    )


def _what(change: Change) -> str:
    """The kinds of change of a changed document, for the summary table."""
    parts = []
    if change.text_changed:
        parts.append(
            f"text: {_plural(change.inserted_words, 'word')} inserted, "
            f"{_plural(change.deleted_words, 'word')} deleted"
        )
    else:
        parts.append("text unchanged")
    if change.fields:
        parts.append("details: " + ", ".join(_e(f.name) for f in change.fields))
    return "; ".join(parts)


def _index(comparison: Comparison, *, title: str, old: str, new: str, lang: str, static: str) -> str:
    body = [
        "<header>",
        f"<h1>{_e(title)}</h1>",
        f"<p>What changed from <strong>{_e(old)}</strong> to <strong>{_e(new)}</strong>.</p>",
        "</header>",
        "<main>",
        '<section aria-labelledby="summary">',
        '<h2 id="summary">Summary</h2>',
        "<ul>",
        f"<li>{_plural(len(comparison.added), 'document')} added</li>",
        f"<li>{_plural(len(comparison.removed), 'document')} removed</li>",
        f"<li>{_plural(len(comparison.changed), 'document')} changed, "
        f"{len(comparison.status_changed)} of them with a new status</li>",
        f"<li>{_plural(len(comparison.unchanged), 'document')} unchanged</li>",
        "</ul>",
        "</section>",
    ]
    if comparison.added:
        body += _list("added", "Added", comparison.added, lambda c: _status(c.document.status))
    if comparison.removed:
        body += _list("removed", "Removed", comparison.removed, lambda c: _status(c.document.status))
    if comparison.status_changed:
        body += [
            '<section aria-labelledby="status">',
            '<h2 id="status">Status changed</h2>',
            "<table>",
            '<thead><tr><th scope="col">Document</th>'
            f'<th scope="col">Status in {_e(old)}</th><th scope="col">Status in {_e(new)}</th>'
            f'<th scope="col">Version in {_e(old)}</th><th scope="col">Version in {_e(new)}</th></tr></thead>',
            "<tbody>",
        ]
        for change in comparison.status_changed:
            before, after = change.old, change.new
            assert before is not None and after is not None
            body.append(
                f"<tr><td>{_link(change)}</td>"
                f'<td data-label="Status in {_e(old)}">{_e(_status(before.status))}</td>'
                f'<td data-label="Status in {_e(new)}">{_e(_status(after.status))}</td>'
                f'<td data-label="Version in {_e(old)}">{_e(before.version or "(none)")}</td>'
                f'<td data-label="Version in {_e(new)}">{_e(after.version or "(none)")}</td></tr>'
            )
        body += ["</tbody>", "</table>", "</section>"]
    if comparison.changed:
        body += [
            '<section aria-labelledby="changed">',
            '<h2 id="changed">Changed</h2>',
            "<table>",
            '<thead><tr><th scope="col">Document</th><th scope="col">What changed</th></tr></thead>',
            "<tbody>",
            *(f"<tr><td>{_link(c)}</td><td>{_what(c)}</td></tr>" for c in comparison.changed),
            "</tbody>",
            "</table>",
            "</section>",
        ]
    if not comparison.changes:
        body.append("<p>No document changed.</p>")
    body.append("</main>")
    return page(lang=lang, title=title, body=body, static=static)


def _list(anchor: str, heading: str, changes: Iterable[Change], note: Callable[[Change], str]) -> list[str]:
    return [
        f'<section aria-labelledby="{anchor}">',
        f'<h2 id="{anchor}">{heading}</h2>',
        "<ul>",
        *(f"<li>{_link(c)}: {_e(note(c))}</li>" for c in changes),
        "</ul>",
        "</section>",
    ]


def _document(
    change: Change,
    *,
    title: str,
    old: str,
    new: str,
    lang: str,
    url: str | None,
    static: str,
    pdfs: frozenset[str] = frozenset(),
) -> str:
    document = change.document
    if change.kind == ADDED:
        what = f"Added in <strong>{_e(new)}</strong>."
    elif change.kind == REMOVED:
        what = f"Removed in <strong>{_e(new)}</strong>; the text below is the one of {_e(old)}."
    else:
        what = f"Changed from <strong>{_e(old)}</strong> to <strong>{_e(new)}</strong>."
    body = [
        "<header>",
        f'<nav aria-label="Redline"><a href="{INDEX}">{_e(title)}</a></nav>',
        f"<h1>{_e(document.label)}</h1>",
        f"<p><code>{_e(document.path)}</code>: {what}</p>",
    ]
    if change.status_changed:
        assert change.old is not None and change.new is not None
        body.append(
            f"<p>Status changed from <strong>{_e(_status(change.old.status))}</strong> "
            f"to <strong>{_e(_status(change.new.status))}</strong>.</p>"
        )
    if url:
        body.append(f'<p><a href="{_e(url)}">Read the document in {_e(new)}</a></p>')
    printed = page_name(change.key).removesuffix(".html") + ".pdf"
    if printed in pdfs:
        body.append(f'<p><a href="{_e(printed)}">This redline as a PDF</a></p>')
    body += ["</header>", "<main>"]
    if change.fields:
        body += [
            '<section aria-labelledby="details">',
            '<h2 id="details">Details</h2>',
            "<table>",
            f'<thead><tr><th scope="col">Field</th><th scope="col">In {_e(old)}</th>'
            f'<th scope="col">In {_e(new)}</th></tr></thead>',
            "<tbody>",
            *(
                f'<tr><th scope="row">{_e(f.name)}</th><td data-label="In {_e(old)}">{_value(f.before)}</td>'
                f'<td data-label="In {_e(new)}">{_value(f.after)}</td></tr>'
                for f in change.fields
            ),
            "</tbody>",
            "</table>",
            "</section>",
        ]
    body += ['<section aria-labelledby="text">', '<h2 id="text">Text</h2>']
    if change.text_changed:
        body += [
            f"<p>{_plural(change.inserted_words, 'word')} inserted, "
            f"{_plural(change.deleted_words, 'word')} deleted.</p>",
            LEGEND,
            f'<div class="text"{_lang(document)}>',
            *(_paragraph(p) for p in change.text),
            "</div>",
        ]
    else:
        body.append("<p>The text did not change.</p>")
    body += ["</section>", "</main>"]
    return page(lang=lang, title=f"{document.label}: {title}", body=body, static=static)


def _value(value: str | None) -> str:
    return '<span class="meta">(none)</span>' if value is None else _e(value)


def _lang(document: DocumentText) -> str:
    """The document's own language, when its front matter names one that looks like a tag."""
    language = document.language
    return f' lang="{_e(language)}"' if language and LANGUAGE_TAG.match(language) else ""


_MARKS = {INSERT: ("ins", "inserted"), DELETE: ("del", "deleted")}
# Lines whose line breaks matter in markdown: list items, headings, quotes, tables, fences,
# directives and their options, footnote definitions, comments, math blocks, targets, hard breaks.
_STRUCTURAL = re.compile(r"^\s*(?:$|[-*+]\s|\d+[.)]\s|#|>|\||:::|```|~~~|:\w|\[\^|%|\$\$|\([\w.:-]+\)=)")
_FENCE = re.compile(r"^\s*(?:```|~~~)")
_NEWLINE = re.compile(r"\n[ \t]*")


def _soft_breaks(text: str) -> set[int]:
    """Offsets of the line breaks inside running prose, which markdown shows as spaces: the
    redline reflows them so that a paragraph reads as one at any window width."""
    soft: set[int] = set()
    lines = text.split("\n")
    offset, fenced = 0, False
    for line, following in itertools.pairwise(lines):
        offset += len(line)
        if _FENCE.match(line):
            fenced = not fenced
        if not (
            fenced or _STRUCTURAL.match(line) or _STRUCTURAL.match(following) or line.endswith(("  ", "\\"))
        ):
            soft.add(offset)
        offset += 1
    return soft


_KIND_CLASS = {
    **{mark: f"h{tag[1]}" for tag, mark in rendered.HEADINGS.items()},
    rendered.ITEM: "item",
    rendered.ROW: "row",
    rendered.QUOTE: "quote",
    rendered.CODE: "code",
    rendered.NOTE: "note",
    rendered.TERM: "term",
}
_MARKS_RE = re.compile(f"[{''.join(sorted(rendered.KINDS))}] ?|{rendered.NUMBER.pattern} ?")


def _shape(paragraph: Paragraph) -> tuple[str, str]:
    """(kind class, paragraph number) of a block of rendered text, as the newer text has them."""
    shown = "".join(s.text for s in paragraph if s.op != DELETE) or "".join(s.text for s in paragraph)
    kind, rest = rendered.kind_of(shown)
    number = rendered.NUMBER.match(rest)
    return _KIND_CLASS.get(kind, ""), number[1] if number else ""


def _paragraph(paragraph: Paragraph) -> str:
    kind, number = _shape(paragraph)
    whole = "".join(s.text for s in paragraph)
    soft = set() if kind == "code" or _MARKS_RE.search(whole) else _soft_breaks(whole)
    parts = []
    offset = 0
    if number:
        parts.append(f'<span class="num" aria-label="paragraph {number}">{number}</span> ')
    for segment in paragraph:
        text = _NEWLINE.sub(lambda m, at=offset: " " if at + m.start() in soft else m[0], segment.text)
        offset += len(segment.text)
        text = _MARKS_RE.sub("", text)
        if not text:
            continue
        if segment.op in _MARKS:
            tag, label = _MARKS[segment.op]
            parts.append(
                f'<{tag}><span class="vh">[{label}: </span>{_e(text)}<span class="vh">]</span></{tag}>'
            )
        else:
            parts.append(_e(text))
    classes = " ".join(c for c in (kind, "changed" if any(s.op in _MARKS for s in paragraph) else "") if c)
    body = "".join(parts).replace(rendered.CELL, '<span class="cell" aria-hidden="true"> | </span>')
    attributes = f' class="{classes}"' if classes else ""
    if kind.startswith("h"):
        attributes += f' role="heading" aria-level="{min(int(kind[1]) + 2, 6)}"'
    return f'<p dir="auto"{attributes}>{body}</p>'
