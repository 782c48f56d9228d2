"""The shared vocabulary of Accord: document kinds, statuses, fields and code families.

Every part of Accord (the checks, the Sphinx extension, the index pages) imports these names, so a
status or a field is spelled in exactly one place.
"""

from __future__ import annotations

import re

#: Document folders, in the order the site lists them, with the label of each kind.
KINDS: dict[str, str] = {
    "principles": "Statements of principles",
    "positions": "Position papers",
}

#: The landing page of each folder: it lists the folder's documents and is not a document itself.
LANDING_PAGE = "index"

#: The page that shows the crosswalk of every statement of principles to other frameworks.
CROSSWALK_PAGE = "crosswalk.md"

#: Pages of the site that are not documents: the front page, each folder's landing page, the
#: options map and the crosswalk. Only the body rules (SAFE, XREF, CITE) apply to them.
PAGES: tuple[str, ...] = (
    "index.md",
    *(f"{kind}/{LANDING_PAGE}.md" for kind in KINDS),
    "options.md",
    CROSSWALK_PAGE,
)
#: The changelog: a page of the site (not listed in any table of contents) whose body rules run
#: like those of PAGES; `accord release` requires a section for each edition.
CHANGELOG = "CHANGELOG.md"
#: Generated pages that also print: the options map and the crosswalk matrix get a PDF of their own.
PRINTED_PAGES: tuple[str, ...] = ("options", CROSSWALK_PAGE.removesuffix(".md"))
#: Review routing that `accord codeowners` writes from the authors' GitHub handles.
CODEOWNERS = ".github/CODEOWNERS"

#: Lifecycle states, in lifecycle order.
STATUSES: tuple[str, ...] = ("draft", "consultation", "adopted", "superseded", "withdrawn")

STATUS_LABELS: dict[str, str] = {
    "draft": "Draft",
    "consultation": "Open for consultation",
    "adopted": "Adopted",
    "superseded": "Superseded",
    "withdrawn": "Withdrawn",
}

#: Allowed lifecycle moves: draft -> consultation -> adopted -> superseded; any state -> withdrawn.
TRANSITIONS: dict[str, frozenset[str]] = {
    "draft": frozenset({"consultation", "withdrawn"}),
    "consultation": frozenset({"draft", "adopted", "withdrawn"}),
    "adopted": frozenset({"superseded", "withdrawn"}),
    "superseded": frozenset({"withdrawn"}),
    "withdrawn": frozenset(),
}

#: Statuses whose text is an official position of the coalition.
OFFICIAL_STATUSES = frozenset({"adopted", "superseded"})

#: Front-matter fields every document carries, whatever its status.
ALWAYS_REQUIRED: tuple[str, ...] = ("title", "status", "authors", "date")

#: Fields required by a status, on top of ALWAYS_REQUIRED.
REQUIRED_BY_STATUS: dict[str, tuple[str, ...]] = {
    "draft": (),
    "consultation": ("consultation",),
    "adopted": ("version", "adopted"),
    "superseded": ("version", "adopted", "superseded_by"),
    "withdrawn": (),
}

#: Fields that only make sense for some statuses (a hint, not an error, elsewhere).
ONLY_FOR_STATUS: dict[str, frozenset[str]] = {
    "superseded_by": frozenset({"superseded"}),
    "withdrawn": frozenset({"withdrawn"}),
    "consultation": frozenset({"consultation", "adopted", "superseded", "withdrawn"}),
}

#: Every field the front matter may hold, in the order the metadata box shows them.
FIELDS: tuple[str, ...] = (
    "title",
    "status",
    "version",
    "date",
    "authors",
    "consultation",
    "adopted",
    "superseded_by",
    "withdrawn",
    "supersedes",
    "topics",
    "language",
    "summary",
)

AUTHOR_FIELDS: tuple[str, ...] = ("name", "affiliation", "github")

#: A translation's front matter (accord.checks.translations): what it must and may hold, and the
#: source's fields it may repeat only with the source's value.
TRANSLATION_REQUIRED: tuple[str, ...] = ("title", "language", "translators", "translated_from")
TRANSLATION_FIELDS: tuple[str, ...] = (*TRANSLATION_REQUIRED, "summary")
SOURCE_FIELDS: tuple[str, ...] = ("status", "version", "adopted")
CONSULTATION_FIELDS: tuple[str, ...] = ("opens", "closes")
ADOPTED_FIELDS: tuple[str, ...] = ("date", "by", "record")
#: A withdrawal record: when, and why (the banner of a withdrawn text says both).
WITHDRAWN_FIELDS: tuple[str, ...] = ("date", "reason")

