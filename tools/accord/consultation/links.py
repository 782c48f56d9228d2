"""Where a reader comments on a numbered paragraph: the comment issue form, prefilled, or e-mail.

Pure functions of the settings, so that pages (HTML and PDF) and tests build the same addresses.
GitHub prefills an issue form from query parameters named after its field ids
(``issues/new?template=comment.yml&document=...``); the e-mail subject ``[<id> para N]`` is what
``accord consultation collect --mbox`` reads back (accord.consultation.mbox).
"""

from __future__ import annotations

from urllib.parse import quote, urlencode

from accord.settings import Settings

#: The comment form's file in .github/ISSUE_TEMPLATE/.
COMMENT_TEMPLATE = "comment.yml"
#: The label the comment form gives its issues; collection lists issues by it.
COMMENT_LABEL = "comment"
SIGN_ON_TEMPLATE = "sign-on.yml"
SIGN_ON_LABEL = "sign-on"


def mail_subject(doc_id: str, paragraph: int) -> str:
    """The subject that names a paragraph: ``[igf-outcomes para 4]``."""
    return f"[{doc_id} para {paragraph}]"


def mail_body(version: str) -> str:
    """The lines an e-mailed comment starts with; accord.consultation.mbox reads them back."""
    return f"Version: {version}\nName: \nOrganisation: \nPublish my name (yes/no): no\n\nComment:\n"


def comment_link(settings: Settings, doc_id: str, version: str, paragraph: int) -> str:
    """The comment issue form of ``settings.repository``, prefilled with the document, its version
    and the paragraph; "" when the repository is not set (there is nowhere to send a comment)."""
    if not settings.repository:
        return ""
    query = urlencode(
        {
            "template": COMMENT_TEMPLATE,
            "title": f"Comment on {doc_id}, paragraph {paragraph}",
            "document": doc_id,
            "version": version,
            "paragraph": str(paragraph),
        },
        quote_via=quote,
    )
    return f"https://github.com/{settings.repository}/issues/new?{query}"


def comment_mailto(settings: Settings, doc_id: str, version: str, paragraph: int) -> str:
    """A ``mailto:`` to ``settings.consultation_email`` with the subject ``[<id> para N]`` and the
    body's first lines; "" when no address is set."""
    if not settings.consultation_email:
        return ""
    query = urlencode(
        {"subject": mail_subject(doc_id, paragraph), "body": mail_body(version)}, quote_via=quote
    )
    return f"mailto:{settings.consultation_email}?{query}"
