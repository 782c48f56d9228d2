"""For ``accord serve``: each page shows the problems found in it, in a banner at its top, and the
console gets Accord's diagnostics instead of Sphinx's log.

An editor looks at the page, not at the terminal: a citation withheld or a reference that leads
nowhere is otherwise a silent gap in the text. Only a preview build turns this on
(``accord_serve_banner``); the published site never carries a banner.
"""

from __future__ import annotations

import html
import logging
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.util.logging import NAMESPACE, WarningLogRecordTranslator, WarningSuppressor

from accord.diagnostics import Diagnostic

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

_REPEATED_TYPE = re.compile(r"(\s\[[\w.-]+\])(?:\1)+$")
_FOUND = "accord_serve_found"  # on the environment: diagnostics by docname, kept between rebuilds


class _Collector(logging.Handler):
    """Every warning of the build, as a diagnostic, by the document it is in."""

    def __init__(self, app: Sphinx) -> None:
        super().__init__(logging.WARNING)
        self.app = app
        self.addFilter(WarningSuppressor(app))
        self.addFilter(WarningLogRecordTranslator(app))
        self.new: list[Diagnostic] = []

    def emit(self, record: logging.LogRecord) -> None:
        from accord.build import to_diagnostic

        # Sphinx's own handler translates the same record and appends its type: once is enough.
        message = _REPEATED_TYPE.sub(r"\1", record.getMessage())
        try:
            found = to_diagnostic(message, Path(self.app.srcdir))
        except Exception:  # a banner must never break the preview
            return
        self.new.append(found)
        docname = (
            self.app.env.path2doc(str(Path(self.app.srcdir) / found.path)) if found.path != "." else None
        )
        if docname is not None:
            _found(self.app.env).setdefault(docname, set()).add(found)


def _found(env: BuildEnvironment) -> dict[str, set[Diagnostic]]:
    if not hasattr(env, _FOUND):
        setattr(env, _FOUND, {})
    return getattr(env, _FOUND)


def _counted(errors: int, warnings: int) -> str:
    return f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"


def banner(diagnostics: list[Diagnostic]) -> str:
    """The banner's HTML: one item per diagnostic, with its line, code, message and hint."""
    errors = sum(d.is_error for d in diagnostics)
    warnings = len(diagnostics) - errors
    items = "".join(
        f"<li><code>{html.escape(d.path)}:{d.line}</code> <strong>{html.escape(d.code)}</strong> "
        f"{html.escape(d.message)}"
        + (f"<br><em>hint: {html.escape(d.hint)}</em>" if d.hint else "")
        + "</li>"
        for d in diagnostics
    )
    return (
        '<div class="accord-serve-problems" role="alert" style="border:2px solid #b00020;'
        "background:#fff4f4;color:#000;padding:.75em 1em;margin:0 0 1.5em;border-radius:4px;"
        'overflow-wrap:anywhere">'
        f"<p><strong>accord serve: {_counted(errors, warnings)} in this page</strong> "
        "(only in this preview; <code>accord check</code> lists them too)</p>"
        f"<ul>{items}</ul></div>"
    )


def _setup(app: Sphinx) -> None:
    if not app.config.accord_serve_banner:
        return
    collector = _Collector(app)
    logging.getLogger(NAMESPACE).addHandler(collector)
    app.connect("env-purge-doc", lambda app, env, docname: _found(env).pop(docname, None))
    app.connect("html-page-context", _page)
    app.connect("build-finished", lambda app, error: _report(collector))


def _page(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: object) -> None:
    found = sorted(_found(app.env).get(pagename, ()))
    if found and "body" in context:
        context["body"] = banner(found) + context["body"]


def _report(collector: _Collector) -> None:
    """The diagnostics of this rebuild, in the contract's form, and a summary line."""
    from accord import report

    # This rebuild's findings, and those of the pages it did not read again (kept in the environment).
    kept = {d for found in _found(collector.app.env).values() for d in found}
    found = sorted({*collector.new, *kept})
    collector.new.clear()
    report.text(found, sys.stderr, Path(collector.app.srcdir))
    errors = sum(d.is_error for d in found)
    summary = _counted(errors, len(found) - errors) if found else "no problems"
    print(f"accord serve: built, {summary}", file=sys.stderr)


def setup_servebanner(app: Sphinx) -> None:
    app.add_config_value("accord_serve_banner", False, "env", types=frozenset({bool}))
    app.connect("builder-inited", _setup)
