"""Endorsements: the META060-066 rules on endorsements/<id>.yaml, and the count and list on the
document's page and in its PDF."""

from __future__ import annotations

from pathlib import Path

import pytest

from accord import checks, corpus, endorsements
from tests.conftest import REPO, TODAY, Repo

CONSULTATION = {"status": "consultation", "consultation": "{opens: 2026-11-02, closes: 2026-12-18}"}

VALID = """\
- name: Example Digital Rights Network
  country: KE
  date: 2026-11-10
  url: https://example.org/statement
- name: Sample Community Networks Alliance
  country: BR
  date: 2026-11-16
"""


def findings(repo: Repo, text: str, **fields: object) -> list[tuple[str, str, int, int]]:
    repo.doc("positions/paper.md", **(fields or CONSULTATION))
    repo.write("endorsements/paper.yaml", text)
    found = checks.run(corpus.load(repo.root), today=TODAY)
    return [(d.path, d.code, d.line, d.column) for d in found if d.code.startswith("META")]


def at(*found: tuple[str, int, int]) -> list[tuple[str, str, int, int]]:
    return [("endorsements/paper.yaml", code, line, column) for code, line, column in found]


CASES = [
    ("valid", VALID, []),
    ("empty", "# none yet\n", []),
    ("syntax error", "- name: Example: Network\n", at(("META060", 1, 16))),
    ("not a list", "name: Example Network\n", at(("META060", 1, 1))),
    ("a name instead of fields", "- Example Network\n", at(("META060", 1, 3))),
    ("missing country", "- name: Example Network\n  date: 2026-11-10\n", at(("META060", 1, 3))),
    ("unknown field", VALID.replace("  url:", "  link:"), at(("META060", 4, 3))),
    ("field twice", VALID.replace("  country: BR", "  country: BR\n  country: AR"), at(("META060", 7, 3))),
    (
        "name of two lines",
        "- name: |\n    Example\n    Network\n  country: KE\n  date: 2026-11-10\n",
        at(("META060", 1, 9)),
    ),
    ("date not ISO", VALID.replace("2026-11-16", "16/11/2026"), at(("META061", 7, 9))),
    ("impossible date", VALID.replace("2026-11-16", "2026-02-30"), at(("META061", 7, 9))),
    ("future date", VALID.replace("2026-11-16", "2026-12-01"), at(("META061", 7, 9))),
    ("country written out", VALID.replace("country: BR", "country: Brazil"), at(("META065", 6, 12))),
    ("country not a code", VALID.replace("country: BR", "country: XX"), at(("META065", 6, 12))),
    (
        "url without scheme",
        VALID.replace("https://example.org/statement", "www.example.org"),
        at(("META066", 4, 8)),
    ),
    (
        "script url",
        VALID.replace("https://example.org/statement", "javascript:alert(1)"),
        at(("META066", 4, 8)),
    ),
    (
        "listed twice",
        VALID + "- name: 'example digital-rights network.'\n  country: KE\n  date: 2026-11-20\n",
        at(("META062", 8, 9)),
    ),
    (
        "kind and version",
        VALID.replace("  country: BR", "  country: BR\n  kind: academic\n  version: '1.0'"),
        [],
    ),
    ("unknown kind", VALID.replace("  country: BR", "  country: BR\n  kind: NGO"), at(("META081", 7, 9))),
    (
        "kind in words",
        VALID.replace("  country: BR", "  country: BR\n  kind: Technical community"),
        at(("META081", 7, 9)),
    ),
    (
        "version not MAJOR.MINOR",
        VALID.replace("  country: BR", "  country: BR\n  version: v1"),
        at(("META080", 7, 12)),
    ),
    ("version unquoted", VALID.replace("  country: BR", "  country: BR\n  version: 1.10"), []),
    (
        "same name, other country",
        VALID + "- name: Example Digital Rights Network\n  country: UG\n  date: 2026-11-20\n",
        [],
    ),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_endorsement_rule(repo: Repo, text: str, expected: list) -> None:
    assert findings(repo, text) == expected


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({}, at(("META063", 1, 1))),  # a draft
        ({"status": "adopted", "version": "'1.0'", "adopted": "{date: 2026-02-01, by: Assembly}"}, []),
        ({"status": "withdrawn"}, at(("META063", 1, 1))),
    ],
    ids=["draft", "adopted", "withdrawn"],
)
def test_only_documents_in_consultation_or_adopted_are_endorsed(
    repo: Repo, fields: dict, expected: list
) -> None:
    repo.doc("positions/paper.md", **fields)
    repo.write("endorsements/paper.yaml", VALID)
    found = checks.run(corpus.load(repo.root), today=TODAY)
    assert [(d.path, d.code, d.line, d.column) for d in found if d.code.startswith("META")] == expected


def test_an_empty_list_for_a_draft_is_fine(repo: Repo) -> None:
    assert findings(repo, "[]\n", status="draft") == []


