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
include_patterns = ["index.md", "positions/*.md", "principles/*.md"]
exclude_patterns = ["_build", "**/README.md"]

myst_enable_extensions = ["colon_fence", "deflist", "fieldlist", "attrs_inline", "smartquotes"]
myst_title_to_header = True
myst_heading_anchors = 3

bibtex_bibfiles = ["references.bib"]
bibtex_default_style = "unsrt"
bibtex_reference_style = "author_year"
# Each document has its own reference list, numbered from 1, and its citations resolve to that
# list first; the same work cited in two documents is therefore not a duplicate.
suppress_warnings = ["bibtex.duplicate_citation", "bibtex.duplicate_label"]

html_theme = "pydata_sphinx_theme"
html_theme_options = {
    "navigation_with_keys": False,
    "show_toc_level": 2,
    "footer_start": ["copyright"],
    "footer_end": ["sphinx-version"],
}
html_show_sourcelink = False
html_last_updated_fmt = None

# Reproducible output: no build timestamps in pages.
today_fmt = "%Y-%m-%d"
