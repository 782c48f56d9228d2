"""Shared fixtures: tiny repositories in tmp_path, the CLI runner, golden files."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import textwrap
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from accord import cli
from accord.cachedir import ENVIRONMENT as ACCORD_CACHE_ENVIRONMENT
from accord.vocabulary import PAGES

pytest_plugins = ["sphinx.testing.fixtures", "tests.browsing"]

REPO = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 11, 28)
GOLDEN = Path(__file__).parent / "golden"
#: A frozen copy of the template's sample content: the tool's tests never read the repository's own
#: documents, which a coalition deletes or rewrites when it adopts the template.
SAMPLE = Path(__file__).parent / "fixtures" / "sample"

BIB = textwrap.dedent(
    """\
    @techreport{wgig2005report,
      author = {{Working Group on Internet Governance}},
      title = {Report of the Working Group on {Internet} Governance},
      institution = {Working Group on Internet Governance (United Nations)},
      year = {2005},
      month = jun,
    }

    @misc{coe2011principles,
      author = {{Council of Europe, Committee of Ministers}},
      title = {Declaration by the Committee of Ministers on {Internet} governance principles},
      year = {2011},
    }
    """
)


# A body that cites both entries of BIB, so that a repository of such documents is clean.
CITING_BODY = "\n## Section\n\nText {cite:p}`wgig2005report,coe2011principles`.\n"


def front(**fields: object) -> str:
    """Front matter for a valid draft, with fields overridden (None removes a field)."""
    base: dict[str, object] = {
        "title": "A sample draft",
        "status": "draft",
        "authors": "\n  - name: Working Group",
        "date": "2026-01-15",
    }
    base.update(fields)
    lines = [f"{key}: {value}" for key, value in base.items() if value is not None]
    return "---\n" + "\n".join(lines) + "\n---\n"


@dataclass
class Repo:
    root: Path

    def write(self, relative: str, text: str) -> Path:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text) if not text.startswith("---") else text, encoding="utf-8")
        return path

    def doc(self, relative: str, body: str = CITING_BODY, **fields: object) -> Path:
        return self.write(relative, front(**fields) + textwrap.dedent(body))


def new_repo(root: Path) -> Repo:
    """An empty repository at ``root``: the real conf.py and pages, a two-entry bibliography."""
    (root / "positions").mkdir(parents=True)
    (root / "principles").mkdir()
    shutil.copy(REPO / "conf.py", root / "conf.py")
    for page in PAGES:
        shutil.copy(REPO / page, root / page)
    (root / "references.bib").write_text(BIB, encoding="utf-8")
    return Repo(root)


def sample_repo(root: Path) -> Repo:
    """A repository at ``root`` with the sample content: the real conf.py and pages, SAMPLE's files."""
    repo = new_repo(root)
    shutil.copytree(SAMPLE, root, dirs_exist_ok=True)
    return repo


@pytest.fixture(autouse=True)
def _cache_outside_repositories(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Caches go to a temporary folder, so that no test writes into the repository."""
    monkeypatch.setenv(ACCORD_CACHE_ENVIRONMENT, str(tmp_path_factory.mktemp("accord-cache")))


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    return new_repo(tmp_path / "repo")


@pytest.fixture
def build(make_app: Callable, repo: Repo) -> Callable[..., tuple[str, Path]]:
    """Build ``repo`` with Sphinx's test application: (the warnings, the output folder).
    ``fresh`` reads and writes every document again; other keywords go to ``make_app``
    (``parallel=2``, ``confoverrides={...}``)."""

    def run(builder: str = "html", *, fresh: bool = False, **kwargs: object) -> tuple[str, Path]:
        app = make_app(builder, srcdir=repo.root, freshenv=fresh, **kwargs)
        try:
            app.build(force_all=fresh)
        finally:
            app.cleanup()  # restore docutils' registries, so a second build starts clean
        return app.warning.getvalue(), Path(app.outdir)

    return run


@dataclass
class Run:
    code: int
    out: str
    err: str


@pytest.fixture
def accord(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Callable[..., Run]:
    """Run ``accord`` in a folder and capture what it prints."""

    def run(*argv: str, cwd: Path | None = None) -> Run:
        if cwd is not None:
            monkeypatch.chdir(cwd)
        code = cli.main(list(argv))
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run


def settle(root: Path, age: float = 3600) -> None:
    """Every file last modified ``age`` seconds ago: older than the racy window of the caches that
    trust a file's stamp (accord.runcache.SETTLE_NS)."""
    past = time.time() - age
    for folder, _, files in os.walk(root):
        for name in files:
            os.utime(Path(folder) / name, (past, past))


def golden(name: str, actual: str) -> None:
    """Compare with tests/golden/NAME; ACCORD_UPDATE_GOLDEN=1 rewrites it."""
    path = GOLDEN / name
    if os.environ.get("ACCORD_UPDATE_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
    assert path.exists(), f"missing golden file {path}; run with ACCORD_UPDATE_GOLDEN=1"
    assert actual == path.read_text(encoding="utf-8")