def test_hints(repo: Repo) -> None:
    repo.doc("positions/paper.md", **CONSULTATION)
    repo.write(
        "endorsements/paper.yaml",
        VALID.replace("country: BR", "country: Brazil")
        .replace("country: KE", "country: ke")
        .replace("  url:", "  ur:"),
    )
    repo.write("endorsements/papr.yaml", VALID)
    repo.write("endorsements/paper-2.yml", VALID)
    found = {(d.path, d.line): d for d in checks.run(corpus.load(repo.root), today=TODAY)}
    assert found["endorsements/paper.yaml", 2].hint == "write 'KE'"
    assert found["endorsements/paper.yaml", 6].hint == "write 'BR'"
    assert found["endorsements/paper.yaml", 4].hint == "did you mean 'url'?"
    assert found["endorsements/papr.yaml", 1].code == "META064"
    assert found["endorsements/papr.yaml", 1].hint == "rename it to endorsements/paper.yaml"
    assert found["endorsements/paper-2.yml", 1].code == "META064"


def test_a_file_for_no_document(repo: Repo) -> None:
    repo.write("endorsements/unrelated-topic.yaml", VALID)
    found = checks.run(corpus.load(repo.root), today=TODAY)
    assert [(d.code, d.hint) for d in found if d.code.startswith("META")] == [
        ("META064", "name it after the document's file, without .md")
    ]


def test_not_utf8(repo: Repo) -> None:
    repo.doc("positions/paper.md", **CONSULTATION)
    (repo.root / "endorsements").mkdir()
    (repo.root / "endorsements" / "paper.yaml").write_bytes(b"- name: Caf\xe9\n")
    found = [d for d in checks.run(corpus.load(repo.root), today=TODAY) if d.code.startswith("META")]
    assert [(d.code, d.line, d.column) for d in found] == [("META060", 1, 12)]


def test_the_report_can_be_limited_to_the_file(repo: Repo, accord) -> None:
    repo.doc("positions/paper.md", **CONSULTATION)
    repo.write("endorsements/paper.yaml", VALID.replace("BR", "Brazil"))
    run = accord("check", "endorsements/paper.yaml", cwd=repo.root)
    assert run.code == 1
    assert run.out.startswith(
        "endorsements/paper.yaml:6:12: META065 country must be an ISO 3166-1 alpha-2 code: 'Brazil'"
    )


def test_names_compare_without_case_accents_or_punctuation() -> None:
    assert endorsements.normalised("Réseau  Exemple, Inc.") == endorsements.normalised("reseau exemple inc")
    assert endorsements.country_name("KE") == "Kenya"
    assert endorsements.country_code("kenya") == "KE"


# -- Sphinx


def page(out: Path) -> str:
    return (out / "positions" / "paper.html").read_text(encoding="utf-8")


@pytest.mark.sphinx
def test_the_page_shows_the_count_and_the_list(build, repo: Repo) -> None:
    repo.doc("positions/paper.md", **CONSULTATION)
    repo.write(
        "endorsements/paper.yaml",
        VALID + "- name: <script>alert(1)</script> & Co\n  country: FR\n  date: 2026-11-20\n",
    )
    warnings, out = build()
    assert warnings == ""
    html = page(out)
    assert '<a class="reference internal" href="#endorsements">3 organisations</a>' in html
    section = html[html.index('<section class="accord-endorsements-section" id="endorsements">') :]
    assert section.index("3 organisations endorse this document.") < section.index(
        '<section id="references">'
    )
    items = section[: section.index('<section id="references">')]
    assert "<li><p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co (France), 2026-11-20</p></li>" in items
    assert (
        '<a class="reference external" href="https://example.org/statement">Example Digital Rights Network</a> (Kenya), 2026-11-10'
        in items
    )
    assert "Sample Community Networks Alliance (Brazil), 2026-11-16" in items
    assert "<script>alert" not in html
    assert 'href="#endorsements">Endorsements</a>' in html  # in the page's table of contents


@pytest.mark.sphinx
def test_the_page_follows_the_file(build, repo: Repo) -> None:
    repo.doc("positions/paper.md", **CONSULTATION)
    build()
    repo.write("endorsements/paper.yaml", VALID)
    _, out = build()
    assert "2 organisations endorse this document." in page(out)
    repo.write("endorsements/paper.yaml", VALID.split("- name: Sample")[0])
    _, out = build()
    assert "1 organisation endorses this document." in page(out)
    (repo.root / "endorsements" / "paper.yaml").unlink()
    warnings, out = build()
    assert warnings == ""
    assert "endorse this document" not in page(out)


@pytest.mark.sphinx
def test_rule_violations_are_build_warnings(build, repo: Repo) -> None:
    repo.doc("positions/paper.md")
    repo.write("endorsements/paper.yaml", VALID.replace("2026-11-16", "2027-01-01"))
    warnings, _ = build()
    assert "endorsements/paper.yaml:7: WARNING: META061 an endorsement date must be an ISO date" in warnings
    assert (
        "endorsements/paper.yaml:1: WARNING: META063 only a document that is adopted or in consultation"
        in warnings
    )


