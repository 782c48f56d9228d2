"""The compendium: every document by kind, then the printed pages as overviews, in one PDF.

An edition (``accord_edition`` set) or a build asking for a PDF standard compiles it as one Typst
source (accord.pdf.sources.compendium): PDF/A, tagged, off the editing path. Typst holds the whole
of such a book in memory, so past ``accord_pdf_volume_documents`` documents it is typeset in
volumes of even size, ``<compendium>-1.pdf`` and so on, each with its cover and contents; a link to
a document in another volume goes to its web page, as in a document's own PDF. A working build
compiles it in parts (accord.pdf.parts), each cached by its source like any PDF, and joins them
(accord.pdf.assemble): an edit recompiles one part, the front matter if its page numbers moved,
and the join. Either way a document with errors means no compendium: a PDF that silently lacks
part of its text is worse than none.
"""

from __future__ import annotations

import dataclasses
import itertools
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.util import logging

from accord import citation
from accord.pdf import ahead, assemble, fonts, parts, rejoin, sources, timings
from accord.pdf.compiler import Job
from accord.sphinxext.config import today
from accord.translations.model import is_translation
from accord.vocabulary import KINDS, PDF_PARTS, PRINTED_PAGES

if TYPE_CHECKING:
    from accord.pdf.builder import AccordPdfBuilder, _Result

logger = logging.getLogger(__name__)

#: The compendium's part that holds the printed pages (the options map, the crosswalk).
OVERVIEWS = "Overviews"


def one_source(builder: AccordPdfBuilder) -> bool:
    """Whether the compendium is one Typst source: for an edition, or a PDF standard (PDF/A)."""
    return bool(builder.config.accord_edition or builder.standard)


def _summary(title: str, edition: str, volume: tuple[int, int] | None = None) -> str:
    """The compendium's Subject: what it holds, and which edition."""
    which = f"official edition {edition}" if edition else "working draft, not an official statement"
    if volume is not None:
        return f"{title}: every document, in {volume[1]} volumes; this is volume {volume[0]}, {which}."
    return f"{title}: every document in one PDF, {which}."


