"""The other sources of a consultation: e-mailed comments (mbox), sign-on issues into
endorsements/<id>.yaml, and the links that prefill the comment form or an e-mail."""

from __future__ import annotations

import mailbox
from email.message import EmailMessage
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
import yaml

from accord import checks, corpus, settings
from accord.consultation import collect, links, mbox, signons
from accord.consultation.github_issues import Api
from tests.conftest import TODAY, Repo
from tests.githubfake import SIGN_ON_BODY, GitHubFake

pytestmark = pytest.mark.allow_hosts(["127.0.0.1"])

DOC = "igf-policy-options"


@pytest.fixture
def consulted(repo: Repo) -> Repo:
    repo.doc(
        f"positions/{DOC}.md",
        body="\n## Section\n\nThe first paragraph.\n\nThe second paragraph.\n",
        status="consultation",
        consultation="\n  opens: 2026-11-02\n  closes: 2026-12-18",
    )
    return repo


def _mail(
    subject: str, body: str, *, message_id: str | None = "<a1@example.org>", html: bool = False
) -> EmailMessage:
    message = EmailMessage()
    message["From"] = "Jane Doe <jane@example.org>"
    message["Subject"] = subject
    message["Date"] = "Fri, 20 Nov 2026 10:00:00 +0000"
    if message_id:
        message["Message-ID"] = message_id
    if html:
        message.set_content(body, subtype="html")
    else:
        message.set_content(body)
    return message


def _mbox(path: Path, *messages: EmailMessage) -> Path:
    box = mailbox.mbox(path)
    for message in messages:
        box.add(message)
    box.flush()
    box.close()
    return path


def test_e_mailed_comments_are_collected(consulted: Repo, tmp_path: Path) -> None:
    body = (
        links.mail_body("") + "Paragraph two needs a source.\n\n> quoted reply\n-- \nJane, jane@example.org\n"
    )
    body = body.replace("Name: \n", "Name: Jane Doe\n").replace("(yes/no): no", "(yes/no): yes")
    path = _mbox(
        tmp_path / "comments.mbox",
        _mail(f"Re: [{DOC} para 2]", body),
        _mail(f"[{DOC} para 1]", "No markers at all, just my comment.", message_id="<b2@example.org>"),
        _mail(f"[{DOC} para 1]", "<p>html only</p>", message_id="<c3@example.org>", html=True),
        _mail(f"[{DOC} para 1]", "No message id.", message_id=None),
        _mail("[another-paper para 1]", "Not ours.", message_id="<d4@example.org>"),
        _mail("Hello", "Not a comment.", message_id="<e5@example.org>"),
    )
    result = collect.collect(consulted.root, DOC, api=None, mbox_path=path)
    assert sorted(d.code for d in result.diagnostics) == ["CONS009", "CONS009"]
    record = yaml.safe_load((consulted.root / "consultations" / f"{DOC}.yaml").read_text(encoding="utf-8"))
    first, second = record["comments"]
    assert first["id"] == "mail-" + mbox.Mail(0, DOC, 2, message_id="<a1@example.org>").id.removeprefix(
        "mail-"
    )
    assert (first["source"], first["paragraph"], first["name"]) == ("<a1@example.org>", 2, "Jane Doe")
    assert first["text"] == "Paragraph two needs a source."  # no quoted reply, no signature, no address
    assert first["quote"] == "The second paragraph."
    assert (second["name"], second["text"]) == ("anonymous", "No markers at all, just my comment.")
    text = (consulted.root / "consultations" / f"{DOC}.yaml").read_text(encoding="utf-8")
    assert "jane@example.org" not in text
    # The same mbox again adds nothing.
    assert collect.collect(consulted.root, DOC, api=None, mbox_path=path).added == 0


