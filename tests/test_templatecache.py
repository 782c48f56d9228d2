"""The theme's templates are compiled once, not in every build (accord.sphinxext.templatecache)."""

from __future__ import annotations

from collections.abc import Callable

import jinja2
import pytest

from accord.sphinxext.templatecache import FOLDER
from tests.conftest import Repo


@pytest.mark.sphinx
def test_a_second_build_compiles_no_template_again(
    build: Callable, repo: Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo.doc("positions/a.md", body="\nText.\n")
    compiled: list[str | None] = []
    real = jinja2.Environment.compile

    def counting(self, source, name=None, filename=None, raw=False, defer_init=False):
        compiled.append(name)
        return real(self, source, name, filename, raw, defer_init)

    monkeypatch.setattr(jinja2.Environment, "compile", counting)
    _, out = build(fresh=True)
    assert len([name for name in compiled if name]) > 10  # the theme's layout, sidebars, components
    assert any((out.parent / "doctrees" / FOLDER).glob("*.cache"))
    compiled.clear()
    repo.doc("positions/a.md", body="\nText, edited.\n")
    _, out = build(fresh=True)  # a new application, as a new process would be
    assert [name for name in compiled if name] == []  # strings rendered once (name None) aside
    assert "Text, edited." in (out / "positions" / "a.html").read_text(encoding="utf-8")
