"""Official editions, as a maintainer and a reader meet them: two tags, a change between them,
publish both, verify, tamper with a file and see verify fail, republish and see nothing change."""

from __future__ import annotations

import hashlib
import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import pypdf
import pytest

from accord.editions import journal, manifest, publish
from tests.conftest import TODAY, Repo, golden, new_repo
from tests.gitrepo import commit_all, git, init, isolate_git

ADOPTED = {
    "title": "Paper on openness",
    "status": "adopted",
    "version": '"1.0"',
    "adopted": "\n  date: 2026-06-12\n  by: General Assembly\n  record: https://example.org/minutes/2026-06-12",
}
FIRST = "\n## Openness\n\nThe Internet stays open {cite:p}`wgig2005report,coe2011principles`.\n"
SECOND = "\n## Openness\n\nThe Internet stays open and free {cite:p}`wgig2005report,coe2011principles`.\n"


@dataclass
class Project:
    repo: Repo
    site: Path

    @property
    def root(self) -> Path:
        return self.repo.root

    @property
    def editions(self) -> Path:
        return self.root / "_build" / "editions"


def tree(folder: Path) -> dict[str, str]:
    """Every file below ``folder`` with its digest: the state of a site."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """Two released editions (v1.0, then v1.1 with a changed text and a new draft), built once."""
    with pytest.MonkeyPatch.context() as monkeypatch:
        isolate_git(monkeypatch)
        monkeypatch.setenv("ACCORD_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
        base = tmp_path_factory.mktemp("editions")
        repo = new_repo(base / "repo")
        repo.write(".gitignore", "_build/\n")
        repo.doc("positions/paper.md", body=FIRST, **ADOPTED)
        repo.write("CHANGELOG.md", "# Changes\n\n## v1.0\n\nFirst edition.\n")
        init(repo.root)
        commit_all(repo.root, "first text")
        # Tagged by hand: `accord release` refuses a repository without base-url (META077), and
        # these editions are the relative-address kind such a repository's older tags have.
        git(repo.root, "tag", "--annotate", "-m", "Official edition v1.0", "v1.0")

        monkeypatch.setenv("GIT_COMMITTER_DATE", "2026-11-25T09:00:00Z")
        repo.doc("positions/paper.md", body=SECOND, **{**ADOPTED, "version": '"1.1"'})
        repo.doc("positions/newer.md", title="A new draft")
        repo.write(
            "CHANGELOG.md", "# Changes\n\n## v1.1\n\nOpenness now says free.\n\n## v1.0\n\nFirst edition.\n"
        )
        commit_all(repo.root, "second text")
        # Tagged by hand: `accord release` refuses a repository without base-url (META077), and
        # these editions are the relative-address kind such a repository's older tags have.
        git(repo.root, "tag", "--annotate", "-m", "Official edition v1.1", "v1.1")

        for tag in ("v1.0", "v1.1"):
            _accord_ok("edition", "build", tag, "--root", str(repo.root))
        _accord_ok("build", str(repo.root), "--today", TODAY.isoformat())
        project = Project(repo, base / "site")
        _accord_ok("edition", "publish", "--site", str(project.site), "--root", str(repo.root))
        yield project


def _accord_ok(*argv: str) -> None:
    from accord import cli

    code = cli.main(list(argv))
    assert code == 0, f"accord {' '.join(argv)} exited {code}"


def test_the_site_has_the_layout_of_design_section_5(project: Project) -> None:
    site = project.site
    assert (site / "editions" / "v1.0" / "positions" / "paper.html").is_file()
    assert (site / "editions" / "v1.1" / "positions" / "paper.pdf").is_file()
    assert (site / "editions" / "v1.1" / "MANIFEST.sha256").is_file()
    assert (site / "draft" / "positions" / "newer.html").is_file()
    assert 'url=editions/v1.1/"' in (site / "index.html").read_text(encoding="utf-8")
    assert not (site / journal.STAGING).exists()
    versions = json.loads((site / "versions.json").read_text(encoding="utf-8"))
    assert [(v["version"], v.get("preferred", False)) for v in versions] == [
        ("v1.1", True),
        ("v1.0", False),
        ("draft", False),
    ]
    assert versions[0]["url"] == "/editions/v1.1/"  # no base-url: from the root of the host


def test_each_page_says_what_it_is(project: Project) -> None:
    old = (project.site / "editions" / "v1.0" / "positions" / "paper.html").read_text(encoding="utf-8")
    assert "Official edition v1.0 of 20 November 2026." in old
    assert "open {" not in old and "The Internet stays open" in old
    # The switcher and the newer-edition notice read versions.json at the site root, at run time.
    assert "theme_switcher_json_url = '../../versions.json'" in old
    assert "theme_switcher_version_match = 'v1.0'" in old
    assert "accord-editions.js" in old
    draft = (project.site / "draft" / "positions" / "paper.html").read_text(encoding="utf-8")
    assert "Working draft: the text may change" in draft
    assert "theme_switcher_json_url = '../versions.json'" in draft


def test_edition_pdfs_carry_their_own_notice(project: Project) -> None:
    pdf = pypdf.PdfReader(project.site / "editions" / "v1.1" / "positions" / "paper.pdf")
    text = " ".join(page.extract_text() for page in pdf.pages)
    assert "Official edition v1.1 of 25 November 2026." in " ".join(text.split())


def test_each_edition_shows_what_changed_since_the_previous_one(project: Project) -> None:
    changes = project.site / "editions" / "v1.1" / "changes"
    summary = (changes / "index.html").read_text(encoding="utf-8")
    assert "v1.0" in summary and "newer" in summary
    pages = [p for p in changes.glob("*.html") if p.name != "index.html"]
    redline = " ".join(p.read_text(encoding="utf-8") for p in pages)
    assert "<ins" in redline and "free" in redline
    first = (project.site / "editions" / "v1.0" / "changes" / "index.html").read_text(encoding="utf-8")
    assert "paper" in first


def test_the_manifest_lists_every_file(project: Project) -> None:
    folder = project.site / "editions" / "v1.0"
    listed = manifest.read(folder)
    assert set(listed) == set(manifest.files(folder))
    assert "edition.json" in listed and ".buildinfo" not in listed
    assert json.loads((folder / "edition.json").read_text(encoding="utf-8"))["tag"] == "v1.0"


def test_building_a_tag_again_gives_the_same_bytes(project: Project, accord, tmp_path: Path) -> None:
    first = accord("edition", "build", "v1.0", "--root", str(project.root), "--out", str(tmp_path))
    assert first.code == 0 and "edition v1.0 built into" in first.err
    again = tmp_path / "editions" / "v1.0"
    assert tree(again) == tree(project.editions / "v1.0")
    second = accord("edition", "build", "v1.0", "--root", str(project.root), "--out", str(tmp_path))
    assert second.code == 0 and "built again, identical to the earlier build" in second.err


def test_verify_passes_then_reports_tampering(project: Project, accord, tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(project.site, site)
    clean = accord("edition", "verify", "--site", str(site))
    assert (clean.code, clean.out) == (0, "")
    assert "2 editions verified: every file matches its manifest" in clean.err

    page = site / "editions" / "v1.0" / "positions" / "paper.html"
    page.write_text(page.read_text(encoding="utf-8").replace("open", "closed"), encoding="utf-8")
    (site / "editions" / "v1.1" / "positions" / "paper.pdf").unlink()
    (site / "editions" / "v1.1" / "_static" / "extra.js").write_text("alert(1)\n", encoding="utf-8")
    found = accord("edition", "verify", "--site", str(site))
    assert found.code == 1
    assert found.out.splitlines()[::2] == [
        "editions/v1.0/positions/paper.html:1:1: BUILD020 an edition's files must match its MANIFEST.sha256: a file changed",
        "editions/v1.1/_static/extra.js:1:1: BUILD022 an edition's files must match its MANIFEST.sha256: a file is not listed",
        "editions/v1.1/positions/paper.pdf:1:1: BUILD021 an edition's files must match its MANIFEST.sha256: a listed file is missing",
    ]


def test_republishing_changes_nothing(project: Project, accord) -> None:
    before = tree(project.site)
    run = accord("edition", "publish", "--site", str(project.site), "--root", str(project.root))
    assert run.code == 0
    assert "0 new editions (none); 2 already published and identical" in run.err
    assert tree(project.site) == before


def test_a_different_build_of_a_published_edition_is_refused(
    project: Project, accord, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    shutil.copytree(project.site, site)
    editions = tmp_path / "editions"
    shutil.copytree(project.editions, editions)
    page = editions / "v1.0" / "positions" / "paper.html"
    page.write_text(page.read_text(encoding="utf-8") + "<!-- rebuilt -->", encoding="utf-8")
    manifest.write(editions / "v1.0")
    before = tree(site)
    run = accord(
        "edition", "publish", "--site", str(site), "--root", str(project.root), "--editions", str(editions)
    )
    assert run.code == 1
    assert run.out.startswith("editions/v1.0/MANIFEST.sha256:1:1: BUILD024 ")
    assert "nothing was published" in run.err
    assert tree(site) == before


def test_a_built_edition_that_does_not_match_its_manifest_is_not_published(
    project: Project, accord, tmp_path: Path
) -> None:
    editions = tmp_path / "editions"
    shutil.copytree(project.editions, editions)
    (editions / "v1.1" / "positions" / "paper.html").write_text("tampered", encoding="utf-8")
    run = accord(
        "edition", "publish", "--site", str(tmp_path / "new-site"), "--root", str(project.root),
        "--editions", str(editions),
    )  # fmt: skip
    assert run.code == 1
    assert "_build/editions/v1.1/positions/paper.html:1:1: BUILD020" in run.out
    assert not (tmp_path / "new-site" / "editions").exists()


def _moves_then_fail(monkeypatch: pytest.MonkeyPatch, allowed: int) -> None:
    """Let ``allowed`` moves of the journal happen, then fail as a full disk or a kill would."""
    original = journal._apply
    done = [0]

    def failing(site: Path, move: journal.Move) -> None:
        if done[0] == allowed:
            raise OSError("disk full")
        done[0] += 1
        original(site, move)

    monkeypatch.setattr(journal, "_apply", failing)


@pytest.mark.parametrize("allowed", [0, 1, 2, 3])
def test_an_interrupted_publish_leaves_the_site_as_it_was(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, allowed: int
) -> None:
    site = tmp_path / "site"
    shutil.copytree(project.site, site)
    shutil.rmtree(site / "editions" / "v1.1")  # so that v1.1 is new to this site
    before = tree(site)
    _moves_then_fail(monkeypatch, allowed)
    with pytest.raises(OSError, match="disk full"):
        publish.publish(
            site,
            editions=publish.built_editions(project.editions),
            draft=project.root / "_build" / "html",
            base_url="",
            title="t",
        )
    assert tree(site) == before
    assert not (site / journal.STAGING).exists()


def test_a_killed_publish_is_undone_by_the_next_run(project: Project, tmp_path: Path, accord) -> None:
    site = tmp_path / "site"
    shutil.copytree(project.site, site)
    shutil.rmtree(site / "editions" / "v1.1")
    before = tree(site)
    # What a killed run leaves: a journal, and some of its moves made.
    staged = journal.start(site)
    shutil.copytree(project.editions / "v1.1", staged / "editions" / "v1.1")
    (staged / "versions.json").write_text("[]\n", encoding="utf-8")
    moves = [journal.Move("editions/v1.1"), journal.Move("versions.json")]
    journal.write_json(journal.staging(site) / journal.JOURNAL, [m.name for m in moves])
    journal._apply(site, moves[0])
    journal._apply(site, moves[1])

    verify = accord("edition", "verify", "--site", str(site))
    assert verify.code == 1 and "BUILD027" in verify.out
    assert journal.recover(site) is True
    assert tree(site) == before


def test_publishing_into_a_new_folder_without_editions_leads_to_the_draft(
    project: Project, accord, tmp_path: Path
) -> None:
    missing = accord(
        "edition", "publish", "--site", str(tmp_path / "site"), "--root", str(project.root),
        "--editions", str(tmp_path / "none"),
    )  # fmt: skip
    # A misspelt folder is an error, not "0 new editions".
    assert (missing.code, missing.out) == (2, "") and "no such folder" in missing.err
    assert not (tmp_path / "site").exists()
    (tmp_path / "none").mkdir()
    run = accord(
        "edition", "publish", "--site", str(tmp_path / "site"), "--root", str(project.root),
        "--editions", str(tmp_path / "none"),
    )  # fmt: skip
    assert run.code == 0
    assert 'url=draft/"' in (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    versions = json.loads((tmp_path / "site" / "versions.json").read_text(encoding="utf-8"))
    assert versions == [{"name": "working draft", "version": "draft", "url": "/draft/"}]


def test_building_a_missing_tag_is_a_usage_error(project: Project, accord) -> None:
    run = accord("edition", "build", "v9.9", "--root", str(project.root))
    assert run.code == 2
    assert "no tag 'v9.9'" in run.err and "Traceback" not in run.err


def test_the_working_copy_is_untouched(project: Project) -> None:
    assert git(project.root, "status", "--porcelain") == ""
    assert "free" in (project.root / "positions" / "paper.md").read_text(encoding="utf-8")


def test_with_a_base_url_the_site_has_absolute_versions_and_a_feed(project: Project, tmp_path: Path) -> None:
    site = tmp_path / "site"
    done = publish.publish(
        site,
        editions=publish.built_editions(project.editions),
        draft=None,
        base_url="https://statements.example.org/accord",
        title="Sample statements",
    )
    assert (done.added, done.draft, done.diagnostics) == (["v1.0", "v1.1"], False, [])
    versions = json.loads((site / "versions.json").read_text(encoding="utf-8"))
    assert versions[0]["url"] == "https://statements.example.org/accord/editions/v1.1/"
    assert [v["version"] for v in versions] == ["v1.1", "v1.0"]  # no draft published here
    atom = (site / "feed.xml").read_text(encoding="utf-8")
    assert "https://statements.example.org/accord/editions/v1.1/" in atom
    assert "Edition v1.0" in atom and "Edition v1.1" in atom
    assert "New: A new draft" in atom  # a document that first appears in v1.1


def test_a_draft_of_another_commit_or_of_uncommitted_edits_is_not_published(
    project: Project, accord, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    isolate_git(monkeypatch)
    work = tmp_path / "clone"
    git(tmp_path, "clone", "--quiet", str(project.root), str(work))
    html = project.root / "_build" / "html"
    draft = work / "_build" / "html"
    shutil.copytree(html, draft)
    info = project.root / "_build" / "build-info.json"
    assert json.loads(info.read_text(encoding="utf-8"))["clean"] is True  # written by accord build

    def publish():
        return accord(
            "edition",
            "publish",
            "--site",
            str(tmp_path / "site"),
            "--root",
            str(work),
            "--draft",
            str(draft),
            "--editions",
            str(tmp_path / "none"),
        )

    (tmp_path / "none").mkdir()
    run = publish()  # no build-info.json beside it
    assert run.code == 1 and "META079" in run.out and "does not say which commit" in run.out
    shutil.copy(info, draft.parent / "build-info.json")
    assert publish().code == 0  # the clone's HEAD is the commit it was built from

    (work / "positions" / "paper.md").write_text("edited\n", encoding="utf-8")
    commit_all(work, "another commit")
    run = publish()
    assert run.code == 1 and "META079" in run.out and "not HEAD" in run.out

    recorded = json.loads(info.read_text(encoding="utf-8"))
    (draft.parent / "build-info.json").write_text(
        json.dumps({"commit": git(work, "rev-parse", "HEAD"), "clean": False}), encoding="utf-8"
    )
    run = publish()
    assert run.code == 1 and "uncommitted changes" in run.out
    assert recorded["commit"] != git(work, "rev-parse", "HEAD")


def test_latest_is_the_newest_text_and_every_edition_names_it_canonical(project: Project) -> None:
    site = project.site
    latest = (site / "latest" / "positions" / "paper.html").read_bytes()
    assert latest == (site / "editions" / "v1.1" / "positions" / "paper.html").read_bytes()
    old = (site / "editions" / "v1.0" / "positions" / "paper.html").read_text(encoding="utf-8")
    # Canonical: the stable address, from editions/v1.0/positions/ (no base URL: from the host root).
    assert '<link rel="canonical" href="../../../latest/positions/paper.html" />' in old
    # Without JavaScript, the banner says where the latest text is; the title names the edition.
    assert (
        'The latest text of this document is always at <a class="reference external" href="../../../latest/positions/paper.html">'
        in old
    )
    assert "(edition v1.0)</title>" in old
    # The facts box links the history page, which lists both editions, newest first.
    assert 'href="../../../latest/history/paper.html"' in old
    page = (site / "latest" / "history" / "paper.html").read_text(encoding="utf-8")
    assert page.index("Edition v1.1") < page.index("Edition v1.0")
    assert 'href="../../editions/v1.1/changes/paper.html">see what changed' in page
    assert "Adopted by General Assembly on 12 June 2026" in page and "version 1.1" in page
    golden("history/paper.html", page)
    golden(
        "history/changes-paper.html",
        (site / "editions" / "v1.1" / "changes" / "paper.html").read_text("utf-8"),
    )
    data = json.loads((site / "latest" / "history" / "index.json").read_text(encoding="utf-8"))
    assert [(e["tag"], e["changed"], e["version"]) for e in data["documents"]["paper"]["editions"]] == [
        ("v1.0", True, "1.0"),
        ("v1.1", True, "1.1"),
    ]


def test_the_redline_compares_what_readers_see(project: Project) -> None:
    page = (project.site / "editions" / "v1.1" / "changes" / "paper.html").read_text(encoding="utf-8")
    # The rendered citation, not the MyST role; the paragraph number kept; the site's stylesheet.
    assert "{cite" not in page and "[1][2]" in page
    assert '<span class="num" aria-label="paragraph 1">1</span> The Internet stays open <ins>' in page
    assert 'href="../_static/styles/pydata-sphinx-theme.css"' in page
    assert "{date:" not in page
    # The same redline as a PDF, linked from the page.
    assert '<a href="paper.pdf">This redline as a PDF</a>' in page
    pdf = pypdf.PdfReader(project.site / "editions" / "v1.1" / "changes" / "paper.pdf")
    text = " ".join(" ".join(p.extract_text() for p in pdf.pages).split())
    assert "The Internet stays open and free [1][2]." in text
    assert "deleted text struck through, and a bar" in text


def test_publishing_a_new_edition_moves_only_latest(project: Project, accord, tmp_path: Path) -> None:
    first, both = tmp_path / "first", tmp_path / "both"
    shutil.copytree(project.editions / "v1.0", first / "v1.0")
    shutil.copytree(project.editions, both)
    site = tmp_path / "site"
    argv = ("edition", "publish", "--site", str(site), "--root", str(project.root), "--no-draft")
    assert accord(*argv, "--editions", str(first)).code == 0
    before = tree(site / "editions" / "v1.0")
    assert "open and free" not in (site / "latest" / "positions" / "paper.html").read_text(encoding="utf-8")
    assert not (site / "latest" / "positions" / "newer.html").exists()
    assert accord(*argv, "--editions", str(both)).code == 0
    # The published edition's bytes are as they were; latest/ moved to the new text.
    assert tree(site / "editions" / "v1.0") == before
    assert "open and free" in (site / "latest" / "positions" / "paper.html").read_text(encoding="utf-8")
    assert (site / "latest" / "history" / "newer.html").is_file()
