"""Endorsements: the organisations that endorse a statement, one YAML file per document.

``endorsements/<document id>.yaml`` holds a list::

    - name: Example Digital Rights Network
      country: KE            # ISO 3166-1 alpha-2
      date: 2026-11-20       # when it endorsed
      url: https://example.org/statement   # optional: its own announcement
      kind: civil-society    # optional: vocabulary.ORGANISATION_KINDS
      version: "1.0"         # optional: the version of the document it endorsed

The file is part of the repository, so a release tag and the edition built from it freeze the
list. :mod:`accord.checks.endorsements` holds the rules; the Sphinx extension shows the list on
the document's page (:mod:`accord.sphinxext.endorsements`). Reading is lenient: entries that lack
a field are skipped here and reported by the rules.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from accord import datafile
from accord.vocabulary import COUNTRY_CODES, ENDORSEMENTS_FOLDER

SUFFIX = ".yaml"


@dataclass(frozen=True)
class Endorsement:
    name: str
    country: str  # ISO code as written
    date: str  # ISO date as written
    url: str | None = None
    kind: str | None = None  # a key of vocabulary.ORGANISATION_KINDS
    version: str | None = None  # the version of the document it endorsed


def relative_path(doc_id: str) -> str:
    return f"{ENDORSEMENTS_FOLDER}/{doc_id}{SUFFIX}"


def load(root: Path, doc_id: str) -> datafile.DataFile | None:
    """The endorsements file of a document, or None when it has none."""
    return datafile.load(root, relative_path(doc_id))


def files(root: Path) -> list[str]:
    """Relative paths of the YAML files in the endorsements folder, sorted."""
    folder = root / ENDORSEMENTS_FOLDER
    if not folder.is_dir():
        return []
    return sorted(
        f"{ENDORSEMENTS_FOLDER}/{path.name}"
        for path in folder.iterdir()
        if path.is_file() and path.suffix in (".yaml", ".yml")
    )


def _text(value: object) -> str:
    return " ".join(value.split()) if isinstance(value, str) else ""


def entries(file: datafile.DataFile | None) -> list[Endorsement]:
    """The readable entries of a file: those with a name, a country and a date, in file order."""
    if file is None or not isinstance(file.data, list):
        return []
    found = []
    for item in file.data:
        if not isinstance(item, dict):
            continue
        name, country, date = _text(item.get("name")), _text(item.get("country")), item.get("date")
        if name and country and isinstance(date, str) and date.strip():
            url, kind, version = item.get("url"), item.get("kind"), item.get("version")
            found.append(
                Endorsement(
                    name,
                    country,
                    date.strip(),
                    url if isinstance(url, str) else None,
                    kind if isinstance(kind, str) else None,
                    str(version)
                    if isinstance(version, (str, float, int)) and not isinstance(version, bool)
                    else None,
                )
            )
    return found


def normalised(name: str) -> str:
    """A name for comparison: case, accents, punctuation and spacing do not count."""
    folded = unicodedata.normalize("NFKD", name.casefold())
    letters = "".join(c for c in folded if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^\w]+", " ", letters).split())


@cache
def _country_names() -> dict[str, str]:
    from babel import Locale  # Sphinx's own dependency

    territories = Locale("en").territories
    return {code: str(territories.get(code, code)) for code in COUNTRY_CODES}


def country_name(code: str) -> str:
    """The English name of a country code, or the code itself."""
    return _country_names().get(code, code)


def country_code(name: str) -> str | None:
    """The code of a country written out in English ('Kenya' -> 'KE'), for hints."""
    wanted = normalised(name)
    return next((code for code, full in sorted(_country_names().items()) if normalised(full) == wanted), None)
