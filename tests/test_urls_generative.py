"""Generative: hostile arguments in every construct that takes a URL, checked and built.

The check must refuse each hostile fragment on its own; the build, with the URL rules switched
off, must let none through even with many in one document (each fragment is neutralised alone).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from tests.conftest import BIB, CITING_BODY, Repo, new_repo
from tests.test_urls import findings
from tests.test_urls_build import FOLLOWED, outputs, unchecked  # noqa: F401 (a fixture)

SCHEMES = ("javascript", "vbscript", "livescript", "data", "file")
PAYLOADS = ("alert(1)", "//%0aalert(1)", "///etc/passwd", "text/html;base64,PHNjcmlwdD4=")


@st.composite
def hostile_urls(draw: st.DrawFn, *, whitespace: bool) -> str:
    """A refused scheme, disguised as browsers forgive: case, controls, percent, whitespace."""
    scheme = "".join(c.upper() if draw(st.booleans()) else c for c in draw(st.sampled_from(SCHEMES)))
    disguises = ["\x01", "\x08", "\x0b", "\x1b", "\x7f", "%0a", "%09"]
    if whitespace:
        disguises += ["\t", " "]
    at = draw(st.integers(0, len(scheme)))
    if draw(st.booleans()):
        scheme = scheme[:at] + draw(st.sampled_from(disguises)) + scheme[at:]
    elif draw(st.booleans()):
        scheme = scheme[:at] + f"%{ord(scheme[at]):02X}" + scheme[at + 1 :] if at < len(scheme) else scheme
    colon = draw(st.sampled_from([":", ":", "%3A"]))
    return scheme + colon + draw(st.sampled_from(PAYLOADS))


VALID = ("https://example.org/a", "mailto:a@example.org", "other.md", "#frag", "project:other.md")

# (construct, whether whitespace inside the URL keeps it one value): {} is the URL.
CONSTRUCTS = (
    ("[link]({})\n", False),
    ("![image]({})\n", False),
    ("<{}>\n", False),
    ("[ref][r{n}]\n\n[r{n}]: {}\n", False),
    ("```{{button-link}} {}\nButton\n```\n", True),
    (":::{{card}} Card\n:link: {}\n\nBody\n:::\n", True),
    ("```{{figure}} pic.png\n:target: {}\n\nCaption\n```\n", True),
    ("```{{image}} {}\n```\n", True),
    ("```{{toctree}}\nEntry <{}>\n```\n", True),
    ("See {{download}}`the file <{}>`.\n", False),
)


def _fragment(construct: str, url: str, n: int) -> str:
    return (
        construct.replace("{n}", str(n))
        .replace("{{", "\x02")
        .replace("}}", "\x03")
        .replace("{}", url)
        .replace("\x02", "{")
        .replace("\x03", "}")
    )


@st.composite
def hostile_fragments(draw: st.DrawFn) -> tuple[str, str]:
    construct, whitespace = draw(st.sampled_from(CONSTRUCTS))
    return construct, draw(hostile_urls(whitespace=whitespace))


@settings(
    max_examples=60, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(fragment=hostile_fragments())
def test_the_check_refuses_every_hostile_url(
    tmp_path_factory: pytest.TempPathFactory, fragment: tuple[str, str]
) -> None:
    construct, url = fragment
    repo = new_repo(tmp_path_factory.mktemp("gen") / "repo")
    body = CITING_BODY + "\n" + _fragment(construct, url, 1)
    found = findings(repo, body)
    assert any(code.startswith("SAFE") for code, path, _, _ in found if path == "positions/paper.md"), body


def test_valid_forms_stay_clean(repo: Repo) -> None:
    """Every construct with every valid form it takes: http(s), mailto, relative, #fragment, and
    MyST's project: in markdown links."""
    markdown_links = {c for c, _ in CONSTRUCTS[:4]} - {"![image]({})\n"}
    pairs = [
        (construct, url)
        for construct, _ in CONSTRUCTS
        for url in VALID
        if (url != "project:other.md" or construct in markdown_links)
        and not (
            construct.startswith(("```{{image}}", "```{{toctree}}", "![image]"))
            and url.startswith(("mailto", "#"))
        )
        # A document in a document's toctree is refused on its own ground (SAFE016).
        and not (construct.startswith("```{{toctree}}") and url == "other.md")
    ]
    repo.write("pic.png", "")
    body = CITING_BODY + "".join(
        "\n" + _fragment(construct, url, n) for n, (construct, url) in enumerate(pairs)
    )
    assert len(pairs) > 30
    assert findings(repo, body) == []


