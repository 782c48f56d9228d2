"""``python -m accord.pdf.apart``: one book compiled in a process of its own (accord.pdf.compiler).

Standard input is a line of JSON (the build's process, the job's key and tagging, the root, the
font folders, the standards, the creation time) and then the Typst source. Standard output is a
line of JSON (the error or the warnings) and then the PDF. The process writes no file: the build
that asked writes the PDF, so that a build stopped meanwhile leaves none.
"""

from __future__ import annotations

import json
import signal
import sys
from pathlib import Path

from accord import alongside
from accord.pdf import compiler, fonts


def main() -> int:
    header, _, source = sys.stdin.buffer.read().partition(b"\n")
    request = json.loads(header)
    # Ended with the build that started it, which would not wait for a book it no longer wants;
    # Ctrl-C reaches it too, and ends it at once (Python's handler cannot run inside Typst).
    alongside.end_with(request["parent"])
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    job = compiler.Job(request["key"], source.decode("utf-8"), Path(), tagged=request["tagged"], book=True)
    pdf, outcome = compiler.typeset(
        job,
        root=Path(request["root"]),
        fonts=fonts.font_book(tuple(request["font_paths"])),
        standards=request["standards"],
        timestamp=request["timestamp"],
    )
    answer = {"error": outcome.error, "warnings": outcome.warnings}
    sys.stdout.buffer.write(json.dumps(answer).encode("utf-8") + b"\n" + (pdf or b""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
