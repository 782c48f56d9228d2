"""Citations: each document gets its own reference list, at a cost independent of the others.

sphinxcontrib-bibtex matches its global ``{bibliography}`` lists against every citation of every
document on each build, which grows with documents x entries x citations (minutes at 500
documents). Its footnote machinery is local to one document. Accord binds that machinery to the
roles editors write (``{cite:p}``, ``{cite:t}`` ..., in every form sphinxcontrib-bibtex reads:
:class:`CiteRole`) and ``checking`` appends a reference list to each document that cites, unless
the document places it with ``{bibliography}`` (:class:`Bibliography`).

A reference list is formatted when its document is read; ``{footbibliography}`` records the
bibliography as a dependency of its document, so editing an entry sends every citing document
back to be read.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from pybtex.exceptions import PybtexError
from sphinx.transforms import SphinxTransform, UnreferencedFootnotesDetector
from sphinxcontrib.bibtex.directives import BibliographyDirective
from sphinxcontrib.bibtex.foot_directives import FootBibliographyDirective
from sphinxcontrib.bibtex.foot_roles import FootCiteRole

from accord import bibstyle, citerole
from accord.corpus import Bibliography as BibliographyFile
from accord.corpus import Document, read_bibliography
from accord.sphinxext.config import get_settings
from accord.sphinxext.domain import get_domain
from accord.vocabulary import CITE_ROLES

if TYPE_CHECKING:
    from pybtex.database import Entry
    from sphinx.application import Sphinx

#: Appended to a document that cites: its own numbered reference list.
REFERENCES = "\n\n## References\n\n```{footbibliography}\n```\n"
#: Directives with which a document places its reference list itself.
PLACED = frozenset({"bibliography", "footbibliography"})


def references(doc: Document, language: str | None = None) -> str:
    """What to append to a document that cites: the reference list, unless it places it; its
    heading in the document's language (accord.translations.words)."""
    if any(item.kind == "directive" and item.name in PLACED for item in doc.items):
        return ""
    from accord.translations.words import translate

    return REFERENCES.replace("References", translate(language, "References"))


class Bibliography(FootBibliographyDirective):
    """``{bibliography}`` as sphinxcontrib-bibtex documents write it: the document's own list.

    Each document lists exactly what it cites, so a file argument (CITE005) and the options
    (``:filter:``, ``:all:``, ``:style:`` ...; CITE006) are reported by the check and have no
    effect here: the build never reads another file for them.
    """

    optional_arguments = 1
    final_argument_whitespace = True
    has_content = True
    option_spec: ClassVar = dict.fromkeys(BibliographyDirective.option_spec, directives.unchanged)


def bibliography(app: Sphinx) -> BibliographyFile:
    """The repository's bibliography, read once per build."""
    domain = get_domain(app.env)
    if domain.bibliography is None:
        domain.bibliography = read_bibliography(Path(app.srcdir), get_settings(app.config).bibliography)
    return domain.bibliography


def _inherit_crossrefs(app: Sphinx) -> None:
    bibstyle.inherit_crossrefs(app.env.get_domain("cite").bibdata.data.entries)


#: What each role variant shows beside its footnote mark; the rest show the mark alone.
_AUTHOR = {"t", "ts", "ct", "cts", "author", "authors", "cauthor", "cauthors", "authorpar", "authorpars"}
_YEAR = {"year", "yearpar"}
_EMPTY = "accord-cite-empty"


