"""One search index for pages in several languages.

Sphinx builds one index per build with one stemmer, the build language's, applied alike to the
words of every page and to what a reader types. A French page indexed with the English stemmer is
still found by its own words (both sides stem alike), but an Arabic word is kept whole with its
article and suffixes, and Chinese, written without spaces, becomes one "word" per sentence.

So the build's search language is replaced (``app.add_search_language``, for the build's language)
by one that picks the stemmer by each word's script, the same way in Python (the index) and in
JavaScript (the query): Arabic script -> Snowball Arabic, Cyrillic -> Russian, Latin and the rest
-> the build language's (English); and it splits Han, Hiragana and Katakana into single characters,
so that a query of several characters finds the pages holding them all. Both stemmers and the
splitter exist on both sides (snowballstemmer, Sphinx's minified Snowball JavaScript), so the two
sides cannot drift apart. bench/search.py measures what it finds.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import snowballstemmer
import sphinx.search
from sphinx.search.en import SearchEnglish

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: The script of a word (its first letter) -> the Snowball stemmer for it; Latin and others: English.
SCRIPTS = (
    ("arabic", re.compile(r"[\u0600-\u06ff\u0750-\u077f]")),
    ("russian", re.compile(r"[\u0400-\u04ff]")),
)
CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_WORDS = re.compile(rf"[{CJK}]|[^\W{CJK}]+")

_MINIFIED = Path(sphinx.search.__file__).parent / "minified-js"


def _js(name: str) -> str:
    return (_MINIFIED / name).read_text(encoding="utf-8")


_DISPATCH = """
var Stemmer = function () {
  var english = new EnglishStemmer(), arabic = new ArabicStemmer(), russian = new RussianStemmer();
  this.stemWord = function (w) {
    if (/[\\u0600-\\u06ff\\u0750-\\u077f]/.test(w)) return arabic.stemWord(w);
    if (/[\\u0400-\\u04ff]/.test(w)) return russian.stemWord(w);
    return english.stemWord(w);
  };
};
window.Stemmer = Stemmer;
"""

_SPLITTER = f"""
function splitQuery(query) {{
  return query.match(/[{CJK}]|(?:(?![{CJK}])[\\p{{Letter}}\\p{{Number}}_])+/gu) || [];
}}
"""


class MultilingualSearch(SearchEnglish):
    """English, with Arabic and Russian words stemmed as such and CJK split into characters."""

    js_stemmer_rawcode = ""  # js_stemmer_code holds every stemmer and the dispatcher instead
    js_splitter_code = _SPLITTER

    def __init__(self, options: dict[str, str]) -> None:
        super().__init__(options)
        self.by_script = [(snowballstemmer.stemmer(name), pattern) for name, pattern in SCRIPTS]

    def split(self, input: str) -> list[str]:
        return _WORDS.findall(input)

    def stem(self, word: str) -> str:
        lowered = word.lower()
        for stemmer, pattern in self.by_script:
            if pattern.search(lowered):
                return stemmer.stemWord(lowered)
        return self.stemmer.stemWord(lowered)


MultilingualSearch.js_stemmer_code = "\n".join(
    (
        _js("base-stemmer.js"),
        _js("english-stemmer.js"),
        _js("arabic-stemmer.js"),
        _js("russian-stemmer.js"),
        _DISPATCH,
    )
)


def setup_search(app: Sphinx) -> None:
    app.add_search_language(MultilingualSearch)
