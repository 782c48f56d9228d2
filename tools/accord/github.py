"""Markdown for GitHub: the pull-request preview comment and the rotten-links issue.

The preview comment is written by a privileged job from a summary that an unprivileged build of
the pull request produced, so the summary is untrusted: it is size-limited, checked field by
field, and every string from it is rendered inert (no HTML, links, mentions or formatting), cut
short, and counted against GitHub's limit on a comment's length.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from accord import preview
from accord.vocabulary import BUILD_OUTCOMES

PREVIEW_MARKER = "<!-- accord-preview -->"
LINKS_MARKER = "<!-- accord-links -->"

#: The summary is a few kilobytes; anything near this is not one.
MAX_INPUT_BYTES = 1_000_000
#: GitHub refuses comment and issue bodies over 65,536 characters.
MAX_BODY = 60_000

SHOW_PAGES = 30
SHOW_FINDINGS = 20
SHOW_OTHER_FILES = 20
SHOW_LINKS = 200

SEVERITIES = frozenset({"error", "warning"})
CODE = re.compile(r"^[A-Z]{2,6}[0-9]{3}$")
SHA = re.compile(r"^[0-9a-f]{40}$")
URL = re.compile(r"^https://[^\s()<>\[\]\"'`\\]+$")


class UntrustedInput(Exception):
    """Input that does not have the expected shape; the message names the field."""


# -- inert markdown -------------------------------------------------------------------------------

# Control characters, zero-width characters and bidirectional overrides: they could hide text or
# make it read differently from what it is.
_INVISIBLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")
_PUNCTUATION = re.compile(r"""([!"#$%&'()*+,\-./:;<=>?\[\\\]^_`{|}~])""")


def _clean(value: str, limit: int) -> str:
    value = " ".join(_INVISIBLE.sub("", value).split())
    return value if len(value) <= limit else value[: limit - 1] + "…"


def text(value: str, limit: int = 300) -> str:
    """``value`` as markdown that shows it as written, on one line.

    Every ASCII punctuation character is backslash-escaped, which CommonMark reads as the literal
    character: no HTML, entity, link, image, emphasis or table cell can start. ``@`` is followed
    by a zero-width space so that no one is mentioned (and notified) by the bot.
    """
    return _PUNCTUATION.sub(r"\\\1", _clean(value, limit)).replace("@", "@\u200b")


def code(value: str, limit: int = 200) -> str:
    """``value`` as an inline code span: shown verbatim, nothing inside is markdown."""
    value = _clean(value, limit)
    if not value:
        return "(empty)"
    fence = "`" * (max((len(run) for run in re.findall(r"`+", value)), default=0) + 1)
    pad = " " if value[0] == "`" or value[-1] == "`" else ""
    return f"{fence}{pad}{value}{pad}{fence}"


def link(label: str, url: str | None) -> str:
    """A link to a URL the workflow vouches for; the label is escaped text."""
    if url is None:
        return text(label)
    if not URL.match(url):
        raise UntrustedInput(f"not an https URL: {url!r}")
    return f"[{text(label)}]({url})"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'s' * (count != 1)}"


# -- reading untrusted JSON ----------------------------------------------------------------------