def test_the_command_line_reads_an_mbox_without_github(
    accord, consulted: Repo, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.delenv("GITHUB_REPOSITORY", raising=False)
    path = _mbox(tmp_path / "c.mbox", _mail(f"[{DOC} para 1]", "A comment."))
    run = accord("consultation", "collect", DOC, "--root", str(consulted.root), "--mbox", str(path))
    assert run.code == 0, run.err
    assert "1 new comment added" in run.err and "request" not in run.err
    missing = accord("consultation", "collect", DOC, "--root", str(consulted.root))
    assert missing.code == 2 and "no repository" in missing.err


def _sign_on(number: int, **values: str) -> dict:
    fields = {
        "document": DOC,
        "version": "1.0",
        "organisation": "Example Network",
        "country": "KE",
        "kind": "Academic or research institution",
        "website": "_No response_",
    } | values
    return {
        "number": number,
        "html_url": f"https://github.com/example/coalition/issues/{number}",
        "state": "open",
        "state_reason": None,
        "created_at": "2026-11-21T09:00:00Z",
        "labels": [{"name": "sign-on"}],
        "body": SIGN_ON_BODY.format(**fields),
    }


def test_sign_ons_are_collected_into_the_endorsements_file(consulted: Repo) -> None:
    original = (
        "# Our signatories.\n\n- name: Example Network\n  country: KE\n  date: 2026-11-10\n  version: '1.0'\n"
    )
    consulted.write(f"endorsements/{DOC}.yaml", original)
    issues = [
        _sign_on(1),  # already listed, same version: nothing to say
        _sign_on(2, organisation="Sample Alliance", country="Brazil", website="https://example.org/a"),
        _sign_on(3, organisation="Third Org", country="Narnia"),
        _sign_on(4, organisation="example network", version="1.1"),  # a renewal, for the editors
    ]
    with GitHubFake(issues) as server:
        result = signons.collect(consulted.root, DOC, api=Api(server.repository, base=server.base))
    assert result.added == 1
    assert sorted(d.code for d in result.diagnostics) == ["CONS001", "CONS003"]
    text = (consulted.root / f"endorsements/{DOC}.yaml").read_text(encoding="utf-8")
    assert text.startswith(original)
    added = yaml.safe_load(text)[1]
    assert added == {
        "name": "Sample Alliance",
        "country": "BR",
        "date": __import__("datetime").date(2026, 11, 21),
        "url": "https://example.org/a",
        "kind": "academic",
        "version": "1.0",
    }
    # The file the collection wrote passes the endorsement rules.
    found = checks.run(corpus.load(consulted.root), today=TODAY)
    assert not [d for d in found if d.path.startswith("endorsements/")]


def test_a_sign_on_without_every_confirmation_is_not_collected(consulted: Repo) -> None:
    issue = _sign_on(1)
    issue["body"] = issue["body"].replace("- [X] I may sign", "- [ ] I may sign")
    with GitHubFake([issue]) as server:
        result = signons.collect(consulted.root, DOC, api=Api(server.repository, base=server.base))
    assert result.added == 0 and [d.code for d in result.diagnostics] == ["CONS001"]
    assert not (consulted.root / "endorsements").exists()


def test_comment_links() -> None:
    configured = settings.Settings(repository="example/coalition", consultation_email="comments@example.org")
    link = links.comment_link(configured, "igf-policy-options", "1.0", 4)
    parts = urlsplit(link)
    assert (parts.scheme, parts.netloc, parts.path) == (
        "https",
        "github.com",
        "/example/coalition/issues/new",
    )
    assert parse_qs(parts.query) == {
        "template": ["comment.yml"],
        "title": ["Comment on igf-policy-options, paragraph 4"],
        "document": ["igf-policy-options"],
        "version": ["1.0"],
        "paragraph": ["4"],
    }
    mail = links.comment_mailto(configured, "igf-policy-options", "1.0", 4)
    assert mail.startswith("mailto:comments@example.org?subject=%5Bigf-policy-options%20para%204%5D&body=")
    body = unquote(mail.split("&body=", 1)[1])
    assert body.startswith("Version: 1.0\n") and " " not in mail and "+" not in mail
    # What the link writes, the mbox reader reads back.
    subject = unquote(parse_qs(urlsplit(mail).query)["subject"][0])
    assert mbox._SUBJECT.search(subject)["number"] == "4"
    assert links.comment_link(settings.Settings(), "x", "1.0", 1) == ""
    assert links.comment_mailto(settings.Settings(), "x", "1.0", 1) == ""


@pytest.mark.parametrize(
    ("value", "ok"),
    [("comments@example.org", True), ("a.b+c@mail.example.org", True), ("not an address", False),
     ("x@y", False), ("a@b.org?cc=evil@x.org", False), ("<a@b.org>", False)],
)  # fmt: skip
def test_the_consultation_email_setting(repo: Repo, value: str, ok: bool) -> None:
    repo.write("pyproject.toml", f'[tool.accord]\nconsultation-email = "{value}"\n')
    loaded, problems = settings.load(repo.root)
    assert (loaded.consultation_email == value) is ok
    assert [(d.code, d.line) for d in problems] == ([] if ok else [("META030", 2)])


@pytest.mark.parametrize(
    ("text", "indent"),
    [
        ("document: x\ncomments: []\n", "  "),
        ("document: x\ncomments:\n", "  "),
        ("document: x\ncomments:\n- id: a\n  text: kept  # a drafter's note\n", ""),
        ("document: x\ncomments:\n    - id: a\n", "    "),
    ],
)
def test_entries_are_appended_to_the_list_as_written(text: str, indent: str) -> None:
    from accord import datafile
    from accord.consultation import appending

    old = datafile.read("c.yaml", text).data
    new = appending.appended(text, [{"id": "b", "text": "two\nlines"}], key="comments")
    appending.checked("c.yaml", old, new, key="comments", added=1)
    assert f"{indent}- id: b\n{indent}  text: |-\n{indent}    two\n{indent}    lines\n" in new
    if "[]" not in text:
        assert new.startswith(text)


def test_a_list_that_is_not_last_is_not_appended_to() -> None:
    from accord.consultation import appending

    with pytest.raises(appending.NotAppendable):
        appending.appended("comments:\n  - id: a\ndocument: x\n", [{"id": "b"}], key="comments")
