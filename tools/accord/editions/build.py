"""``accord edition build TAG``: one release tag built from scratch into an immutable edition.

The tag's files are exported into a temporary folder (the working copy is never touched) and
built with ``SOURCE_DATE_EPOCH`` set to the tag's commit time, so that building the same tag
twice gives the same bytes. The edition lands in ``_build/editions/TAG/`` with a manifest; a
second build of a tag is compared with the first and never replaces it.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from accord import build
from accord.diagnostics import Diagnostic, make
from accord.editions import git, manifest, site

#: The folder of an edition with its redline against the previous edition.
CHANGES = "changes"
#: Files of a Sphinx output folder that serve the next incremental build, not readers; .buildinfo
#: also records a hash of the configuration, which holds temporary paths.
NOT_PUBLISHED = (".buildinfo", ".buildinfo.bak")


@dataclass
class Edition:
    tag: str
    folder: Path  # _build/editions/TAG
    diagnostics: list[Diagnostic] = field(default_factory=list)
    unchanged: bool = False  # built before, and this build gave the same bytes


@contextlib.contextmanager
def source_date_epoch(epoch: int) -> Iterator[None]:
    before = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    try:
        yield
    finally:
        if before is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = before


def overrides(tag: str, date: str, base_url: str = "") -> dict[str, object]:
    """The configuration that makes a build an edition: its tag, its date, where versions.json is
    (absolute under the base URL, so that the copy of the newest edition at latest/ finds it too)."""
    return {
        "accord_edition": tag,
        "accord_edition_date": date,
        "accord_versions_url": f"{base_url.rstrip('/')}/{site.VERSIONS}"
        if base_url
        else f"../../{site.VERSIONS}",
    }


def _base_url(source: Path) -> str:
    from accord import settings

    return settings.load(source)[0].base_url


def editions_folder(root: Path, out: Path | None = None) -> Path:
    return (out or root / "_build") / site.EDITIONS


def build_edition(root: Path, tag: str, *, out: Path | None = None) -> Edition:
    """Build ``tag`` of the repository at ``root`` into ``<out>/editions/<tag>/``."""
    if not git.EDITION_TAG.match(tag):
        raise git.GitError(f"{tag!r} is not an edition tag (v1.0, 1.0 or v1.0.1)")
    if not git.tag_exists(root, tag):
        raise git.GitError(f"no tag {tag!r} in {root}; `git tag --list` shows the tags")
    target = editions_folder(root, out) / tag
    target.parent.mkdir(parents=True, exist_ok=True)
    edition = Edition(tag, target)
    date = git.tag_date(root, tag).isoformat()
    with tempfile.TemporaryDirectory(prefix="accord-edition-") as temporary:
        work = Path(temporary)
        source, output = work / "source", work / "out"
        refused = git.export(root, tag, source)
        if refused:
            edition.diagnostics = [
                make(
                    "BUILD029", name, 1, 1, name, hint="replace the link with the file itself, then tag again"
                )
                for name in refused
            ]
            return edition
        with source_date_epoch(git.commit_epoch(root, tag)):
            result = build.site(
                source,
                output,
                fresh=True,
                overrides=overrides(tag, date, _base_url(source)),
            )
        edition.diagnostics = result.diagnostics
        if any(d.is_error for d in edition.diagnostics):
            return edition
        for name in NOT_PUBLISHED:
            (result.html / name).unlink(missing_ok=True)
        _add_changes(root, tag, result.html, editions_folder(root, out))
        info = site.EditionInfo(tag, date, git.commit_of(root, tag))
        (result.html / site.EDITION_INFO).write_text(info.to_json(), encoding="utf-8")
        manifest.write(result.html)
        built_before = target.exists()
        edition.diagnostics += _settle(result.html, target)
        edition.unchanged = built_before and not edition.diagnostics
    return edition


def _add_changes(root: Path, tag: str, html: Path, built: Path) -> None:
    """The "what changed since the previous edition" pages, at ``changes/`` of the edition: the
    rendered text of each document's page compared with its page in the previous edition."""
    from accord.editions import redline, redline_html, redline_pdf, revisions

    previous = git.previous_tag(root, tag)
    new = rendered_snapshot(revisions.snapshot(root, tag), html)
    if previous:
        with _previous_pages(root, previous, built) as pages:
            old = rendered_snapshot(revisions.snapshot(root, previous), pages)
    else:
        old = revisions.Snapshot(label="no earlier edition")
    comparison = redline.compare(old, new)
    title = f"What changed in edition {tag}"
    old_label = previous or "no earlier edition"
    printed = redline_pdf.write(
        comparison,
        html / CHANGES,
        title=title,
        old_label=old_label,
        new_label=tag,
        timestamp=git.commit_epoch(root, tag),
    )
    redline_html.write(
        comparison,
        html / CHANGES,
        title=title,
        old_label=old_label,
        new_label=tag,
        pdfs=frozenset(p.name for p in printed),
        # The redline pages link each document's page in this edition, one folder up.
        document_url=lambda document: "../" + document.path.removesuffix(".md") + ".html",
        static="../_static/",
    )


