"""Comments sent by e-mail, read from an mbox file.

The "Comment by e-mail" link (accord.consultation.links) writes the subject ``[<id> para N]`` and
a body that starts with a few ``Key: value`` lines and ``Comment:``; people trim or ignore them,
so each is optional. The sender's address is never recorded: only the name they give, and only
when they answer yes to publishing it.
"""

from __future__ import annotations

import datetime as dt
import email.policy
import email.utils
import hashlib
import mailbox
import re
from collections.abc import Iterator
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path

_SUBJECT = re.compile(r"\[\s*(?P<doc>[A-Za-z0-9._-]+)\s+para(?:graph)?\.?\s*(?P<number>\d{1,6})\s*\]", re.I)
_KEY = re.compile(r"^(?P<key>version|name|organi[sz]ation|publish my name[^:]*):[ \t]*(?P<value>.*)$", re.I)
_COMMENT = re.compile(r"^comment:[ \t]*(?P<rest>.*)$", re.I)
_YES = frozenset({"yes", "y", "oui", "sí", "si", "ja", "true"})


@dataclass(frozen=True)
class Mail:
    """One e-mailed comment, or the reason it cannot be read (``problem``)."""

    number: int  # 1-based position in the mbox, for messages
    doc: str
    paragraph: int
    message_id: str = ""
    received: dt.date | None = None
    version: str = ""
    name: str = ""
    organisation: str = ""
    consent: bool = False
    text: str = ""
    problem: str | None = None

    @property
    def id(self) -> str:
        return "mail-" + hashlib.sha256(self.message_id.encode("utf-8")).hexdigest()[:12]


def _plain(message: EmailMessage) -> str | None:
    part = message.get_body(preferencelist=("plain",))
    if part is None:
        return None
    try:
        return part.get_content()
    except (LookupError, ValueError):  # an unknown charset, a broken encoding
        return None


def _received(message: EmailMessage) -> dt.date | None:
    try:
        when = email.utils.parsedate_to_datetime(str(message.get("date", "")))
    except (TypeError, ValueError):
        return None
    return when.astimezone(dt.UTC).date() if when.tzinfo else when.date()


def _fields(body: str) -> tuple[dict[str, str], str]:
    """The ``Key: value`` lines before ``Comment:``, and the comment: the text after ``Comment:``,
    or the body without the key lines when there is no such line. Quoted replies (``>``) and a
    signature after ``-- `` are left out."""
    lines = body.replace("\r\n", "\n").split("\n")
    if "-- " in lines:
        lines = lines[: lines.index("-- ")]
    keys: dict[str, str] = {}
    comment: list[str] = []
    seen_marker = False
    for line in lines:
        if seen_marker:
            comment.append(line)
        elif (marker := _COMMENT.match(line.strip())) is not None:
            seen_marker = True
            comment = [marker["rest"]] if marker["rest"] else []
        elif (key := _KEY.match(line.strip())) is not None:
            keys[key["key"].lower()[:4]] = key["value"].strip()
        else:
            comment.append(line)
    text = "\n".join(line for line in comment if not line.startswith(">")).strip()
    return keys, text


def read(path: Path) -> Iterator[Mail]:
    """Every message of the mbox whose subject names a paragraph ``[<id> para N]``, in file order."""
    box = mailbox.mbox(path, factory=lambda f: email.message_from_binary_file(f, policy=email.policy.default))
    try:
        for number, message in enumerate(box, 1):
            subject = _SUBJECT.search(str(message.get("subject", "")))
            if subject is None:
                continue
            doc, paragraph = subject["doc"].lower(), int(subject["number"])
            message_id = str(message.get("message-id", "")).strip()
            body = _plain(message)
            if not message_id or body is None:
                why = "no Message-ID" if not message_id else "no plain-text body"
                yield Mail(number, doc, paragraph, problem=why)
                continue
            keys, text = _fields(body)
            name = keys.get("name", "")
            yield Mail(
                number,
                doc,
                paragraph,
                message_id=message_id,
                received=_received(message),
                version=keys.get("vers", ""),
                name=name,
                organisation=keys.get("orga", ""),
                consent=keys.get("publ", "").strip().lower() in _YES,
                text=text,
            )
    finally:
        box.close()
