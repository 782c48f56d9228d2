"""The signatories page: every organisation that endorsed a document, and what it endorsed."""

from __future__ import annotations

import re

import pytest

from tests.conftest import Repo

ADOPTED = {
    "status": "adopted",
    "version": "'1.1'",
    "adopted": "{date: 2026-11-01, by: Assembly, record: 'https://example.org/minutes'}",
}
CONSULTATION = {"status": "consultation", "consultation": "{opens: 2026-11-02, closes: 2026-12-18}"}


@pytest.fixture
def signed(repo: Repo) -> Repo:
    repo.doc("positions/paper.md", title="A paper on forums", **ADOPTED)
    repo.doc("principles/rules.md", title="Rules for the road", **CONSULTATION)
    repo.write(
        "endorsements/paper.yaml",
        "- name: Example Rights Network\n  country: KE\n  date: 2026-11-10\n  version: '1.0'\n"
        "  kind: civil-society\n  url: https://example.org/network\n"
        "- name: <script>alert(1)</script> Co\n  country: FR\n  date: 2026-11-12\n"
        "  url: https://example.org/co\n",
    )
    repo.write(
        "endorsements/rules.yaml",
        "- name: example rights network\n  country: KE\n  date: 2026-11-20\n"
        "- name: Alpha Institute\n  country: DE\n  date: 2026-11-21\n  kind: academic\n",
    )
    return repo


def _items(html: str) -> list[str]:
    listing = html[html.index('<ul class="accord-signatories') :]
    return re.findall(r'<p class="accord-signatory">(.*?)</p>', listing, re.DOTALL)


@pytest.mark.sphinx
def test_every_organisation_once_with_what_it_endorsed(build, signed: Repo) -> None:
    warnings, out = build()
    assert warnings == ""
    html = (out / "signatories.html").read_text(encoding="utf-8")
    assert "3 organisations endorsed 2 documents of this collection." in html
    names = [re.sub(r"<[^>]+>", "", item).split(" (")[0] for item in _items(html)]
    # Same name (without regard to case) and country: one organisation, first spelling kept.
    assert names == ["Alpha Institute", "Example Rights Network", "&lt;script&gt;alert(1)&lt;/script&gt; Co"]
    network = html[html.index("Example Rights Network</a>") :]
    assert "(Kenya, Civil-society organisation or network)" in network
    assert (
        '<a class="reference external" href="positions/paper.html">A paper on forums</a>, version 1.0'
        "<em> (the current version is 1.1)</em>, 2026-11-10" in network
    )
    assert (
        '<a class="reference external" href="principles/rules.html">Rules for the road</a>, 2026-11-20'
        in network
    )
    # An organisation that did not give a version endorsed the current one.
    assert "A paper on forums</a>, version 1.1, 2026-11-12" in html
    assert "<script>alert" not in html


@pytest.mark.sphinx
def test_each_list_of_endorsements_links_the_page(build, signed: Repo) -> None:
    _, out = build()
    html = (out / "positions" / "paper.html").read_text(encoding="utf-8")
    section = html[html.index('id="endorsements"') :]
    assert (
        '<a class="reference external" href="../signatories.html">All signatories and what they endorsed</a>'
        in section
    )


@pytest.mark.sphinx
def test_an_address_that_is_not_http_is_not_a_link(build, repo: Repo) -> None:
    repo.doc("positions/paper.md", **CONSULTATION)
    repo.write(
        "endorsements/paper.yaml",
        "- name: Odd Org\n  country: KE\n  date: 2026-11-10\n  url: ftp://example.org/x\n",
    )
    _, out = build()
    html = (out / "signatories.html").read_text(encoding="utf-8")
    assert "<strong>Odd Org</strong> (Kenya)" in html
    assert "ftp://" not in html


@pytest.mark.sphinx
def test_no_page_without_endorsements(build, repo: Repo) -> None:
    repo.doc("positions/paper.md", **CONSULTATION)
    _, out = build()
    assert not (out / "signatories.html").exists()
