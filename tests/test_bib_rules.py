"""BIB rules and the BibTeX reader: positions, recovery after errors, and agreement with pybtex."""

from __future__ import annotations

import random
import re
import textwrap

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pybtex.bibtex.utils import split_name_list
from pybtex.database import Person, parse_string
from pybtex.exceptions import PybtexError

from accord import bibtex, checks, corpus
from accord.bibstyle import AccordStyle, inherit_crossrefs
from accord.checks.bib import REQUIRED, names, valid_isbn
from tests.conftest import BIB, TODAY, Repo

STYLE = AccordStyle()
#: Codes under which pybtex would fail to load or format the file.
BLOCKING = {"BIB001", "BIB003", "BIB005", "BIB011", "BIB014", "BIB015"}


def bib_findings(repo: Repo, text: str) -> list[tuple[str, int, int]]:
    repo.write("references.bib", textwrap.dedent(text))
    found = checks.run(corpus.load(repo.root), today=TODAY, only={"references.bib"})
    return [(d.code, d.line, d.column) for d in found if d.code != "BIB010"]


def pybtex_loads(text: str) -> bool:
    """What Sphinx will do with the file: parse it strictly, apply crossrefs, then format every
    entry on its own, as a document's reference list does."""
    try:
        data = parse_string(text, "bibtex")
        inherit_crossrefs(data.entries)
        for entry in data.entries.values():
            STYLE.format_entry("", entry)
    except (PybtexError, KeyError, AttributeError):  # the style raises these for missing fields/types
        return False
    return True


