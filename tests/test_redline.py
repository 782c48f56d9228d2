"""`accord diff`: snapshots of git revisions, the word-level comparison, and the redline pages."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from accord.editions import redline, redline_html, revisions
from accord.editions.redline import DELETE, EQUAL, INSERT, FieldChange, Segment
from accord.editions.revisions import Snapshot
from tests.conftest import GOLDEN, Repo, front, golden, new_repo


@dataclass
class GitRepo(Repo):
    def git(self, *args: str) -> str:
        result = subprocess.run(
            ["git", "-c", "commit.gpgsign=false", "-c", "tag.gpgsign=false", *args],
            cwd=self.root,
            capture_output=True,
            text=True,
            check=True,
        )
        return result.stdout

    def commit(self, tag: str | None = None, message: str = "change") -> None:
        self.git("add", "-A")
        self.git("commit", "-q", "--allow-empty", "-m", message)
        if tag:
            self.git("tag", "-a", tag, "-m", tag)


@pytest.fixture
def git_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Git that ignores the machine's configuration, with a fixed author."""
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", "/dev/null")
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for who in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{who}_NAME", "Test Editor")
        monkeypatch.setenv(f"GIT_{who}_EMAIL", "editor@example.org")
        monkeypatch.setenv(f"GIT_{who}_DATE", "2026-01-15T12:00:00Z")


@pytest.fixture
def git_repo(tmp_path: Path, git_env: None) -> GitRepo:
    repo = GitRepo(new_repo(tmp_path / "repo").root)
    repo.git("init", "-q", "-b", "main")
    return repo


def snap(label: str, **documents: str) -> Snapshot:
    """A snapshot from texts, keyed ``kind/id``: no git needed."""
    texts = [
        revisions.read(path.replace("__", "/") + ".md", text.encode()) for path, text in documents.items()
    ]
    return Snapshot(label, documents={d.id: d for d in texts})


def changed_segments(change: redline.Change) -> list[Segment]:
    return [s for p in change.text for s in p if s.op != EQUAL]


# -- snapshots of revisions -----------------------------------------------------------------------


def test_snapshot_of_a_tag_and_of_the_working_tree(git_repo: GitRepo) -> None:
    git_repo.doc("positions/paper.md", body="\nFirst text.\n", version="1.10")
    git_repo.commit(tag="v1.0")
    git_repo.doc("positions/paper.md", body="\nSecond text.\n")
    git_repo.doc("principles/new.md")  # not committed: the working tree has it

    tagged = revisions.snapshot(git_repo.root, "v1.0")
    assert list(tagged.documents) == ["paper"]  # the landing pages are not documents
    paper = tagged.documents["paper"]
    assert (paper.path, paper.kind, paper.title, paper.status) == (
        "positions/paper.md",
        "positions",
        "A sample draft",
        "draft",
    )
    assert paper.version == "1.10"  # as written, not the number 1.1
    assert paper.body == "\nFirst text.\n"
    assert tagged.commit == git_repo.git("rev-parse", "v1.0^{commit}").strip()
    assert tagged.label == "v1.0"

    now = revisions.snapshot(git_repo.root, None)
    assert list(now.documents) == ["new", "paper"]
    assert now.documents["paper"].body == "\nSecond text.\n"
    assert (now.label, now.rev, now.commit) == (revisions.WORKTREE_LABEL, None, None)


def test_snapshot_of_a_repository_in_a_subfolder(tmp_path: Path, git_env: None) -> None:
    repo = GitRepo(new_repo(tmp_path / "outer" / "statements").root)
    repo.doc("positions/paper.md")
    repo.git("init", "-q", "-b", "main")
    repo.commit(tag="v1")
    assert list(revisions.snapshot(repo.root, "v1").documents) == ["paper"]


