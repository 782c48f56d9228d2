"""New translations, edition by edition, for the feed (accord.feed): a translation is new in an
edition when its document's ``translations`` in ``statements.json`` did not list its language in
the edition before."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any


def _languages(doc: Mapping[str, Any]) -> dict[str, Mapping[str, Any]]:
    found = doc.get("translations")
    return {
        str(item["language"]): item
        for item in (found if isinstance(found, list) else [])
        if isinstance(item, Mapping) and item.get("language")
    }


def new_translations(
    previous: Mapping[str, Mapping[str, Any]], current: Mapping[str, Mapping[str, Any]]
) -> Iterable[tuple[str, Mapping[str, Any], Mapping[str, Any]]]:
    """(document id, document, translation) for each translation of ``current`` (documents by id)
    that ``previous`` did not have, by id then language."""
    for doc_id, doc in sorted(current.items()):
        before = _languages(previous.get(doc_id, {}))
        for language, item in sorted(_languages(doc).items()):
            if language not in before:
                yield doc_id, doc, item
