"""After a document's PDF fails to compile: which part of it Typst refuses, at its line.

Typst's errors name no place in the generated source that an editor could find. So, only when a
compile fails, each image and each formula of the document is compiled on its own; those that
fail become problems at their node (BUILD005 for an image, BUILD008 for a formula), instead of
one BUILD006 for the whole document.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from docutils import nodes

from accord.catalogue import CODES
from accord.pdf import escape
from accord.pdf.problems import Problem


def culprits(
    doctree: nodes.document,
    formulas: list[tuple[nodes.Node, str]],
    *,
    srcdir: Path,
    batch: Any,
    math_fonts: list[str],
    text_fonts: list[str],
) -> Iterator[Problem]:
    for node in doctree.findall(nodes.image):
        uri = str(node.get("uri", ""))
        if "://" in uri or not (srcdir / uri).is_file():
            continue
        error = batch.probe(f"#image({escape.string('/' + Path(uri).as_posix())})")
        if error:
            yield Problem("BUILD005", f"{CODES['BUILD005'].rule}: {uri!r}: {error}", node)
    # The fonts as template.typ sets them: the text fonts for the page, the math fonts first in formulas.
    setup = (
        f"#set text(font: {escape.strings(tuple(text_fonts))})\n"
        f"#show math.equation: set text(font: {escape.strings((*math_fonts, *text_fonts))})\n"
    )
    for node, formula in formulas:
        error = batch.probe(f"{setup}$ {formula} $")
        if error:
            latex = " ".join(node.astext().split())
            yield Problem("BUILD008", f"{CODES['BUILD008'].rule}: Typst: {error} in '{latex[:60]}'", node)
