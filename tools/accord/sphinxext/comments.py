"""The record of a consultation as docutils nodes, and the "Comment on paragraph N" prompt.

The same nodes make the "Comments and responses" page and the annex of the document's PDF
(:mod:`accord.sphinxext.consultation` places them). Everything a commenter wrote is untrusted:
it only ever becomes ``nodes.Text`` (escaped by every writer), never markup, and the only links
are those built here from settings and checked URLs.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence
from typing import Any

from docutils import nodes

from accord import urls
from accord.vocabulary import DISPOSITION_LABELS, DISPOSITIONS


def count_text(number: int) -> str:
    return f"{number} comment" + ("" if number == 1 else "s")


class comment_prompt(nodes.Inline, nodes.Element):
    """Under a numbered paragraph of a document in consultation: its number of comments (a link to
    them in the record) and, while comments are open, the links to comment. It holds no text, so
    that search and summaries see only the paragraph's words; only HTML builders get it."""


def visit_comment_prompt_html(self: Any, node: comment_prompt) -> None:
    number, count = int(node["number"]), int(node["count"])
    parts = []
    label = html.escape(count_text(count))
    if count and node.get("record"):
        href = html.escape(f"{node['record']}#paragraph-{number}", quote=True)
        parts.append(f'<a class="accord-comment-count" href="{href}">{label}</a>')
    else:
        parts.append(f'<span class="accord-comment-count">{label}</span>')
    if node.get("link"):
        href = html.escape(node["link"], quote=True)
        parts.append(
            f'<a class="accord-comment-link" href="{href}" rel="nofollow">Comment on paragraph {number}</a>'
        )
    if node.get("mailto"):
        href = html.escape(node["mailto"], quote=True)
        parts.append(
            f'<a class="accord-comment-mail" href="{href}" title="Comment on paragraph {number} by e-mail">by e-mail</a>'
        )
    self.body.append(f'<span class="accord-comment">{" ".join(parts)}</span>')
    raise nodes.SkipNode


def skip(self: Any, node: nodes.Node) -> None:
    raise nodes.SkipNode


def _paragraphs(text: str, classes: list[str]) -> list[nodes.paragraph]:
    """Plain text as paragraphs (blank lines between them); never parsed as markup."""
    blocks = [" ".join(block.split()) for block in re.split(r"\n\s*\n", text.strip())]
    return [nodes.paragraph("", "", nodes.Text(block), classes=classes) for block in blocks if block]


def summary(counts: Mapping[str, int]) -> nodes.bullet_list:
    """One item per disposition: 'Accepted: 2'."""
    items = nodes.bullet_list(classes=["accord-comment-summary"])
    for disposition in DISPOSITIONS:
        line = nodes.paragraph("", f"{DISPOSITION_LABELS[disposition]}: {counts.get(disposition, 0)}")
        items += nodes.list_item("", line, classes=[f"accord-disposition-{disposition}"])
    return items


def _source(comment: Mapping[str, Any]) -> list[nodes.Node]:
    source = str(comment.get("source") or "")
    if source.startswith("https://") and urls.is_safe(source):
        return [nodes.Text(" ("), nodes.reference("", "source", refuri=source), nodes.Text(")")]
    return []


def comment_entry(comment: Mapping[str, Any]) -> nodes.container:
    """One comment: who, when, on what, its text, the disposition and the response."""
    box = nodes.container(classes=["accord-comment-entry"])
    box["ids"].append(f"comment-{re.sub(r'[^a-z0-9-]+', '-', str(comment['id']).lower()).strip('-')}")
    disposition = str(comment["disposition"])
    head = nodes.paragraph(classes=["accord-comment-head"])
    head += nodes.strong("", comment["commenter"])
    head += nodes.Text(f", {comment['received']}")
    made = f"on version {comment['version']}"
    if comment.get("current") != comment["paragraph"]:
        made = f"made on paragraph {comment['paragraph']} of version {comment['version']}"
    head += nodes.Text(f", {made}")
    head.extend(_source(comment))
    box += head
    box += nodes.block_quote("", *_paragraphs(str(comment["text"]), ["accord-comment-text"]))
    verdict = nodes.paragraph(classes=["accord-comment-disposition"])
    verdict += nodes.strong("", "Disposition:")
    verdict += nodes.Text(" ")  # outside the strong text, where Typst would drop it
    verdict += nodes.inline(
        "",
        DISPOSITION_LABELS.get(disposition, disposition),
        classes=["accord-disposition", f"accord-disposition-{disposition}"],
    )
    box += verdict
    response = str(comment.get("response") or "").strip()
    if response:
        answer = _paragraphs(response, ["accord-comment-response"])
        answer[0][0:0] = [nodes.strong("", "Response:"), nodes.Text(" ")]
        box.extend(answer)
    return box


def by_paragraph(comments: Sequence[Mapping[str, Any]]) -> list[tuple[int | None, list[Mapping[str, Any]]]]:
    """The comments grouped by their current paragraph (in order), those on text no longer in the
    document last; inside a group by date received, then id."""
    groups: dict[int | None, list[Mapping[str, Any]]] = {}
    for comment in comments:
        groups.setdefault(comment.get("current"), []).append(comment)
    order = sorted((n for n in groups if n is not None), key=int)
    found = [(n, groups[n]) for n in order]
    if None in groups:
        found.append((None, groups[None]))
    return [(n, sorted(group, key=lambda c: (str(c["received"]), str(c["id"])))) for n, group in found]


def record_nodes(data: Mapping[str, Any], *, level_ids: bool = True) -> list[nodes.Node]:
    """The body of the record: the summary, then the comments by paragraph, each group a section."""
    comments = data["comments"]
    found: list[nodes.Node] = [
        nodes.paragraph("", f"{count_text(len(comments))} received, by disposition:"),
        summary(data["counts"]),
    ]
    for number, group in by_paragraph(comments):
        section = nodes.section(classes=["accord-comment-group"])
        if number is None:
            section["ids"].append("paragraph-gone")
            section += nodes.title("", "On text no longer in the document")
        else:
            section["ids"].append(f"paragraph-{number}")
            section += nodes.title("", f"Paragraph {number}")
        for comment in group:
            section += comment_entry(comment)
        found.append(section)
    return found