def test_snapshot_reads_only_regular_document_files(git_repo: GitRepo) -> None:
    git_repo.doc("positions/paper.md")
    git_repo.write("positions/notes.txt", "not a document\n")
    git_repo.doc("positions/drafts/nested.md")  # only the folder's own files are documents
    (git_repo.root / "positions" / "link.md").symlink_to("paper.md")
    git_repo.commit(tag="v1")
    assert list(revisions.snapshot(git_repo.root, "v1").documents) == ["paper"]


@pytest.mark.parametrize("rev", ["nope", "v9.9", "HEAD~5", "--output=x", "main:positions"])
def test_a_bad_revision_is_a_clean_error(git_repo: GitRepo, rev: str) -> None:
    git_repo.doc("positions/paper.md")
    git_repo.commit()
    with pytest.raises(revisions.RevisionError, match="no such revision"):
        revisions.snapshot(git_repo.root, rev)
    assert not (git_repo.root / "x").exists()


def test_a_folder_outside_git_is_a_clean_error(tmp_path: Path, git_env: None, monkeypatch) -> None:
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    repo = new_repo(tmp_path / "plain")
    with pytest.raises(revisions.RevisionError, match="not a git repository"):
        revisions.snapshot(repo.root, "v1")
    assert list(revisions.snapshot(repo.root, None).documents) == []


def test_broken_front_matter_in_an_old_revision_leaves_fields_unknown() -> None:
    broken = revisions.read("positions/old.md", b"---\ntitle: [unclosed\n---\n\nBody \xff text.\n")
    assert not broken.readable
    assert (broken.title, broken.status, broken.version) == (None, None, None)
    assert broken.label == "old"
    assert broken.body == "\nBody \ufffd text.\n"
    assert ("front matter", "could not be read") in broken.fields
    no_front = revisions.read("positions/old.md", b"# Just a heading\n\nText.\n")
    assert no_front.body == "# Just a heading\n\nText.\n"

    comparison = redline.compare(
        Snapshot("v1", documents={"old": broken}), snap("v2", positions__old=front() + "\nBody text.\n")
    )
    (change,) = comparison.changed
    assert change.status_changed
    assert FieldChange("front matter", "could not be read", None) in change.fields


def test_fields_in_schema_order_then_others_by_name() -> None:
    document = revisions.read(
        "positions/x.md", b"---\nstauts: x\n1: one\nstatus: draft\ntitle: T\nversion: 2.10\n---\nBody\n"
    )
    assert document.fields == (
        ("file", "positions/x.md"),
        ("title", "T"),
        ("status", "draft"),
        ("version", "2.10"),
        ("1", "one"),
        ("stauts", "x"),
    )


def test_an_alias_bomb_is_shown_cut_short() -> None:
    lines = ["---", "title: T", "status: draft", "a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}]" for i in range(1, 6)]
    document = revisions.read("positions/bomb.md", ("\n".join([*lines, "---", "", "Text."]) + "\n").encode())
    shown = dict(document.fields)["a5"]  # 3**5 * 10 values: below the alias limit, above the display's
    assert shown.endswith("…")
    assert len(shown) <= 2001


def test_an_alias_bomb_past_the_limit_is_not_read() -> None:
    lines = ["---", "title: T", "status: draft", "a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}]" for i in range(1, 12)]
    document = revisions.read("positions/bomb.md", ("\n".join([*lines, "---", "", "Text."]) + "\n").encode())
    assert dict(document.fields)["front matter"] == "could not be read"


def test_the_same_id_in_both_folders_is_keyed_by_path() -> None:
    documents = revisions._documents([("positions/dup.md", b"x"), ("principles/dup.md", b"y")])
    assert list(documents) == ["positions/dup", "principles/dup"]


# -- the comparison -------------------------------------------------------------------------------


