"""`accord github ...`: the preview summary, the preview comment and the rotten-links issue."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from accord import github
from tests.conftest import REPO, TODAY, Repo, golden

SHA = "0123456789abcdef0123456789abcdef01234567"
RUN = "https://github.com/example-org/accord/actions/runs/42"
ARTIFACT = "https://github.com/example-org/accord/actions/runs/42/artifacts/7"


def _git(root: Path, *args: str) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@example.org",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@example.org",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    result = subprocess.run(
        ["git", "-C", str(root), *args], capture_output=True, text=True, check=True, env=env
    )
    return result.stdout.strip()


def _body(path: str) -> str:
    return "".join(f"\n{path} paragraph {n}.\n" for n in range(30))


@pytest.fixture
def history(repo: Repo) -> Repo:
    """A repository with two commits: the base, then a pull request's changes."""
    for path, title in [
        ("positions/kept.md", "Kept as it is"),
        ("positions/edited.md", "Edited paper"),
        ("positions/removed.md", "Removed paper"),
        ("principles/moved.md", "Moved statement"),
    ]:
        # Bodies unlike each other, so that git sees no renames but the real one.
        repo.doc(path, body=_body(path), title=title)
    _git(repo.root, "init", "-q", "-b", "main")
    _git(repo.root, "add", "-A")
    _git(repo.root, "commit", "-q", "-m", "base")
    repo.doc("positions/edited.md", body=_body("positions/edited.md"), title="Edited paper, second thoughts")
    repo.doc("positions/added.md", body=_body("positions/added.md"), title="A new paper")
    (repo.root / "positions" / "removed.md").unlink()
    _git(repo.root, "mv", "principles/moved.md", "principles/renamed.md")
    (repo.root / "index.md").write_text("# Front page, edited\n", encoding="utf-8")
    (repo.root / "conf.py").write_text("# changed\n", encoding="utf-8")
    _git(repo.root, "add", "-A")
    _git(repo.root, "commit", "-q", "-m", "pull request")
    return repo


def _check_report(accord: Callable, repo: Repo, out: Path) -> Path:
    run = accord("check", str(repo.root), "--today", TODAY.isoformat(), "--format", "json")
    out.write_text(run.out, encoding="utf-8")
    return out


def test_preview_summary_lists_the_pages_changed(history: Repo, accord: Callable, tmp_path: Path) -> None:
    (history.root / "positions" / "added.md").write_text("no front matter\n", encoding="utf-8")
    check = _check_report(accord, history, tmp_path / "check.json")
    run = accord(
        "github",
        "preview-summary",
        str(history.root),
        "--base",
        "HEAD^",
        "--check",
        str(check),
        "--build",
        "failure",
        "--pull-request",
        "12",
        "--head-sha",
        SHA,
    )
    assert run.code == 0, run.err
    summary = json.loads(run.out)
    assert {k: summary[k] for k in ("format", "pull_request", "head_sha", "build")} == {
        "format": 1,
        "pull_request": 12,
        "head_sha": SHA,
        "build": "failure",
    }
    assert summary["pages"] == [
        {
            "path": "index.md",
            "change": "modified",
            "html": "index.html",
            "pdf": None,
            "title": None,
            "previous": None,
        },
        {
            "path": "positions/added.md",
            "change": "added",
            "html": "positions/added.html",
            "pdf": "positions/added.pdf",
            "title": "A new paper",  # from the head commit, not the working tree
            "previous": None,
        },
        {
            "path": "positions/edited.md",
            "change": "modified",
            "html": "positions/edited.html",
            "pdf": "positions/edited.pdf",
            "title": "Edited paper, second thoughts",
            "previous": None,
        },
        {
            "path": "positions/removed.md",
            "change": "deleted",
            "html": "positions/removed.html",
            "pdf": "positions/removed.pdf",
            "title": "Removed paper",  # from the base: the head has no such file
            "previous": None,
        },
        {
            "path": "principles/renamed.md",
            "change": "renamed",
            "html": "principles/renamed.html",
            "pdf": "principles/renamed.pdf",
            "title": "Moved statement",
            "previous": "principles/moved.md",
        },
    ]
    assert summary["other_files"] == ["conf.py"]
    assert summary["other_files_count"] == 1
    check_part = summary["check"]
    assert (check_part["status"], check_part["errors"]) == ("fail", 1)
    assert check_part["diagnostics"][0]["code"] == "META001"