def rendered_snapshot(snapshot: object, pages: Path | None) -> object:
    """``snapshot`` with each document's body replaced by the text of its built page, where the
    page exists (a withheld document's page does not: its source text stays)."""
    import dataclasses

    from accord.editions import rendered

    if pages is None:
        return snapshot
    documents = {}
    for key, document in snapshot.documents.items():  # type: ignore[attr-defined]
        text = rendered.body(pages / (document.path.removesuffix(".md") + ".html"))
        documents[key] = dataclasses.replace(document, body=text) if text is not None else document
    return dataclasses.replace(snapshot, documents=documents)  # type: ignore[call-overload]


@contextlib.contextmanager
def _previous_pages(root: Path, tag: str, built: Path) -> Iterator[Path | None]:
    """The HTML pages of edition ``tag``: its build in ``_build/editions`` when there is one (an
    edition is reproducible, so it is the published one), else a build of its pages alone."""
    if (built / tag / site.EDITION_INFO).is_file():
        yield built / tag
        return
    with pages_of(root, tag, edition=True) as pages:
        yield pages


@contextlib.contextmanager
def pages_of(root: Path, rev: str | None, *, edition: bool = False) -> Iterator[Path | None]:
    """The HTML pages (no PDFs) of revision ``rev`` (None: the working tree), built in a temporary
    folder; None when they cannot be built. ``edition``: built as the edition of tag ``rev``."""
    with tempfile.TemporaryDirectory(prefix="accord-pages-") as temporary:
        work = Path(temporary)
        source = root
        if rev is not None:
            source = work / "source"
            if git.export(root, rev, source):
                yield None
                return
        settings = {}
        epoch = contextlib.nullcontext()
        if edition and rev is not None:
            settings = overrides(rev, git.tag_date(root, rev).isoformat(), _base_url(source))
            epoch = source_date_epoch(git.commit_epoch(root, rev))
        with epoch:
            result = build.site(source, work / "out", fresh=True, pdf=False, overrides=settings)
        yield None if any(d.is_error for d in result.diagnostics) else result.html


def _settle(built: Path, target: Path) -> list[Diagnostic]:
    """Move the new build into place, or compare it with the edition built before."""
    if not target.exists():
        # A rename within one file system: the edition appears whole or not at all.
        staging = target.with_name(f".{target.name}.partial")
        shutil.rmtree(staging, ignore_errors=True)
        shutil.copytree(built, staging)
        staging.rename(target)
        return []
    try:
        before = manifest.read(target)
    except manifest.ManifestError as error:
        return [make("BUILD023", f"{target.name}/{manifest.MANIFEST}", error.line, detail=str(error))]
    difference = manifest.compare(before, manifest.read(built))
    if not difference:
        return []
    kept = target.with_name(f".{target.name}.rebuilt")
    shutil.rmtree(kept, ignore_errors=True)
    shutil.copytree(built, kept)
    changed = [*difference.changed, *difference.added, *difference.removed]
    return [
        make(
            "BUILD025",
            f"{target.name}/{manifest.MANIFEST}",
            1,
            detail=f"{len(changed)} files differ, first {changed[0]}",
            hint=f"the earlier build is kept; the new one is in {kept} for comparison",
        )
    ]
