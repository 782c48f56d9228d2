"""A seeded, synthetic Accord repository: documents, bibliography and settings for the benchmark.

Everything is drawn from one ``random.Random`` so that a seed gives the same corpus; only the
dates move with ``today`` (consultation windows must be open and no date may lie in the future).
"""

from __future__ import annotations

import datetime as dt
import json
import random
import re
import shutil
import textwrap
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import lexicon

from accord.vocabulary import PAGES

WRAP = 100
KINDS = ("positions", "principles")
#: Files copied unchanged from the Accord repository into the generated one.
COPIED = ("conf.py", *PAGES)
STATUS_WEIGHTS = {"draft": 30, "consultation": 20, "adopted": 40, "withdrawn": 10}


@dataclass
class Paragraph:
    """Sentences that citations can still be attached to; rendered as one wrapped paragraph."""

    sentences: list[str]

    def words(self) -> int:
        return sum(len(s.split()) for s in self.sentences)

    def render(self) -> str:
        return textwrap.fill(" ".join(self.sentences), WRAP, break_long_words=False, break_on_hyphens=False)


Block = str | Paragraph


@dataclass
class Entry:
    key: str
    text: str


@dataclass
class Corpus:
    """What was generated, for the report."""

    root: Path
    documents: dict[str, list[str]] = field(default_factory=dict)  # kind -> ids
    words: int = 0
    citations: int = 0
    entries: int = 0
    keys: list[str] = field(default_factory=list)  # of the bibliography

    @property
    def count(self) -> int:
        return sum(len(ids) for ids in self.documents.values())

    def paths(self) -> list[Path]:
        return [self.root / kind / f"{doc_id}.md" for kind, ids in self.documents.items() for doc_id in ids]


# -- prose


def sentence(rng: random.Random) -> str:
    parts = [rng.choice(lexicon.SUBJECTS), rng.choice(lexicon.VERBS), rng.choice(lexicon.OBJECTS)]
    if rng.random() < 0.6:
        parts.append(rng.choice(lexicon.QUALIFIERS))
    if rng.random() < 0.35:
        parts.append("and " + rng.choice(lexicon.OBJECTS))
    text = " ".join(parts)
    if rng.random() < 0.3:
        text = rng.choice(lexicon.CONNECTORS) + " " + text[0].lower() + text[1:]
    return text + "."


def paragraph(rng: random.Random) -> Paragraph:
    return Paragraph([sentence(rng) for _ in range(rng.randint(3, 6))])


def bullet_list(rng: random.Random) -> str:
    marker = "1." if rng.random() < 0.3 else "-"
    items = [
        f"{marker} {rng.choice(lexicon.OBJECTS).capitalize()} {rng.choice(lexicon.QUALIFIERS)};"
        for _ in range(rng.randint(3, 5))
    ]
    items[-1] = items[-1][:-1] + "."
    return "\n".join(items)


def table(rng: random.Random) -> str:
    rows = ["| Option | Supported by | Main risk |", "| --- | --- | --- |"]
    for number in range(1, rng.randint(3, 5) + 1):
        cells = (f"Option {number}: {rng.choice(lexicon.OBJECTS)}", rng.choice(lexicon.SUBJECTS))
        rows.append(f"| {cells[0]} | {cells[1]} | {rng.choice(lexicon.QUALIFIERS)} |")
    return "\n".join(rows)


def section(rng: random.Random, title: str) -> list[Block]:
    blocks: list[Block] = [f"## {title}"]
    blocks.extend(paragraph(rng) for _ in range(rng.randint(1, 3)))
    if rng.random() < 0.35:
        blocks.append(bullet_list(rng))
    if rng.random() < 0.15:
        blocks.append(table(rng))
    if rng.random() < 0.12:
        blocks += [":::{note}", paragraph(rng), ":::"]
    if rng.random() < 0.1:
        blocks += [f":::{{dropdown}} More on {rng.choice(lexicon.OBJECTS)}", paragraph(rng), ":::"]
    if rng.random() < 0.4:
        for subtitle in rng.sample(lexicon.SUBSECTION_TITLES, rng.randint(1, 2)):
            blocks += [f"### {subtitle}", paragraph(rng)]
    return blocks


def words_of(blocks: list[Block]) -> int:
    return sum(b.words() if isinstance(b, Paragraph) else len(b.split()) for b in blocks)


def body(rng: random.Random) -> list[Block]:
    """Sections until the document reaches its drawn length; a table, a note and a dropdown in some."""
    target = rng.randint(600, 1200)
    titles = rng.sample(lexicon.SECTION_TITLES, len(lexicon.SECTION_TITLES))
    blocks: list[Block] = [paragraph(rng)]
    while words_of(blocks) < target and titles:
        blocks.extend(section(rng, titles.pop()))
    return blocks


