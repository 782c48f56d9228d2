"""Run Sphinx on the repository and turn its warnings into diagnostics."""

from __future__ import annotations

import contextlib
import io
import re
import shutil
import sys
import traceback
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from accord import alongside, entrypoints, heap, progress
from accord.catalogue import CODES
from accord.diagnostics import Diagnostic, make
from accord.vocabulary import PDF_BUILDER, PDF_CACHE, PDF_PARTS

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

# "LOCATION: WARNING: message [type.subtype]", where Sphinx writes LOCATION as "path:line" (a node
# or a document with a line), "path:" (a node without a line, so "path:: WARNING"), "path" (a
# document) or nothing; the type is optional.
_WARNING = re.compile(
    r"^(?:(?P<path>[^\n]*?)(?::(?P<line>\d*))?:\s)?(?P<level>WARNING|ERROR|CRITICAL|SEVERE):\s"
    r"(?P<message>.*?)(?:\s\[(?P<type>[\w.-]+)\])?\s*$",
    re.DOTALL,
)
_OWN_CODE = re.compile(
    r"^(?P<code>(?:META|CITE|BIB|XREF|LINK|SAFE|BUILD)\d{3}) (?P<message>.*?)(?: \(hint: (?P<hint>.*)\))?$",
    re.DOTALL,
)
# Sphinx says once, with no place, that a domain has no such directive or role ("prf:proof"); MyST
# and Accord's own check (BUILD030, BUILD031) report every use at its line, so this adds nothing.
_UNPLACED = re.compile(r"^(?:WARNING|ERROR): unknown (?:directive|role) name: ")
_FAILED_MARKER = ".accord-last-build-failed"
_NEW_SITE = "html.new"  # a fresh build's site until it is swapped in
_ANSI = re.compile(r"\x1b\[[0-9;]*m")


class WarningCollector(io.StringIO):
    """A stream for Sphinx's warning handler: each ``write`` is one formatted record."""

    def __init__(self) -> None:
        super().__init__()
        self.records: list[str] = []

    def write(self, text: str) -> int:
        text = _ANSI.sub("", text)
        if text.strip():
            self.records.append(text.rstrip("\n"))
        return len(text)


def to_diagnostic(record: str, root: Path) -> Diagnostic:
    """One Sphinx warning as a diagnostic: our own rule codes keep their code, the rest are BUILD001."""
    found = _WARNING.match(record)
    if not found:
        return make("BUILD001", ".", 1, 1, detail=record.strip())
    path = found["path"] or "."
    if path == "<unknown>":
        path = "."
    elif Path(path).is_absolute():
        with contextlib.suppress(ValueError):
            path = Path(path).resolve().relative_to(root.resolve()).as_posix()
    line = int(found["line"]) if found["line"] else 1
    # One diagnostic, one line: a message of several lines is joined.
    message = re.sub(r"\s*\n\s*", " ", found["message"].strip())
    own = _OWN_CODE.match(message)
    if own and own["code"] in CODES:
        code = own["code"]
        return Diagnostic(
            path, line, 1, code, own["message"], severity=CODES[code].severity, hint=own["hint"] or None
        )
    kind = f" [{found['type']}]" if found["type"] else ""
    return make("BUILD001", path, line, 1, detail=message + kind)


@dataclass
class Result:
    html: Path
    diagnostics: list[Diagnostic] = field(default_factory=list)


