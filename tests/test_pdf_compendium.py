"""The working build's compendium, joined from cached parts (accord.pdf.parts, accord.pdf.assemble),
is the one-source compendium of an edition page for page: the same text on each page, footers and
page numbers included, the same links to the same pages, the same bookmarks; and it is joined
again, byte for byte, from the same parts."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pikepdf
import pytest
from sphinx.testing.util import SphinxTestApp

from accord.pdf import ahead, assemble, compendium
from accord.pdf.assemble import ANCHOR
from accord.pdf.links import DEST
from tests.conftest import Repo
from tests.test_pdf import SVG, png
from tests.test_pdf_compiler import KILLED, stand_in_python

pytestmark = pytest.mark.sphinx


def _body(other: str, words: int) -> str:
    filler = " ".join(["Words that fill the page so that documents run over several pages."] * words)
    return f"""
## Opening

{filler}

See [the other document's section](../{other}#second-section) and [the other document](../{other}).

| Option | Supported by |
|---|---|
| A | civil society |
| B | governments |

:::{{figure}} ../positions/shape.svg
:width: 30%

A figure's caption.
:::

## Second section

{filler} {{cite:p}}`wgig2005report`.
"""


@pytest.fixture
def project(repo: Repo) -> Repo:
    (repo.root / "positions" / "shape.svg").write_text(SVG, encoding="utf-8")
    (repo.root / "positions" / "dot.png").write_bytes(png())
    repo.doc("positions/alpha.md", _body("principles/gamma.md", 40), title="Alpha paper")
    repo.doc(
        "positions/beta.md",
        _body("positions/alpha.md", 10),
        title="Beta paper",
        status="adopted",
        version="'1.0'",
        adopted="{date: 2026-02-01, by: Assembly}",
    )
    repo.doc("principles/gamma.md", _body("positions/beta.md", 70), title="Gamma charter")
    return repo


def _warned(root: Path, **overrides: object) -> tuple[str, Path]:
    """A fresh PDF build of ``root`` with config ``overrides``: its warnings and its output folder."""
    app = SphinxTestApp("accordpdf", srcdir=root, freshenv=True, confoverrides=overrides)
    try:
        app.build()
        return app.warning.getvalue(), Path(app.outdir)
    finally:
        app.cleanup()


def _build(root: Path, **overrides: object) -> Path:
    warnings, out = _warned(root, **overrides)
    assert warnings == ""
    return out


def _page_texts(path: Path) -> list[str]:
    with pikepdf.open(path) as pdf:
        count = len(pdf.pages)
    return [
        subprocess.run(
            ["pdftotext", "-layout", "-f", str(n), "-l", str(n), str(path), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for n in range(1, count + 1)
    ]


@dataclass
class Links:
    jumps: list[tuple[int, int]]  # (page of the link, page it goes to), 0-based
    uris: list[str]
    outline: list[tuple[int, str, int]]  # (depth, title, page)


def _links(path: Path) -> Links:
    with pikepdf.open(path) as pdf:
        return _links_in(pdf)


def _links_in(pdf: pikepdf.Pdf) -> Links:
    names = pdf.Root.get("/Names")
    tree = pikepdf.NameTree(names.Dests) if names is not None and "/Dests" in names else {}
    index = {page.objgen: number for number, page in enumerate(pdf.pages)}

    def target(dest: pikepdf.Object) -> int:
        if isinstance(dest, pikepdf.String):
            dest = tree[str(dest)]  # a named destination: it must be in the name tree
        return index[dest[0].objgen]

    found = Links([], [], [])
    for number, page in enumerate(pdf.pages):
        for annotation in page.get("/Annots", []):
            if "/A" in annotation:
                found.uris.append(str(annotation.A.URI))
            else:
                found.jumps.append((number, target(annotation.Dest)))

    def walk(items: list[pikepdf.OutlineItem], depth: int) -> None:
        for item in items:
            found.outline.append((depth, item.title, target(item.destination)))
            walk(item.children, depth + 1)

    with pdf.open_outline() as outline:
        walk(list(outline.root), 0)
    return found


def test_the_joined_compendium_is_the_one_source_compendium(
    project: Repo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795824000")
    joined = tmp_path / "joined.pdf"
    out = _build(project.root)
    shutil.copy(out / "compendium.pdf", joined)
    assert (out / "typst" / "compendium" / "positions" / "alpha.typ").is_file()
    assert not (out / "typst" / "compendium.typ").exists()  # no one source in a working build
    monkeypatch.setattr(compendium, "one_source", lambda builder: True)
    single = _build(project.root) / "compendium.pdf"

    texts = _page_texts(joined)
    assert len(texts) > 8  # cover, contents, three part pages and documents of several pages
    assert texts == _page_texts(single)
    assert f"4 of {len(texts)}" in texts[3]  # the page numbers are stamped, the cover has none
    assert not re.search(r"\d+ of \d+", texts[0])

    ours, theirs = _links(joined), _links(single)
    assert not [uri for uri in ours.uris if uri.startswith((DEST, ANCHOR))]
    assert ours.uris == theirs.uris
    assert ours.jumps == theirs.jumps  # the contents and the cross-document links go to the same pages
    assert ours.outline == theirs.outline
    # The contents (page 2) link to each document's first page, where its title is.
    contents = [to for at, to in ours.jumps if at == 1]
    for title in ["Gamma charter", "Alpha paper", "Beta paper"]:
        first = next(n for n, text in enumerate(texts) if n > 1 and title in text)
        assert first in contents
    # Alpha's link to Gamma's section (an earlier part) lands on the page of that section.
    gamma, alpha, beta = (
        next(n for n, text in enumerate(texts) if n > 1 and title in text)
        for title in ["Gamma charter", "Alpha paper", "Beta paper"]
    )
    section = next(n for n, text in enumerate(texts) if n > gamma and "Second section" in text)
    assert section < alpha
    assert section in [to for at, to in ours.jumps if alpha <= at < beta]

    assert _info(joined) == _info(single)
    assert _info(joined)["/Title"] == "Test coalition" or _info(joined)["/Title"]


def _info(path: Path) -> dict[str, str]:
    """The PDF's title, author, subject and keywords, as its Info and its XMP say them."""
    with pikepdf.open(path) as pdf:
        info = {key: str(pdf.docinfo.get(key, "")) for key in ["/Title", "/Author", "/Subject", "/Keywords"]}
        xmp = pdf.open_metadata()
        info |= {
            key: str(xmp.get(key, "")) for key in ["dc:title", "dc:creator", "dc:description", "pdf:Keywords"]
        }
        info["/Lang"] = str(pdf.Root.get("/Lang", ""))
    return info


def test_the_same_parts_join_to_the_same_bytes(project: Repo, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795824000")
    out = _build(project.root)
    first = (out / "compendium.pdf").read_bytes()
    (out / "compendium.pdf").unlink()
    shutil.rmtree(out.parent / "doctrees")  # no cache, no parts: everything compiled again
    assert (_build(project.root) / "compendium.pdf").read_bytes() == first


def test_an_edit_patches_the_last_compendium_and_gives_the_same_bytes(
    project: Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795824000")
    out = _build(project.root)
    # A word changed: the same pages, so the front matter and page numbers stay.
    edited_body = _body("principles/gamma.md", 40).replace("Opening", "Edited opening")
    project.doc("positions/alpha.md", edited_body, title="Alpha paper")

    def no_fresh_join(*args: object) -> None:
        raise AssertionError("the compendium was joined afresh")

    with monkeypatch.context() as patched:
        patched.setattr(assemble, "merge", no_fresh_join)
        out = _build(project.root)
    edited = (out / "compendium.pdf").read_bytes()
    assert "Edited opening" in "".join(_page_texts(out / "compendium.pdf"))
    shutil.rmtree(out.parent / "doctrees")  # no cache, no parts, no record of the last join
    assert (_build(project.root) / "compendium.pdf").read_bytes() == edited


class _Reader:
    """Stands for accord.pdf.ahead's reader: says it could not patch, so the builder does."""

    def __init__(self) -> None:
        self.calls: list[str] = []

    def patch(self, request: tuple[object, ...]) -> tuple[bool, None]:
        self.calls.append("patch")
        return False, None

    def stop(self) -> None:
        self.calls.append("stop")


def test_the_reader_of_the_last_compendium_is_sent_a_patch_only_when_a_part_changed(
    project: Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Its reading (a third of a second at 500 documents) is only worth it when a document's part
    # is compiled again, to be patched in; otherwise it is stopped at once.
    readers: list[_Reader] = []
    monkeypatch.setattr(ahead, "take", lambda output: readers.append(_Reader()) or readers[-1])
    _build(project.root)
    readers.clear()
    _build(project.root)  # nothing changed
    assert [reader.calls for reader in readers] == [["stop"]]
    readers.clear()
    edited_body = _body("principles/gamma.md", 40).replace("Opening", "Edited opening")
    project.doc("positions/alpha.md", edited_body, title="Alpha paper")
    out = _build(project.root)
    assert [reader.calls for reader in readers] == [["patch"]]
    assert "Edited opening" in "".join(_page_texts(out / "compendium.pdf"))  # patched here instead


#: ``accord`` with accord.pdf.rejoin.patch noting the process it runs in and whether it was given
#: the compendium read already.
_NOTING = """
import json, os, sys
from accord import cli
from accord.pdf import rejoin

patch, log = rejoin.patch, sys.argv.pop(1)

def noting(*args, opened=None):
    with open(log, "a", encoding="utf-8") as out:
        out.write(json.dumps([os.getpid(), opened is not None]) + "\\n")
    return patch(*args, opened=opened)

rejoin.patch = noting
print(os.getpid())
code = cli.main(sys.argv[1:])
try:
    os.waitpid(-1, os.WNOHANG)
    print("a child is left")  # the compendium's reader, the check's process, the PDF builder
except ChildProcessError:
    pass
sys.exit(code)
"""


def _accord_noting(root: Path, log: Path) -> int:
    run = subprocess.run(
        [sys.executable, "-c", _NOTING, str(log), "build", str(root)],
        env={**os.environ, "SOURCE_DATE_EPOCH": "1795824000"},  # the same dates in every build
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "a child is left" not in run.stdout
    return int(run.stdout.split()[0])


def test_a_one_document_edit_is_patched_by_the_process_that_read_the_compendium_first(
    project: Repo, tmp_path: Path
) -> None:
    log = tmp_path / "patches.jsonl"
    _accord_noting(project.root, log)  # nothing to patch: no join recorded yet
    assert not log.exists()
    project.doc(
        "positions/alpha.md",
        _body("principles/gamma.md", 40).replace("Opening", "Edited opening"),
        title="Alpha paper",
    )
    main = _accord_noting(project.root, log)
    patches = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    assert len(patches) == 1
    pid, opened = patches[0]
    assert opened and pid != main  # in the reader, on the file it had read
    site = project.root / "_build" / "html"
    patched = (site / "compendium.pdf").read_bytes()
    assert "Edited opening" in "".join(_page_texts(site / "compendium.pdf"))
    shutil.rmtree(project.root / "_build")  # joined afresh from nothing: the same bytes
    _accord_noting(project.root, log)
    assert (site / "compendium.pdf").read_bytes() == patched
    assert not (site / "compendium.pdf.tmp").exists()


def test_a_compendium_changed_since_the_last_join_is_joined_afresh(
    project: Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = _build(project.root)
    (out / "compendium.pdf").write_bytes(b"%PDF-1.7 not the joined one")
    project.doc(
        "positions/alpha.md",
        _body("principles/gamma.md", 40) + "\nAn edited sentence.\n",
        title="Alpha paper",
    )
    joins = []
    merge = assemble.merge
    monkeypatch.setattr(assemble, "merge", lambda *args: joins.append(args) or merge(*args))
    out = _build(project.root)
    assert len(joins) == 1
    assert "An edited sentence." in "".join(_page_texts(out / "compendium.pdf"))


def test_a_document_with_an_error_leaves_no_compendium(project: Repo) -> None:
    out = _build(project.root)
    assert (out / "compendium.pdf").is_file()
    project.doc(
        "positions/beta.md", '\n## Section\n\n```{productionlist} rule: "a" | "b"\n```\n', title="Beta"
    )
    assert "BUILD003" in _warned(project.root)[0]
    assert not (out / "compendium.pdf").exists()  # not the last good one, silently lacking Beta
    assert (out / "positions" / "alpha.pdf").is_file()


def _held(source: Path) -> list[str]:
    """The documents a one-source compendium holds, in its order."""
    return re.findall(r"^// accord: body of (\S+)$", source.read_text(encoding="utf-8"), flags=re.M)


def test_a_book_past_the_volume_size_is_typeset_in_volumes_that_together_hold_it(project: Repo) -> None:
    site = "https://example.org/draft/"
    one = _build(project.root, accord_pdf_standard="a-2b", accord_pdf_base_url=site)
    assert sorted(p.name for p in one.glob("compendium*.pdf")) == ["compendium.pdf"]
    whole = _held(one / "typst" / "compendium.typ")
    assert whole == ["principles/gamma", "positions/alpha", "positions/beta", "options", "crosswalk"]

    # Five documents (two printed pages among them), at most two a volume: three volumes, 2-2-1.
    out = _build(
        project.root, accord_pdf_standard="a-2b", accord_pdf_base_url=site, accord_pdf_volume_documents=2
    )
    names = sorted(p.name for p in out.glob("compendium*.pdf"))
    assert names == ["compendium-1.pdf", "compendium-2.pdf", "compendium-3.pdf"]  # no stale one book
    assert sorted(p.name for p in (out / "typst").glob("compendium*.typ")) == [n[:-4] + ".typ" for n in names]
    held = [_held(out / "typst" / name.replace(".pdf", ".typ")) for name in names]
    assert held == [whole[:2], whole[2:4], whole[4:]]  # each document once, in order
    titles = {
        "principles/gamma": "Gamma charter",
        "positions/alpha": "Alpha paper",
        "positions/beta": "Beta paper",
    }
    for number, (name, docnames) in enumerate(zip(names, held, strict=True), 1):
        texts = _page_texts(out / name)
        assert f"Volume {number} of 3" in texts[0]
        contents = texts[1]  # lists this volume's documents, and no other
        assert [t for d, t in titles.items() if t in contents] == [titles[d] for d in docnames if d in titles]
        assert f", volume {number} of 3" in _info(out / name)["/Title"]
        assert _info(out / name)["dc:title"] == _info(out / name)["/Title"]
        assert f"every document, in 3 volumes; this is volume {number}," in _info(out / name)["/Subject"]
    # Alpha links to Gamma (the same volume): a jump. Beta links to Alpha (the first volume): its page.
    first, second = _links(out / names[0]), _links(out / names[1])
    assert first.jumps and not [uri for uri in first.uris if "gamma" in uri]
    assert f"{site}positions/alpha.html" in second.uris

    # Back to one book: the volumes and their sources go.
    again = _build(project.root, accord_pdf_standard="a-2b", accord_pdf_volume_documents=0)
    assert sorted(p.name for p in again.glob("compendium*.pdf")) == ["compendium.pdf"]
    assert sorted(p.name for p in (again / "typst").glob("compendium*.typ")) == ["compendium.typ"]


def test_a_working_build_leaves_no_volume_of_an_earlier_build(project: Repo) -> None:
    out = _build(project.root, accord_pdf_standard="a-2b", accord_pdf_volume_documents=2)
    assert (out / "compendium-3.pdf").is_file()
    for own in ("compendium-notes.pdf", "compendium-2023.pdf"):  # files of the coalition's own
        (out / own).write_bytes(b"%PDF-1.7")
    _build(project.root)  # parts joined into one book
    assert sorted(p.name for p in out.glob("compendium*.pdf")) == [
        "compendium-2023.pdf",
        "compendium-notes.pdf",
        "compendium.pdf",
    ]
    assert not list((out / "typst").glob("compendium-*.typ"))


def test_volumes_are_as_few_as_the_size_allows_and_even() -> None:
    assert compendium.volumes(5, 2) == [range(2), range(2, 4), range(4, 5)]
    assert compendium.volumes(10, 4) == [range(4), range(4, 7), range(7, 10)]
    assert compendium.volumes(8, 4) == [range(4), range(4, 8)]
    assert compendium.volumes(4, 4) == compendium.volumes(4, 0) == [range(4)]
    for count, most in [(5000, 500), (5001, 500), (999, 7), (1, 1)]:
        spans = compendium.volumes(count, most)
        assert len(spans) == -(-count // most)
        assert [i for span in spans for i in span] == list(range(count))
        assert max(map(len, spans)) <= most and max(map(len, spans)) - min(map(len, spans)) <= 1


def test_a_document_with_an_error_leaves_no_volume(project: Repo) -> None:
    out = _build(project.root, accord_pdf_standard="a-2b", accord_pdf_volume_documents=2)
    assert (out / "compendium-1.pdf").is_file()
    project.doc(
        "positions/beta.md", '\n## Section\n\n```{productionlist} rule: "a" | "b"\n```\n', title="Beta"
    )
    warnings, _ = _warned(project.root, accord_pdf_standard="a-2b", accord_pdf_volume_documents=2)
    assert "BUILD003" in warnings
    assert not list(out.glob("compendium*.pdf"))


def test_a_volume_whose_process_is_killed_fails_the_build_with_a_diagnostic(
    project: Repo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stand_in_python(tmp_path, monkeypatch, KILLED)
    warnings, out = _warned(project.root, accord_pdf_standard="a-2b", accord_pdf_volume_documents=2)
    assert (
        "BUILD006 the PDF must compile with Typst: the process compiling it was stopped by SIGKILL"
        in warnings
    )
    assert "accord_pdf_volume_documents" in warnings
    assert not list(out.glob("compendium*.pdf"))
    assert (out / "positions" / "alpha.pdf").is_file()  # the documents' own PDFs are made here


def test_a_compendium_named_in_a_folder_has_its_volumes_there(project: Repo) -> None:
    overrides = {"accord_pdf_standard": "a-2b", "accord_pdf_compendium": "books/all"}
    out = _build(project.root, **overrides, accord_pdf_volume_documents=2)
    assert sorted(p.name for p in (out / "books").glob("*.pdf")) == ["all-1.pdf", "all-2.pdf", "all-3.pdf"]
    again = _build(project.root, **overrides)
    assert sorted(p.name for p in (again / "books").glob("*.pdf")) == ["all.pdf"]


def test_a_volume_that_fails_takes_the_others_with_it(
    project: Repo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # accord.pdf.apart, but killed when it is given the second volume
    second_killed = (
        f"#!{sys.executable}\n"
        "import io, os, sys\n"
        "data = sys.stdin.buffer.read()\n"
        "if b'\"compendium-2\"' in data.partition(b'\\n')[0]:\n"
        "    os.kill(os.getpid(), 9)\n"
        "sys.stdin = io.TextIOWrapper(io.BytesIO(data))\n"
        "from accord.pdf import apart\n"
        "sys.exit(apart.main())\n"
    )
    stand_in_python(tmp_path, monkeypatch, second_killed)
    warnings, out = _warned(project.root, accord_pdf_standard="a-2b", accord_pdf_volume_documents=2)
    assert warnings.count("WARNING:") == 1 and "stopped by SIGKILL" in warnings  # the others compiled
    assert not list(out.glob("compendium*.pdf"))  # not volumes 1 and 3 without 2
