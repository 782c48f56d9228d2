"""The accordpdf builder on tiny repositories: golden Typst per node type, the PDFs' text,
metadata, fonts, reproducibility, PDF/A, failures on unknown nodes, and a page as PNG."""

from __future__ import annotations

import io
import shutil
import struct
import textwrap
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pypdf
import pytest
import typst
from sphinx.testing.util import SphinxTestApp

from accord.pdf import sources
from accord.pdf.config import DEBIAN_FONTS
from tests.conftest import Repo, golden, new_repo

pytestmark = pytest.mark.sphinx

# One document per node type (or family of them): its body is compared with
# tests/golden/typst/<name>.typ, and all of them are typeset into one compendium.
SNIPPETS: dict[str, str] = {
    "sections": """
        ## Second level

        Text of the second level.

        ### Third level

        Text of the third level.

        #### Fourth level

        Text of the fourth level.
        """,
    "inline": r"""
        ## Inline markup

        Plain *emphasis*, **strong**, `literal code`, H{sub}`2`O, E = mc{sup}`2` and
        {abbr}`IGF (Internet Governance Forum)`.

        Nasty: # $ \* \_ \` < > @ \[ \] \\ ~ / = - + -- --- ... "double" 'single' http://example.org
        // not a comment /\* nor this \*/ #emph[code] \$x^2\$ and a trailing backslash \\

        1986\. A number then a full stop starts this paragraph.

        \- a dash, \+ a plus and = an equals sign each start a line in the source
        = like this
        """,
    "links": """
        ## Links

        An [external link](https://example.org/path?q=1&r=2), a [link to a document](sections.md), a
        [link to its section](sections.md#third-level), [the list of papers](index.md) and a
        [link within this page](#target-section).

        ## Target section

        The target.
        """,
    "lists": """
        ## Lists

        - first
        - second
          - nested one
          - nested two
        - third

        3. three
        4. four

        Term
        : Definition one.
        : Definition two.

        Another term
        : Its definition.

        :Field one: value one
        :Field two: value **two**
        """,
    "tables": """
        ## Tables

        | Option | Supported by |
        |---|---|
        | A | civil society |
        | B | governments |

        ```{list-table} A captioned table
        :header-rows: 1

        * - Head one
          - Head two
        * - cell one
          - cell two
        ```
        """,
    "quotes": """
        ## Quotes

        > A quoted passage.

        ```{epigraph}
        Words worth quoting.

        -- Somebody
        ```
        """,
    "footnotes": """
        ## Notes

        Text with a note[^note] and citations {cite:p}`wgig2005report`, {cite:t}`coe2011principles`
        and {cite:p}`wgig2005report,coe2011principles`.

        [^note]: The text of the note.
        """,
    "images": """
        ## Images

        An inline ![a dot](img/dot.png) image.

        ![A dot on its own](img/dot.png)

        :::{figure} img/shape.svg
        :width: 40%
        :alt: A shape

        The caption of the figure.

        The legend of the figure.
        :::
        """,
    "admonitions": """
        ## Admonitions

        :::{note}
        A note.
        :::

        :::{warning}
        A warning.
        :::

        :::{tip}
        A tip.
        :::

        :::{admonition} A custom title
        :class: warning

        A titled admonition.
        :::

        :::{seealso}
        Something else.
        :::
        """,
    "blocks": """
        ## Blocks

        ```{rubric} A rubric
        ```

        Before the line.

        ---

        After the line.

        ```python
        def double(x):
            return x * 2  # "quoted" \\backslash
        ```

        ```{line-block}
        First line
            indented line
        Third line
        ```

        ```{topic} A topic
        Body of the topic.
        ```

        ```{sidebar} A sidebar
        Body of the sidebar.
        ```
        """,
    "design": """
        ## Design

        {bdg-primary}`primary badge` and {bdg-info-line}`outline badge`

        ::::{grid} 1 2 2 2
        :::{grid-item-card} Card one
        Body one.
        :::
        :::{grid-item-card} Card two
        Body two.
        :::
        ::::

        :::{card} A standalone card
        :footer: The footer

        Card body.
        :::

        :::{dropdown} A dropdown
        :color: info

        Text hidden on the web, printed on paper.
        :::

        ::::{tab-set}
        :::{tab-item} First tab
        Content of the first tab.
        :::
        :::{tab-item} Second tab
        Content of the second tab.
        :::
        ::::
        """,
    "math": r"""
        ## Math

        The area is {math}`\pi r^2`, a ratio $\frac{a}{b}$ and a price of \$5 in the line.

        $$
        \sum_{i=1}^n x_i \in \mathbb{R}
        $$ (sum)

        \begin{align}
        a &= b \\
        c &= \sqrt[3]{d}
        \end{align}

        ```{math}
        \begin{cases} 1 & x > 0 \\ 0 & \text{otherwise} \end{cases}
        ```

        See equation {eq}`sum`.
        """,
    "glossary": """
        ## Glossary

        ```{glossary}
        Multistakeholder
          Involving governments, business, civil society and the technical community.

        Net neutrality
          Treating all traffic alike.
        ```

        The {term}`multistakeholder <Multistakeholder>` model and {term}`Net neutrality`.
        """,
    "scripts": """
        ## Scripts

        Arabic: مبادئ حوكمة الإنترنت يجب أن تحمي حقوق الإنسان

        Chinese: 互联网治理原则必须保护人权
        """,
}

