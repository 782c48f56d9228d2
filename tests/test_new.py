"""``accord new KIND "Title"``: a draft that passes ``accord check`` at once, never over another."""

from __future__ import annotations

from pathlib import Path

import pytest

from accord import corpus, newdoc
from tests.conftest import TODAY, Repo


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Data governance and AI", "data-governance-and-ai"),
        ("Données & IA: the 2027 agenda!", "donnees-ia-the-2027-agenda"),
        ("  Spaces   and\ttabs ", "spaces-and-tabs"),
    ],
)
def test_the_id_is_a_slug_of_the_title(title: str, expected: str) -> None:
    assert newdoc.slug(title) == expected


def test_a_new_document_passes_the_check_at_once(accord, repo: Repo) -> None:
    repo.doc("positions/paper.md")  # cites the bibliography, so that the check is silent
    run = accord(
        "new", "principles", "Données & IA: the 2027 agenda", "--today", TODAY.isoformat(), cwd=repo.root
    )
    assert run.code == 0, run.err
    assert run.out == "principles/donnees-ia-the-2027-agenda.md\n"
    assert "accord check principles/donnees-ia-the-2027-agenda.md" in run.err
    [doc] = [d for d in corpus.load(repo.root).documents if d.kind == "principles"]
    assert doc.id == "donnees-ia-the-2027-agenda"
    assert doc.meta["title"] == "Données & IA: the 2027 agenda"
    assert doc.meta["status"] == "draft"
    assert str(doc.meta["date"]) == TODAY.isoformat()
    check = accord("check", str(repo.root), "--today", TODAY.isoformat())
    assert (check.code, check.out) == (0, "")


def test_the_organisation_is_the_placeholder_authors_affiliation(accord, repo: Repo) -> None:
    repo.write("pyproject.toml", '[tool.accord]\norganisation = "Coalition: Rights & Net"\n')
    accord("new", "positions", "A title", "--root", str(repo.root))
    text = (repo.root / "positions" / "a-title.md").read_text(encoding="utf-8")
    assert "- name: Working group\n  affiliation: 'Coalition: Rights & Net'\n" in text


@pytest.mark.parametrize("kind", ["positions", "principles"])
def test_an_existing_id_is_refused_in_either_folder(accord, repo: Repo, kind: str) -> None:
    existing = repo.doc("positions/open-data.md")
    before = existing.read_text(encoding="utf-8")
    run = accord("new", kind, "Open data", "--root", str(repo.root))
    assert run.code == 2
    assert "'open-data' exists already: positions/open-data.md" in run.err
    assert existing.read_text(encoding="utf-8") == before
    assert not (repo.root / "principles" / "open-data.md").exists()


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["positions", "!!!"], "cannot make a document id"),
        (["positions", "Index"], "cannot make a document id"),
        (["positions", "   "], "give the document a title"),
    ],
)
def test_unusable_titles_are_usage_errors(accord, repo: Repo, argv: list[str], message: str) -> None:
    run = accord("new", *argv, "--root", str(repo.root))
    assert run.code == 2
    assert message in run.err
    assert sorted(p.name for p in (repo.root / "positions").iterdir()) == ["index.md"]


def test_an_unknown_kind_is_a_usage_error(accord, repo: Repo) -> None:
    with pytest.raises(SystemExit) as raised:
        accord("new", "papers", "A title", "--root", str(repo.root))
    assert raised.value.code == 2


def test_the_help_has_an_example(accord, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        accord("new", "--help")
    assert 'accord new positions "Data governance and AI"' in capsys.readouterr().out


@pytest.mark.sphinx
def test_a_new_document_builds(accord, repo: Repo, tmp_path: Path) -> None:
    repo.doc("positions/paper.md")
    accord("new", "positions", "A new paper", "--root", str(repo.root), "--today", TODAY.isoformat())
    run = accord(
        "build", str(repo.root), "--out", str(tmp_path / "out"), "--no-pdf", "--today", TODAY.isoformat()
    )
    assert (run.code, run.out) == (0, "")
    assert (tmp_path / "out" / "html" / "positions" / "a-new-paper.html").is_file()
