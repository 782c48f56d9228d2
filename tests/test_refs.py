"""References to labels, equations, glossary terms and anchors (XREF015-018): the check reports
what the build cannot resolve, at its line, and nothing the build resolves."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from accord import checks, corpus, labels
from accord.checkcache import CheckCache
from tests.conftest import TODAY, Repo

CITES = "{cite:p}`wgig2005report,coe2011principles`"

# Defines one target of every kind; b.md adds a label, a heading and a term in another document.
DEFINITIONS = f"""
(intro)=
## Introduction

Some text {CITES}.

## Second Part

### Second Part

```{{list-table}} Numbers
:name: tab-one

* - 1
  - 2
```

$$ x = 1 $$ (eq-one)

```{{math}}
:label: eq-two

y = 2
```

```{{glossary}}
Open data
  Data anyone can use.
```

(para-label)=
A labelled paragraph.

- (item-label)=
  A labelled list item.
"""

OTHER = f"""
## Other heading

(b-label)=
## Labelled heading

Text {CITES}.

```{{glossary}}
Closed data
  Data few can use.
```
"""

# What the build resolves, one form a line: none may be reported.
VALID = [
    "{ref}`intro`",
    "{ref}`Intro <INTRO>`",  # labels are case-insensitive
    "{ref}`b-label`",  # in another document
    "{ref}`Text <para-label>`",  # a label without a title, with the reference's own text
    "{ref}`!not-linked`",  # '!' asks Sphinx not to link
    "{numref}`tab-one`",
    "{numref}`Table {number} <tab-one>`",
    "{eq}`eq-one`",
    "{eq}`eq-two`",
    "{term}`open data`",
    "{term}`Closed Data`",  # case-insensitive, in another document
    "[x](#second-part)",  # heading anchor
    "[x](#second-part-1)",  # the second heading with that text
    "[x](#introduction)",
    "[x](#intro)",  # a label of the page
    "[x](#b-label)",  # a label of another page: MyST tries every domain
    "[x](#eq-one)",  # an equation
    "[x](b.md#other-heading)",
    "[x](b.md#b-label)",
    "<project:#second-part>",
    "[x](b.md)",
    "[x](#item-label)",
]

# What the build cannot resolve: each is reported with its code.
BROKEN = [
    ("{ref}`no-label`", "XREF015", "undefined label: 'no-label'"),
    ("{ref}`second-part`", "XREF015", "undefined label: 'second-part'"),  # a heading anchor is no label
    ("{ref}`eq-one`", "XREF015", "undefined label: 'eq-one'"),  # an equation is no label
    ("{numref}`no-table`", "XREF015", "undefined label: 'no-table'"),
    ("{ref}`para-label`", "XREF015", "A title or caption not found: 'para-label'"),  # no title to show
    ("{eq}`eq-three`", "XREF016", "equation not found: eq-three"),
    ("{eq}`intro`", "XREF016", "equation not found: intro"),
    ("{term}`shared data`", "XREF017", "term not in glossary: 'shared data'"),
    ("[x](#no-such-part)", "XREF018", "target not found: 'no-such-part'"),
    ("[x](b.md#no-heading)", "XREF018", "local id not found in doc 'positions/b': 'no-heading'"),
    ("<project:#nothing>", "XREF018", "target not found: 'nothing'"),
]


def _write(repo: Repo, forms: list[str]) -> dict[str, int]:
    """a.md with DEFINITIONS and one form a paragraph; the line of each form."""
    body = DEFINITIONS + "".join(f"\nSee {form}.\n" for form in forms)
    text = repo.doc("positions/a.md", body).read_text(encoding="utf-8").splitlines()
    repo.doc("positions/b.md", OTHER)
    return {form: text.index(f"See {form}.") + 1 for form in forms}


def _check(repo: Repo) -> list:
    return [d for d in checks.run(corpus.load(repo.root), today=TODAY) if d.path == "positions/a.md"]


def _sphinx_warnings(warnings: str) -> list[str]:
    """The build's own warnings, without those the extension repeats from the check."""
    return [line for line in warnings.splitlines() if "WARNING" in line and "[accord." not in line]


@pytest.mark.sphinx
def test_the_check_and_the_build_accept_every_valid_form(repo: Repo, build) -> None:
    _write(repo, VALID)
    assert _check(repo) == []
    warnings, _ = build()
    assert _sphinx_warnings(warnings) == []


@pytest.mark.sphinx
def test_the_check_and_the_build_report_every_broken_form_at_its_line(repo: Repo, build) -> None:
    lines = _write(repo, [form for form, _, _ in BROKEN])
    found = {(d.line, d.code) for d in _check(repo)}
    assert found == {(lines[form], code) for form, code, _ in BROKEN}
    warnings = "\n".join(_sphinx_warnings(build()[0]))
    for form, _, message in BROKEN:
        assert re.search(rf"a\.md:{lines[form]}: WARNING: .*{re.escape(message)}", warnings), form