def cite(rng: random.Random, paragraphs: list[Paragraph], keys: list[str]) -> int:
    """Attach the keys to sentences, one or two keys a role; returns the number of roles."""
    slots = [(p, i) for p in paragraphs for i in range(len(p.sentences))]
    rng.shuffle(slots)
    roles = 0
    while keys and slots:
        group = [keys.pop() for _ in range(min(len(keys), 2 if rng.random() < 0.25 else 1))]
        target, index = slots.pop()
        text = target.sentences[index]
        if len(group) == 1 and rng.random() < 0.3:
            target.sentences[index] = f"As {{cite:t}}`{group[0]}` notes, {text[0].lower()}{text[1:]}"
        else:
            target.sentences[index] = f"{text[:-1]} {{cite:p}}`{','.join(group)}`."
        roles += 1
    return roles


def render(blocks: list[Block]) -> str:
    return "\n\n".join(b.render() if isinstance(b, Paragraph) else b for b in blocks) + "\n"


# -- front matter


def days_before(today: dt.date, rng: random.Random, low: int, high: int) -> dt.date:
    return today - dt.timedelta(days=rng.randint(low, high))


def lifecycle(rng: random.Random, status: str, today: dt.date) -> list[str]:
    """The status-dependent fields, as YAML lines; no date lies after ``today``."""
    if status == "consultation":
        opens = days_before(today, rng, 1, 30)
        closes = today + dt.timedelta(days=rng.randint(7, 60))
        return [f"date: {opens}", "consultation:", f"  opens: {opens}", f"  closes: {closes}"]
    if status == "adopted":
        adopted = days_before(today, rng, 0, 700)
        lines = [f'version: "{rng.randint(1, 3)}.{rng.randint(0, 4)}"', f"date: {adopted}"]
        if rng.random() < 0.5:
            closes = adopted - dt.timedelta(days=rng.randint(10, 40))
            opens = closes - dt.timedelta(days=rng.randint(20, 60))
            lines += ["consultation:", f"  opens: {opens}", f"  closes: {closes}"]
        lines += ["adopted:", f"  date: {adopted}", f"  by: {rng.choice(lexicon.ADOPTING_BODIES)}"]
        if rng.random() < 0.5:
            lines.append(f"  record: https://example.org/minutes/{adopted}")
        return lines
    date = days_before(today, rng, 0, 900 if status == "withdrawn" else 200)
    if status != "withdrawn":
        return [f"date: {date}"]
    # When and why (META086); nothing more is drawn from rng, so the text stays the same.
    return [
        f"date: {date}",
        "withdrawn:",
        f"  date: {date}",
        "  reason: Replaced by later work of the coalition.",
    ]


def front_matter(rng: random.Random, title: str, status: str, today: dt.date) -> str:
    lines = ["---", f'title: "{title}"', f"status: {status}", "authors:"]
    for name, affiliation in rng.sample(lexicon.AUTHORS, rng.randint(1, 3)):
        lines += [f"  - name: {name}", f"    affiliation: {affiliation}"]
    lines += lifecycle(rng, status, today)
    lines += ["topics:", *(f"  - {t}" for t in rng.sample(lexicon.TOPIC_SLUGS, rng.randint(1, 4)))]
    lines += ["language: en", "summary: >-"]
    lines += textwrap.wrap(
        " ".join(sentence(rng) for _ in range(2)), WRAP - 2, initial_indent="  ", subsequent_indent="  "
    )
    return "\n".join([*lines, "---", ""])


def title_of(rng: random.Random) -> str:
    first, second = rng.sample(lexicon.OBJECTS, 2)
    return f"{first.capitalize()} and {second} {rng.choice(lexicon.QUALIFIERS)}"


def slug(text: str) -> str:
    return "-".join(re.findall(r"[a-z0-9]+", text.lower()))


def document(
    rng: random.Random, keys: list[str], today: dt.date, *, citations: int | None = None
) -> tuple[str, str, int, int]:
    """(title, text, words, citation roles) of one document citing ``citations`` different keys
    drawn from ``keys`` (5 to 15 when None)."""
    title = title_of(rng)
    status = rng.choices(list(STATUS_WEIGHTS), weights=list(STATUS_WEIGHTS.values()))[0]
    blocks = body(rng)
    cited = rng.sample(keys, rng.randint(5, 15) if citations is None else min(citations, len(keys)))
    roles = cite(rng, [b for b in blocks if isinstance(b, Paragraph)], cited)
    return title, front_matter(rng, title, status, today) + "\n" + render(blocks), words_of(blocks), roles


# -- bibliography


def bib_author(rng: random.Random) -> str:
    if rng.random() < 0.4:
        return "{" + rng.choice(lexicon.INSTITUTIONS) + "}"
    people = range(rng.randint(1, 3))
    return " and ".join(f"{rng.choice(lexicon.SURNAMES)}, {rng.choice(lexicon.GIVEN_NAMES)}" for _ in people)


