"""Translations cost a build no more than their own pages: the benchmark.

From the generated repository (committed to a git repository of its own, so that ``translated_from``
is checked against real history), three fresh ``accord build --no-pdf`` runs:

- the documents alone;
- the documents and a French translation of one in five of them (``<id>.fr.md``, same body);
- the documents and as many *new documents* (copies under new ids) instead of the translations.

A translation's extra work (its source's front matter read again, git asked whether it is outdated,
the language switch and hreflang links on every page of its family) must cost no more than a page
of its own: (translations - alone) <= (new documents - alone) x TARGET + SLACK seconds.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from generate import Corpus

TARGET = 1.15
SLACK = 1.0  # seconds: two fresh builds of the same tree differ by about this much on a busy machine
SHARE = 5  # one document in SHARE is translated

_GIT = [
    "git",
    "-c",
    "user.name=Accord bench",
    "-c",
    "user.email=bench@example.org",
    "-c",
    "commit.gpgsign=false",
]


@dataclass
class Result:
    translations: int
    alone: float
    translated: float
    more_documents: float

    @property
    def translation_cost(self) -> float:
        return self.translated - self.alone

    @property
    def document_cost(self) -> float:
        return self.more_documents - self.alone

    @property
    def ok(self) -> bool:
        return self.translation_cost <= self.document_cost * TARGET + SLACK


def _git(root: Path, *args: str) -> str:
    return subprocess.run([*_GIT, *args], cwd=root, capture_output=True, text=True, check=True).stdout.strip()


def _body(text: str) -> str:
    end = text.index("\n---", 3)
    return text[end + 4 :]


def _translation(source: Path, commit: str) -> str:
    text = source.read_text(encoding="utf-8")
    title = re.search(r"^title: (.*)$", text, re.MULTILINE)
    return (
        "---\n"
        f"title: {title[1] if title else source.stem}\n"
        "language: fr\n"
        "translators:\n  - name: Bench translators\n"
        f"translated_from: {commit}\n"
        "---\n" + _body(text)
    )


def prepare(corpus: Corpus, work: Path) -> tuple[Path, Path, Path, int]:
    """Three copies of the repository: alone, with translations, with as many new documents."""
    alone = work / "translations-alone"
    shutil.copytree(corpus.root, alone)
    _git(alone, "init", "--quiet")
    _git(alone, "add", "--all")
    _git(alone, "commit", "--quiet", "-m", "generated")
    commit = _git(alone, "rev-parse", "HEAD")
    chosen = corpus.paths()[::SHARE]
    translated = work / "translations-translated"
    more = work / "translations-more"
    for target in (translated, more):
        shutil.copytree(alone, target)
    for path in chosen:
        relative = path.relative_to(corpus.root)
        (translated / relative).with_suffix(".fr.md").write_text(
            _translation(alone / relative, commit), encoding="utf-8"
        )
        shutil.copy(alone / relative, (more / relative).with_name(f"{path.stem}-copy.md"))
    return alone, translated, more, len(chosen)


def measure(corpus: Corpus, work: Path, logs: Path, build: object) -> Result:
    """``build(root, out, log)`` runs a fresh accord build and returns its seconds."""
    alone, translated, more, count = prepare(corpus, work)
    times = []
    for root in (alone, translated, more):
        print(f"translations: accord build --fresh of {root.name} ...", flush=True)
        times.append(build(root, work / f"{root.name}-out", logs / f"{root.name}.log"))  # type: ignore[operator]
    return Result(count, *times)


def report(result: Result) -> None:
    print(
        f"\nTranslations: {result.translations} French translations against {result.translations} new documents"
    )
    print(f"{'measure':<38} {'seconds':>8}  {'target':<22} result")
    print(f"{'accord build, documents alone':<38} {result.alone:8.2f}")
    print(f"{'  + translations':<38} {result.translated:8.2f}")
    print(f"{'  + as many new documents':<38} {result.more_documents:8.2f}")
    target = f"<= {TARGET} x {result.document_cost:.2f} + {SLACK:g}"
    verdict = "PASS" if result.ok else "FAIL"
    print(f"{'cost of the translations':<38} {result.translation_cost:8.2f}  {target:<22} {verdict}")


def main(argv: list[str] | None = None) -> int:
    """``python bench/translations.py [--docs N] [--keep]``: this benchmark alone."""
    import argparse
    import datetime as dt
    import sys
    import tempfile

    from generate import write_repository
    from run import BENCH, REPOSITORY, SEED, BenchError, accord_build

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--docs", type=int, default=100, help="number of documents (default: 100)")
    parser.add_argument("--keep", action="store_true", help="keep the work folder under bench/.work/")
    args = parser.parse_args(argv)
    (BENCH / ".work").mkdir(exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="translations-", dir=BENCH / ".work"))
    try:
        corpus = write_repository(
            REPOSITORY, work / "repo", documents=args.docs, seed=SEED, today=dt.date.today()
        )
        (work / "logs").mkdir()
        found = measure(
            corpus, work, work / "logs", lambda root, out, log: accord_build(root, out, log, fresh=True)
        )
        report(found)
        return 0 if found.ok else 1
    except BenchError as error:
        print(f"\nbench: {error}", file=sys.stderr)
        args.keep = True
        return 1
    finally:
        if args.keep:
            print(f"\nwork folder kept: {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
