"""``accord edition ACTION``: build, publish and verify official editions, with examples."""

from __future__ import annotations

from pathlib import Path

from accord.parsers import Verbs, add_format, add_root, verb


def register(verbs: Verbs) -> None:
    edition = verb(
        verbs,
        "edition",
        "official editions: build a tag, publish, verify",
        """
accord edition build v1.1
accord edition publish --site _site
accord edition verify --site _site
""",
    )
    actions = edition.add_subparsers(
        dest="edition_verb", required=True, metavar="ACTION", help="build, publish or verify"
    )
    build = verb(
        actions,
        "build",
        "build a release tag from scratch into _build/editions/TAG/ with a manifest",
        """
accord edition build v1.1
accord edition build v1.1 --root ../statements --out /tmp/build --format json
""",
    )
    build.add_argument("tag", metavar="TAG", help="an edition tag, such as v1.1")
    add_root(build)
    build.add_argument("--out", type=Path, metavar="DIR", help="output folder (default: ROOT/_build)")
    add_format(build)
    publish = verb(
        actions,
        "publish",
        "merge built editions and the working draft into the site, never rewriting an edition",
        """
accord edition publish --site _site                     # editions from _build/editions, draft from _build/html
accord edition publish --site _site --editions /tmp/editions --draft /tmp/html --root ../statements
accord edition publish --site _site --no-draft --format github
""",
    )
    publish.add_argument(
        "--site", type=Path, required=True, metavar="DIR", help="the site folder (created if missing)"
    )
    add_root(publish)
    publish.add_argument(
        "--editions",
        type=Path,
        metavar="DIR",
        help="folder of built editions (default: ROOT/_build/editions)",
    )
    publish.add_argument(
        "--draft",
        type=Path,
        metavar="DIR",
        help="the built working draft (default: ROOT/_build/html when it exists)",
    )
    publish.add_argument("--no-draft", action="store_true", help="leave the site's draft as it is")
    add_format(publish)
    verify = verb(
        actions,
        "verify",
        "check every published edition against its manifest",
        """
accord edition verify --site _site
accord edition verify --site _site --format json
""",
    )
    verify.add_argument("--site", type=Path, required=True, metavar="DIR", help="the site folder")
    add_format(verify)
