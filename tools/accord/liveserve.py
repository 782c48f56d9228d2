"""``accord serve``'s rebuilds: one Sphinx application kept in this process between edits.

sphinx-autobuild starts a new ``sphinx-build`` process for every change (Python, Sphinx and the
extensions start up, the pickled environment is read again): seconds before an edit shows. Here
the application that made the first build builds again, incrementally, when documents change; a
change to anything else (conf.py, pyproject.toml, the bibliography, templates, static files) gets
a new application, as a new process would, so that nothing read at start-up is stale. The server,
the file watcher and the live reload are sphinx-autobuild's.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from accord.servepdf import BackgroundPdfs


class LiveBuilder:
    """Builds ``source`` into ``out`` as HTML; called again with the paths that changed."""

    def __init__(
        self, source: Path, out: Path, confoverrides: dict[str, object], *, pdfs: BackgroundPdfs | None = None
    ) -> None:
        self.source, self.out, self.confoverrides = source, out, confoverrides
        self.app: Sphinx | None = None
        self.pdfs = pdfs  # rebuilt after each build, in the background (accord.servepdf)
        self._namespace = contextlib.ExitStack()

    def _documents_only(self, changed: Sequence[Path]) -> bool:
        """Whether every changed path is a source document (the application can build them again)."""
        assert self.app is not None
        suffixes = tuple(self.app.config.source_suffix)
        return all(path.suffix in suffixes and path.name != "conf.py" for path in changed)

    def _create(self) -> Sphinx:
        from sphinx.application import Sphinx
        from sphinx.util.docutils import docutils_namespace, patch_docutils

        # A new namespace forgets the directives and roles the previous application registered.
        self._namespace.close()
        self._namespace.enter_context(patch_docutils(self.source))
        self._namespace.enter_context(docutils_namespace())
        return Sphinx(
            srcdir=self.source,
            confdir=self.source,
            outdir=self.out,
            doctreedir=self.out / ".doctrees",
            buildername="html",
            confoverrides=dict(self.confoverrides),
            status=None,  # Accord's diagnostics (servebanner), not Sphinx's log
            warning=None,
        )

    def __call__(self, *, changed_paths: Sequence[Path] = ()) -> bool:
        """Build what changed; False when the build failed (the site served stays as it was)."""
        try:
            with self.pdfs.held() if self.pdfs is not None else contextlib.nullcontext():
                if self.app is None or not self._documents_only(changed_paths):
                    self.app = self._create()
                self.app.build()
        except Exception as error:  # the preview keeps serving; the next change starts afresh
            self.app = None
            print(f"accord serve: the build failed: {_said(error)}", file=sys.stderr)
            return False
        if self.pdfs is not None:
            self.pdfs.request()
        return True

    def close(self) -> None:
        if self.pdfs is not None:
            self.pdfs.close()
        self._namespace.close()


def _said(error: Exception) -> str:
    """The error in a line or two: Sphinx puts a whole traceback in some messages (a broken conf.py);
    its first line says what failed, its last one why."""
    lines = [line.strip() for line in str(error).splitlines() if line.strip()] or [type(error).__name__]
    said = lines[0] if len(lines) == 1 else f"{lines[0]} {lines[-1]}"
    return (
        said if said.startswith(type(error).__name__) or len(lines) > 1 else f"{type(error).__name__}: {said}"
    )


def ignored(root: Path, ignore: Sequence[Path]) -> Callable[[str], bool]:
    """Whether a changed path is no reason to rebuild: outside ``root``, in ``ignore``, or hidden
    (a name starting with a dot) inside ``root``; the folders above ``root`` may be hidden ones."""

    def test(path: str) -> bool:
        changed = Path(path).resolve()
        if not changed.is_relative_to(root) or any(changed.is_relative_to(folder) for folder in ignore):
            return True
        return any(part.startswith(".") for part in changed.relative_to(root).parts)

    return test


def run(builder: LiveBuilder, *, watched: Path, ignore: list[Path], host: str, port: int) -> None:
    """Build once, then serve ``builder.out`` on ``host:port``, rebuilding on every change."""
    import uvicorn
    from sphinx_autobuild.middleware import JavascriptInjectorMiddleware
    from sphinx_autobuild.server import RebuildServer
    from starlette.applications import Starlette
    from starlette.middleware import Middleware
    from starlette.routing import Mount, WebSocketRoute
    from starlette.staticfiles import StaticFiles

    class InProcess(RebuildServer):
        """sphinx-autobuild's watcher, rebuilding in a thread of this process (its own forks a
        process pool per change): one build at a time, since each waits for the previous one."""

        async def watch(self) -> None:
            import watchfiles

            async for changes in watchfiles.awatch(
                *self.paths, watch_filter=lambda _, path: not self.ignore(path)
            ):
                changed = [Path(path).resolve() for _, path in changes]
                await asyncio.to_thread(self.change_callback, changed_paths=changed)
                self.flag.set()

    builder.out.mkdir(parents=True, exist_ok=True)
    builder()
    url_host = f"{host}:{port}"
    watcher = InProcess([watched], ignored(watched, ignore), change_callback=builder)
    app = Starlette(
        routes=[
            WebSocketRoute("/websocket-reload", watcher, name="reload"),
            Mount("/", app=StaticFiles(directory=builder.out, html=True), name="static"),
        ],
        middleware=[Middleware(JavascriptInjectorMiddleware, ws_url=url_host)],
        lifespan=watcher.lifespan,
    )
    print(f"accord serve: serving on http://{url_host}", file=sys.stderr)
    # uvicorn's logging set-up would print watchfiles' "1 change detected" before every report.
    logging.getLogger("watchfiles").setLevel(logging.WARNING)
    try:
        uvicorn.run(app, host=host, port=port, log_level="warning")
    except KeyboardInterrupt:
        pass
    finally:
        builder.close()
