"""The live-preview path (Sphinx without `accord check` first) on a bibliography with problems:
each problem is a located warning typed accord.CODE, the build goes on, the good entries render."""

from __future__ import annotations

import re

import pytest

from accord import bibtex
from tests.conftest import BIB, Repo

pytestmark = pytest.mark.sphinx

#: (what, appended entries, expected (line, code) warnings; the appended text starts at line 14)
BAD = [
    ("bad name", "@misc{bad, author = {Doe, John, Jr, X}, title = {A}}\n", [(14, "BIB015")]),
    ("undefined month macro", "@misc{bad, title = {A}, month = sept}\n", [(14, "BIB001")]),
    ("repeated key", "@misc{coe2011principles, title = {Again}}\n", [(14, "BIB003")]),
    ("repeated field", "@misc{bad, title = {A}, title = {B}}\n", [(14, "BIB011")]),
    ("unclosed brace", "@misc{bad,\n  title = {Open,\n  year = {2011},\n}\n", [(15, "BIB001")]),
    ("missing crossref target", "@misc{bad, title = {A}, crossref = {nope}}\n", [(14, "BIB012")]),
    ("crossref to itself", "@book{bad, title = {A}, crossref = {bad}}\n", [(14, "BIB005"), (14, "BIB013")]),
    (
        "crossref cycle",
        "@misc{x, title = {X}, crossref = {y}}\n@misc{y, title = {Y}, crossref = {x}}\n",
        [(14, "BIB016"), (15, "BIB016")],
    ),
    ("missing required field", "@article{bad, title = {A}, author = {B}}\n", [(14, "BIB005")]),
    ("unknown type", "@report{bad, title = {A}}\n", [(14, "BIB014")]),
]


def _warnings(text: str) -> list[tuple[int, str]]:
    found = re.findall(r"references\.bib:(\d+): WARNING: (\w+) ", text)
    return sorted({(int(line), code) for line, code in found})


@pytest.mark.parametrize(("extra", "expected"), [c[1:] for c in BAD], ids=[c[0] for c in BAD])
def test_a_bad_entry_is_reported_at_its_line_and_the_build_goes_on(
    build, repo: Repo, extra: str, expected: list[tuple[int, str]]
) -> None:
    assert BIB.count("\n") == 13
    repo.write("references.bib", BIB + extra)
    keys = re.findall(r"@\w+\{(\w+),", extra)
    cited = ",".join(["wgig2005report", *dict.fromkeys(k for k in keys if k != "coe2011principles")])
    repo.doc("positions/paper.md", body=f"\n## Sources\n\nText {{cite:p}}`{cited}`.\n")
    warnings, out = build()
    assert "Traceback" not in warnings
    assert _warnings(warnings) == expected
    assert f"[accord.{expected[0][1]}]" in warnings
    page = (out / "positions" / "paper.html").read_text(encoding="utf-8")
    assert "Report of the working group on Internet governance" in page


def test_bytes_that_are_not_utf8(build, repo: Repo) -> None:
    (repo.root / "references.bib").write_bytes(
        BIB.encode() + "@misc{bad, title = {Café}}\n".encode("latin-1")
    )
    repo.doc("positions/paper.md", body="\n## Sources\n\nText {cite:p}`wgig2005report,bad`.\n")
    warnings, out = build()
    assert _warnings(warnings) == [(14, "BIB017")]
    assert "byte 0xe9 is not UTF-8" in warnings
    assert "Report of the working group" in (out / "positions" / "paper.html").read_text(encoding="utf-8")


def test_the_check_reports_bytes_that_are_not_utf8_where_they_are() -> None:
    parsed = bibtex.parse_bytes(b"@misc{a,\n  title = {Caf\xe9}}\n")
    [problem] = parsed.problems
    assert (problem.line, problem.column, problem.kind) == (2, 15, "encoding")
    assert [entry.key for entry in parsed.entries] == ["a"]


def test_an_entry_pybtex_refuses_for_a_reason_the_check_missed_is_bib018() -> None:
    """The loader's last line of defence: whatever pybtex refuses is left out and reported."""
    from accord.sphinxext.bibload import load

    text = BIB + "@misc{bad,\n  author = {Doe, John, Jr, X}, title = {A}}\n@misc{good, title = {G}}\n"
    parsed = bibtex.parse(text)
    data, refused = load(text, parsed, "references.bib", reported=set())
    assert sorted(data.entries) == ["coe2011principles", "good", "wgig2005report"]
    assert [(d.code, d.line, d.column) for d in refused] == [("BIB018", 14, 1)]
    assert "Too many commas" in refused[0].message
    # Where the check reported a problem on the entry's lines, it is not reported twice.
    assert load(text, parsed, "references.bib", reported={15})[1] == []
