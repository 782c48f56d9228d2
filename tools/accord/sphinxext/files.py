"""The build's second line for paths: nothing outside the repository is read, copied or fetched.

``accord check`` (accord.checks.files) reports every path of the table in accord.vocabulary at its
line, and a document with a SAFE error is withheld (checking.py). Should anything get past it, the
same table and the same resolver (accord.paths) act here:

- the directives of the table are replaced (``app.add_directive(..., override=True)``) by guarded
  subclasses that refuse an outside path or a URL to fetch before the file is opened;
- ``include`` under MyST: MyST runs docutils ``Include`` subclasses through its own
  ``MockIncludeDirective``, which reads the file before any event, so the guard is a plain
  directive that checks the path and then hands over to MyST's reader; ``include-read`` checks the
  included text with the document rules and withholds it when they find unsafe content;
- a transform, before Sphinx's image and download collectors, turns a download of an outside file
  into plain text and drops an outside image (MyST links to local files and ``path:`` links are
  downloads too);
- a document file that is a symbolic link out of the repository is replaced at source-read, and a
  bibliography that is one is taken out of ``bibtex_bibfiles``.

A refusal is a warning typed ``accord.CODE`` at the document and line.
"""

from __future__ import annotations

import warnings
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from docutils import nodes
from docutils.parsers.rst import Directive, directives
from sphinx import addnodes
from sphinx.transforms import SphinxTransform

from accord import paths
from accord.active import active
from accord.checks import files as file_rules
from accord.corpus import Document
from accord.diagnostics import Diagnostic, make
from accord.frontmatter import FrontMatter
from accord.sphinxext.checking import emit
from accord.sphinxext.domain import get_domain
from accord.vocabulary import FETCH_OPTIONS, IMAGE_DIRECTIVES, IMAGE_OPTIONS, PATH_ARGUMENTS, PATH_OPTIONS

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

_WITHHELD = "This text is withheld from the site: {codes}. Run `accord check` to see where."


def _docpath(env: BuildEnvironment, docname: str) -> str:
    return Path(env.doc2path(docname)).relative_to(env.srcdir).as_posix()


def _is_url(target: str) -> bool:
    """What Sphinx's image and download collectors leave alone as remote."""
    return file_rules.is_remote(target)


def refusal(name: str, arguments: list[str], options: dict, root: Path, docpath: str) -> Diagnostic | None:
    """Why the directive ``name`` with these arguments and options must not run, by the table."""
    written: list[tuple[str, bool]] = []  # (path, an image, which may be a URL instead)
    if name in PATH_ARGUMENTS and arguments:
        image = name in IMAGE_DIRECTIVES
        written.append(("".join(arguments[0].split()) if image else arguments[0], image))
    for option, value in options.items():
        if (name, option) in FETCH_OPTIONS:
            return make("SAFE006", docpath, 1, 1, str(value))
        if (name, option) in PATH_OPTIONS and isinstance(value, str):
            written.append((value, (name, option) in IMAGE_OPTIONS))
    for target, image in written:
        if image and _is_url(target):
            continue  # the URL rules' (and a remote image is never fetched by the HTML build)
        resolved = paths.resolve(root, docpath, target)
        if not resolved.inside:
            return make("SAFE004", docpath, 1, 1, detail=f"{target!r} ({resolved.reason})")
    return None


def _refuse(directive: Directive, diagnostic: Diagnostic) -> list[nodes.Node]:
    env = directive.state.document.settings.env
    emit(replace(diagnostic, line=directive.lineno), env.docname)
    return []


def _check(directive: Directive) -> Diagnostic | None:
    env = directive.state.document.settings.env
    return refusal(
        directive.name, directive.arguments, directive.options, Path(env.srcdir), _docpath(env, env.docname)
    )


def guarded(base: type[Directive]) -> type[Directive]:
    """``base`` that refuses, before it runs, what the table says it must not read or fetch."""

    def run(self: Directive) -> list[nodes.Node]:
        if (found := _check(self)) is not None:
            return _refuse(self, found)
        return base.run(self)

    return type(f"Guarded{base.__name__}", (base,), {"run": run})


class GuardedInclude(Directive):
    """``include``, refused outside the repository, then read the way MyST (or Sphinx) reads it.

    Deliberately not a subclass of docutils' Include: MyST would run it through its own reader
    without calling ``run``."""

    required_arguments = 1
    final_argument_whitespace = True
    has_content = False

    def run(self) -> list[nodes.Node]:
        from myst_parser.mocking import MockIncludeDirective, MockState
        from sphinx.directives.other import Include

        if (found := _check(self)) is not None:
            return _refuse(self, found)
        if isinstance(self.state, MockState):
            renderer = self.state._renderer
            reader = MockIncludeDirective(
                renderer, self.name, Include, self.arguments, self.options, list(self.content), self.lineno
            )
            with warnings.catch_warnings():
                # MyST's reader reaches env.app, which Sphinx 9 deprecates; not ours to fix.
                warnings.simplefilter("ignore", DeprecationWarning)
                warnings.simplefilter("ignore", PendingDeprecationWarning)
                return reader.run()
        include = Include(
            self.name,
            self.arguments,
            self.options,
            self.content,
            self.lineno,
            self.content_offset,
            self.block_text,
            self.state,
            self.state_machine,
        )
        return include.run()


