"""Citations: each document gets its own reference list, at a cost independent of the others.

sphinxcontrib-bibtex matches its global ``{bibliography}`` lists against every citation of every
document on each build, which grows with documents x entries x citations (minutes at 500
documents). Its footnote machinery is local to one document. Accord binds that machinery to the
roles editors write (``{cite:p}``, ``{cite:t}`` ...) and ``checking`` appends a reference list to
each document that cites.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: Appended to a document that cites: its own numbered reference list.
REFERENCES = "\n\n## References\n\n```{footbibliography}\n```\n"


def setup_citations(app: Sphinx) -> None:
    app.setup_extension("sphinxcontrib.bibtex")
    from sphinxcontrib.bibtex.domain import BibtexDomain
    from sphinxcontrib.bibtex.foot_roles import FootCiteRole

    app.add_role("cite", FootCiteRole(), override=True)
    for name in BibtexDomain.roles:
        app.add_role_to_domain("cite", name, FootCiteRole(), override=True)
