"""The pre-commit path: a check of a few files reads only what their rules need, and agrees with
the check of the whole repository on those files."""

from __future__ import annotations

import datetime as dt
import gc
import os
import shutil
import subprocess
import sys

import pytest

from accord import checks, corpus
from accord.cachedir import cache_dir
from tests.conftest import BIB, TODAY, Repo, settle


def _whole_then_only(repo: Repo, relative: str) -> tuple[list, list]:
    whole = checks.run(corpus.load(repo.root), today=TODAY)
    only = checks.run(corpus.load(repo.root, only={relative}), today=TODAY, only={relative})
    return [d for d in whole if d.path == relative], only


@pytest.mark.parametrize(
    ("relative", "codes"),
    [
        ("positions/a.md", {"CITE001", "META015"}),  # a misspelt key; an id also in principles/
        ("principles/a.md", set()),  # the duplicate id is reported on the other file only
        ("positions/b.md", {"META014"}),  # b and c supersede each other
        ("positions/c.md", {"META014"}),
        ("positions/lonely.md", {"META013", "META022"}),  # an unknown successor; not superseded
    ],
)
def test_one_file_reports_what_the_whole_check_reports_for_it(
    repo: Repo, relative: str, codes: set[str]
) -> None:
    repo.doc("positions/a.md", body="\nText {cite:p}`wgig2005reprot`.\n")
    repo.doc("principles/a.md")  # the same id in the other folder
    repo.doc(
        "positions/b.md",
        status="superseded",
        version="1.0",
        superseded_by="c",
        adopted="\n  date: 2025-01-01\n  by: Plenary",
    )
    repo.doc(
        "positions/c.md",
        status="superseded",
        version="1.0",
        superseded_by="b",
        adopted="\n  date: 2025-01-01\n  by: Plenary",
    )
    repo.doc("positions/lonely.md", superseded_by="nowhere")
    whole, only = _whole_then_only(repo, relative)
    assert only == whole
    assert {d.code for d in only} == codes


