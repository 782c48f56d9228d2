"""What the ``accordpdf`` builder can take from its last run instead of computing it again.

Translating a document is mostly Sphinx resolving its doctree (post-transforms walk the whole tree,
some 30 ms a document), which every PDF build did for every document because the compendium needs
them all. A translation is kept under a key of everything it depends on:

- the document's pickled doctree, byte for byte (Sphinx rewrites it when the source or anything it
  includes changes);
- the state every resolution reads: the titles, the domains' data (labels, documents' metadata,
  numbering, bibliography), figure and section numbers, the set of documents, and every config
  value;
- the builder's options, the fonts found, Accord's version and its source files;
- the images the document showed, each present or not, with its size and mtime.

A translation with problems is never kept: they are reported by translating again. A compiled PDF
is kept under the digest of its Typst source, which names the fonts, images and options that make
its bytes (``sources.Style.inputs``). Entries are JSON or PDF files named by their key, in the
doctree folder; a damaged entry is a miss, and entries no build used are removed at the end.

Building a source only to find its digest unchanged was most of a rebuild's PDF work (two sources
of some 35 kB for each of 500 documents). So each source's digest is also kept under a digest of
what the source is made from (:meth:`Cache.inputs_key`: the translation's key, the style, the labels
its links resolve against, Accord's Typst template); when those are the same and the PDF it
names is the one in the site, the source is not built again (:meth:`Cache.unchanged`).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, is_dataclass
from pathlib import Path
from typing import Any

from docutils import nodes

from accord import __version__
from accord.cachedir import read_json
from accord.pdf import links, sources

#: Which source each PDF in the site was last written from: an unchanged PDF is then left alone
#: without reading its old source back (a thousand sources at 500 documents).
MANIFEST = "written.json"
#: Each job's last source digest, under the digest of what the source was made from.
SOURCES = "sources.json"


def _canonical(value: Any) -> Any:
    """A JSON-able form of ``value`` that is the same in every process (no set or hash order)."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, nodes.Node):
        return value.pformat()
    if isinstance(value, dict):
        # By key alone: the repr of every value made this half of a rebuild's key (the domains
        # hold every document's metadata). Two keys alike once made canonical keep the mapping's
        # order, which at worst makes a key that misses, never one that matches wrongly.
        return sorted(([_canonical(k), _canonical(v)] for k, v in value.items()), key=_by_key)
    if isinstance(value, set | frozenset):
        return sorted((_canonical(v) for v in value), key=repr)
    if isinstance(value, list | tuple):
        return [_canonical(v) for v in value]
    if isinstance(value, Path):
        return str(value)
    if type(value).__name__ == "BibData":  # sphinxcontrib-bibtex: the files, by size and mtime
        return [[str(path), stamp(Path(path))] for path in sorted(value.files)]
    if is_dataclass(value) and not isinstance(value, type):
        return [type(value).__qualname__, _canonical(asdict(value))]
    text = repr(value)
    if " at 0x" in text:  # a function, or an object whose repr shows no state: the type is all
        return type(value).__qualname__
    return text


def _by_key(pair: list[Any]) -> tuple[int, str]:
    key = pair[0]
    return (0, key) if isinstance(key, str) else (1, repr(key))


def stamp(path: Path) -> list[int]:
    try:
        info = path.stat()
    except OSError:
        return [-1, 0]
    return [info.st_size, info.st_mtime_ns]


def _code() -> list[list[Any]]:
    package = Path(__file__).parent.parent
    return sorted([p.relative_to(package).as_posix(), p.stat().st_mtime_ns] for p in package.rglob("*.py"))


def shared_key(env: Any, config: Any, extra: Any) -> str:
    """The digest of what every document's translation reads besides its own doctree."""
    state = {
        "version": __version__,
        "code": _code(),
        "titles": {name: title.astext() for name, title in env.titles.items()},
        "domains": _canonical(env.domaindata),
        "figures": _canonical(env.toc_fignumbers),
        "sections": _canonical(env.toc_secnumbers),
        "documents": sorted(env.found_docs),
        # Not the HTML builder's settings, which the HTML theme changes as it writes pages
        # (pydata's logo paths): a PDF builder forked before those pages (accord.alongside) and
        # one run after them would otherwise disagree.
        "config": sorted(
            (item.name, _canonical(item.value)) for item in config if not item.name.startswith("html_")
        ),
        "extra": _canonical(extra),
    }
    return hashlib.sha256(json.dumps(state, sort_keys=True).encode("utf-8")).hexdigest()


