"""``accord endorsements collect ID``: sign-on issues into ``endorsements/<id>.yaml``.

Each new organisation is appended with what its issue gave and the form said would be published:
name, country (an ISO code; a country written out in English is turned into its code), date (of
the issue), kind, website and the version it signed. An organisation already listed (same name and
country, accord.endorsements.normalised) is left as it is: a sign-on of a newer version, or an
issue edited since, is reported (CONS003) for the editors to apply by hand.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

from accord import datafile, endorsements
from accord.consultation import appending, forms
from accord.consultation.collect import TEMPLATES, document_id, document_path
from accord.consultation.collect import Result as Result
from accord.consultation.github_issues import Api
from accord.consultation.links import SIGN_ON_LABEL, SIGN_ON_TEMPLATE
from accord.diagnostics import make
from accord.vocabulary import COUNTRY_CODES, ORGANISATION_KINDS, VERSION


def _country(value: str) -> str | None:
    written = value.strip()
    if written.upper() in COUNTRY_CODES:
        return written.upper()
    return endorsements.country_code(written)


def _kind(value: str, form: tuple[forms.Field, ...]) -> str | None:
    """The kind's slug: by the words of Accord's form, else by its place in the repository's form."""
    by_words = {words: slug for slug, words in ORGANISATION_KINDS.items()}
    if value in by_words:
        return by_words[value]
    options = next((f.options for f in form if f.id == "kind"), ())
    if value in options and len(options) == len(ORGANISATION_KINDS):
        return list(ORGANISATION_KINDS)[options.index(value)]
    return None


def _website(value: str) -> str | None:
    parts = urlsplit(value.strip()) if value and not any(c.isspace() for c in value.strip()) else None
    ok = parts is not None and parts.scheme in ("http", "https") and bool(parts.hostname)
    return value.strip() if ok else None


def collect(
    root: Path,
    doc_id: str,
    *,
    api: Api | None,
    since: str | None = None,
    tag_pattern: str = "v{version}",
    progress: Callable[[int], None] | None = None,
) -> Result:
    """Add the new sign-ons on ``doc_id`` to its endorsements file."""
    del tag_pattern  # a sign-on quotes nothing
    document_path(root, doc_id)  # CollectError when there is no such document
    result = Result()
    relative = endorsements.relative_path(doc_id)
    path = root / relative
    old_text = path.read_text(encoding="utf-8") if path.is_file() else None
    file = datafile.read(relative, old_text) if old_text is not None else None
    if file is not None and (file.error is not None or not isinstance(file.data, (list, type(None)))):
        hint = "fix the file (accord check reports it), then collect again"
        result.diagnostics.append(
            file.problem("CONS008", hint=hint) or make("CONS008", relative, 1, 1, hint=hint)
        )
        return result
    listed: dict[tuple[str, str], int] = {}
    for index, item in enumerate((file.data or []) if file is not None else []):
        if isinstance(item, dict) and isinstance(item.get("name"), str):
            listed[(endorsements.normalised(item["name"]), str(item.get("country", "")).upper())] = index
    if api is None:
        return result
    if progress is not None:
        api.progress = progress
    form = forms.read_form(root / TEMPLATES / SIGN_ON_TEMPLATE, forms.SIGN_ON_FORM)
    new: list[dict] = []

    def report(code: str, detail: str, hint: str, index: int | None = None) -> None:
        line, column = file.where(index) if file is not None and index is not None else (1, 1)
        result.diagnostics.append(make(code, relative, line, column, detail=detail, hint=hint))

    try:
        for issue in api.issues(label=SIGN_ON_LABEL, since=since):
            url = str(issue.get("html_url", ""))
            values = forms.parse(issue.get("body"), form)
            if document_id(forms.text(values.get("document"))) != doc_id:
                continue
            if issue.get("state_reason") == "not_planned":
                result.skipped += 1
                continue
            name = forms.text(values.get("organisation"))
            country = _country(forms.text(values.get("country")))
            version = forms.text(values.get("version")).removeprefix("v")
            if not name or country is None or (version and not VERSION.match(version)):
                what = "an organisation" if not name else "a country code" if country is None else "a version"
                report("CONS001", f"{url} gives no {what}", "ask the organisation to edit the issue")
                continue
            if not forms.checked(values.get("authority")):
                report(
                    "CONS001", f"{url} does not tick every confirmation", "nothing is published without them"
                )
                continue
            key = (endorsements.normalised(name), country)
            if key in listed:
                index = listed[key]
                before = file.data[index] if file is not None and isinstance(file.data, list) else {}
                if version and str(before.get("version", "")) != version:
                    report("CONS003", f"{url}: {name} ({country}) now signs version {version}",
                           "to renew the endorsement, change its version and date by hand", index)  # fmt: skip
                continue
            if any((endorsements.normalised(e["name"]), e["country"]) == key for e in new):
                continue
            created = str(issue.get("created_at", ""))[:10]
            try:
                date = dt.date.fromisoformat(created)
            except ValueError:
                date = dt.datetime.now(dt.UTC).date()
            entry: dict[str, object] = {"name": name, "country": country, "date": date}
            if website := _website(forms.text(values.get("website"))):
                entry["url"] = website
            if kind := _kind(forms.text(values.get("kind")), form):
                entry["kind"] = kind
            if version:
                entry["version"] = version
            new.append(entry)
    finally:
        result.requests = api.requests
    if not new:
        return result
    base = old_text if old_text is not None else (
        f"# Organisations that endorse {doc_id}; `accord endorsements collect {doc_id}` adds sign-ons.\n"
    )  # fmt: skip
    try:
        new_text = appending.appended(base, new, key=None)
        appending.checked(
            relative, file.data if file is not None else None, new_text, key=None, added=len(new)
        )
    except appending.NotAppendable as why:
        result.diagnostics.append(
            make("CONS008", relative, 1, 1, detail=str(why), hint="keep the file a YAML list")
        )
        return result
    appending.write(path, new_text)
    result.added = len(new)
    return result
