"""The Atom feed of new editions and status changes (accord.feed)."""

from __future__ import annotations

import re
from xml.etree import ElementTree

import pytest

from accord.feed import EditionEntry, changes, render_feed
from tests.conftest import golden

ATOM = {"a": "http://www.w3.org/2005/Atom"}


def doc(doc_id: str, status: str, **fields: object) -> dict[str, object]:
    return {
        "id": doc_id,
        "title": doc_id.title(),
        "status": status,
        "html": f"positions/{doc_id}.html",
        **fields,
    }


def edition(tag: str, date: str, *docs: dict[str, object]) -> EditionEntry:
    return EditionEntry(tag, date, f"https://example.org/editions/{tag}/", {"documents": list(docs)})


EDITIONS = [
    edition(
        "v2026.1", "2026-03-31", doc("charter", "consultation", summary="Our charter."), doc("paper", "draft")
    ),
    edition(
        "v2026.2",
        "2026-06-30",
        doc("charter", "adopted", version="1.0"),
        doc("paper", "draft"),
        doc("note", "consultation", title="A note & <more>"),
    ),
    edition("v2026.3", "2026-09-30", doc("charter", "adopted", version="1.1"), doc("paper", "withdrawn")),
]


def entries(feed: bytes) -> list[tuple[str, str, str]]:
    root = ElementTree.fromstring(feed)
    return [
        (
            e.findtext("a:id", namespaces=ATOM),
            e.findtext("a:title", namespaces=ATOM),
            e.findtext("a:updated", namespaces=ATOM),
        )
        for e in root.findall("a:entry", ATOM)
    ]


def test_feed_golden() -> None:
    golden(
        "feed.xml",
        render_feed(EDITIONS, site_url="https://example.org", title="Example statements").decode("utf-8"),
    )


def test_one_entry_per_edition_first_appearance_and_status_change_newest_first() -> None:
    feed = render_feed(EDITIONS, site_url="https://example.org/", title="Example statements")
    base = "https://example.org/editions/"
    assert entries(feed) == [
        (f"{base}v2026.3/", "Edition v2026.3", "2026-09-30T00:00:00+00:00"),
        (f"{base}v2026.3/#paper", "Paper: draft -> withdrawn", "2026-09-30T00:00:00+00:00"),
        (f"{base}v2026.2/", "Edition v2026.2", "2026-06-30T00:00:00+00:00"),
        (f"{base}v2026.2/#charter", "Charter: open for consultation -> adopted", "2026-06-30T00:00:00+00:00"),
        (f"{base}v2026.2/#note", "New: A note & <more>", "2026-06-30T00:00:00+00:00"),
        (f"{base}v2026.1/", "Edition v2026.1", "2026-03-31T00:00:00+00:00"),
        (f"{base}v2026.1/#charter", "New: Charter", "2026-03-31T00:00:00+00:00"),
        (f"{base}v2026.1/#paper", "New: Paper", "2026-03-31T00:00:00+00:00"),
    ]
    root = ElementTree.fromstring(feed)
    assert root.findtext("a:updated", namespaces=ATOM) == "2026-09-30T00:00:00+00:00"
    assert root.find("a:link[@rel='self']", ATOM).get("href") == "https://example.org/feed.xml"
    assert root.findtext("a:author/a:name", namespaces=ATOM) == "Example statements"
    links = {
        e.findtext("a:id", namespaces=ATOM): e.find("a:link", ATOM).get("href")
        for e in root.findall("a:entry", ATOM)
    }
    assert links[f"{base}v2026.2/#charter"] == f"{base}v2026.2/positions/charter.html"


def test_a_version_change_alone_is_not_a_status_change() -> None:
    [(_, first), (_, second), (_, third)] = changes(EDITIONS)
    assert [doc_id for doc_id, _, _ in third] == ["paper"]
    assert [(doc_id, before) for doc_id, _, before in second] == [("charter", "consultation"), ("note", None)]
    assert [before for _, _, before in first] == [None, None]


def test_editions_are_ordered_by_date_whatever_the_input_order() -> None:
    shuffled = [EDITIONS[2], EDITIONS[0], EDITIONS[1]]
    assert render_feed(shuffled, site_url="https://example.org", title="T") == render_feed(
        EDITIONS, site_url="https://example.org", title="T"
    )


def test_no_editions_yet() -> None:
    feed = render_feed([], site_url="https://example.org", title="T")
    root = ElementTree.fromstring(feed)
    assert root.findall("a:entry", ATOM) == []
    assert root.findtext("a:updated", namespaces=ATOM) == "1970-01-01T00:00:00+00:00"


def test_untrusted_text_stays_text() -> None:
    nasty = edition(
        "v1", "2026-01-01", doc("x", "draft", title="</title><script>alert(1)</script>\x01", summary="a\x0bb")
    )
    feed = render_feed([nasty], site_url="https://example.org", title="T & <co>")
    assert b"<script>" not in feed
    assert b"&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in feed
    assert b"<title>T &amp; &lt;co&gt;</title>" in feed
    ElementTree.fromstring(feed)  # well-formed despite the control characters


@pytest.mark.parametrize(
    ("site", "entry", "message"),
    [
        ("example.org", edition("v1", "2026-01-01"), "site_url must be an absolute http(s) URL"),
        ("https://example.org", EditionEntry("v1", "2026-01-01", "editions/v1/"), "the URL of edition 'v1'"),
        ("https://example.org", EditionEntry("v1", "30/06/2026", "https://example.org/v1/"), "ISO date"),
    ],
)
def test_bad_input_is_a_value_error(site: str, entry: EditionEntry, message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        render_feed([entry], site_url=site, title="T")


def test_malformed_statements_are_skipped() -> None:
    odd = EditionEntry(
        "v1",
        "2026-01-01",
        "https://example.org/v1/",
        {"documents": [None, {"title": "no id"}, doc("ok", "draft")]},
    )
    assert [
        title for _, title, _ in entries(render_feed([odd], site_url="https://example.org", title="T"))
    ] == [
        "Edition v1",
        "New: Ok",
    ]


def test_an_edition_entry_says_what_it_adopted_amended_superseded_and_withdrew() -> None:
    editions = [
        *EDITIONS,
        edition(
            "v2026.4",
            "2026-12-15",
            doc("charter", "superseded", version="1.1"),
            doc("charter-2", "adopted", version="2.0", title="Charter 2"),
        ),
    ]
    feed = render_feed(editions, site_url="https://example.org", title="T", author="Example Coalition")
    root = ElementTree.fromstring(feed)
    assert root.findtext("a:author/a:name", namespaces=ATOM) == "Example Coalition"
    summaries = {
        e.findtext("a:title", namespaces=ATOM): e.findtext("a:summary", namespaces=ATOM)
        for e in root.findall("a:entry", ATOM)
    }
    assert summaries["Edition v2026.2"].endswith(" Adopted: Charter, version 1.0.")
    assert summaries["Edition v2026.3"].endswith(" Amended: Charter, version 1.1. Withdrawn: Paper.")
    assert summaries["Edition v2026.4"].endswith(
        " Adopted: Charter 2, version 2.0. Superseded: Charter, version 1.1."
    )
    assert "Adopted" not in summaries["Edition v2026.1"]


def test_the_author_is_the_organisation_an_edition_names() -> None:
    named = EditionEntry(
        "v1.0", "2026-01-01", "https://example.org/editions/v1.0/", {"organisation": "Org", "documents": []}
    )
    root = ElementTree.fromstring(render_feed([named], site_url="https://example.org", title="Site"))
    assert root.findtext("a:author/a:name", namespaces=ATOM) == "Org"