def run_sphinx(
    root: Path,
    out: Path,
    builders: Sequence[str],
    outdir: Path,
    *,
    overrides: dict[str, object],
    fresh: bool,
    ready: Callable[[], bool] | None = None,
) -> list[Diagnostic] | None:
    """One Sphinx application running each builder in turn, on one environment; its warnings and
    any exception as diagnostics, never a traceback. A builder runs only if those before it
    reported no error. ``ready`` is asked once Sphinx has started, before it reads a document:
    False stops there, and the result is None.

    One application rather than one per builder: a second one would start Sphinx and every
    extension again and unpickle the environment the first has in memory, about a second of a
    one-document rebuild at 500 documents (bench/README.md). Once the documents are read, the
    others run in a forked process beside the first (accord.alongside), and start writing when
    the first does, if it has reported no error by then; an error the first reports while
    writing no longer stops them, but the build fails all the same."""
    names = list(builders)
    collector = WarningCollector()
    found: list[Diagnostic] = []
    child: alongside.Child | None = None
    paused = heap.Paused()  # Sphinx's imports and pickled environment, left alone by the collector
    try:
        from sphinx.application import Sphinx
        from sphinx.util.docutils import docutils_namespace, patch_docutils

        entrypoints.share()
        with patch_docutils(root), docutils_namespace():
            app = Sphinx(
                srcdir=root,
                confdir=root,
                outdir=outdir,
                doctreedir=out / "doctrees",
                buildername=names[0],
                confoverrides=overrides,
                status=None,
                warning=collector,
                freshenv=fresh,
            )
            paused.started()
            if ready is not None and not ready():
                return None
            rest = names[1:]

            def failed() -> bool:
                return any(_diagnostics(collector, root, error=True))

            def fork_rest(_app: Sphinx, _env: BuildEnvironment) -> list[str]:
                nonlocal child
                if child is not None or app.builder.name != names[0] or failed():
                    return []
                with progress.paused():  # its spinner's thread would keep the fork from being safe
                    if alongside.fork_is_safe():
                        child = alongside.start(
                            lambda allowed: _run_rest(app, rest, failed, allowed), collector.records, _said
                        )
                return []

            def tell_child(_app: Sphinx, builder: Builder) -> None:
                if child is not None and builder is app.builder and builder.name == names[0]:
                    child.go(not failed())  # after the consistency check: its errors count

            if rest:
                app.connect("env-get-updated", fork_rest, priority=alongside.PRIORITY)
                app.connect("write-started", tell_child, priority=alongside.GATE_PRIORITY)
            app.build(force_all=fresh)
            if child is not None:
                waited, child = child, None
                records, error = waited.wait()
                collector.records.extend(records)
                if error is not None:
                    trace, _, said = error.rpartition("\n")
                    found.append(_crash(out, trace, said))
            elif rest:
                _run_rest(app, rest, failed)
    except BaseException as error:  # Sphinx and extension errors become a diagnostic
        if child is not None:
            child.stop()  # interrupted or failed: no PDF is written after the command ends
        if not isinstance(error, Exception):
            raise
        found.append(_crash(out, traceback.format_exc(), _said(error)))
    finally:
        paused.end()
    found.extend(_diagnostics(collector, root))
    return found


def _said(error: BaseException) -> str:
    """The error in a line: what an extension raised, rather than Sphinx's wrapper around it."""
    where = getattr(error, "__cause__", None) or error
    return f"{type(where).__name__}: {where}"


def _run_rest(
    app: Sphinx,
    names: Sequence[str],
    failed: Callable[[], bool],
    allowed: Callable[[], bool] | None = None,
) -> None:
    """The builders ``names`` in turn, each only if none before it reported an error. In a
    forked process, ``allowed()`` (accord.alongside) is asked before the first of them writes:
    False ends the process's work there. Until the answer comes, a builder with a
    ``read_ahead()`` reads what it will need (the PDF builder: accord.pdf.builder)."""
    if allowed is not None:

        def wait(_app: Sphinx, builder: Builder) -> None:
            if builder is not app.builder or builder.name != names[0]:
                return
            read_ahead = getattr(builder, "read_ahead", None)
            if read_ahead is not None:
                # It writes nothing, so the parent may still be checking the environment; what
                # fails here fails again when the builder writes, and is reported there.
                with contextlib.suppress(Exception):
                    read_ahead()
            if not allowed():
                raise alongside.Refused

        app.connect("write-started", wait, priority=alongside.GATE_PRIORITY)
    for name in names:
        if failed():
            break
        _next_builder(app, name)
        app.build()


