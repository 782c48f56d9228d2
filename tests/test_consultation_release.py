"""``accord release`` refuses while a comment on an adopted document is pending (CONS019): the W3C's
rule that every comment is addressed before a text advances."""

from __future__ import annotations

from accord.consultation import model
from tests.conftest import TODAY, Repo
from tests.gitrepo import commit_all, git
from tests.test_release import released  # noqa: F401 - the fixture

RECORD = """\
document: paper
comments:
  - id: gh-7
    received: 2026-06-01
    version: "1.0"
    paragraph: 1
    text: Please cite the report's page.
    disposition: pending
    response: ""
"""


def _release(accord, repo: Repo):
    return accord("release", "v1.1", "--root", str(repo.root), "--today", TODAY.isoformat())


def test_a_pending_comment_stops_the_release(accord, released: Repo) -> None:  # noqa: F811
    released.write(model.relative_path("paper"), RECORD)
    commit_all(released.root, "the consultation's record")
    run = _release(accord, released)
    assert run.code == 1
    assert run.out.startswith(
        "consultations/paper.yaml:8:18: CONS019 a document cannot be adopted while a comment on it is pending"
    )
    assert "gh-7 on paragraph 1 of paper" in run.out
    assert git(released.root, "tag", "--list", "v1.1") == ""


def test_once_every_comment_is_decided_the_release_goes_ahead(accord, released: Repo) -> None:  # noqa: F811
    decided = RECORD.replace("disposition: pending", "disposition: accepted").replace(
        'response: ""', "response: Cited page 12."
    )
    released.write(model.relative_path("paper"), decided)
    commit_all(released.root, "the consultation's record, decided")
    run = _release(accord, released)
    assert (run.code, run.out) == (0, "")
    assert git(released.root, "tag", "--list", "v1.1") == "v1.1"
