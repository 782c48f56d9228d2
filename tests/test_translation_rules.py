"""LANG rules: each code fires on a bad translation and stays silent on a good one."""

from __future__ import annotations

import pytest

from accord import checks, corpus
from tests.conftest import TODAY, Repo, front
from tests.gitrepo import commit_all, git, init, isolate_git

SOURCE_BODY = """
## Scope

First paragraph {cite:p}`wgig2005report`.

Second paragraph {cite:p}`coe2011principles`.

### 1. Openness

Third paragraph.
"""

GOOD_BODY = """
## Portée

Premier paragraphe {cite:p}`wgig2005report`.

Deuxième paragraphe {cite:p}`coe2011principles`.

### 1. Ouverture

Troisième paragraphe.
"""


def translation(commit: str, body: str = GOOD_BODY, **fields: object) -> str:
    base: dict[str, object] = {
        "title": "Un projet",
        "language": "fr",
        "translators": "\n  - name: Jeanne Traductrice",
        "translated_from": commit,
    }
    base.update(fields)
    lines = [f"{key}: {value}" for key, value in base.items() if value is not None]
    return "---\n" + "\n".join(lines) + "\n---\n" + body


@pytest.fixture
def tracked(repo: Repo, monkeypatch: pytest.MonkeyPatch) -> tuple[Repo, str]:
    """A git repository with an adopted statement of principles, committed: (repo, its commit)."""
    isolate_git(monkeypatch)
    init(repo.root)
    repo.doc(
        "principles/open.md",
        SOURCE_BODY,
        status="adopted",
        version="1.0",
        adopted="\n  date: 2026-01-20\n  by: General Assembly",
    )
    commit_all(repo.root, "source")
    return repo, git(repo.root, "rev-parse", "HEAD")


def codes(repo: Repo) -> list[tuple[str, str, int]]:
    return [(d.code, d.path, d.line) for d in checks.run(corpus.load(repo.root), today=TODAY)]


def test_a_good_translation_is_silent(tracked: tuple[Repo, str]) -> None:
    repo, commit = tracked
    repo.write("principles/open.fr.md", translation(commit))
    assert codes(repo) == []
    # the translation is not a document: no META rule, not in the ids
    loaded = corpus.load(repo.root)
    assert [d.path for d in loaded.translations] == ["principles/open.fr.md"]
    assert "open.fr" not in loaded.ids


BAD = {
    "LANG001": ("principles/open.qq.md", {"language": "qq"}, GOOD_BODY),
    "LANG002": ("principles/closed.fr.md", {}, GOOD_BODY),
    "LANG003": ("principles/open.fr.md", {"language": "es"}, GOOD_BODY),
    "LANG004": ("principles/open.fr.md", {"translators": None}, GOOD_BODY),
    "LANG005": ("principles/open.fr.md", {"authors": "\n  - name: X"}, GOOD_BODY),
    "LANG006": ("principles/open.fr.md", {"status": "draft"}, GOOD_BODY),
    "LANG007": ("principles/open.fr.md", {"version": "1.0"}, GOOD_BODY),
    "LANG008": ("principles/open.fr.md", {"translators": "Jeanne"}, GOOD_BODY),
    "LANG009": ("principles/open.fr.md", {"translated_from": "0123456789abcdef"}, GOOD_BODY),
    "LANG011": ("principles/open.fr.md", {}, GOOD_BODY.replace("Troisième paragraphe.\n", "")),
    "LANG012": ("principles/open.fr.md", {}, GOOD_BODY + "\nUn de trop.\n"),
    "LANG013": ("principles/open.fr.md", {}, GOOD_BODY.replace("### 1. Ouverture", "### Ouverture")),
    "LANG014": ("principles/open.fr.md", {}, GOOD_BODY + "\n### 2. Autre\n"),
    "LANG015": ("principles/open.fr.md", {}, GOOD_BODY.replace("coe2011principles", "wgig2005report,zzz")),
    "LANG016": ("principles/open.fr.md", {}, GOOD_BODY.replace(" {cite:p}`coe2011principles`", "")),
    "LANG017": ("principles/open.en.md", {"language": "en"}, GOOD_BODY),
    "LANG018": ("principles/open.fr.es.md", {"language": "es"}, GOOD_BODY),
    "LANG019": ("principles/open.zh-hans.md", {"language": "zh-Hans"}, GOOD_BODY),
}