def test_added_removed_status_text_and_metadata_changes(git_repo: GitRepo) -> None:
    git_repo.doc("positions/rising.md", body="\nSame text.\n")
    git_repo.doc("positions/leaving.md")
    git_repo.doc("positions/edited.md", body="\nThe quick brown fox.\n")
    git_repo.doc("principles/redated.md", body="\nSame text.\n")
    git_repo.doc("principles/still.md")
    git_repo.commit(tag="v1.0")
    git_repo.doc(
        "positions/rising.md",
        body="\nSame text.\n",
        status="adopted",
        version="1.0",
        adopted="\n  date: 2026-02-01\n  by: General assembly",
    )
    (git_repo.root / "positions" / "leaving.md").unlink()
    git_repo.doc("positions/edited.md", body="\nThe slow brown fox.\n")
    git_repo.doc("principles/redated.md", body="\nSame  text.\n", date="2026-02-01")  # spacing only
    git_repo.doc("principles/arrived.md")
    git_repo.commit(tag="v1.1")

    comparison = redline.compare(
        revisions.snapshot(git_repo.root, "v1.0"), revisions.snapshot(git_repo.root, "v1.1")
    )
    assert [c.key for c in comparison.added] == ["arrived"]
    assert [c.key for c in comparison.removed] == ["leaving"]
    assert [c.key for c in comparison.changed] == ["edited", "redated", "rising"]
    assert [c.key for c in comparison.status_changed] == ["rising"]
    assert comparison.unchanged == ("still",)
    assert comparison.summary() == "1 added, 1 removed, 3 changed (1 with a new status), 1 unchanged"

    edited, redated, rising = comparison.changed
    assert edited.fields == ()
    assert changed_segments(edited) == [Segment(DELETE, "quick"), Segment(INSERT, "slow")]
    assert (edited.inserted_words, edited.deleted_words) == (1, 1)
    assert not redated.text_changed
    assert redated.fields == (FieldChange("date", "2026-01-15", "2026-02-01"),)
    assert not rising.text_changed
    assert [f.name for f in rising.fields] == ["status", "version", "adopted"]
    assert rising.fields[1] == FieldChange("version", None, "1.0")
    # The adoption record in words, as the page shows it, not a YAML mapping.
    assert rising.fields[2].after == "Adopted by General assembly on 1 February 2026"
    assert (rising.old.status, rising.new.status) == ("draft", "adopted")  # type: ignore[union-attr]
    (arrived,) = comparison.added
    assert all(s.op == INSERT for p in arrived.text for s in p)


def test_a_document_moved_between_folders_is_one_change() -> None:
    comparison = redline.compare(
        snap("a", positions__moved=front() + "\nText.\n"), snap("b", principles__moved=front() + "\nText.\n")
    )
    (change,) = comparison.changed
    assert change.fields == (FieldChange("file", "positions/moved.md", "principles/moved.md"),)


def test_word_level_granularity_marks_only_the_changed_word() -> None:
    assert redline.text_diff("The quick brown fox jumps.\n", "The quick red fox jumps.\n") == [
        (
            Segment(EQUAL, "The quick "),
            Segment(DELETE, "brown"),
            Segment(INSERT, "red"),
            Segment(EQUAL, " fox jumps."),
        )
    ]
    # punctuation is its own token: a changed comma leaves the word alone
    assert redline.text_diff("Yes, we can.", "Yes; we can.") == [
        (Segment(EQUAL, "Yes"), Segment(DELETE, ","), Segment(INSERT, ";"), Segment(EQUAL, " we can."))
    ]
    # neighbouring changed words read as one change
    assert redline.text_diff("one two three four", "one 2 3 four") == [
        (
            Segment(EQUAL, "one "),
            Segment(DELETE, "two three"),
            Segment(INSERT, "2 3"),
            Segment(EQUAL, " four"),
        )
    ]
    # each Chinese character is a word
    assert redline.text_diff("我们的立场", "我们的观点") == [
        (Segment(EQUAL, "我们的"), Segment(DELETE, "立场"), Segment(INSERT, "观点"))
    ]


