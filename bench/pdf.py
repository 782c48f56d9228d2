"""PDF benchmark: how long the compendium takes to typeset, doctree to PDF, after the HTML build.

One command, ``python bench/pdf.py``: generate a corpus whose compendium runs to about 400 pages,
build the HTML (not timed: it makes the doctrees), then time

- the whole ``accordpdf`` build (translate every doctree, compile every document's PDF and the
  compendium), and
- compiling the compendium's Typst source alone, with the same fonts (the one source of an
  edition's compendium: a working build joins it from parts, accord.pdf.compendium),

and print the compendium's page count. Where TeX Live's ``lualatex`` is installed, Sphinx's own
LaTeX route (``-b latex`` then ``lualatex``) is timed on the same documents and the ratio printed;
otherwise the Typst time is printed alone, with the reason.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path[:0] = [str(HERE), str(REPO / "tools")]

import generate  # noqa: E402 - the bench folder is put on the path above


def timed(command: list[str], *, cwd: Path | None = None) -> float:
    started = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        sys.stderr.write(done.stdout[-3000:] + done.stderr[-3000:])
        raise SystemExit(f"failed: {' '.join(command)}")
    return elapsed


def compile_alone(source: Path) -> float:
    """The compendium's Typst source compiled once more, as the builder does it."""
    from accord.pdf.compiler import Batch, Job
    from accord.pdf.config import PdfConfig
    from accord.pdf.fonts import font_book

    book = font_book(tuple(PdfConfig().font_paths))
    started = time.perf_counter()
    with Batch(root=source.parent, fonts=book) as batch:
        batch.submit(Job("compendium", source.read_text(encoding="utf-8"), source.with_suffix(".bench.pdf")))
        [outcome] = batch.outcomes()
    if outcome.error:
        raise SystemExit(f"the compendium did not compile: {outcome.error}")
    return time.perf_counter() - started


def pages(pdf: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(pdf).pages)


def latex_route(root: Path, out: Path) -> float | None:
    """Sphinx's LaTeX route on the same documents, where TeX Live is installed."""
    if shutil.which("lualatex") is None:
        return None
    started = time.perf_counter()
    timed([sys.executable, "-m", "sphinx", "-b", "latex", "-q", str(root), str(out / "latex")])
    for tex in sorted((out / "latex").glob("*.tex")):
        timed(["lualatex", "-interaction=nonstopmode", tex.name], cwd=out / "latex")
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=110, help="documents to generate (default: 110)")
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    args = parser.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="pdf-", dir=HERE / ".work" if (HERE / ".work").is_dir() else None))
    try:
        root = work / "repo"
        generate.write_repository(REPO, root, documents=args.docs, today=dt.date.today())
        out = work / "out"
        html = out / "html"
        common = ["-d", str(out / "doctrees"), "-D", f"accord_pdf_sources={out / 'typst'}", "-q"]
        timed([sys.executable, "-m", "sphinx", "-b", "html", *common, str(root), str(html)])
        build = timed([sys.executable, "-m", "sphinx", "-b", "accordpdf", *common, str(root), str(html)])
        compendium = html / "compendium.pdf"
        # A working build joins the compendium from cached parts; an edition's is one Typst source
        # (accord.pdf.compendium): build that too, untimed, to time its source alone.
        edition = ["-D", "accord_edition=v0-bench", "-D", f"accord_pdf_sources={out / 'edition-typst'}"]
        timed(
            [
                sys.executable,
                "-m",
                "sphinx",
                "-b",
                "accordpdf",
                *common,
                *edition,
                str(root),
                str(out / "edition"),
            ]
        )
        alone = compile_alone(out / "edition-typst" / "compendium.typ")
        latex = latex_route(root, out)
        count = pages(compendium)

        print(f"PDF benchmark: {args.docs} documents, compendium of {count} pages, nproc={generate_cpus()}")
        print(f"{'measure':<52}{'seconds':>9}  target   result")
        overall = "PASS" if build < 5 else "FAIL"
        print(f"{'accordpdf build (all PDFs + compendium), s':<52}{build:>9.2f}  < 5 s    {overall}")
        verdict = "PASS" if alone < 5 else "FAIL"
        print(
            f"{'compendium alone, doctree-translated Typst to PDF, s':<52}{alone:>9.2f}  < 5 s    {verdict}"
        )
        if latex is None:
            print(
                "LaTeX route: not measured: TeX Live (lualatex) is not installed here, and Accord needs none"
            )
        else:
            print(f"{'Sphinx LaTeX route (-b latex + lualatex), s':<52}{latex:>9.2f}")
            print(f"{'ratio LaTeX / accordpdf build':<52}{latex / build:>9.2f}")
    finally:
        if args.keep:
            print(f"work folder kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    return 0


def generate_cpus() -> int:
    return os.cpu_count() or 1


if __name__ == "__main__":
    sys.exit(main())