@pytest.mark.parametrize("code", sorted(BAD))
def test_each_rule_fires(tracked: tuple[Repo, str], code: str) -> None:
    repo, commit = tracked
    path, fields, body = BAD[code]
    if code == "LANG018":
        repo.write("principles/open.fr.md", translation(commit))
    repo.write(path, translation(commit, body, **fields))
    found = [c for c, p, _ in codes(repo) if p == path]
    assert code in found, found


def test_missing_and_extra_paragraphs_are_reported_at_their_line(tracked: tuple[Repo, str]) -> None:
    repo, commit = tracked
    repo.write("principles/open.fr.md", translation(commit, GOOD_BODY + "\nUn de trop.\n"))
    text = (repo.root / "principles/open.fr.md").read_text(encoding="utf-8").splitlines()
    [(_, _, line)] = [f for f in codes(repo) if f[0] == "LANG012"]
    assert text[line - 1] == "Un de trop."


def test_translated_from_hint_prints_the_commit_to_write(tracked: tuple[Repo, str]) -> None:
    repo, commit = tracked
    repo.write("principles/open.fr.md", translation(commit, translated_from=None))
    [found] = checks.run(corpus.load(repo.root), today=TODAY)
    assert found.code == "LANG004"
    assert found.hint == f"write translated_from: {commit}"


def test_an_outdated_translation_is_a_warning_naming_the_new_commit(tracked: tuple[Repo, str]) -> None:
    repo, commit = tracked
    repo.write("principles/open.fr.md", translation(commit))
    source = repo.root / "principles/open.md"
    source.write_text(source.read_text(encoding="utf-8").replace("Third", "The third"), encoding="utf-8")
    commit_all(repo.root, "edit the source")
    new = git(repo.root, "rev-parse", "HEAD")
    [found] = checks.run(corpus.load(repo.root), today=TODAY)
    assert (found.code, found.severity) == ("LANG010", "warning")
    assert f"translated_from: {new}" in found.hint
    repo.write("principles/open.fr.md", translation(new))
    assert codes(repo) == []


def test_the_languages_setting_lists_valid_tags(repo: Repo) -> None:
    repo.write("pyproject.toml", '[tool.accord]\nlanguages = ["en", "frenchy"]\n')
    assert [f for f in codes(repo) if f[0].startswith("LANG")] == [("LANG020", "pyproject.toml", 2)]
    repo.write("pyproject.toml", '[tool.accord]\nlanguages = ["en", "fr"]\n')
    assert [f for f in codes(repo) if f[0].startswith("LANG")] == []


def test_without_git_the_history_rules_say_nothing(repo: Repo) -> None:
    repo.doc("positions/plain.md")
    repo.write(
        "positions/plain.fr.md",
        translation("abcdef1", "\n## Section\n\nTexte {cite:p}`wgig2005report,coe2011principles`.\n"),
    )
    assert codes(repo) == []


def test_documents_with_dots_in_their_ids_stay_documents(repo: Repo) -> None:
    repo.doc("positions/a.ro-concepts.md")
    repo.doc("positions/a.open.md")
    loaded = corpus.load(repo.root)
    assert sorted(d.id for d in loaded.documents) == ["a.open", "a.ro-concepts"]
    assert loaded.translations == []


def test_a_translation_numbers_paragraphs_as_its_source(tracked: tuple[Repo, str]) -> None:
    """A {para} reference inside a translation to its own paragraphs is checked against the source's status."""
    repo, commit = tracked
    body = GOOD_BODY.replace("Troisième paragraphe.", "Voir {para}`#p-1`.")
    repo.write("principles/open.fr.md", translation(commit, body))
    assert codes(repo) == []


def test_front_is_unchanged_for_documents() -> None:
    assert front().startswith("---\ntitle:")