def test_preview_summary_without_a_check_report(history: Repo, accord: Callable, tmp_path: Path) -> None:
    out = tmp_path / "out" / "summary.json"
    run = accord(
        "github",
        "preview-summary",
        str(history.root),
        "--base",
        "HEAD^",
        "--check",
        str(tmp_path / "none.json"),
        "--out",
        str(out),
    )
    assert run.code == 0
    assert run.out == ""
    assert json.loads(out.read_text(encoding="utf-8"))["check"] is None


def test_preview_summary_unknown_revision_is_a_usage_error(history: Repo, accord: Callable) -> None:
    run = accord("github", "preview-summary", str(history.root), "--base", "no-such-revision")
    assert run.code == 2
    assert "accord github: error:" in run.err
    assert "Traceback" not in run.err


def _summary(**overrides: object) -> dict:
    summary: dict = {
        "format": 1,
        "pull_request": 12,
        "head_sha": SHA,
        "build": "success",
        "pages": [
            {
                "path": "positions/edited.md",
                "change": "modified",
                "html": "positions/edited.html",
                "pdf": "positions/edited.pdf",
                "title": "Edited paper",
                "previous": None,
            },
            {
                "path": "principles/renamed.md",
                "change": "renamed",
                "html": "principles/renamed.html",
                "pdf": "principles/renamed.pdf",
                "title": "Moved statement",
                "previous": "principles/moved.md",
            },
        ],
        "other_files": ["conf.py"],
        "other_files_count": 1,
        "check": {
            "status": "fail",
            "errors": 1,
            "warnings": 1,
            "diagnostics": [
                {
                    "path": "positions/edited.md",
                    "line": 14,
                    "column": 22,
                    "code": "CITE001",
                    "severity": "error",
                    "message": "citation key must match an entry in references.bib: 'wgig2005'",
                    "hint": "did you mean 'wgig2005report'?",
                },
                {
                    "path": "references.bib",
                    "line": 3,
                    "column": 1,
                    "code": "BIB010",
                    "severity": "warning",
                    "message": "every entry should be cited by a document: 'unused'",
                    "hint": None,
                },
            ],
        },
    }
    summary.update(overrides)
    return summary


def _comment(accord: Callable, tmp_path: Path, summary: object, *extra: str) -> tuple[int, str, str]:
    source = tmp_path / "summary.json"
    source.write_text(json.dumps(summary), encoding="utf-8")
    out = tmp_path / "comment.md"
    run = accord(
        "github",
        "preview-comment",
        str(source),
        "--head-sha",
        SHA,
        "--run-url",
        RUN,
        "--out",
        str(out),
        *extra,
    )
    return run.code, run.out, out.read_text(encoding="utf-8") if out.exists() else run.err


def test_preview_comment(accord: Callable, tmp_path: Path) -> None:
    code, out, body = _comment(accord, tmp_path, _summary(), "--artifact-url", ARTIFACT)
    assert code == 0
    assert out == "12\n"  # the pull request to comment on, for the workflow
    assert body.startswith(github.PREVIEW_MARKER + "\n")
    golden("preview-comment.md", body)


def test_preview_comment_refuses_a_summary_for_another_commit(accord: Callable, tmp_path: Path) -> None:
    code, _, err = _comment(accord, tmp_path, _summary(head_sha="f" * 40))
    assert code == 2
    assert "head_sha is not the commit that the workflow run built" in err


@pytest.mark.parametrize(
    ("summary", "complaint"),
    [
        ([], "summary must be an object"),
        (_summary(format=2), "summary.format must be 1"),
        (_summary(pull_request="12"), "summary.pull_request has the wrong type"),
        (_summary(pull_request=True), "summary.pull_request has the wrong type"),
        (_summary(pull_request=0), "out of range"),
        (_summary(build="pwned"), "out of range"),
        (_summary(pages={"a": 1}), "summary.pages must be a list"),
        (_summary(pages=[{"path": "x"}]), "summary.pages[0].change has the wrong type"),
        (_summary(other_files=[1]), "summary.other_files must be a list of paths"),
        (_summary(other_files_count=-1), "must not be negative"),
        (_summary(check={"status": "maybe"}), "summary.check.status must be pass or fail"),
        (
            _summary(check={**_summary()["check"], "diagnostics": [{"code": "<b>"}]}),
            "summary.check.diagnostics[0].path has the wrong type",
        ),
    ],
)
def test_preview_comment_refuses_malformed_summaries(
    accord: Callable, tmp_path: Path, summary: object, complaint: str
) -> None:
    code, _, err = _comment(accord, tmp_path, summary)
    assert code == 2
    assert complaint in err
    assert not (tmp_path / "comment.md").exists()


