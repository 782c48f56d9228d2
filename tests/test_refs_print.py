"""numfig: figures, tables and code blocks are numbered on the page and in the PDF alike, and a
{numref} prints the number its target shows."""

from __future__ import annotations

from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from tests.conftest import Repo
from tests.test_pdf import png

BODY = """
## Section

```{figure} dot.png
:name: fig-dot

A dot.
```

```{list-table} Numbers
:name: tab-numbers

* - 1
  - 2
```

```{code-block} python
:caption: Some code
:name: code-some

x = 1
```

```{figure} dot.png
:name: fig-second

Another dot.
```

See {numref}`fig-second`, {numref}`tab-numbers`, {numref}`code-some` and
{numref}`Figure {number} <fig-dot>`. {cite:p}`wgig2005report,coe2011principles`
"""


def _build(root: Path, builder: str) -> tuple[str, Path]:
    app = SphinxTestApp(builder, srcdir=root, freshenv=True)
    try:
        app.build()
    finally:
        app.cleanup()
    return app.warning.getvalue(), Path(app.outdir)


@pytest.fixture
def numbered(repo: Repo) -> Repo:
    repo.doc("positions/paper.md", BODY)
    (repo.root / "positions" / "dot.png").write_bytes(png())
    return repo


@pytest.mark.sphinx
def test_the_page_numbers_captions_and_references(numbered: Repo) -> None:
    warnings, out = _build(numbered.root, "html")
    assert warnings == ""
    html = (out / "positions" / "paper.html").read_text(encoding="utf-8")
    for number in ("Fig. 1 ", "Fig. 2 ", "Table 1 ", "Listing 1 "):
        assert f'<span class="caption-number">{number}</span>' in html
    for text in ("Fig. 2", "Table 1", "Listing 1", "Figure 1"):
        assert f'<span class="std std-numref">{text}</span>' in html


@pytest.mark.sphinx
def test_the_pdf_prints_the_same_numbers(numbered: Repo) -> None:
    warnings, out = _build(numbered.root, "accordpdf")
    assert warnings == ""
    typ = (out / "typst" / "positions" / "paper.typ").read_text(encoding="utf-8")
    assert "caption: [Fig. 1 A dot.]" in typ
    assert "caption: [Fig. 2 Another dot.]" in typ
    assert "title: [Table 1 Numbers]" in typ
    assert "#accord-caption[Listing 1 Some code]" in typ
    for text in ("[Fig. 2]", "[Table 1]", "[Listing 1]", "[Figure 1]"):
        assert text in typ
    assert (out / "positions" / "paper.pdf").is_file()