def _crash(out: Path, trace: str, detail: str) -> Diagnostic:
    """An exception of Sphinx or of an extension as a diagnostic; its traceback in a log."""
    out.mkdir(parents=True, exist_ok=True)
    log = out / "accord-build-error.log"
    log.write_text(trace, encoding="utf-8")
    return make("BUILD002", "conf.py", 1, 1, detail=detail, hint=f"the full traceback is in {log}")


def _diagnostics(collector: WarningCollector, root: Path, *, error: bool = False) -> Iterator[Diagnostic]:
    """The collected warnings as diagnostics (only the errors, with ``error``)."""
    for record in collector.records:
        if not _UNPLACED.match(record):
            found = to_diagnostic(record, root)
            if found.is_error or not error:
                yield found


def _next_builder(app: Sphinx, name: str) -> None:
    """Give ``app`` the builder ``name``, as Sphinx's own start-up does (create, tell the
    environment, init and builder-inited), over the environment the last builder left.

    The HTML theme's extension came with the HTML builder (the theme loads it); a builder of
    another format gets none of its handlers, as in an application of its own: the theme's
    ``build-finished`` would otherwise write its stylesheets again, without its theme
    (pydata-sphinx-theme's pygments.css, in tango colours)."""
    if app.builder.format == "html" and app.registry.builders[name].format != "html":
        theme = str(app.config.html_theme).split(".")[0]
        for listeners in app.events.listeners.values():
            for listener in list(listeners):
                if (getattr(listener.handler, "__module__", None) or "").split(".")[0] == theme:
                    app.disconnect(listener.id)
    app.preload_builder(name)
    app.builder = app.create_builder(name)
    app.env._builder_cls = app.builder.__class__  # what post-transforms ask the environment
    app._init_builder()


def site(
    root: Path,
    out: Path,
    *,
    fresh: bool = False,
    pdf: bool = True,
    overrides: dict[str, object] | None = None,
    ready: Callable[[], bool] | None = None,
) -> Result | None:
    """The working-draft site: HTML pages and, made beside them (accord.alongside), each
    document's PDF next to its page and the compendium. Warnings count as errors; a build after
    a failed one starts afresh, so that warnings of unchanged documents are never hidden by the
    incremental cache.

    A fresh build writes into a new folder, swapped in by rename only when it succeeds: the site
    then holds exactly the current documents' pages (Sphinx never deletes the pages of deleted
    documents), and a failed build leaves the last good site as it was.

    ``ready`` (accord.preflight) is asked once Sphinx has started, before anything is read or
    removed: False stops the build, with no folder left that Sphinx made, and the result is None."""
    marker = out / _FAILED_MARKER
    fresh = fresh or marker.exists()
    result = Result(out / "html")
    target = out / _NEW_SITE if fresh else result.html
    if fresh:
        shutil.rmtree(target, ignore_errors=True)
    # Sphinx makes these on start-up (the check's cache in ``out`` stays).
    made = [folder for folder in (target, out / "doctrees") if not folder.exists()]

    asked = False

    def clear_then_ready() -> bool:
        nonlocal asked
        asked = True
        if ready is not None and not ready():
            for folder in made:
                shutil.rmtree(folder, ignore_errors=True)
            return False
        if fresh:
            shutil.rmtree(out / "doctrees" / PDF_CACHE, ignore_errors=True)  # translations and PDFs
            shutil.rmtree(out / "doctrees" / PDF_PARTS, ignore_errors=True)
        return True

    # The same overrides for both builders, so that neither invalidates the other's environment.
    overrides = {
        "accord_pdf_html_link": pdf,
        "accord_pdf_sources": str(out / "typst"),
        **(overrides or {}),
    }
    builders = ["html", PDF_BUILDER] if pdf else ["html"]
    found = run_sphinx(root, out, builders, target, overrides=overrides, fresh=fresh, ready=clear_then_ready)
    if found is None or (not asked and not clear_then_ready()):  # Sphinx failed to start: ask now
        return None
    result.diagnostics = found
    # One message once: the same record from both builders, or from a document and the compendium.
    result.diagnostics = _one_cause(sorted(set(result.diagnostics)))
    failed = any(d.is_error for d in result.diagnostics)
    out.mkdir(parents=True, exist_ok=True)
    if fresh:
        if failed:
            shutil.rmtree(target, ignore_errors=True)
        else:
            _swap(target, result.html)
            if pdf:
                from accord.pdf import rejoin  # pikepdf: only after a fresh build with PDFs

                rejoin.relocate(out / "doctrees" / PDF_PARTS, target, result.html)
    if failed:
        marker.write_text("the last build reported problems\n", encoding="utf-8")
    elif marker.exists():
        marker.unlink()
    return result