CASES = [
    ("valid", BIB, []),
    (
        "unclosed brace, later entries still read",
        """\
        @misc{a,
          title = {Open

        @misc{b,
          title = {B},
          year = {20x1},
        }
        """,
        [("BIB001", 2, 11), ("BIB009", 6, 3)],
    ),
    (
        "missing comma between fields",
        """\
        @misc{a,
          title = {A}
          year = {2011},
        }
        """,
        [("BIB001", 3, 3)],
    ),
    ("at sign in a comment line", "% kept as @comment blocks\n@misc{a, title = {A}}\n", [("BIB001", 1, 20)]),
    ("undefined macro", "@misc{a, title = {A}, month = sept}\n", [("BIB001", 1, 31)]),
    ("string macros count", '@string{ig = "Internet Governance"}\n@misc{a, title = ig # { Forum}}\n', []),
    ("comment entries are skipped", "@comment{anything at all}\n@misc{a, title = {A}}\n", []),
    ("parenthesised entry", '@misc(a, title = "A {quoted} title")\n', []),
    ("duplicate key ignoring case", "@misc{a, title = {A}}\n@misc{A, title = {Other}}\n", [("BIB003", 2, 7)]),
    ("duplicate field", "@misc{a, title = {A}, title = {B}}\n", [("BIB011", 1, 23)]),
    (
        "same DOI",
        "@misc{a, title = {A}, doi = {10.1000/X}}\n@misc{b, title = {B}, doi = {10.1000/x}}\n",
        [("BIB004", 2, 7)],
    ),
    (
        "same URL",
        "@misc{a, title = {A}, url = {https://x.org/p/}}\n@misc{b, title = {B}, url = {http://www.x.org/p}}\n",
        [("BIB004", 2, 7)],
    ),
    (
        "same title and year",
        "@misc{a, title = {The {IGF}}, year = 2011}\n@misc{b, title = {The IGF.}, year = {2011}}\n",
        [("BIB004", 2, 7)],
    ),
    (
        "report needs an institution",
        "@techreport{a, author = {A}, title = {T}, year = {2011}}\n",
        [("BIB005", 1, 13)],
    ),
    (
        "article needs a journal",
        "@article{a, author = {A}, title = {T}, year = {2011}}\n",
        [("BIB005", 1, 10)],
    ),
    ("book takes an editor", "@book{a, editor = {E}, title = {T}, publisher = {P}, year = {2011}}\n", []),
    (
        "crossref fills the booktitle",
        """\
        @inproceedings{a, author = {A}, title = {T}, year = {2011}, crossref = {p}}
        @proceedings{p, title = {Proceedings}, booktitle = {Proceedings}, year = {2011}}
        """,
        [],
    ),
    ("crossref to nothing", "@misc{a, title = {A}, crossref = {nope}}\n", [("BIB012", 1, 23)]),
    ("biblatex type", "@report{a, title = {A}}\n", [("BIB014", 1, 9)]),
    (
        "doi with resolver prefix",
        "@misc{a, title = {A}, doi = {https://doi.org/10.1000/x}}\n",
        [("BIB006", 1, 23)],
    ),
    ("url without scheme", "@misc{a, title = {A}, url = {www.example.org}}\n", [("BIB007", 1, 23)]),
    ("bad archived url", "@misc{a, title = {A}, archived = {web.archive.org/x}}\n", [("BIB007", 1, 23)]),
    ("bad isbn", "@misc{a, title = {A}, isbn = {978-0-306-40615-6}}\n", [("BIB008", 1, 23)]),
    ("good isbn", "@misc{a, title = {A}, isbn = {978-0-306-40615-7}}\n", []),
    ("bad urldate", "@misc{a, title = {A}, urldate = {2026-02-30}}\n", [("BIB009", 1, 23)]),
    # -- valid forms that real bibliographies use
    (
        "print and e-book isbn, as Zotero writes",
        "@misc{a, title = {A}, isbn = {978-3-642-22091-3 978-3-642-22092-0}}\n",
        [],
    ),
    ("isbns with commas", "@misc{a, title = {A}, isbn = {978-3-642-22091-3, 0-8044-2957-X}}\n", []),
    ("isbns with semicolons", "@misc{a, title = {A}, isbn = {9783642220913; 0-306-40615-2}}\n", []),
    (
        "isbns labelled",
        "@misc{a, title = {A}, isbn = {ISBN 978-3-642-22091-3, ISBN-10: 0-8044-2957-X}}\n",
        [],
    ),
    ("isbn in spaced groups", "@misc{a, title = {A}, isbn = {978 3 642 22091 3}}\n", []),
    (
        "each isbn is checked",
        "@misc{a, title = {A}, isbn = {978-3-642-22091-3 978-3-642-22092-1}}\n",
        [("BIB008", 1, 23)],
    ),
    ("short doi", "@misc{a, title = {A}, doi = {10/gftmfb}}\n", []),
    (
        "chapter and book share a landing url (booktitle)",
        """\
        @incollection{ch, author = {A}, title = {Chapter}, booktitle = {The Book}, year = {2011},
          url = {https://example.org/book}}
        @book{bk, editor = {E}, title = {The Book}, publisher = {P}, year = {2011}, url = {https://example.org/book}}
        """,
        [],
    ),
    (
        "chapter and book share a landing url (crossref)",
        """\
        @incollection{ch, author = {A}, title = {Chapter}, crossref = {bk}, url = {https://example.org/book}}
        @book{bk, editor = {E}, title = {The Book}, booktitle = {The Book}, publisher = {P}, year = {2011},
          url = {https://example.org/book}}
        """,
        [],
    ),
    (
        "a chapter entered as @misc names its book in its title and shares its url",
        """\
        @book{bk, author = {E}, title = {{A Guide}}, publisher = {P}, year = {2021}, url = {https://x.org/r}}
        @misc{ch, author = {C}, title = {{Tips, in A guide}}, year = {2021}, url = {https://x.org/r}}
        """,
        [],
    ),
    (
        "two chapters of one book share its url",
        """\
        @incollection{c1, author = {A}, title = {One}, booktitle = {The Book}, year = {2011}, url = {https://x.org/b}}
        @incollection{c2, author = {B}, title = {Two}, booktitle = {The Book}, year = {2011}, url = {https://x.org/b}}
        """,
        [],
    ),
    (
        "two unrelated entries still share a url",
        """\
        @incollection{c1, author = {A}, title = {One}, booktitle = {A Book}, year = {2011}, url = {https://x.org/b}}
        @incollection{c2, author = {B}, title = {Two}, booktitle = {Other}, year = {2011}, url = {https://x.org/b}}
        """,
        [("BIB004", 2, 15)],
    ),
    # -- crossref chains
    (
        "crossref to itself",
        "@book{b, editor = {E}, title = {T}, publisher = {P}, year = {2011}, crossref = {b}}\n",
        [("BIB013", 1, 69)],
    ),
    (
        "crossref cycle",
        """\
        @book{a, editor = {E}, title = {A}, publisher = {P}, year = {2011}, crossref = {b}}
        @book{b, editor = {E}, title = {B}, publisher = {P}, year = {2011}, crossref = {a}}
        """,
        [("BIB016", 1, 69), ("BIB016", 2, 69)],
    ),
    (
        "crossref into a cycle",
        """\
        @book{c, editor = {E}, title = {C}, publisher = {P}, year = {2012}, crossref = {a}}
        @book{a, editor = {E}, title = {A}, publisher = {P}, year = {2011}, crossref = {b}}
        @book{b, editor = {E}, title = {B}, publisher = {P}, year = {2011}, crossref = {a}}
        """,
        [("BIB016", 2, 69), ("BIB016", 3, 69)],
    ),
    (
        "an entry never closed is reported at its brace",
        "@misc{a, title = {A}\n\n@misc{b, title = {B}}\n",
        [("BIB001", 1, 6)],
    ),
    (
        "an unclosed brace swallowing the entry's end is reported where it opens",
        """\
        @misc{a,
          title = {Open,
          year = {2011},
        }

        @misc{b,
          title = {B},
        }
        """,
        [("BIB001", 2, 11)],
    ),
    (
        "too many commas in a name",
        "@misc{a, title = {A}, author = {Doe, John, Jr, X}}\n",
        [("BIB015", 1, 23)],
    ),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bib_rule(repo: Repo, text: str, expected: list[tuple[str, int, int]]) -> None:
    assert bib_findings(repo, text) == expected


@pytest.mark.parametrize("text", [c[1] for c in CASES], ids=[c[0] for c in CASES])
def test_what_accord_passes_pybtex_loads(repo: Repo, text: str) -> None:
    codes = {code for code, _, _ in bib_findings(repo, text)}
    if not codes & BLOCKING:
        assert pybtex_loads(textwrap.dedent(text))
    if not pybtex_loads(textwrap.dedent(text)):
        assert codes & BLOCKING


def test_mutations_never_pass_accord_and_fail_pybtex(repo: Repo) -> None:
    """Delete one delimiter at a time from a valid file: accord may be stricter, never looser."""
    source = (repo.root / "references.bib").read_text(encoding="utf-8") + textwrap.dedent(
        """\
        @string{org = "CSTD"}
        @book{b, editor = {E, F and G}, title = "A {\\"u}ber {B}ook", publisher = org # { UN}, year = 2012}
        """
    )
    chances = random.Random(2026)
    positions = [i for i, c in enumerate(source) if c in '{}",=@#(']
    for at in chances.sample(positions, min(120, len(positions))):
        mutated = source[:at] + source[at + 1 :]
        codes = {d.code for d in _check_text(repo, mutated)}
        if not codes & BLOCKING:
            assert pybtex_loads(mutated), f"accord passed a file pybtex rejects:\n{mutated}"


def _check_text(repo: Repo, text: str) -> list:
    (repo.root / "references.bib").write_text(text, encoding="utf-8")
    return checks.run(corpus.load(repo.root), today=TODAY, only={"references.bib"})


@pytest.mark.parametrize("kind", sorted(REQUIRED))
def test_required_table_matches_the_style(kind: str) -> None:
    """The documented table is what pybtex's unsrt style needs, plus a title everywhere."""
    fields = {name.split("|")[0]: "X" for name in REQUIRED[kind]}
    if "year" in fields:
        fields["year"] = "2011"

    def entry(values: dict[str, str | None]) -> str:
        body = ", ".join(f"{k} = {{{v}}}" for k, v in values.items() if v)
        return f"@{kind}{{k, {body}}}"

    assert pybtex_loads(entry(fields))
    for name in fields:
        if name == "title" and kind in ("misc", "online", "dataset", "software", "patent"):
            continue  # our own rule: a citation without a title helps no reader
        reduced = {k: v for k, v in fields.items() if k != name}
        assert not pybtex_loads(entry(reduced)), f"{kind} formats without {name}"


def test_unsupported_types_really_fail_in_the_style() -> None:
    assert not pybtex_loads("@report{k, title = {T}, author = {A}, institution = {I}, year = {2011}}")


def test_uncited_entries_are_warnings(repo: Repo) -> None:
    repo.doc("positions/paper.md", body="\n{cite:p}`wgig2005report`\n")
    found = checks.run(corpus.load(repo.root), today=TODAY)
    assert [(d.code, d.severity, d.line) for d in found] == [("BIB010", "warning", 9)]
    assert "coe2011principles" in found[0].message


def test_key_case_differences_are_warnings(repo: Repo) -> None:
    repo.doc("positions/paper.md", body="\n{cite:p}`WGIG2005report,coe2011principles`\n")
    [diagnostic] = checks.run(corpus.load(repo.root), today=TODAY)
    assert (diagnostic.code, diagnostic.severity, diagnostic.hint) == (
        "CITE003",
        "warning",
        "write 'wgig2005report'",
    )


def test_reader_keeps_positions_and_values() -> None:
    parsed = bibtex.parse('@string{x = "Ex"}\n\n@Misc{ key1 ,\n  Title = x # {ample},\n  year = 2011\n}\n')
    [entry] = parsed.entries
    assert (entry.type, entry.key, entry.line, entry.column) == ("misc", "key1", 3, 8)
    assert (entry.fields["title"].value, entry.fields["title"].line, entry.fields["title"].column) == (
        "Example",
        4,
        3,
    )
    assert entry.get("year") == "2011"
    assert parsed.problems == []


def test_reader_reports_every_error_in_one_pass() -> None:
    text = "@misc{a, title = {A}\n@misc{b title}\n@misc{c, title = {C}}\n@misc{d, title = {D\n@misc{e, title = {E}}\n"
    parsed = bibtex.parse(text)
    # Entry a is never closed: reported at its own brace (line 1), not at entry b.
    assert [p.line for p in parsed.problems] == [1, 2, 4]
    assert [e.key for e in parsed.entries] == ["c", "e"]


@pytest.mark.parametrize(
    ("isbn", "valid"),
    [
        ("0-306-40615-2", True),
        ("0306406153", False),
        ("978-0-306-40615-7", True),
        ("123", False),
        ("0-8044-2957-X", True),
        ("0-8044-2957-x", True),
        ("978-3-642-22091-3 978-3-642-22092-0", False),  # one number at a time: see accord.bibids.isbns
    ],
)
def test_isbn_check_digits(isbn: str, valid: bool) -> None:
    assert valid_isbn(isbn) is valid


def test_contributing_guide_shows_the_required_fields_table() -> None:
    """The editors' guide prints the table the rule enforces; they must not drift apart."""
    from tests.conftest import REPO

    guide = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    shown: dict[str, tuple[str, ...]] = {}
    for line in guide.splitlines():
        found = re.match(r"^\| (`@.+?`) \| (.+?) \|$", line)
        if found:
            fields = tuple(f.strip().replace(" or ", "|") for f in found[2].split(","))
            for kind in re.findall(r"`@(\w+)`", found[1]):
                shown[kind] = fields
    assert shown == REQUIRED


def test_crossref_inheritance_follows_chains_and_stops_at_cycles() -> None:
    data = parse_string(
        "@incollection{ch, author = {A}, title = {Chapter}, crossref = {bk}}\n"
        "@book{bk, editor = {E}, title = {Book}, crossref = {series}}\n"
        "@book{series, publisher = {P}, year = {2011}, title = {Series}}\n"
        "@misc{x, title = {X}, crossref = {y}}\n@misc{y, note = {N}, crossref = {x}}\n"
        "@misc{self, title = {S}, crossref = {self}}\n",
        "bibtex",
    )
    inherit_crossrefs(data.entries)
    chapter = data.entries["ch"]
    assert chapter.fields["publisher"] == "P" and chapter.fields["year"] == "2011"
    assert [str(p) for p in chapter.persons["editor"]] == ["E"]
    assert data.entries["x"].fields["note"] == "N" and data.entries["y"].fields["title"] == "X"
    assert STYLE.format_entry("", data.entries["self"]).text.render_as("text") == "S."


@given(st.lists(st.text(alphabet="a ,{}\\", max_size=14), min_size=1, max_size=3))
@settings(max_examples=300, deadline=None, database=None)  # no .hypothesis/ in the repository
def test_a_name_is_refused_exactly_when_pybtex_refuses_it(people: list[str]) -> None:
    """BIB015 skips names with fewer than three commas without parsing them: it still agrees
    with pybtex's Person on every name, braces and commas placed anywhere."""
    value = " and ".join(people).replace("\\", "\\\\")
    parsed = bibtex.parse_bytes(f"@misc{{a, title = {{A}}, author = {{{value}}}}}\n".encode())
    if parsed.problems or not parsed.entries or "author" not in parsed.entries[0].fields:
        return  # unbalanced braces: BIB001's concern, not this rule's
    author = parsed.entries[0].fields["author"].value

    def refused(person: str) -> bool:
        try:
            Person(person)
        except PybtexError:
            return True
        return False

    expected = sum(refused(p) for p in split_name_list(" ".join(author.split())))
    assert len(list(names(parsed, "references.bib"))) == expected
