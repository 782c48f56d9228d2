"""Unknown directives and roles (BUILD030, BUILD031): the check knows the names the build knows,
never reports a valid one, and learns the names of extensions a repository adds to conf.py."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from accord import checks, corpus, knownnames, names
from accord.checkcache import fingerprint
from accord.sphinxext.registry import module_text, registered
from tests.conftest import REPO, TODAY, Repo

KNOWN_NAMES = REPO / "tools" / "accord" / "knownnames.py"


def found(repo: Repo, path: str = "positions/paper.md") -> list[tuple[str, int, int, str | None]]:
    return [
        (d.code, d.line, d.column, d.hint)
        for d in checks.run(corpus.load(repo.root), today=TODAY, only={path})
        if d.code.startswith(("BUILD", "SAFE"))
    ]


def test_the_list_is_the_registry_of_a_real_application(make_app: Callable, repo: Repo) -> None:
    """After an upgrade of Sphinx, MyST or an extension, ACCORD_UPDATE_GOLDEN=1 rewrites the list."""
    app = make_app("dummy", srcdir=repo.root)
    try:
        actual = module_text(app)
    finally:
        app.cleanup()
    if os.environ.get("ACCORD_UPDATE_GOLDEN") == "1":
        KNOWN_NAMES.write_text(actual, encoding="utf-8")
    assert actual == KNOWN_NAMES.read_text(encoding="utf-8")
    assert tuple(app.config.extensions) == knownnames.EXTENSIONS


VALID = """
## Valid forms

```{note}
A note {ref}`valid-forms` and {std:ref}`valid-forms`, {doc}`other`, {py:func}`len`, {func}`len`.
```

```{NOTE}
Names compare without case: {Cite:P}`wgig2005report`, {footcite:t}`coe2011principles`.
```

:::{tab-set}
::::{tab-item} One
{bdg-primary}`badge` {octicon}`check` {kbd}`Ctrl` {sub-ref}`wordcount-words` {eq}`x`
::::
:::

```{py:function} len(x)
```

```{function} len(x)
```

```{glossary}
term
  A term {term}`term` {abbr}`IGF (Internet Governance Forum)`.
```

```{bibliography}
```

```{figure-md} fig
![x](x.png)
```

