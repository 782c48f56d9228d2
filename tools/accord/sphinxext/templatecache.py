"""Compiled page templates kept between builds (Jinja's bytecode cache, beside the doctrees).

Sphinx compiles the theme's templates (pydata's layout, sidebars and components: some thirty) in
every new process before it writes the first page; in a one-document rebuild that is a large part
of writing two pages. Jinja keys each entry by the template's name and a checksum of its source,
so an edited template is compiled again; the folder is the build's, like the pickled doctrees.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from jinja2 import FileSystemBytecodeCache

if TYPE_CHECKING:
    from sphinx.application import Sphinx

FOLDER = "accord-templates"


def _keep_compiled(app: Sphinx) -> None:
    templates = getattr(app.builder, "templates", None)
    environment = getattr(templates, "environment", None)
    if environment is None:  # a builder without HTML templates
        return
    folder = Path(app.doctreedir) / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    environment.bytecode_cache = FileSystemBytecodeCache(str(folder))


def setup_templatecache(app: Sphinx) -> None:
    app.connect("builder-inited", _keep_compiled)
