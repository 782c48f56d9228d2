"""The bibliography style of the site, and BibTeX crossref inheritance for it.

The style is pybtex's ``unsrt`` with one addition: an entry's ``archived`` copy is linked beside
its URL, so that a reader still reaches a source whose page has gone.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from pybtex.database import Entry
from pybtex.plugin import register_plugin
from pybtex.scanner import PybtexSyntaxError
from pybtex.style.formatting.unsrt import Style as UnsrtStyle
from pybtex.style.labels.number import LabelStyle as NumberLabelStyle
from pybtex.style.names.plain import NameStyle as PlainNameStyle
from pybtex.style.sorting.none import SortingStyle as NoSortingStyle
from pybtex.style.template import field, href, optional, sentence, words

STYLE_NAME = "accord"
_UNESCAPED_PERCENT = re.compile(r"(?<!\\)%")
#: Fields the style prints as they are written (raw), not read as LaTeX.
_VERBATIM = frozenset({"url", "doi", "eprint", "pubmed", "archived"})


class AccordStyle(UnsrtStyle):
    # Classes, not names: pybtex resolves a name through package metadata on every lookup, and a
    # reference list creates a style per citation.
    default_name_style = PlainNameStyle
    default_label_style = NumberLabelStyle
    default_sorting_style = NoSortingStyle

    def format_entry(self, label: str, entry: Entry, bib_data: object = None):
        try:
            return super().format_entry(label, entry, bib_data)
        except PybtexSyntaxError:
            # An unescaped % inside braces (\url{https://x/a%20b}) starts a LaTeX comment that
            # swallows the closing brace. accord check reports it (SAFE013); the build reads it as
            # the literal percent sign the editor meant, instead of stopping with a traceback.
            escaped = Entry(entry.type, persons=entry.persons)
            for name, value in entry.fields.items():
                verbatim = name.lower() in _VERBATIM
                escaped.fields[name] = value if verbatim else _UNESCAPED_PERCENT.sub(r"\\%", str(value))
            escaped.key = entry.key
            return super().format_entry(label, escaped, bib_data)

    def format_web_refs(self, e: Entry):
        archived = field("archived", raw=True)
        return sentence[
            optional[self.format_url(e), optional[" (visited on ", field("urldate"), ")"]],
            optional[words["archived copy:", href(archived)[archived]]],
            optional[self.format_eprint(e)],
            optional[self.format_pubmed(e)],
            optional[self.format_doi(e)],
        ]


def register() -> None:
    """Make the style available to pybtex (and so to sphinxcontrib-bibtex) by name."""
    register_plugin("pybtex.style.formatting", STYLE_NAME, AccordStyle, force=True)


def inherit_crossrefs(entries: Mapping[str, Entry]) -> None:
    """Copy into each entry the fields and people it lacks from the entries its crossref chain names.

    pybtex applies crossref only when it formats with the whole database at hand; a document's
    own reference list formats one entry at a time, so inheritance is applied once, up front.
    A chain that comes back on itself (reported by the check as BIB013 or BIB016) stops there.
    """
    lowered = {key.lower(): entry for key, entry in entries.items()}
    for entry in entries.values():
        visited = {id(entry)}
        parent = lowered.get(str(entry.fields.get("crossref", "")).strip().lower())
        while parent is not None and id(parent) not in visited:
            visited.add(id(parent))
            present = {name.lower() for name in entry.fields}
            for name, value in parent.fields.items():
                if name.lower() not in present and name.lower() != "crossref":
                    entry.fields[name] = value
            for role, people in parent.persons.items():
                if role not in entry.persons:
                    entry.persons[role] = list(people)
            parent = lowered.get(str(parent.fields.get("crossref", "")).strip().lower())