def test_only_the_files_on_the_supersession_chain_are_read(
    repo: Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo.doc("positions/old.md", superseded_by="middle")
    repo.doc("positions/middle.md", superseded_by="new")
    repo.doc("positions/new.md")
    for n in range(5):
        repo.doc(f"principles/other-{n}.md")
    read: list[str] = []
    original = corpus.read_document
    monkeypatch.setattr(
        corpus, "read_document", lambda root, path: read.append(path.name) or original(root, path)
    )
    loaded = corpus.load(repo.root, only={"positions/old.md"})
    assert sorted(read) == ["middle.md", "new.md", "old.md"]
    assert loaded.ids == {"old", "middle", "new", *(f"other-{n}" for n in range(5))}


def test_a_check_of_the_bibliography_reads_every_document(repo: Repo) -> None:
    repo.doc("positions/a.md")
    repo.doc("positions/b.md", body="\nNo citations.\n")
    loaded = corpus.load(repo.root, only={"references.bib"})
    assert [d.path for d in loaded.documents] == ["positions/a.md", "positions/b.md"]


def test_bibliography_keys_are_cached_until_the_file_changes(repo: Repo, accord) -> None:
    repo.doc("positions/a.md", body="\nText {cite:p}`wgig2005report,new2026`.\n")
    first = accord("check", "positions/a.md", "--today", TODAY.isoformat(), cwd=repo.root)
    assert first.code == 1 and "CITE001" in first.out and "'new2026'" in first.out
    assert (cache_dir(repo.root) / corpus.KEYS_CACHE).is_file()
    assert not (repo.root / ".accord-cache").exists()  # the tests move caches out of the repository

    bib = repo.root / "references.bib"
    stat = bib.stat()
    bib.write_text(BIB + "\n@misc{new2026, title = {New}, year = {2026}}\n", encoding="utf-8")
    # Even with the old modification time, the new size makes the cached keys stale.
    os.utime(bib, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    second = accord("check", "positions/a.md", "--today", TODAY.isoformat(), cwd=repo.root)
    assert (second.code, second.out) == (0, "")


def test_an_unreadable_key_cache_is_rebuilt(repo: Repo, accord) -> None:
    repo.doc("positions/a.md", body="\nText {cite:p}`coe2011principles`.\n")
    stored = cache_dir(repo.root) / corpus.KEYS_CACHE
    stored.parent.mkdir(parents=True)
    stored.write_text("{not json", encoding="utf-8")
    run = accord("check", "positions/a.md", "--today", TODAY.isoformat(), cwd=repo.root)
    assert (run.code, run.out) == (0, "")
    loaded = corpus.load(repo.root, only={"positions/a.md"})
    assert loaded.bibliography.keys["coe2011principles"] == "coe2011principles"


def test_without_the_cache_variable_the_cache_is_in_the_repository(
    repo: Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("ACCORD_CACHE_DIR")
    assert cache_dir(repo.root) == repo.root / ".accord-cache"
    repo.doc("positions/a.md")
    checks.run(corpus.load(repo.root, only={"positions/a.md"}), today=dt.date(2026, 11, 28))
    assert (repo.root / ".accord-cache" / corpus.KEYS_CACHE).is_file()


# The pre-commit hook passes only the changed files; the files whose findings they change are
# checked too (accord.dependants), so the hook fails where the full check would.


def _check(accord, repo: Repo, *files: str):
    return accord("check", *files, "--today", TODAY.isoformat(), cwd=repo.root)


def test_a_renamed_bibliography_key_fails_the_documents_that_cite_it(repo: Repo, accord) -> None:
    repo.doc("positions/a.md", body="\nText {cite:p}`coe2011principles`.\n")
    bib = repo.root / "references.bib"
    bib.write_text(BIB.replace("coe2011principles", "coe2011"), encoding="utf-8")
    run = _check(accord, repo, "references.bib")
    assert run.code == 1
    assert "positions/a.md" in run.out and "CITE001" in run.out


def test_a_removed_document_fails_the_documents_that_name_it(repo: Repo, accord) -> None:
    repo.doc("positions/a.md")
    repo.doc("positions/b.md", body="\nSee {doc}`a` and {para}`a#p-1`.\n")
    repo.doc("positions/unrelated.md", body="\nSee {doc}`b`.\n")
    (repo.root / "positions/a.md").rename(repo.root / "positions/renamed.md")
    run = _check(accord, repo, "positions/renamed.md")
    assert run.code == 1
    assert "positions/b.md" in run.out and "XREF002" in run.out
    assert "unrelated" not in run.out


def test_a_removed_label_fails_the_references_to_it(
    repo: Repo, accord, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests import gitrepo

    gitrepo.isolate_git(monkeypatch)
    gitrepo.init(repo.root)
    repo.doc("positions/a.md", body="\n(the-point)=\nThe point.\n")
    repo.doc("positions/b.md", body="\nSee {ref}`the point <the-point>`.\n")
    gitrepo.commit_all(repo.root, "first")
    repo.doc("positions/a.md", body="\nThe point, no label.\n")
    run = _check(accord, repo, "positions/a.md")
    assert run.code == 1
    assert "positions/b.md" in run.out and "XREF" in run.out


def test_an_edited_document_reads_only_those_that_name_it(
    repo: Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    from accord import dependants

    repo.doc("positions/a.md")
    repo.doc("positions/b.md", body="\nSee {doc}`a`.\n")
    repo.doc("positions/c.md", body="\nNothing about the other one.\n")
    assert dependants.widen(repo.root, {"positions/a.md"}) == {"positions/a.md", "positions/b.md"}
    assert dependants.widen(repo.root, {"endorsements/a.yaml"}) == {"endorsements/a.yaml", "positions/a.md"}
    assert dependants.widen(repo.root, {"pyproject.toml"}) is None  # settings: everything


def test_the_one_file_path_reads_only_the_file_and_its_dependants(
    repo: Repo, accord, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What keeps the hook quick (under 0.3 s on this repository): of 40 documents, a check of one
    parses it and the one that names it; the others are only scanned as text."""
    for n in range(40):
        repo.doc(f"positions/doc-{n}.md", body=f"\nSee {{doc}}`doc-{(n + 1) % 40}`.\n")
    read: list[str] = []
    original = corpus.read_document
    monkeypatch.setattr(
        corpus, "read_document", lambda root, path: read.append(path.name) or original(root, path)
    )
    run = _check(accord, repo, "positions/doc-0.md")
    assert run.code == 0, run.out
    assert sorted(read) == ["doc-0.md", "doc-39.md"]  # doc-39 names doc-0


def test_the_collector_rests_during_a_check_of_files_only(
    repo: Repo, accord, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Most of a check of one file is importing; the cyclic collector's passes over what imports
    # create free nothing (bench/check.py). The whole check, and the process after, keep it.
    repo.doc("positions/a.md")
    seen: list[bool] = []
    original = checks.run
    monkeypatch.setattr(checks, "run", lambda *a, **k: seen.append(gc.isenabled()) or original(*a, **k))
    assert _check(accord, repo, "positions/a.md").code == 0
    assert gc.isenabled()
    assert _check(accord, repo).code == 0
    assert seen == [False, True]

    def broken(*a: object, **k: object) -> None:
        raise RuntimeError("a rule failed")

    monkeypatch.setattr(checks, "run", broken)
    assert _check(accord, repo, "positions/a.md").code == 2  # an internal error, reported
    assert gc.isenabled()


#: Modules for some files only: a check of one position paper does without them.
NOT_FOR_ONE_PAPER = (
    "accord.checks.translations",
    "accord.crosswalk",
    "accord.editions.revisions",
    "license_expression",
    "tarfile",
    "xml.etree.ElementTree",
)


def test_a_check_of_one_paper_leaves_out_what_other_files_need(repo: Repo) -> None:
    # Each of them costs the pre-commit path's start (bench/check.py counts its instructions).
    repo.doc("positions/a.md", body="\nSee {doc}`b`.\n")
    repo.doc("positions/b.md")
    code = (
        "import sys; from accord.cli import main; "
        f"code = main(['check', 'positions/a.md', '--today', '{TODAY.isoformat()}']); "
        f"print(code, [m for m in {NOT_FOR_ONE_PAPER!r} if m in sys.modules])"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=repo.root, capture_output=True, text=True, check=True
    )
    assert done.stdout.split("\n")[-2] == "0 []", done.stdout + done.stderr


def test_the_build_s_check_process_has_the_rules_that_some_files_need() -> None:
    # Forked after these imports, the build's check imports none of them again.
    some_files = ("accord.checks.translations", "accord.crosswalk")
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from accord import preflight; preflight._share_imports(); "
            f"print([m for m in {some_files!r} if m not in sys.modules])",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.strip() == "[]"


def test_the_references_of_unchanged_files_are_read_once(repo: Repo, monkeypatch: pytest.MonkeyPatch) -> None:
    from accord import dependants

    repo.doc("positions/a.md")
    repo.doc("positions/b.md", body="\nSee {doc}`a`.\n")
    repo.doc("positions/c.md", body="\nSee [the first](a.md).\n")
    repo.doc("positions/d.md", body="\nNothing about the others.\n")
    settle(repo.root)
    expected = {"positions/a.md", "positions/b.md", "positions/c.md"}
    assert dependants.widen(repo.root, {"positions/a.md"}) == expected
    assert (cache_dir(repo.root) / dependants.INDEX).is_file()

    def unread(text: str) -> frozenset[str]:
        raise AssertionError("a remembered file was read again")

    with monkeypatch.context() as patched:
        patched.setattr(dependants, "_named", unread)
        assert dependants.widen(repo.root, {"positions/a.md"}) == expected
    # An edit changes the file's stamp: it is read again, and no longer names a.
    repo.doc("positions/b.md", body="\nSee nothing.\n")
    settle(repo.root, 5)
    assert dependants.widen(repo.root, {"positions/a.md"}) == {"positions/a.md", "positions/c.md"}


def test_a_file_modified_just_now_is_read_but_not_remembered(repo: Repo) -> None:
    from accord import dependants
    from accord.cachedir import read_json

    repo.doc("positions/a.md")
    repo.doc("positions/c.md", body="\nSee {doc}`a`.\n")
    settle(repo.root)
    repo.doc("positions/b.md", body="\nSee {doc}`a`.\n")  # just now
    assert dependants.widen(repo.root, {"positions/a.md"}) == {
        "positions/a.md",
        "positions/b.md",
        "positions/c.md",
    }
    remembered = read_json(cache_dir(repo.root) / dependants.INDEX)["files"]
    assert "positions/c.md" in remembered and "positions/b.md" not in remembered


@pytest.mark.parametrize("damage", ["not json", '{"rules": "older", "files": {}}', '{"files": [1]}', "[]"])
def test_a_damaged_or_older_index_is_read_as_empty(repo: Repo, damage: str) -> None:
    from accord import dependants

    repo.doc("positions/a.md")
    repo.doc("positions/b.md", body="\nSee {doc}`a`.\n")
    index = cache_dir(repo.root) / dependants.INDEX
    index.parent.mkdir(parents=True, exist_ok=True)
    index.write_text(damage, encoding="utf-8")
    assert dependants.widen(repo.root, {"positions/a.md"}) == {"positions/a.md", "positions/b.md"}


def test_a_file_copied_over_with_its_times_kept_is_read_again(repo: Repo) -> None:
    """cp -p keeps the size and the modification time; the change time it cannot keep."""
    from accord import dependants

    repo.doc("positions/a.md")
    repo.doc("positions/b.md", body="\nSee {doc}`c`.\n")
    repo.doc("positions/c.md")
    settle(repo.root)
    assert dependants.widen(repo.root, {"positions/a.md"}) == {"positions/a.md"}
    b = repo.root / "positions" / "b.md"
    copy = repo.root / "b-copy.md"
    copy.write_text(b.read_text(encoding="utf-8").replace("{doc}`c`", "{doc}`a`"), encoding="utf-8")
    os.utime(copy, ns=(b.stat().st_atime_ns, b.stat().st_mtime_ns))
    shutil.copy2(copy, b)  # same inode, size and modification time
    assert dependants.widen(repo.root, {"positions/a.md"}) == {"positions/a.md", "positions/b.md"}


def test_the_index_forgets_files_that_are_gone(repo: Repo) -> None:
    from accord import dependants
    from accord.cachedir import read_json

    repo.doc("positions/a.md")
    repo.doc("positions/b.md", body="\nSee {doc}`a`.\n")
    settle(repo.root)
    dependants.widen(repo.root, {"positions/a.md"})
    assert "positions/b.md" in read_json(cache_dir(repo.root) / dependants.INDEX)["files"]
    (repo.root / "positions" / "b.md").unlink()
    dependants.widen(repo.root, {"positions/a.md"})
    assert "positions/b.md" not in read_json(cache_dir(repo.root) / dependants.INDEX)["files"]