class Cache:
    def __init__(self, folder: Path, shared: str, site: Path | None = None) -> None:
        self.folder = folder
        self.shared = shared
        self.site = site  # the build's output folder: its PDFs are recorded relative to it
        self.used: set[str] = set()
        written, made = read_json(folder / MANIFEST), read_json(folder / SOURCES)
        self.written: dict[str, list[Any]] = written if isinstance(written, dict) else {}
        self.made: dict[str, list[Any]] = made if isinstance(made, dict) else {}
        self.kept_made: dict[str, list[Any]] = {}  # this build's, for the next
        # The template every source holds: a change to it is not a change of Accord's code.
        self._template = f"{__version__}\0{stamp(sources.TEMPLATE)}"
        self._texts: dict[Any, str] = {}  # the JSON of the style and other parts shared by many keys

    def _doctree_key(self, doctree_file: Path) -> str | None:
        try:
            data = doctree_file.read_bytes()
        except OSError:
            return None
        return hashlib.sha256(self.shared.encode() + hashlib.sha256(data).digest()).hexdigest()

    def get(self, docname: str, doctree_file: Path, srcdir: Path) -> tuple[dict[str, Any], str] | None:
        """(the stored translation, its key), or (None, key) on a miss; None without a doctree."""
        key = self._doctree_key(doctree_file)
        if key is None:
            return None
        path = self.folder / f"{key}.json"
        try:
            stored = json.loads(path.read_text(encoding="utf-8"))
            if stored["version"] != __version__ or stored["docname"] != docname:
                return {}, key
            if any(stamp(srcdir / uri) != stamp for uri, stamp in stored["images"]):
                return {}, key
        except (OSError, ValueError, KeyError, TypeError):
            return {}, key
        self.used.add(path.name)
        return stored, key

    def put(self, key: str, entry: dict[str, Any]) -> None:
        path = self.folder / f"{key}.json"
        _write(path, json.dumps({"version": __version__, **entry}).encode("utf-8"))
        self.used.add(path.name)

    # -- sources not built again

    def inputs_key(self, translation: str, *parts: Any) -> str:
        """The digest of what a source is made from: its document's translation key and
        ``parts`` (the style, the labels its links resolve against...), with Accord's version
        and template."""
        texts = [self._text(part) for part in parts]
        # JSON escapes control characters: the separator cannot occur inside a part.
        made = "\0".join([self._template, translation, *texts])
        return hashlib.sha256(made.encode("utf-8")).hexdigest()

    def _text(self, part: Any) -> str:
        try:
            return self._texts[part]
        except KeyError:
            text = self._texts[part] = json.dumps(_canonical(part), sort_keys=True)
            return text
        except TypeError:  # a list: made anew
            return json.dumps(_canonical(part), sort_keys=True)

    def unchanged(self, job: str, inputs: str, output: Path, source_file: Path) -> bool:
        """Whether the source of ``job`` made from ``inputs`` (:meth:`inputs_key`) is the one
        the site's ``output`` was compiled from, with its kept source file: nothing to build."""
        entry = self.made.get(job)
        if not (isinstance(entry, list) and len(entry) == 2 and entry[0] == inputs):
            return False
        if not source_file.is_file() or not self._current(entry[1], output):
            return False
        self.kept_made[job] = entry
        return True

    def made_from(self, job: str, inputs: str, source: str) -> None:
        """Remember that ``job``'s source, made from ``inputs``, is ``source``."""
        self.kept_made[job] = [inputs, _pdf_key(source)]

    # -- compiled PDFs

    def current(self, source: str, output: Path) -> bool:
        """Whether ``output`` is, untouched, the PDF a build wrote from ``source`` (and kept)."""
        return self._current(_pdf_key(source), output)

    def _current(self, key: str, output: Path) -> bool:
        """Whether ``output`` is, untouched, the PDF kept under ``key`` (now used by this build)."""
        if (
            self.written.get(self._name(output)) != [key, *stamp(output)]
            or not (self.folder / f"{key}.pdf").is_file()
        ):
            return False
        self.used.add(f"{key}.pdf")
        return True

    def _wrote(self, key: str, output: Path) -> None:
        self.written[self._name(output)] = [key, *stamp(output)]

    def _name(self, output: Path) -> str:
        """How ``output`` is recorded: relative to the site, which ``accord build --fresh``
        writes as html.new and renames to html (its first rebuild found no PDF it had written,
        and copied all of them again); else as it is (the compendium's parts)."""
        if self.site is not None and output.is_relative_to(self.site):
            return "site/" + output.relative_to(self.site).as_posix()
        return str(output)

    def pdf(self, source: str, output: Path) -> bool:
        """Write the PDF compiled from ``source`` to ``output``; False when none is kept intact."""
        key = _pdf_key(source)
        path = self.folder / f"{key}.pdf"
        try:
            digest, _, pdf = path.read_bytes().partition(b"\n")
        except OSError:
            return False
        if digest != hashlib.sha256(pdf).hexdigest().encode():  # damaged: compile again
            return False
        try:
            output.parent.mkdir(parents=True, exist_ok=True)
            output.write_bytes(pdf)
        except OSError:
            return False
        self.used.add(path.name)
        self._wrote(key, output)
        return True

    def keep_pdf(self, source: str, output: Path) -> None:
        """Keep the PDF just compiled from ``source``, with its digest in front to check it by."""
        key = _pdf_key(source)
        path = self.folder / f"{key}.pdf"
        if path.is_file():
            self.used.add(path.name)
            self._wrote(key, output)
            return
        try:
            pdf = output.read_bytes()
        except OSError:
            return
        _write(path, hashlib.sha256(pdf).hexdigest().encode() + b"\n" + pdf)
        self.used.add(path.name)
        self._wrote(key, output)

    def prune(self) -> None:
        """Remove the entries this build did not use: they belong to texts that are gone."""
        try:
            for path in self.folder.iterdir():
                if path.name not in self.used:
                    path.unlink(missing_ok=True)
        except OSError:
            pass
        written = {
            output: entry
            for output, entry in self.written.items()
            if isinstance(entry, list) and entry and f"{entry[0]}.pdf" in self.used
        }
        _write(self.folder / MANIFEST, json.dumps(written, sort_keys=True).encode("utf-8"))
        made = {job: entry for job, entry in self.kept_made.items() if f"{entry[1]}.pdf" in self.used}
        _write(self.folder / SOURCES, json.dumps(made, sort_keys=True).encode("utf-8"))


