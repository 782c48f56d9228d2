"""`accord consultation collect`: comment issues from a local fake of GitHub's REST API and
e-mails from an mbox into consultations/<id>.yaml; collecting again keeps what drafters wrote."""

from __future__ import annotations

import datetime as dt
import subprocess

import pytest
import yaml

from accord import checks, corpus
from accord.consultation import collect, forms
from accord.consultation.github_issues import Api, ApiError
from accord.vocabulary import ORGANISATION_KINDS
from tests.conftest import Repo
from tests.githubfake import GitHubFake, comment_issue

pytestmark = pytest.mark.allow_hosts(["127.0.0.1"])

DOC = "igf-policy-options"
BODY = "\n## Section\n\nThe first paragraph.\n\nThe second paragraph, longer.\n\n- a list item is not numbered\n\nThe third paragraph.\n"


@pytest.fixture
def consulted(repo: Repo) -> Repo:
    repo.doc(
        f"positions/{DOC}.md",
        body=BODY,
        status="consultation",
        consultation="\n  opens: 2026-11-02\n  closes: 2026-12-18",
    )
    return repo


def _api(server: GitHubFake, **options: object) -> Api:
    return Api(server.repository, base=server.base, sleep=lambda seconds: None, **options)


def _record(repo: Repo) -> dict:
    return yaml.safe_load((repo.root / "consultations" / f"{DOC}.yaml").read_text(encoding="utf-8"))


def test_comments_are_collected_with_their_quote(consulted: Repo) -> None:
    issues = [
        comment_issue(1, paragraph=2, comment="Say who maps.\n\n### Name\n\nnot a heading of the form"),
        comment_issue(2, paragraph=3, name="Jane Doe", consent=True),
        comment_issue(3, paragraph=1, name="John Roe", consent=False),
    ]
    with GitHubFake(issues) as server:
        result = collect.collect(consulted.root, DOC, api=_api(server))
    assert result.added == 3 and result.diagnostics == []
    comments = _record(consulted)["comments"]
    assert [c["id"] for c in comments] == ["gh-1", "gh-2", "gh-3"]
    first = comments[0]
    # A textarea may hold a line that looks like the form's own heading.
    assert first["text"] == "Say who maps.\n\n### Name\n\nnot a heading of the form"
    assert first["quote"] == "The second paragraph, longer."
    assert first["source"] == "https://github.com/example/coalition/issues/1"
    assert first["received"] == dt.date(2026, 11, 20)
    # The form left the version empty: the comment is on the text as it is (its date, before it
    # has a version), as the comment links and the record's rules say.
    assert (first["disposition"], first["response"], first["version"]) == ("pending", "", "2026-01-15")
    assert comments[1]["name"] == "Jane Doe"
    assert comments[1]["quote"] == "The third paragraph."
    # No consent: the name is not recorded.
    assert comments[2]["name"] == "anonymous"
    assert _record(consulted)["document"] == DOC
    # What the collection writes is a record the rules accept.
    found = checks.run(corpus.load(consulted.root), today=dt.date(2026, 11, 30))
    assert [d for d in found if d.path.startswith("consultations/")] == []


def test_collecting_again_keeps_dispositions_and_reports_edits(consulted: Repo) -> None:
    issues = [comment_issue(1, paragraph=1), comment_issue(2, paragraph=2)]
    with GitHubFake(issues) as server:
        collect.collect(consulted.root, DOC, api=_api(server))
        path = consulted.root / "consultations" / f"{DOC}.yaml"
        edited = path.read_text(encoding="utf-8").replace(
            'disposition: pending\n    response: ""',
            "disposition: accepted  # agreed on 1 Dec\n    response: Done.",
            1,
        )
        assert edited != path.read_text(encoding="utf-8")
        path.write_text(edited, encoding="utf-8")
        issues[1]["body"] = issues[1]["body"].replace("Please say more.", "I changed my mind.")
        issues.append(comment_issue(3, paragraph=3))
        del issues[0]  # deleted as spam
        result = collect.collect(consulted.root, DOC, api=_api(server))
    assert result.added == 1
    text = path.read_text(encoding="utf-8")
    assert text.startswith(edited)  # not a byte of the drafters' file changed
    comments = _record(consulted)["comments"]
    assert [(c["id"], c["disposition"]) for c in comments] == [
        ("gh-1", "accepted"),
        ("gh-2", "pending"),
        ("gh-3", "pending"),
    ]
    assert comments[1]["text"] == "Please say more."  # the edit is reported, not applied
    codes = sorted((d.code, d.line) for d in result.diagnostics)
    assert [c for c, _ in codes] == ["CONS003", "CONS004"]
    assert all(line > 1 for _, line in codes)  # at the entry in the file
    # A third run finds nothing new and writes nothing.
    with GitHubFake(issues) as server:
        again = collect.collect(consulted.root, DOC, api=_api(server))
    assert again.added == 0 and path.read_text(encoding="utf-8") == text


