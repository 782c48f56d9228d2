"""One reading of the installed packages' entry points per process, for pybtex's plugins and
sphinxcontrib-bibtex's.

Both look their plugins up (formatting and referencing styles, backends) through
``importlib.metadata.entry_points``, which reads the metadata of every installed package on each
call: about twenty calls in a build, 0.15 s of a one-document rebuild at 500 documents
(bench/README.md). The installed packages do not change while a build runs, so the first
reading serves every lookup after it, and a forked process inherits it.
"""

from __future__ import annotations

import functools
import importlib
import importlib.metadata
from typing import Any

#: The modules that imported ``entry_points`` by name, and so look it up in their own namespace.
USERS = ("pybtex.plugin", "sphinxcontrib.bibtex.plugin")


@functools.cache
def _installed() -> Any:
    # Without selection, Python 3.11 returns SelectableGroups and later versions EntryPoints:
    # both select the same entry points, in the same order, as a call with the parameters.
    return importlib.metadata.entry_points()


def entry_points(**params: Any) -> importlib.metadata.EntryPoints:
    """``importlib.metadata.entry_points(**params)``, from the one reading."""
    return _installed().select(**params)


def share() -> None:
    """Have pybtex and sphinxcontrib-bibtex look their plugins up in the one reading."""
    for name in USERS:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        if getattr(module, "entry_points", None) is importlib.metadata.entry_points:
            module.entry_points = entry_points  # type: ignore[attr-defined]
