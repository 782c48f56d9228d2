"""The build agrees with the checks: what ``accord check`` passes, Sphinx loads and formats;
reference lists follow edits of the bibliography in incremental builds."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

from accord import checks, corpus
from tests.conftest import TODAY, Repo
from tests.test_bib_rules import BLOCKING, CASES

pytestmark = pytest.mark.sphinx

PASSING = [case for case in CASES if not {code for code, _, _ in case[2]} & BLOCKING]


def _build(make_app, repo: Repo) -> tuple[str, Path]:
    app = make_app("html", srcdir=repo.root, freshenv=False)
    try:
        app.build()
    finally:
        app.cleanup()
    return app.warning.getvalue(), Path(app.outdir)


@pytest.mark.parametrize("text", [case[1] for case in PASSING], ids=[case[0] for case in PASSING])
def test_sphinx_loads_what_accord_check_passes(make_app, repo: Repo, text: str) -> None:
    bib = textwrap.dedent(text)
    repo.write("references.bib", bib)
    keys = [entry.key for entry in corpus.read_bibliography(repo.root, "references.bib").file.entries]
    repo.doc(
        "positions/paper.md", body="\n## Sources\n\n" + "".join(f"See {{cite:p}}`{k}`.\n\n" for k in keys)
    )
    found = checks.run(corpus.load(repo.root), today=TODAY)
    assert not {d.code for d in found} & BLOCKING
    warnings, out = _build(make_app, repo)
    assert "bibtex" not in warnings
    assert "Traceback" not in warnings
    assert (out / "positions" / "paper.html").is_file()


def _reference_list(out: Path, page: str) -> str:
    html = (out / f"{page}.html").read_text(encoding="utf-8")
    found = re.search(r'<section id="references">(.*?)</section>', html, re.DOTALL)
    assert found
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", found[1]))


def test_editing_an_entry_updates_every_page_that_cites_it(make_app, repo: Repo) -> None:
    repo.doc("positions/one.md", body="\n## S\n\n{cite:p}`wgig2005report`\n")
    repo.doc("positions/two.md", body="\n## S\n\n{cite:t}`wgig2005report` and {cite:p}`coe2011principles`\n")
    repo.doc("positions/three.md", body="\n## S\n\n{cite:p}`coe2011principles`\n")
    _build(make_app, repo)
    bib = repo.root / "references.bib"
    bib.write_text(
        bib.read_text(encoding="utf-8").replace(
            "Report of the Working Group", "Final Report of the Working Group"
        ),
        encoding="utf-8",
    )
    warnings, out = _build(make_app, repo)
    assert warnings == ""
    assert "final report of the working group" in _reference_list(out, "positions/one").lower()
    assert "final report of the working group" in _reference_list(out, "positions/two").lower()


def test_archived_copies_are_linked_beside_the_url(make_app, repo: Repo) -> None:
    repo.write(
        "references.bib",
        "@misc{gone, title = {A page that went away}, year = {2011}, url = {https://example.org/gone},\n"
        "  archived = {https://web.archive.org/web/2012/https://example.org/gone}, urldate = {2012-01-05}}\n",
    )
    repo.doc("positions/paper.md", body="\n## S\n\n{cite:p}`gone`\n")
    warnings, out = _build(make_app, repo)
    assert warnings == ""
    listed = _reference_list(out, "positions/paper")
    assert (
        "URL: https://example.org/gone (visited on 2012-01-05), archived copy: https://web.archive.org/web/2012/https://example.org/gone"
        in listed
    )