@pytest.mark.sphinx
@pytest.mark.usefixtures("unchecked")
# No shrinking: each example is a Sphinx build; a failure prints the whole document instead.
@settings(
    max_examples=4,
    deadline=None,
    database=None,  # no .hypothesis/ in the repository
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    fragments=st.lists(hostile_fragments(), min_size=len(CONSTRUCTS), max_size=2 * len(CONSTRUCTS)),
    bib=hostile_urls(whitespace=False),
)
def test_the_build_alone_lets_no_hostile_url_through(
    make_app,
    tmp_path_factory: pytest.TempPathFactory,
    fragments: list[tuple[str, str]],
    bib: str,
) -> None:
    repo = new_repo(tmp_path_factory.mktemp("gen") / "repo")
    repo.doc("positions/other.md")
    # Every construct at least once, then hostile ones drawn at random; valid forms beside them.
    pairs = [(c, u) for (c, _), (_, u) in zip(CONSTRUCTS, fragments, strict=False)] + fragments[
        len(CONSTRUCTS) :
    ]
    body = "".join("\n" + _fragment(construct, url, n) for n, (construct, url) in enumerate(pairs))
    body += "\n[fine](https://example.org/fine) and {cite:p}`evil`.\n"
    repo.write("pic.png", "")
    repo.write(
        "references.bib",
        BIB
        + f"\n@misc{{evil,\n  title = {{T \\url{{{bib}}}}},\n  url = {{{bib}}},\n  year = {{2011}},\n}}\n",
    )
    repo.doc("positions/paper.md", body=CITING_BODY + body)
    app = make_app("html", srcdir=repo.root, freshenv=True)
    app.build()
    warnings = app.warning.getvalue()
    assert "Traceback" not in warnings and "SocketBlocked" not in warnings
    written = outputs(Path(app.outdir))
    assert not FOLLOWED.findall(written)
    assert 'href="https://example.org/fine"' in written


# -- paths: files outside the repository, by ../ or by a symlink

PATH_CONSTRUCTS = (
    "```{{include}} {}\n```\n",
    "```{{literalinclude}} {}\n```\n",
    "```{{image}} {}\n```\n",
    "```{{figure}} {}\n\nCaption\n```\n",
    "![x]({})\n",
    "See {{download}}`x <{}>`.\n",
    "```{{csv-table}} T\n:file: {}\n```\n",
)


@st.composite
def outside_targets(draw: st.DrawFn) -> str:
    if draw(st.booleans()):
        return "link-out.txt"  # a symlink in the repository to a file outside it
    return "../" * draw(st.integers(2, 6)) + draw(st.sampled_from(["outside/secret.txt", "etc/passwd"]))


def _outside_findings(tmp_path_factory: pytest.TempPathFactory, construct: str, target: str) -> list:
    base = tmp_path_factory.mktemp("gen")
    repo = new_repo(base / "repo")
    secret = base / "outside" / "secret.txt"
    secret.parent.mkdir()
    secret.write_text("OUTSIDE-MARKER\n", encoding="utf-8")
    (repo.root / "positions" / "link-out.txt").symlink_to(secret)
    return findings(repo, CITING_BODY + "\n" + _fragment(construct, target, 1))


@settings(
    max_examples=30, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(construct=st.sampled_from(PATH_CONSTRUCTS), target=outside_targets())
def test_the_check_refuses_every_outside_file(
    tmp_path_factory: pytest.TempPathFactory, construct: str, target: str
) -> None:
    found = _outside_findings(tmp_path_factory, construct, target)
    assert any(code.startswith("SAFE") for code, *_ in found), (construct, target)