def test_preview_comment_refuses_oversized_or_broken_files(
    accord: Callable, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(github, "MAX_INPUT_BYTES", 100)
    code, _, err = _comment(accord, tmp_path, _summary())
    assert (code, "more than the 100 allowed" in err) == (2, True)
    (tmp_path / "deep.json").write_text("[" * 200_000, encoding="utf-8")
    monkeypatch.setattr(github, "MAX_INPUT_BYTES", 1_000_000)
    run = accord(
        "github",
        "preview-comment",
        str(tmp_path / "deep.json"),
        "--head-sha",
        SHA,
        "--out",
        str(tmp_path / "c.md"),
    )
    assert run.code == 2
    assert "is not UTF-8 JSON" in run.err


def test_preview_comment_refuses_a_link(accord: Callable, tmp_path: Path) -> None:
    target = tmp_path / "elsewhere.json"
    target.write_text(json.dumps(_summary()), encoding="utf-8")
    (tmp_path / "link.json").symlink_to(target)
    run = accord(
        "github",
        "preview-comment",
        str(tmp_path / "link.json"),
        "--head-sha",
        SHA,
        "--out",
        str(tmp_path / "c.md"),
    )
    assert run.code == 2
    assert "is a symbolic link" in run.err


HOSTILE = (
    "<img src=x onerror=alert(1)> [click](https://evil.example) ![i](https://evil.example/p.png) "
    "@example-maintainer **bold** `tick` ``two`` | cell | &amp; <!-- accord-preview --> "
    "\u202eevil\u202c \x1b[31m\nsecond line\n\n# heading"
)


def _tokens(body: str) -> list:
    """The body parsed as CommonMark with GitHub's tables and strikethrough, inline tokens flat."""
    parser = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    flat = []
    for token in parser.parse(body):
        flat.append(token)
        flat.extend(token.children or [])
    return flat


def test_untrusted_text_is_inert(accord: Callable, tmp_path: Path) -> None:
    page = {
        "path": HOSTILE,
        "change": "added",
        "html": HOSTILE,
        "pdf": None,
        "title": HOSTILE,
        "previous": HOSTILE,
    }
    finding = {
        "path": HOSTILE,
        "line": 1,
        "column": 1,
        "code": "CITE001",
        "severity": "error",
        "message": HOSTILE,
        "hint": HOSTILE,
    }
    summary = _summary(
        pages=[page],
        other_files=[HOSTILE],
        check={"status": "fail", "errors": 1, "warnings": 0, "diagnostics": [finding]},
    )
    code, _, body = _comment(accord, tmp_path, summary, "--artifact-url", ARTIFACT)
    assert code == 0
    tokens = _tokens(body)
    kinds = {token.type for token in tokens}
    # The only HTML, links, emphasis and headings are the renderer's own.
    assert [t.content for t in tokens if t.type in ("html_inline", "html_block")] == [
        github.PREVIEW_MARKER + "\n",
        "<sub>",
        "</sub>",
    ]
    assert [t.attrGet("href") for t in tokens if t.type == "link_open"] == [ARTIFACT, RUN]
    assert [
        t.content
        for t in tokens
        if t.type == "inline" and t.map and body.splitlines()[t.map[0]].startswith("#")
    ] == [
        "Preview of `0123456789ab`",
        "Pages changed (1)",
        "Other files changed (1)",
        "Check findings (1)",
    ]
    assert sum(t.type == "strong_open" for t in tokens) == 3  # Build, Check, the finding's code
    assert not kinds & {"image", "em_open", "s_open", "table_open", "fence", "hr"}
    # Escaped text reads as written, and each item stays on its line.
    texts = " ".join(t.content for t in tokens if t.type == "text")
    assert "<img src=x onerror=alert(1)> [click](https://evil.example)" in texts
    assert "@\u200bexample-maintainer" in texts  # no mention: nobody is notified by the bot
    assert "\u202e" not in body
    assert "\x1b" not in body
    assert "\nsecond line" not in body
    assert "\n# heading" not in body


def test_code_spans_hold_any_backticks() -> None:
    assert github.code("a ``b`` c") == "```a ``b`` c```"
    assert github.code("`edge`") == "`` `edge` ``"
    assert github.code("") == "(empty)"
    assert github.code("x" * 500).endswith("…`")


def test_preview_comment_stays_under_githubs_limit(accord: Callable, tmp_path: Path) -> None:
    long = "ab" * 300  # longer than any item is shown
    many_pages = [
        {"path": long, "change": "added", "html": long, "pdf": long, "title": long, "previous": long}
    ] * 200
    findings = [
        {
            "path": long,
            "line": 1,
            "column": 1,
            "code": "CITE001",
            "severity": "error",
            "message": long,
            "hint": long,
        }
    ] * 100
    summary = _summary(
        pages=many_pages,
        other_files=[long] * 100,
        other_files_count=5000,
        check={"status": "fail", "errors": 2000, "warnings": 0, "diagnostics": findings},
    )
    code, _, body = _comment(accord, tmp_path, summary)
    assert code == 0
    assert len(body) <= github.MAX_BODY
    assert "- … and 170 more" in body  # pages beyond the first 30
    assert "- … and 4980 more" in body  # other files beyond the first 20
    assert "- … and 1980 more" in body  # findings beyond the first 20


def test_a_body_over_the_limit_is_cut_at_a_line() -> None:
    body = github._fit("- a line\n" * 10_000)
    assert len(body) <= github.MAX_BODY
    assert body.endswith("- a line\n- … (cut to GitHub's size limit)\n")


def test_links_must_be_https(accord: Callable, tmp_path: Path) -> None:
    code, _, err = _comment(accord, tmp_path, _summary(), "--artifact-url", "javascript:alert(1)")
    assert code == 2
    assert "not an https URL" in err


def _online_report() -> dict:
    def finding(path: str, line: int, code: str, message: str, hint: str | None) -> dict:
        severity = "warning" if code == "LINK002" else "error"
        return {
            "path": path,
            "line": line,
            "column": 3,
            "code": code,
            "severity": severity,
            "message": message,
            "hint": hint,
        }

    return {
        "status": "fail",
        "diagnostics": [
            finding(
                "references.bib",
                30,
                "LINK001",
                "a link must not be dead (404 or 410): https://example.org/gone (404)",
                "the web archive has a copy: add archived = {https://web.archive.org/x} to the entry",
            ),
            finding(
                "positions/a.md", 12, "LINK002", "a link should answer: https://slow.example (timeout)", None
            ),
            finding("positions/a.md", 9, "LINK003", "a DOI must resolve: 10.9999/nothing (404)", None),
            finding("positions/a.md", 2, "CITE001", "not a link problem", None),
        ],
    }


def test_links_issue(accord: Callable, tmp_path: Path) -> None:
    report = tmp_path / "online.json"
    report.write_text(json.dumps(_online_report()), encoding="utf-8")
    out = tmp_path / "issue.md"
    run = accord("github", "links-issue", str(report), "--run-url", RUN, "--out", str(out))
    assert run.code == 0
    assert run.out == "3\n"  # the CITE finding is not a rotten link
    body = out.read_text(encoding="utf-8")
    assert body.startswith(github.LINKS_MARKER + "\n")
    golden("links-issue.md", body)


def test_links_issue_when_every_link_works(accord: Callable, tmp_path: Path) -> None:
    report = tmp_path / "online.json"
    report.write_text(json.dumps({"status": "pass", "diagnostics": []}), encoding="utf-8")
    run = accord("github", "links-issue", str(report), "--out", str(tmp_path / "issue.md"))
    assert (run.code, run.out) == (0, "0\n")
    assert "found no rotten links" in (tmp_path / "issue.md").read_text(encoding="utf-8")


def test_links_issue_from_a_real_report(repo: Repo, accord: Callable, tmp_path: Path) -> None:
    """The issue reads what `accord check --format json` prints, whatever the findings."""
    repo.doc("positions/paper.md", status="final")
    report = _check_report(accord, repo, tmp_path / "report.json")
    run = accord("github", "links-issue", str(report), "--out", str(tmp_path / "issue.md"))
    assert (run.code, run.out) == (0, "0\n")


def test_the_comment_job_needs_no_dependencies(tmp_path: Path) -> None:
    """The privileged job runs `python -m accord github ...` from the default branch without
    installing anything: only the standard library may be imported on that path."""
    source = tmp_path / "summary.json"
    source.write_text(json.dumps(_summary()), encoding="utf-8")
    out = tmp_path / "comment.md"
    result = subprocess.run(
        [
            sys.executable,
            "-S",
            "-m",
            "accord",
            "github",
            "preview-comment",
            str(source),
            "--head-sha",
            SHA,
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        check=False,
        env={"PYTHONPATH": str(REPO / "tools"), "PATH": os.environ.get("PATH", "")},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == "12\n"
    assert out.read_text(encoding="utf-8").startswith(github.PREVIEW_MARKER)
