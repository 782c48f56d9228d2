"""Figure numbers from skeletons (accord.sphinxext.fignumbers): the same numbers as Sphinx's own
walk over whole doctrees, a skeleton made again only for a document that changed, and an edit
numbered in an ``accord serve`` application kept between builds."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from sphinx.environment.collectors.toctree import TocTreeCollector

from accord import serving
from accord.liveserve import LiveBuilder
from accord.sphinxext import fignumbers
from tests.conftest import Repo

DOT = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360f8cfc0f01f0005000201a1e6a7a40000000049454e44ae426082"
)

FIGURES = """
## Figures

```{figure} /img/dot.png
:name: fig-{n}-one

A captioned figure.
```

```{figure} /img/dot.png
:name: fig-{n}-bare
```

:::{table} A captioned table
:name: tab-{n}-one

| a | b |
|---|---|
| 1 | 2 |
:::

| no | caption |
|----|---------|
| 3  | 4       |

```{code-block} python
:caption: A captioned code block
:name: code-{n}-one

print("numbered")
```

```python
print("not numbered")
```

### Deeper

:::{note}
```{figure} /img/dot.png
:name: fig-{n}-nested

A figure inside a note.
```
:::

See {numref}`fig-{n}-one`, {numref}`tab-{n}-one` and {numref}`code-{n}-one`.
"""


#: A {numref} the build resolved: "Fig. 3", "Table 2", "Listing 2" (Sphinx numbers across the site).
NUMBERED = r'numref">(?:Fig\.|Table|Listing) \d+'


def _figures(repo: Repo, name: str, n: int) -> Path:
    return repo.doc(name, body=FIGURES.replace("{n}", str(n)))


@pytest.fixture
def figured(repo: Repo) -> Repo:
    (repo.root / "img").mkdir()
    (repo.root / "img" / "dot.png").write_bytes(DOT)
    _figures(repo, "positions/a.md", 1)
    _figures(repo, "principles/b.md", 2)
    repo.doc("positions/plain.md", body="\nNo figure here.\n")
    return repo


def _touch_later(path: Path) -> None:
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 2_000_000_000))


@pytest.mark.sphinx
def test_skeletons_give_the_numbers_of_sphinx_own_walk(make_app: Callable, figured: Repo) -> None:
    app = make_app("html", srcdir=figured.root, freshenv=True)
    try:
        app.build(force_all=True)
        ours = {
            doc: {kind: dict(ids) for kind, ids in kinds.items()}
            for doc, kinds in app.env.toc_fignumbers.items()
        }
        # Sphinx's collector, on the whole doctrees.
        TocTreeCollector.assign_figure_numbers(TocTreeCollector(), app.env)
        theirs = app.env.toc_fignumbers
    finally:
        app.cleanup()
    assert ours == theirs
    # What is numbered, and what is not: the captioned figures (the nested one too), table and
    # code block of both documents; not the uncaptioned ones.
    numbered = {figure_id for kinds in ours.values() for ids in kinds.values() for figure_id in ids}
    assert {"fig-1-one", "fig-1-nested", "tab-1-one", "code-1-one", "fig-2-one", "tab-2-one"} <= numbered
    assert not any("bare" in figure_id for figure_id in numbered)


@pytest.mark.sphinx
def test_a_rebuild_makes_a_skeleton_only_for_the_document_that_changed(
    build: Callable, figured: Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    build()
    made: list[str] = []
    real = fignumbers.skeleton

    def spy(env, doctree):
        made.append(doctree.get("source", ""))
        return real(env, doctree)

    monkeypatch.setattr(fignumbers, "skeleton", spy)
    _touch_later(_figures(figured, "positions/a.md", 1))
    warnings, out = build()
    # A new application (a new process, in `accord build`): one skeleton, the edited document's.
    assert [Path(source).name for source in made] == ["a.md"]
    assert re.search(NUMBERED, (out / "positions" / "a.html").read_text(encoding="utf-8"))
    assert "WARNING" not in warnings


@pytest.mark.sphinx
def test_serve_numbers_a_figure_added_after_the_first_build(figured: Repo) -> None:
    live = LiveBuilder(figured.root, figured.root / "_build" / "serve", serving.confoverrides())
    try:
        plain = figured.root / "positions" / "plain.md"
        assert live()
        # Read by the numbering walk: its bytes are now in Sphinx's in-memory doctree cache.
        assert "positions/plain" in live.app.env._pickled_doctree_cache
        figured.doc("positions/plain.md", body=FIGURES.replace("{n}", "3"))
        _touch_later(plain)
        assert live(changed_paths=[plain])
        numbers = live.app.env.toc_fignumbers["positions/plain"]
        assert set(numbers["figure"]) == {"fig-3-one", "fig-3-nested"}
        page = (live.out / "positions" / "plain.html").read_text(encoding="utf-8")
        assert len(re.findall(NUMBERED, page)) == 3
    finally:
        live.close()
