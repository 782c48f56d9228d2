"""The content of a citation role, parsed once for the check and the build.

The grammar is sphinxcontrib-bibtex's (``citation_target.py`` and Sphinx's ``XRefRole``), so
that what editors copy from a MyST book or lecture series means here what it means there:

- ``key`` or ``key1, key2``: one or more keys, separated by commas;
- ``{see}key{p. 2}``: a note before and a note after each key, in braces;
- ``McKiernan et al. 2016 <McKiernan2016Open>``: a custom text shown in place of the usual
  citation text, with the keys between angle brackets.

Offsets are into the role content as written, so that a rule can report each key at its column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Sphinx's explicit title (sphinx.util.nodes.explicit_title_re), without importing Sphinx: the
# pre-commit path checks documents without it.
_EXPLICIT = re.compile(r"^(.+?)\s*(?<!\x00)<(.*?)>\s*$", re.DOTALL)
# sphinxcontrib.bibtex.citation_target._re_citation_target
_TARGET = re.compile(r"\s*([{](?P<pre>[^{}]+)[}])?\s*(?P<key>[^{}\s,]+)\s*([{](?P<post>[^{}]+)[}])?\s*")

#: What a malformed citation should look like, for hints.
FORMS = "{cite:p}`key1, key2`, {cite:p}`{see}key{p. 2}` or {cite:t}`custom text <key>`"


@dataclass(frozen=True)
class Target:
    key: str
    pre: str
    post: str
    offset: int  # of the key in the role content


@dataclass(frozen=True)
class Citation:
    targets: tuple[Target, ...]
    text: str | None = None  # the custom text, if any
    error: str | None = None  # what is malformed, at ``error_offset``
    error_offset: int = 0

    @property
    def keys(self) -> list[str]:
        return [target.key for target in self.targets]


def parse(content: str) -> Citation:
    """The targets of a citation role's content; ``error`` says where it stops making sense.

    Empty content (or only a custom text) gives no targets and no error: the rule that wants at
    least one key says so in its own words.
    """
    text = None
    start = 0
    explicit = _EXPLICIT.match(content)
    if explicit:
        text = explicit[1].strip()
        start = explicit.start(2)
        targets = explicit[2]
    else:
        targets = content
    found: list[Target] = []
    if not targets.strip():
        return Citation((), text)
    at = 0
    while True:
        match = _TARGET.match(targets, at)
        if match is None:
            return Citation(tuple(found), text, _what(targets, at), start + _skip_space(targets, at))
        found.append(
            Target(
                match["key"],
                (match["pre"] or "").strip(),
                (match["post"] or "").strip(),
                start + match.start("key"),
            )
        )
        at = match.end()
        if at >= len(targets):
            return Citation(tuple(found), text)
        if targets[at] != ",":
            return Citation(tuple(found), text, f"',' expected before {targets[at:]!r}", start + at)
        at += 1


def _skip_space(text: str, at: int) -> int:
    return len(text) - len(text[at:].lstrip()) if text[at:].strip() else at


def _what(targets: str, at: int) -> str:
    rest = targets[at:].strip()
    if not rest:
        return "a key expected after ','"
    if rest.startswith("{"):
        return f"a key expected after the note {rest.split('}', 1)[0]}}}"
    return f"a key expected, found {rest!r}"


def where(content: str, line: int, column: int, offset: int) -> tuple[int, int]:
    """The line and column of ``offset`` in role content that starts at ``line``:``column``."""
    before = content[:offset]
    breaks = before.count("\n")
    if not breaks:
        return line, column + offset
    return line + breaks, offset - before.rfind("\n")
