"""Each page's language: ``lang`` and ``dir`` on ``<html>``, ``hreflang`` alternates of a document's
family, and the words the theme, Sphinx and the banner print, in the page's language.

The theme (pydata-sphinx-theme) sets ``html_tag`` and extends ``basic/layout.html``; Accord's
``templates/basic/layout.html`` sits between the two, so its ``html_tag`` (with ``dir``) is the one
printed.
"""

from __future__ import annotations

import html
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from accord.sphinxext.translations import family, page_language
from accord.translations import model

if TYPE_CHECKING:
    from sphinx.application import Sphinx

TEMPLATES = Path(__file__).parent / "templates"


def _page_context(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: object) -> None:
    tag = page_language(app, pagename)
    context["language"] = tag
    context["accord_dir"] = model.direction(tag)
    _page_words(app, tag, context)
    members = family(app, pagename)
    if not members:
        return
    from accord.sphinxext.reuse import build_url

    base = build_url(app)
    links = []
    for member_tag, name in members:
        href = base + app.builder.get_target_uri(name) if base else context["pathto"](name)
        links.append(
            f'<link rel="alternate" hreflang="{html.escape(member_tag)}" href="{html.escape(href)}" />'
        )
    # Search engines want absolute addresses (with base-url); x-default, for readers of other
    # languages, is the source.
    source = base + app.builder.get_target_uri(members[0][1]) if base else context["pathto"](members[0][1])
    links.append(f'<link rel="alternate" hreflang="x-default" href="{html.escape(source)}" />')
    context["metatags"] = context.get("metatags", "") + "\n    " + "\n    ".join(links)


def _page_words(app: Sphinx, tag: str, context: dict) -> None:
    """The theme's and Sphinx's own words, and the announcement banner, in the page's language.

    The builder installs one gettext catalog (the build's language) into its template environment;
    each page installs its own language's before it is rendered, Sphinx's and the theme's catalogs
    first, then Accord's (pages render one after another in a process, so this is safe).
    """
    from accord.sphinxext.notices import notice_text

    site = notice_text(app)[1]
    if context.get("theme_announcement") == html.escape(site):
        context["theme_announcement"] = html.escape(notice_text(app, tag)[1])
    templates = getattr(app.builder, "templates", None)
    environment = getattr(templates, "environment", None)
    if environment is not None and hasattr(environment, "install_gettext_translations"):
        environment.install_gettext_translations(theme_catalog(app, tag))


def theme_catalog(app: Sphinx, tag: str) -> Any:
    """Sphinx's and the theme's ``sphinx`` catalogs for ``tag``; the build's own when it is the build's language."""
    if model.same(tag, app.config.language or "en"):
        return app.translator
    return _catalog(tag, tuple(str(d) for d in _theme_locale_dirs(app)))


def _theme_locale_dirs(app: Sphinx) -> list[Path]:
    import pydata_sphinx_theme
    import sphinx

    return [Path(pydata_sphinx_theme.__file__).parent / "locale", Path(sphinx.__file__).parent / "locale"]


@cache
def _catalog(tag: str, folders: tuple[str, ...]) -> Any:
    import gettext

    found: gettext.NullTranslations = gettext.NullTranslations()
    chain = []
    for folder in folders:
        for candidate in model.sphinx_locales(tag):
            if (Path(folder) / candidate / "LC_MESSAGES" / "sphinx.mo").is_file():
                chain.append(gettext.translation("sphinx", folder, [candidate]))
                break
    for catalog in chain:
        if found.__class__ is gettext.NullTranslations:
            found = catalog
        else:
            found.add_fallback(catalog)
    return found


def _configure(app: Sphinx, config: Any) -> None:
    config.templates_path = [str(TEMPLATES), *config.templates_path]


def setup_languages(app: Sphinx) -> None:
    app.connect("config-inited", _configure)
    app.connect("html-page-context", _page_context)
