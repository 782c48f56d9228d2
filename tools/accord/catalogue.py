"""The one catalogue of diagnostic codes: each code's severity, its rule and an example.

A diagnostic's message is its rule followed by the offending value, so the rule is written here
and nowhere else. ``accord explain CODE`` prints an entry.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Code:
    code: str
    severity: str  # "error" or "warning"
    rule: str
    example: str


def _codes(*entries: tuple[str, str, str, str]) -> dict[str, Code]:
    return {code: Code(code, severity, rule, example) for code, severity, rule, example in entries}


CODES: dict[str, Code] = _codes(
    # -- META: front matter, lifecycle, repository settings
    (
        "META001",
        "error",
        "a document must open with YAML front matter between '---' lines",
        "a file that starts with '# Title' instead of '---'",
    ),
    ("META002", "error", "front matter must be valid YAML", "title: Open: and closed  (an unquoted colon)"),
    (
        "META003",
        "error",
        "front matter must be a mapping of field names to values",
        "- title: x  (a list instead of fields)",
    ),
    ("META004", "error", "a required field is missing", "an adopted document without 'version'"),
    (
        "META005",
        "error",
        "front matter may only hold the fields of the metadata schema",
        "stauts: draft  (misspelt 'status')",
    ),
    ("META006", "error", "title must be one line of at most 120 characters", "a title spanning two lines"),
    (
        "META007",
        "error",
        "status must be one of draft, consultation, adopted, superseded, withdrawn",
        "status: final",
    ),
    ("META008", "error", "version must be MAJOR.MINOR (for example 1.0)", "version: v1"),
    ("META009", "error", "dates must be ISO dates YYYY-MM-DD", "date: 12/03/2011"),
    (
        "META010",
        "error",
        "authors must be a non-empty list of {name, affiliation?, github?}",
        "authors: Jane Doe  (a string instead of a list)",
    ),
    (
        "META011",
        "error",
        "consultation must give 'opens' and 'closes', and close after it opens",
        "consultation: {opens: 2026-05-01, closes: 2026-04-01}",
    ),
    ("META012", "error", "adopted must record {date, by, record?}: when and by which body", "adopted: yes"),
    (
        "META013",
        "error",
        "superseded_by and supersedes must name existing documents",
        "superseded_by: igf-outcomes-2  (no such document)",
    ),
    ("META014", "error", "superseded_by must not form a cycle", "a superseded_by b, b superseded_by a"),
    (
        "META015",
        "error",
        "document ids (file names) must be unique across positions/ and principles/",
        "positions/ig.md and principles/ig.md",
    ),
    ("META016", "error", "topics must be a list of lowercase slugs", "topics: [Human Rights]"),
    ("META017", "error", "language must be a BCP 47 tag", "language: English"),
    ("META018", "error", "summary must be one paragraph of text", "summary: [a, b]"),
    ("META019", "error", "a field must appear only once in the front matter", "two 'title:' lines"),
    ("META020", "error", "document ids (file names) must be lowercase slugs", "positions/IGF Outcomes.md"),
    ("META021", "error", "a document must be UTF-8 text", "a file saved as Latin-1"),
    ("META022", "warning", "a field only applies to some statuses", "superseded_by on a draft"),
    (
        "META023",
        "warning",
        "the consultation window has closed but the status is still consultation",
        "closes: 2026-01-31 on 2026-03-01",
    ),
    ("META024", "error", "the adoption record must be an http(s) URL", "record: minutes.docx"),
    ("META025", "error", "a date field must not lie in the future", "date: 2099-01-01"),
    ("META026", "error", "author GitHub handles must be valid user or team names", "github: jane doe"),
    ("META030", "error", "[tool.accord] settings must be valid", "title = 3"),
    (
        "META040",
        "error",
        "a crosswalk must be YAML with 'frameworks' (bibliography key: column label) and "
        "'principles' (principle number: framework key: its principle)",
        "principles: [1, 2]  (a list instead of numbers mapped to frameworks)",
    ),
    (
        "META041",
        "error",
        "a crosswalk framework must be an entry of the bibliography",
        "frameworks: {coe2011: Council of Europe}  (the key is coe2011principles)",
    ),
    (
        "META042",
        "error",
        "a mapped framework principle must be a number or heading, not empty",
        "coe2011principles: ''",
    ),
    (
        "META043",
        "error",
        "a crosswalk row must be a numbered principle of its statement",
        "13:  (the statement has 12 principles)",
    ),
    (
        "META044",
        "error",
        "a framework mapped under 'principles' must be listed under 'frameworks'",
        "oecd2011communique under principle 2 but not under frameworks",
    ),
    (
        "META045",
        "error",
        "a crosswalk belongs in a statement of principles (principles/), once",
        "```{crosswalk} in a position paper",
    ),
    # -- META050-059: policy options (accord.checks.options)
    (
        "META050",
        "error",
        "a policy option must answer a question declared in questions.yaml",
        ":question: intermediary-liabilty  (misspelt, or never declared)",
    ),
    (
        "META051",
        "error",
        "a policy option must have a title and a description",
        "```{policy-option}  (no title after the directive name)",
    ),
    (
        "META052",
        "error",
        "a policy option must hold one {arguments-for} and one {arguments-against}, each with text",
        "a {policy-option} without {arguments-against}",
    ),
    (
        "META053",
        "error",
        "{arguments-for} and {arguments-against} belong inside a {policy-option}",
        ":::{arguments-for} on its own in a section",
    ),
    (
        "META054",
        "error",
        "a {policy-option} takes only the options question, supporters and organisations",
        ":supporter: civil-society  (misspelt)",
    ),
    (
        "META055",
        "error",
        "supporters must be stakeholder groups: governments, private-sector, civil-society, "
        "technical-community, academia, intergovernmental",
        ":supporters: NGOs",
    ),
    (
        "META056",
        "error",
        "the options of a document that answer one question must have different titles",
        "two options 'Conditional immunity' for intermediary-liability",
    ),
    (
        "META057",
        "error",
        "questions.yaml must map question ids (lowercase slugs) to {title, question}",
        "intermediary-liability: When should ...  (text instead of the two fields)",
    ),
    # -- META060-069: endorsements (accord.checks.endorsements)
    (
        "META060",
        "error",
        "an endorsements file must be a YAML list of {name, country, date, url?, kind?, version?}",
        "- Example Network  (a name instead of the fields)",
    ),
    (
        "META061",
        "error",
        "an endorsement date must be an ISO date YYYY-MM-DD, not in the future",
        "date: 20/11/2026",
    ),
    (
        "META062",
        "error",
        "an organisation may endorse a document only once (same name and country)",
        "Example Network, KE listed twice",
    ),
    (
        "META063",
        "error",
        "only a document that is adopted or in consultation may be endorsed",
        "endorsements/x.yaml while x is a draft",
    ),
    (
        "META064",
        "error",
        "an endorsements file must be named after a document: endorsements/<id>.yaml",
        "endorsements/igf-outcome.yaml  (no such document)",
    ),
    ("META065", "error", "country must be an ISO 3166-1 alpha-2 code", "country: Kenya  (write KE)"),
    ("META066", "error", "an endorsement url must be a full http(s) address", "url: www.example.org"),
    # -- CONS010-039: the record of a consultation (accord.checks.consultation)
    (
        "CONS010",
        "error",
        "a consultation record must be a YAML mapping {document, comments: [...]}",
        "- id: gh-12  (a list instead of 'document:' and 'comments:')",
    ),
    (
        "CONS011",
        "error",
        "each comment must have id, received, version, paragraph, text and disposition, and only the fields of the record",
        "a comment without 'disposition', or 'paragrah: 4'",
    ),
    (
        "CONS012",
        "error",
        "a comment field must have its type: paragraph a whole number from 1, the others text",
        "paragraph: four",
    ),
    (
        "CONS013",
        "error",
        "a consultation record must be named after a document: consultations/<id>.yaml, with document: <id>",
        "consultations/igf-policy.yaml  (no such document)",
    ),
    ("CONS014", "error", "a comment id must be unique in its record", "two comments with id: gh-12"),
    (
        "CONS015",
        "error",
        "disposition must be one of pending, accepted, partly-accepted, not-accepted, noted",
        "disposition: rejected",
    ),
    (
        "CONS016",
        "error",
        "a comment must name a numbered paragraph that exists at the version it was made on",
        "paragraph: 40 on a version with 12 numbered paragraphs",
    ),
    (
        "CONS017",
        "warning",
        "a comment should be received inside the consultation window (opens to closes)",
        "received: 2026-12-20 when the consultation closed on 2026-12-18",
    ),
    (
        "CONS018",
        "error",
        "received must be an ISO date YYYY-MM-DD, not in the future",
        "received: 01/12/2026",
    ),
    (
        "CONS019",
        "error",
        "a document cannot be adopted while a comment on it is pending: every comment needs a disposition",
        "status: adopted while consultations/x.yaml has 'disposition: pending'",
    ),
    (
        "CONS020",
        "warning",
        "a comment that is decided (not pending) should have a response that says why",
        "disposition: not-accepted with response: ''",
    ),
    (
        "META031",
        "error",
        ".github/CODEOWNERS must list each document's authors' GitHub handles, as accord codeowners writes it",
        "an author added 'github: jdoe' but CODEOWNERS was not regenerated",
    ),
    (
        "META035",
        "error",
        "YAML aliases (*name) in front matter and data files must not stand for more than 10,000 values",
        "a: &a [x, x, x]  b: &b [*a, *a, *a]  ... nine levels deep ('billion laughs')",
    ),
    (
        "META036",
        "error",
        "values in front matter and data files must nest at most 64 levels deep",
        "title: [[[[[[ ... ]]]]]]  (a thousand brackets)",
    ),
    (
        "META037",
        "error",
        "a document's body must not have a '#' top heading: the title comes from the front matter",
        "# Principles for an open Internet  (under front matter that has a title)",
    ),
    # META070-: what `accord release` needs before a tag makes an edition official
    (
        "META070",
        "error",
        "an adopted document needs the record of its adoption (adopted.record) before a release",
        "adopted: {date: 2026-06-12, by: General Assembly}  (no link to the minutes)",
    ),
    (
        "META071",
        "error",
        "an adopted text that changed since the last edition needs a higher version",
        "a paragraph edited in an adopted paper that still says version: 1.0",
    ),
    (
        "META072",
        "error",
        "CHANGELOG.md needs a section for the version being released",
        "accord release v1.1 with no '## v1.1' heading in CHANGELOG.md",
    ),
    (
        "META073",
        "error",
        "a release is made from a clean working tree on the main branch",
        "accord release v1.1 with uncommitted edits, or on a feature branch",
    ),
    ("META074", "error", "a release tag is used once and never moved or reused", "accord release v1.0 twice"),
    (
        "META075",
        "error",
        "a release version is vMAJOR.MINOR (or vMAJOR.MINOR.PATCH) above the last edition",
        "accord release final, or v0.9 after v1.0",
    ),
    (
        "META076",
        "error",
        "a release tag follows [tool.accord] tag-pattern, the tags the release workflow publishes",
        "accord release 1.2 when tag-pattern is 'v{version}' (the workflow runs on v* tags)",
    ),
    (
        "META077",
        "error",
        "a release needs [tool.accord] base-url: an edition without it keeps relative addresses for good",
        "accord release v1.0 with no base-url in pyproject.toml",
    ),
    (
        "META078",
        "warning",
        "a repository with an adopted document needs [tool.accord] base-url before its first release",
        "status: adopted in a repository whose pyproject.toml has no base-url",
    ),
    (
        "META079",
        "error",
        "accord edition publish publishes a draft built by accord build, with its PDFs, from the current, "
        "committed HEAD",
        "accord edition publish after editing a file, or after a commit, without building again",
    ),
    # META080-082: what an endorsement records besides the organisation (accord.checks.endorsements)
    (
        "META080",
        "error",
        "an endorsement's version is the version of the document it endorses, MAJOR.MINOR",
        "version: v1  (write '1.0', quoted)",
    ),
    (
        "META081",
        "error",
        "an endorsement's kind must be one of civil-society, academic, technical, private-sector, "
        "government, other",
        "kind: NGO  (write civil-society)",
    ),
    (
        "META082",
        "error",
        "an endorsement cannot endorse a version above the document's current version",
        "version: '2.0' while the document says version: 1.1",
    ),
    (
        "META085",
        "error",
        "a withdrawal record gives the date and the reason",
        "withdrawn: {date: 2026-05-04} (no reason)",
    ),
    (
        "META086",
        "warning",
        "a withdrawn document says when and why it was withdrawn, in a withdrawn field",
        "status: withdrawn without withdrawn: {date: ..., reason: ...}",
    ),
    (
        "META090",
        "error",
        "[tool.accord] licence must be an SPDX licence expression, spelt as the SPDX list spells it",
        'licence = "CC-BY-4"  (for CC-BY-4.0)',
    ),
    # META095-099: adoption records of changed texts
    (
        "META095",
        "error",
        "a raised version of an adopted text needs a new adoption record dated on or after the change",
        "version: 1.1 over an edited text, still adopted: {date: 2026-06-12} as version 1.0 was",
    ),
    (
        "META096",
        "error",
        "a text is adopted on or after the day its consultation closes",
        "consultation: {closes: 2026-04-17} with adopted: {date: 2026-04-10}",
    ),
    # -- CITE: citations in documents
    ("CITE001", "error", "citation key must match an entry in the bibliography", "{cite:p}`wgig2005`"),
    ("CITE002", "error", "a citation role must name at least one key", "{cite:p}``"),
    (
        "CITE003",
        "warning",
        "a citation key should be written as in the bibliography",
        "{cite:p}`WGIG2005Report` for wgig2005report",
    ),
    (
        "CITE004",
        "error",
        "a citation must be keys separated by commas, each with optional {pre} and {post} notes",
        "{cite:p}`wgig2005report,` or {cite:p}`{see}`",
    ),
    (
        "CITE005",
        "error",
        "a bibliography directive takes no file: the bibliography is the `bibliography` setting",
        "```{bibliography} refs.bib",
    ),
    (
        "CITE006",
        "warning",
        "a bibliography option has no effect: each document lists the entries it cites",
        ":filter: docname in docnames",
    ),
    # -- BIB: bibliography entries
    ("BIB001", "error", "the bibliography must be readable BibTeX", "title = {Unclosed"),
    ("BIB002", "error", "the bibliography file must exist", "references.bib missing"),
    ("BIB003", "error", "entry keys must be unique (without regard to case)", "two @misc{wgig2005, ...}"),
    (
        "BIB004",
        "error",
        "a work must have only one entry (same DOI, URL, or title and year)",
        "wgig2005 and wgig2005report for the same report",
    ),
    ("BIB005", "error", "an entry must have the fields its type requires", "@techreport without institution"),
    ("BIB006", "error", "a DOI must be a bare DOI such as 10.1000/xyz123", "doi = {https://doi.org/10.1/x}"),
    ("BIB007", "error", "a url or archived field must be a full http(s) address", "url = {www.example.org}"),
    ("BIB008", "error", "an ISBN must have valid check digits", "isbn = {978-0-00-000000-1}"),
    ("BIB009", "error", "year must be four digits and urldate an ISO date", "year = {2011/12}"),
    ("BIB010", "warning", "every entry should be cited by a document", "an entry nobody cites"),
    ("BIB011", "error", "a field must appear only once in an entry", "two title fields"),
    ("BIB012", "error", "crossref must name another entry of the bibliography", "crossref = {nope}"),
    ("BIB013", "error", "an entry's crossref must not name the entry itself", "@book{b, crossref = {b}}"),
    ("BIB014", "error", "the entry type must be one the bibliography style can format", "@report"),
    ("BIB015", "error", "author and editor names must be readable", "author = {Doe, John, Jr, X}"),
    (
        "BIB016",
        "error",
        "crossrefs must not form a cycle",
        "@incollection{a, crossref = {b}} and @book{b, crossref = {a}}",
    ),
    ("BIB017", "error", "the bibliography must be UTF-8 text", "a file saved as Latin-1 with an 'é'"),
    ("BIB018", "error", "the build must be able to load every entry", "an entry pybtex rejects"),
    # -- LINK: online checks (accord check --online)
    ("LINK001", "error", "a link must not be dead (404 or 410)", "url = {https://example.org/gone}"),
    (
        "LINK002",
        "warning",
        "a link should answer (timeouts, refusals, server errors)",
        "a server that resets the connection",
    ),
    ("LINK003", "error", "a DOI must resolve", "doi = {10.9999/does-not-exist}"),
    # -- XREF: links between documents
    (
        "XREF001",
        "error",
        "a link to a repository file must point at an existing file",
        "[see](../positions/missing.md)",
    ),
    ("XREF002", "error", "a {doc} reference must name an existing document", "{doc}`/positions/missing`"),
    (
        "XREF003",
        "error",
        "a {para} reference must be written document-id#p-N or document-id#principle-N",
        "{para}`igf-policy-options#3`",
    ),
    ("XREF004", "error", "a {para} reference must name an existing document", "{para}`missing#p-3`"),
    (
        "XREF005",
        "error",
        "a paragraph reference must name a document with numbered paragraphs "
        "(status consultation, adopted or superseded)",
        "{para}`some-draft#p-2`",
    ),
    (
        "XREF006",
        "error",
        "a paragraph reference must name a paragraph the document numbers",
        "{para}`igf-policy-options#p-99`",
    ),
    (
        "XREF007",
        "error",
        "a principle reference must name a numbered principle of a statement of principles",
        "{para}`civil-society-principles#principle-13`",
    ),
    (
        "XREF008",
        "error",
        "headings and labels must not take an id reserved for numbering (p-N, principle-N)",
        "(p-2)=  or  ## P 2",
    ),
    (
        "XREF009",
        "error",
        "each principle number must head only one principle of a statement",
        "two headings '### 4. ...'",
    ),
    (
        "XREF010",
        "error",
        "a file that a directive, option, role or link reads must exist in the repository",
        "```{literalinclude} snippets/missing.py",
    ),
    (
        "XREF011",
        "error",
        "an image's bytes must match its file extension",
        "a JPEG saved as images/map.png",
    ),
    (
        "XREF012",
        "error",
        "an included file must not include itself, directly or through other files",
        "a.md includes b.md, which includes a.md",
    ),
    (
        "XREF015",
        "error",
        "a {ref} or {numref} reference must name a label that a document defines "
        "({ref} without its own text: a label with a title)",
        "{ref}`missing-label`",
    ),
    ("XREF016", "error", "an {eq} reference must name a labelled equation", "{eq}`missing-equation`"),
    ("XREF017", "error", "a {term} reference must name a term of a {glossary}", "{term}`missing term`"),
    (
        "XREF018",
        "error",
        "a link to an anchor must name a heading anchor or label of that document",
        "[see](#missing-heading)  or  [see](other.md#missing-heading)",
    ),
    (
        "XREF019",
        "error",
        "a reference must not name a label, term or equation of a withheld document",
        "{ref}`results` where results.md holds a refused <iframe>",
    ),
    # -- SAFE: unsafe content
    (
        "SAFE001",
        "error",
        "raw HTML is not allowed in documents (allow-list: [tool.accord] allowed-html)",
        "<script>alert(1)</script>",
    ),
    (
        "SAFE002",
        "error",
        "raw and eval-rst directives and the raw role are not allowed in documents",
        "```{raw} html",
    ),
    (
        "SAFE003",
        "error",
        "a link, image, button or toctree URL must use http, https, mailto or ftp, or no scheme",
        "[click](javascript:alert(1))  or  ```{image} file:///etc/passwd",
    ),
    (
        "SAFE004",
        "error",
        "a path that a directive, option, role or link reads must resolve inside the repository",
        "```{include} ../../etc/passwd   or  {download}`x <</etc/passwd>>`",
    ),
    (
        "SAFE005",
        "error",
        "a repository file must not be a symbolic link that leads outside the repository",
        "positions/paper.md -> /home/editor/secret.txt",
    ),
    (
        "SAFE006",
        "error",
        "a build never fetches a remote resource: options that fetch a URL are not allowed",
        "```{csv-table} Data  with  :url: https://example.org/data.csv",
    ),
    (
        "SAFE010",
        "error",
        "a heading must not hold a {download} role: the table of contents cannot show it",
        "## Annex {download}`data <data.csv>`",
    ),
    (
        "SAFE011",
        "error",
        "a document must not hold control characters (other than tab and newline)",
        "an ESC (U+001B) or NUL (U+0000) byte pasted with the text",
    ),
    (
        "SAFE012",
        "error",
        "a bibliography URL (url, \\url{...}, \\href{...}) must use http, https, mailto or ftp",
        "url = {javascript:alert(1)}",
    ),
    (
        "SAFE013",
        "error",
        "a % inside braces of a bibliography field must be written \\% (LaTeX reads % as a comment "
        "that swallows the closing brace)",
        "howpublished = {\\url{https://example.org/a%20b}}",
    ),
    (
        "SAFE015",
        "error",
        "lists, quotes and definitions must nest less deep than markdown's limit (ten lists or twenty "
        "quotes): the parser drops what lies deeper and, in a list, the rest of the document",
        "a list item indented ten levels deep, followed by the rest of the paper",
    ),
    (
        "SAFE016",
        "error",
        "a {toctree} in a document may list web addresses only, not documents or a :glob: pattern: "
        "the index pages make the navigation, and a document listed twice or in a circle stops Sphinx",
        "```{toctree}  with an entry ../../*, /index or a sibling document",
    ),
    (
        "SAFE017",
        "error",
        "a file the site publishes (a download, a link to a file, an image) must not be one a browser "
        "runs as a page: no .html, .xml or .js, and no SVG with script, event handlers or links",
        "{download}`annex <annex.html>`, or an SVG image holding <script>",
    ),
    (
        "SAFE018",
        "error",
        "a link must not name another site's inventory (inv:): the build reads none, since it "
        "would have to fetch it; link the page's https:// address",
        "[Sphinx's toctree](inv:sphinx#toctree-directive)",
    ),
    # -- BUILD: Sphinx or PDF build
    (
        "BUILD001",
        "error",
        "the Sphinx build must finish without warnings",
        "a toctree entry that names a missing document",
    ),
    ("BUILD002", "error", "the Sphinx build must not fail", "an exception in an extension"),
    (
        "BUILD003",
        "error",
        "every node type in a document must have a PDF rendering",
        "a node from an extension",
    ),
    (
        "BUILD004",
        "warning",
        "every character must be covered by a configured PDF font",
        "𓀀 with the default Noto fonts",
    ),
    (
        "BUILD005",
        "error",
        "an image in a PDF must be a PNG, JPEG, GIF, SVG, WebP or PDF file in the repository",
        "![map](map.bmp)",
    ),
    ("BUILD006", "error", "the PDF must compile with Typst", "a font file Typst cannot read"),
    (
        "BUILD007",
        "error",
        "math in a PDF must use LaTeX commands that have a Typst equivalent",
        "$\\textbf{x}$ (write $\\mathbf{x}$)",
    ),
    ("BUILD008", "error", "math must be well-formed LaTeX", "$\\frac{a}{b$"),
    # -- BUILD030-: what the build would refuse, reported by the check at the line
    (
        "BUILD030",
        "error",
        "a directive must be one the build knows: docutils', Sphinx's, MyST's, sphinx-design's, "
        "sphinxcontrib-bibtex's, Accord's or an extension's in conf.py",
        "```{notes}  (for {note})",
    ),
    (
        "BUILD031",
        "error",
        "a role must be one the build knows: docutils', Sphinx's, MyST's, sphinx-design's, "
        "sphinxcontrib-bibtex's, Accord's or an extension's in conf.py",
        "{citep}`wgig2005report`  (for {cite:p})",
    ),
    (
        "BUILD035",
        "error",
        "the toctrees of the site must not form a circle (a page listing the front page, or a page "
        "that lists it): Sphinx would recurse without end; the entry that closes it is dropped",
        "options.md with ```{toctree}  listing index",
    ),
    # -- BUILD020-: official editions, built once and never changed
    (
        "BUILD020",
        "error",
        "an edition's files must match its MANIFEST.sha256: a file changed",
        "editions/v1.0/positions/paper.html edited after publishing",
    ),
    (
        "BUILD021",
        "error",
        "an edition's files must match its MANIFEST.sha256: a listed file is missing",
        "editions/v1.0/positions/paper.pdf deleted",
    ),
    (
        "BUILD022",
        "error",
        "an edition's files must match its MANIFEST.sha256: a file is not listed",
        "a script added to editions/v1.0/_static/",
    ),
    (
        "BUILD023",
        "error",
        "an edition must have a readable MANIFEST.sha256",
        "editions/v1.0/MANIFEST.sha256 missing or with a broken line",
    ),
    (
        "BUILD024",
        "error",
        "a published edition is never rewritten: the new build of it must be identical",
        "editions/v1.0 built again with other fonts or another version of Accord",
    ),
    (
        "BUILD025",
        "error",
        "building the same tag again must give the same bytes",
        "a page that prints the time of the build",
    ),
    (
        "BUILD026",
        "error",
        "every edition listed in versions.json must be published",
        "versions.json names v1.1 but editions/v1.1/ is missing",
    ),
    (
        "BUILD027",
        "error",
        "a publish of the site was interrupted and must be undone before anything else",
        "the machine stopped while accord edition publish moved folders into place",
    ),
    (
        "BUILD028",
        "error",
        "every folder in editions/ must be a published edition with a manifest",
        "editions/stray/ copied by hand into the site",
    ),
    (
        "BUILD029",
        "error",
        "a tagged tree must not hold a symbolic link that leads outside the repository",
        "docs/secret.md -> /etc/passwd in the tag's tree",
    ),
    # -- CONS001-009: collecting comments and sign-ons (accord.consultation.collect)
    (
        "CONS001",
        "warning",
        "a comment or sign-on must give what its form asks (a document, a numbered paragraph, a text); "
        "it is not collected",
        "an issue whose 'Paragraph' says 'the third one'",
    ),
    (
        "CONS002",
        "warning",
        "a comment's quote is the text of its paragraph at the version it names; none was found, so "
        "the quote is left empty",
        "version: '0.9' with no tag v0.9 and another version in the file",
    ),
    (
        "CONS003",
        "warning",
        "what was collected before is never changed by collecting again: an issue edited since, or a "
        "listed organisation signing a newer version, is for the editors to apply",
        "the commenter rewrote issue #12 after it was collected",
    ),
    (
        "CONS004",
        "warning",
        "a comment collected before is kept: its issue was deleted, transferred or closed as not planned",
        "issue #12 deleted as spam after it was collected",
    ),
    (
        "CONS005",
        "error",
        "GitHub must accept the token (GITHUB_TOKEN) for reading the repository's issues",
        "HTTP 401 Bad credentials: an expired token",
    ),
    (
        "CONS006",
        "error",
        "the repository must exist and be readable: GITHUB_REPOSITORY or [tool.accord] repository, 'owner/name'",
        "HTTP 404 for repos/example/missing/issues",
    ),
    (
        "CONS007",
        "error",
        "GitHub's API must answer: the rate limit or the network stopped the collection",
        "HTTP 403 with x-ratelimit-remaining: 0 for longer than the collection waits",
    ),
    (
        "CONS008",
        "error",
        "the record file must be readable YAML with a 'comments' list before anything is added to it",
        "consultations/x.yaml with a tab in its indentation",
    ),
    (
        "CONS009",
        "warning",
        "an e-mailed comment needs a Message-ID and a plain-text body; it is not collected",
        "an HTML-only message with subject [x para 3]",
    ),
)


def lookup(code: str) -> Code:
    return CODES[code]


# -- LANG: translations (accord.checks.translations), in a block of their own so that the family
# reads as one piece.
CODES.update(
    _codes(
        (
            "LANG001",
            "error",
            "a translation's file name must end in a valid BCP 47 language tag: <id>.<lang>.md",
            "positions/igf-outcomes.xx.md  ('xx' is no language)",
        ),
        (
            "LANG002",
            "error",
            "a translation must sit beside its source document, <id>.md in the same folder",
            "positions/igf-outcome.fr.md without positions/igf-outcome.md",
        ),
        (
            "LANG003",
            "error",
            "a translation's language field must equal the tag in its file name",
            "language: es in positions/igf-outcomes.fr.md",
        ),
        (
            "LANG004",
            "error",
            "a translation must give title, language, translators and translated_from",
            "a translation without translated_from",
        ),
        (
            "LANG005",
            "error",
            "a translation's front matter holds title, language, translators, translated_from and summary",
            "authors: in a translation (write translators:)",
        ),
        (
            "LANG006",
            "error",
            "status, version and adoption are the source's: a translation must not contradict them",
            "status: adopted in the translation of a draft",
        ),
        (
            "LANG007",
            "warning",
            "status, version and adoption are the source's and need not be repeated in a translation",
            "status: draft in the translation of a draft",
        ),
        (
            "LANG008",
            "error",
            "translators must be a non-empty list of {name, affiliation?, github?}",
            "translators: Jean Dupont  (a string instead of a list)",
        ),
        (
            "LANG009",
            "error",
            "translated_from must be a commit of the source's history at which the source existed",
            "translated_from: 1234567  (no such commit)",
        ),
        (
            "LANG010",
            "warning",
            "a translation should match its source: the source's text changed after translated_from",
            "a paragraph of the source edited after the translation was made",
        ),
        (
            "LANG011",
            "error",
            "a translation must have every numbered paragraph of its source",
            "the source numbers 12 paragraphs, the translation 11",
        ),
        (
            "LANG012",
            "error",
            "a translation must not have paragraphs that its source does not number",
            "the source numbers 12 paragraphs, the translation 13",
        ),
        (
            "LANG013",
            "error",
            "a translation must have every numbered principle of its source",
            "principle 4 of the source has no heading '### 4. ...' in the translation",
        ),
        (
            "LANG014",
            "error",
            "a translation must not number principles that its source does not",
            "### 9. ... in the translation of a statement with eight principles",
        ),
        (
            "LANG015",
            "error",
            "a translation must cite only the keys its source cites",
            "{cite:p}`newkey` in the translation only",
        ),
        (
            "LANG016",
            "error",
            "a translation must cite every key its source cites",
            "the source cites wgig2005report, the translation does not",
        ),
        (
            "LANG017",
            "error",
            "a translation must be in another language than its source",
            "positions/igf-outcomes.en.md of an English document",
        ),
        (
            "LANG018",
            "error",
            "a translation is made from a document, not from another translation",
            "positions/igf-outcomes.fr.es.md",
        ),
        (
            "LANG019",
            "warning",
            "a language tag should be written as BCP 47 writes it",
            "positions/igf-outcomes.zh-hans.md  (zh-Hans)",
        ),
        (
            "LANG020",
            "error",
            "the languages setting must list valid BCP 47 language tags",
            'languages = ["en", "french"]',
        ),
    )
)