class CiteRole(FootCiteRole):
    """Every sphinxcontrib-bibtex citation form, on its footnote machinery.

    The content is parsed by :mod:`accord.citerole`, as the check parses it: custom text, notes
    before and after each key, several keys. Each key becomes a footnote mark (and an entry of
    the document's reference list); what the role variant shows besides (authors, year) comes
    from sphinxcontrib-bibtex's textual style. A malformed citation or an unknown key was
    reported by the check at its line; it is shown as written, with no mark.
    """

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        role, content = self.name, self.text
        variant = role.partition(":")[2] or "p"
        cited = citerole.parse(content)
        known = self.env.get_domain("cite").bibdata.data.entries
        if cited.error or not cited.targets:
            return [nodes.literal(content, content)], []
        parts: list[list[nodes.Node]] = []
        try:
            for target in cited.targets:
                if target.key not in known:  # CITE001, or an entry pybtex refused (reported at it)
                    parts.append([nodes.literal(target.key, target.key)])
                    continue
                try:
                    parts.append(self._target(target, variant, known[target.key], cited.text is not None))
                except (PybtexError, AttributeError, KeyError):
                    # An entry the style cannot format (BIB005, BIB014: reported at the bibliography).
                    parts.append([nodes.literal(target.key, target.key)])
        finally:
            self.name, self.text = role, content
        if variant == "empty":
            # Listed, not shown: the marks stay until footnotes are numbered and checked for use.
            return [nodes.inline("", "", *[node for part in parts for node in part], classes=[_EMPTY])], []
        textual = variant in _AUTHOR or variant in _YEAR
        notes = any(target.pre or target.post for target in cited.targets)
        joined: list[nodes.Node] = [nodes.Text(cited.text)] if cited.text is not None else []
        for index, part in enumerate(parts):
            separator = _separator(index, len(parts), textual=textual, notes=notes) if index else ""
            if separator:  # marks in a row stay side by side: writers put their own separator there
                joined.append(nodes.Text(separator))
            joined += part
        return joined, []

    def _target(self, target: citerole.Target, variant: str, entry: Entry, custom: bool) -> list[nodes.Node]:
        """One key: its footnote mark, with what the variant shows and the notes around it."""
        self.text = target.key
        self.name = f"cite:{'c' if variant.startswith('c') else ''}t{'s' if variant.endswith('s') else ''}"
        if custom or variant not in _AUTHOR:
            self.name = "cite:p"
        shown, _ = super().run()
        if not custom and variant in _YEAR:
            year = str(entry.fields.get("year", "n.d."))
            shown = [nodes.Text(f"({year})" if variant == "yearpar" else year), *shown]
        if target.pre:
            shown = [nodes.Text(f"{target.pre} "), *shown]
        if target.post:
            shown = [*shown, nodes.Text(f", {target.post}")]
        return shown


class DropEmptyCitations(SphinxTransform):
    """Remove what ``{cite:empty}`` marked, once its entries are in the reference list.

    It runs after Sphinx looked for unreferenced footnotes (so an entry listed only through
    ``{cite:empty}`` is not reported as unreferenced) and takes the marks out of the footnotes'
    back-links.
    """

    default_priority = UnreferencedFootnotesDetector.default_priority + 1

    def apply(self, **kwargs: object) -> None:
        for hidden in list(self.document.findall(nodes.inline)):
            if _EMPTY not in hidden["classes"]:
                continue
            for mark in hidden.findall(nodes.footnote_reference):
                footnote = self.document.ids.get(mark.get("refid", ""))
                if footnote is not None:
                    footnote["backrefs"] = [id_ for id_ in footnote["backrefs"] if id_ not in mark["ids"]]
            hidden.parent.remove(hidden)


def _separator(index: int, count: int, *, textual: bool, notes: bool) -> str:
    """Between the citations of several keys: 'A, B, and C' in text, '[1][2]' or '[1], p. 2; [2]' as marks."""
    if textual:
        if index < count - 1:
            return ", "
        return " and " if count == 2 else ", and "
    return "; " if notes else ""


def setup_citations(app: Sphinx) -> None:
    from accord.sphinxext.bibload import setup_bibload

    app.setup_extension("sphinxcontrib.bibtex")
    setup_bibload(app)
    bibstyle.register()
    for name in CITE_ROLES:
        domain, _, variant = name.partition(":")
        if variant:
            app.add_role_to_domain(domain, variant, CiteRole(), override=True)
        else:
            app.add_role(name, CiteRole(), override=True)
    app.add_directive("bibliography", Bibliography, override=True)
    app.add_transform(DropEmptyCitations)
    # After sphinxcontrib-bibtex has (re)loaded the bibliography at builder-inited.
    app.connect("builder-inited", _inherit_crossrefs, priority=900)
