"""Does a page header that queries the whole document make Typst superlinear in its length?

    python bench/typst_queries.py [--docs 100 200 400]

Accord's template (tools/accord/pdf/template.typ) gives every page a header that queries every
notice box and a footer that queries every document entry, to leave out the running notice or
title on a page that shows its own; in the compendium both grow with the documents. This compiles
a synthetic book of N "documents" (a labelled entry, a heading, a notice box in every third,
about two pages of text) with those two queries in the header and footer, and without them (the
same header and footer text always shown), and with the page-local queries the template has used
since (the first box after the page's top, the last entry before its foot), each in its own
process, and prints the processor
seconds and peak resident memory of each compile. Used by the scale section of bench/README.md.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys

BOOK = """
#set page(
  header: context {{ {header} }},
  footer: context {{ {footer}; counter(page).display("1 of 1", both: true) }},
)
#outline()
#for i in range({docs}) {{
  [#metadata((title: "Document " + str(i))) <entry>]
  heading[Document #i]
  if calc.rem(i, 3) == 0 [#box(stroke: 0.5pt, inset: 4pt)[A notice] <notice>]
  lorem(900)
  pagebreak(weak: true)
}}
"""
QUERIES = {
    "header": "let shown = query(<notice>).any(b => b.location().page() == here().page()); if not shown [Notice]",
    "footer": "let opens = query(<entry>).any(e => e.location().page() == here().page()); if not opens [Title]",
}
#: What the template does since: only the box after the page's top and the entry before its foot.
LOCAL = {
    "header": "let next = query(selector(<notice>).after(here())); "
    "if not (next.len() > 0 and next.first().location().page() == here().page()) [Notice]",
    "footer": "let before = query(selector(<entry>).before(here())); "
    "if not (before.len() > 0 and before.last().location().page() == here().page()) [Title]",
}
PLAIN = {"header": "[Notice]", "footer": "[Title]"}
COMPILE = """
import resource, sys, time, typst
start = resource.getrusage(resource.RUSAGE_SELF)
pdf = typst.Compiler().compile(input=sys.argv[1].encode(), format="pdf")
usage = resource.getrusage(resource.RUSAGE_SELF)
print(usage.ru_utime + usage.ru_stime - start.ru_utime - start.ru_stime, usage.ru_maxrss / 1024, len(pdf))
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--docs", type=int, nargs="+", default=[100, 200, 400])
    args = parser.parse_args(argv)
    print(f"{'documents':>9}  {'variant':<16} {'cpu s':>7}  {'peak MiB':>8}  {'ms/doc':>6}")
    for docs in args.docs:
        for variant, parts in (("queries", QUERIES), ("page-local", LOCAL), ("no queries", PLAIN)):
            source = BOOK.format(docs=docs, **parts)
            done = subprocess.run(
                [sys.executable, "-c", COMPILE, source], capture_output=True, text=True, check=True
            )
            cpu, memory, _ = (float(value) for value in done.stdout.split())
            print(
                f"{docs:>9}  {variant:<16} {cpu:>7.2f}  {memory:>8.0f}  {1000 * cpu / docs:>6.1f}", flush=True
            )
    return 0


if __name__ == "__main__":
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    sys.exit(main())
