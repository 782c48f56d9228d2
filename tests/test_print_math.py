"""Math, glossaries and remote images, on the web and in print: MathML without a script, Typst math
with unsupported LaTeX refused at its line, glossary terms as linked definitions, and remote images
that no build ever fetches."""

from __future__ import annotations

import re
import socket
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from accord import markdown
from accord.formulas import to_mathml, to_typst
from tests.conftest import REPO, Repo
from tests.test_pdf import SNIPPETS
from tests.test_pdf import build as pdf_build

pytestmark = pytest.mark.sphinx

MATH = r"""
## Section

The area is {math}`\pi r^2` and a ratio $\frac{a}{b}$ in the line.

$$
\sum_{i=1}^n x_i \in \mathbb{R}
$$ (sum)

\begin{align}
a &= b \\
c &= d
\end{align}

```{math}
a = b

c = d
```

See equation {eq}`sum`.
"""

GLOSSARY = SNIPPETS["glossary"]  # the PDF snippet: the same glossary on the web and in print


def test_the_check_parses_as_the_build_does() -> None:
    """conf.py's MyST extensions and the check's parser are the same set."""
    namespace: dict[str, object] = {}
    exec((REPO / "conf.py").read_text(encoding="utf-8"), namespace)
    assert set(namespace["myst_enable_extensions"]) == markdown.MYST_EXTENSIONS  # type: ignore[arg-type]
    assert {"dollarmath", "amsmath"} <= markdown.MYST_EXTENSIONS
    for name, value in markdown.MYST_DMATH.items():
        assert namespace[f"myst_{name}"] == value


def test_prices_are_not_math() -> None:
    tokens = markdown._parser().parse("It costs $5 and $10, or $ 3 $ in all; $x^2$ is math.\n")
    inline = [child for token in tokens for child in token.children or ()]
    assert [child.content for child in inline if child.type == "math_inline"] == ["x^2"]


def test_dollar_math_is_not_text_to_the_check() -> None:
    # Inside $...$, a role-like or link-like text is math, not markup the rules inspect.
    items = markdown.scan("Text $[a](b) + {cite:p}`x`$ and more.\n")
    assert [item.kind for item in items if item.kind in {"link", "role"}] == []


@pytest.mark.parametrize(
    ("latex", "typst"),
    [
        (r"\pi r^2", "pi r^2"),
        (r"\frac{a}{b} \cdot x", "a/b dot.op x"),
        (r"\sum_{i=1}^n x_i", "sum_(i = 1)^n x_i"),
        (r"\mathbb{R}^n \% 50", "RR^n % 50"),
        (r"\begin{matrix} a & b \\ c & d \end{matrix}", "mat(delim: #none, a, b; c, d)"),
        ("a % a comment\n+ b", "a + b"),
        (r"\begin{split} a &= b \\ c &= d \end{split}", "a &= b \\ c &= d"),
        # Forms real lecture notes use: operators with limits, sized and paired delimiters, spaces.
        (r"\operatorname*{argmax}_x f(x)", 'op("argmax", limits: #true)_x f(x)'),
        (r"\bigl[ x \bigr] + \Big( y \Big) + \bigcup_i A_i", "[x] + (y) + union.big_i A_i"),
        (r"\lVert x \rVert \stackrel{d}{=} y \notag", "bar.v.double x bar.v.double limits(=)^d y"),
        (r"a \quad b \! c \hspace{1em} d", "a quad b #h(-math.thin.amount) c #h(1em) d"),
        # QuantEcon's lectures: plain TeX row ends and text boxes.
        (r"\begin{bmatrix} 1 \cr x \end{bmatrix}", 'mat(delim: "[", 1; x)'),
        (r"\mbox{if } x \textrm{ else}", '"if " x " else"'),
        ("a\t+ b \\\n+ c \\\n", "a + b med + c"),  # tabs, control spaces at line ends
    ],
)
def test_latex_becomes_typst_math(latex: str, typst: str) -> None:
    assert to_typst(latex).typst == typst


