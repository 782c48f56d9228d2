"""The PDF builder's config values, declared once with their type, default, check and help."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sphinx.errors import ConfigError

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

#: PDF standards Typst can write, by the name ``typst.compile(pdf_standards=...)`` takes.
STANDARDS = frozenset(
    {"1.4", "1.5", "1.6", "1.7", "2.0", "a-1b", "a-1a", "a-2b", "a-2u", "a-2a", "a-3b", "a-3u", "a-3a"}
    | {"a-4", "a-4f", "a-4e", "ua-1"}
)

#: Where Debian puts fonts-noto-core, fonts-noto-cjk and fonts-dejavu-core.
DEBIAN_FONTS = (
    "/usr/share/fonts/truetype/noto",
    "/usr/share/fonts/opentype/noto",
    "/usr/share/fonts/truetype/dejavu",
)


#: Typst holds the whole of a book in memory while it typesets it, about 5 MB a document
#: (bench/README.md, "An edition's compendium in volumes"), and the volumes compile one at a time
#: in a process of their own (accord.pdf.compiler): that process takes some 2.5 GB for a volume of 500.
VOLUME_DOCUMENTS = 500


def _help(text: str, *, rebuild: str = "") -> dict[str, str]:
    return {"help": text, "rebuild": rebuild}


@dataclass(frozen=True)
class PdfConfig:
    """Each field is the Sphinx config value ``accord_pdf_<name>``."""

    standard: str = field(
        default="",
        metadata=_help(
            "PDF standard to conform to, for archives: 'a-2b', 'a-3u', 'ua-1' ...; by default an "
            "edition is PDF/A-2b (EDITION_STANDARD) and a working draft plain PDF; 'none': plain PDF always"
        ),
    )
    fonts: list[str] = field(
        default_factory=lambda: ["Noto Serif", "Noto Naskh Arabic", "Noto Serif CJK SC"],
        metadata=_help("font families of the text, in fallback order: Latin, Arabic and Chinese at least"),
    )
    mono_fonts: list[str] = field(
        default_factory=lambda: ["DejaVu Sans Mono", "Noto Sans Mono CJK SC", "Noto Naskh Arabic"],
        metadata=_help("font families of code and literal text, in fallback order"),
    )
    math_fonts: list[str] = field(
        default_factory=lambda: ["Noto Sans Math"],
        metadata=_help("font families of formulas: the first must have an OpenType MATH table"),
    )
    font_paths: list[str] = field(
        default_factory=lambda: list(DEBIAN_FONTS),
        metadata=_help("folders searched for the fonts; system fonts are never used"),
    )
    paper: str = field(default="a4", metadata=_help("Typst paper name: 'a4', 'us-letter' ..."))
    compendium: str = field(
        default="compendium", metadata=_help("file name (without .pdf) of the PDF of all documents")
    )
    volume_documents: int = field(
        default=VOLUME_DOCUMENTS,
        metadata=_help(
            "most documents in one volume of a compendium typeset as one Typst source (an edition's, "
            "or any build's with a PDF standard), the printed pages (options map, crosswalk) counted; "
            "a larger one becomes volumes of even size, <compendium>-1.pdf, -2.pdf ... (-01, -02 ... "
            "from ten volumes); 0: one book whatever its size"
        ),
    )
    sources: str = field(
        default="typst",
        metadata=_help(
            "folder for the Typst sources, kept for readers and for incremental builds; relative to "
            "the output folder, or absolute (outside the published site)"
        ),
    )
    base_url: str = field(
        default="",
        metadata=_help(
            "URL of the HTML site that links between documents in a single document's PDF point to "
            "(default: this build's address under [tool.accord] base-url, draft/ or editions/<tag>/; "
            "without either they print as plain text)"
        ),
    )
    html_link: bool = field(
        default=False,
        metadata=_help(
            "link each document's HTML page to its PDF (set when the PDFs are built too)", rebuild="html"
        ),
    )

    @classmethod
    def from_config(cls, config: Config) -> PdfConfig:
        return cls(**{f.name: getattr(config, f"accord_pdf_{f.name}") for f in dataclasses.fields(cls)})


#: What an edition's PDFs conform to unless accord_pdf_standard says otherwise: archives keep them.
EDITION_STANDARD = "a-2b"


def standard(options: PdfConfig, *, edition: str) -> str:
    """The PDF standard of this build's PDFs, or '' for plain PDF."""
    if options.standard == "none":
        return ""
    return options.standard or (EDITION_STANDARD if edition else "")


def get_pdf_config(config: Config) -> PdfConfig:
    """The one accessor for the PDF builder's settings."""
    return PdfConfig.from_config(config)


def _check(app: Sphinx, config: Config) -> None:
    options = get_pdf_config(config)
    if options.standard and options.standard not in STANDARDS | {"none"}:
        raise ConfigError(
            f"accord_pdf_standard must be one of {', '.join(sorted(STANDARDS | {'none'}))}: {options.standard!r}"
        )
    if options.volume_documents < 0:
        raise ConfigError(
            f"accord_pdf_volume_documents must be 0 (one book) or more: {options.volume_documents!r}"
        )
    if not options.fonts or not options.mono_fonts:
        raise ConfigError("accord_pdf_fonts and accord_pdf_mono_fonts must name at least one family")


def setup_config(app: Sphinx) -> None:
    for spec in dataclasses.fields(PdfConfig):
        default = spec.default if spec.default is not dataclasses.MISSING else spec.default_factory()  # type: ignore[misc]
        # A list may be written as a tuple in conf.py.
        kind = frozenset({list, tuple}) if isinstance(default, list) else frozenset({type(default)})
        app.add_config_value(
            f"accord_pdf_{spec.name}",
            default,
            spec.metadata["rebuild"],
            types=kind,
            description=spec.metadata["help"],
        )
    app.connect("config-inited", _check)