ARABIC_WORDS = ["مبادئ", "حوكمة", "الإنترنت", "يجب", "أن", "تحمي", "حقوق", "الإنسان"]
CHINESE = "互联网治理原则必须保护人权"


def png(width: int = 4, height: int = 4) -> bytes:
    """A small opaque PNG, made here so that the tests need no image files."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + b"\x20\x50\x90" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><rect width="40" height="20" fill="#258"/></svg>\n'


@dataclass
class Built:
    root: Path
    out: Path
    warnings: str

    def typ(self, docname: str) -> str:
        return (self.out / "typst" / f"{docname}.typ").read_text(encoding="utf-8")

    def pdf(self, name: str) -> pypdf.PdfReader:
        return pypdf.PdfReader(self.out / f"{name}.pdf")

    def text(self, name: str) -> str:
        return " ".join(" ".join(page.extract_text() for page in self.pdf(name).pages).split())


def build(root: Path, **overrides: object) -> Built:
    app = SphinxTestApp("accordpdf", srcdir=root, confoverrides=overrides or None, freshenv=True)
    try:
        app.build()
    finally:
        app.cleanup()
    return Built(root, Path(app.outdir), app.warning.getvalue())


@pytest.fixture(scope="module")
def kitchen(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """Every snippet as a document, and one principles document in Arabic, built once."""
    repo = new_repo(tmp_path_factory.mktemp("kitchen") / "repo")
    (repo.root / "positions" / "img").mkdir()
    (repo.root / "positions" / "img" / "dot.png").write_bytes(png())
    (repo.root / "positions" / "img" / "shape.svg").write_text(SVG, encoding="utf-8")
    for name, body in SNIPPETS.items():
        repo.doc(
            f"positions/{name}.md", body=textwrap.dedent(body), title=f"Snippet {name}", topics="[pdf, tests]"
        )
    repo.doc(
        "principles/arabic.md",
        body="\n## مقدمة\n\nمبادئ حوكمة الإنترنت.\n",
        title="مبادئ",
        language="ar",
        status="consultation",
        consultation="{opens: 2026-11-02, closes: 2099-12-18}",
        authors="\n  - name: فريق العمل\n    affiliation: Example Network",
    )
    return build(repo.root)


def test_the_build_is_clean(kitchen: Built) -> None:
    assert kitchen.warnings == ""
    for name in [*SNIPPETS, "compendium"]:
        path = kitchen.out / (f"positions/{name}.pdf" if name != "compendium" else "compendium.pdf")
        assert path.read_bytes().startswith(b"%PDF-")
    assert (kitchen.out / "principles" / "arabic.pdf").is_file()


@pytest.mark.parametrize("name", sorted(SNIPPETS))
def test_golden_typst_per_node_type(kitchen: Built, name: str) -> None:
    docname = f"positions/{name}"
    golden(f"typst/{name}.typ", sources.body_of(kitchen.typ(docname), docname))


def test_golden_document_around_the_body(kitchen: Built) -> None:
    """The cover block, the PDF metadata and the page setup of one document."""
    docname = "principles/arabic"
    source = kitchen.typ(docname).replace(sources.TEMPLATE.read_text(encoding="utf-8"), "// (template.typ)\n")
    # The second line names the inputs by a digest of this machine's font files.
    lines = source.splitlines(keepends=True)
    assert lines[1].startswith("// standard=none date=None paper=a4 inputs=")
    golden("typst/document.typ", "".join([lines[0], *lines[2:]]))


def test_every_tab_dropdown_and_card_prints(kitchen: Built) -> None:
    text = kitchen.text("positions/design")
    for expected in [
        "First tab",
        "Content of the first tab.",
        "Second tab",
        "Content of the second tab.",
        "A dropdown",
        "Text hidden on the web, printed on paper.",
        "Card one",
        "Body two.",
        "A standalone card",
        "The footer",
        "primary badge",
        "outline badge",
    ]:
        assert expected in text


def test_notes_and_the_reference_list_print(kitchen: Built) -> None:
    text = kitchen.text("positions/footnotes")
    assert "The text of the note." in text
    assert "References" in text
    assert "1. Working Group on Internet Governance. Report of the working group" in text
    assert "2. Council of Europe, Committee of Ministers. Declaration by the committee" in text
    # The marks are numbered like the entries, and marks in a row are told apart.
    assert "and citations1, Council of Europe, Committee of Ministers2 and1,2." in text
    assert "3. The text of the note." in text


def test_arabic_and_chinese_text_survive(kitchen: Built) -> None:
    text = kitchen.text("positions/scripts")
    assert CHINESE in text
    for word in ARABIC_WORDS:
        assert word in text
    # pypdf returns right-to-left text in visual order: the words are intact, their order reversed.
    # (Since the document's own notice is Arabic, with tanwin, pypdf also misreads a mark into
    # "الإنترنت"; poppler's pdftotext reads it whole, and the page shows it so.)
    assert "حوكمة مبادئ" in kitchen.text("principles/arabic")


def test_nasty_text_prints_as_written(kitchen: Built) -> None:
    text = kitchen.text("positions/inline")
    # MyST's smartquotes made the dashes, the ellipsis and the quotes typographic; Typst keeps them.
    assert (
        "# $ * _ ` < > @ [ ] \\ ~ / = - + – — … “double” ‘single’ http://example.org // not a comment" in text
    )
    assert "nor this */ #emph[code] $x^2$ and a trailing backslash \\ 1986." in text
    assert "1986. A number then a full stop" in text
    assert "H2O" in text and "IGF" in text


def test_cover_block_and_running_notice(kitchen: Built) -> None:
    text = kitchen.text("positions/sections")
    # One page: the banner, and no running notice above it saying the same (tests/test_pdf_print.py).
    assert text.count("Draft – not adopted. Not an adopted position of the coalition.") == 1
    assert "Working draft: not an official statement of the coalition." not in text
    for expected in [
        "Snippet sections",
        "Status Draft",
        "Date 2026-01-15",
        "Authors Working Group",
        "1 of 1",
    ]:
        assert expected in text
    arabic = kitchen.text("principles/arabic")
    # An Arabic document's facts are in Arabic (accord.translations.words): "from ... to ...".
    assert "من2026-11-02 إلى 2099-12-18" in arabic
    assert "عمل مسودة" in arabic and "Working draft" not in arabic  # visual order, as above
    assert "Example Network" in arabic


def test_pdf_metadata_and_language(kitchen: Built) -> None:
    reader = kitchen.pdf("positions/sections")
    assert reader.metadata.title == "Snippet sections"
    assert reader.metadata.author == "Working Group"
    assert reader.metadata.get("/Keywords") == "pdf, tests"
    assert reader.trailer["/Root"]["/Lang"] == "en"
    assert kitchen.pdf("principles/arabic").trailer["/Root"]["/Lang"] == "ar"


def test_links_are_clickable(kitchen: Built) -> None:
    def uris(reader: pypdf.PdfReader) -> list[str]:
        found = []
        for page in reader.pages:
            for annotation in page.get("/Annots", []):
                link = annotation.get_object()
                found.append(str(link["/A"]["/URI"]) if "/A" in link else f"#{link.get('/Dest')}")
        return found

    single = uris(kitchen.pdf("positions/links"))
    assert "https://example.org/path?q=1&r=2" in single
    assert "#positions/links#target-section" in single  # the link within the page
    # In the compendium, a link to another document jumps inside the PDF; alone, it is text. The
    # working build's compendium is joined from parts: the link goes to the other part's label
    # (tests/test_pdf_compendium.py checks where it lands), which marks the place.
    source = kitchen.typ("compendium/positions/links")
    assert '#link("accord-dest:positions/sections#third-level")[link to its section];' in source
    assert '#link("accord-dest:positions/sections")[link to a document];' in source
    assert '"positions/sections#third-level",' in kitchen.typ("compendium/positions/sections")
    compendium = uris(kitchen.pdf("compendium"))
    assert "#positions/sections#third-level" in compendium and "#positions/sections" in compendium
    assert not [uri for uri in compendium if uri.startswith("accord-")]
    alone = kitchen.text("positions/links")
    assert "a link to a document, a link to its section, the list of papers" in alone


def test_compendium_has_contents_and_every_document(kitchen: Built) -> None:
    text = kitchen.text("compendium")
    assert "Contents" in text
    assert text.index("Statements of principles") < text.index("Position papers")
    for name in SNIPPETS:
        assert f"Snippet {name}" in text


def test_a_page_renders_to_png(kitchen: Built, tmp_path: Path) -> None:
    """For a reviewer: the design snippet's first page as an image in tmp_path."""
    book = typst.Fonts(
        include_system_fonts=False, include_embedded_fonts=False, font_paths=list(DEBIAN_FONTS)
    )
    pages = typst.compile(
        kitchen.typ("positions/design").encode(),
        root=str(kitchen.root),
        font_paths=book,
        ignore_system_fonts=True,
        format="png",
        ppi=96,
    )
    first = pages[0] if isinstance(pages, list) else pages
    assert isinstance(first, bytes)
    target = tmp_path / "design-page-1.png"
    target.write_bytes(first)
    assert first.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = struct.unpack(">II", first[16:24])
    assert (width, height) == (794, 1123)  # A4 at 96 pixels per inch
    assert len(first) > 20_000  # text, not a blank page


