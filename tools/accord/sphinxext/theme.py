"""The site's look: the stylesheet, the announcement banner, the version switcher, the 'edit this
page' link and the footer (organisation, licence, contact, feed and statements.json).

Two of the theme's components are replaced (templates/): their fixed aria-labels did not
contain the text the buttons show, which screen-reader and voice-control users rely on."""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from accord.editions.site import STATEMENTS
from accord.feed import FEED_FILE
from accord.sphinxext.config import get_settings
from accord.sphinxext.notices import notice_text

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

STATIC = Path(__file__).parent / "static"
TEMPLATES = Path(__file__).parent / "templates"
#: SPDX's page of a licence, from its identifier.
SPDX_URL = "https://spdx.org/licenses/{}.html"


def _configure(app: Sphinx, config: Config) -> None:
    repo = get_settings(config)
    options = dict(config.html_theme_options or {})
    _, sentence = notice_text(app)
    # The bar says what the build is on pages without a notice of their own (search, index); a
    # page with one drops it (_one_notice). The theme puts it into the page as HTML, and it holds
    # the organisation setting: escaped.
    options.setdefault("announcement", html.escape(sentence))
    # The version switcher reads the site's versions.json when the page is opened, so that an
    # edition lists the editions published after it without being rebuilt.
    options.setdefault(
        "switcher",
        {"json_url": config.accord_versions_url, "version_match": config.accord_edition or "draft"},
    )
    options.setdefault("check_switcher", False)  # versions.json exists on the site, not in the source
    # The sidebar lists the documents of a kind, never their sections (each page has its own "On
    # this page"): one level. Deeper, Sphinx copies every document's sections into the sidebar
    # for the theme to remove again, a tenth of a one-document rebuild at 500 documents.
    options.setdefault("navigation_depth", 1)
    navbar_end = list(options.get("navbar_end", ["theme-switcher", "navbar-icon-links"]))
    if "version-switcher" not in navbar_end:
        navbar_end.insert(0, "version-switcher")
    options["navbar_end"] = navbar_end
    if repo.repository and "/" in repo.repository:
        # The theme's templates put these into href attributes unescaped: settings.load checked
        # their shape, and percent-quoting keeps any character git allows from ending the attribute.
        user, name = (quote(part, safe="") for part in repo.repository.split("/", 1))
        options.setdefault("use_edit_page_button", True)
        options.setdefault("github_url", f"https://github.com/{user}/{name}")
        context = dict(config.html_context or {})
        context.setdefault("github_user", user)
        context.setdefault("github_repo", name)
        context.setdefault("github_version", quote(repo.branch, safe="/"))
        context.setdefault("doc_path", "")
        config.html_context = context
    footer_start = list(options.get("footer_start", ["copyright"]))
    if "accord-footer" not in footer_start:
        footer_start.insert(0, "accord-footer")
    options["footer_start"] = footer_start
    config.html_theme_options = options
    config.html_static_path = [*config.html_static_path, str(STATIC)]
    # After the repository's own templates, so that a coalition can still replace ours.
    config.templates_path = [*config.templates_path, str(TEMPLATES)]


def footer(app: Sphinx) -> dict[str, str]:
    """What the footer shows, escaped for HTML: empty values are left out by the template."""
    repo = get_settings(app.config)
    organisation = repo.organisation.strip()
    # The print helper's `licence` setting (an SPDX id); read leniently, as older settings lack it.
    licence = str(getattr(repo, "licence", "") or "").strip()
    # Without a contact of its own, the consultation's address is where readers can write.
    contact = repo.contact.strip() or str(getattr(repo, "consultation_email", "") or "").strip()
    feed = f"{repo.base_url.rstrip('/')}/{FEED_FILE}" if repo.base_url else ""
    values = {
        # It starts a line: "the Accord coalition" becomes "The Accord coalition".
        "organisation": organisation[:1].upper() + organisation[1:],
        "licence": licence,
        # One SPDX id has a page of its own; an expression ("MIT OR CC-BY-4.0") is shown as text.
        "licence_url": SPDX_URL.format(licence) if re.fullmatch(r"[A-Za-z0-9.+-]+", licence) else "",
        "contact": contact,
        "contact_url": contact if "://" in contact else f"mailto:{contact}" if contact else "",
        # The feed is written at the site's root by `accord edition publish`, which needs base-url.
        "feed_url": feed,
        "statements": STATEMENTS,
    }
    return {key: html.escape(value, quote=True) for key, value in values.items()}


def _escape_titles(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: object) -> None:
    """The site title is a setting: the theme prints it unescaped (header, search page), Sphinx's
    templates escape it; as Markup it is escaped once in both."""
    from markupsafe import Markup

    for key in ("docstitle", "shorttitle"):
        value = context.get(key)
        if isinstance(value, str) and not hasattr(value, "__html__"):
            context[key] = Markup(html.escape(value))
    edition = app.config.accord_edition
    if edition and context.get("docstitle"):
        # Every tab and bookmark names the edition it shows; the header keeps the short title,
        # which must fit a phone.
        logo = dict(context.get("theme_logo") or {})
        logo.setdefault("text", context["docstitle"])
        context["theme_logo"] = logo
        context["docstitle"] = context["docstitle"] + Markup(html.escape(f" (edition {edition})"))


def _one_notice(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: object) -> None:
    """A page whose body says what it is does not say it again in the bar above it."""
    from docutils import nodes

    if isinstance(doctree, nodes.document) and any(
        "accord-notice" in node["classes"] for node in doctree.findall(nodes.container)
    ):
        context["theme_announcement"] = ""


def _footer_context(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: object) -> None:
    context["accord_footer"] = footer(app)


def setup_theme(app: Sphinx) -> None:
    app.connect("config-inited", _configure, priority=600)
    app.connect("html-page-context", _one_notice)
    app.connect("html-page-context", _escape_titles)
    app.connect("html-page-context", _footer_context)
    app.add_css_file("accord.css")
    app.add_js_file("accord-editions.js", defer="defer")
