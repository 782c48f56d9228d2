"""Reporters: the three formats of one diagnostic, escaping, summaries and exit codes."""

from __future__ import annotations

import io
import json

from accord import report
from accord.diagnostics import Diagnostic, make


def render(fmt: str, diagnostics: list[Diagnostic]) -> str:
    out = io.StringIO()
    report.REPORTERS[fmt](diagnostics, out)
    return out.getvalue()


DIAGNOSTIC = make(
    "CITE001", "positions/igf-outcomes.md", 14, 22, "wgig2005", hint="did you mean 'wgig2005report'?"
)


def test_text_matches_the_design_example() -> None:
    assert render("text", [DIAGNOSTIC]) == (
        "positions/igf-outcomes.md:14:22: CITE001 citation key must match an entry in the bibliography: "
        "'wgig2005'\n    hint: did you mean 'wgig2005report'?\n"
    )


def test_json_matches_the_design_example() -> None:
    assert json.loads(render("json", [DIAGNOSTIC])) == {
        "status": "fail",
        "diagnostics": [
            {
                "path": "positions/igf-outcomes.md",
                "line": 14,
                "column": 22,
                "code": "CITE001",
                "severity": "error",
                "message": "citation key must match an entry in the bibliography: 'wgig2005'",
                "hint": "did you mean 'wgig2005report'?",
            }
        ],
    }


def test_json_of_nothing_passes() -> None:
    assert json.loads(render("json", [])) == {"status": "pass", "diagnostics": []}


def test_github_annotation_escapes_properties_and_data() -> None:
    odd = Diagnostic("positions/a,b:c.md", 3, 4, "META007", "50% done\nnext", hint=None)
    assert render("github", [odd]) == (
        "::error file=positions/a%2Cb%3Ac.md,line=3,col=4,title=META007::50%25 done%0Anext\n"
    )


def test_warning_severity_in_each_format() -> None:
    warning = make("META022", "positions/a.md", 1, 1, detail="x")
    assert render("text", [warning]).startswith("positions/a.md:1:1: META022 warning: ")
    assert render("github", [warning]).startswith("::warning ")
    assert report.exit_code([warning]) == report.OK
    assert report.exit_code([warning, DIAGNOSTIC]) == report.FINDINGS


def test_positions_are_at_least_one() -> None:
    assert make("META001", "a.md", 0, 0).line == 1


def test_summary_counts() -> None:
    assert report.summary([], 1) == "accord: no problems in 1 document"
    assert (
        report.summary([DIAGNOSTIC, DIAGNOSTIC], 3)
        == "accord: 2 errors, 0 warnings in 1 file (3 documents checked)"
    )