TITLE_MAX_LENGTH = 120

#: Code families of diagnostics (tools/DESIGN.md section 3).
CODE_FAMILIES: dict[str, str] = {
    "META": "front matter, lifecycle and repository settings",
    "CITE": "citations in documents",
    "BIB": "bibliography entries",
    "XREF": "links between documents",
    "LINK": "online checks of URLs and DOIs",
    "SAFE": "unsafe content",
    "BUILD": "Sphinx or PDF build",
    "CONS": "public consultations: collected comments and their record",
    "LANG": "translations",
}

DOCUMENT_ID = re.compile(r"^[a-z0-9]+(?:[-_.][a-z0-9]+)*$")
TOPIC = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
VERSION = re.compile(r"^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
GITHUB_HANDLE = re.compile(r"^@?[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}(?:/[A-Za-z0-9_.-]+)?$")
# BCP 47 in its common shapes: language, optional script, region and variants.
LANGUAGE_TAG = re.compile(
    r"^[A-Za-z]{2,3}(?:-[A-Za-z]{4})?(?:-(?:[A-Za-z]{2}|[0-9]{3}))?(?:-(?:[A-Za-z0-9]{5,8}|[0-9][A-Za-z0-9]{3}))*$"
)

#: Directives whose body is not markdown: nothing inside them is a role, a link or HTML.
LITERAL_DIRECTIVES = frozenset(
    {
        "code",
        "code-block",
        "sourcecode",
        "code-cell",
        "literalinclude",
        "math",
        "raw",
        "eval-rst",
        "eval-rest",
        "toctree",
        "bibliography",
        "footbibliography",
        "csv-table",
        "mermaid",
        "graphviz",
        "crosswalk",
    }
)

# -- What reads a file or fetches a URL: the one table that `accord check` (checks/files.py) and the
# build (sphinxext/files.py) both use. Made complete by reading the installed sources for every
# directive option typed ``directives.path`` or ``directives.uri`` and every argument passed to
# ``env.relfn2path``, ``open`` or ``urlopen``: docutils (misc.py include/raw, tables.py
# csv-table, images.py image/figure), Sphinx (other.py include, code.py literalinclude, patches.py
# figure/csv-table, roles.py download), MyST-Parser (links to local files and ``path:`` become
# downloads, mdit_to_docutils/sphinx_.py) and sphinx-design (cards, grids, article-info).
# tests/test_files.py walks the directives a build registers and fails on a path or URI option
# that is missing here.

#: Directives whose argument is a path that the build reads.
PATH_ARGUMENTS = frozenset({"include", "literalinclude", "image", "figure"})

#: Directives whose argument is a file that MyST parses as part of the document (followed by the check).
INCLUDE_DIRECTIVES = frozenset({"include"})

#: Directive options whose value is a path that the build reads, copies or embeds.
PATH_OPTIONS = frozenset(
    {
        ("literalinclude", "diff"),
        ("csv-table", "file"),
        ("raw", "file"),
        ("card", "img-top"),
        ("card", "img-bottom"),
        ("card", "img-background"),
        ("grid-item-card", "img-top"),
        ("grid-item-card", "img-bottom"),
        ("grid-item-card", "img-background"),
        ("article-info", "avatar"),
    }
)

#: Directive options that make a build fetch a URL: always refused, a build never fetches.
FETCH_OPTIONS = frozenset({("csv-table", "url"), ("raw", "url")})

#: Directive options typed as URIs that are links a reader follows, not files a build reads (the
#: URL rules judge them).
LINK_OPTIONS = frozenset(
    {
        ("image", "target"),
        ("figure", "target"),
        ("article-info", "avatar-link"),
        ("article-info", "author-link"),
    }
)

#: Path-typed options that read nothing: MyST's include prefix for links in the included text.
PATH_PREFIX_OPTIONS = frozenset({("include", "relative-docs")})

#: Roles whose target is a file that the build copies into the site.
FILE_ROLES = frozenset({"download"})

#: Paths that MyST turns into images (``![x](path)``) are read as well; markdown links to a local
#: file that is not a document, and ``path:`` links, become downloads (copied into _downloads/).
PATH_LINK_SCHEME = "path:"

#: Directives and options above whose path names an image (or an image URL, which the URL rules
#: judge): its bytes must match its extension.
IMAGE_DIRECTIVES = frozenset({"image", "figure"})
IMAGE_OPTIONS = frozenset(
    (name, option) for name, option in PATH_OPTIONS if option.startswith("img-") or option == "avatar"
)

#: The first bytes of each image format, by file suffix (SVG: its root element near the top).
IMAGE_MAGIC: dict[str, tuple[bytes, ...]] = {
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".gif": (b"GIF87a", b"GIF89a"),
    ".webp": (b"RIFF",),
    ".pdf": (b"%PDF-",),
    ".svg": (b"<svg",),
}

#: Files that a browser opens as a page (and so runs their script) when a reader follows a link to
#: them: the site publishes downloads and images at its own address, so none of these is published.
#: SVG is an image format and stays allowed when it holds nothing active (accord.active).
ACTIVE_SUFFIXES = frozenset(
    {".html", ".htm", ".xhtml", ".xht", ".shtml", ".mht", ".mhtml", ".xml", ".xsl", ".xslt", ".js", ".mjs"}
    | {".svgz", ".swf"}
)

#: Directives that pass content to the output unescaped, or parse reStructuredText that could.
RAW_DIRECTIVES = frozenset({"raw", "eval-rst", "eval-rest"})

#: The only URL schemes a link, image or button may use in the output (MyST's own url schemes:
#: a link with any other scheme is not a URL to MyST). Everything else (javascript:, data:, file:,
#: vbscript: ...) is refused by SAFE003 and unwrapped into text by the build.
SAFE_SCHEMES = frozenset({"http", "https", "mailto", "ftp"})

#: MyST's link schemes that become internal references while a document is read: allowed in the
#: source, never seen in the output.
SOURCE_SCHEMES = frozenset({"project", "path", "inv"})

#: Schemes that run, read or embed something when followed: a MyST `[x](word:word)` reference to a
#: label is never one of these.
RUNNING_SCHEMES = frozenset({"javascript", "vbscript", "livescript", "data", "file", "blob", "filesystem"})

#: Images and downloads of the output may only be fetched from these schemes.
IMAGE_SCHEMES = frozenset({"http", "https"})

#: Directive options whose value is a URL (or a path) that becomes a link or an image.
URL_OPTIONS = frozenset({"target", "link", "url", "img-top", "img-bottom", "img-background"})

#: Roles whose target is a URL that becomes a link (sphinx-design's badges: {bdg-link-primary}).
URL_ROLE_PREFIXES: tuple[str, ...] = ("bdg-link-",)

#: Directives whose argument is a URL or a path that becomes a link or an image.
URL_ARGUMENT_DIRECTIVES = frozenset({"button-link", "image", "figure"})

#: Roles that cannot sit in a heading: the heading is copied into the table of contents, where
#: Sphinx cannot make a link out of them (it stops with a traceback).
HEADING_REFUSED_ROLES = frozenset({"download"})

#: Roles of sphinxcontrib-bibtex that cite bibliography keys.
CITE_ROLES = frozenset(
    {
        "cite",
        "cite:p",
        "cite:ps",
        "cite:t",
        "cite:ts",
        "cite:ct",
        "cite:cts",
        "cite:al",
        "cite:alp",
        "cite:alps",
        "cite:empty",
        "cite:author",
        "cite:authors",
        "cite:authorpar",
        "cite:authorpars",
        "cite:cauthor",
        "cite:cauthors",
        "cite:year",
        "cite:yearpar",
        "cite:label",
        "cite:labelpar",
        "cite:title",
        "footcite",
        "footcite:p",
        "footcite:ps",
        "footcite:t",
        "footcite:ts",
        "footcite:ct",
        "footcite:cts",
        "footcite:al",
        "footcite:alp",
        "footcite:alps",
        "footcite:empty",
        "footcite:author",
        "footcite:authors",
        "footcite:authorpar",
        "footcite:authorpars",
        "footcite:cauthor",
        "footcite:cauthors",
        "footcite:year",
        "footcite:yearpar",
        "footcite:label",
        "footcite:labelpar",
        "footcite:title",
    }
)

#: Roles that name another document of the repository.
DOC_ROLES = frozenset({"doc"})

# -- Policy options (positions that map a range of options on a question)

#: The registry of policy questions that options answer, relative to the repository root.
QUESTIONS_FILE = "questions.yaml"

#: Fields of a question in the registry: a short title and the question itself.
QUESTION_FIELDS: tuple[str, ...] = ("title", "question")

#: The stakeholder groups of the WSIS and the IGF, by the slug editors write, with their label.
STAKEHOLDER_GROUPS: dict[str, str] = {
    "governments": "Governments",
    "private-sector": "Private sector",
    "civil-society": "Civil society",
    "technical-community": "Technical community",
    "academia": "Academic community",
    "intergovernmental": "Intergovernmental organisations",
}

#: Options of the {policy-option} directive.
OPTION_FIELDS: tuple[str, ...] = ("question", "supporters", "organisations")

#: The directives of an option: the option itself, and its arguments for and against.
OPTION_DIRECTIVE = "policy-option"
ARGUMENT_DIRECTIVES: dict[str, str] = {"arguments-for": "For", "arguments-against": "Against"}

# -- Endorsements (organisations that endorse a statement)

#: One YAML file per endorsed document: endorsements/<document id>.yaml.
ENDORSEMENTS_FOLDER = "endorsements"
ENDORSEMENT_FIELDS: tuple[str, ...] = ("name", "country", "date", "url", "kind", "version")
ENDORSEMENT_REQUIRED: tuple[str, ...] = ("name", "country", "date")

#: The kinds of organisation an endorsement may record (its optional `kind`), each with the words
#: the sign-on form offers for it (.github/ISSUE_TEMPLATE/sign-on.yml).
ORGANISATION_KINDS: dict[str, str] = {
    "civil-society": "Civil-society organisation or network",
    "academic": "Academic or research institution",
    "technical": "Technical community",
    "private-sector": "Business or business association",
    "government": "Government or intergovernmental organisation",
    "other": "Other",
}

#: Statuses in which a document may collect endorsements.
ENDORSABLE_STATUSES = frozenset({"consultation", "adopted"})

#: ISO 3166-1 alpha-2 country codes (Debian iso-codes), and XK for Kosovo, which the EU, the
#: World Bank and most registries use while no ISO code is assigned.
_COUNTRY_CODES = """
    AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT
    BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH
    ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT
    HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS
    LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI
    NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG
    SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG
    UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW XK
"""
COUNTRY_CODES = frozenset(_COUNTRY_CODES.split())

# -- Consultations (comments on numbered paragraphs, and what the drafters did with them)

#: One YAML file per consulted document: consultations/<document id>.yaml.
CONSULTATIONS_FOLDER = "consultations"
#: What the drafters did with a comment; "pending" until they decide (W3C's disposition of comments).
DISPOSITIONS: tuple[str, ...] = ("pending", "accepted", "partly-accepted", "not-accepted", "noted")
DISPOSITION_LABELS: dict[str, str] = {
    "pending": "Pending",
    "accepted": "Accepted",
    "partly-accepted": "Partly accepted",
    "not-accepted": "Not accepted",
    "noted": "Noted",
}
COMMENT_FIELDS: tuple[str, ...] = (
    "id",
    "source",
    "received",
    "version",
    "paragraph",
    "quote",
    "name",
    "organisation",
    "text",
    "disposition",
    "response",
)
COMMENT_REQUIRED: tuple[str, ...] = ("id", "received", "version", "paragraph", "text", "disposition")

#: Roles that name a numbered paragraph or a numbered principle of a document.
PARA_ROLES = frozenset({"para"})

#: Statuses whose documents number their body paragraphs (ids p-1, p-2, ...), as UN and Council of
#: Europe texts do. A superseded text keeps its numbers: references made while it was in force must
#: still lead somewhere.
NUMBERED_STATUSES = frozenset({"consultation", "adopted", "superseded"})

#: The document kind whose headings "N. Title" are numbered principles (ids principle-1, ...).
PRINCIPLES_KIND = "principles"

#: The directive that maps a statement's principles to those of other frameworks, and the one that
#: shows every statement's crosswalk on a page.
CROSSWALK_DIRECTIVE = "crosswalk"
CROSSWALK_PAGE_DIRECTIVE = "accord-crosswalk"

#: Directives whose body is data that a rule reads (the markdown scan keeps it for the rule).
DATA_DIRECTIVES = frozenset({CROSSWALK_DIRECTIVE, "toctree"})


#: What a workflow's build step can end as (``accord github preview-summary --build``).
BUILD_OUTCOMES = frozenset({"success", "failure", "cancelled", "skipped"})

#: The name of Accord's PDF builder (accord.pdf.builder.AccordPdfBuilder).
PDF_BUILDER = "accordpdf"
#: Its folders in the doctree folder: its cache (accord.pdf.cache), and the compendium's compiled
#: parts with the record of its last join (accord.pdf.rejoin). Named here so that the HTML path
#: (accord.build, which removes them for --fresh) imports no Typst.
PDF_CACHE = "accordpdf-cache"
PDF_PARTS = "accordpdf-parts"