def test_findings_give_the_column_and_a_hint(repo: Repo) -> None:
    _write(repo, ["{ref}`intr`", "{ref}`second-part`", "{eq}`eq-on`", "{term}`opn data`", "[x](#second-prt)"])
    found = {d.message.rsplit(": ", 1)[1]: d for d in _check(repo)}
    assert found["'intr'"].column == len("See {ref}`") + 1
    assert found["'intr'"].hint == "did you mean the label 'intro'?"
    assert "heading anchor" in found["'second-part'"].hint
    assert found["'eq-on'"].hint == "did you mean the equation 'eq-one'?"
    assert found["'opn data'"].hint == "did you mean the term 'open data'?"
    assert found["'#second-prt'"].hint == "did you mean '#second-part'?"


def test_a_reference_in_code_is_not_one(repo: Repo) -> None:
    _write(repo, ["`{ref}`no-label``"])
    repo.doc("positions/a.md", DEFINITIONS + "\n```\n{ref}`no-label` [x](#nowhere)\n```\n")
    assert _check(repo) == []


def test_a_label_in_an_included_file_counts(repo: Repo) -> None:
    repo.write("snippets/part.md", "(included-label)=\n## Included\n")
    repo.doc(
        "positions/a.md", f"\n```{{include}} ../snippets/part.md\n```\n\n{{ref}}`included-label` {CITES}\n"
    )
    assert _check(repo) == []


def test_one_file_is_checked_without_reading_the_others_when_its_labels_suffice(
    repo: Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    _write(repo, ["{ref}`intro`", "[x](#second-part)", "{eq}`eq-one`"])
    for n in range(5):
        repo.doc(f"positions/other-{n}.md")
    read: list[Path] = []
    monkeypatch.setattr(labels, "of_file", lambda path: read.append(path) or labels.Labels())
    assert (
        checks.run(corpus.load(repo.root, only=["positions/a.md"]), today=TODAY, only=["positions/a.md"])
        == []
    )
    assert read == []
    repo.doc("positions/a.md", DEFINITIONS + "\n{ref}`b-label`\n")
    checks.run(corpus.load(repo.root, only=["positions/a.md"]), today=TODAY, only=["positions/a.md"])
    assert read  # a label it does not define: the other documents are read for theirs


def test_a_label_removed_from_another_document_is_found_by_a_cached_check(repo: Repo, tmp_path: Path) -> None:
    _write(repo, ["{ref}`b-label`"])
    cache = CheckCache(tmp_path / "cache.json")
    assert checks.run(corpus.load(repo.root), today=TODAY, cache=cache) == []
    cache.save()
    repo.doc("positions/b.md", OTHER.replace("(b-label)=", ""))
    found = checks.run(corpus.load(repo.root), today=TODAY, cache=CheckCache.load(tmp_path / "cache.json"))
    assert [d.code for d in found] == ["XREF015"]


def test_the_scan_gives_what_myst_and_sphinx_define() -> None:
    found = labels.scan(
        "---\ntitle: The Title\n---\n(Mixed-Case)=\n# Top\n## Top\n#### Deep heading\n"
        "```{figure} x.png\n:name: fig-x\n```\n$$ a $$ (eq-a)\n"
        ":::{glossary}\n:sorted:\nTerm One\nTerm Two : classifier\n  Defined.\n:::\n"
    )
    assert {"mixed-case", "fig-x"} <= found.labels
    assert "eq-a" not in found.labels and found.equations == {"eq-a"}
    assert found.terms >= {"term one", "term two"} and ":sorted:" not in found.terms
    assert {"the-title", "top", "top-1", "deep-heading"} <= found.anchors


@pytest.mark.sphinx
def test_a_reference_into_a_withheld_document_says_so(repo: Repo, build) -> None:
    repo.doc(
        "positions/hidden.md",
        f"\n(results)=\n## Results\n\n<iframe src='x'></iframe>\n\n$$ x $$ (hidden-eq)\n\n"
        f"```{{glossary}}\nHidden term\n  Defined.\n```\n\n{CITES}\n",
    )
    lines = _write(repo, ["{ref}`results`", "{term}`hidden term`", "{eq}`hidden-eq`"])
    assert _check(repo) == []  # the check reports the SAFE001 of hidden.md, where the fix is
    warnings, out = build()
    assert (
        "undefined label" not in warnings
        and "not in glossary" not in warnings
        and "not found" not in warnings
    )
    for form, target in zip(lines, ("'results'", "'hidden term'", "'hidden-eq'"), strict=True):
        assert re.search(
            rf"a\.md:{lines[form]}: WARNING: XREF019 .*{target} is defined in positions/hidden\.md, "
            r"which is withheld \(SAFE001\)",
            warnings,
        ), form
    page = (out / "positions" / "a.html").read_text(encoding="utf-8")
    assert 'See <span class="xref std std-ref">results</span>.' in page  # the text, not a link
