"""A document's redline as a PDF, beside its HTML page: the same comparison, set with Typst.

Insertions are underlined and deletions struck through (readable in black and white), each
changed paragraph has a bar in the margin, paragraph numbers and the kind of each block (heading,
list item, table row) are kept as on the page. The fonts are the PDF builder's defaults, and the
creation time is the edition's, so that building an edition twice gives the same bytes.
"""

from __future__ import annotations

from pathlib import Path

from accord.editions import redline_html
from accord.editions.redline import DELETE, INSERT, Change, Comparison, Paragraph
from accord.pdf import escape

_PREAMBLE = """\
#set document(title: {title})
#set page(paper: "a4", margin: (x: 22mm, y: 22mm),
  footer: context align(center, text(size: 8pt, fill: luma(90))[#counter(page).display("1 of 1", both: true)]))
#set text(font: {fonts}, size: 10pt, lang: "en")
#set par(justify: false, leading: 0.6em, spacing: 0.9em)
#let ins(body) = underline(stroke: 1.2pt + rgb("#1a6b2f"), offset: 2pt, highlight(fill: rgb("#d9f2de"), body))
#let del(body) = strike(stroke: 1.2pt + rgb("#8a1c1c"), highlight(fill: rgb("#fbe1df"), body))
#let block-of(changed: false, body) = block(width: 100%, inset: (left: 7pt), below: 0.8em,
  stroke: (left: if changed { 2.5pt + luma(80) } else { none }), body)
#let num(n) = box(width: 1.8em, text(size: 8pt, weight: "bold", fill: luma(70), n))
"""

_KIND_STYLE = {
    "h1": ('#text(size: 15pt, weight: "bold")[', "]"),
    "h2": ('#text(size: 13pt, weight: "bold")[', "]"),
    "h3": ('#text(size: 11.5pt, weight: "bold")[', "]"),
    "item": ("• ", ""),
    "quote": ("#emph[", "]"),
    "code": ('#text(font: "DejaVu Sans Mono", size: 8.5pt)[', "]"),
    "note": ("#text(size: 8.5pt)[", "]"),
    "term": ("#strong[", "]"),
}


def _markup(text: str) -> str:
    return escape.markup(redline_html._MARKS_RE.sub("", text)).replace(redline_html.rendered.CELL, " | ")


def _paragraph(paragraph: Paragraph) -> str:
    kind, number = redline_html._shape(paragraph)
    parts = []
    for segment in paragraph:
        text = _markup(segment.text)
        if not text.strip():
            parts.append(text)
        elif segment.op == INSERT:
            parts.append(f"#ins[{text}];")
        elif segment.op == DELETE:
            parts.append(f"#del[{text}];")
        else:
            parts.append(text)
    opening, closing = _KIND_STYLE.get(
        kind, ('#text(size: 10.5pt, weight: "bold")[', "]") if kind.startswith("h") else ("", "")
    )
    changed = "true" if any(s.op in (INSERT, DELETE) for s in paragraph) else "false"
    lead = f"#num[{escape.markup(number)}]" if number else ""
    return f"#block-of(changed: {changed})[{lead}{opening}{''.join(parts)}{closing}]\n"


def source(change: Change, *, title: str, old: str, new: str, fonts: tuple[str, ...]) -> str:
    document = change.document
    lines = [
        _PREAMBLE.replace("{title}", escape.string(f"{document.label}: {title}")).replace(
            "{fonts}", escape.strings(fonts)
        ),
        f"#text(size: 9pt, fill: luma(70))[{escape.markup(title)}]\n",
        f'#text(size: 17pt, weight: "bold")[{escape.markup(document.label)}]\n',
        f"{escape.markup(document.path)}: changed from *{escape.markup(old)}* to *{escape.markup(new)}*.\n",
    ]
    if change.fields:
        rows = "".join(
            f"[{escape.markup(f.name)}], [{escape.markup(f.before or '(none)')}], [{escape.markup(f.after or '(none)')}],\n"
            for f in change.fields
        )
        lines.append(
            "#table(columns: (auto, 1fr, 1fr), inset: 4pt, stroke: 0.4pt + luma(170),\n"
            f"[*Field*], [*In {escape.markup(old)}*], [*In {escape.markup(new)}*],\n{rows})\n"
        )
    lines.append(
        f"{change.inserted_words} words inserted, {change.deleted_words} words deleted. "
        "Inserted text is #ins[underlined];, deleted text #del[struck through];, and a bar in the margin "
        "marks each paragraph that changed.\n\n#v(0.6em)\n"
    )
    lines.extend(_paragraph(p) for p in change.text)
    return "\n".join(lines)


def pdf_name(key: str) -> str:
    return redline_html.page_name(key).removesuffix(".html") + ".pdf"


def write(
    comparison: Comparison, out: Path, *, title: str, old_label: str, new_label: str, timestamp: int | None
) -> list[Path]:
    """``out/<page>.pdf`` beside each redline page of a changed (not added or removed) document."""
    import typst

    from accord.pdf.config import PdfConfig
    from accord.pdf.fonts import font_book

    options = PdfConfig()
    fonts = font_book(tuple(options.font_paths))
    written = []
    for change in comparison.changed:
        if not change.text_changed and not change.fields:
            continue
        text = source(change, title=title, old=old_label, new=new_label, fonts=tuple(options.fonts))
        out.mkdir(parents=True, exist_ok=True)
        compiler = typst.Compiler(root=str(out), font_paths=fonts, ignore_system_fonts=True)
        try:
            pdf = compiler.compile(input=text.encode("utf-8"), format="pdf", timestamp=timestamp)
        except typst.TypstError:
            continue  # the HTML redline stays; its page links a PDF only when there is one
        assert isinstance(pdf, bytes)
        path = out / pdf_name(change.key)
        path.write_bytes(pdf)
        written.append(path)
    return written
