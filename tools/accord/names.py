"""Which directive and role names a repository's build knows, without starting Sphinx.

Sphinx, docutils and each extension register names when the application starts, which takes most
of a second: too slow for the pre-commit path. So:

- With the extensions of Accord's own conf.py (or a subset), the names are the list in
  accord.knownnames, computed from a real application and compared with one by
  tests/test_names.py, which also rewrites it (``ACCORD_UPDATE_GOLDEN=1``) after an upgrade.
- A repository whose conf.py adds an extension gets the names that its last ``accord build`` or
  ``accord serve`` found (accord.sphinxext.registry writes them into the cache folder, keyed by
  the extensions). Before its first build the check cannot know them and says nothing.

conf.py is read, not run: ``extensions`` must be a list of strings, as Sphinx's quickstart
writes it; anything else counts as unknown extensions.
"""

from __future__ import annotations

import ast
import hashlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from accord import knownnames
from accord.cachedir import cache_dir, read_json, write_json

CONF = "conf.py"
_CACHE = "names.json"


#: Roles that an extension resolves when they are used instead of registering them: intersphinx's
#: ``{external:class}`` and ``{external+sphinx:ref}`` (any inventory, any role of its domains).
DYNAMIC_ROLES: dict[str, tuple[str, ...]] = {"sphinx.ext.intersphinx": ("external:", "external+")}


@dataclass(frozen=True)
class Known:
    directives: frozenset[str]  # lowercase, as docutils compares them
    roles: frozenset[str]
    role_prefixes: tuple[str, ...] = ()

    def has_role(self, name: str) -> bool:
        return name in self.roles or name.startswith(self.role_prefixes)


def extensions_of(root: Path) -> tuple[str, ...] | None:
    """The ``extensions`` conf.py lists, and "conf.py" itself when it has a ``setup`` function
    (which may register names too); Accord's when there is no conf.py; None when conf.py
    computes them (or cannot be read)."""
    path = root / CONF
    if not path.is_file():
        return knownnames.EXTENSIONS
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"))
    except (OSError, SyntaxError, ValueError):
        return None
    found: list[str] = []
    own = [CONF] if any(isinstance(s, ast.FunctionDef) and s.name == "setup" for s in tree.body) else []
    for statement in tree.body:
        targets = (
            statement.targets
            if isinstance(statement, ast.Assign)
            else [statement.target]
            if isinstance(statement, ast.AugAssign | ast.AnnAssign)
            else []
        )
        if not any(isinstance(t, ast.Name) and t.id == "extensions" for t in targets):
            continue
        try:
            value = ast.literal_eval(statement.value) if statement.value is not None else None
        except ValueError:
            return None
        if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
            return None
        found = [*found, *value] if isinstance(statement, ast.AugAssign) else list(value)
    return (*found, *own)


def known(root: Path) -> Known | None:
    """The names a build of the repository at ``root`` knows, or None when the check cannot tell."""
    conf, cached = root / CONF, cache_dir(root) / _CACHE
    return _known(root, _stamp(conf), _stamp(cached))


def digest(root: Path) -> str:
    """What the names known for ``root`` are, in short: a check's findings depend on them."""
    found = known(root)
    if found is None:
        return "unknown"
    text = "|".join(" ".join(sorted(part)) for part in (found.directives, found.roles, found.role_prefixes))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _stamp(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return 0


@lru_cache(maxsize=8)
def _known(root: Path, conf_stamp: int, cache_stamp: int) -> Known | None:
    extensions = extensions_of(root)
    if extensions is None:
        return None
    if set(extensions) <= set(knownnames.EXTENSIONS):
        return Known(knownnames.DIRECTIVES, knownnames.ROLES)
    stored = read_json(cache_dir(root) / _CACHE)
    if not isinstance(stored, dict) or stored.get("extensions") != sorted(extensions):
        return None
    return Known(
        knownnames.DIRECTIVES | frozenset(stored.get("directives", ())),
        knownnames.ROLES | frozenset(stored.get("roles", ())),
        tuple(prefix for name in extensions for prefix in DYNAMIC_ROLES.get(name, ())),
    )


def remember(
    root: str | Path, extensions: list[str], directives: frozenset[str], roles: frozenset[str]
) -> None:
    """Keep what a build found, for the checks of a repository with extensions of its own."""
    value = {"extensions": sorted(extensions), "directives": sorted(directives), "roles": sorted(roles)}
    write_json(cache_dir(Path(root)) / _CACHE, value)
