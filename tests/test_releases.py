"""`accord github release-assets` and `unpack-editions`: editions carried by GitHub releases."""

from __future__ import annotations

import io
import tarfile
from collections.abc import Callable
from pathlib import Path

import pytest

from accord import releases

# `project` is the edition tests' fixture: two released editions, built once for this module.
from tests.test_editions import Project, project, tree  # noqa: F401


def _edition(root: Path, tag: str = "v1.0") -> Path:
    edition = root / "editions" / tag
    for relative, content in {
        "index.html": "<p>edition</p>",
        "positions/igf-outcomes.html": "<p>paper</p>",
        "positions/igf-outcomes.pdf": "%PDF paper",
        "principles/open-standards.pdf": "%PDF statement",
        "compendium.pdf": "%PDF all",
        "_static/site.css": "body {}",
        "MANIFEST.sha256": "0000  index.html\n",
    }.items():
        path = edition / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    return edition


def test_release_assets(tmp_path: Path, accord: Callable) -> None:
    edition = _edition(tmp_path)
    out = tmp_path / "release"
    run = accord("github", "release-assets", str(edition), "--out", str(out), "--epoch", "1767225600")
    assert run.code == 0, run.err
    assert [Path(line).name for line in run.out.splitlines()] == [
        "edition-v1.0.tar.gz",
        "MANIFEST.sha256",
        "compendium.pdf",
        "igf-outcomes.pdf",
        "open-standards.pdf",
    ]
    assert (out / "igf-outcomes.pdf").read_text(encoding="utf-8") == "%PDF paper"
    with tarfile.open(out / "edition-v1.0.tar.gz") as tar:
        members = tar.getmembers()
    assert [m.name for m in members][:3] == ["v1.0", "v1.0/MANIFEST.sha256", "v1.0/_static"]
    assert {(m.mtime, m.uid, m.gid, m.uname) for m in members} == {(1767225600, 0, 0, "")}


