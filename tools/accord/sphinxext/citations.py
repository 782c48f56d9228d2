"""Citations: each document gets its own reference list, at a cost independent of the others.

sphinxcontrib-bibtex matches its global ``{bibliography}`` lists against every citation of every
document on each build, which grows with documents x entries x citations (minutes at 500
documents). Its footnote machinery is local to one document. Accord binds that machinery to the
roles editors write (``{cite:p}``, ``{cite:t}`` ...) and ``checking`` appends a reference list to
each document that cites.

A reference list is formatted when its document is read; ``{footbibliography}`` records the
bibliography as a dependency of its document, so editing an entry sends every citing document
back to be read.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from accord import bibstyle
from accord.corpus import Bibliography, read_bibliography
from accord.sphinxext.config import get_settings
from accord.sphinxext.domain import get_domain

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: Appended to a document that cites: its own numbered reference list.
REFERENCES = "\n\n## References\n\n```{footbibliography}\n```\n"


def bibliography(app: Sphinx) -> Bibliography:
    """The repository's bibliography, read once per build."""
    domain = get_domain(app.env)
    if domain.bibliography is None:
        domain.bibliography = read_bibliography(Path(app.srcdir), get_settings(app.config).bibliography)
    return domain.bibliography


def _inherit_crossrefs(app: Sphinx) -> None:
    bibstyle.inherit_crossrefs(app.env.get_domain("cite").bibdata.data.entries)


def setup_citations(app: Sphinx) -> None:
    app.setup_extension("sphinxcontrib.bibtex")
    from sphinxcontrib.bibtex.domain import BibtexDomain
    from sphinxcontrib.bibtex.foot_roles import FootCiteRole

    bibstyle.register()
    app.add_role("cite", FootCiteRole(), override=True)
    for name in BibtexDomain.roles:
        app.add_role_to_domain("cite", name, FootCiteRole(), override=True)
    # After sphinxcontrib-bibtex has (re)loaded the bibliography at builder-inited.
    app.connect("builder-inited", _inherit_crossrefs, priority=900)
