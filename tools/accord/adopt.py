"""``accord init``: the template becomes a coalition's own repository.

It writes the coalition's settings into ``[tool.accord]`` (the rest of ``pyproject.toml`` kept as
written), removes the sample documents when asked, and leaves a repository that passes ``accord check``.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

import tomlkit
import tomlkit.exceptions

from accord import bibtex, codeowners, corpus, settings
from accord.vocabulary import KINDS, LANDING_PAGE

#: The template's own title: a repository whose title is still this one has not been adopted yet.
CONTRIBUTING = "CONTRIBUTING.md"
#: The lines of CONTRIBUTING.md that link to the sample papers, replaced when they are removed.
SAMPLES_START, SAMPLES_END = "<!-- accord:samples -->", "<!-- /accord:samples -->"
TEMPLATE_TITLE = "Accord sample coalition: statements and positions"
#: The settings ``accord init`` asks for, in the order it asks.
ASKED = ("title", "organisation", "base-url", "repository", "licence")
CHANGELOG = "CHANGELOG.md"
UNRELEASED = "## Unreleased"


class InitError(Exception):
    """Why the repository cannot be adopted: the command line prints it as a usage error."""


def adopted(root: Path) -> bool:
    """True once ``accord init`` (or an editor) gave the repository a title of its own.

    Unreadable settings are not an adoption: writing them reports what is wrong with them.
    """
    found, problems = settings.load(root)
    return not problems and found.title not in (TEMPLATE_TITLE, settings.Settings().title)


def write_settings(root: Path, values: Mapping[str, str]) -> None:
    """Set ``values`` in ``[tool.accord]``; refuse any that META030 would, leaving the file unchanged."""
    for key, value in values.items():
        problem = settings.shape_problem(key, value)
        if problem:
            raise InitError(problem)
    path = root / settings.PYPROJECT
    before = path.read_text(encoding="utf-8") if path.is_file() else ""
    try:
        document = tomlkit.parse(before)
    except tomlkit.exceptions.ParseError as error:
        raise InitError(f"{settings.PYPROJECT} is not valid TOML: {error}; correct it first") from None
    tool = document.setdefault("tool", tomlkit.table(is_super_table=True))
    table = tool.setdefault("accord", tomlkit.table())
    for key, value in values.items():
        table[key] = value
        if key == "title" and "short-title" in table:
            del table["short-title"]  # the template's short title names the sample coalition
    path.write_text(tomlkit.dumps(document), encoding="utf-8")
    problems = settings.load(root)[1]
    if problems:
        path.write_text(before, encoding="utf-8")
        raise InitError("; ".join(p.detail or p.code for p in problems))


def remove_samples(root: Path) -> list[str]:
    """Delete the documents, their endorsements and consultation records, the changelog's entries
    and uncited references."""
    removed: list[str] = []
    for kind in KINDS:
        for path in sorted((root / kind).glob("*.md")):
            if path.stem != LANDING_PAGE:
                path.unlink()
                removed.append(path.relative_to(root).as_posix())
    for path in [
        *sorted((root / "endorsements").glob("*.yaml")),
        *sorted((root / "consultations").glob("*.yaml")),
    ]:
        path.unlink()
        removed.append(path.relative_to(root).as_posix())
    _empty_unreleased(root / CHANGELOG)
    _drop_uncited(root)
    _unlink_examples(root / CONTRIBUTING)
    return removed


def _unlink_examples(path: Path) -> None:
    """CONTRIBUTING.md's table of the sample papers would link to files no longer there."""
    if not path.is_file():
        return
    text = path.read_text(encoding="utf-8")
    start, end = text.find(SAMPLES_START), text.find(SAMPLES_END)
    if start < 0 or end < start:
        return
    note = (
        "The template's sample papers were removed when this repository was set up; `accord new KIND "
        '"Title"` starts a document whose front matter passes the checks.'
    )
    path.write_text(text[:start] + note + text[end + len(SAMPLES_END) :], encoding="utf-8")


def _empty_unreleased(path: Path) -> None:
    """Keep the changelog's preamble and an empty 'Unreleased' section; the samples' go."""
    if not path.is_file():
        return
    text = path.read_text(encoding="utf-8")
    head = text.split(UNRELEASED, 1)[0]
    path.write_text(f"{head.rstrip()}\n\n{UNRELEASED}\n", encoding="utf-8")


def _drop_uncited(root: Path) -> None:
    """Remove the bibliography entries no remaining document cites (BIB010 otherwise)."""
    from accord.checks import cites

    loaded = corpus.load(root)
    path = loaded.bibliography.source
    if path is None:
        return
    cited = {key for doc in loaded.documents for key in cites(doc)}
    text = bibtex.text_of(path.read_bytes())
    parsed = bibtex.parse(text)
    if parsed.problems:
        return  # a file that does not parse is left for `accord check` to point at
    kept, last = [], 0
    for start, end in parsed.spans:
        first, final = text.count("\n", 0, start) + 1, text.count("\n", 0, end) + 1
        keys = [e.key for e in parsed.entries if first <= e.line <= final]
        key = keys[0] if keys else None  # @string and @preamble have none and stay
        kept.append(text[last:start])
        if key is None or key.lower() in cited:
            kept.append(text[start:end])
        last = end
    kept.append(text[last:])
    cleaned = "".join(kept)
    # Blank lines left by the removed entries collapse to one.
    lines, out = cleaned.splitlines(), []
    for line in lines:
        if line.strip() or (out and out[-1].strip()):
            out.append(line)
    path.write_text("\n".join(out).strip() + "\n" if any(s.strip() for s in out) else "", encoding="utf-8")


def write_codeowners(root: Path) -> None:
    """``.github/CODEOWNERS`` for the remaining documents, its hand-written rules kept."""
    path = root / codeowners.PATH
    existing = path.read_text(encoding="utf-8") if path.is_file() else None
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(codeowners.render(corpus.load(root).documents, existing), encoding="utf-8")


def install_hook(root: Path) -> str | None:
    """Install the pre-commit hook, so that every commit runs the checks an editor would otherwise
    meet only in the pull request; returns why it was not installed, or None."""
    if not (root / ".git").exists():
        return "this folder is not a git repository"
    try:
        done = subprocess.run(
            [sys.executable, "-m", "pre_commit", "install"],
            cwd=root,
            capture_output=True,
            text=True,
            timeout=60,
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        return str(error)
    if done.returncode:
        said = (done.stderr or done.stdout).strip().splitlines()
        return said[-1] if said else f"pre-commit install exited with {done.returncode}"
    return None


def origin_repository(root: Path) -> str | None:
    """GitHub's 'owner/name' of ``git remote get-url origin``, or None (no git, no remote, not GitHub)."""
    try:
        found = subprocess.run(
            ["git", "remote", "get-url", "origin"], cwd=root, capture_output=True, text=True, check=False
        )
    except OSError:
        return None
    match = re.match(
        r"^(?:https://github\.com/|git@github\.com:|ssh://git@github\.com/)(.+?)(?:\.git)?/?$",
        found.stdout.strip(),
    )
    return match[1] if found.returncode == 0 and match else None
