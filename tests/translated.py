"""A git repository of the sample content with translations (tests/fixtures/translations): an
Arabic translation in step with its source, a Spanish one made before the source last changed, and
a French one of an adopted text, in a repository whose authentic languages are English and French."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import Repo, sample_repo
from tests.gitrepo import commit_all, git, init, isolate_git

TRANSLATIONS = Path(__file__).parent / "fixtures" / "translations"
SOURCE = "positions/principles-wave-2011-interim.md"
ARABIC = "positions/principles-wave-2011-interim.ar.md"
SPANISH = "positions/principles-wave-2011-interim.es.md"
CHINESE = "positions/principles-wave-2011-interim.zh-Hans.md"
FRENCH = "positions/principles-wave-2011.fr.md"  # of an adopted text; French is authentic here


def translated_repo(root: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Repo, str, str]:
    """(repo, the source's first commit, its last): the Spanish translation names the first."""
    isolate_git(monkeypatch)
    repo = sample_repo(root)
    init(repo.root)
    commit_all(repo.root, "sample")
    first = git(repo.root, "rev-parse", "HEAD")
    source = repo.root / SOURCE
    text = source.read_text(encoding="utf-8")
    source.write_text(
        text.replace("It takes no position", "It deliberately takes no position"), encoding="utf-8"
    )
    commit_all(repo.root, "edit the source")
    last = git(repo.root, "rev-parse", "HEAD")
    settings = repo.root / "pyproject.toml"
    settings.write_text(
        settings.read_text(encoding="utf-8").replace(
            "[tool.accord]", '[tool.accord]\nlanguages = ["en", "fr"]'
        ),
        encoding="utf-8",
    )
    for relative, commit in ((ARABIC, last), (CHINESE, last), (SPANISH, first), (FRENCH, first)):
        written = (TRANSLATIONS / relative).read_text(encoding="utf-8").replace("SOURCE_COMMIT", commit)
        repo.write(relative, written)
    commit_all(repo.root, "translations")
    return repo, first, last
