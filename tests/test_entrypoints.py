"""accord.entrypoints: pybtex and sphinxcontrib-bibtex find their plugins in one reading of the
installed packages' entry points."""

from __future__ import annotations

import importlib.metadata

import pybtex.plugin
import pytest
import sphinxcontrib.bibtex.plugin

from accord import entrypoints

GROUPS = [
    ("pybtex.style.formatting", "unsrt"),
    ("pybtex.backends", "plaintext"),
    ("pybtex.database.input", "bibtex"),
    ("sphinxcontrib.bibtex.style.referencing", "author_year"),
    ("sphinxcontrib.bibtex.style.referencing", "no-such-style"),
]


@pytest.fixture
def shared(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, str]]:
    """share() with a fresh reading; the calls that read the installed packages."""
    calls: list[dict[str, str]] = []
    reading = importlib.metadata.entry_points

    def counted(**params: str) -> object:
        calls.append(params)
        return reading(**params)

    monkeypatch.setattr(importlib.metadata, "entry_points", counted)
    for name in entrypoints.USERS:  # as the libraries imported it
        monkeypatch.setattr(f"{name}.entry_points", counted)
    entrypoints._installed.cache_clear()
    entrypoints.share()
    yield calls
    entrypoints._installed.cache_clear()


@pytest.mark.parametrize(("group", "name"), GROUPS)
def test_a_lookup_finds_what_the_installed_packages_say(
    shared: list[dict[str, str]], group: str, name: str
) -> None:
    direct = [
        (ep.name, ep.value)
        for dist in importlib.metadata.distributions()
        for ep in dist.entry_points
        if ep.group == group and ep.name == name
    ]
    for module in (pybtex.plugin, sphinxcontrib.bibtex.plugin):
        assert [(ep.name, ep.value) for ep in module.entry_points(group=group, name=name)] == direct
    assert bool(direct) == (name != "no-such-style")


def test_the_installed_packages_are_read_once(shared: list[dict[str, str]]) -> None:
    for group, name in GROUPS * 3:
        pybtex.plugin.entry_points(group=group, name=name)
        sphinxcontrib.bibtex.plugin.entry_points(group=group, name=name)
    assert shared == [{}]  # one reading, without selection


def test_plugins_still_load_through_the_libraries(shared: list[dict[str, str]]) -> None:
    assert pybtex.plugin.find_plugin("pybtex.style.formatting", "unsrt").__name__ == "Style"
    assert sphinxcontrib.bibtex.plugin.find_plugin(
        "sphinxcontrib.bibtex.style.referencing", "author_year"
    ).__name__.endswith("ReferenceStyle")
