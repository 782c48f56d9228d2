"""``accord explain CODE``: the rule, a wrong and a fixed example, and the section of the
documentation that says more (the first section of CONTRIBUTING.md, README.md or tools/README.md
that names the code, else the section for its family)."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from accord.catalogue import CODES
from accord.fixes import FIXED

#: The documentation, in the order it is searched; paths from the repository root.
DOCS = ("CONTRIBUTING.md", "README.md", "tools/README.md")
#: Where each family of codes is explained when no section names the code itself.
FAMILY = {
    "META": ("CONTRIBUTING.md", "The front matter: the box of facts at the top"),
    "CITE": ("CONTRIBUTING.md", "Citing a source"),
    "BIB": ("CONTRIBUTING.md", "What the checks ask of a bibliography entry"),
    "LINK": ("CONTRIBUTING.md", "Checking that links still work"),
    "XREF": ("CONTRIBUTING.md", "Linking to another paper or a web page"),
    "SAFE": ("CONTRIBUTING.md", "What is not allowed, and why"),
    "BUILD": ("tools/README.md", None),
    "CONS": ("CONTRIBUTING.md", "Comments and responses: the record of a consultation"),
    "LANG": ("CONTRIBUTING.md", "Translations"),
}
_HEADING = re.compile(r"^(#{1,4}) (.+)$")
_FENCED = re.compile(r"^(```|~~~).*?^\1", re.MULTILINE | re.DOTALL)


def anchor(heading: str) -> str:
    """GitHub's anchor for a heading: lowercase, punctuation dropped, spaces as hyphens."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


@cache
def _sections(root: Path) -> list[tuple[str, str, str]]:
    """(file, heading, text) for every section of the documentation."""
    found = []
    for name in DOCS:
        path = root / name
        if not path.is_file():
            continue
        heading, lines, fenced = "", [], False
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith(("```", "~~~")):
                fenced = not fenced
            if not fenced and (match := _HEADING.match(line)):
                found.append((name, heading, "\n".join(lines)))
                heading, lines = match[2], []
            else:
                lines.append(line)
        found.append((name, heading, "\n".join(lines)))
    return found


def more(code: str, root: Path) -> str | None:
    """Where the documentation says more: ``FILE#anchor (Heading)``, or None."""
    pattern = re.compile(rf"\b{code}\b")
    for name, heading, text in _sections(root):
        # A code inside a fenced block is an example of output, not an explanation.
        if heading and pattern.search(_FENCED.sub("", text)):
            return f"{name}#{anchor(heading)} ({heading})"
    family = FAMILY.get(re.sub(r"\d+$", "", code))
    if family is None or not (root / family[0]).is_file():
        return None
    name, heading = family
    return f"{name}#{anchor(heading)} ({heading})" if heading else name


def _indented(text: str) -> str:
    return text.replace("\n", "\n           ")


def explain(code: str, root: Path) -> str:
    entry = CODES[code]
    lines = [
        f"{entry.code} ({entry.severity}): {entry.rule}",
        f"    wrong: {_indented(entry.example)}",
        f"    fixed: {_indented(FIXED.get(code, '(no example yet)'))}",
    ]
    if (where := more(code, root)) is not None:
        lines.append(f"    more:  {where}")
    return "\n".join(lines)