#: Sphinx's and MyST's warnings that say what one of Accord's own codes says, by warning type: an
#: unknown name (at the same line), or a reference that leads nowhere (the same name; Sphinx gives
#: the paragraph's first line, the check the reference's own).
_SAME_PLACE = {"[myst.directive_unknown]": "BUILD030", "[myst.role_unknown]": "BUILD031"}
_SAME_NAME = {
    "[ref.ref]": "XREF015",
    "[ref.numref]": "XREF015",
    "[ref.eq]": "XREF016",
    "[ref.term]": "XREF017",
    "[myst.xref_missing]": "XREF018",
    "[ref.doc]": "XREF002",
}


def _named(message: str) -> str:
    """The name a message ends with: ``...: 'x' [type]`` or ``...: x``, without quotes or '#'."""
    text = re.sub(r"\s*\[[\w.-]+\]$", "", message)
    return text.rsplit(": ", 1)[-1].strip().strip("'").lstrip("#").lower()


def _one_cause(found: list[Diagnostic]) -> list[Diagnostic]:
    """Without Sphinx's or MyST's warning where Accord's own code reports the same thing."""
    at = {(d.path, d.line, d.code) for d in found if d.code in _SAME_PLACE.values()}
    named = {(d.path, d.code, _named(d.message)) for d in found if d.code in _SAME_NAME.values()}

    def repeated(d: Diagnostic) -> bool:
        kind = next((k for k in (*_SAME_PLACE, *_SAME_NAME) if d.message.endswith(k)), None)
        if d.code != "BUILD001" or kind is None:
            return False
        if kind in _SAME_PLACE:
            return (d.path, d.line, _SAME_PLACE[kind]) in at
        return (d.path, _SAME_NAME[kind], _named(d.message)) in named

    return [d for d in found if not repeated(d)]


def _swap(new: Path, site: Path) -> None:
    """Put the folder ``new`` in the place of ``site`` by renames; the old site is then deleted."""
    old = site.with_name(site.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if site.exists():
        site.rename(old)
    new.rename(site)
    shutil.rmtree(old, ignore_errors=True)


def serve(root: Path, *, host: str, port: int, pdf: bool = True) -> int:
    """Rebuild on every change, in this process (accord.liveserve), and serve the site with live
    reload; the PDFs after each rebuild, in the background (accord.servepdf)."""
    from accord import liveserve, servepdf, serving

    try:
        port, moved = serving.choose_port(host, port)
    except serving.PortError as error:
        print(f"accord serve: {error}", file=sys.stderr)
        return 2
    if moved:
        print(moved, file=sys.stderr)
    root = root.resolve()
    out = root / "_build" / "serve"
    overrides = serving.confoverrides(pdf=pdf)
    pdfs = servepdf.BackgroundPdfs(root, out, root / "_build" / "serve-pdf", overrides) if pdf else None
    builder = liveserve.LiveBuilder(root, out, overrides, pdfs=pdfs)
    liveserve.run(builder, watched=root, ignore=[root / "_build", root / ".git"], host=host, port=port)
    return 0