# -- builds of their own


@pytest.fixture
def small(repo: Repo) -> Iterator[Repo]:
    repo.doc("positions/paper.md", title="A paper")
    repo.doc("principles/charter.md", title="A charter", body="\n## Section\n\nNo citations.\n")
    yield repo


def test_same_sources_and_epoch_give_the_same_bytes(
    small: Repo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795824000")  # 2026-11-28
    first = build(small.root)
    assert first.warnings == ""
    saved = tmp_path / "first"
    shutil.copytree(first.out, saved)
    shutil.rmtree(first.out)
    second = build(small.root)
    for name in ["positions/paper.pdf", "principles/charter.pdf", "compendium.pdf"]:
        assert (saved / name).read_bytes() == (second.out / name).read_bytes(), name
    assert b"D:20261128000000" in (second.out / "compendium.pdf").read_bytes()


def test_unchanged_pdfs_are_not_recompiled(small: Repo) -> None:
    first = build(small.root)
    stamp = (first.out / "positions" / "paper.pdf").stat().st_mtime_ns
    small.doc("principles/charter.md", title="A charter, revised", body="\n## Section\n\nNo citations.\n")
    second = build(small.root)
    assert (second.out / "positions" / "paper.pdf").stat().st_mtime_ns == stamp
    assert "A charter, revised" in second.text("principles/charter")


def test_sources_can_be_kept_outside_the_site(small: Repo, tmp_path: Path) -> None:
    built = build(small.root, accord_pdf_sources=str(tmp_path / "sources"))
    assert (tmp_path / "sources" / "positions" / "paper.typ").is_file()
    assert (tmp_path / "sources" / "compendium" / "front.typ").is_file()
    assert (tmp_path / "sources" / "compendium" / "positions" / "paper.typ").is_file()
    assert not (built.out / "typst").exists()


def test_pdf_a_option(small: Repo) -> None:
    built = build(small.root, accord_pdf_standard="a-2b")
    assert built.warnings == ""
    data = (built.out / "positions" / "paper.pdf").read_bytes()
    assert b"<pdfaid:part>2</pdfaid:part>" in data
    assert b"<pdfaid:conformance>B</pdfaid:conformance>" in data


def test_an_edition_says_so_on_cover_and_pages(small: Repo) -> None:
    built = build(small.root, accord_edition="v2026.1", accord_edition_date="2026-06-30")
    text = built.text("positions/paper")
    assert "Official edition v2026.1 of 2026-06-30." not in text  # one page: the banner, no running copy
    assert "Edition v2026.1 of 2026-06-30" in text  # the colophon
    # The banner: a draft in an edition is still not adopted, on the edition's date.
    assert (
        "Draft – not adopted. Not an adopted position of the coalition. Official edition v2026.1 of 30 June 2026."
        in text
    )
    assert "Working draft" not in text


def test_unknown_node_fails_the_build(small: Repo) -> None:
    small.doc(
        "positions/maths.md",
        title="Maths",
        body='\n## Section\n\n```{productionlist} rule: "a" | "b"\n```\n',
    )
    built = build(small.root)
    assert (
        "positions/maths.md:11: WARNING: BUILD003 every node type in a document must have a PDF rendering: "
        in built.warnings
    )
    assert "'productionlist' (from sphinx.addnodes)" in built.warnings
    assert "[accord.BUILD003]" in built.warnings
    assert not (built.out / "positions" / "maths.pdf").exists()
    assert not (built.out / "compendium.pdf").exists()
    assert (built.out / "positions" / "paper.pdf").is_file()


def test_links_go_to_the_web_when_the_site_has_an_address(small: Repo) -> None:
    small.doc(
        "positions/linking.md",
        title="Linking",
        body="\n## Section\n\nSee [the charter](../principles/charter.md#section) and [a list item](#item).\n\n"
        "- (item)=\n  An item with a label of its own.\n",
    )
    built = build(small.root, accord_pdf_base_url="https://example.org/site/")
    assert built.warnings == ""
    source = built.typ("positions/linking")
    assert '#link("https://example.org/site/principles/charter.html#section")[the charter];' in source
    compendium = built.typ("compendium/positions/linking")
    assert '#link("accord-dest:principles/charter#section")[the charter];' in compendium


def test_an_image_typst_cannot_read_is_an_error(small: Repo) -> None:
    (small.root / "positions" / "picture.bmp").write_bytes(b"BM" + bytes(60))
    small.doc("positions/pictured.md", title="Pictured", body="\n## Section\n\n![a picture](picture.bmp)\n")
    built = build(small.root)
    assert (
        "positions/pictured.md:11: WARNING: BUILD005 an image in a PDF must be a PNG, JPEG" in built.warnings
    )
    assert not (built.out / "positions" / "pictured.pdf").exists()


def test_a_character_no_font_covers_is_a_warning(small: Repo) -> None:
    small.doc("positions/glyphs.md", title="Glyphs", body="\n## Section\n\nA hieroglyph: 𓀀.\n")
    built = build(small.root)
    assert (
        "positions/glyphs.md:11: WARNING: BUILD004 every character must be covered by a configured PDF font: "
        in built.warnings
    )
    assert "U+13000 '𓀀'" in built.warnings
    assert (built.out / "positions" / "glyphs.pdf").is_file()


def test_html_pages_link_their_pdf(make_app: Callable, small: Repo) -> None:
    app = make_app("html", srcdir=small.root, confoverrides={"accord_pdf_html_link": True})
    try:
        app.build()
    finally:
        app.cleanup()
    page = (Path(app.outdir) / "positions" / "paper.html").read_text(encoding="utf-8")
    assert 'href="paper.pdf"' in page
    assert "Download PDF" in page
    index = (Path(app.outdir) / "positions" / "index.html").read_text(encoding="utf-8")
    assert "Download PDF" not in index


def test_no_pdf_link_unless_asked(make_app: Callable, small: Repo) -> None:
    app = make_app("html", srcdir=small.root)
    try:
        app.build()
    finally:
        app.cleanup()
    assert "Download PDF" not in (Path(app.outdir) / "positions" / "paper.html").read_text(encoding="utf-8")


def test_pdf_text_extraction_helper() -> None:
    """pypdf reads what Typst writes (guards the other tests against an empty extraction)."""
    pdf = typst.compile(
        b'#set text(font: "Noto Serif")\nHello', font_paths=list(DEBIAN_FONTS), ignore_system_fonts=True
    )
    assert "Hello" in pypdf.PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