@pytest.mark.sphinx
def test_the_pdf_prints_the_count_and_the_list(build, repo: Repo) -> None:
    repo.doc("positions/paper.md", **CONSULTATION)
    repo.write("endorsements/paper.yaml", VALID)
    warnings, out = build("accordpdf")
    assert warnings == ""
    source = (out / "typst" / "positions" / "paper.typ").read_text(encoding="utf-8")
    assert '([Endorsements], [#link(label("positions/paper#endorsements"))[2 organisations];]),' in source
    assert '#heading(depth: 2)[Endorsements] #label("positions/paper#endorsements");' in source
    assert "[Sample Community Networks Alliance (Brazil), 2026\\-11\\-16]," in source


def test_the_guide_example_passes(repo: Repo) -> None:
    """The example in CONTRIBUTING.md, "Endorsements", is a valid endorsements file."""
    guide = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    section = guide.split("\n## Endorsements\n", 1)[1].split("\n## ", 1)[0]
    example = section.split("```yaml\n", 1)[1].split("```", 1)[0]
    assert findings(repo, example) == []


def test_an_alias_bomb_is_cheap_and_short(repo: Repo) -> None:
    # Nine levels of nine aliases each: 9**9 leaves if anything expanded them.
    levels = "\n".join(f"- &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]" for i in range(8))
    repo.doc("positions/paper.md", **CONSULTATION)
    repo.write(
        "endorsements/paper.yaml",
        f"- &a [x, x, x, x, x, x, x, x, x]\n{levels}\n- name: N\n  country: *i\n  date: 2026-01-01\n",
    )
    found = [d for d in checks.run(corpus.load(repo.root), today=TODAY) if d.code.startswith("META")]
    assert [(d.code, d.line) for d in found] == [("META035", 5)]  # e, the first alias past 10,000
    assert max(len(d.message) for d in found) < 200


@pytest.mark.parametrize(
    ("relative", "codes"),
    [
        ("endorsements/paper.yaml", {"META063"}),
        ("endorsements/other.yaml", {"META065"}),
        ("endorsements/gone.yaml", {"META064"}),
    ],
)
def test_a_check_of_one_file_agrees_with_the_whole_check(repo: Repo, relative: str, codes: set[str]) -> None:
    """The pre-commit path reads only the checked files; a file's document is read for its status."""
    repo.doc("positions/paper.md")  # a draft
    repo.doc("positions/other.md", **CONSULTATION)
    repo.write("endorsements/paper.yaml", VALID)
    repo.write("endorsements/other.yaml", VALID.replace("BR", "Brazil"))
    repo.write("endorsements/gone.yaml", VALID)
    whole = [d for d in checks.run(corpus.load(repo.root), today=TODAY) if d.path == relative]
    partial = corpus.load(repo.root, only={relative})
    assert partial.documents == []
    assert checks.run(partial, today=TODAY, only={relative}) == whole
    assert {d.code for d in whole} == codes


def test_a_check_of_a_document_covers_its_endorsements(repo: Repo, accord) -> None:
    """Moving an endorsed paper back to draft is caught by the pre-commit check of the paper."""
    repo.doc("positions/paper.md")  # a draft, with endorsements
    repo.write("endorsements/paper.yaml", VALID)
    run = accord("check", "positions/paper.md", "--today", TODAY.isoformat(), cwd=repo.root)
    assert run.code == 1
    assert run.out.startswith("endorsements/paper.yaml:1:1: META063 ")


def test_an_endorsement_cannot_endorse_a_later_version(repo: Repo) -> None:
    fields = {"status": "adopted", "version": "1.1", "adopted": "{date: 2026-11-01, by: Assembly}"}
    text = VALID.replace("  country: BR", "  country: BR\n  version: '2.0'")
    assert ("endorsements/paper.yaml", "META082", 7, 12) in findings(repo, text, **fields)
    assert not [f for f in findings(repo, text.replace("'2.0'", "'1.1'"), **fields) if f[1] == "META082"]


def test_kind_and_version_are_read() -> None:
    from accord import datafile

    file = datafile.read(
        "endorsements/x.yaml",
        VALID.replace("  country: BR", "  country: BR\n  kind: academic\n  version: '1.0'"),
    )
    found = endorsements.entries(file)
    assert [(e.kind, e.version) for e in found] == [(None, None), ("academic", "1.0")]


@pytest.mark.sphinx
def test_an_endorsement_of_an_earlier_version_says_so(build, repo: Repo) -> None:
    repo.doc(
        "positions/paper.md",
        status="adopted",
        version="'1.1'",
        adopted="{date: 2026-11-01, by: Assembly, record: 'https://example.org/minutes'}",
    )
    text = VALID.replace("  url: https://example.org/statement", "  version: '1.0'")
    repo.write("endorsements/paper.yaml", text.replace("  country: BR", "  country: BR\n  version: '1.1'"))
    warnings, out = build()
    assert warnings == ""
    html = page(out)
    assert html.count("endorsed version") == 1
    assert "Example Digital Rights Network (Kenya), 2026-11-10<em>, endorsed version 1.0</em>" in html
