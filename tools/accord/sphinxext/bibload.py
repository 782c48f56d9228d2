"""Load the bibliography for Sphinx so that no entry can stop a build.

sphinxcontrib-bibtex parses the whole file with pybtex at ``builder-inited`` and the first bad
entry (a name with too many commas, an undefined macro, a repeated key, bytes that are not
UTF-8) ends the build with an ``ExtensionError`` and no location. Accord loads the file first:
the whole file through pybtex when it can, else entry by entry (the spans of accord.bibtex),
leaving out what pybtex refuses. sphinxcontrib-bibtex then finds its data up to date and keeps
it. The file's problems are reported as the check reports them, at their lines, typed
``accord.CODE``; an entry pybtex refuses for a reason the check does not know is BIB018.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from pybtex.database.input.bibtex import Parser
from pybtex.exceptions import PybtexError
from sphinxcontrib.bibtex.bibfile import BibData, BibFile, get_mtime, is_bibdata_outdated

from accord import bibtex
from accord.checks import bib as bib_rules
from accord.diagnostics import Diagnostic, make
from accord.sphinxext.checking import emit

if TYPE_CHECKING:
    from pybtex.database import BibliographyData
    from sphinx.application import Sphinx


def load(
    text: str, parsed: bibtex.BibFile, path: str, reported: set[int]
) -> tuple[BibliographyData, list[Diagnostic]]:
    """pybtex's data for ``text``, and a diagnostic for each entry it refused on none of whose
    lines (``reported``) the check found a problem."""
    parser = Parser()
    try:
        parser.parse_string(text)
        return parser.data, []
    except PybtexError:
        pass
    parser = Parser()
    refused: list[Diagnostic] = []
    for start, end in parsed.spans:
        keys = set(parser.data.entries.keys())
        try:
            parser.parse_string(text[start:end])
        except PybtexError as error:
            for key in set(parser.data.entries.keys()) - keys:
                del parser.data.entries[key]  # half made: leave it out rather than show it wrong
            first, last = text.count("\n", 0, start) + 1, text.count("\n", 0, end) + 1
            if not reported & set(range(first, last + 1)):
                column = start - text.rfind("\n", 0, start)
                refused.append(make("BIB018", path, first, column, detail=str(error), hint="fix this entry"))
    return parser.data, refused


def _preload(app: Sphinx) -> None:
    if not app.config.bibtex_bibfiles:
        return
    domain = app.env.get_domain("cite")
    files = [(Path(app.confdir) / name).resolve() for name in app.config.bibtex_bibfiles]
    encoding = app.config.bibtex_encoding
    if not is_bibdata_outdated(domain.bibdata, files, encoding):
        return
    data = None
    keys: dict[Path, dict[str, None]] = {}
    for file in files:
        if not file.is_file():
            return  # sphinxcontrib-bibtex says so; the check reports BIB002
        relative = (
            file.relative_to(Path(app.srcdir)).as_posix() if file.is_relative_to(app.srcdir) else str(file)
        )
        raw = file.read_bytes()
        parsed = bibtex.parse_bytes(raw)
        found = list(bib_rules.check(parsed, relative))
        loaded, refused = load(bibtex.text_of(raw), parsed, relative, {d.line for d in found})
        for diagnostic in [*found, *refused]:
            emit(diagnostic, location=f"{file}:{diagnostic.line}")
        before = set(data.entries.keys()) if data is not None else set()
        if data is None:
            data = loaded
        else:
            for key, entry in loaded.entries.items():
                if key not in data.entries:
                    data.add_entry(key, entry)
        keys[file] = dict.fromkeys(key for key in data.entries if key not in before)
    domain.data["bibdata"] = BibData(
        encoding=encoding,
        bibfiles={file: BibFile(mtime=get_mtime(file), keys=keys[file]) for file in files},
        data=data,
    )


def setup_bibload(app: Sphinx) -> None:
    # Before sphinxcontrib-bibtex's own loader (priority 500), which then finds the data current.
    app.connect("builder-inited", _preload, priority=400)