@pytest.mark.parametrize(
    ("latex", "code", "named"),
    [
        (r"\textbf{x}", "BUILD007", r"'\textbf'"),
        (r"\label{eq} x", "BUILD007", r"'\label'"),
        (r"\href{javascript:alert(1)}{x}", "BUILD007", r"'\href'"),
        (r"\frac{a}{b", "BUILD008", "Unmatched"),
        (r"\hspace{#read}", "BUILD008", "would be read as Typst code"),
        (r"\begin{gathered} a \\ b \end{gathered}", "BUILD007", "environment 'gathered'"),
        # A quotation mark in \text would close Typst's string and let the rest run as code.
        (r'\text{a" #read("/etc/passwd") "}', "BUILD008", "would be read as Typst code or end the formula"),
    ],
)
def test_unprintable_math_is_refused_with_the_command(latex: str, code: str, named: str) -> None:
    converted = to_typst(latex)
    assert (converted.code, converted.typst) == (code, "")
    assert named in converted.problem


def test_mathml_is_escaped_and_keeps_no_links_or_styles() -> None:
    mathml = to_mathml(
        r"\text{<script>x</script>} \href{javascript:alert(1)}{y} \style{x}{z} \leq", block=False
    )
    assert "<script>" not in mathml
    assert "&lt;script&gt;" in mathml
    assert "javascript" not in mathml and "href" not in mathml and "style=" not in mathml
    assert "<mo>≤</mo>" in mathml  # characters, not double-escaped entities
    assert mathml.startswith('<math xmlns="http://www.w3.org/1998/Math/MathML" display="inline">')


def test_math_and_glossary_render_on_the_web(build: Callable, repo: Repo) -> None:
    repo.doc("positions/maths.md", title="Maths", body=MATH)
    repo.doc("positions/words.md", title="Words", body=GLOSSARY)
    warnings, out = build("html")
    assert warnings == ""
    page = (out / "positions" / "maths.html").read_text(encoding="utf-8")
    assert page.count("<math ") == 6
    # The environment has one number, Sphinx's; latex2mathml's row numbers are not added.
    assert "<mtext>(1)</mtext>" not in page
    # Two equations of one {math} block: two formulas one under the other.
    assert re.search(
        r'<div class="math notranslate"[^>]*>\s*(<math [^>]*display="block">.*?</math>){2}</div>', page
    )
    assert "<mi>π</mi>" in page and "<mfrac>" in page
    assert 'id="equation-sum"' in page and 'id="equation-env-1"' in page  # no random ids
    # No script loads math (MathJax from a CDN is Sphinx's default); no LaTeX is left as text.
    assert not re.search(r"<script[^>]*(mathjax|jsdelivr)", page, flags=re.IGNORECASE)
    assert "\\frac" not in page and "\\pi" not in page
    words = (out / "positions" / "words.html").read_text(encoding="utf-8")
    assert 'id="term-Multistakeholder"' in words
    assert 'href="#term-Net-neutrality"' in words


def test_a_bad_formula_is_reported_at_its_line_on_the_web(build: Callable, repo: Repo) -> None:
    repo.doc("positions/maths.md", title="Maths", body="\n## Section\n\nBroken $\\frac{a}{b$ here.\n")
    warnings, out = build("html")
    assert "positions/maths.md:11: WARNING: BUILD008 math must be well-formed LaTeX: " in warnings
    assert "<code>\\frac{a}{b</code>" in (out / "positions" / "maths.html").read_text(encoding="utf-8")


def test_math_and_glossary_print(repo: Repo) -> None:
    repo.doc("positions/maths.md", title="Maths", body=MATH)
    repo.doc("positions/words.md", title="Words", body=GLOSSARY)
    built = pdf_build(repo.root)
    assert built.warnings == ""
    source = built.typ("positions/maths")
    assert "The area is $pi r^2$ and a ratio $a/b$ in the line." in source
    assert '#accord-equation(number: "1", $ sum_(i = 1)^n x_i in RR $)' in source
    assert '#label("positions/maths#equation-env-1");#accord-equation(number: "2", $ a &= b \\' in source
    assert "#accord-equation($ a = b \\ c = d $)" in source
    text = built.text("positions/maths")
    assert "𝜋𝑟2" in text and "ℝ" in text and "(1)" in text and "(2)" in text
    words = built.typ("positions/words")
    assert (
        '#accord-term([#metadata(none)#label("positions/words#term-Multistakeholder");Multistakeholder]'
        in words
    )
    assert '#link(label("positions/words#term-Net-neutrality"))[Net neutrality];' in words
    assert "Treating all traffic alike." in built.text("positions/words")
    assert (built.out / "compendium.pdf").is_file()


