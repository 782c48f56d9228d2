"""An edition as the files of a GitHub release, and back into the folder it came from.

The published editions live in the repository's GitHub releases: each carries its edition as one
reproducible archive, beside the PDFs and ``MANIFEST.sha256`` for readers. Every publish of the
site unpacks the archives of all releases next to the freshly built draft, so an edition's files
are written once, at its release, and never rebuilt; no branch holds the site and no job needs to
push to one.
"""

from __future__ import annotations

import gzip
import io
import re
import tarfile
from pathlib import Path, PurePosixPath

MANIFEST = "MANIFEST.sha256"
#: The folder of an edition with its redlines (accord.editions.build.CHANGES).
CHANGES = "changes"
TAG = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")
ARCHIVE = re.compile(r"^edition-(?P<tag>[A-Za-z0-9][A-Za-z0-9._-]{0,99})\.tar\.gz$")


class ReleaseError(Exception):
    """An edition folder or archive that cannot be turned into the other."""


def archive_name(tag: str) -> str:
    return f"edition-{tag}.tar.gz"


def _archive(edition: Path, target: Path, *, epoch: int) -> None:
    """A tar.gz of the folder that is the same bytes for the same files: names sorted, times
    set to ``epoch``, no owners, fixed modes, and no time or name in the gzip header."""
    paths = sorted([edition, *edition.rglob("*")], key=lambda p: p.relative_to(edition.parent).as_posix())
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for path in paths:
            if path.is_symlink() or not (path.is_file() or path.is_dir()):
                raise ReleaseError(f"only files and folders can be released: {path}")
            info = tarfile.TarInfo(path.relative_to(edition.parent).as_posix())
            info.mtime = epoch
            info.uid = info.gid = 0
            info.uname = info.gname = ""
            if path.is_dir():
                info.type, info.mode = tarfile.DIRTYPE, 0o755
                tar.addfile(info)
            else:
                data = path.read_bytes()
                info.size, info.mode = len(data), 0o644
                tar.addfile(info, io.BytesIO(data))
    with target.open("wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as packed:
        packed.write(buffer.getvalue())


def assets(edition: Path, out: Path, *, epoch: int) -> list[Path]:
    """Write the release files of the edition folder ``edition`` (named by its tag) into ``out``:
    the archive, the manifest, and every document's PDF under its own name (the redlines' PDFs,
    in ``changes/``, are in the archive). Returns the files written."""
    tag = edition.name
    if not TAG.match(tag):
        raise ReleaseError(f"an edition folder is named by its tag (letters, digits, '.', '_', '-'): {tag!r}")
    if not (edition / MANIFEST).is_file():
        raise ReleaseError(f"{edition} has no {MANIFEST}: is it an edition built by `accord edition build`?")
    pdfs: dict[str, Path] = {}
    for pdf in sorted(edition.rglob("*.pdf")):
        if pdf.relative_to(edition).parts[0] == CHANGES:
            continue  # a redline's PDF is named as its document's: it stays in the archive only
        if pdf.name in pdfs:
            raise ReleaseError(
                f"two PDFs would share the release file name {pdf.name!r}: {pdfs[pdf.name]}, {pdf}"
            )
        pdfs[pdf.name] = pdf
    out.mkdir(parents=True, exist_ok=True)
    written = [out / archive_name(tag), out / MANIFEST]
    _archive(edition, written[0], epoch=epoch)
    written[1].write_bytes((edition / MANIFEST).read_bytes())
    for name, pdf in pdfs.items():
        (out / name).write_bytes(pdf.read_bytes())
        written.append(out / name)
    return written


def _safe_members(tar: tarfile.TarFile, tag: str) -> list[tarfile.TarInfo]:
    members = tar.getmembers()
    for member in members:
        parts = PurePosixPath(member.name).parts
        if not parts or parts[0] != tag or ".." in parts or member.name.startswith("/"):
            raise ReleaseError(f"every file of the archive must lie in the folder {tag}/: {member.name!r}")
        if not (member.isfile() or member.isdir()):
            raise ReleaseError(f"an edition archive holds only files and folders: {member.name!r}")
    return members


def unpack(archive: Path, into: Path) -> str:
    """Unpack one edition archive into ``into/<tag>``; returns the tag.

    The archive comes from a release, which maintainers can edit: nothing may land outside its
    own folder, and an edition already there is never overwritten.
    """
    found = ARCHIVE.match(archive.name)
    if found is None:
        raise ReleaseError(f"not an edition archive (edition-TAG.tar.gz): {archive.name}")
    tag = found["tag"]
    if (into / tag).exists():
        raise ReleaseError(f"the edition {tag} is there already: {into / tag}")
    try:
        with tarfile.open(archive, "r:gz") as tar:
            members = _safe_members(tar, tag)
            into.mkdir(parents=True, exist_ok=True)
            if hasattr(tarfile, "data_filter"):  # Python 3.11.4 and later: a second guard
                tar.extractall(into, members=members, filter="data")
            else:  # pragma: no cover - older Python 3.11
                tar.extractall(into, members=members)
    except (tarfile.TarError, OSError, EOFError) as error:
        raise ReleaseError(f"cannot unpack {archive.name}: {error}") from None
    return tag
