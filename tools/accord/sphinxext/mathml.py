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

import html
import re
from typing import TYPE_CHECKING
from xml.etree.ElementTree import Element, tostring

from docutils import nodes
from sphinx.util import logging

from accord.catalogue import CODES

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.writers.html5 import HTML5Translator

logger = logging.getLogger(__name__)

_ALIGN = re.compile(r"\\(begin|end)\{align\}")

RENDERER = "accord-mathml"
_NAMESPACE = "http://www.w3.org/1998/Math/MathML"
# MathML Core's presentational attributes; everything else (href, style, class, id) is dropped.
_ATTRIBUTES = frozenset(
    {
        "display", "displaystyle", "mathvariant", "mathsize", "mathcolor", "stretchy", "fence",
        "separator", "lspace", "rspace", "largeop", "movablelimits", "symmetric", "minsize",
        "maxsize", "accent", "accentunder", "linethickness", "columnalign", "rowalign",
        "columnspacing", "rowspacing", "columnlines", "rowlines", "frame", "framespacing",
        "equalrows", "equalcolumns", "notation", "width", "height", "depth", "voffset",
        "scriptlevel", "form", "xmlns",
    }
)  # fmt: skip


def to_mathml(latex: str, *, block: bool) -> str:
    """``latex`` as a ``<math>`` element; ValueError when latex2mathml cannot read it."""
    from latex2mathml.converter import convert_to_element

    try:
        root = convert_to_element(latex, display="block" if block else "inline")
    except Exception as error:  # latex2mathml raises its own exception types, or IndexError
        raise ValueError(f"{type(error).__name__} {error}".strip()) from error
    for element in root.iter():
        _clean(element)
    return tostring(root, encoding="unicode", short_empty_elements=False)


def _clean(element: Element) -> None:
    # latex2mathml writes characters as entity references ("&#x0003D;") into the text.
    element.text = html.unescape(element.text) if element.text else element.text
    element.tail = html.unescape(element.tail) if element.tail else element.tail
    for name in list(element.attrib):
        if name not in _ATTRIBUTES:
            del element.attrib[name]
        else:
            element.attrib[name] = html.unescape(element.attrib[name])
    if element.tag == "math":
        element.set("xmlns", _NAMESPACE)


def _render(translator: HTML5Translator, node: nodes.Element, latex: str, *, block: bool) -> str:
    from accord.pdf.math import to_typst

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
        f"{code} {CODES[code].rule}: {problem} "
        "(hint: check that every brace and environment in the formula is closed)",
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
    latex = _ALIGN.sub(r"\\\1{align*}", latex)
    # Sphinx's {math} directive: equations separated by a blank line are shown one under another.
    parts = [latex] if node.get("nowrap") else [part for part in latex.split("\n\n") if part.strip()]
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
