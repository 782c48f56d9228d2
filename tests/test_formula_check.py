"""`accord check` refuses at its line every formula the build would refuse (BUILD007, BUILD008),
and a Sphinx build says each once."""

from __future__ import annotations

import pytest

from accord import markdown
from tests.conftest import Repo

BODY = r"""
Good $a^2$, a price of $5, and bad $\textbf{b}$ in one line.

$$
\frac{a}{b
$$

\begin{align}
x &= \color{red} y
\end{align}

```{math}
:label: sums

x + y

\sum_i \mathbb{R}
```

```{math}
z \textit{w}
```
"""


def test_formulas_are_scanned_with_their_kind_and_place() -> None:
    items = [(i.name, i.value, i.line, i.column) for i in markdown.scan(BODY) if i.kind == "math"]
    assert items == [
        ("inline", "a^2", 2, 6),
        ("inline", r"\textbf{b}", 2, 36),
        ("block", "\n\\frac{a}{b\n", 4, 1),
        ("nowrap", "\\begin{align}\nx &= \\color{red} y\n\\end{align}", 8, 1),
        ("block", "x + y\n\n\\sum_i \\mathbb{R}", 15, 1),
        ("block", r"z \textit{w}", 21, 1),
    ]


def test_the_check_reports_what_print_and_web_refuse(repo: Repo, accord) -> None:
    repo.doc("positions/maths.md", body="Text {cite:p}`wgig2005report,coe2011principles`.\n" + BODY)
    run = accord("check", str(repo.root))
    found = [line.split(" ", 2)[:2] for line in run.out.splitlines() if not line.startswith(" ")]
    assert found == [
        ["positions/maths.md:10:36:", "BUILD007"],
        ["positions/maths.md:12:1:", "BUILD008"],
        ["positions/maths.md:16:1:", "BUILD007"],
        ["positions/maths.md:29:1:", "BUILD007"],
    ]
    assert r"'\textbf'" in run.out and r"'\color'" in run.out and r"'\textit'" in run.out
    assert run.code == 1


@pytest.mark.sphinx
def test_a_build_reports_each_formula_once(repo: Repo, build) -> None:
    repo.doc("positions/maths.md", body="Text {cite:p}`wgig2005report,coe2011principles`.\n" + BODY)
    warnings, _ = build("html")
    assert warnings.count("WARNING: BUILD008") == 1
    assert warnings.count("WARNING: BUILD007") == 0  # the web draws these; print refuses them
    warnings, _ = build("accordpdf")
    assert warnings.count(r"'\textbf'") == 1
