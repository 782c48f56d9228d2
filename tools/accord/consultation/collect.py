"""``accord consultation collect ID``: comment issues and e-mailed comments into
``consultations/<id>.yaml`` (its fields: tools/README.md, "Consultations").

New comments are appended (accord.consultation.appending); a comment collected before is never
changed, whatever its issue says now: an edit, a deletion or a closing as not planned is reported
(CONS003, CONS004) for the drafters to weigh.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from accord import datafile
from accord.consultation import appending, forms, mbox
from accord.consultation.github_issues import Api
from accord.consultation.links import COMMENT_LABEL, COMMENT_TEMPLATE
from accord.consultation.quotes import Quotes
from accord.diagnostics import Diagnostic, make

FOLDER = "consultations"
TEMPLATES = ".github/ISSUE_TEMPLATE"
ANONYMOUS = "anonymous"
_PARAGRAPH = re.compile(r"(?:(?:p|para|paragraph)\.?\s*|§\s*|#\s*)?(\d{1,6})\.?", re.IGNORECASE)


class CollectError(Exception):
    """Nothing can be collected (no such document): a usage error."""


def relative_path(doc_id: str) -> str:
    return f"{FOLDER}/{doc_id}.yaml"


def document_path(root: Path, doc_id: str) -> str:
    """The document's path relative to ``root``, or CollectError."""
    from accord.corpus import document_paths

    for path in document_paths(root):
        if path.stem == doc_id:
            return path.relative_to(root).as_posix()
    raise CollectError(f"no document {doc_id!r} in positions/ or principles/")


def document_id(value: str) -> str:
    """What a reader typed as the document: ``positions/x.md``, ``x.md`` or ``x`` -> ``x``."""
    return value.strip().strip("`").rsplit("/", 1)[-1].removesuffix(".md").lower()


def paragraph_number(value: str) -> int | None:
    found = _PARAGRAPH.fullmatch(value.strip())
    return int(found[1]) if found and int(found[1]) > 0 else None


def _normal(text: object) -> str:
    return "\n".join(line.rstrip() for line in str(text or "").replace("\r\n", "\n").strip().split("\n"))


@dataclass
class Result:
    added: int = 0
    skipped: int = 0
    diagnostics: list[Diagnostic] = field(default_factory=list)
    requests: int = 0


@dataclass
class _Context:
    root: Path
    doc_id: str
    path: str  # the record file, relative
    quotes: Quotes
    existing: dict[str, tuple[dict, int]]  # id -> (entry, its index)
    file: datafile.DataFile | None
    result: Result
    new: list[dict] = field(default_factory=list)
    new_ids: set[str] = field(default_factory=set)

    def report(self, code: str, detail: str, *, hint: str | None = None, at: str | None = None) -> None:
        line, column = (1, 1)
        if at is not None and at in self.existing and self.file is not None:
            line, column = self.file.where("comments", self.existing[at][1])
        self.result.diagnostics.append(make(code, self.path, line, column, detail=detail, hint=hint))

    def add(self, entry: dict, *, when: dt.datetime | None) -> None:
        """Add a new comment, or compare it with the one collected before."""
        known = self.existing.get(entry["id"])
        if known is not None:
            before = known[0]
            if _normal(before.get("text")) != _normal(entry["text"]) or str(before.get("paragraph")) != str(
                entry["paragraph"]
            ):
                self.report(
                    "CONS003",
                    f"{entry['source']} now says something else than the comment {entry['id']}",
                    hint="the record keeps what was collected; read the issue and, if it should, edit the entry",
                    at=entry["id"],
                )
            return
        if entry["id"] in self.new_ids:
            return
        self.new_ids.add(entry["id"])
        if not entry["version"]:
            # A comment form left without a version, or an e-mail without one: the text as it is.
            entry["version"] = self.quotes.current_version()
        quote = self.quotes.quote(entry["version"], entry["paragraph"], when)
        if quote is None:
            self.report(
                "CONS002",
                f"paragraph {entry['paragraph']} of version {entry['version'] or '(none)'}, for {entry['source']}",
                hint="check the paragraph and version with the commenter; the edition tag of that version helps",
            )
        entry["quote"] = quote or ""
        self.new.append(entry)


def _comment(
    *, id: str, source: str, received: dt.date, version: str, paragraph: int,
    name: str, consent: bool, organisation: str, text: str,
) -> dict:  # fmt: skip
    return {
        "id": id,
        "source": source,
        "received": received,
        "version": version.strip().removeprefix("v").removeprefix("V"),
        "paragraph": paragraph,
        "quote": "",
        "name": name if consent and name else ANONYMOUS,
        "organisation": organisation,
        "text": text,
        "disposition": "pending",
        "response": "",
    }


def _created(issue: dict) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(str(issue.get("created_at", "")).replace("Z", "+00:00"))
    except ValueError:
        return None


