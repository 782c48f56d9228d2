"""No circle in the site's toctrees: Sphinx walks them recursively without remembering where it
has been (sphinx.environment._traverse_toctree), so a circle is a RecursionError, not a message.

A document's own toctree lists web addresses only (SAFE016, accord.checks.urls); the pages
(index.md, options.md, the index pages) may list documents, so a circle can still be written
there. Once every document is read, before anything walks the toctrees, the entry that closes a
circle is dropped, and a warning (BUILD035) names the page that holds it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from accord.diagnostics import make
from accord.sphinxext.checking import emit

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment


def circles(root: str, includes: dict[str, list[str]]) -> list[tuple[str, str]]:
    """The (parent, child) entries that close a circle, walking from ``root`` depth first,
    without recursion (a walk is as deep as the toctrees are)."""
    closing: list[tuple[str, str]] = []
    on_path: set[str] = {root}
    done: set[str] = set()
    stack = [(root, iter(includes.get(root, ())))]
    while stack:
        parent, children = stack[-1]
        child = next(children, None)
        if child is None:
            stack.pop()
            on_path.discard(parent)
            done.add(parent)
        elif child in on_path:
            closing.append((parent, child))
        elif child not in done:
            on_path.add(child)
            stack.append((child, iter(includes.get(child, ()))))
    return closing


def _break_circles(app: Sphinx, env: BuildEnvironment) -> list[str]:
    for parent, child in circles(app.config.root_doc, env.toctree_includes):
        env.toctree_includes[parent] = [name for name in env.toctree_includes[parent] if name != child]
        path = Path(env.doc2path(parent)).relative_to(env.srcdir).as_posix()
        emit(make("BUILD035", path, 1, 1, child), parent)
    return []


def setup_toctrees(app: Sphinx) -> None:
    # Before sphinxcontrib-bibtex's env-updated handler (priority 500), the first to walk them.
    app.connect("env-updated", _break_circles, priority=100)
