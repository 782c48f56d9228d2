"""The ``accordpdf`` builder: each document's PDF and the compendium, through Typst.

Write phase: translate each document (resolved doctree -> Typst body) and hand its PDF to the
compiler pool at once, so that Typst works on the other core while Python translates the next one;
then check the fonts, and make the compendium (accord.pdf.compendium: one Typst source for an
edition, cached parts joined for a working build). A document with an error gets no PDF (a stale
one is removed), and then neither does the compendium: a PDF that silently lacks part of its text
is worse than none. A PDF whose source, images, fonts and options are unchanged is not compiled
again.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Set
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from docutils import nodes
from sphinx.builders import Builder
from sphinx.util import logging
from sphinx.util.display import progress_message

from accord import citation, formulas, reuse
from accord.pdf import cache, colophon, fonts, links, probe, sources, timings
from accord.pdf.config import get_pdf_config, standard
from accord.pdf.translator import DOC_SCHEME, Context, TypstTranslator
from accord.sphinxext.config import get_settings
from accord.sphinxext.domain import get_domain, is_document_folder_page
from accord.sphinxext.notices import notice_text
from accord.translations.words import translate_in
from accord.vocabulary import KINDS, PDF_BUILDER, PDF_CACHE, PRINTED_PAGES, STATUS_LABELS

logger = logging.getLogger(__name__)

_HINTS = {
    "BUILD003": "write that part without this markup, or give the node a rendering in accord.pdf",
    "BUILD004": "add a font family that covers them to accord_pdf_fonts (and its folder to accord_pdf_font_paths)",
    "BUILD005": "convert the image, or correct its path",
    "BUILD006": (
        "if the message names a file of the repository (an image, a font), replace that file; "
        "otherwise report it to Accord's maintainers with the Typst source kept in the build's typst/ folder"
    ),
    **formulas.HINTS,
}


@dataclass
class _Result:
    doc: sources.Translated
    context: Context
    doctree: nodes.document | None  # None when the translation came from the cache
    failed: bool = False
    images: list[Path] = field(default_factory=list)
    key: str | None = None  # the translation's key in the cache, when it is kept there

    def resolved(
        self, present: Callable[[str], bool], elsewhere: Callable[[str], bool] | None = None
    ) -> sources.Translated:
        """The document with its internal links resolved against the labels a PDF holds (and, in
        a part of the compendium, those of the other parts)."""
        body = links.resolve(self.doc.body, self.context.links, present, elsewhere)
        return dataclasses.replace(self.doc, body=body)


@dataclass(frozen=True)
class _Ahead:
    """What the write phase reads before it writes (AccordPdfBuilder.read_ahead)."""

    book: Any  # typst.Fonts
    store: cache.Cache
    stored: dict[str, Any]  # docname: what Cache.get gave


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
    name = PDF_BUILDER
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
    # True so that Sphinx's ImageDownloader leaves remote images alone: a build never fetches
    # (an offline build would fail, an edition would embed third-party bytes). The translator
    # prints a remote image as a link with its alt text and address.
    supported_remote_images = True

    def init(self) -> None:
        self.clock = timings.Clock()  # from here to the write phase: Sphinx's checks of the environment
        self._ahead: _Ahead | None = None  # read_ahead's
        self._stored: dict[str, Any] = {}  # each document's stored translation, read ahead
        self.options = get_pdf_config(self.config)
        self.repo = get_settings(self.config)
        self.standard = standard(self.options, edition=self.config.accord_edition)
        self.build_info = colophon.Build(
            organisation=self.repo.organisation,
            site_title=self.repo.title,
            base_url=self.repo.base_url,
            edition=self.config.accord_edition,
            edition_date=self.config.accord_edition_date,
            licence=self.repo.licence,
        )

    def get_outdated_docs(self) -> str:
        # The compendium depends on every document; each PDF is recompiled only if its inputs changed.
        return "all documents"

    def get_target_uri(self, docname: str, typ: str | None = None) -> str:
        return DOC_SCHEME + docname

    def get_relative_uri(self, from_: str, to: str, typ: str | None = None) -> str:
        return self.get_target_uri(to, typ)

    def prepare_writing(self, docnames: Set[str]) -> None:
        pass

    def finish(self) -> None:
        pass

    # -- the write phase

    def documents(self) -> list[str]:
        """The documents, in compendium order: by kind as the site lists them, then by name."""
        order = {kind: index for index, kind in enumerate(KINDS)}
        # Translations too (each its own PDF, in its language and direction); the compendium
        # keeps to the documents (accord.pdf.builder.compendium).
        found = [name for name in self.env.found_docs if is_document_folder_page(name)]
        return sorted(found, key=lambda name: (order[name.split("/", 1)[0]], name))

    def printed_pages(self) -> list[str]:
        """The generated pages with a PDF of their own (the options map, the crosswalk)."""
        return [name for name in PRINTED_PAGES if name in self.env.found_docs]

    def site_url(self, docname: str) -> str | None:
        """The page of ``docname`` in this build as published: under draft/ or editions/<tag>/."""
        if self.options.base_url:
            return f"{self.options.base_url.rstrip('/')}/{docname}.html"
        build = reuse.site_url(self.repo.base_url, self.config.accord_edition)
        return f"{build}{docname}.html" if build else None

    def read_ahead(self) -> None:
        """What writing only reads, read now: the fonts, the cache with its key, and each
        document's stored translation. accord.build calls it in a forked PDF builder while the
        parent checks the environment, a wait of a tenth of a second or more at 500 documents;
        it writes nothing."""
        if self._ahead is None:
            self._ahead = self._read()

    def _read(self) -> _Ahead:
        book = fonts.font_book(tuple(self.options.font_paths))
        families = book.families()
        store = cache.Cache(
            Path(self.doctreedir) / PDF_CACHE,
            cache.shared_key(
                self.env, self.config, [dataclasses.asdict(self.options), repr(self.repo), families]
            ),
            site=Path(self.outdir),
        )
        srcdir, doctrees = Path(self.srcdir), Path(self.doctreedir)
        stored = {name: store.get(name, doctrees / f"{name}.doctree", srcdir) for name in self.documents()}
        return _Ahead(book, store, stored)

    def write_documents(self, _docnames: Set[str]) -> None:
        from accord.pdf import compendium

        clock = self.clock
        clock.lap("Sphinx: environment checks")
        docnames = self.documents()
        ahead, self._ahead = self._ahead or self._read(), None
        self.store, self._stored = ahead.store, ahead.stored
        book = ahead.book
        families = book.families()
        fingerprint = self.fingerprint(book)
        # notice_text reads only the config, which the builder has too (Builder.app is deprecated).
        kind, notice = notice_text(self)  # type: ignore[arg-type]
        style = sources.Style(
            notice=notice,
            notice_kind=kind,
            mono=tuple(self.options.mono_fonts),
            math=tuple(self.options.math_fonts),
            paper=self.options.paper,
            organisation=citation.publisher(self.repo.organisation, ""),
            dated=not (self.config.accord_edition and self.config.accord_edition_date),
        )
        whole = compendium.Book(self, style, fingerprint, families, clock)
        try:
            batch, outcomes, results = self.write_all(docnames, whole, book, style, fingerprint)
        finally:
            whole.close()
        for outcome in outcomes:
            if not outcome.error and outcome.job not in self.kept:
                self.store.keep_pdf(outcome.job.source, outcome.job.output)
        self.store.prune()
        clock.lap("other")
        clock.write()
        by_name = {result.doc.docname: result for result in results}
        reported: set[str] = set()
        for outcome in outcomes:
            location = (outcome.job.key, None) if outcome.job.key in docnames else None
            for warning in outcome.warnings:
                logger.info(f"Typst: {warning}", location=location)
            if not outcome.error:
                continue
            outcome.job.output.unlink(missing_ok=True)
            if outcome.job.book:
                whole.discard()  # the other volumes without this one would be a book with a hole
            result = by_name.get(outcome.job.key)
            if result is not None and result.doctree is None:
                result = self.translate(result.doc.docname, families, cached=False)
            if result is not None and self.report_parts(result, batch):
                reported.add(outcome.error)
            elif outcome.error in reported:
                # The compendium holds every document: the document's own report says it all.
                logger.info(f"{outcome.job.output.name} not written: {outcome.error}")
            else:
                reported.add(outcome.error)
                _report("BUILD006", f"the PDF must compile with Typst: {outcome.error}", location)

    def write_all(
        self, docnames: list[str], whole: Any, book: Any, style: sources.Style, fingerprint: str
    ) -> tuple[Any, list[Any], list[_Result]]:
        """Translate and compile every PDF, then the compendium: the compiler (which probes a
        failed document's parts afterwards), its outcomes, and the documents' translations."""
        from accord.pdf import compiler

        families = book.families()
        batch = compiler.Batch(
            root=Path(self.srcdir),
            fonts=book,
            font_paths=self.options.font_paths,
            standard=self.standard,
            timestamp=compiler.source_date_epoch(),
        )
        results: list[_Result] = []
        self.kept: set[Any] = set()  # jobs compiled and kept already (compile_now)
        clock = self.clock
        with batch, progress_message(f"writing {len(docnames)} PDFs and the compendium with Typst"):
            for docname in docnames:
                result = self.translate(docname, families)
                results.append(result)
                self.schedule(batch, self.single(result, style, fingerprint))
            self.check_fonts(results, book)
            printed = [self.translate(docname, families) for docname in self.printed_pages()]
            for result in printed:
                self.schedule(batch, self.single(result, style, fingerprint))
            contents = whole.contents(results, printed)
            for job in whole.jobs(contents) if contents is not None else []:
                self.schedule(batch, job)
            clock.lap("translate")
            outcomes = batch.outcomes()
            clock.lap("compile")
            if contents is not None:
                failed = {outcome.job.key for outcome in outcomes if outcome.error}
                whole.assemble(contents, lambda job: self.compile_now(batch, job), failed)
                outcomes = batch.outcomes()
        return batch, outcomes, results

    def report_parts(self, result: _Result, batch: Any) -> bool:
        """After a failed compile: the images and formulas Typst refuses, each at its line."""
        found = False
        assert result.doctree is not None
        for problem in probe.culprits(
            result.doctree,
            result.context.formulas,
            srcdir=Path(self.srcdir),
            batch=batch,
            math_fonts=self.options.math_fonts,
            text_fonts=self.options.fonts,
        ):
            found = True
            _report(problem.code, problem.message, _where(problem.node, result.doc.docname))
        return found

    def translate(self, docname: str, families: list[str], *, cached: bool = True) -> _Result:
        """The document's Typst body and what it holds; from the cache when its inputs are unchanged."""
        srcdir = Path(self.srcdir)
        found = self._stored.pop(docname, None) if cached and docname in self._stored else None
        if found is None:
            found = self.store.get(docname, Path(self.doctreedir) / f"{docname}.doctree", srcdir)
        if cached and found is not None and found[0]:
            doc, fields = cache.restore(found[0])
            context = Context(docname=docname, page_url=self.site_url, srcdir=srcdir, **fields)
            images = [srcdir / uri for uri, _ in found[0]["images"]]
            return _Result(doc, context, None, images=[p for p in images if p.is_file()], key=found[1])
        doctree = self.env.get_and_resolve_doctree(docname, self, tags=self.tags)
        self.post_process_images(doctree)
        context = Context(
            docname=docname,
            page_url=self.site_url,
            srcdir=srcdir,
            fignumbers=self.env.toc_fignumbers.get(docname, {}) if self.config.numfig else {},
            numfig_format=dict(self.config.numfig_format) if self.config.numfig else {},
        )
        visitor = self.create_translator(doctree, context)
        doctree.walkabout(visitor)
        for problem in context.problems:
            _report(problem.code, problem.message, _where(problem.node, docname))
        meta = (get_domain(self.env).entry_of(docname) or {}).get("meta", {})
        language = str(meta.get("language") or self.repo.language or "en")
        status = str(meta.get("status", ""))
        title = str(meta.get("title") or self._title(docname))
        version = meta.get("version")
        doc = sources.Translated(
            docname=docname,
            title=title,
            version=str(version) if version not in (None, "") else None,
            summary=str(meta.get("summary") or ""),
            colophon=colophon.render(docname, title, meta, self.build_info),
            status=translate_in(language, "status", STATUS_LABELS[status])
            if status in STATUS_LABELS
            else status,
            authors=_authors(meta.get("authors")),
            topics=tuple(str(topic) for topic in meta.get("topics") or ()),
            language=language,
            fonts=fonts.for_language(self.options.fonts, language, families),
            body=visitor.astext(),  # type: ignore[attr-defined]
        )
        uris = [str(node["uri"]) for node in doctree.findall(nodes.image)]
        kept = found is not None and not context.problems
        if kept:
            self.store.put(
                found[1], cache.entry(doc, context, [(uri, cache.stamp(srcdir / uri)) for uri in uris])
            )
        images = [srcdir / uri for uri in uris]
        return _Result(
            doc,
            context,
            doctree,
            failed=bool(context.problems),
            images=[p for p in images if p.is_file()],
            key=found[1] if kept else None,
        )

    def _title(self, docname: str) -> str:
        title = self.env.titles.get(docname)
        return title.astext() if title is not None else docname

    def single(self, result: _Result, style: sources.Style, fingerprint: str) -> Any:
        """The job of one document's PDF, or None when the document has errors."""
        from accord.pdf.compiler import Job

        name = result.doc.docname
        output = Path(self.outdir) / f"{name}.pdf"
        if result.failed:
            output.unlink(missing_ok=True)
            return None
        inputs = dataclasses.replace(
            style,
            inputs=fingerprint + sources.inputs_digest(result.images),
            notice=notice_text(self, result.doc.language)[1],  # type: ignore[arg-type]
        )
        # The source is made from the translation and the style alone (its links resolve
        # against the document's own labels, which are part of its translation).
        made = self.store.inputs_key(result.key, "single", inputs) if result.key else None
        if made and self.store.unchanged(name, made, output, self.source_path(name)):
            return None
        doc = result.resolved(result.context.labels.__contains__)
        job = Job(name, sources.single(doc, inputs), output)
        if made:
            self.store.made_from(name, made, job.source)
        return job

    def source_path(self, key: str) -> Path:
        """Where the Typst source of the job ``key`` is kept, for readers and tests."""
        name = self.options.compendium if key == "compendium" else key
        return Path(self.outdir) / self.options.sources / f"{name}.typ"

    def compile_now(self, batch: Any, job: Any) -> bool:
        """Compile ``job`` (unless its PDF is kept) and wait for it; False if it failed."""
        future = self.schedule(batch, job)
        if future is None:
            return True
        if future.result().error:
            return False
        self.store.keep_pdf(job.source, job.output)  # before a second pass writes the same file
        self.kept.add(job)
        return True

    def schedule(self, batch: Any, job: Any) -> Any:
        """Keep the source (for readers and tests); compile unless the PDF comes from this very
        source. The compilation's future, or None when there is nothing to compile."""
        if job is None:
            return None
        path = self.source_path(job.key)
        if path.is_file() and self.store.current(job.source, job.output):
            return None
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(job.source, encoding="utf-8")
        if self.store.pdf(job.source, job.output):  # compiled from this very source before
            return None
        return batch.submit(job)

    def check_fonts(self, results: list[_Result], book: Any) -> None:
        """A BUILD004 warning for each document with characters no configured font shows."""
        coverages: dict[tuple[str, ...], fonts.Coverage] = {}

        def coverage(families: tuple[str, ...]) -> fonts.Coverage:
            if families not in coverages:
                coverages[families] = fonts.Coverage.of(book, families)
            return coverages[families]

        mono = coverage(tuple(self.options.mono_fonts))
        for result in results:
            text = coverage(result.doc.fonts)
            missing = sorted(
                set(text.missing(result.context.text_chars)) | set(mono.missing(result.context.code_chars))
            )
            if not missing:
                continue
            shown = ", ".join(f"U+{ord(char):04X} {char!r}" for char in missing[:12])
            more = f" and {len(missing) - 12} more" if len(missing) > 12 else ""
            absent = sorted(set(text.absent) | set(mono.absent))
            note = f" (font families not found: {', '.join(absent)})" if absent else ""
            doctree = result.doctree or self.env.get_doctree(result.doc.docname)
            first = next(
                (node for node in doctree.findall(nodes.Text) if set(node.astext()) & set(missing)),
                doctree,
            )
            _report(
                "BUILD004",
                f"every character must be covered by a configured PDF font: {shown}{more}{note}",
                _where(first, result.doc.docname),
            )

    def fingerprint(self, book: Any) -> str:
        """What else decides the bytes of a PDF: options, fonts and creation date."""
        from accord.pdf.compiler import source_date_epoch

        families = {*self.options.fonts, *self.options.mono_fonts, *self.options.math_fonts}
        files = sorted({str(info.path) for info in book.fonts() if info.family in families and info.path})
        return (
            f"standard={self.standard or 'none'} date={source_date_epoch()} "
            f"paper={self.options.paper}{sources.inputs_digest([Path(path) for path in files], content=False)}"
        )


def _authors(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list):
        return ()
    return tuple(str(a.get("name", "")) if isinstance(a, dict) else str(a) for a in value if a)
