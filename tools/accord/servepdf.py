"""``accord serve``'s PDFs: rebuilt in a child process after each edit is served, off the edit path.

An edit reaches the browser as soon as its HTML page is written (accord.liveserve); typesetting
the PDFs of a large repository takes far longer, so it happens afterwards, in a child process of
lower priority, beside the preview's pages. A run starts once edits have paused for a moment
(``QUIET`` seconds): a burst of saves makes one run, not one each. Edits made while the PDFs are
being built are taken together by the next run, and while the preview rebuilds, the child is
stopped (SIGSTOP, where the system has it), so that on a machine of two cores the edit never
waits for Typst. The child has its own doctrees (``<work>/doctrees``): it never reads
a doctree the preview's application is writing. Its problems are printed in the console like the
preview's.

    python -m accord.servepdf ROOT SITE WORK     # what the thread runs
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

#: How much lower the child's priority is: the preview's next rebuild comes first.
NICENESS = 10
#: Seconds without a new edit before a run starts.
QUIET = 1.0


class BackgroundPdfs:
    """Builds the PDFs of ``root`` into ``site`` whenever asked, one run at a time."""

    def __init__(
        self, root: Path, site: Path, work: Path, overrides: dict[str, object], *, quiet: float = QUIET
    ) -> None:
        self.root, self.site, self.work, self.overrides = root, site, work, overrides
        self.quiet = quiet
        self._lock = threading.Lock()
        self._wanted = False
        self._asked = 0.0  # time.monotonic() of the last request
        self._held = 0  # rebuilds of the preview in progress: the child stays stopped meanwhile
        self._thread: threading.Thread | None = None
        self._child: subprocess.Popen[str] | None = None
        self._closed = False
        self.runs = 0  # finished runs, for tests and the console

    @property
    def busy(self) -> bool:
        with self._lock:
            return self._thread is not None

    def request(self) -> None:
        """Build the PDFs again after the run in progress, if any; returns at once."""
        with self._lock:
            if self._closed:
                return
            self._wanted = True
            self._asked = time.monotonic()
            if self._thread is None:
                self._thread = threading.Thread(target=self._loop, name="accord-serve-pdfs", daemon=True)
                self._thread.start()

    def wait(self, timeout: float) -> bool:
        """Whether every requested run finished within ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        while self.busy:
            if time.monotonic() > deadline:
                return False
            time.sleep(0.05)
        return True

    @contextlib.contextmanager
    def held(self) -> Iterator[None]:
        """While the preview rebuilds: the child, if one runs, is stopped, and none starts."""
        with self._lock:
            self._held += 1
            if self._held == 1:
                self._signal(_STOP)
        try:
            yield
        finally:
            with self._lock:
                self._held -= 1
                if self._held == 0:
                    self._signal(_CONTINUE)

    def close(self) -> None:
        with self._lock:
            self._closed, self._wanted = True, False
            child = self._child
        if child is not None and child.poll() is None:
            child.terminate()
            self._signal(_CONTINUE)  # a stopped child acts on the signal only once it runs

    def _signal(self, number: int | None) -> None:
        child = self._child
        if number is not None and child is not None and child.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                child.send_signal(number)

    def command(self) -> list[str]:
        """The child's command line."""
        return [sys.executable, "-m", "accord.servepdf", str(self.root), str(self.site), str(self.work)]

    def _loop(self) -> None:
        while True:
            with self._lock:
                if not self._wanted or self._closed:
                    self._thread = None
                    return
                waited = time.monotonic() - self._asked
                ready = waited >= self.quiet and not self._held
                if ready:
                    self._wanted = False
            if ready:
                self._run()
            else:
                time.sleep(max(0.02, self.quiet - waited))

    def _run(self) -> None:
        start = time.perf_counter()
        environment = {**os.environ, "ACCORD_SERVE_OVERRIDES": repr(self.overrides)}
        child = subprocess.Popen(
            self.command(),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env=environment,
        )
        with self._lock:
            self._child = child
            if self._closed:  # closed while the child was starting: close() could not end it
                child.terminate()
            elif self._held:  # the preview began a rebuild while the child was starting
                self._signal(_STOP)
        said, _ = child.communicate()
        with self._lock:
            self._child = None
            self.runs += 1
        if self._closed:
            return
        if said.strip():
            print(said.rstrip(), file=sys.stderr)
        took = time.perf_counter() - start
        outcome = "rebuilt" if child.returncode == 0 else "not all rebuilt (see above)"
        print(f"accord serve: PDFs {outcome} in the background, {took:.1f} s", file=sys.stderr)


# Windows has neither signal: there the child runs on, at its lower priority.
_STOP = getattr(signal, "SIGSTOP", None)
_CONTINUE = getattr(signal, "SIGCONT", None)


def main(argv: list[str]) -> int:
    """The child: the PDF builder over the preview's pages; problems as Accord's diagnostics."""
    import ast

    from accord import build, report
    from accord.vocabulary import PDF_BUILDER

    os.nice(NICENESS)  # here, not in a preexec_fn: the server that starts the child has threads
    root, site, work = (Path(arg) for arg in argv)
    overrides = ast.literal_eval(os.environ.get("ACCORD_SERVE_OVERRIDES", "{}"))
    # No banner: it is the preview's, and its report would say "built" a second time.
    overrides = {
        **overrides,
        "accord_serve_banner": False,
        "accord_pdf_html_link": True,
        "accord_pdf_sources": str(work / "typst"),
    }
    found = build.run_sphinx(root, work, [PDF_BUILDER], site, overrides=overrides, fresh=False)
    if found:
        report.text(found, sys.stdout)
    return 1 if any(d.is_error for d in found) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
