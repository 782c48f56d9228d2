"""Figure numbers (numfig) without reading every doctree back after each edit.

After any change, Sphinx numbers the figures, tables and code blocks of the whole site again
(``TocTreeCollector.assign_figure_numbers``): it walks the toctree from the front page and
unpickles every document's doctree to find them. At 500 documents that is most of a one-paragraph
rebuild (3 of 4 s in ``accord serve``). The walk only looks at sections, toctrees and numbered
nodes, so this collector gives it, for each document, a skeleton holding just those, in document
order: the numbering is Sphinx's own code on a smaller tree, and so gives the same numbers. A
skeleton is made when its document's doctree file changes, and kept in the environment.

It also drops a re-read document's pickled bytes from Sphinx's in-memory cache
(``env._pickled_doctree_cache``): an application kept between builds (``accord serve``) would
otherwise go on reading the doctree of before the edit, for numbering and for writing.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx import addnodes
from sphinx.domains.std import StandardDomain
from sphinx.environment.collectors.toctree import TocTreeCollector

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

#: docname -> (the doctree file's stamp, its skeleton); pickled with the environment.
ATTRIBUTE = "accord_figure_skeletons"


def _stamp(env: BuildEnvironment, docname: str) -> tuple[int, int]:
    stat = (Path(env.doctreedir) / f"{docname}.doctree").stat()
    return stat.st_mtime_ns, stat.st_size


def _figtype(env: BuildEnvironment, node: nodes.Element) -> str | None:
    """What the walk numbers ``node`` as (Sphinx's ``get_figtype``): a captioned figure, table or
    code block, or a node another domain enumerates."""
    for domain in env.domains.sorted():
        figtype = domain.get_enumerable_node_type(node)
        if isinstance(domain, StandardDomain) and not domain.get_numfig_title(node):
            continue
        if figtype:
            return figtype
    return None


def _bare(env: BuildEnvironment, node: nodes.Element) -> nodes.Element:
    """A numbered node with what decides its number: its caption or title, and (for a code
    block) that it holds a literal block; the rest is pruned like any other content."""
    std = env.domains.standard_domain
    if node.__class__ not in std.enumerable_nodes or std.enumerable_nodes[node.__class__][1] is not None:
        return node.deepcopy()  # another domain's node, or a title read by an extension's function
    bare = node.copy()
    for child in node.children:
        if isinstance(child, (nodes.caption, nodes.title)):
            bare.append(child.deepcopy())
        elif isinstance(child, nodes.literal_block):
            bare.append(child.copy())
    return _pruned(env, node, bare)  # a figure inside a table is numbered too


def skeleton(env: BuildEnvironment, doctree: nodes.Element) -> nodes.Element:
    """``doctree`` without what the numbering walk passes over: the elements that are neither a
    section, a toctree nor a numbered node, and hold none. The root is a plain
    element: a document node would carry its settings, and they the environment."""
    kept = _pruned(env, doctree, nodes.Element())
    for part in kept.findall():
        part._document = None  # type: ignore[union-attr]  # pickled alone, not with its document
    return kept


def _pruned(env: BuildEnvironment, tree: nodes.Element, kept: nodes.Element) -> nodes.Element:
    for child in tree.children:
        if not isinstance(child, nodes.Element):
            continue
        if isinstance(child, addnodes.toctree):
            kept.append(child.deepcopy())
        elif not isinstance(child, nodes.section) and _figtype(env, child):
            kept.append(_bare(env, child))
        else:
            inner = _pruned(env, child, child.copy())
            if inner.children:
                kept.append(inner)
    return kept


class _Skeletons:
    """The environment as the numbering walk sees it: each doctree is its skeleton."""

    def __init__(self, env: BuildEnvironment) -> None:
        object.__setattr__(self, "_env", env)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._env, name)

    def __setattr__(self, name: str, value: Any) -> None:
        setattr(self._env, name, value)

    def get_doctree(self, docname: str) -> nodes.Element:
        env = self._env
        store: dict[str, tuple[tuple[int, int], nodes.Element]] = env.__dict__.setdefault(ATTRIBUTE, {})
        stamp = _stamp(env, docname)
        found = store.get(docname)
        if found is None or found[0] != stamp:
            found = store[docname] = (stamp, skeleton(env, env.get_doctree(docname)))
        return found[1]


class FigureNumbers(TocTreeCollector):
    """Sphinx's toctree collector, numbering figures on skeletons."""

    def assign_figure_numbers(self, env: BuildEnvironment) -> list[str]:
        return super().assign_figure_numbers(_Skeletons(env))  # type: ignore[arg-type]

    def clear_doc(self, app: Sphinx, env: BuildEnvironment, docname: str) -> None:
        super().clear_doc(app, env, docname)
        getattr(env, "_pickled_doctree_cache", {}).pop(docname, None)
        env.__dict__.get(ATTRIBUTE, {}).pop(docname, None)


def setup_fignumbers(app: Sphinx) -> None:
    # Sphinx registers its own collector before any extension: this one takes its place.
    for listener in list(app.events.listeners.get("env-get-updated", ())):
        owner = getattr(listener.handler, "__self__", None)
        if type(owner) is TocTreeCollector:
            owner.disable(app)
    app.add_env_collector(FigureNumbers)