def test_rewrapping_a_paragraph_is_not_a_change() -> None:
    old = "A long sentence that an editor\nwrapped at one width.\n\nNext.\n"
    new = "A long sentence that an\neditor wrapped at   another width.\n\n\n\nNext.\n"
    (first, second) = redline.text_diff(old, new)
    assert [s for s in first if s.op != EQUAL] == [Segment(DELETE, "one"), Segment(INSERT, "another")]
    assert "".join(s.text for s in first if s.op != DELETE) == new.split("\n\n")[0]  # the new wrapping
    assert second == (Segment(EQUAL, "Next."),)


def test_paragraphs_stay_paragraphs() -> None:
    old = "## Heading\n\nFirst paragraph.\n\nLast paragraph.\n"
    new = "## Heading\n\nFirst paragraph.\n\nA new paragraph\non two lines.\n\nLast paragraph, edited.\n"
    assert redline.text_diff(old, new) == [
        (Segment(EQUAL, "## Heading"),),
        (Segment(EQUAL, "First paragraph."),),
        (Segment(INSERT, "A new paragraph\non two lines."),),
        (Segment(EQUAL, "Last paragraph"), Segment(INSERT, ", edited"), Segment(EQUAL, ".")),
    ]


def test_a_change_across_paragraphs_is_cut_at_the_breaks() -> None:
    paragraphs = redline.text_diff(
        "Alpha beta.\n\nGamma delta.\n", "Alpha one.\n\nTwo three.\n\nGamma delta.\n"
    )
    assert [p for p in paragraphs if p] == [
        (Segment(EQUAL, "Alpha "), Segment(DELETE, "beta"), Segment(INSERT, "one"), Segment(EQUAL, ".")),
        (Segment(INSERT, "Two three."),),
        (Segment(EQUAL, "Gamma delta."),),
    ]


def test_identical_snapshots_compare_equal() -> None:
    one = snap("a", positions__p=front() + "\nText.\n")
    comparison = redline.compare(one, one)
    assert (comparison.changes, comparison.unchanged) == ((), ("p",))


# -- the pages ------------------------------------------------------------------------------------


def golden_case() -> redline.Comparison:
    old = snap(
        "v1.0",
        positions__igf=front(title="Outputs of the IGF", topics="[igf]")
        + "\n## In brief\n\nThe IGF should publish a map of options.\n\nIt should not negotiate.\n",
        positions__gone=front(title="An old paper") + "\nText.\n",
        principles__core=front(title="Core principles", status="consultation")
        + "\nWe hold these principles.\n",
    )
    new = snap(
        "v1.1",
        positions__igf=front(title="Outputs of the IGF", topics="[igf, policy-options]")
        + "\n## In brief\n\nThe IGF should publish a map of policy options.\n\nIt should not negotiate.\n\n"
        "Each map lists arguments\nfor and against:\n- for\n- against\n",
        positions__fresh=front(title="A new paper") + "\nA first text.\n",
        principles__core=front(title="Core principles", status="adopted", version="1.0")
        + "\nWe hold these principles.\n",
    )
    return redline.compare(old, new)


def write_pages(out: Path, comparison: redline.Comparison | None = None) -> dict[str, str]:
    redline_html.write(
        comparison or golden_case(),
        out,
        title="Changes from v1.0 to v1.1",
        old_label="v1.0",
        new_label="v1.1",
    )
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(out.iterdir())}


def test_golden_pages(tmp_path: Path) -> None:
    pages = write_pages(tmp_path / "out")
    assert sorted(pages) == ["core.html", "fresh.html", "gone.html", "igf.html", "index.html"]
    for name in ("index.html", "igf.html", "core.html"):
        golden(f"redline/{name}", pages[name])


def test_pages_are_the_same_bytes_each_time(tmp_path: Path) -> None:
    assert write_pages(tmp_path / "one") == write_pages(tmp_path / "two")


