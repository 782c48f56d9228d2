"""Math in web pages as MathML, written at build time.

Why MathML and not MathJax: Sphinx's default renderer loads MathJax from a CDN, so every page
with a formula would make readers' browsers fetch a third-party script (and show raw LaTeX
offline). MathML is rendered by the browsers themselves (Chromium since 109, Firefox, Safari), needs no
script and is read by screen readers. latex2mathml (pure Python, maintained) converts; its own
``convert`` un-escapes the text it wrote (``\\text{<b>}`` would become markup), so the element
tree is serialised here, keeping only presentational attributes (no ``href``, ``style`` or
``class`` from ``\\href``, ``\\style`` or ``\\class``).

A formula latex2mathml cannot read is a BUILD008 warning at its line and shows as its LaTeX.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.util import logging

from accord.catalogue import CODES
from accord.formulas import HINTS, equations, to_mathml, to_typst, unnumbered

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.writers.html5 import HTML5Translator

logger = logging.getLogger(__name__)

RENDERER = "accord-mathml"


def _render(translator: HTML5Translator, node: nodes.Element, latex: str, *, block: bool) -> str:
    # latex2mathml forgives an unclosed brace that print refuses: the page and the PDF agree on
    # what is well-formed by asking the print converter first.
    converted = to_typst(latex)
    problem = converted.problem if converted.code == "BUILD008" else ""
    if not problem:
        try:
            return to_mathml(latex, block=block)
        except ValueError as error:
            problem = f"{error} in '{' '.join(latex.split())[:60]}'"
    code = "BUILD008"
    logger.warning(
        f"{code} {CODES[code].rule}: {problem} (hint: {HINTS[code]})",
        location=node,
        type="accord",
        subtype=code,
    )
    return f"<code>{translator.encode(latex)}</code>"


def visit_math(translator: HTML5Translator, node: nodes.math) -> None:
    translator.body.append(translator.starttag(node, "span", "", CLASS="math notranslate"))
    translator.body.append(_render(translator, node, node.astext(), block=False) + "</span>")
    raise nodes.SkipNode


def visit_math_block(translator: HTML5Translator, node: nodes.math_block) -> None:
    translator.body.append(translator.starttag(node, "div", CLASS="math notranslate"))
    if node.get("number"):
        from sphinx.util.math import get_node_equation_number

        number = get_node_equation_number(translator, node)
        translator.body.append(f'<span class="eqno">({translator.encode(number)})</span>')
    latex = node.astext()
    # Sphinx numbers an environment once (the eqno above); latex2mathml would number each row of
    # an align as well, so it gets the unnumbered form.
    latex = unnumbered(latex)
    # Sphinx's {math} directive: equations separated by a blank line are shown one under another.
    parts = equations(latex, nowrap=bool(node.get("nowrap")))
    rendered = "".join(_render(translator, node, part, block=True) for part in parts)
    translator.body.append(rendered + "</div>\n")
    raise nodes.SkipNode


_RANDOM_ID = re.compile(r"^equation-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


def stable_equation_ids(app: Sphinx, doctree: nodes.document) -> None:
    """MyST numbers a LaTeX environment (amsmath) under a random uuid, which would change the
    bytes of every build (editions must be reproducible). No author can refer to it, so its
    anchor becomes ``equation-env-N``, N counting such environments in the document."""
    count = 0
    for node in doctree.findall(nodes.Element):
        ids = node.get("ids", [])
        if any(_RANDOM_ID.match(node_id) for node_id in ids):
            count += 1
            node["ids"] = [f"equation-env-{count}" if _RANDOM_ID.match(i) else i for i in ids]


def setup_mathml(app: Sphinx) -> None:
    # The only renderer besides Sphinx's MathJax: the HTML builders choose it without configuration.
    app.add_html_math_renderer(RENDERER, (visit_math, None), (visit_math_block, None))
    app.connect("doctree-read", stable_equation_ids)
