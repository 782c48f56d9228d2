"""META050-057: policy options in documents, and the registry of questions they answer.

An option is written as a directive whose body is its description, with its arguments nested in
it (see CONTRIBUTING.md, "Policy options")::

    ::::{policy-option} Conditional immunity
    :question: intermediary-liability
    :supporters: private-sector, technical-community
    :organisations: Example Digital Rights Network

    The intermediary is not liable unless ...

    :::{arguments-for}
    - Victims get quick redress.
    :::

    :::{arguments-against}
    - Lawful speech is taken down on the strength of a complaint.
    :::
    ::::
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

from accord import directives, options
from accord.checks.context import Context
from accord.checks.meta import did_you_mean, unknown_fields
from accord.corpus import Document
from accord.diagnostics import Diagnostic, make
from accord.directives import Directive
from accord.vocabulary import (
    ARGUMENT_DIRECTIVES,
    OPTION_DIRECTIVE,
    OPTION_FIELDS,
    QUESTION_FIELDS,
    QUESTIONS_FILE,
    STAKEHOLDER_GROUPS,
    TITLE_MAX_LENGTH,
    TOPIC,
)

_MARKERS = (f"{{{OPTION_DIRECTIVE}}}", *(f"{{{name}}}" for name in ARGUMENT_DIRECTIVES))


@lru_cache(maxsize=16)
def _tree(text: str) -> tuple[tuple[Directive, Directive | None], ...]:
    """Every directive of a document that uses options, with its parent directive."""
    if not any(marker in text for marker in _MARKERS):
        return ()  # most documents: no second parse

    found: list[tuple[Directive, Directive | None]] = []

    def visit(directive: Directive, parent: Directive | None) -> None:
        found.append((directive, parent))
        for child in directive.children:
            visit(child, directive)

    for top in directives.tree(text):
        visit(top, None)
    return tuple(found)


def _options(doc: Document) -> Iterator[tuple[Directive, Directive | None]]:
    for directive, parent in _tree(doc.text):
        if directive.name == OPTION_DIRECTIVE:
            yield directive, parent


def question(doc: Document, ctx: Context) -> Iterator[Diagnostic]:
    """An option names, in ``:question:``, a question declared in questions.yaml."""
    for option, _ in _options(doc):
        given = option.options.get("question")
        if given is None or not given.value:
            yield make(
                "META050",
                doc.path,
                option.line,
                option.column,
                detail=f"{option.argument or 'an untitled option'!r} names no :question:",
                hint=f"add ':question: <id>' with the id of a question in {QUESTIONS_FILE}",
            )
        elif given.value not in ctx.questions:
            yield make(
                "META050",
                doc.path,
                given.line,
                given.column,
                given.value,
                hint=did_you_mean(given.value, ctx.questions)
                or f"declare the question in {QUESTIONS_FILE} (see CONTRIBUTING.md, Policy options)",
            )


def title_and_description(doc: Document, ctx: Context) -> Iterator[Diagnostic]:
    """An option has a title (the directive's argument) and a description (its text), and is
    not nested in another option."""
    for option, parent in _options(doc):
        if not option.argument:
            yield make(
                "META051",
                doc.path,
                option.line,
                option.column,
                detail="no title",
                hint="write the title after the directive name: ```{policy-option} Conditional immunity",
            )
        if not option.content:
            yield make(
                "META051",
                doc.path,
                option.line,
                option.column,
                detail=f"{option.argument or 'an untitled option'!r} has no description",
                hint="describe the option in a paragraph before its arguments",
            )
        if parent is not None and parent.name == OPTION_DIRECTIVE:
            yield make(
                "META051",
                doc.path,
                option.line,
                option.column,
                detail=f"{option.argument!r} is inside the option {parent.argument!r}",
                hint="close the first option before the next one starts",
            )


def arguments(doc: Document, ctx: Context) -> Iterator[Diagnostic]:
    """An option holds exactly one {arguments-for} and one {arguments-against}, neither empty."""
    hint = (
        "nest ':::{arguments-for}' and ':::{arguments-against}' blocks in the option (four colons around it)"
    )
    for option, _ in _options(doc):
        for name in ARGUMENT_DIRECTIVES:
            given = [child for child in option.children if child.name == name]
            if not given:
                yield make(
                    "META052",
                    doc.path,
                    option.line,
                    option.column,
                    detail=f"{option.argument or 'an untitled option'!r} has no {{{name}}}",
                    hint=hint,
                )
            for extra in given[1:]:
                yield make(
                    "META052",
                    doc.path,
                    extra.line,
                    extra.column,
                    detail=f"a second {{{name}}}",
                    hint="put all the arguments in one block, as a list",
                )
            for block in given:
                if not block.content and not block.children:
                    yield make("META052", doc.path, block.line, block.column, detail=f"{{{name}}} is empty")


def stray_arguments(doc: Document, ctx: Context) -> Iterator[Diagnostic]:
    """Arguments are written inside the option they argue about."""
    for directive, parent in _tree(doc.text):
        if directive.name in ARGUMENT_DIRECTIVES and (parent is None or parent.name != OPTION_DIRECTIVE):
            yield make(
                "META053",
                doc.path,
                directive.line,
                directive.column,
                directive.name,
                hint="move it into a {policy-option}, whose fence needs one more colon than this one's",
            )


def fields(doc: Document, ctx: Context) -> Iterator[Diagnostic]:
    """An option takes only :question:, :supporters: and :organisations:, each once."""
    for option, _ in _options(doc):
        for key, given in option.options.items():
            if key not in OPTION_FIELDS:
                yield make(
                    "META054",
                    doc.path,
                    given.line,
                    given.key_column,
                    key,
                    hint=did_you_mean(key, OPTION_FIELDS) or "remove it",
                )
        for key, given in option.repeated:
            yield make(
                "META054",
                doc.path,
                given.line,
                given.key_column,
                detail=f"{key!r} is given twice",
                hint="list every value in one line",
            )


def supporters(doc: Document, ctx: Context) -> Iterator[Diagnostic]:
    """Supporters are stakeholder groups of the vocabulary; organisations go in :organisations:."""
    for option, _ in _options(doc):
        given = option.options.get("supporters")
        if given is None:
            continue
        for group in options.split_supporters(given.value):
            if group not in STAKEHOLDER_GROUPS:
                slug = options.slug(group)
                hint = (
                    f"write it as {slug!r}"
                    if slug in STAKEHOLDER_GROUPS
                    else did_you_mean(group, STAKEHOLDER_GROUPS)
                    or "name organisations in :organisations:, separated by semicolons"
                )
                column = given.column + max(given.value.find(group), 0)
                yield make("META055", doc.path, given.line, column, group, hint=hint)


def distinct_titles(doc: Document, ctx: Context) -> Iterator[Diagnostic]:
    """Within a document, the options answering one question have different titles."""
    seen: set[tuple[str, str]] = set()
    for option, _ in _options(doc):
        if not option.argument:
            continue
        answered = option.options.get("question")
        key = (answered.value if answered else "", option.argument.casefold())
        if key in seen:
            yield make("META056", doc.path, option.line, option.column, option.argument)
        seen.add(key)


RULES = (question, title_and_description, arguments, stray_arguments, fields, supporters, distinct_titles)


def check(doc: Document, ctx: Context) -> Iterator[Diagnostic]:
    for rule in RULES:
        yield from rule(doc, ctx)


# -- the registry


def registry(found: options.Questions) -> Iterator[Diagnostic]:
    """questions.yaml maps slugs to {title, question}: a one-line title and the question's text."""
    file = found.file
    if file is None:
        return
    path = file.path
    example = "intermediary-liability: {title: Intermediary liability, question: When should ...?}"
    if (problem := file.problem("META057", hint="quote text that holds ': '")) is not None:
        yield problem
        return
    if file.data is None:
        return  # an empty registry: no questions yet
    if not isinstance(file.data, dict):
        yield make("META057", path, *file.where(), detail="not a mapping of ids", hint=example)
        return
    for at, where in file.duplicates:
        yield make("META057", path, *where, detail=f"{at[-1]!r} is declared twice")
    for key, entry in file.data.items():
        if not isinstance(key, str) or not TOPIC.match(key):
            yield make(
                "META057",
                path,
                *file.key_at(key),
                detail=f"the id {key!r} is not a lowercase slug",
                hint=f"for example {options.slug(str(key))!r}",
            )
            continue
        if not isinstance(entry, dict):
            yield make("META057", path, *file.where(key), detail=f"{key!r} has no fields", hint=example)
            continue
        for name in QUESTION_FIELDS:
            value = entry.get(name)
            if not isinstance(value, str) or not value.strip():
                yield make(
                    "META057",
                    path,
                    *(file.where(key, name) if name in entry else file.key_at(key)),
                    detail=f"{key!r} needs a {name!r} of text",
                    hint=example,
                )
        title = entry.get("title")
        if isinstance(title, str) and ("\n" in title.strip() or len(title) > TITLE_MAX_LENGTH):
            yield make(
                "META057",
                path,
                *file.where(key, "title"),
                detail=f"the title of {key!r} must be one line of at most {TITLE_MAX_LENGTH} characters",
            )
        yield from unknown_fields("META057", path, entry, QUESTION_FIELDS, file.key_at, key)