def volumes(count: int, most: int) -> list[range]:
    """The positions in the book of each volume's documents: as few volumes as hold at most
    ``most`` documents each, their sizes differing by one at most; one volume when ``most`` is 0."""
    if most <= 0 or count <= most:
        return [range(count)]
    number = -(-count // most)
    size, longer = divmod(count, number)
    spans, start = [], 0
    for index in range(number):
        end = start + size + (index < longer)
        spans.append(range(start, end))
        start = end
    return spans


#: The record of the volumes the last build wrote, in the PDF parts folder: only files a build
#: wrote are ever removed (a coalition's own compendium-2023.pdf stays).
VOLUMES_RECORD = "volumes.json"


def _volume_names(name: str, count: int) -> list[str]:
    """The file names (without suffix) of ``count`` volumes, numbered to sort as they read."""
    width = len(str(count))
    return [f"{name}-{number:0{width}d}" for number in range(1, count + 1)]


class Book:
    """The compendium of one build: its documents, and the jobs that make its PDF."""

    def __init__(
        self,
        builder: AccordPdfBuilder,
        style: sources.Style,
        fingerprint: str,
        families: list[str],
        clock: timings.Clock | None = None,
    ) -> None:
        self.builder = builder
        self.style = style
        self.fingerprint = fingerprint
        self.families = families
        self.clock = clock or timings.Clock()
        self.output = Path(builder.outdir) / f"{builder.options.compendium}.pdf"
        self.whole = one_source(builder)
        self.results: list[_Result] = []
        self.planned: list[_Planned] = []
        # The last compendium, read in a process of its own since the build started
        # (accord.pdf.ahead): taken by jobs() when a part changes, stopped by close().
        self.last: ahead.Reader | None = None

    def _state(self) -> Path:
        """The record of the last join (accord.pdf.rejoin)."""
        return Path(self.builder.doctreedir) / PDF_PARTS / f"{self.builder.options.compendium}.json"

    def close(self) -> None:
        if self.last is not None:
            self.last.stop()
            self.last = None

    def contents(self, results: Sequence[_Result], printed: Sequence[_Result]) -> sources.Compendium | None:
        """The book, or None when a document has errors (or there is none)."""
        # One book in the repository's language: the documents as adopted. Each translation is a
        # PDF of its own, in its language, fonts and direction (a book per language would repeat
        # the documents not yet translated, and mixed into one book the languages would interleave).
        kept = [result for result in results if not is_translation(result.doc.docname)]
        if kept:
            kept = [*kept, *printed]
        if not kept or any(result.failed for result in kept):
            self.discard()
            if kept:
                logger.info("compendium not written: a document has errors")
            return None
        self.results = kept
        repo, config = self.builder.repo, self.builder.config
        language = repo.language or "en"
        docs = [result.doc for result in kept]
        return sources.Compendium(
            title=repo.title,
            organisation=citation.publisher(repo.organisation, ""),
            date=config.accord_edition_date or today().isoformat(),
            summary=_summary(repo.title, config.accord_edition),
            language=language,
            fonts=fonts.for_language(self.builder.options.fonts, language, self.families),
            parts=(
                *(
                    sources.Part(label, tuple(doc for doc in docs if doc.docname.startswith(f"{kind}/")))
                    for kind, label in KINDS.items()
                ),
                sources.Part(OVERVIEWS, tuple(doc for doc in docs if doc.docname in PRINTED_PAGES)),
            ),
        )

    def _inputs(self, images: list[Path]) -> sources.Style:
        return dataclasses.replace(self.style, inputs=self.fingerprint + sources.inputs_digest(images))

    def jobs(self, book: sources.Compendium) -> list[Job]:
        """The one source of an edition's compendium, or the parts of a working build's."""
        by_name = {result.doc.docname: result for result in self.results}
        if self.whole:
            return self._volumes(book, by_name)
        self._settle([])
        owner = {label: result.doc.docname for result in self.results for label in result.context.labels}
        wanted: dict[str, set[str]] = {name: set() for name in by_name}
        for result in self.results:
            for link in result.context.links:
                if owner.get(link.target, result.doc.docname) != result.doc.docname:
                    wanted[owner[link.target]].add(link.target)
        name = self.builder.options.compendium
        # The parts' sources are kept; the one source an edition-like build left would mislead.
        self._source(name).unlink(missing_ok=True)
        store = self.builder.store
        for number, part in enumerate((part for part in book.parts if part.documents), 1):
            source = parts.title_part(part.title, self._inputs([]), book)
            self._plan(
                f"{name}/part-{number}", f"accord-part-{number}", source, part.title, None, marked=False
            )
            for doc in part.documents:
                result = by_name[doc.docname]
                own = result.context.labels
                # What the part's source is made from besides its translation: the labels of
                # other parts its links jump to, and its labels that other parts link to.
                elsewhere = sorted(({link.target for link in result.context.links} - own) & owner.keys())
                anchors = sorted(wanted[doc.docname])
                inputs = self._inputs(result.images)
                key, marked = f"{name}/{doc.docname}", bool(anchors or elsewhere)
                made = (
                    store.inputs_key(
                        result.key, "part", inputs, book.fonts, book.language, anchors, elsewhere
                    )
                    if result.key
                    else None
                )
                if made and store.unchanged(key, made, self._path(key), self.builder.source_path(key)):
                    self._plan(key, doc.docname, None, doc.title, doc, marked=marked)
                    continue
                resolved = result.resolved(own.__contains__, owner.__contains__)
                source = parts.document_part(resolved, inputs, book, anchors)
                if made:
                    store.made_from(key, made, source)
                self._plan(key, doc.docname, source, doc.title, doc, marked=marked)
        built = [planned.job for planned in self.planned if planned.built]
        reader = ahead.take(self.output)
        if any(planned.doc is not None for planned in self.planned if planned.built):
            self.last = reader  # a document's part changes: the last compendium is patched
        elif reader is not None:
            reader.stop()
        return built

    def _volumes(self, book: sources.Compendium, by_name: dict[str, _Result]) -> list[Job]:
        """The one source of each volume: its documents, its links to the others' labels made
        links to their pages (as in a document's own PDF), its images among the inputs."""
        placed = [(part.title, doc) for part in book.parts for doc in part.documents]
        spans = volumes(len(placed), self.builder.options.volume_documents)
        name = self.builder.options.compendium
        names = [name] if len(spans) == 1 else _volume_names(name, len(spans))
        outputs = [Path(self.builder.outdir) / f"{each}.pdf" for each in names]
        self._settle([] if len(spans) == 1 else names)
        edition = self.builder.config.accord_edition
        jobs = []
        for number, (span, output) in enumerate(zip(spans, outputs, strict=True), 1):
            inside = [by_name[placed[index][1].docname] for index in span]
            labels = set().union(*(result.context.labels for result in inside))
            resolved = {result.doc.docname: result.resolved(labels.__contains__) for result in inside}
            volume = None if len(spans) == 1 else (number, len(spans))
            parts = tuple(
                sources.Part(title, tuple(resolved[doc.docname] for _, doc in group))
                for title, group in itertools.groupby(
                    (placed[index] for index in span), key=lambda pair: pair[0]
                )
            )
            one = dataclasses.replace(
                book, parts=parts, volume=volume, summary=_summary(book.title, edition, volume)
            )
            images = [image for result in inside for image in result.images]
            # A book of one volume keeps the one source's key: its source and PDF are where they were.
            key = "compendium" if volume is None else names[number - 1]
            jobs.append(Job(key, sources.compendium(one, self._inputs(images)), output, book=True))
        return jobs

    def discard(self) -> None:
        """Remove the compendium and the volumes the last build wrote from the site: a document
        with errors, or a volume that failed, means none of them (the sources stay)."""
        self.output.unlink(missing_ok=True)
        for each in self._recorded():
            (Path(self.builder.outdir) / f"{each}.pdf").unlink(missing_ok=True)

    def _settle(self, volumes: list[str]) -> None:
        """Remove what the last build wrote and this one does not (its volumes, or the one book
        when this build writes volumes), PDFs and sources; record this build's ``volumes``."""
        name, site, recorded = self.builder.options.compendium, Path(self.builder.outdir), self._recorded()
        for each in set(recorded) - set(volumes):
            (site / f"{each}.pdf").unlink(missing_ok=True)
            self._source(each).unlink(missing_ok=True)
        if volumes:
            self.output.unlink(missing_ok=True)
            self._source(name).unlink(missing_ok=True)
        record = self._record()
        if recorded != volumes or not record.is_file():  # a rebuild of the same book writes nothing
            record.parent.mkdir(parents=True, exist_ok=True)
            record.write_text(json.dumps(volumes), encoding="utf-8")

    def _recorded(self) -> list[str]:
        """The volumes the last build recorded, if they are names of this compendium's volumes:
        the record is the build's, but what is in it is not trusted to be."""
        try:
            found = json.loads(self._record().read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return []
        name = self.builder.options.compendium
        pattern = re.compile(re.escape(name) + r"-[0-9]+")
        return (
            [each for each in found if isinstance(each, str) and pattern.fullmatch(each)]
            if isinstance(found, list)
            else []
        )

    def _record(self) -> Path:
        return Path(self.builder.doctreedir) / PDF_PARTS / VOLUMES_RECORD

    def _source(self, name: str) -> Path:
        return Path(self.builder.outdir) / self.builder.options.sources / f"{name}.typ"

    def _plan(
        self,
        key: str,
        target: str,
        source: str | None,
        title: str,
        doc: sources.Translated | None,
        *,
        marked: bool,
    ) -> None:
        """A part to compile (None: its PDF is the one its last source made); ``marked`` when
        it has anchors or links to other parts to resolve."""
        path = self._path(key)
        piece = assemble.Piece(path, target, divider=doc is None, marked=marked)
        job = Job(key, source or "", path, tagged=False)
        self.planned.append(_Planned(piece, job, title, doc, built=source is not None))

    def _path(self, key: str) -> Path:
        return Path(self.builder.doctreedir) / PDF_PARTS / f"{key}.pdf"

    def assemble(self, book: sources.Compendium, compile_: Callable[[Job], bool], failed: set[str]) -> None:
        """After the parts (``failed``: the keys of those that did not compile): the front matter,
        the page numbers and the join, for a working build. ``compile_`` compiles one job now."""
        if self.whole or not self.planned:
            return
        if failed & {planned.job.key for planned in self.planned}:
            self.output.unlink(missing_ok=True)
            return
        name = self.builder.options.compendium
        state = self._state()
        counts = rejoin.counts([planned.piece for planned in self.planned], state)
        front = self._path(f"{name}/front")
        inputs = self._inputs([])
        # The front's own length moves every number after it: guess it from the last build, and
        # compile once more when the guess was wrong (the number of contents pages rarely changes).
        pages = assemble.page_count(front) if front.is_file() else 2
        for _ in range(3):
            entries, start = [], pages + 1
            for planned, count in zip(self.planned, counts, strict=True):
                entries.append(parts.Entry(planned.title, start, planned.piece.name, planned.doc))
                start += count
            if not compile_(Job(f"{name}/front", parts.front(book, inputs, entries), front, tagged=False)):
                self.output.unlink(missing_ok=True)
                return
            if assemble.page_count(front) == pages:
                break
            pages = assemble.page_count(front)
        folios = Job(
            f"{name}/page-numbers",
            parts.folios(start - 1, inputs, book),
            self._path(f"{name}/page-numbers"),
            tagged=False,
        )
        if not compile_(folios):
            self.output.unlink(missing_ok=True)
            return
        self.clock.lap("front matter and page numbers")
        pieces = [planned.piece for planned in self.planned]
        reader, self.last = self.last, None
        missing = rejoin.join(front, pieces, folios.output, self.output, state, reader)
        self.clock.lap("join")
        if missing:  # a label a link was resolved against is in no part: a bug, but no reason to stop
            logger.warning(f"compendium: no destination for the links to {', '.join(missing)}")


@dataclass(frozen=True)
class _Planned:
    piece: assemble.Piece
    job: Job  # without a source when it is not built again (built False)
    title: str
    doc: sources.Translated | None  # None for a part's title page
    built: bool = True