{math}`x` {sub}`2` {sup}`2` {rfc}`2119` {pep}`8` {abbreviation}`a` {download}`x.png` {numref}`fig`
"""


def test_valid_directives_and_roles_are_never_reported(repo: Repo) -> None:
    repo.doc("positions/paper.md", body=VALID)
    assert [f for f in found(repo) if f[0] in ("BUILD030", "BUILD031")] == []


def test_an_unknown_directive_is_reported_at_its_line_with_a_suggestion(repo: Repo) -> None:
    repo.doc(
        "positions/paper.md", body="\nText.\n\n```{notes}\nA note.\n```\n\n  :::{dropdwn} More\n  x\n  :::\n"
    )
    assert found(repo) == [
        ("BUILD030", 11, 1, "did you mean 'note'?"),
        ("BUILD030", 15, 3, "did you mean 'dropdown'?"),
    ]


def test_an_unknown_role_is_reported_at_its_name_with_a_suggestion(repo: Repo) -> None:
    repo.doc("positions/paper.md", body="\nAs {citep}`wgig2005report` and {py:fnuc}`len` say, {note}`x`.\n")
    assert found(repo) == [
        ("BUILD031", 9, 4, "did you mean 'cite:p'?"),
        ("BUILD031", 9, 32, "did you mean 'py:func'?"),
        ("BUILD031", 9, 52, "'note' is a directive, not a role"),
    ]


def test_raw_directives_are_the_safe_rules_concern(repo: Repo) -> None:
    repo.doc("positions/paper.md", body="\n```{eval-rst}\n.. note:: x\n```\n\n```{raw} html\n<b>x</b>\n```\n")
    assert [code for code, *_ in found(repo)] == ["SAFE002", "SAFE002"]


def test_a_name_inside_a_nested_directive_is_checked(repo: Repo) -> None:
    repo.doc("positions/paper.md", body="\n:::{note}\n```{tipp}\nx\n```\n:::\n")
    assert [(code, line) for code, line, *_ in found(repo)] == [("BUILD030", 10)]


TODO_CONF = 'extensions = ["myst_parser", "sphinx_design", "sphinxcontrib.bibtex", "accord.sphinxext", "sphinx.ext.todo"]'


def _with_todo(repo: Repo) -> None:
    conf = (repo.root / "conf.py").read_text(encoding="utf-8")
    start = conf.index("extensions = [")
    end = conf.index("]", start) + 1
    (repo.root / "conf.py").write_text(conf[:start] + TODO_CONF + conf[end:], encoding="utf-8")


def test_a_directive_of_an_extension_in_conf_py_is_not_an_error(build: Callable, repo: Repo) -> None:
    _with_todo(repo)
    repo.doc("positions/paper.md", body="\n```{todo}\nWrite this.\n```\n\n```{todoo}\nx\n```\n")
    # Before any build the check cannot know sphinx.ext.todo's names: it reports none of them.
    assert found(repo) == []
    warnings, _ = build()
    assert "BUILD030" in warnings and "{todoo}" in warnings and "{todo}'" not in warnings
    # The build listed them in the cache: now the check knows {todo} and reports {todoo}.
    assert found(repo) == [("BUILD030", 13, 1, "did you mean 'todo'?")]


def test_the_build_reports_an_unknown_name_at_its_line(build: Callable, repo: Repo) -> None:
    repo.doc("positions/paper.md", body="\nText {citep}`wgig2005report`.\n")
    warnings, _ = build()
    assert "paper.md:9: WARNING: BUILD031 a role must be one the build knows" in warnings


@pytest.mark.parametrize(
    ("conf", "expected"),
    [
        ("extensions = ['a', 'b']\n", ("a", "b")),
        ("extensions = ('a',)\nextensions += ['b']\n", ("a", "b")),
        ("extensions: list[str] = ['a']\n", ("a",)),
        ("import os\nextensions = os.environ['X'].split()\n", None),
        ("extensions = [1]\n", None),
        ("extensions = [\n", None),
        ("html_theme = 'x'\n", ()),
        ("extensions = ['a']\ndef setup(app):\n    app.add_directive('x', X)\n", ("a", "conf.py")),
    ],
)
def test_conf_py_is_read_not_run(tmp_path: Path, conf: str, expected: tuple[str, ...] | None) -> None:
    (tmp_path / "conf.py").write_text(conf, encoding="utf-8")
    assert names.extensions_of(tmp_path) == expected


def test_unknown_extensions_without_a_build_leave_the_rule_silent(tmp_path: Path) -> None:
    (tmp_path / "conf.py").write_text("extensions = ['myst_parser', 'sphinx.ext.todo']\n", encoding="utf-8")
    assert names.known(tmp_path) is None
    (tmp_path / "conf.py").write_text("extensions = ['myst_parser']\n", encoding="utf-8")
    known = names.known(tmp_path)
    assert known is not None and "note" in known.directives and "cite:p" in known.roles


def test_domain_names_are_prefixed_and_bare_for_the_default_domains(make_app: Callable, repo: Repo) -> None:
    app = make_app("dummy", srcdir=repo.root)
    try:
        directives, roles = registered(app)
    finally:
        app.cleanup()
    assert {"py:function", "function", "std:glossary", "glossary", "c:function"} <= directives
    assert {"py:func", "func", "std:ref", "ref", "cite:p", "footcite:t", "c:func"} <= roles
    assert "c:func" in roles and "func" in roles and "expr" not in roles  # c:expr stays prefixed


def test_the_known_names_are_part_of_the_check_cache_fingerprint(repo: Repo) -> None:
    ctx = checks.context(corpus.load(repo.root), today=TODAY)
    before = fingerprint(ctx)
    _with_todo(repo)  # conf.py changes, the list of files does not
    assert fingerprint(ctx) != before


def test_intersphinx_external_roles_are_known_once_a_build_listed_the_extension(tmp_path: Path) -> None:
    (tmp_path / "conf.py").write_text(
        "extensions = ['myst_parser', 'sphinx.ext.intersphinx']\n", encoding="utf-8"
    )
    names.remember(
        tmp_path, ["myst_parser", "sphinx.ext.intersphinx"], frozenset({"note"}), frozenset({"ref"})
    )
    known = names.known(tmp_path)
    assert known is not None
    assert known.has_role("external:class") and known.has_role("external+sphinx:ref")
    assert not known.has_role("externl:class")


def test_a_directive_that_conf_py_registers_is_known_after_a_build(build: Callable, repo: Repo) -> None:
    conf = repo.root / "conf.py"
    conf.write_text(
        conf.read_text(encoding="utf-8")
        + "\n\ndef setup(app):\n    from docutils.parsers.rst.directives.body import Rubric\n\n"
        "    app.add_directive('coalition-box', Rubric)\n",
        encoding="utf-8",
    )
    repo.doc("positions/paper.md", body="\n```{coalition-box} Heading\n```\n\n```{notes}\n```\n")
    assert found(repo) == []  # conf.py registers names of its own: no guessing before a build
    build()
    assert found(repo) == [("BUILD030", 12, 1, "did you mean 'note'?")]


LECTURE = """
```{code-cell} ipython3
import numpy as np
```

```{prf:theorem} A theorem
:label: thm-one

Text, see {prf:ref}`thm-one`.
```

```{exercise}
:label: ex-one
Do it.
```
"""


def test_lecture_constructs_of_extensions_accord_lacks_are_reported(repo: Repo) -> None:
    """Jupyter Book lectures use myst-nb, sphinx-proof and sphinx-exercise: without them in
    conf.py each block stops the build, so each is reported, and nothing else."""
    repo.doc("positions/paper.md", body=LECTURE)
    assert [(code, line) for code, line, *_ in found(repo)] == [
        ("BUILD030", 9),
        ("BUILD030", 13),
        ("BUILD031", 16),
        ("BUILD030", 19),
    ]
