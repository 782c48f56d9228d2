"""LANG rules: a translation (``<id>.<lang>.md``) names its language, its translators and the
commit of its source it was made from, and has the source's numbered paragraphs, principles and
citations. The source's status, version and adoption are never restated differently."""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

from accord import numbering, paths
from accord.checks import bib
from accord.checks.context import Context
from accord.checks.meta import did_you_mean, people
from accord.corpus import Document, read_document
from accord.diagnostics import Diagnostic, make
from accord.settings import PYPROJECT, Settings, _key_line
from accord.translations import history, model
from accord.vocabulary import (
    CITE_ROLES,
    SOURCE_FIELDS,
    TRANSLATION_FIELDS,
    TRANSLATION_REQUIRED,
)


@lru_cache(maxsize=64)
def _source(root: Path, relative: str, stamp: tuple[int, int]) -> Document | None:
    doc, _ = read_document(root, root / relative)
    return doc


def source_of(doc: Document, ctx: Context) -> Document | None:
    """The translation's source document, read from disk (cached while the file is unchanged)."""
    relative = model.source_name(doc.path)
    path = ctx.root / relative
    if not path.is_file() or model.is_translation(relative) or not paths.contained(ctx.root, path).inside:
        return None
    stat = path.stat()
    return _source(ctx.root, relative, (stat.st_mtime_ns, stat.st_size))


def name(doc: Document, ctx: Context) -> Iterator[Diagnostic]:
    """The file name ends in a valid tag, written as BCP 47 writes it, of another language."""
    source_id, tag = model.split(doc.path) or ("", "")
    if not model.valid(tag):
        yield make("LANG001", doc.path, 1, 1, tag, hint="for example fr, ar, es, ru, zh-Hans, pt-BR")
    elif model.canonical(tag) != tag:
        yield make(
            "LANG019", doc.path, 1, 1, tag, hint=f"rename the file to {source_id}.{model.canonical(tag)}.md"
        )
    relative = model.source_name(doc.path)
    if model.is_translation(relative):
        yield make(
            "LANG018", doc.path, 1, 1, relative, hint=f"translate {model.source_name(relative)} instead"
        )
    elif not (ctx.root / relative).is_file():
        hint = f"name it after an existing document: <id>.{tag}.md beside <id>.md"
        yield make("LANG002", doc.path, 1, 1, relative, hint=hint)


def fields(doc: Document, ctx: Context) -> Iterator[Diagnostic]:
    """The translation's own fields are present and known; the source's are not contradicted."""
    source = source_of(doc, ctx)
    for key in TRANSLATION_REQUIRED:
        if key not in doc.meta:
            yield make("LANG004", doc.path, *doc.where(), key, hint=_field_hint(key, doc, ctx))
    for key in doc.meta:
        if key in SOURCE_FIELDS:
            written, theirs = (
                doc.front.raw.get((key,), doc.meta[key]),
                source.meta.get(key) if source else None,
            )
            if source is not None and source.front.raw.get((key,), theirs) != written:
                yield make(
                    "LANG006",
                    doc.path,
                    *doc.where(key),
                    detail=f"{key} {written!r}, the source's is {source.front.raw.get((key,), theirs)!r}",
                    hint=f"remove {key}: from the translation; it shows the source's",
                )
            elif source is not None:
                yield make(
                    "LANG007", doc.path, *doc.key_at(key), key, hint=f"remove {key}: from the translation"
                )
        elif key not in TRANSLATION_FIELDS:
            hint = did_you_mean(key, TRANSLATION_FIELDS) or "write authors of a translation as translators:"
            yield make("LANG005", doc.path, *doc.key_at(key), key, hint=hint)


def _field_hint(key: str, doc: Document, ctx: Context) -> str:
    if key == "translated_from":
        commit = history.current_commit(ctx.root, model.source_name(doc.path))
        if commit:
            return f"write translated_from: {commit}"
        return "commit the source document, then write translated_from: with the commit accord check names"
    if key == "language":
        return f"write language: {(model.split(doc.path) or ('', ''))[1]}"
    if key == "translators":
        return "write translators:, then one '- name: ...' per translator"
    return "write the title in the translation's language"


def language(doc: Document, ctx: Context) -> Iterator[Diagnostic]:
    """language equals the file name's tag, and differs from the source's language."""
    value = doc.meta.get("language")
    tag = (model.split(doc.path) or ("", ""))[1]
    if value is None:
        return
    if not model.same(value, tag):
        yield make("LANG003", doc.path, *doc.where("language"), value, hint=f"write language: {tag}")
    source_language = doc.inherited.get("language") or ctx.settings.language
    if model.same(tag, source_language):
        yield make(
            "LANG017", doc.path, *doc.where("language"), value, hint="a translation is in another language"
        )


def translators(doc: Document, ctx: Context) -> Iterator[Diagnostic]:
    """translators are a list of {name, affiliation?, github?}, as authors are."""
    yield from people(doc, "translators", "LANG008", "translator")[0]


