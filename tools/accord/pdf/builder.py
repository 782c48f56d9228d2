"""The ``accordpdf`` builder: each document's PDF and the compendium, through Typst.

Write phase, in order: translate every document (doctree -> Typst body), report what the writer
cannot render and what the fonts cannot show, assemble the sources, compile those that changed.
A document with an error gets no PDF (a stale one is removed), and then neither does the compendium:
a PDF that silently lacks part of its text is worse than none.
"""

from __future__ import annotations

import hashlib
from collections.abc import Set
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from docutils import nodes
from sphinx.builders import Builder
from sphinx.util import logging
from sphinx.util.display import progress_message

from accord.pdf import fonts, sources
from accord.pdf.config import get_pdf_config
from accord.pdf.translator import DOC_SCHEME, Context, TypstTranslator
from accord.sphinxext.config import get_settings, today
from accord.sphinxext.domain import get_domain, is_document
from accord.sphinxext.notices import notice_text
from accord.vocabulary import KINDS, STATUS_LABELS

logger = logging.getLogger(__name__)

_HINTS = {
    "BUILD003": "write that part without this markup, or give the node a rendering in accord.pdf",
    "BUILD004": "add a font family that covers them to accord_pdf_fonts (and its folder to accord_pdf_font_paths)",
    "BUILD005": "convert the image, or correct its path",
    "BUILD006": "this is a fault of the PDF writer: please report it with the .typ source",
}


@dataclass
class _Result:
    doc: sources.Translated
    context: Context
    doctree: nodes.document
    failed: bool = False
    images: list[Path] = field(default_factory=list)


def _where(node: nodes.Node, docname: str) -> tuple[str, int | None]:
    """The nearest line the author can find, for a node that may have none of its own."""
    current: nodes.Node | None = node
    while current is not None and current.line is None:
        current = current.parent
    return docname, current.line if current is not None else None


def _report(code: str, message: str, location: Any) -> None:
    """A diagnostic as a Sphinx warning typed accord.CODE; the catalogue says how severe it is."""
    logger.warning(f"{code} {message} (hint: {_HINTS[code]})", location=location, type="accord", subtype=code)