def load_json(path: Path) -> object:
    """The JSON value in ``path``, refusing files too large to be what the workflow wrote, and
    links (an artifact could point one at a file of the job that reads it)."""
    if path.is_symlink():
        raise UntrustedInput(f"{path} is a symbolic link, not a file")
    try:
        size = path.stat().st_size
    except OSError as error:
        raise UntrustedInput(f"cannot read {path}: {error.strerror}") from None
    if size > MAX_INPUT_BYTES:
        raise UntrustedInput(f"{path} has {size} bytes, more than the {MAX_INPUT_BYTES} allowed")
    try:
        return json.loads(path.read_bytes().decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise UntrustedInput(f"{path} is not UTF-8 JSON") from None


def _value(data: dict, key: str, kinds: tuple[type, ...], where: str) -> object:
    value = data.get(key)
    # bool is an int to Python; no field here is a boolean.
    if isinstance(value, bool) or not isinstance(value, kinds):
        raise UntrustedInput(f"{where}.{key} has the wrong type")
    return value


def _str(data: dict, key: str, where: str) -> str:
    return str(_value(data, key, (str,), where))


def _optional_str(data: dict, key: str, where: str) -> str | None:
    value = _value(data, key, (str, type(None)), where)
    return value if isinstance(value, str) else None


def _count(data: dict, key: str, where: str) -> int:
    value = _value(data, key, (int,), where)
    if not isinstance(value, int) or value < 0:
        raise UntrustedInput(f"{where}.{key} must not be negative")
    return value


def _mapping(value: object, where: str) -> dict:
    if not isinstance(value, dict):
        raise UntrustedInput(f"{where} must be an object")
    return value


def _sequence(value: object, where: str) -> list:
    if not isinstance(value, list):
        raise UntrustedInput(f"{where} must be a list")
    return value


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    column: int
    code: str
    severity: str
    message: str
    hint: str | None

    @classmethod
    def read(cls, value: object, where: str) -> Finding:
        data = _mapping(value, where)
        finding = cls(
            path=_str(data, "path", where),
            line=_count(data, "line", where),
            column=_count(data, "column", where),
            code=_str(data, "code", where),
            severity=_str(data, "severity", where),
            message=_str(data, "message", where),
            hint=_optional_str(data, "hint", where),
        )
        if not CODE.match(finding.code) or finding.severity not in SEVERITIES:
            raise UntrustedInput(f"{where} has an unknown code or severity")
        return finding

    def render(self) -> str:
        place = code(f"{self.path}:{self.line}:{self.column}")
        severity = "" if self.severity == "error" else " (warning)"
        line = f"- {place} **{self.code}**{severity} {text(self.message)}"
        return line + (f"\n  hint: {text(self.hint)}" if self.hint else "")


def read_findings(value: object, where: str) -> list[Finding]:
    return [Finding.read(item, f"{where}[{index}]") for index, item in enumerate(_sequence(value, where))]


@dataclass(frozen=True)
class ChangedPage:
    path: str
    change: str
    html: str
    pdf: str | None
    title: str | None
    previous: str | None

    @classmethod
    def read(cls, value: object, where: str) -> ChangedPage:
        data = _mapping(value, where)
        page = cls(
            path=_str(data, "path", where),
            change=_str(data, "change", where),
            html=_str(data, "html", where),
            pdf=_optional_str(data, "pdf", where),
            title=_optional_str(data, "title", where),
            previous=_optional_str(data, "previous", where),
        )
        if page.change not in preview.CHANGES.values():
            raise UntrustedInput(f"{where}.change is not a kind of change")
        return page

    def render(self) -> str:
        title = f" {text(self.title, 120)}" if self.title else ""
        was = f" (was {code(self.previous)})" if self.previous else ""
        files = (
            "" if self.change == "deleted" else " → " + ", ".join(code(f) for f in (self.html, self.pdf) if f)
        )
        return f"- {code(self.path)}{was} {self.change}:{title}{files}"


@dataclass(frozen=True)
class CheckOutcome:
    status: str  # pass or fail
    errors: int
    warnings: int
    findings: list[Finding]  # the first ones


@dataclass(frozen=True)
class PreviewSummary:
    """The summary written by ``accord github preview-summary``, read back with suspicion."""

    pull_request: int
    head_sha: str
    build: str | None
    pages: list[ChangedPage]
    other_files: list[str]
    other_files_count: int
    check: CheckOutcome | None

    @classmethod
    def read(cls, value: object) -> PreviewSummary:
        data = _mapping(value, "summary")
        if data.get("format") != preview.FORMAT:
            raise UntrustedInput(f"summary.format must be {preview.FORMAT}")
        number = _count(data, "pull_request", "summary")
        head_sha = _str(data, "head_sha", "summary")
        build = _optional_str(data, "build", "summary")
        if number < 1 or not SHA.match(head_sha) or (build is not None and build not in BUILD_OUTCOMES):
            raise UntrustedInput("summary.pull_request, head_sha or build is out of range")
        others = _sequence(data.get("other_files"), "summary.other_files")
        if not all(isinstance(path, str) for path in others):
            raise UntrustedInput("summary.other_files must be a list of paths")
        count = _count(data, "other_files_count", "summary")
        check = None
        if data.get("check") is not None:
            found = _mapping(data["check"], "summary.check")
            status = _str(found, "status", "summary.check")
            if status not in ("pass", "fail"):
                raise UntrustedInput("summary.check.status must be pass or fail")
            findings = read_findings(found.get("diagnostics"), "summary.check.diagnostics")
            check = CheckOutcome(
                status,
                _count(found, "errors", "summary.check"),
                _count(found, "warnings", "summary.check"),
                findings,
            )
        pages = _sequence(data.get("pages"), "summary.pages")
        return cls(
            pull_request=number,
            head_sha=head_sha,
            build=build,
            pages=[ChangedPage.read(page, f"summary.pages[{i}]") for i, page in enumerate(pages)],
            other_files=others,
            other_files_count=max(count, len(others)),
            check=check,
        )


def _more(shown: int, total: int) -> list[str]:
    return [f"- … and {total - shown} more"] if total > shown else []


def preview_comment(
    summary: PreviewSummary, *, head_sha: str, run_url: str | None, artifact_url: str | None
) -> str:
    """The sticky comment on a pull request: build, check, pages changed, first findings.

    ``head_sha`` is the commit the workflow run built, from the trusted event: a summary that
    claims another commit is refused, so a pull request cannot speak for a different one.
    """
    if summary.head_sha != head_sha:
        raise UntrustedInput("summary.head_sha is not the commit that the workflow run built")
    build = {
        "success": "✅ built",
        "failure": "❌ the build failed",
        "cancelled": "⚪ the build was cancelled",
        "skipped": "⚪ not built",
        None: "⚪ not built",
    }[summary.build]
    lines = [PREVIEW_MARKER, f"### Preview of {code(head_sha[:12])}", ""]
    site = ""
    if summary.build == "success":
        site = " · " + link("download the HTML site and the PDFs", artifact_url) + " (a zip: open index.html)"
    lines.append(f"**Build:** {build}{site}")
    check = summary.check
    if check is None:
        lines.append("**Check:** ⚪ no report")
    else:
        verdict = "✅ no errors" if check.status == "pass" else "❌ " + _plural(check.errors, "error")
        lines.append(f"**Check:** {verdict}, {_plural(check.warnings, 'warning')}")
    lines.append("")
    lines.append(f"#### Pages changed ({len(summary.pages)})")
    lines += [page.render() for page in summary.pages[:SHOW_PAGES]] or ["- none"]
    lines += _more(SHOW_PAGES, len(summary.pages))
    if summary.other_files_count:
        lines += ["", f"#### Other files changed ({summary.other_files_count})"]
        lines += [f"- {code(path)}" for path in summary.other_files[:SHOW_OTHER_FILES]]
        lines += _more(min(SHOW_OTHER_FILES, len(summary.other_files)), summary.other_files_count)
    if check is not None and check.findings:
        total = max(check.errors + check.warnings, len(check.findings))
        lines += ["", f"#### Check findings ({total})"]
        lines += [finding.render() for finding in check.findings[:SHOW_FINDINGS]]
        lines += _more(min(SHOW_FINDINGS, len(check.findings)), total)
    lines += [
        "",
        f"<sub>{link('The workflow run', run_url)} has the full log. This summary comes from the pull "
        "request's own build; the required check is the check workflow. Updated on every push.</sub>",
    ]
    return _fit("\n".join(lines) + "\n")


def _fit(body: str) -> str:
    """Never more than GitHub accepts, whatever the counts: the limits above keep it far below."""
    if len(body) <= MAX_BODY:
        return body
    return body[: MAX_BODY - 40].rsplit("\n", 1)[0] + "\n- … (cut to GitHub's size limit)\n"


# -- the rotten-links issue ----------------------------------------------------------------------

LINK_KINDS = {
    "LINK001": "dead link",
    "LINK002": "link that does not answer",
    "LINK003": "DOI that does not resolve",
}


def links_issue(report: object, *, run_url: str | None) -> tuple[str, int]:
    """The body of the one issue that lists rotten links, and how many it lists.

    ``report`` is what ``accord check --online --format json`` printed; only LINK findings count.
    """
    data = _mapping(report, "report")
    findings = [
        f for f in read_findings(data.get("diagnostics"), "report.diagnostics") if f.code.startswith("LINK")
    ]
    findings.sort(key=lambda f: (f.path, f.line, f.column, f.code))
    lines = [LINKS_MARKER]
    if not findings:
        lines.append("The weekly link check (`accord check --online`) found no rotten links.")
    else:
        kinds = [
            _plural(sum(f.code == code_ for f in findings), kind) + f" ({code_})"
            for code_, kind in LINK_KINDS.items()
            if any(f.code == code_ for f in findings)
        ]
        files = len({f.path for f in findings})
        lines += [
            f"The weekly link check (`accord check --online`) found {', '.join(kinds)} in {_plural(files, 'file')}.",
            "Fix each at the place named (`accord explain LINK001` says more), then run "
            "`accord check --online` to confirm. This issue is updated on every run and closed "
            "once no rotten link is left.",
        ]
        current = None
        for finding in findings[:SHOW_LINKS]:
            if finding.path != current:
                current = finding.path
                lines += ["", f"### {code(current)}"]
            lines.append(finding.render())
        lines += _more(min(SHOW_LINKS, len(findings)), len(findings))
    lines += ["", f"<sub>{link('The latest run', run_url)} has the full log.</sub>"]
    return _fit("\n".join(lines) + "\n"), len(findings)


def write_body(path: Path, body: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(body, encoding="utf-8")
