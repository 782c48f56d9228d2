"""What the translator reports about a document, for the builder to log at the node's line."""

from __future__ import annotations

from dataclasses import dataclass

from docutils import nodes


@dataclass
class Problem:
    """Something the builder must report about the document: a code, a message and a node."""

    code: str
    message: str
    node: nodes.Node
