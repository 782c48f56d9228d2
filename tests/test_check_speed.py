"""What makes a cold `accord check` of a large repository cheap gives the same findings as before."""

from __future__ import annotations

import datetime as dt
import difflib
import random

from accord import checks, corpus, markdown
from accord.checks.context import _closest


def test_the_parser_counts_no_words():
    # MyST's word count walks every token of every parse again; no rule reads it.
    assert "wordcount" not in markdown._parser().get_active_rules()["core"]


def test_closest_key_is_what_difflib_returns():
    rng = random.Random(2026)
    letters = "abcdef"
    for _ in range(5000):
        candidates = ["".join(rng.choices(letters, k=rng.randint(1, 8))) for _ in range(rng.randint(0, 25))]
        candidates += rng.sample(candidates, k=min(len(candidates), 3))  # ties between equal keys
        word = "".join(rng.choices(letters, k=rng.randint(1, 8)))
        expected = difflib.get_close_matches(word, candidates, n=1, cutoff=0.6)
        assert _closest(word, candidates, cutoff=0.6) == (expected[0] if expected else None)


def test_documents_read_in_workers_are_those_read_in_one_process(repo, monkeypatch):
    for number in range(6):
        repo.doc(f"positions/doc-{number}.md", title=f"Paper {number}")
    repo.write("principles/broken.md", "---\ntitle: [unclosed\n---\n\nBody.\n")
    monkeypatch.setattr(corpus, "PARALLEL_FROM", 10**9)
    alone = corpus.load(repo.root)
    monkeypatch.setattr(corpus, "PARALLEL_FROM", 2)
    spread = corpus.load(repo.root)
    assert [d.path for d in spread.documents] == [d.path for d in alone.documents]
    assert [(d.text, d.front) for d in spread.documents] == [(d.text, d.front) for d in alone.documents]
    assert spread.problems == alone.problems
    assert any(d.code.startswith("META") and d.path == "principles/broken.md" for d in spread.problems)
    today = dt.date(2026, 6, 1)
    assert checks.run(spread, today=today) == checks.run(alone, today=today)


def test_a_corpus_read_without_workers_starts_no_process_and_reads_the_same(repo, monkeypatch):
    for number in range(6):
        repo.doc(f"positions/doc-{number}.md", title=f"Paper {number}")
    monkeypatch.setattr(corpus, "PARALLEL_FROM", 2)
    spread = corpus.load(repo.root)
    import concurrent.futures

    def refused(*arguments, **options):
        raise AssertionError("a worker process was started")

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", refused)
    alone = corpus.load(repo.root, workers=False)
    assert [(d.path, d.text, d.front) for d in alone.documents] == [
        (d.path, d.text, d.front) for d in spread.documents
    ]


def test_the_builds_check_reads_in_one_process_unless_the_build_is_fresh(repo, monkeypatch, tmp_path):
    from accord import preflight

    repo.doc("positions/doc.md", title="Paper")
    asked: list[bool] = []
    load = corpus.load

    def recorded(root, **options):
        asked.append(options.get("workers", True))
        return load(root, **options)

    monkeypatch.setattr(corpus, "load", recorded)
    for fresh in (False, True):
        preflight.check(repo.root, tmp_path / f"out-{fresh}", dt.date(2026, 6, 1), fresh)
    assert asked == [False, True]


def test_the_parallel_check_sends_its_workers_indices_and_finds_what_one_process_finds(repo, monkeypatch):
    """Forked workers inherit the documents and the context (a bibliography's keys, the labels:
    140 KB at 2,000 entries) instead of receiving them pickled with every chunk of work."""
    import os

    from accord.checks.context import Context

    for number in range(8):
        repo.doc(
            f"positions/doc-{number}.md", title=f"Paper {number}", body=f"Cites {{cite:p}}`nokey{number}`."
        )
    loaded = corpus.load(repo.root, workers=False)
    today = dt.date(2026, 6, 1)
    monkeypatch.setattr(checks, "PARALLEL_FROM", 10**9)
    alone = checks.run(loaded, today=today)
    assert sum(d.code == "CITE001" for d in alone) == 8

    def unpicklable(self, protocol):
        raise AssertionError("the context was pickled for a worker")

    monkeypatch.setattr(Context, "__reduce_ex__", unpicklable)
    monkeypatch.setattr(checks, "PARALLEL_FROM", 2)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)  # workers even on a machine of one core
    assert checks.run(loaded, today=today) == alone
    assert checks._FORKED == []  # nothing of the check's left behind in this process
