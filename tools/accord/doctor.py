"""``accord doctor``: is this machine and this repository ready to check, build and publish?

Each check is a small function returning a Finding: ok, a warning (works, but something is
missing) or a problem (a command will fail), with what to do. The probes of the machine are
module functions, so that tests replace them.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from accord import adopt, settings

OK, WARNING, PROBLEM = "ok", "warning", "problem"
MINIMUM_PYTHON = (3, 11)
#: The families the PDFs need by script; the PDF configuration's defaults.
FONTS = {"Latin": "Noto Serif", "Arabic": "Noto Naskh Arabic", "CJK": "Noto Serif CJK SC"}
CHROMIUM = Path("/usr/bin/chromium")
INSTALL = "run `bash .ci/install`"


@dataclass(frozen=True)
class Finding:
    state: str  # OK, WARNING or PROBLEM
    what: str
    advice: str = ""

    def line(self) -> str:
        advice = f": {self.advice}" if self.advice else ""
        return f"{self.state:<8} {self.what}{advice}"


# -- probes of the machine (replaced in tests)


def python_version() -> tuple[int, int]:
    return sys.version_info[:2]


def typst_compiles() -> str | None:
    """None when the Typst package compiles a one-line document, else why not."""
    try:
        import typst
    except ImportError as error:
        return f"the typst package cannot be imported ({error})"
    with tempfile.TemporaryDirectory() as folder:
        try:
            typst.Compiler(root=folder, ignore_system_fonts=True).compile(input=b"Accord", format="pdf")
        except Exception as error:  # any failure of the compiler is the finding
            return f"typst cannot compile a tiny document: {error}"
    return None


def font_families() -> set[str]:
    from accord.pdf.config import DEBIAN_FONTS
    from accord.pdf.fonts import font_book

    return set(font_book(DEBIAN_FONTS).families())


def git(root: Path, *args: str) -> str | None:
    """A git command's output, or None when it fails (no git, not a repository, unset value)."""
    try:
        done = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=False)
    except OSError:
        return None
    return done.stdout.strip() if done.returncode == 0 else None


def chromium() -> bool:
    return CHROMIUM.is_file() or shutil.which("chromium") is not None


# -- the checks


def check_python(root: Path) -> Finding:
    found = python_version()
    if found < MINIMUM_PYTHON:
        need = ".".join(map(str, MINIMUM_PYTHON))
        return Finding(PROBLEM, f"Python {found[0]}.{found[1]}", f"install Python {need} or newer")
    return Finding(OK, f"Python {found[0]}.{found[1]}")


def check_typst(root: Path) -> Finding:
    problem = typst_compiles()
    if problem:
        return Finding(PROBLEM, problem, f"{INSTALL}, or `accord build --no-pdf` for the pages alone")
    return Finding(OK, "Typst compiles PDFs")


def check_fonts(root: Path) -> Finding:
    families = font_families()
    missing = [f"{script} ({family})" for script, family in FONTS.items() if family not in families]
    if missing:
        return Finding(
            WARNING,
            "fonts missing for the PDFs: " + ", ".join(missing),
            f"{INSTALL} (Debian's fonts-noto-core and fonts-noto-cjk); text in these scripts prints as boxes",
        )
    return Finding(OK, "Noto fonts for Latin, Arabic and CJK found")


def check_base_url(root: Path) -> Finding:
    found = settings.load(root)[0].base_url
    if not found:
        return Finding(
            WARNING,
            "base-url is not set",
            "set base-url in [tool.accord] (`accord init --force --base-url ...`): without it the "
            "editions keep relative addresses and have no feed",
        )
    return Finding(OK, f"base-url is {found}")


def check_repository(root: Path) -> Finding:
    found = settings.load(root)[0].repository
    origin = adopt.origin_repository(root)
    if not found:
        advice = (
            f"set repository = {origin!r} in [tool.accord]" if origin else "set repository in [tool.accord]"
        )
        return Finding(WARNING, "repository is not set ('edit this page' links are missing)", advice)
    if origin and origin.lower() != found.lower():
        return Finding(
            PROBLEM,
            f"repository is {found!r} but `git remote get-url origin` is {origin!r}",
            "correct one of them: the links and the workflows use the setting",
        )
    return Finding(OK, f"repository is {found}")


def check_tag_signing(root: Path) -> Finding:
    if git(root, "config", "--get", "tag.gpgSign") != "true":
        return Finding(
            WARNING,
            "release tags will not be signed",
            "set up a signing key and run `git config tag.gpgSign true` before `accord release`",
        )
    return Finding(OK, "release tags are signed")


def check_hook(root: Path) -> Finding:
    hooks = git(root, "rev-parse", "--git-path", "hooks")
    hook = (root / hooks / "pre-commit") if hooks else None
    if (
        hook is None
        or not hook.is_file()
        or "pre-commit" not in hook.read_text(encoding="utf-8", errors="replace")
    ):
        return Finding(WARNING, "the pre-commit hook is not installed", "run `pre-commit install`")
    return Finding(OK, "the pre-commit hook is installed")


def check_chromium(root: Path) -> Finding:
    if not chromium():
        return Finding(
            WARNING, "chromium not found (only the browser tests need it)", "run `bash .ci/install --test`"
        )
    return Finding(OK, "chromium found, for the browser tests")


def check_pages(root: Path) -> Finding:
    return Finding(
        OK,
        "the workflows publish the site with GitHub Pages",
        "check once that Settings > Pages > Source is 'GitHub Actions' on GitHub",
    )


CHECKS: tuple[Callable[[Path], Finding], ...] = (
    check_python,
    check_typst,
    check_fonts,
    check_base_url,
    check_repository,
    check_tag_signing,
    check_hook,
    check_chromium,
    check_pages,
)


def run(root: Path) -> list[Finding]:
    return [check(root) for check in CHECKS]