def test_comments_on_other_documents_and_closed_as_not_planned_are_left_out(consulted: Repo) -> None:
    other = comment_issue(1)
    other["body"] = other["body"].replace(DOC, "another-paper")
    issues = [other, comment_issue(2, state_reason="not_planned"), comment_issue(3, paragraph="the third")]
    with GitHubFake(issues) as server:
        result = collect.collect(consulted.root, DOC, api=_api(server))
    assert (result.added, result.skipped) == (0, 1)
    assert [d.code for d in result.diagnostics] == ["CONS001"]
    assert not (consulted.root / "consultations").exists()


def test_a_paragraph_that_does_not_exist_gets_no_quote(consulted: Repo) -> None:
    with GitHubFake([comment_issue(1, paragraph=9)]) as server:
        result = collect.collect(consulted.root, DOC, api=_api(server))
    assert [d.code for d in result.diagnostics] == ["CONS002"]
    assert _record(consulted)["comments"][0]["quote"] == ""


def test_the_quote_is_the_text_when_the_comment_was_made(consulted: Repo) -> None:
    def git(*args: str, date: str = "2026-11-01T00:00:00Z") -> None:
        env = {"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date, "PATH": "/usr/bin:/bin", "HOME": "/tmp"}
        subprocess.run(["git", *args], cwd=consulted.root, check=True, capture_output=True, env=env)

    git("init", "-q", "-b", "main")
    git("-c", "user.name=t", "-c", "user.email=t@example.org", "add", "-A")
    git("-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "first")
    paper = consulted.root / "positions" / f"{DOC}.md"
    paper.write_text(
        paper.read_text(encoding="utf-8").replace("The first paragraph.", "A new opening."), encoding="utf-8"
    )
    git(
        "-c",
        "user.name=t",
        "-c",
        "user.email=t@example.org",
        "commit",
        "-qam",
        "second",
        date="2026-11-25T00:00:00Z",
    )
    with GitHubFake(
        [comment_issue(1, paragraph=1), comment_issue(2, paragraph=1, created="2026-11-26T08:00:00Z")]
    ) as server:
        collect.collect(consulted.root, DOC, api=_api(server))
    assert [c["quote"] for c in _record(consulted)["comments"]] == ["The first paragraph.", "A new opening."]


def test_pages_are_followed_and_rate_limits_waited_out(consulted: Repo) -> None:
    issues = [comment_issue(n, paragraph=1) for n in range(1, 251)]
    pauses: list[float] = []
    with GitHubFake(issues, per_page=100) as server:
        server.rate_limited = 1
        api = Api(server.repository, base=server.base, sleep=pauses.append)
        result = collect.collect(consulted.root, DOC, api=api)
    assert result.added == 250
    assert result.requests == 4  # three pages and the one refused
    assert pauses == [0.0]


def test_a_rate_limit_that_does_not_end_stops_with_a_diagnostic(consulted: Repo) -> None:
    with GitHubFake([comment_issue(1)]) as server:
        server.rate_limited = 10
        with pytest.raises(ApiError) as raised:
            collect.collect(consulted.root, DOC, api=_api(server, retries=2))
    assert raised.value.code == "CONS007"


@pytest.mark.parametrize(
    ("token", "repository", "code"),
    [("wrong", "example/coalition", "CONS005"), ("", "example/missing", "CONS006")],
)
def test_a_bad_token_or_repository_is_a_clear_error(
    accord, consulted: Repo, monkeypatch: pytest.MonkeyPatch, token: str, repository: str, code: str
) -> None:
    with GitHubFake([comment_issue(1)], token="right") as server:
        if not token:
            server.token = ""
        monkeypatch.setenv("GITHUB_API_URL", server.base)
        monkeypatch.setenv("GITHUB_TOKEN", token)
        monkeypatch.setenv("GITHUB_REPOSITORY", repository)
        run = accord("consultation", "collect", DOC, "--root", str(consulted.root))
    assert run.code == 2
    assert f"consultations/{DOC}.yaml:1:1: {code}" in run.out
    assert "Traceback" not in run.out + run.err


def test_the_command_line_collects_and_says_how_many(
    accord, consulted: Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    with GitHubFake([comment_issue(1, paragraph=1)]) as server:
        monkeypatch.setenv("GITHUB_API_URL", server.base)
        monkeypatch.setenv("GITHUB_REPOSITORY", server.repository)
        monkeypatch.delenv("GITHUB_TOKEN", raising=False)
        run = accord("consultation", "collect", DOC, "--root", str(consulted.root))
    assert run.code == 0, run.err
    assert f"consultations/{DOC}.yaml: 1 new comment added, 1 request(s) to GitHub" in run.err


def test_an_unknown_document_is_a_usage_error(accord, consulted: Repo) -> None:
    run = accord("consultation", "collect", "nothing-here", "--root", str(consulted.root), "--no-github")
    assert run.code == 2 and "no document 'nothing-here'" in run.err


def test_a_record_file_that_cannot_be_read_is_left_alone(consulted: Repo) -> None:
    path = consulted.write(f"consultations/{DOC}.yaml", "document: x\ncomments:\n\t- id: 1\n")
    with GitHubFake([comment_issue(1)]) as server:
        result = collect.collect(consulted.root, DOC, api=_api(server))
    assert [d.code for d in result.diagnostics] == ["CONS008"]
    assert path.read_text(encoding="utf-8") == "document: x\ncomments:\n\t- id: 1\n"


def test_the_form_and_the_parser_agree() -> None:
    """The repository's comment form has the ids and labels the parser falls back to."""
    from tests.conftest import REPO

    form = forms.read_form(REPO / ".github" / "ISSUE_TEMPLATE" / "comment.yml", ())
    assert [(f.id, f.label, f.type) for f in form] == [(f.id, f.label, f.type) for f in forms.COMMENT_FORM]
    signon = forms.read_form(REPO / ".github" / "ISSUE_TEMPLATE" / "sign-on.yml", ())
    assert [(f.id, f.label, f.type) for f in signon] == [(f.id, f.label, f.type) for f in forms.SIGN_ON_FORM]
    # The sign-on form offers exactly the kinds an endorsement may record, in the same order.
    kinds = next(f.options for f in signon if f.id == "kind")
    assert kinds == tuple(ORGANISATION_KINDS.values())
    # Neither form asks for a private contact.
    for path in ("comment.yml", "sign-on.yml"):
        text = (REPO / ".github" / "ISSUE_TEMPLATE" / path).read_text(encoding="utf-8")
        assert "contact" not in text.lower() and "public" in text


def test_since_and_all_on_the_command_line(accord, consulted: Repo, monkeypatch: pytest.MonkeyPatch) -> None:
    consulted.doc("positions/a-draft.md")  # not in consultation: --all leaves it out
    with GitHubFake([comment_issue(1, paragraph=1)]) as server:
        monkeypatch.setenv("GITHUB_API_URL", server.base)
        monkeypatch.setenv("GITHUB_REPOSITORY", server.repository)
        monkeypatch.delenv("GITHUB_TOKEN", raising=False)
        run = accord(
            "consultation", "collect", "--all", "--since", "2026-11-01", "--root", str(consulted.root)
        )
        assert server.queries == [{"labels": "comment", "state": "all", "sort": "created", "direction": "asc",
                                   "per_page": "100", "since": "2026-11-01T00:00:00Z"}]  # fmt: skip
    assert run.code == 0, run.err
    assert run.err.count("new comment added") == 1
    # With --since, issues missing from the answer are not taken for deleted.
    assert "CONS004" not in run.out
    both = accord("consultation", "collect", DOC, "--all", "--root", str(consulted.root))
    assert both.code == 2 and "name one document ID, or give --all" in both.err
    with pytest.raises(SystemExit) as refused:
        accord("consultation", "collect", DOC, "--since", "last week", "--root", str(consulted.root))
    assert refused.value.code == 2


@pytest.mark.parametrize(
    ("headers", "code"),
    [({}, "CONS005"), ({"x-ratelimit-remaining": "0", "x-ratelimit-reset": "99999999999"}, "CONS007")],
)
def test_a_403_is_a_refusal_or_a_rate_limit(consulted: Repo, headers: dict, code: str) -> None:
    with GitHubFake([comment_issue(1)]) as server:
        server.forbidden = headers
        with pytest.raises(ApiError) as raised:
            collect.collect(consulted.root, DOC, api=_api(server))
    assert raised.value.code == code


def test_a_next_page_elsewhere_is_not_followed(consulted: Repo) -> None:
    with GitHubFake([comment_issue(n) for n in range(1, 4)], per_page=1) as server:
        server.next_base = "http://127.0.0.2:9"
        with pytest.raises(ApiError) as raised:
            collect.collect(consulted.root, DOC, api=_api(server))
    assert raised.value.code == "CONS007" and "outside" in raised.value.detail