class AccordPdfBuilder(Builder):
    name = "accordpdf"
    format = "typst"
    epilog = "The PDFs are in %(outdir)s."
    default_translator_class = TypstTranslator
    supported_image_types: ClassVar[list[str]] = [
        "image/svg+xml",
        "image/png",
        "image/jpeg",
        "image/gif",
        "image/webp",
        "application/pdf",
    ]
    supported_remote_images = False

    def init(self) -> None:
        self.options = get_pdf_config(self.config)
        self.repo = get_settings(self.config)

    def get_outdated_docs(self) -> str:
        # The compendium depends on every document; each PDF is recompiled only if its source changed.
        return "all documents"

    def get_target_uri(self, docname: str, typ: str | None = None) -> str:
        return DOC_SCHEME + docname

    def get_relative_uri(self, from_: str, to: str, typ: str | None = None) -> str:
        return self.get_target_uri(to, typ)

    def prepare_writing(self, docnames: Set[str]) -> None:
        pass

    def write_doc(self, docname: str, doctree: nodes.document) -> None:
        raise NotImplementedError  # write_documents handles every document at once

    # -- the write phase

    def documents(self) -> list[str]:
        """The documents, in compendium order: by kind as the site lists them, then by name."""
        order = {kind: index for index, kind in enumerate(KINDS)}
        found = [name for name in self.env.found_docs if is_document(name)]
        return sorted(found, key=lambda name: (order[name.split("/", 1)[0]], name))

    def site_url(self, docname: str) -> str | None:
        base = self.options.base_url or self.repo.base_url
        return f"{base.rstrip('/')}/{docname}.html" if base else None

    def write_documents(self, _docnames: Set[str]) -> None:
        from accord.pdf import compiler

        docnames = self.documents()
        book = fonts.font_book(tuple(self.options.font_paths))
        urls = {docname: self.site_url(docname) for docname in docnames}
        results = []
        with progress_message("translating documents to Typst"):
            for docname in docnames:
                results.append(self.translate(docname, urls, book))
        self.check_fonts(results, book)
        style = sources.Style(
            # notice_text reads only the config, which the builder has too (Builder.app is deprecated).
            notice=notice_text(self)[1],  # type: ignore[arg-type]
            mono=tuple(self.options.mono_fonts),
            paper=self.options.paper,
        )
        jobs = self.jobs(results, style)
        timestamp = compiler.source_date_epoch()
        with progress_message(f"compiling {len(jobs)} PDFs with Typst"):
            outcomes = compiler.compile_all(
                jobs, root=Path(self.srcdir), fonts=book, standard=self.options.standard, timestamp=timestamp
            )
        for outcome in outcomes:
            for warning in outcome.warnings:
                logger.info(
                    f"Typst: {warning}", location=outcome.job.key if outcome.job.key in urls else None
                )
            if outcome.error:
                location = (outcome.job.key, None) if outcome.job.key in urls else None
                _report("BUILD006", f"the PDF must compile with Typst: {outcome.error}", location)
                outcome.job.output.unlink(missing_ok=True)

    def translate(self, docname: str, urls: dict[str, str | None], book: Any) -> _Result:
        doctree = self.env.get_and_resolve_doctree(docname, self, tags=self.tags)
        self.post_process_images(doctree)
        context = Context(
            docname=docname,
            documents=urls,
            page_url=self.site_url,
            srcdir=Path(self.srcdir),
        )
        visitor = self.create_translator(doctree, context)
        doctree.walkabout(visitor)
        for problem in context.problems:
            _report(problem.code, problem.message, _where(problem.node, docname))
        entry = get_domain(self.env).documents.get(docname, {})
        meta = entry.get("meta", {})
        language = str(meta.get("language") or self.repo.language or "en")
        doc = sources.Translated(
            docname=docname,
            title=str(meta.get("title") or docname),
            status=STATUS_LABELS.get(str(meta.get("status", "")), str(meta.get("status", ""))),
            authors=_authors(meta.get("authors")),
            topics=tuple(str(topic) for topic in meta.get("topics") or ()),
            language=language,
            fonts=fonts.for_language(self.options.fonts, language, book.families()),
            body=visitor.astext(),  # type: ignore[attr-defined]
        )
        images = [Path(self.srcdir) / str(node["uri"]) for node in doctree.findall(nodes.image)]
        failed = any(problem.code != "BUILD004" for problem in context.problems)
        return _Result(doc, context, doctree, failed=failed, images=[p for p in images if p.is_file()])

    def check_fonts(self, results: list[_Result], book: Any) -> None:
        """A BUILD004 warning for each document with characters no configured font shows."""
        mono = fonts.Coverage.of(book, self.options.mono_fonts)
        for result in results:
            text = fonts.Coverage.of(book, result.doc.fonts)
            missing = sorted(
                set(text.missing(result.context.text_chars)) | set(mono.missing(result.context.code_chars))
            )
            if not missing:
                continue
            shown = ", ".join(f"U+{ord(char):04X} {char!r}" for char in missing[:12])
            more = f" and {len(missing) - 12} more" if len(missing) > 12 else ""
            absent = sorted(set(text.absent) | set(mono.absent))
            note = f" (font families not found: {', '.join(absent)})" if absent else ""
            first = next(
                (node for node in result.doctree.findall(nodes.Text) if set(node.astext()) & set(missing)),
                result.doctree,
            )
            _report(
                "BUILD004",
                f"every character must be covered by a configured PDF font: {shown}{more}{note}",
                _where(first, result.doc.docname),
            )

    def jobs(self, results: list[_Result], style: sources.Style) -> list[Any]:
        from accord.pdf.compiler import Job

        outdir = Path(self.outdir)
        source_dir = outdir / "typst"
        fingerprint = self.fingerprint()
        jobs: list[Job] = []
        for result in results:
            output = outdir / f"{result.doc.docname}.pdf"
            if result.failed:
                output.unlink(missing_ok=True)
                continue
            inputs = fingerprint + _digest(result.images)
            source = sources.single(result.doc, sources.Style(style.notice, style.mono, style.paper, inputs))
            self._schedule(
                jobs, Job(result.doc.docname, source, output), source_dir / f"{result.doc.docname}.typ"
            )
        output = outdir / f"{self.options.compendium}.pdf"
        if any(result.failed for result in results) or not results:
            output.unlink(missing_ok=True)
            if results:
                logger.info("compendium not written: a document has errors")
            return jobs
        settings = self.repo
        parts = tuple(
            sources.Part(label, tuple(r.doc for r in results if r.doc.docname.startswith(f"{kind}/")))
            for kind, label in KINDS.items()
        )
        language = settings.language or "en"
        book = sources.Compendium(
            title=settings.title,
            organisation=settings.organisation,
            date=self.config.accord_edition_date or today().isoformat(),
            language=language,
            fonts=fonts.for_language(self.options.fonts, language, ()),
            parts=parts,
        )
        images = [image for result in results for image in result.images]
        inputs = fingerprint + _digest(images)
        source = sources.compendium(book, sources.Style(style.notice, style.mono, style.paper, inputs))
        # The longest job first, so that the other cores work through the documents meanwhile.
        self._schedule(
            jobs, Job("compendium", source, output), source_dir / f"{self.options.compendium}.typ", 0
        )
        return jobs

    def _schedule(self, jobs: list[Any], job: Any, source_path: Path, at: int | None = None) -> None:
        """Keep the source; compile it unless the PDF already comes from this very source."""
        unchanged = source_path.is_file() and source_path.read_text(encoding="utf-8") == job.source
        if unchanged and job.output.is_file():
            return
        source_path.parent.mkdir(parents=True, exist_ok=True)
        source_path.write_text(job.source, encoding="utf-8")
        jobs.insert(len(jobs) if at is None else at, job)

    def fingerprint(self) -> str:
        """What else decides the bytes of a PDF: options, fonts and creation date."""
        from accord.pdf.compiler import source_date_epoch

        book = fonts.font_book(tuple(self.options.font_paths))
        families = {*self.options.fonts, *self.options.mono_fonts}
        files = sorted({str(info.path) for info in book.fonts() if info.family in families and info.path})
        return (
            f"standard={self.options.standard or 'none'} date={source_date_epoch()} "
            f"fonts={_digest([Path(path) for path in files], content=False)}"
        )

    def finish(self) -> None:
        pass


def _authors(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list):
        return ()
    return tuple(str(a.get("name", "")) if isinstance(a, dict) else str(a) for a in value if a)


def _digest(paths: list[Path], *, content: bool = True) -> str:
    """A short digest of files: their bytes, or (for large font files) their names and sizes."""
    if not paths:
        return ""
    digest = hashlib.sha256()
    for path in paths:
        digest.update(str(path).encode())
        digest.update(path.read_bytes() if content else str(path.stat().st_size).encode())
    return f" inputs={digest.hexdigest()[:16]}"
