"""The directive and role names a Sphinx application knows, for the check that runs without it.

``accord check`` never starts Sphinx (accord.names). With the extensions of Accord's own conf.py it
uses the list in accord.knownnames, which tests/test_names.py compares with this registry; a
repository that adds extensions gets its names from the cache that every build writes here.
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING

from docutils.parsers.rst import directives, roles
from docutils.parsers.rst.languages import en

from accord import names

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: Domains whose names also work without their prefix: Sphinx looks a bare name up in the
#: primary domain (conf.py's primary_domain) and then in the standard domain.
_BARE_DOMAINS = ("std",)


def registered(app: Sphinx) -> tuple[frozenset[str], frozenset[str]]:
    """(directive names, role names) as a document of ``app`` may write them, lowercase."""
    found_directives = {*directives._directive_registry, *directives._directives, *en.directives}
    found_roles = {*roles._role_registry, *roles._roles, *en.roles}
    bare = {*_BARE_DOMAINS, app.config.primary_domain or ""}
    for domain in app.env.domains.sorted():
        for name in domain.directives:
            found_directives.add(f"{domain.name}:{name}")
            if domain.name in bare:
                found_directives.add(name)
        for name in domain.roles:
            found_roles.add(f"{domain.name}:{name}")
            if domain.name in bare:
                found_roles.add(name)
    return (
        frozenset(name.lower() for name in found_directives),
        frozenset(name.lower() for name in found_roles),
    )


def module_text(app: Sphinx) -> str:
    """The source of accord.knownnames for ``app`` (tests/test_names.py writes it)."""
    found_directives, found_roles = registered(app)

    def block(values: frozenset[str]) -> str:
        text = " ".join(sorted(values))
        return textwrap.fill(text, width=96, break_on_hyphens=False, break_long_words=False)

    return (
        '"""Directive and role names that Sphinx knows with the extensions of Accord\'s conf.py.\n\n'
        "Generated from a real Sphinx application by tests/test_names.py (ACCORD_UPDATE_GOLDEN=1);\n"
        'do not edit. accord.names explains how the check uses it."""\n\n'
        "from __future__ import annotations\n\n"
        f"EXTENSIONS: tuple[str, ...] = ({', '.join(map(json.dumps, app.config.extensions))})\n\n"
        f'_DIRECTIVES = """\n{block(found_directives)}\n"""\n'
        f'_ROLES = """\n{block(found_roles)}\n"""\n\n'
        "DIRECTIVES = frozenset(_DIRECTIVES.split())\n"
        "ROLES = frozenset(_ROLES.split())\n"
    )


def _record(app: Sphinx) -> None:
    # Extensions and conf.py's setup() have run by now; the names go where the check of this
    # repository looks, under the key it computes from conf.py.
    extensions = names.extensions_of(Path(app.srcdir))
    if extensions is not None and not set(extensions) <= set(names.knownnames.EXTENSIONS):
        names.remember(app.srcdir, extensions, *registered(app))


def setup_registry(app: Sphinx) -> None:
    app.connect("builder-inited", _record)
