"""Keep untrusted content inert in the output, whatever the checks said.

The SAFE rules fail the build; this transform is the second line: raw output is shown as text,
and script links lose their target (outside files: accord.sphinxext.files).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.transforms import SphinxTransform

from accord.checks.safety import html_verdict, is_unsafe_url
from accord.sphinxext.config import get_settings

if TYPE_CHECKING:
    from sphinx.application import Sphinx


class NeutraliseUnsafeContent(SphinxTransform):
    # After MyST and docutils have built the tree, before Sphinx collects images.
    default_priority = 100

    def apply(self, **kwargs: object) -> None:
        allowed = frozenset(tag.lower() for tag in get_settings(self.config).allowed_html)
        for raw in list(self.document.findall(nodes.raw)):
            formats = raw.get("format", "").split()
            text = raw.astext()
            if "html" in formats and html_verdict(text, allowed) is None:
                if not text.strip().startswith("<!--"):
                    continue  # allow-listed tags stay
                raw.parent.remove(raw)  # comments are for editors, not readers
                continue
            raw.replace_self(
                nodes.literal_block(text, text) if "\n" in text.strip() else nodes.literal(text, text)
            )
        for reference in self.document.findall(nodes.reference):
            if is_unsafe_url(reference.get("refuri", "")):
                del reference["refuri"]


def setup_safety(app: Sphinx) -> None:
    app.add_transform(NeutraliseUnsafeContent)