def _pdf_key(source: str) -> str:
    return hashlib.sha256(f"{__version__}\0{source}".encode()).hexdigest()


def _write(path: Path, data: bytes) -> None:
    """Write in one step; a cache that cannot be written only costs time."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(".tmp")
        temporary.write_bytes(data)
        temporary.replace(path)
    except OSError:
        pass


def entry(doc: sources.Translated, context: Any, images: list[tuple[str, list[int]]]) -> dict[str, Any]:
    """A translation without problems, as the cache keeps it."""
    return {
        "docname": doc.docname,
        "doc": asdict(doc),
        "labels": sorted(context.labels),
        "links": [asdict(link) for link in context.links],
        "text_chars": "".join(sorted(context.text_chars)),
        "code_chars": "".join(sorted(context.code_chars)),
        "images": images,
    }


def restore(stored: dict[str, Any]) -> tuple[sources.Translated, dict[str, Any]]:
    """The translated document and the context fields the builder reads afterwards."""
    fields = {k: tuple(v) if isinstance(v, list) else v for k, v in stored["doc"].items()}
    return sources.Translated(**fields), {
        "labels": set(stored["labels"]),
        "links": [links.Link(**link) for link in stored["links"]],
        "text_chars": set(stored["text_chars"]),
        "code_chars": set(stored["code_chars"]),
    }
