# Sphinx configuration for the Accord repository. It stays declarative: no logic here.
# Site title, organisation and URLs live in pyproject.toml, [tool.accord].

extensions = [
    "myst_parser",
    "sphinx_design",
    "sphinxcontrib.bibtex",
    "accord.sphinxext",
]

root_doc = "index"
source_suffix = {".md": "markdown"}
# Only the documents and the front page are content; tooling, tests and docs of the tool are not.
include_patterns = [
    "index.md",
    "positions/*.md",
    "principles/*.md",
    "options.md",
    "crosswalk.md",
    "CHANGELOG.md",
]
exclude_patterns = ["_build", "**/README.md"]

myst_enable_extensions = [
    "colon_fence",
    "deflist",
    "fieldlist",
    "attrs_inline",
    "smartquotes",
    # $...$ and $$...$$ math, and LaTeX environments (align, equation) as math blocks
    "dollarmath",
    "amsmath",
]
# A $ opens math only before a non-space and closes after one, not before a digit: "$5 and $10" is text.
myst_dmath_allow_space = False
myst_dmath_allow_digits = False
# Formulas as MathML written at build time: no script from a CDN (accord.sphinxext.mathml).
html_math_renderer = "accord-mathml"
myst_title_to_header = True
myst_heading_anchors = 3
# Figures, tables and code blocks with a caption are numbered across the site, in the order of the
# contents ("Fig. 3"), so that
# {numref} works; the PDF prints the same numbers (accord.pdf.translator).
numfig = True
# Citations are footnotes that must stay in each document's References section.
myst_footnote_sort = False
myst_footnote_transition = False

bibtex_bibfiles = ["references.bib"]
bibtex_default_style = "accord"  # unsrt, with archived copies linked (accord.bibstyle)

html_theme = "pydata_sphinx_theme"
html_theme_options = {
    "navigation_with_keys": False,
    "show_toc_level": 2,
    "footer_start": ["copyright"],
    "footer_end": ["sphinx-version"],
}
html_show_sourcelink = False
# No copy of the markdown in _sources/: a withheld document's source would be published there.
html_copy_source = False
html_last_updated_fmt = None

# Reproducible output: no build timestamps in pages.
today_fmt = "%Y-%m-%d"
