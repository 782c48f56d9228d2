"""The feed announces a translation in the first edition that has it."""

from __future__ import annotations

from accord.feed import render_feed
from tests.test_feed import doc, edition, entries


def test_a_new_translation_is_announced_once() -> None:
    french = {"language": "fr", "title": "Charte", "html": "positions/charter.fr.html"}
    spanish = {"language": "es", "title": "Carta", "html": "positions/charter.es.html"}
    editions = [
        edition("v1", "2026-03-31", doc("charter", "adopted", translations=[])),
        edition("v2", "2026-06-30", doc("charter", "adopted", translations=[french])),
        edition("v3", "2026-09-30", doc("charter", "adopted", translations=[french, spanish])),
    ]
    base = "https://example.org/editions/"
    found = [
        (entry_id, title)
        for entry_id, title, _ in entries(render_feed(editions, site_url="https://example.org/", title="T"))
    ]
    assert found == [
        (f"{base}v3/", "Edition v3"),
        (f"{base}v3/#charter.es", "New translation (es): Carta"),
        (f"{base}v2/", "Edition v2"),
        (f"{base}v2/#charter.fr", "New translation (fr): Charte"),
        (f"{base}v1/", "Edition v1"),
        (f"{base}v1/#charter", "New: Charter"),
    ]
