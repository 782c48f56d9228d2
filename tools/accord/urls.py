"""Which URLs a document may link or show: one allow-list of schemes, decided like a browser.

A browser strips ASCII whitespace and control characters from a URL (anywhere for tab and
newline, at the ends for the rest) and folds the scheme's case before it decides what a link does,
so ``java\\tscript:`` and `` JavaScript:`` run script. Here every such character is removed
anywhere, the scheme is case-folded, and a URL is refused unless its scheme is on the allow-list
(accord.vocabulary.SAFE_SCHEMES) or it has none (a relative reference or a #fragment). A URL whose
text before the first ':' is not a well-formed scheme (``java%0ascript:``) is refused too: it is not
a relative reference anyone means to write, and a later decoding could make it a scheme.

The check (accord.checks.urls) and the build (accord.sphinxext.safety) call the same function.
"""

from __future__ import annotations

import re
from urllib.parse import unquote

from accord.vocabulary import IMAGE_SCHEMES, RUNNING_SCHEMES, SAFE_SCHEMES, SOURCE_SCHEMES

# C0 controls, space, DEL and C1 controls: what a browser ignores (or a decoder may drop).
_IGNORED = re.compile(r"[\x00-\x20\x7f-\x9f]+")
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*$")
# A MyST reference to a label written as a link target, such as [x](sec:intro).
_LABEL = re.compile(r"^[\w.-]+(?::[\w.-]+)+$")

#: Characters that a rule reports in a body: C0 and C1 controls other than tab, newline and CR.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def squeeze(url: str) -> str:
    """``url`` as a browser reads its scheme: ignored characters removed, lowercase."""
    return _IGNORED.sub("", url).lower()


def scheme(url: str) -> str | None:
    """The scheme ``url`` would be followed with: None for a relative reference or a fragment;
    '' when the text before the first ':' is not a well-formed scheme (refused)."""
    text = squeeze(url)
    # Browsers read a backslash as a slash in a URL; it ends a scheme as a slash does.
    end = min((at for at in (text.find(c) for c in ":/?#\\") if at >= 0), default=-1)
    if end < 0 or text[end] != ":":
        return None
    name = text[:end]
    return name if _SCHEME.match(name) else ""


def _decoded_schemes(url: str) -> set[str | None]:
    """The schemes of ``url`` and of its percent-decodings (a decoding must not create one)."""
    found = {scheme(url)}
    text = url
    for _ in range(3):
        decoded = unquote(text)
        if decoded == text:
            break
        text = decoded
        found.add(scheme(text))
    return found


def refusal(url: str, *, source: bool = False, image: bool = False) -> str | None:
    """Why ``url`` may not be linked (the scheme it would run as), or None when it may.

    ``source`` admits what MyST turns into internal references while reading (``project:``,
    ``path:``, ``inv:`` and ``label:name`` references); ``image`` admits only what may be fetched.
    """
    allowed = IMAGE_SCHEMES if image else SAFE_SCHEMES
    if source:
        allowed = allowed | SOURCE_SCHEMES
    for found in sorted(_decoded_schemes(url), key=str):
        if found is None or found in allowed:
            continue
        if source and found and found not in RUNNING_SCHEMES and _LABEL.match(url.strip()):
            continue  # [x](sec:intro): MyST resolves it as a label, never as a URL
        return f"{found}:" if found else "a malformed scheme"
    return None


def is_safe(url: str, *, source: bool = False, image: bool = False) -> bool:
    return refusal(url, source=source, image=image) is None


def runs(url: str) -> bool:
    """True when ``url`` would run, read or embed something (javascript:, file:, data: ...) or has
    a malformed scheme: refused even where another scheme is a builder's own."""
    return any(found == "" or found in RUNNING_SCHEMES for found in _decoded_schemes(url))