def _from_issues(
    context: _Context, issues: Iterable[dict], form: tuple[forms.Field, ...], *, complete: bool
) -> None:
    seen: set[str] = set()
    for issue in issues:
        number, url = issue.get("number"), str(issue.get("html_url", ""))
        if not isinstance(number, int):
            continue
        values = forms.parse(issue.get("body"), form)
        if "document" not in values:
            context.report(
                "CONS001", f"{url} has no 'Document' section", hint="was it opened with the comment form?"
            )
            continue
        if document_id(forms.text(values["document"])) != context.doc_id:
            continue
        comment_id = f"gh-{number}"
        seen.add(comment_id)
        if issue.get("state_reason") == "not_planned":
            if comment_id in context.existing:
                context.report("CONS004", f"{url} was closed as not planned", at=comment_id,
                               hint="the record keeps the comment; if it is spam, remove the entry by hand")  # fmt: skip
            else:
                context.result.skipped += 1
            continue
        paragraph = paragraph_number(forms.text(values.get("paragraph")))
        text = forms.text(values.get("comment"))
        if paragraph is None or not text:
            missing = "a paragraph number" if paragraph is None else "a comment"
            context.report("CONS001", f"{url} gives no {missing}", hint="ask the commenter to edit the issue")
            continue
        created = _created(issue)
        context.add(
            _comment(
                id=comment_id,
                source=url,
                received=(created or dt.datetime.now(dt.UTC)).date(),
                version=forms.text(values.get("version")),
                paragraph=paragraph,
                name=forms.text(values.get("name")),
                consent=forms.checked(values.get("consent")),
                organisation=forms.text(values.get("organisation")),
                text=text,
            ),
            when=created,
        )
    if complete:
        for comment_id, (entry, _) in context.existing.items():
            if comment_id.startswith("gh-") and comment_id not in seen:
                context.report("CONS004", f"{entry.get('source', comment_id)} is no longer on GitHub",
                               at=comment_id, hint="deleted or transferred; the record keeps the comment")  # fmt: skip


def _from_mails(context: _Context, mails: Iterable[mbox.Mail], where: str) -> None:
    for mail in mails:
        if mail.doc != context.doc_id:
            continue
        if mail.problem is not None:
            context.report("CONS009", f"message {mail.number} of {where} has {mail.problem}")
            continue
        if not mail.text:
            context.report("CONS001", f"message {mail.number} of {where} ({mail.message_id}) has no comment")
            continue
        when = dt.datetime.combine(mail.received, dt.time(23, 59), dt.UTC) if mail.received else None
        context.add(
            _comment(
                id=mail.id,
                source=mail.message_id,
                received=mail.received or dt.datetime.now(dt.UTC).date(),
                version=mail.version,
                paragraph=mail.paragraph,
                name=mail.name,
                consent=mail.consent,
                organisation=mail.organisation,
                text=mail.text,
            ),
            when=when,
        )


def _header(doc_id: str) -> str:
    return (
        f"# Comments on {doc_id}, collected by `accord consultation collect`.\n"
        "# Drafters write each comment's disposition (pending, accepted, partly-accepted,\n"
        "# not-accepted, noted) and response; collecting again only adds comments.\n"
        f"document: {doc_id}\n"
        "comments:\n"
    )


def collect(
    root: Path,
    doc_id: str,
    *,
    api: Api | None,
    mbox_path: Path | None = None,
    since: str | None = None,
    tag_pattern: str = "v{version}",
    progress: Callable[[int], None] | None = None,
) -> Result:
    """Collect the comments on ``doc_id`` from GitHub (``api``) and an mbox; write the record."""
    result = Result()
    relative = relative_path(doc_id)
    quotes = Quotes(root, document_path(root, doc_id), tag_pattern=tag_pattern)
    path = root / relative
    old_text = path.read_text(encoding="utf-8") if path.is_file() else None
    file = datafile.read(relative, old_text) if old_text is not None else None
    existing: dict[str, tuple[dict, int]] = {}
    if file is not None:
        data = file.data
        comments = data.get("comments") if isinstance(data, dict) else None
        if (
            file.error is not None
            or not isinstance(data, dict)
            or not isinstance(comments, (list, type(None)))
        ):
            problem = file.problem("CONS008", hint="fix the file, then collect again")
            result.diagnostics.append(
                problem or make("CONS008", relative, 1, 1, hint="document: ID, then comments: [...]")
            )
            return result
        for index, entry in enumerate(comments or []):
            if isinstance(entry, dict) and isinstance(entry.get("id"), str):
                existing[entry["id"]] = (entry, index)
    context = _Context(root, doc_id, relative, quotes, existing, file, result)
    if api is not None:
        form = forms.read_form(root / TEMPLATES / COMMENT_TEMPLATE, forms.COMMENT_FORM)
        if progress is not None:
            api.progress = progress
        try:
            _from_issues(context, api.issues(label=COMMENT_LABEL, since=since), form, complete=since is None)
        finally:
            result.requests = api.requests
    if mbox_path is not None:
        _from_mails(context, mbox.read(mbox_path), mbox_path.name)
    if not context.new:
        return result
    context.new.sort(key=lambda entry: (entry["received"], entry["id"]))
    base = old_text if old_text is not None else _header(doc_id)
    try:
        new_text = appending.appended(base, context.new, key="comments")
        appending.checked(
            relative,
            file.data if file else {"comments": []},
            new_text,
            key="comments",
            added=len(context.new),
        )
    except appending.NotAppendable as why:
        result.diagnostics.append(
            make("CONS008", relative, 1, 1, detail=str(why), hint="put 'comments:' last, as a block list")
        )
        return result
    appending.write(path, new_text)
    result.added = len(context.new)
    return result