def bib_fields(rng: random.Random, year: int) -> dict[str, str]:
    words = rng.sample(lexicon.TITLE_WORDS, 3)
    acronym = rng.choice(("IGF", "WSIS", "ICANN", "OECD", "UN"))
    title = f"{words[0]} and {words[1]}: {{{acronym}}} Perspectives on {words[2]}"
    return {"author": bib_author(rng), "title": title, "year": str(year)}


def bib_stem(fields: dict[str, str]) -> str:
    """A key stem in the usual shape: first author's surname (or the body's initials), year, word."""
    author = fields["author"]
    if author.startswith("{"):
        name = "".join(word[0] for word in re.findall(r"[A-Za-z]+", author) if word[0].isupper())
    else:
        name = author.split(",", 1)[0]
    word = re.findall(r"[A-Za-z]+", fields["title"])[0]
    return f"{slug(name)}{fields['year']}{word.lower()}"


def bib_entry(rng: random.Random, key: str, fields: dict[str, str]) -> str:
    fields = dict(fields)
    year = fields["year"]
    if rng.random() < 0.5:
        kind = "techreport"
        fields |= {
            "institution": rng.choice(lexicon.INSTITUTIONS),
            "type": rng.choice(lexicon.REPORT_KINDS),
            "number": f"{year}-{rng.randint(1, 40):02d}",
        }
    else:
        kind = "misc"
        fields["howpublished"] = f"{rng.choice(lexicon.INSTITUTIONS)}, online publication"
    if rng.random() < 0.6:
        fields["url"] = f"https://example.org/library/{key}"
    return format_entry(kind, key, fields)


def format_entry(kind: str, key: str, fields: dict[str, str]) -> str:
    """One BibTeX entry, a field a line."""
    body = ",\n".join(f"  {name:<12} = {{{value}}}" for name, value in fields.items())
    return f"@{kind}{{{key},\n{body}\n}}\n"


def unique_key(fields: dict[str, str], seen: set[str]) -> str:
    """The key stem of ``fields``, with a letter added when another entry has it; noted in ``seen``."""
    stem = key = bib_stem(fields)
    suffix = ord("a")
    while key in seen:
        key, suffix = f"{stem}{chr(suffix)}", suffix + 1
    seen.add(key)
    return key


def bibliography(rng: random.Random, count: int) -> list[Entry]:
    entries: list[Entry] = []
    seen: set[str] = set()
    for _ in range(count):
        fields = bib_fields(rng, rng.randint(2003, 2025))
        key = unique_key(fields, seen)
        entries.append(Entry(key, bib_entry(rng, key, fields)))
    return entries


# -- the repository


def settings_table(source: Path) -> str:
    """The [tool.accord] table of the source repository's pyproject.toml, re-emitted."""
    table = tomllib.loads((source / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["accord"]
    return "[tool.accord]\n" + "".join(f"{key} = {json.dumps(value)}\n" for key, value in table.items())


def copy_skeleton(source: Path, root: Path) -> None:
    for relative in COPIED:
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source / relative, target)
    (root / "pyproject.toml").write_text(settings_table(source), encoding="utf-8")


def write_bibliography(root: Path, entries: list[Entry]) -> None:
    header = "% Generated by bench/generate.py: synthetic entries for the benchmarks.\n\n"
    (root / "references.bib").write_text(header + "\n".join(e.text for e in entries), encoding="utf-8")


def add_document(
    corpus: Corpus,
    rng: random.Random,
    keys: list[str],
    today: dt.date,
    *,
    citations: int | None = None,
    extra: str = "",
) -> Path:
    """Write the corpus's next document (kinds alternate), with ``extra`` markdown at its end."""
    number = corpus.count
    kind = KINDS[number % len(KINDS)]
    title, text, words, roles = document(rng, keys, today, citations=citations)
    doc_id = f"{slug(title)[:48].strip('-')}-{number:04d}"
    path = corpus.root / kind / f"{doc_id}.md"
    path.write_text(text + extra, encoding="utf-8")
    corpus.documents.setdefault(kind, []).append(doc_id)
    corpus.words += words
    corpus.citations += roles
    return path


def write_repository(
    source: Path,
    root: Path,
    *,
    documents: int,
    entries: int = 300,
    citations: int | None = None,
    seed: int = 2026,
    today: dt.date,
) -> Corpus:
    """Write a repository of ``documents`` documents, split between the two kinds, into ``root``;
    each cites ``citations`` different keys (5 to 15 when None) of ``entries`` entries."""
    rng = random.Random(seed)
    copy_skeleton(source, root)
    bib = bibliography(rng, entries)
    write_bibliography(root, bib)
    keys = [e.key for e in bib]
    corpus = Corpus(root, {kind: [] for kind in KINDS}, entries=len(bib), keys=keys)
    for _ in range(documents):
        add_document(corpus, rng, keys, today, citations=citations)
    return corpus
