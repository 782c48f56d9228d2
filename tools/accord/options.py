"""Policy options: the registry of questions and the parts of a ``{policy-option}`` directive.

A position paper may set out a range of options on a policy question, each with its arguments for
and against and the stakeholders that support it. The questions are declared once, in
``questions.yaml`` at the repository root, so that options from different documents answer the
same question and the site can map them side by side::

    intermediary-liability:
      title: Intermediary liability
      question: When should an online intermediary be liable for content posted by its users?

The checks (:mod:`accord.checks.options`) and the Sphinx extension
(:mod:`accord.sphinxext.options`) both read the registry and the directive options through this
module. The model is lenient: whatever can be read is used, and the rules report the rest.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from accord import datafile
from accord.vocabulary import QUESTIONS_FILE, STAKEHOLDER_GROUPS


@dataclass(frozen=True)
class Question:
    id: str
    title: str
    text: str


@dataclass(frozen=True)
class Questions:
    """The registry: the file as read (None when there is none) and its questions in file order."""

    file: datafile.DataFile | None
    by_id: dict[str, Question]

    @property
    def ids(self) -> frozenset[str]:
        return frozenset(self.by_id)


def _text(value: object) -> str:
    return " ".join(value.split()) if isinstance(value, str) else ""


def questions_from(file: datafile.DataFile | None) -> Questions:
    found: dict[str, Question] = {}
    if file is not None and isinstance(file.data, dict):
        for key, entry in file.data.items():
            if isinstance(key, str):
                fields = entry if isinstance(entry, dict) else {}
                found[key] = Question(key, _text(fields.get("title")) or key, _text(fields.get("question")))
    return Questions(file, found)


def load_questions(root: Path) -> Questions:
    """The registry of the repository at ``root``."""
    return questions_from(datafile.load(root, QUESTIONS_FILE))


def split_supporters(value: str) -> list[str]:
    """Stakeholder group slugs, separated by commas or semicolons: ``civil-society, academia``."""
    return [part.strip() for part in re.split(r"[,;]", value) if part.strip()]


def split_organisations(value: str) -> list[str]:
    """Organisation names, separated by semicolons (names may hold commas)."""
    return [" ".join(part.split()) for part in value.split(";") if part.strip()]


def group_label(slug: str) -> str:
    return STAKEHOLDER_GROUPS.get(slug, slug)


def slug(text: str) -> str:
    """A lowercase slug for anchors: 'Option B: an order' -> 'option-b-an-order'."""
    return "-".join("".join(c if c.isalnum() else " " for c in text.lower()).split()) or "option"