def test_unprintable_math_stops_its_pdf_at_the_line(repo: Repo) -> None:
    repo.doc("positions/paper.md", title="A paper")
    repo.doc("positions/maths.md", title="Maths", body="\n## Section\n\nBold $\\textbf{x}$ here.\n")
    built = pdf_build(repo.root)
    assert (
        "positions/maths.md:11: WARNING: BUILD007 math in a PDF must use LaTeX commands that have a "
        "Typst equivalent: '\\textbf' in '\\textbf{x}'" in built.warnings
    )
    assert "BUILD006" not in built.warnings
    assert not (built.out / "positions" / "maths.pdf").exists()
    assert (built.out / "positions" / "paper.pdf").is_file()


class Recorder:
    """A TCP listener on 127.0.0.1 that counts the connections made to it (any request at all)."""

    def __init__(self) -> None:
        self.server = socket.create_server(("127.0.0.1", 0))
        self.connections = 0
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    @property
    def port(self) -> int:
        return self.server.getsockname()[1]

    def _accept(self) -> None:
        while True:
            try:
                connection, _ = self.server.accept()
            except OSError:
                return
            self.connections += 1
            connection.close()


@pytest.fixture
def recorder() -> Iterator[Recorder]:
    server = Recorder()
    yield server
    server.server.close()


@pytest.mark.allow_hosts(["127.0.0.1"])
def test_a_build_never_fetches_a_remote_image(accord, repo: Repo, recorder: Recorder) -> None:
    url = f"https://127.0.0.1:{recorder.port}/map.png"
    repo.doc(
        "positions/pictured.md",
        title="Pictured",
        body=f"\n## Section\n\n![The map of members]({url})\n\n{{cite:p}}`wgig2005report,coe2011principles`\n",
    )
    # The recorder works: a connection is counted.
    socket.create_connection(("127.0.0.1", recorder.port)).close()
    for _ in range(50):
        if recorder.connections:
            break
        threading.Event().wait(0.02)
    assert recorder.connections == 1

    run = accord("build", str(repo.root))
    assert run.code == 0, run.out + run.err
    threading.Event().wait(0.1)
    assert recorder.connections == 1  # none during the build
    site = repo.root / "_build" / "html"
    assert f'src="{url}"' in (site / "positions" / "pictured.html").read_text(encoding="utf-8")
    typ = (repo.root / "_build" / "typst" / "positions" / "pictured.typ").read_text(encoding="utf-8")
    assert f'#accord-remote-image("{url}")[The map of members];' in typ
    import pypdf

    reader = pypdf.PdfReader(site / "positions" / "pictured.pdf")
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert f"[The map of members: {url}]" in text
    assert any(
        annotation.get_object().get("/A", {}).get("/URI") == url
        for page in reader.pages
        for annotation in page.get("/Annots", [])
    )
    assert not list(Path(site).rglob("map.png"))


def test_a_formula_typst_refuses_after_conversion_is_reported_at_its_line(repo: Repo) -> None:
    # tex2typst converts it (sqrt()) ), the name check passes it, Typst refuses it.
    assert to_typst(r"\sqrt)").typst == "sqrt())"
    repo.doc("positions/maths.md", title="Maths", body="\n## Section\n\nFine $x^2$.\n\nOdd $\\sqrt)$ here.\n")
    built = pdf_build(repo.root)
    assert (
        "positions/maths.md:13: WARNING: BUILD008 math must be well-formed LaTeX: Typst: missing argument: "
        "radicand in '\\sqrt)'" in built.warnings
    )
    assert "BUILD006" not in built.warnings
    assert built.warnings.count("WARNING:") == 1


def test_a_trailing_line_break_cannot_escape_the_formula() -> None:
    assert to_typst("a \\\\").typst == "a"
    assert to_typst(r"x \cdot \\").typst == "x dot.op"
