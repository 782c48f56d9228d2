"""The Accord Sphinx extension: metadata domain, checks, notices, indexes and safe output.

``setup`` stays thin: each feature module registers its own nodes, events and directives.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from accord import __version__

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def setup(app: Sphinx) -> dict[str, object]:
    from accord import pdf
    from accord.sphinxext import (
        checking,
        citations,
        config,
        consultation,
        datafiles,
        domain,
        endorsements,
        files,
        indexes,
        mathml,
        notices,
        options,
        registry,
        reuse,
        safety,
        theme,
        toctrees,
    )
    from accord.sphinxext.crosswalk import setup_crosswalk
    from accord.sphinxext.fignumbers import setup_fignumbers
    from accord.sphinxext.languages import setup_languages
    from accord.sphinxext.paragraphs import setup_paragraphs
    from accord.sphinxext.search import setup_search
    from accord.sphinxext.searchfacts import setup_searchfacts
    from accord.sphinxext.servebanner import setup_servebanner
    from accord.sphinxext.signatories import setup_signatories
    from accord.sphinxext.templatecache import setup_templatecache
    from accord.sphinxext.translations import setup_translations
    from accord.sphinxext.withheld import setup_withheld

    config.setup_config(app)
    citations.setup_citations(app)
    domain.setup_domain(app)
    checking.setup_checking(app)
    setup_withheld(app)
    safety.setup_safety(app)
    files.setup_files(app)
    toctrees.setup_toctrees(app)
    notices.setup_notices(app)
    indexes.setup_indexes(app)
    theme.setup_theme(app)
    setup_paragraphs(app)
    setup_translations(app)
    setup_languages(app)
    setup_search(app)
    setup_crosswalk(app)
    pdf.setup_pdf(app)
    datafiles.setup_datafiles(app)
    options.setup_options(app)
    endorsements.setup_endorsements(app)
    setup_signatories(app)
    consultation.setup_consultation(app)
    setup_servebanner(app)
    setup_fignumbers(app)
    setup_templatecache(app)
    reuse.setup_reuse(app)
    mathml.setup_mathml(app)
    registry.setup_registry(app)
    setup_searchfacts(app)
    return {
        "version": __version__,
        "env_version": 2,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
