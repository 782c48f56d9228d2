"""Files outside a test repository that nothing may read, and how to look for their bytes."""

from __future__ import annotations

from pathlib import Path

MARKER = "OUTSIDE-SECRET-7f3a"
#: A 1x1 PNG's first bytes: enough for the image checks.
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
)


def plant(root: Path) -> Path:
    """secret.txt and secret.png beside the repository at ``root``, each holding MARKER."""
    path = root.parent / "secret.txt"
    path.write_text(f"{MARKER}\n", encoding="utf-8")
    (root.parent / "secret.png").write_bytes(PNG + MARKER.encode())
    return path


def published(out: Path) -> list[str]:
    """The files of a build output that hold outside bytes (MARKER, or /etc/passwd's first line)."""
    return [
        str(path.relative_to(out))
        for path in out.rglob("*")
        if path.is_file() and (MARKER.encode() in path.read_bytes() or b"root:x:0:0" in path.read_bytes())
    ]
