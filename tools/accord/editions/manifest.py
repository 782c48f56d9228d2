"""MANIFEST.sha256: the list of every file of an edition with its SHA-256, in ``sha256sum`` format,
so that anyone can check an edition with ``sha256sum -c MANIFEST.sha256``."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

MANIFEST = "MANIFEST.sha256"


def digest(path: Path) -> str:
    hasher = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            hasher.update(block)
    return hasher.hexdigest()


def files(folder: Path) -> list[str]:
    """Every file below ``folder`` but the manifest, as sorted POSIX paths."""
    return sorted(
        p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file() and p.name != MANIFEST
    )


def compute(folder: Path) -> dict[str, str]:
    return {relative: digest(folder / relative) for relative in files(folder)}


def render(entries: dict[str, str]) -> str:
    return "".join(f"{sha}  {relative}\n" for relative, sha in sorted(entries.items()))


def write(folder: Path) -> str:
    """Write the manifest of ``folder`` and return its text."""
    rendered = render(compute(folder))
    (folder / MANIFEST).write_text(rendered, encoding="utf-8")
    return rendered


class ManifestError(Exception):
    """The manifest is missing or a line of it cannot be read; ``line`` is 1-based."""

    def __init__(self, message: str, line: int = 1) -> None:
        super().__init__(message)
        self.line = line


def parse(text: str) -> dict[str, str]:
    entries: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        sha, separator, relative = line.partition("  ")
        if not separator or len(sha) != 64 or not relative or relative in entries:
            raise ManifestError(f"not a 'SHA-256  path' line: {line[:80]!r}", number)
        try:
            int(sha, 16)
        except ValueError:
            raise ManifestError(f"not a SHA-256: {sha[:80]!r}", number) from None
        entries[relative] = sha.lower()
    return entries


def read(folder: Path) -> dict[str, str]:
    try:
        text = (folder / MANIFEST).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ManifestError(f"cannot read {MANIFEST}: {error}") from None
    return parse(text)


@dataclass
class Difference:
    added: list[str] = field(default_factory=list)  # on disk, not in the manifest
    removed: list[str] = field(default_factory=list)  # in the manifest, not on disk
    changed: list[str] = field(default_factory=list)  # on disk with another digest

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed)


def compare(expected: dict[str, str], actual: dict[str, str]) -> Difference:
    return Difference(
        added=sorted(actual.keys() - expected.keys()),
        removed=sorted(expected.keys() - actual.keys()),
        changed=sorted(k for k in expected.keys() & actual.keys() if expected[k] != actual[k]),
    )