def test_writing_again_replaces_only_its_own_pages(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_pages(out)
    (out / "notes.html").write_text("<p>mine</p>\n", encoding="utf-8")
    smaller = redline.compare(snap("a"), snap("b", positions__fresh=front() + "\nText.\n"))
    assert sorted(write_pages(out, smaller)) == ["fresh.html", "index.html", "notes.html"]


def test_every_mark_is_labelled_and_visible_without_colour(tmp_path: Path) -> None:
    page = write_pages(tmp_path / "out")["igf.html"]
    assert '<html lang="en"' in page
    assert (
        'map of <ins><span class="vh">[inserted: </span>policy <span class="vh">]</span></ins>options' in page
    )
    assert "<script" not in page
    stylesheet = redline_html.STYLE
    assert "ins { text-decoration: underline" in stylesheet
    assert "del { text-decoration: line-through" in stylesheet


def test_document_content_is_escaped(tmp_path: Path) -> None:
    evil = "<script>alert(1)</script>"
    old = snap("v1", positions__p=front(title=f'"{evil}"') + f"\nSafe & sound {evil}\n")
    new = snap(
        "<b>v2</b>",
        positions__p=front(title=f'"{evil} <img src=x onerror=alert(2)>"', summary=f'"{evil}"')
        + f"\nSafe & sound {evil} <a href='javascript:x'>\n",
        positions__q=front(title=f'"{evil}"', language='"en\\" onload=\\"x"') + f"\n{evil}\n",
    )
    out = tmp_path / "out"
    redline_html.write(redline.compare(old, new), out, title=evil, old_label=evil, new_label="<b>v2</b>")
    for page in out.iterdir():
        text = page.read_text(encoding="utf-8")
        assert "<script>" not in text and "<img" not in text and "<a href='" not in text, page.name
        assert "<b>" not in text and 'onload="' not in text, page.name
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in (out / "p.html").read_text(encoding="utf-8")


def test_document_language_and_link(tmp_path: Path) -> None:
    comparison = redline.compare(snap("a"), snap("b", positions__fr=front(language="fr") + "\nBonjour.\n"))
    out = tmp_path / "out"
    redline_html.write(
        comparison,
        out,
        title="T",
        old_label="a",
        new_label="b",
        document_url=lambda d: f"../{d.path[:-3]}.html",
    )
    page = (out / "fr.html").read_text(encoding="utf-8")
    assert '<div class="text" lang="fr">' in page
    assert '<a href="../positions/fr.html">Read the document in b</a>' in page


def test_prose_is_reflowed_and_structure_kept() -> None:
    text = "Prose wrapped\n  at one width.\nA list:\n- one\n- two\n```\ncode\nlines\n```\n:::{note}\nInside a\nnote.\n:::"
    page = redline_html._paragraph((Segment(EQUAL, text),))
    assert page == (
        '<p dir="auto">Prose wrapped at one width. A list:\n- one\n- two\n```\ncode\nlines\n```\n'
        ":::{note}\nInside a note.\n:::</p>"
    )
    # a line break inside a mark reflows too, the mark keeps its text
    marked = redline_html._paragraph((Segment(EQUAL, "One"), Segment(INSERT, "\ntwo\nthree")))
    assert "<ins>" in marked and 'One<ins><span class="vh">[inserted: </span> two three<span' in marked


@pytest.mark.parametrize(
    ("key", "name"),
    [("igf-outcomes", "igf-outcomes.html"), ("positions/dup", "positions--dup.html")],
)
def test_page_names(key: str, name: str) -> None:
    assert redline_html.page_name(key) == name


@pytest.mark.parametrize("key", ["index", "Odd Name", "../x", "a?b#c"])
def test_odd_ids_get_hashed_page_names(key: str) -> None:
    name = redline_html.page_name(key)
    assert name.startswith("doc-") and name.endswith(".html") and "/" not in name


# -- the command ----------------------------------------------------------------------------------


def test_diff_a_tag_with_the_working_tree(accord, git_repo: GitRepo) -> None:
    git_repo.doc("positions/paper.md", body="\nThe quick fox.\n")
    git_repo.commit(tag="v1.0")
    git_repo.doc("positions/paper.md", body="\nThe slow fox.\n")
    run = accord("diff", "v1.0", cwd=git_repo.root)
    assert (run.code, run.out) == (0, "")
    out = git_repo.root / "_build" / "diff" / "v1.0..WORKTREE"
    assert run.err == (
        "accord diff: 0 added, 0 removed, 1 changed (0 with a new status), 0 unchanged\n"
        f"accord diff: wrote {out / 'index.html'}\n"
    )
    page = (out / "paper.html").read_text(encoding="utf-8")
    assert "Changed from <strong>v1.0</strong> to <strong>the working tree</strong>." in page


def test_diff_two_tags_into_a_chosen_folder(accord, git_repo: GitRepo, tmp_path: Path) -> None:
    git_repo.doc("positions/paper.md")
    git_repo.commit(tag="v1.0")
    git_repo.doc("positions/other.md")
    git_repo.commit(tag="release/v1.1")
    git_repo.doc("positions/uncommitted.md")
    run = accord("diff", "v1.0", "release/v1.1", "--root", str(git_repo.root), "--out", str(tmp_path / "red"))
    assert run.code == 0
    assert "1 added, 0 removed, 0 changed (0 with a new status), 1 unchanged" in run.err
    assert sorted(p.name for p in (tmp_path / "red").iterdir()) == ["index.html", "other.html"]
    # the default folder name keeps a slash out of the path
    assert accord("diff", "v1.0", "release/v1.1", cwd=git_repo.root).code == 0
    assert (git_repo.root / "_build" / "diff" / "v1.0..release-v1.1" / "index.html").is_file()
    # WORKTREE names the working tree explicitly, on either side
    run = accord("diff", "WORKTREE", "v1.0", cwd=git_repo.root)
    assert "0 added, 2 removed" in run.err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["diff", "v9"], "no such revision (a tag, branch or commit): 'v9'"),
        (["diff", "v1.0", "nope"], "no such revision (a tag, branch or commit): 'nope'"),
        (["diff", "v1.0", "--root", "no/such/folder"], "no such folder: no/such/folder"),
    ],
)
def test_diff_usage_errors_exit_two(accord, git_repo: GitRepo, argv: list[str], message: str) -> None:
    git_repo.doc("positions/paper.md")
    git_repo.commit(tag="v1.0")
    run = accord(*argv, cwd=git_repo.root)
    assert run.code == 2
    assert run.err == f"accord diff: error: {message}\n"
    assert not (git_repo.root / "_build").exists()


def test_golden_files_exist() -> None:
    assert sorted(p.name for p in (GOLDEN / "redline").iterdir()) == ["core.html", "igf.html", "index.html"]


@pytest.mark.sphinx
def test_diff_rendered_compares_the_pages_as_readers_see_them(accord, git_repo: GitRepo) -> None:
    git_repo.doc("positions/paper.md", body="\n## Openness\n\nThe quick fox {cite:p}`wgig2005report`.\n")
    git_repo.commit(tag="v1.0")
    git_repo.doc("positions/paper.md", body="\n## Openness\n\nThe slow fox {cite:p}`wgig2005report`.\n")
    run = accord("diff", "v1.0", "--rendered", cwd=git_repo.root)
    assert run.code == 0, run.err
    page = (git_repo.root / "_build" / "diff" / "v1.0..WORKTREE" / "paper.html").read_text(encoding="utf-8")
    assert "{cite" not in page and "[1]" in page
    assert '<p dir="auto" class="h2" role="heading" aria-level="4">Openness</p>' in page
    assert '<del><span class="vh">[deleted: </span>quick' in page
