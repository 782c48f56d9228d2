"""`accord check` on a terminal: the source line and a caret under the column, in colour; piped,
the plain lines of the diagnostics contract."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from accord import report
from accord.diagnostics import make
from accord.excerpt import WIDTH, window

ANSI = "\x1b["


LINE = "A\t{cite:p}`nope` and 合意 {cite:p}`nope2`."


def _repo(tmp_path: Path) -> Path:
    (tmp_path / "positions").mkdir()
    (tmp_path / "positions" / "paper.md").write_text(f"---\ntitle: T\n---\n\n{LINE}\n", encoding="utf-8")
    return tmp_path


def _shown(root: Path, monkeypatch: pytest.MonkeyPatch, *, color: bool, terminal: bool | None = True) -> str:
    if color:
        monkeypatch.delenv("NO_COLOR", raising=False)
    else:
        monkeypatch.setenv("NO_COLOR", "1")
    found = [
        make(
            "CITE001",
            "positions/paper.md",
            5,
            LINE.index("nope") + 1,
            "nope",
            hint="add an entry for it to references.bib",
        ),
        make("CITE001", "positions/paper.md", 5, LINE.index("nope2") + 1, "nope2"),
        make("META031", ".github/CODEOWNERS", 1, 1, detail="the file is missing"),
    ]
    out = io.StringIO()
    report.text(found, out, root, terminal=terminal)
    return out.getvalue()


def test_a_terminal_shows_the_line_and_a_caret_under_the_column(tmp_path: Path, monkeypatch) -> None:
    plain = _shown(_repo(tmp_path), monkeypatch, color=False)
    assert ANSI + "3" not in plain  # NO_COLOR: no colour
    lines = [line.replace("\x1b[1m", "").replace("\x1b[0m", "") for line in plain.splitlines()]
    assert lines[0].startswith("positions/paper.md:5:12: CITE001 ")
    # The tab is shown as one space, so that the caret stands under the 'n' of nope.
    assert lines[1] == " 5 | A {cite:p}`nope` and 合意 {cite:p}`nope2`."
    assert lines[2].index("^") == lines[1].index("nope")
    assert lines[3] == "    hint: add an entry for it to references.bib"
    # Wide characters take two cells: the caret still stands under the key.
    assert lines[6].index("^") == lines[5].index("nope2") + 2
    # A file that does not exist shows no source line.
    assert lines[7].startswith(".github/CODEOWNERS:1:1: META031")
    assert len(lines) == 8


def test_colour_on_a_terminal(tmp_path: Path, monkeypatch) -> None:
    shown = _shown(_repo(tmp_path), monkeypatch, color=True)
    assert ANSI + "1;31m" + "CITE001" in shown


def test_piped_output_is_the_plain_contract(tmp_path: Path, monkeypatch) -> None:
    piped = _shown(_repo(tmp_path), monkeypatch, color=True, terminal=None)  # a StringIO is no terminal
    assert piped.splitlines() == [
        "positions/paper.md:5:12: CITE001 citation key must match an entry in the bibliography: 'nope'",
        "    hint: add an entry for it to references.bib",
        "positions/paper.md:5:34: CITE001 citation key must match an entry in the bibliography: 'nope2'",
        ".github/CODEOWNERS:1:1: META031 .github/CODEOWNERS must list each document's authors' GitHub "
        "handles, as accord codeowners writes it: the file is missing",
    ]


def test_a_file_that_leads_out_of_the_repository_is_not_read(tmp_path: Path, monkeypatch) -> None:
    outside = tmp_path / "outside.md"
    outside.write_text("secret\n", encoding="utf-8")
    root = tmp_path / "repo"
    root.mkdir()
    (root / "link.md").symlink_to(outside)
    out = io.StringIO()
    report.text([make("SAFE005", "link.md", 1, 1)], out, root, terminal=True)
    assert "secret" not in out.getvalue()


def test_a_long_line_is_cut_around_the_column() -> None:
    written = "x" * 300 + "HERE" + "y" * 300
    part, column = window(written, 301)
    assert len(part) == WIDTH
    assert part[column - 1 : column + 3] == "HERE"
    assert part.startswith("…") and part.endswith("…")
    assert window("\x1b[31mred", 1) == (" [31mred", 1)  # no escape sequence reaches the terminal
