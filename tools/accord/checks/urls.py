"""SAFE rules on URLs and characters: every URL an editor can write has an allow-listed scheme.

The verdict is accord.urls.refusal, the same function the build applies to the final doctree.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from accord.bibtex import BibFile
from accord.checks.context import Context
from accord.corpus import Document
from accord.diagnostics import Diagnostic, make
from accord.markdown import Item
from accord.urls import CONTROL_CHARACTERS, refusal, runs, scheme
from accord.vocabulary import (
    HEADING_REFUSED_ROLES,
    PAGES,
    URL_ARGUMENT_DIRECTIVES,
    URL_OPTIONS,
    URL_ROLE_PREFIXES,
)

_HINT = "link an https:// address, a relative path or a #fragment"
_IMAGE_HINT = "put the image in the repository and give its relative path, or an https:// address"

# What markdown-it leaves as text when it refuses a link target: [x](target), <target>, [x]: target.
_TEXT_TARGETS = re.compile(
    r"\]\(\s*(<[^>\n]*>|\S+)|<([^\s<>/][^\s<>]*(?::|%3[Aa])[^\s<>]*)>|^\s*\[[^\]]+\]:\s*(\S+)"
)
# A toctree entry: "Title <target>" or a bare target.
_ENTRY = re.compile(r"^(.*?)<([^<>]+)>\s*$")
# What Sphinx's toctree reads as a URL (sphinx.util.url_re) rather than a document name or pattern:
# a document entry in a document's toctree gives it a second parent or a circle, which makes
# Sphinx recurse without end (sphinx.environment._traverse_toctree).
_TOCTREE_URL = re.compile(r".+://")
# MyST's scheme for a reference into another project's inventory: intersphinx must fetch the
# inventory, and a build fetches nothing, so every such link fails the build ("No matches").
_INVENTORY = "inv"
# The sphinx-design option that says whether :link: is a URL (the default) or a name.
_LINK_TYPE = "link-type"


def _refused(
    url: str, item: Item, doc: Document, *, column: int | None = None, **kind: bool
) -> Iterator[Diagnostic]:
    """SAFE003 at ``item`` when accord.urls refuses ``url`` (``kind``: source= or image=)."""
    why = refusal(url, **kind)
    if why is not None:
        yield make(
            "SAFE003",
            doc.path,
            item.line,
            item.column if column is None else column,
            detail=f"{url!r} ({why})",
            hint=_IMAGE_HINT if kind.get("image") else _HINT,
        )


def links(doc: Document, ctx: Context) -> Iterator[Diagnostic]:
    """Links, autolinks, reference definitions, images and {download} targets use an
    allow-listed scheme or none; in the title too, which MyST renders as the heading."""
    for item in [*doc.items, *doc.title_items]:
        if item.kind == "link":
            yield from _refused(item.value, item, doc, source=True)
            if scheme(item.value) == _INVENTORY:
                hint = "link the page's https:// address instead"
                yield make("SAFE018", doc.path, item.line, item.column, item.value, hint=hint)
        elif item.kind == "image":
            yield from _refused(item.value, item, doc, image=True)
        elif item.kind == "role" and item.name.startswith(URL_ROLE_PREFIXES):
            found = _ENTRY.match(item.value.strip())
            yield from _refused(found[2] if found else item.value.strip(), item, doc)
        elif item.kind == "role" and item.name == "download":
            # {download}`text <target>`: a target with :// becomes a link (Sphinx).
            found = _ENTRY.match(item.value.strip())
            yield from _refused(found[2] if found else item.value.strip(), item, doc)
        elif item.kind == "text":
            for found in _TEXT_TARGETS.finditer(item.value):
                group = next(g for g in (1, 2, 3) if found[g] is not None)
                target = found[group].strip("<>")
                while target.count(")") > target.count("("):
                    target = target[:-1]
                # Text is not a link: only a target that would run is an attempt worth refusing
                # ('[x](rorcid: https://...)', a broken link, reaches the page as plain text).
                if runs(target):
                    yield from _refused(
                        target, item, doc, column=item.column + found.start(group), source=True
                    )


def directives(doc: Document, ctx: Context) -> Iterator[Diagnostic]:
    """Directive arguments and options that are URLs ({button-link}, {image}, :link:, :target:),
    and the entries of a {toctree}, use an allow-listed scheme or none."""
    options: list[Item] = []
    for item in [*doc.items, Item("end", "", "", 0, 0)]:
        if item.kind != "option" and options:
            yield from _options(options, doc)
            options = []
        if item.kind == "option":
            options.append(item)
        elif item.kind == "directive" and item.name in URL_ARGUMENT_DIRECTIVES and item.value:
            # docutils joins a URL argument's words (directives.uri): the whole argument is the URL.
            yield from _refused(item.value, item, doc, image=item.name != "button-link")
        elif item.kind == "body" and item.name == "toctree":
            yield from _toctree(item, doc)


def _options(options: list[Item], doc: Document) -> Iterator[Diagnostic]:
    keys = {option.name.split(":")[-1]: option.value.strip() for option in options}
    for option in options:
        directive, _, key = option.name.rpartition(":")
        if key not in URL_OPTIONS or not option.value:
            continue
        # docutils reads a choice case-folded (directives.choice): ":link-type: URL" is a URL.
        if key == "link" and keys.get(_LINK_TYPE, "url").lower() != "url":
            continue  # a document or label name, resolved by Sphinx
        image = key.startswith("img-") or (key == "url" and directive == "csv-table")
        yield from _refused(option.value, option, doc, image=image)


def _toctree(item: Item, doc: Document) -> Iterator[Diagnostic]:
    for number, line in enumerate(item.value.splitlines()):
        entry = line.strip()
        if not entry or entry.startswith(":"):
            continue
        found = _ENTRY.match(entry)
        target = found[2] if found else entry
        column = len(line) - len(line.lstrip()) + (found.start(2) if found else 0) + 1
        where = Item("entry", "", target, item.line + number, column)
        refused = list(_refused(target, where, doc))
        yield from refused
        if not refused and doc.path not in PAGES and target != "self" and not _TOCTREE_URL.match(target):
            yield make(
                "SAFE016",
                doc.path,
                where.line,
                column,
                target,
                hint="link the document in the text instead: [title](other.md)",
            )


def heading_roles(doc: Document, ctx: Context) -> Iterator[Diagnostic]:
    """Roles that make a file link cannot sit in a heading (the table of contents copies it)."""
    headings = {item.line for item in doc.items if item.kind == "heading"}
    for item in doc.items:
        if item.kind == "role" and item.name in HEADING_REFUSED_ROLES and item.line in headings:
            yield make(
                "SAFE010",
                doc.path,
                item.line,
                item.column,
                f"{{{item.name}}}",
                hint="move the role into the text below the heading",
            )


def control_characters(doc: Document, ctx: Context) -> Iterator[Diagnostic]:
    """A document holds no control characters besides tab, newline and carriage return."""
    if CONTROL_CHARACTERS.search(doc.text) is None:
        return  # nearly every document: one search instead of one for each line
    # Split at newlines only: str.splitlines also splits at some of the characters sought.
    for number, line in enumerate(doc.text.split("\n"), 1):
        for found in CONTROL_CHARACTERS.finditer(line):
            yield make(
                "SAFE011",
                doc.path,
                number,
                found.start() + 1,
                f"U+{ord(found[0]):04X}",
                hint="delete it (it is invisible in most editors; it came with pasted text)",
            )


# A \url{...} or the first argument of \href{...}{...} inside a BibTeX field.
_BIB_COMMAND = re.compile(r"\\(?:url|href)\s*\{([^{}]*)\}")
#: Fields that sphinxcontrib-bibtex's styles turn into links.
_BIB_URL_FIELDS = frozenset({"url", "archived"})


def bibliography(bib: BibFile, path: str) -> Iterator[Diagnostic]:
    """The bibliography's rules of this module, reported in the .bib at each field."""
    yield from bibliography_urls(bib, path)
    yield from bibliography_characters(bib, path)
    yield from bibliography_percent(bib, path)


