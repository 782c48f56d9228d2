"""``accord build``'s check before it builds, run beside Sphinx's start-up.

The build refuses what the check refuses, so the check must finish before Sphinx reads a
document. Sphinx's start-up (its extensions, the theme, the pickled environment: about a second
at 500 documents) reads none of the repository's documents and writes nothing the check
reads but the register of names (atomically: the check sees the old one or the new), so it can
run meanwhile: the check runs in a forked process, and the build waits for its
verdict before reading (accord.build.site's ``ready``). Where a fork is not safe or fails, the
check runs first, in this process.
"""

from __future__ import annotations

import datetime as dt
import gc
import importlib
import multiprocessing
import os
import signal
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

from accord import alongside, report
from accord.diagnostics import Diagnostic

#: Whether the check runs in a forked process beside Sphinx's start-up (where forking is safe:
#: accord.alongside.fork_is_safe); False runs it in this process, first.
BESIDE = True


@dataclass(frozen=True)
class Verdict:
    diagnostics: list[Diagnostic]
    documents: int
    strict: bool  # the repository's ``strict`` setting: warnings fail too

    @property
    def failed(self) -> bool:
        return report.exit_code(self.diagnostics, strict=self.strict) != report.OK


def check(root: Path, out: Path, today: dt.date, fresh: bool) -> Verdict:
    """Every rule over the repository; only documents changed since the last build are parsed
    again (the findings of the others come from the cache in ``out``)."""
    from accord import checks, corpus
    from accord.checkcache import FILE, CheckCache

    # Beside Sphinx's start, which keeps one core busy: worker processes reading the documents
    # would only take turns with it (at 500 documents, 0.2 s more processor time for the same
    # wall time). A fresh build waits for this verdict before it reads, so there they pay.
    loaded = corpus.load(root, workers=fresh)
    cache = CheckCache(out / FILE) if fresh else CheckCache.load(out / FILE)
    diagnostics = checks.run(loaded, today=today, cache=cache)
    cache.save()
    return Verdict(diagnostics, len(loaded.documents), loaded.settings.strict)


def _check(*arguments: object) -> Verdict:
    return check(*arguments)  # type: ignore[arg-type]  # looked up in the child: what it is there


def _worker_started(parent: int) -> None:
    """In the check's process: it ends with the build (killed, it would wait for work for ever),
    and Ctrl-C, which reaches the whole process group, is the build's to report, not its own.
    What it was forked with (the imports) is frozen: its collector walked all of it, copying the
    pages it shares with the build, and none of it is garbage. At 500 documents, medians of
    twelve forked checks, alternating: 0.66 processor seconds against 0.71, and 24.5 MiB of
    memory of its own against 28.9."""
    gc.freeze()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    alongside.end_with(parent)


#: The rules, with those and the model that only some documents need (translations, a crosswalk:
#: a check of one file leaves them out), and MyST's markdown parser.
SHARED = (
    "accord.checks",
    "accord.checks.translations",
    "accord.crosswalk",
    "myst_parser.config.main",
    "myst_parser.parsers.mdit",
)


def _share_imports() -> None:
    """``SHARED``, imported before the check's process is forked: the build imports them anyway
    (accord.sphinxext, myst_parser), and the check's process then has them instead of importing
    them a second time, 0.2 s of processor time on the core that the last compendium is being
    read on (accord.pdf.ahead)."""
    for name in SHARED:
        importlib.import_module(name)


class Started:
    """The check, started in a forked process; ``verdict()`` waits for it."""

    def __init__(self, root: Path, out: Path, today: dt.date, fresh: bool) -> None:
        self._arguments = (root, out, today, fresh)
        self._pool: ProcessPoolExecutor | None = None
        self._future: Future[Verdict] | None = None
        if BESIDE and alongside.fork_is_safe():
            _share_imports()
            try:
                self._pool = ProcessPoolExecutor(
                    1,
                    mp_context=multiprocessing.get_context("fork"),
                    initializer=_worker_started,
                    initargs=(os.getpid(),),
                )
                self._future = self._pool.submit(_check, *self._arguments)
            except (OSError, NotImplementedError, ImportError):  # no fork, no semaphores: check here
                self.close()
                self._future = None

    def verdict(self) -> Verdict:
        if self._future is None:
            return check(*self._arguments)
        try:
            return self._future.result()
        except BrokenProcessPool:  # the process died (out of memory, say): check here instead
            return check(*self._arguments)
        finally:
            self.close()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None

    def __enter__(self) -> Started:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()
