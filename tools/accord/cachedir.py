"""Where Accord keeps what it can compute again: link results, bibliography keys.

The folder is ``.accord-cache/`` in the repository (ignored by git). ``ACCORD_CACHE_DIR`` moves
it elsewhere, one subfolder per repository, so that tests and read-only checkouts never write
into the repository.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

CACHE_DIR = ".accord-cache"
ENVIRONMENT = "ACCORD_CACHE_DIR"


def cache_dir(root: Path) -> Path:
    elsewhere = os.environ.get(ENVIRONMENT)
    if elsewhere:
        name = hashlib.sha256(str(root.resolve()).encode("utf-8")).hexdigest()[:16]
        return Path(elsewhere) / name
    return root / CACHE_DIR


def read_json(path: Path) -> Any:
    """The stored value, or None when the file is missing or unreadable (a cache is optional)."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def write_json(path: Path, value: Any) -> None:
    """Replace the file in one step, so that a reader never sees half of it; failures are ignored
    because a cache that cannot be written only costs time."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(
            "w", encoding="utf-8", dir=path.parent, prefix=f".{path.name}.", delete=False
        ) as handle:
            json.dump(value, handle, sort_keys=True)
        Path(handle.name).replace(path)
    except OSError:
        return
