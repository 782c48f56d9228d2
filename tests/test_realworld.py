"""Excerpts of real MyST repositories (tests/fixtures/realworld/*/README.md) through `accord check`,
converted as bench/realworld.py converts a whole corpus: every true finding is reported, no valid
form is, and nothing else is."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
from realworld_convert import convert, without_top_headings

FIXTURES = Path(__file__).parent / "fixtures" / "realworld"

TURING = "positions/reproducible-research.open.md"
GOVERNANCE = "positions/ethical-research.ethics-open-source-governance.md"
SEEDED = "positions/seeded.misspelt-keys.md"
LECTURE = "positions/markov_lecture.md"
EIGEN = "positions/eigen_i.md"
OBJECTS = "positions/communication.research-objects.md"
CONCEPTS = "positions/communication.research-objects.ro-concepts.md"

Finding = tuple[str, int, str]  # path, line, code

# What Accord must report: true findings only.
TRUE: dict[str, set[Finding]] = {
    "turingway": {
        (SEEDED, 13, "CITE001"),  # misspelt key, plain form
        (SEEDED, 14, "CITE001"),  # misspelt key, with its own text
        ("references.bib", 55, "BIB010"),  # an entry the excerpt does not cite
        ("references.bib", 76, "BIB006"),  # doi = {https://doi.org/...}: a URL, not a DOI
        ("references.bib", 90, "BIB006"),
        ("references.bib", 119, "BIB004"),  # two entries, one DOI
        # {ref} to labels of chapters the excerpt leaves out: the build says "undefined label" too.
        (TURING, 16, "XREF015"),  # rr-vcs
        (GOVERNANCE, 45, "XREF015"),  # er-self-reflection
        (OBJECTS, 14, "XREF015"),  # rr-rdm
        (OBJECTS, 45, "XREF015"),  # cm-citable-orcid
        (OBJECTS, 47, "XREF015"),  # rr-rdm-metadata
        (CONCEPTS, 18, "XREF015"),  # cm-dif-articles-data
        (CONCEPTS, 23, "XREF015"),  # cm-dif-articles-software
    },
    "quantecon": {
        (LECTURE, 23, "XREF002"),  # {doc}`eigen_I`: the conversion had to lowercase the id
        (LECTURE, 24, "XREF002"),  # {doc}`intermediate:samuelson`: intersphinx, which Accord does not load
        ("references.bib", 1, "BIB010"),
        ("references.bib", 8, "BIB004"),  # Kreps88 and kreps: one book, two entries
        ("references.bib", 37, "BIB010"),
        ("references.bib", 45, "BIB006"),  # doi = {}
        (EIGEN, 15, "CITE005"),  # {bibliography} with a file argument stops the build
        # Names no loaded extension registers stop the build: {code-cell}, {prf:theorem}, {exercise},
        # {prf:ref}, {solution-start}, {solution-end} (myst-nb, sphinx-proof, sphinx-exercise).
        (LECTURE, 26, "BUILD030"),
        (LECTURE, 44, "BUILD030"),
        (LECTURE, 50, "BUILD031"),
        (LECTURE, 52, "BUILD030"),
        (LECTURE, 58, "BUILD030"),
        (LECTURE, 64, "BUILD030"),
    },
}

# Valid forms the check once reported (issue 11): each must stay silent.
VALID_FORMS: dict[str, dict[str, set[Finding]]] = {
    "turingway": {
        # a chapter (@misc '..., in BOOK') and its book share a landing URL
        "chapter-and-book": {("references.bib", 34, "BIB004")},
    },
}


@pytest.fixture
def findings(tmp_path: Path, accord: Callable) -> Callable[[str], set[Finding]]:
    def run(name: str) -> set[Finding]:
        root = tmp_path / name
        convert(FIXTURES / name / "content", root, author="Accord tests")
        done = accord("check", str(root), "--format", "json", "--today", "2026-11-28")
        assert done.code in (0, 1), done.err
        return {(d["path"], d["line"], d["code"]) for d in json.loads(done.out)["diagnostics"]}

    return run


@pytest.mark.parametrize("name", sorted(TRUE))
def test_every_true_finding_is_reported(findings: Callable, name: str) -> None:
    assert TRUE[name] - findings(name) == set()


@pytest.mark.parametrize("name", sorted(TRUE))
def test_nothing_else_is_reported(findings: Callable, name: str) -> None:
    """Every finding is a true one: no false positive."""
    assert findings(name) - TRUE[name] == set()


@pytest.mark.parametrize(
    ("name", "construct"), [(name, construct) for name, forms in VALID_FORMS.items() for construct in forms]
)
def test_valid_form_is_not_reported(findings: Callable, name: str, construct: str) -> None:
    assert findings(name) & VALID_FORMS[name][construct] == set()


def test_conversion_keeps_the_body_and_drops_the_jupytext_header(tmp_path: Path) -> None:
    convert(FIXTURES / "quantecon" / "content", tmp_path / "repo", author="Accord tests")
    source = (FIXTURES / "quantecon" / "content" / "markov_lecture.md").read_text(encoding="utf-8")
    converted = (tmp_path / "repo" / LECTURE).read_text(encoding="utf-8")
    body = source.split("---\n", 2)[2]
    # Only the top headings change, one line each: the title is in the front matter (META037).
    assert converted.endswith(without_top_headings(body))
    assert "\n# A Lecture in the QuantEcon Style\n" in body
    assert "\n## A Lecture in the QuantEcon Style\n" in converted
    assert converted.startswith('---\ntitle: "A Lecture in the QuantEcon Style"\nstatus: draft\n')
    assert "jupytext" not in converted


# -- the build: the same excerpts through accord's build (HTML, and PDF where the HTML is clean)

# Folders of the book excerpt left out of the PDF build: their documents have findings (above), and a
# build with errors makes no PDF.
WITH_FINDINGS = [
    "seeded/*",
    "reproducible-research/*",
    "ethical-research/*",
    "communication/research-objects*",
]


def built(tmp_path: Path, name: str, *, pdf: bool, exclude: list[str] | None = None) -> list[Finding]:
    from accord import build

    root = tmp_path / name
    convert(FIXTURES / name / "content", root, author="Accord tests", exclude=exclude)
    result = build.site(root, tmp_path / "out", fresh=True, pdf=pdf)
    return [(d.path, d.line, d.code) for d in result.diagnostics]


@pytest.fixture(scope="module")
def missing_keys(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """The documents of the book excerpt, once for each key the HTML build says it cannot find."""
    from accord import build

    work = tmp_path_factory.mktemp("realworld-build")
    convert(FIXTURES / "turingway" / "content", work / "turingway", author="Accord tests")
    result = build.site(work / "turingway", work / "out", fresh=True, pdf=False)
    # sphinxcontrib-bibtex's warning gives the line of the paragraph, not of the role, and the extension
    # may report the key itself (CITE001): count the keys of each document, in either form.
    return sorted(
        d.path for d in result.diagnostics if "[bibtex.key_not_found]" in d.message or d.code == "CITE001"
    )


@pytest.mark.sphinx
def test_the_build_reports_the_misspelt_keys_the_check_reports(missing_keys: list[str]) -> None:
    # Both roles, whether as the bibtex warning, the extension's CITE001 or both.
    assert missing_keys.count(SEEDED) >= 2


@pytest.mark.sphinx
def test_the_build_reports_no_key_of_the_custom_text_form(missing_keys: list[str]) -> None:
    assert set(missing_keys) == {SEEDED}


@pytest.mark.sphinx
def test_the_book_glossary_prints(tmp_path: Path) -> None:
    # The bibliography's true findings (TRUE) are the build's too; the documents build clean.
    found = built(tmp_path, "turingway", pdf=True, exclude=WITH_FINDINGS)
    assert [f for f in found if f[0] != "references.bib"] == []
    assert {f for f in found if f[0] == "references.bib"} <= TRUE["turingway"]
