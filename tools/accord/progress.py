"""Progress for the steps that take more than a moment (a build, an edition's build, a publish,
the online link check): a spinner or a bar with the time spent, drawn by rich on an interactive
terminal only. Piped output, files and workflow logs get nothing extra, so what a program reads
stays the diagnostics and the summary line."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from rich.progress import Progress

_drawn: list[Progress] = []  # the progress shown now, for `paused`


def shown(stream: TextIO | None = None) -> bool:
    """Whether progress is drawn: on a terminal, unless TERM is dumb."""
    stream = stream or sys.stderr
    return stream.isatty() and os.environ.get("TERM") != "dumb"


def _progress(stream: TextIO, *, bar: bool) -> Progress:
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
    )

    columns = [SpinnerColumn(), TextColumn("{task.description}")]
    if bar:
        columns += [BarColumn(), MofNCompleteColumn()]
    return Progress(*columns, TimeElapsedColumn(), console=Console(file=stream), transient=True)


@contextmanager
def step(description: str, stream: TextIO | None = None) -> Iterator[None]:
    """A spinner with ``description`` and the time spent, while the block runs."""
    stream = stream or sys.stderr
    if not shown(stream):
        yield
        return
    with _progress(stream, bar=False) as progress, _showing(progress):
        progress.add_task(description, total=None)
        yield


@contextmanager
def counter(description: str, total: int, stream: TextIO | None = None) -> Iterator[Callable[[], None]]:
    """A bar of ``total`` items; the block calls what it is given once per item done."""
    stream = stream or sys.stderr
    if not shown(stream) or not total:
        yield lambda: None
        return
    with _progress(stream, bar=True) as progress, _showing(progress):
        task = progress.add_task(description, total=total)
        yield lambda: progress.advance(task)


@contextmanager
def _showing(progress: Progress) -> Iterator[None]:
    _drawn.append(progress)
    try:
        yield
    finally:
        _drawn.remove(progress)


@contextmanager
def paused() -> Iterator[None]:
    """Nothing drawn while the block runs, and no thread drawing it: the block can fork
    (accord.alongside). The progress shown before is drawn again afterwards."""
    stopped = list(_drawn)
    for progress in stopped:
        drawing = getattr(progress.live, "_refresh_thread", None)
        progress.stop()  # tells the drawing thread to end, without waiting for it
        if drawing is not None:
            drawing.join(timeout=2)
    try:
        yield
    finally:
        for progress in stopped:
            progress.start()