def test_the_archive_is_reproducible(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = releases.assets(_edition(tmp_path / "a"), tmp_path / "out-a", epoch=5)[0].read_bytes()
    # Another folder, other file times, another clock: the same bytes.
    monkeypatch.setattr("time.time", lambda: 2_000_000_000.0)
    second = releases.assets(_edition(tmp_path / "b"), tmp_path / "out-b", epoch=5)[0].read_bytes()
    assert first == second


def test_the_epoch_comes_from_source_date_epoch(
    tmp_path: Path, accord: Callable, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "86400")
    assert accord("github", "release-assets", str(_edition(tmp_path)), "--out", str(tmp_path / "r")).code == 0
    with tarfile.open(tmp_path / "r" / "edition-v1.0.tar.gz") as tar:
        assert {m.mtime for m in tar.getmembers()} == {86400}
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    run = accord("github", "release-assets", str(_edition(tmp_path / "x")), "--out", str(tmp_path / "s"))
    assert run.code == 2
    assert "SOURCE_DATE_EPOCH must be whole seconds" in run.err


def test_release_assets_refuses_what_is_no_edition(tmp_path: Path, accord: Callable) -> None:
    edition = _edition(tmp_path)
    (edition / "MANIFEST.sha256").unlink()
    run = accord("github", "release-assets", str(edition), "--out", str(tmp_path / "r"))
    assert (run.code, "has no MANIFEST.sha256" in run.err) == (2, True)
    clash = _edition(tmp_path / "clash")
    (clash / "principles" / "igf-outcomes.pdf").write_text("%PDF", encoding="utf-8")
    run = accord("github", "release-assets", str(clash), "--out", str(tmp_path / "r"))
    assert (run.code, "would share the release file name 'igf-outcomes.pdf'" in run.err) == (2, True)
    bad = _edition(tmp_path / "bad", tag="v 1")
    run = accord("github", "release-assets", str(bad), "--out", str(tmp_path / "r"))
    assert (run.code, "named by its tag" in run.err) == (2, True)


def test_unpack_editions_round_trip(tmp_path: Path, accord: Callable) -> None:
    edition = _edition(tmp_path)
    first = releases.assets(edition, tmp_path / "r1", epoch=0)[0]
    second = releases.assets(_edition(tmp_path / "other", tag="v2.0"), tmp_path / "r2", epoch=0)[0]
    into = tmp_path / "_build" / "editions"
    run = accord("github", "unpack-editions", str(first), str(second), "--into", str(into))
    assert run.code == 0, run.err
    assert run.out.splitlines() == ["v1.0", "v2.0"]
    unpacked = sorted(p.relative_to(into / "v1.0").as_posix() for p in (into / "v1.0").rglob("*"))
    original = sorted(p.relative_to(edition).as_posix() for p in edition.rglob("*"))
    assert unpacked == original
    assert (into / "v1.0" / "positions" / "igf-outcomes.pdf").read_text(encoding="utf-8") == "%PDF paper"
    # An edition is written once: unpacking it again is refused.
    run = accord("github", "unpack-editions", str(first), "--into", str(into))
    assert (run.code, "is there already" in run.err) == (2, True)


def _hostile_archive(path: Path, name: str, *, kind: bytes = tarfile.REGTYPE) -> Path:
    with tarfile.open(path, "w:gz") as tar:
        info = tarfile.TarInfo(name)
        info.type = kind
        if kind == tarfile.SYMTYPE:
            info.linkname = "/etc/passwd"
            tar.addfile(info)
        else:
            info.size = 4
            tar.addfile(info, io.BytesIO(b"evil"))
    return path


@pytest.mark.parametrize(
    ("name", "kind", "complaint"),
    [
        ("v1.0/../../escaped.txt", tarfile.REGTYPE, "must lie in the folder v1.0/"),
        ("/etc/evil", tarfile.REGTYPE, "must lie in the folder v1.0/"),
        ("v2.0/other.html", tarfile.REGTYPE, "must lie in the folder v1.0/"),
        ("v1.0/link", tarfile.SYMTYPE, "holds only files and folders"),
    ],
)
def test_unpack_refuses_files_outside_the_edition(
    tmp_path: Path, accord: Callable, name: str, kind: bytes, complaint: str
) -> None:
    archive = _hostile_archive(tmp_path / "edition-v1.0.tar.gz", name, kind=kind)
    into = tmp_path / "site" / "editions"
    run = accord("github", "unpack-editions", str(archive), "--into", str(into))
    assert run.code == 2
    assert complaint in run.err
    assert not (tmp_path / "escaped.txt").exists()
    assert not (into / "v1.0").exists()


def test_unpack_refuses_other_names_and_broken_archives(tmp_path: Path, accord: Callable) -> None:
    other = tmp_path / "site.tar.gz"
    other.write_bytes(b"")
    run = accord("github", "unpack-editions", str(other), "--into", str(tmp_path / "e"))
    assert (run.code, "not an edition archive" in run.err) == (2, True)
    broken = tmp_path / "edition-v1.0.tar.gz"
    broken.write_bytes(b"not gzip")
    run = accord("github", "unpack-editions", str(broken), "--into", str(tmp_path / "e"))
    assert (run.code, "cannot unpack edition-v1.0.tar.gz" in run.err) == (2, True)


def test_a_site_assembled_from_release_archives_is_the_published_one(
    project: Project,  # noqa: F811 - the fixture imported above
    accord: Callable,
    tmp_path: Path,
) -> None:
    """The publish workflow's path, with real editions: each edition goes into its release as an
    archive, comes back out in another job, and the site made from the archives and the draft
    has the same editions, byte for byte, as the site published straight from the builds."""
    archives = []
    for tag in ("v1.0", "v1.1"):
        run = accord(
            "github",
            "release-assets",
            str(project.editions / tag),
            "--out",
            str(tmp_path / tag),
            "--epoch",
            "0",
        )
        assert run.code == 0, run.err
        names = [Path(line).name for line in run.out.splitlines()]
        assert names[:2] == [f"edition-{tag}.tar.gz", "MANIFEST.sha256"]
        assert "paper.pdf" in names
        archives.append(str(tmp_path / tag / f"edition-{tag}.tar.gz"))
    editions = tmp_path / "unpacked"
    assert accord("github", "unpack-editions", *archives, "--into", str(editions)).code == 0
    site = tmp_path / "site"
    draft = project.root / "_build" / "html"
    publish = ("edition", "publish", "--site", str(site), "--root", str(project.root))
    assert accord(*publish, "--editions", str(editions), "--draft", str(draft)).code == 0
    assert accord("edition", "verify", "--site", str(site)).code == 0
    for tag in ("v1.0", "v1.1"):
        assert tree(site / "editions" / tag) == tree(project.site / "editions" / tag)
    assert (site / "versions.json").read_bytes() == (project.site / "versions.json").read_bytes()