def bibliography_urls(bib: BibFile, path: str) -> Iterator[Diagnostic]:
    """Every URL a bibliography entry makes a link of (url fields, \\url{} and \\href{} anywhere)."""
    for entry in bib.entries:
        for name, field in entry.fields.items():
            targets = [found[1] for found in _BIB_COMMAND.finditer(field.value)]
            if name in _BIB_URL_FIELDS and not targets:
                targets = [field.value]
            for target in targets:
                if (why := refusal(target)) is not None:
                    yield make(
                        "SAFE012",
                        path,
                        field.line,
                        field.column,
                        detail=f"{entry.key}: {field.name} = {target!r} ({why})",
                        hint="give the work's https:// address",
                    )


def bibliography_characters(bib: BibFile, path: str) -> Iterator[Diagnostic]:
    """No control characters in a bibliography field (they would reach every page citing it)."""
    for entry in bib.entries:
        for field in entry.fields.values():
            if found := CONTROL_CHARACTERS.search(field.value):
                yield make(
                    "SAFE011",
                    path,
                    field.line,
                    field.column,
                    f"{entry.key}: {field.name}: U+{ord(found[0]):04X}",
                    hint="delete it (it is invisible in most editors; it came with pasted text)",
                )


#: Fields the bibliography style prints verbatim: a % there is a percent sign.
_BIB_VERBATIM = frozenset({"url", "doi", "eprint", "pubmed", "archived"})


def _comment_inside_braces(value: str) -> int | None:
    """Where an unescaped % opens a LaTeX comment inside braces (it swallows the closing one)."""
    depth = 0
    for at, char in enumerate(value):
        if char == "{" and (at == 0 or value[at - 1] != "\\"):
            depth += 1
        elif char == "}" and (at == 0 or value[at - 1] != "\\"):
            depth -= 1
        elif char == "%" and depth > 0 and (at == 0 or value[at - 1] != "\\"):
            return at
    return None


def bibliography_percent(bib: BibFile, path: str) -> Iterator[Diagnostic]:
    """A % inside braces of a field read as LaTeX (\\url{https://x/a%20b}) is written \\%."""
    for entry in bib.entries:
        for name, field in entry.fields.items():
            if name not in _BIB_VERBATIM and _comment_inside_braces(field.value) is not None:
                yield make(
                    "SAFE013",
                    path,
                    field.line,
                    field.column,
                    detail=f"{entry.key}: {field.name} = {field.value!r}",
                    hint="write \\% for each %",
                )


RULES = (links, directives, heading_roles, control_characters)


def check(doc: Document, ctx: Context) -> Iterator[Diagnostic]:
    for rule in RULES:
        yield from rule(doc, ctx)
