"""accord.heap: the collector paused while Sphinx starts, its objects frozen, then given back."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator

import pytest

from accord import heap
from tests.conftest import Repo


@pytest.fixture(autouse=True)
def _collector_as_found() -> Iterator[None]:
    enabled = gc.isenabled()
    yield
    gc.unfreeze()
    if enabled:
        gc.enable()


def test_the_collector_is_paused_until_started_then_the_heap_is_frozen() -> None:
    paused = heap.Paused()
    assert not gc.isenabled()
    kept = [object() for _ in range(10)]
    paused.started()
    assert gc.isenabled()
    assert gc.get_freeze_count() >= len(kept)
    paused.started()  # a second call changes nothing
    assert gc.isenabled()
    paused.end()
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0  # given back: a process that builds again frees them


def test_an_end_before_the_start_turns_the_collector_back_on() -> None:
    heap.Paused().end()  # Sphinx did not start
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0


def test_a_collector_turned_off_by_the_caller_stays_off() -> None:
    gc.disable()
    paused = heap.Paused()
    paused.started()
    assert not gc.isenabled()
    paused.end()
    assert not gc.isenabled()


@pytest.mark.sphinx
def test_a_build_reads_its_documents_with_the_start_frozen_and_leaves_nothing_frozen(
    accord, repo: Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sphinx.builders import Builder

    seen: list[tuple[bool, int]] = []
    read_doc = Builder.read_doc

    def recording(self, docname, *args, **kwargs):  # type: ignore[no-untyped-def]
        seen.append((gc.isenabled(), gc.get_freeze_count()))
        return read_doc(self, docname, *args, **kwargs)

    monkeypatch.setattr(Builder, "read_doc", recording)
    repo.doc("positions/paper.md")
    assert accord("build", str(repo.root), "--no-pdf").code == 0
    assert seen and all(enabled and frozen > 0 for enabled, frozen in seen)
    assert gc.isenabled() and gc.get_freeze_count() == 0


class _Node:
    def __init__(self) -> None:
        self.itself = self  # a cycle: only the collector frees it


def test_a_second_build_collects_the_cycles_the_first_left_before_it_freezes() -> None:
    """Else each build of a process that builds again (a release's editions) would freeze the
    last one's application for good, and the process would only grow."""
    first = heap.Paused()
    first.started()
    first.end()
    gc.disable()  # no collection of its own between the two builds
    node = _Node()
    left = weakref.ref(node)
    del node
    assert left() is not None
    second = heap.Paused()
    assert left() is None  # collected before the collector was paused
    second.started()
    second.end()