def _include_options() -> dict:
    from sphinx.directives.other import Include

    return {
        **Include.option_spec,
        "relative-images": directives.flag,
        "relative-docs": directives.path,
        "heading-offset": directives.nonnegative_int,
    }


def _included(app: Sphinx, relative: Path, parent: str, content: list[str]) -> None:
    """Included text: withheld when it comes from outside or the document rules find it unsafe."""
    env = app.env
    root = Path(env.srcdir)
    resolved = paths.contained(root, root / relative)
    docname = env.docname
    if not resolved.inside:
        found = [
            make(
                "SAFE004", _docpath(env, docname), 1, 1, detail=f"{relative.as_posix()!r} ({resolved.reason})"
            )
        ]
    else:
        context = get_domain(env).context
        if context is None:
            return
        doc = Document(resolved.relative, docname.split("/", 1)[0], content[0], FrontMatter(data={}))
        base = _docpath(env, docname)
        found = [
            d
            for d in file_rules._included(doc, context, base, (base, resolved.relative))
            if d.code.startswith("SAFE")
        ]
    if found:
        for diagnostic in found:
            emit(diagnostic, location=f"{diagnostic.path}:{diagnostic.line}")
        codes = ", ".join(sorted({d.code for d in found}))
        content[0] = _WITHHELD.format(codes=codes) + "\n"


class RefuseOutsideFiles(SphinxTransform):
    """Downloads of outside files, or of files that would run as a page (accord.active), become
    their text; such images are dropped."""

    # With the other safety transforms, before Sphinx's collectors copy images and downloads.
    default_priority = 100

    def apply(self, **kwargs: object) -> None:
        root = Path(self.env.srcdir)
        docpath = _docpath(self.env, self.env.docname)
        for download in list(self.document.findall(addnodes.download_reference)):
            target = download.get("reftarget", "")
            if target and not _is_url(target) and self._refused(download, target, docpath, root):
                download.replace_self(nodes.inline(download.astext(), download.astext()))
        for image in list(self.document.findall(nodes.image)):
            uri = image.get("uri", "")
            if not uri or _is_url(uri) or uri.startswith("data:"):
                continue
            if self._refused(image, uri, docpath, root):
                image.parent.remove(image)

    def _refused(self, node: nodes.Node, target: str, docpath: str, root: Path) -> bool:
        """True (and a warning at the node) when ``target`` leads outside or would run as a page."""
        resolved = paths.resolve(root, docpath, target)
        if not resolved.inside:
            diagnostic = make("SAFE004", docpath, node.line or 1, 1, detail=f"{target!r} ({resolved.reason})")
        elif resolved.path.is_file() and (why := active(resolved.path)):  # type: ignore[union-attr,arg-type]
            diagnostic = make("SAFE017", docpath, node.line or 1, 1, detail=f"{target!r} ({why})")
        else:
            return False
        emit(diagnostic, self.env.docname)
        return True


def _outside_document(app: Sphinx, docname: str, source: list[str]) -> None:
    """A document file that is a symbolic link out of the repository is never published."""
    root = Path(app.srcdir)
    path = Path(app.env.doc2path(docname))
    if not paths.contained(root, path).inside:
        emit(file_rules.symlink_out(path.relative_to(root).as_posix()), docname)
        source[0] = _WITHHELD.format(codes="SAFE005") + "\n"


def _no_outside_source(app: Sphinx, pagename: str, template: str, context: dict, doctree: object) -> None:
    """Sphinx copies each document's file into _sources/: not one that leads outside."""
    if (
        pagename in app.env.found_docs
        and not paths.contained(Path(app.srcdir), Path(app.env.doc2path(pagename))).inside
    ):
        context["sourcename"] = ""


def _outside_bibliographies(app: Sphinx, config: Config) -> None:
    """A bibliography that is a symbolic link out of the repository is not handed to bibtex."""
    root = Path(app.srcdir)
    files = list(getattr(config, "bibtex_bibfiles", None) or [])
    kept = [name for name in files if not paths.leads_outside(root, str(name))]
    for name in files:
        if name not in kept:
            emit(file_rules.symlink_out(str(name)), location=f"{name}:1")
    if len(kept) != len(files):
        config.bibtex_bibfiles = kept


def setup_files(app: Sphinx) -> None:
    from docutils.parsers.rst.directives.images import Image
    from docutils.parsers.rst.directives.misc import Raw
    from sphinx.directives.code import LiteralInclude
    from sphinx.directives.patches import CSVTable, Figure

    GuardedInclude.option_spec = _include_options()
    app.add_directive("include", GuardedInclude, override=True)
    for name, base in (
        ("literalinclude", LiteralInclude),
        ("csv-table", CSVTable),
        ("raw", Raw),
        ("image", Image),
        ("figure", Figure),
    ):
        app.add_directive(name, guarded(base), override=True)
    app.add_transform(RefuseOutsideFiles)
    app.connect("include-read", _included)
    app.connect("source-read", _outside_document, priority=400)
    app.connect("html-page-context", _no_outside_source)
    app.connect("config-inited", _outside_bibliographies, priority=900)