def translated_from(doc: Document, ctx: Context) -> Iterator[Diagnostic]:
    """translated_from is a commit at which the source existed; the source has not changed since."""
    value = doc.meta.get("translated_from")
    relative = model.source_name(doc.path)
    if value is None or source_of(doc, ctx) is None:
        return
    written = doc.front.raw.get(("translated_from",), str(value))
    found = history.standing(ctx.root, relative, str(written))
    if found is None:
        return  # no git history to compare with
    if not found.known:
        yield make(
            "LANG009", doc.path, *doc.where("translated_from"), written, hint=_commit_hint(found, written)
        )
    elif found.outdated:
        hint = _commit_hint(found, written, outdated=True)
        yield make(
            "LANG010",
            doc.path,
            *doc.where("translated_from"),
            detail=f"{relative} changed after {written}",
            hint=hint,
        )


def _commit_hint(found: history.Standing, written: str, *, outdated: bool = False) -> str:
    if found.current is None or not found.committed:
        return "commit the source document, then write translated_from: with the commit accord check names"
    if outdated:
        return (
            f"bring the translation in step with the source (git diff {written}..{found.current[:12]} shows what "
            f"changed), then write translated_from: {found.current}"
        )
    return f"write translated_from: {found.current}"


def structure(doc: Document, ctx: Context) -> Iterator[Diagnostic]:
    """The translation numbers the paragraphs and principles its source numbers."""
    source = source_of(doc, ctx)
    if source is None or not source.readable:
        return
    theirs, ours = numbering.of_document(source), numbering.of_document(doc)
    texts = [item for item in doc.items if item.kind == "paragraph" and item.value]
    if theirs.numbered:
        if len(texts) < theirs.paragraphs:
            at = texts[-1].line if texts else doc.front.body_line
            yield make(
                "LANG011",
                doc.path,
                at,
                1,
                detail=f"the source numbers {theirs.paragraphs} paragraphs, the translation {len(texts)}",
                hint=f"paragraph {len(texts) + 1} of {source.path} has no counterpart after line {at}",
            )
        for extra, item in enumerate(texts[theirs.paragraphs :], theirs.paragraphs + 1):
            yield make(
                "LANG012",
                doc.path,
                item.line,
                item.column,
                detail=f"paragraph {extra}; the source numbers {theirs.paragraphs}",
                hint="join it to the paragraph before, as the source has it, or remove it",
            )
    for number in sorted(set(theirs.principles) - set(ours.principles)):
        at = doc.front.body_line
        yield make(
            "LANG013",
            doc.path,
            at,
            1,
            theirs.principles[number],
            hint=f"translate it as a heading '### {number}. ...'",
        )
    headings = {numbering.principle_number(i.value): i for i in doc.items if i.kind == "heading"}
    for number in sorted(set(ours.principles) - set(theirs.principles)):
        item = headings[number]
        yield make(
            "LANG014",
            doc.path,
            item.line,
            item.column,
            item.value.strip(),
            hint="number the principles as the source does",
        )


def citations(doc: Document, ctx: Context) -> Iterator[Diagnostic]:
    """The translation cites the keys its source cites, no more and no fewer."""
    source = source_of(doc, ctx)
    if source is None:
        return
    theirs = bib.cited_keys(
        [(i.name, i.value) for i in source.items if i.kind == "role" and i.name in CITE_ROLES]
    )
    ours: set[str] = set()
    for item in doc.items:
        if item.kind != "role" or item.name not in CITE_ROLES:
            continue
        for key in sorted(bib.cited_keys([(item.name, item.value)]) - ours):
            ours.add(key)
            if key not in theirs:
                yield make(
                    "LANG015", doc.path, item.line, item.column, key, hint=f"{source.path} does not cite it"
                )
    for key in sorted(theirs - ours):
        yield make("LANG016", doc.path, doc.front.body_line, 1, key, hint=f"cite it where {source.path} does")


def cache_parts(doc: Document, ctx: Context) -> list[str]:
    """What a translation's findings depend on besides its own text: its source's text, and the
    source's last commit (the hints name it)."""
    relative = model.source_name(doc.path)
    path = ctx.root / relative
    if not path.is_file() or not paths.contained(ctx.root, path).inside:
        return [""]
    return [
        path.read_bytes().decode("utf-8", errors="replace"),
        history.current_commit(ctx.root, relative) or "",
    ]


RULES = (name, fields, language, translators, translated_from, structure, citations)


def check(doc: Document, ctx: Context) -> Iterator[Diagnostic]:
    """Every LANG rule of one translation; a translation of no document gets only the name rules."""
    if not doc.readable:
        yield from name(doc, ctx)
        return
    for rule in RULES:
        yield from rule(doc, ctx)


def repository(settings: Settings, root: Path) -> Iterator[Diagnostic]:
    """The languages setting lists valid tags."""
    for tag in settings.languages:
        if not model.valid(tag):
            line = (
                _key_line((root / PYPROJECT).read_text(encoding="utf-8"), "languages")
                if (root / PYPROJECT).is_file()
                else 1
            )
            yield make("LANG020", PYPROJECT, line, 1, tag, hint='for example languages = ["en", "fr"]')
