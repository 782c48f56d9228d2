"""``accord release``: the preflight checks, and the tag they allow."""

from __future__ import annotations

from pathlib import Path

import pytest

from accord.editions.release import changelog_entry
from tests.conftest import TODAY, Repo, new_repo
from tests.gitrepo import commit_all, git, init, isolate_git

ADOPTED = {
    "status": "adopted",
    "version": '"1.0"',
    "adopted": "\n  date: 2026-06-12\n  by: General Assembly\n  record: https://example.org/minutes/2026-06-12",
}
#: Version 1.1 of the paper, adopted again after the edition v1.0 (tagged 2026-11-20).
READOPTED = {
    **ADOPTED,
    "version": '"1.1"',
    "adopted": "\n  date: 2026-11-24\n  by: General Assembly\n  record: https://example.org/minutes/2026-11-24",
}
CHANGELOG = "# Changes\n\n## v1.1\n\nCorrected paragraph 2.\n\n## v1.0 (2026-11-20)\n\nFirst edition.\n"

SETTINGS = '[tool.accord]\nbase-url = "https://statements.example.org"\n'


@pytest.fixture
def released(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Repo:
    """A repository with edition v1.0 tagged, and CHANGELOG sections for v1.0 and v1.1."""
    isolate_git(monkeypatch)
    repo = new_repo(tmp_path / "repo")
    repo.doc("positions/paper.md", **ADOPTED)
    repo.write("CHANGELOG.md", CHANGELOG)
    repo.write("pyproject.toml", SETTINGS)
    init(repo.root)
    commit_all(repo.root, "first text")
    git(repo.root, "tag", "--annotate", "-m", "Official edition v1.0", "v1.0")
    return repo


def _release(accord, repo: Repo, version: str, *extra: str):
    return accord("release", version, "--root", str(repo.root), "--today", TODAY.isoformat(), *extra)


def test_a_clean_repository_is_tagged(accord, released: Repo) -> None:
    run = _release(accord, released, "v1.1")
    assert (run.code, run.out) == (0, "")
    assert "tagged v1.1" in run.err
    assert git(released.root, "cat-file", "-t", "v1.1") == "tag"  # annotated, not lightweight
    message = git(released.root, "tag", "--list", "v1.1", "--format=%(contents)")
    assert message.startswith("Official edition v1.1\n\nCorrected paragraph 2.")


def test_dry_run_makes_no_tag(accord, released: Repo) -> None:
    run = _release(accord, released, "v1.1", "--dry-run")
    assert run.code == 0 and "ready to release" in run.err
    assert git(released.root, "tag", "--list", "v1.1") == ""


def test_a_tag_is_never_reused(accord, released: Repo) -> None:
    run = _release(accord, released, "v1.0")
    assert run.code == 1
    assert run.out.startswith(".:1:1: META074 a release tag is used once and never moved or reused: 'v1.0'")


@pytest.mark.parametrize("version", ["final", "1", "v0.9", "v1.0.0"])
def test_a_version_must_be_a_tag_above_the_last_edition(accord, released: Repo, version: str) -> None:
    run = _release(accord, released, version)
    assert run.code == 1
    assert "META075" in run.out
    assert git(released.root, "tag", "--list", version) == ""


def test_uncommitted_changes_and_other_branches_are_refused(accord, released: Repo) -> None:
    released.write("notes.txt", "scratch\n")
    git(released.root, "switch", "--quiet", "-c", "feature")
    run = _release(accord, released, "v1.1")
    assert run.code == 1
    assert run.out.count("META073") == 2
    assert "uncommitted changes" in run.out and "on 'feature'" in run.out
    assert "no tag made" in run.err


def test_changelog_needs_a_section_for_the_version(accord, released: Repo) -> None:
    run = _release(accord, released, "v1.2")
    assert run.code == 1
    assert run.out.startswith("CHANGELOG.md:1:1: META072 ")
    assert "'## v1.2'" in run.out


def test_an_empty_changelog_section_is_refused(accord, released: Repo) -> None:
    released.write("CHANGELOG.md", "# Changes\n\n## v1.1\n\n## v1.0\n\nFirst edition.\n")
    commit_all(released.root, "empty section")
    run = _release(accord, released, "v1.1")
    assert run.code == 1
    assert run.out.startswith("CHANGELOG.md:3:1: META072 ")


def test_adopted_documents_need_their_record(accord, released: Repo) -> None:
    released.doc(
        "positions/other.md", status="adopted", version='"1.0"', adopted="\n  date: 2026-06-12\n  by: Plenary"
    )
    commit_all(released.root, "a second adopted paper")
    run = _release(accord, released, "v1.1")
    assert run.code == 1
    assert run.out.startswith("positions/other.md:8:1: META070 ")
    assert "record:" in run.out


def test_a_changed_adopted_text_needs_a_higher_version(accord, released: Repo) -> None:
    released.doc(
        "positions/paper.md",
        body="\nA corrected text {cite:p}`wgig2005report,coe2011principles`.\n",
        **ADOPTED,
    )
    commit_all(released.root, "correct the text")
    run = _release(accord, released, "v1.1")
    assert run.code == 1
    assert run.out.startswith("positions/paper.md:7:10: META071 ")
    assert "as in edition v1.0" in run.out

    released.doc(
        "positions/paper.md",
        body="\nA corrected text {cite:p}`wgig2005report,coe2011principles`.\n",
        **{**ADOPTED, "version": '"1.1"'},
    )
    commit_all(released.root, "raise the version")
    run = _release(accord, released, "v1.1")
    assert run.code == 1 and "META095" in run.out  # version 1.1 was never adopted

    released.doc(
        "positions/paper.md",
        body="\nA corrected text {cite:p}`wgig2005report,coe2011principles`.\n",
        **READOPTED,
    )
    commit_all(released.root, "record the adoption of 1.1")
    assert _release(accord, released, "v1.1").code == 0


def test_metadata_changes_alone_need_no_new_version(accord, released: Repo) -> None:
    released.doc("positions/paper.md", **{**ADOPTED, "topics": "\n  - governance"})
    commit_all(released.root, "add a topic")
    assert _release(accord, released, "v1.1").code == 0


def test_check_findings_stop_the_release(accord, released: Repo) -> None:
    released.doc("positions/broken.md", body="\nText {cite:p}`nosuchkey`.\n")
    commit_all(released.root, "a broken citation")
    run = _release(accord, released, "v1.1", "--format", "json")
    assert run.code == 1
    assert '"code": "CITE001"' in run.out


def test_outside_a_git_repository_is_a_usage_error(accord, tmp_path: Path) -> None:
    repo = new_repo(tmp_path / "plain")
    run = accord("release", "v1.0", "--root", str(repo.root))
    assert run.code == 2
    assert "Traceback" not in run.err


@pytest.mark.parametrize(
    ("version", "expected"),
    [("v1.1", (3, "Corrected paragraph 2.")), ("1.0", (7, "First edition.")), ("v1.10", None)],
)
def test_changelog_entry(version: str, expected: tuple[int, str] | None) -> None:
    assert changelog_entry(CHANGELOG, version) == expected


def test_a_version_the_release_workflow_would_not_publish_is_refused(accord, released: Repo) -> None:
    run = _release(accord, released, "1.1")
    assert run.code == 1
    assert run.out.startswith(".:1:1: META076 ")
    assert "release it as v1.1" in run.out
    assert git(released.root, "tag", "--list", "1.1") == ""

    released.write("pyproject.toml", SETTINGS + 'tag-pattern = "{version}"\n')
    released.write("CHANGELOG.md", CHANGELOG.replace("## v1.1", "## 1.1"))
    commit_all(released.root, "tags without v")
    assert _release(accord, released, "v1.1").out.startswith(".:1:1: META076 ")
    assert _release(accord, released, "1.1").code == 0


def test_the_release_workflow_publishes_the_tags_of_the_default_pattern() -> None:
    import fnmatch

    import yaml

    from accord.settings import TAG_PATTERNS, Settings
    from tests.conftest import REPO

    workflow = yaml.safe_load((REPO / ".github/workflows/release.yml").read_text(encoding="utf-8"))
    globs = workflow[True]["push"]["tags"]  # YAML 1.1 reads the key 'on' as true
    default = Settings().tag_pattern
    assert default in TAG_PATTERNS
    for version in ("1.0", "1.2", "2.0.1", "10.3"):
        assert any(fnmatch.fnmatchcase(default.format(version=version), g) for g in globs), (version, globs)
    # A tag written another way is not published: that is why `accord release` refuses it.
    assert not any(fnmatch.fnmatchcase("1.2", g) for g in globs)


def test_an_unknown_tag_pattern_is_reported(tmp_path: Path) -> None:
    from accord import settings

    (tmp_path / "pyproject.toml").write_text('[tool.accord]\ntag-pattern = "release-{v}"\n', encoding="utf-8")
    loaded, problems = settings.load(tmp_path)
    assert loaded.tag_pattern == "v{version}"
    assert [p.code for p in problems] == ["META030"] and "tag-pattern" in problems[0].message


def test_without_base_url_a_release_is_refused(accord, released: Repo) -> None:
    released.write("pyproject.toml", "[tool.accord]\n")
    commit_all(released.root, "no base-url")
    run = _release(accord, released, "v1.1")
    assert run.code == 1
    assert run.out.startswith("pyproject.toml:1:1: META077 ")
    assert "META078" not in run.out  # one cause, one message
    assert git(released.root, "tag", "--list", "v1.1") == ""
