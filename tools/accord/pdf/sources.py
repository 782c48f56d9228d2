"""Whole Typst sources: the print style, the PDF's metadata and page setup around translated bodies.

A document's body is translated once and used twice: alone in the document's own PDF, and in the
compendium; the builder resolves its internal links for each (accord.pdf.links) before this module
puts it in place.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from accord.pdf import escape

TEMPLATE = Path(__file__).with_name("template.typ")
#: Lines around each document's body, so that tests and readers can find it in a whole source.
BODY_START = "// accord: body of {docname}"
BODY_END = "// accord: end of {docname}"

_TAG = re.compile(r"^[A-Za-z]{2,3}$")
_REGION = re.compile(r"^(?:[A-Za-z]{2})$")


@dataclass(frozen=True)
class Translated:
    """One document, ready to be typeset."""

    docname: str
    title: str
    status: str
    authors: tuple[str, ...]
    topics: tuple[str, ...]
    language: str
    fonts: tuple[str, ...]
    body: str
    version: str | None = None
    summary: str = ""  # the PDF's Subject
    colophon: str = ""  # Typst that prints the colophon after the body (accord.pdf.colophon)


@dataclass(frozen=True)
class Style:
    """What every source of one build shares."""

    notice: str
    mono: tuple[str, ...]
    paper: str
    math: tuple[str, ...] = ()
    inputs: str = ""  # a comment naming what else the PDF depends on (images, fonts, options)
    notice_kind: str = ""  # accord-draft or accord-edition: the notice's colour
    organisation: str = ""  # the PDFs' author, as the coalition writes its name
    dated: bool = True  # False when the notice gives the date already (an edition's)


def inputs_digest(paths: list[Path], *, content: bool = True) -> str:
    """For ``Style.inputs``: a short digest of files, their bytes or (for large font files) their
    names and sizes; nothing for no file."""
    if not paths:
        return ""
    digest = hashlib.sha256()
    for path in paths:
        digest.update(str(path).encode())
        digest.update(path.read_bytes() if content else str(path.stat().st_size).encode())
    return f" inputs={digest.hexdigest()[:16]}"


def typst_language(tag: str) -> tuple[str, str | None]:
    """(language, region) for Typst from a BCP 47 tag: 'pt-BR' -> ('pt', 'BR'), 'zh-Hant' -> ('zh', None)."""
    parts = tag.replace("_", "-").split("-")
    language = parts[0].lower() if _TAG.match(parts[0]) else "en"
    region = next((part.upper() for part in parts[1:] if _REGION.match(part)), None)
    return language, region


def _language_arguments(tag: str) -> str:
    language, region = typst_language(tag)
    return f"lang: {escape.string(language)}, region: {escape.string(region) if region else 'none'}"


def setup(style: Style, fonts: Sequence[str], language: str, extra: str = "") -> str:
    """The page style; ``extra`` adds arguments of accord-setup (the compendium's parts)."""
    return (
        f"#show: accord-setup.with(notice: [{escape.markup(style.notice)}], "
        f"fonts: {escape.strings(tuple(fonts))}, mono: {escape.strings(style.mono)}, "
        f"math-fonts: {escape.strings(style.math)}, "
        f"{_language_arguments(language)}, paper: {escape.string(style.paper)}{extra})\n"
    )


def document_info(title: str, authors: Sequence[str], keywords: Sequence[str], description: str = "") -> str:
    """The PDF's Title, Author, Subject (the summary) and Keywords (the topics)."""
    summary = " ".join(description.split())
    return (
        f"#set document(title: {escape.string(title)}, author: {escape.strings(tuple(authors))}, "
        + (f"description: {escape.string(summary)}, " if summary else "")
        + f"keywords: {escape.strings(tuple(keywords))}, date: auto)\n"
    )


def document(doc: Translated, *, offset: int) -> str:
    version = f"[{escape.markup(doc.version)}]" if doc.version else "none"
    status = f"[{escape.markup(doc.status)}]" if doc.status else "none"
    return (
        f"#accord-document(title: [{escape.markup(doc.title)}], status: {status}, "
        f"version: {version}, "
        f"{_language_arguments(doc.language)}, fonts: {escape.strings(doc.fonts)}, offset: {offset})[\n"
        f"{BODY_START.format(docname=doc.docname)}\n{doc.body}{BODY_END.format(docname=doc.docname)}\n"
        f"{doc.colophon}]\n"
    )


def header(what: str, style: Style) -> str:
    return (
        f"// {what}: written by accord.pdf; compile with the repository as --root.\n"
        + (f"// {style.inputs}\n" if style.inputs else "")
        + TEMPLATE.read_text(encoding="utf-8")
        + "\n"
    )


def single(doc: Translated, style: Style) -> str:
    """The Typst source of one document's PDF."""
    return (
        header(doc.docname, style)
        + document_info(
            doc.title, [style.organisation] if style.organisation else doc.authors, doc.topics, doc.summary
        )
        + setup(style, doc.fonts, doc.language)
        + document(doc, offset=0)
    )


@dataclass(frozen=True)
class Part:
    title: str
    documents: tuple[Translated, ...]


@dataclass(frozen=True)
class Compendium:
    title: str
    organisation: str
    date: str
    language: str
    fonts: tuple[str, ...]
    parts: tuple[Part, ...]
    summary: str = ""
    volume: tuple[int, int] | None = None  # (this volume, how many) when the book is in volumes

    def full_title(self) -> str:
        """The title with the volume, as the cover and the PDF's properties give it."""
        if self.volume is None:
            return self.title
        return f"{self.title}, volume {self.volume[0]} of {self.volume[1]}"


def compendium(book: Compendium, style: Style) -> str:
    """The Typst source of the compendium: a title page, the contents, every document by kind."""
    out = [
        header("compendium", style),
        book_info(book),
        setup(style, book.fonts, book.language),
        cover(book, style),
        "#accord-contents()\n",
    ]
    for part in book.parts:
        if not part.documents:
            continue
        out.append(f"#accord-part[{escape.markup(part.title)}]\n")
        out.extend(document(doc, offset=1) for doc in part.documents)
    return "".join(out)


def book_info(book: Compendium) -> str:
    """The compendium's Title, Author, Subject and Keywords: every document's authors and topics."""
    documents = [doc for part in book.parts for doc in part.documents]
    authors = sorted({name for doc in documents for name in doc.authors})
    topics = sorted({topic for doc in documents for topic in doc.topics})
    return document_info(
        book.full_title(), [book.organisation] if book.organisation else authors, topics, book.summary
    )


def cover(book: Compendium, style: Style) -> str:
    """The compendium's title page."""
    return (
        f"#accord-compendium-cover(title: [{escape.markup(book.title)}], "
        f"organisation: [{escape.markup(book.organisation)}], notice: [{escape.markup(style.notice)}], "
        f"kind: {escape.string(style.notice_kind)}, "
        f"date: {f'[{escape.markup(book.date)}]' if style.dated else 'none'}, "
        f"volume: {f'[Volume {book.volume[0]} of {book.volume[1]}]' if book.volume else 'none'})\n"
    )


def body_of(source: str, docname: str) -> str:
    """The translated body of ``docname`` inside a whole source."""
    start = (
        source.index(BODY_START.format(docname=docname) + "\n") + len(BODY_START.format(docname=docname)) + 1
    )
    return source[start : source.index(BODY_END.format(docname=docname), start)]
