"""A local fake of GitHub's REST API on 127.0.0.1: the issues of one repository, page by page
with a Link header as GitHub writes it, and the answers a collection must survive (a 403 with
Retry-After, a 401 for a bad token, a 404 for a missing repository)."""

from __future__ import annotations

import json
from collections import Counter
from http.server import BaseHTTPRequestHandler
from urllib.parse import parse_qs, urlencode, urlsplit

from tests.localserver import LocalServer

#: A comment issue's body exactly as GitHub renders the comment form (copied from an issue).
COMMENT_BODY = """### Document

igf-policy-options

### Version

_No response_

### Paragraph

{paragraph}

### Comment

{comment}

### Name

{name}

### Organisation

_No response_

### Publishing your name

- [{mark}] You may publish my name with my comment in the record of comments and responses."""

SIGN_ON_BODY = """### Statement

{document}

### Version

{version}

### Organisation

{organisation}

### Country

{country}

### Kind of organisation

{kind}

### Website

{website}

### Confirmation

- [X] I may sign on behalf of this organisation.
- [X] I understand that this issue and the organisation's name, country, kind, website and signed version are published."""


def comment_issue(
    number: int,
    *,
    paragraph: object = 1,
    comment: str = "Please say more.",
    name: str = "_No response_",
    consent: bool = False,
    created: str = "2026-11-20T10:00:00Z",
    state_reason: str | None = None,
    body: str | None = None,
) -> dict:
    text = COMMENT_BODY.format(paragraph=paragraph, comment=comment, name=name, mark="X" if consent else " ")
    return {
        "number": number,
        "html_url": f"https://github.com/example/coalition/issues/{number}",
        "state": "closed" if state_reason else "open",
        "state_reason": state_reason,
        "created_at": created,
        "labels": [{"name": "comment"}],
        "body": text if body is None else body,
    }


class GitHubFake(LocalServer):
    def __init__(self, issues: list[dict], *, per_page: int = 100, token: str = "") -> None:
        super().__init__(_Handler)
        self.issues = issues
        self.per_page = per_page
        self.token = token  # when set, any other token is refused with 401
        self.repository = "example/coalition"
        self.rate_limited = 0  # answer this many requests with 403 and Retry-After first
        self.forbidden: dict[str, str] | None = None  # answer 403 with these headers
        self.next_base = ""  # where the Link header's next page points (default: this server)
        self.queries: list[dict[str, str]] = []
        self.hits: Counter[str] = Counter()


class _Handler(BaseHTTPRequestHandler):
    server: GitHubFake
    protocol_version = "HTTP/1.1"

    def log_message(self, *args: object) -> None:
        pass

    def _answer(self, status: int, data: object, headers: dict[str, str] | None = None) -> None:
        body = json.dumps(data).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        self.server.hits[parts.path] += 1
        query = {key: values[0] for key, values in parse_qs(parts.query).items()}
        auth = self.headers.get("Authorization", "")
        if self.server.token and auth != f"Bearer {self.server.token}":
            self._answer(401, {"message": "Bad credentials", "status": "401"})
            return
        if parts.path != f"/repos/{self.server.repository}/issues":
            self._answer(404, {"message": "Not Found", "status": "404"})
            return
        self.server.queries.append(query)
        if self.server.forbidden is not None:
            self._answer(403, {"message": "Resource not accessible by integration"}, self.server.forbidden)
            return
        if self.server.rate_limited > 0:
            self.server.rate_limited -= 1
            self._answer(
                403,
                {"message": "You have exceeded a secondary rate limit."},
                {"Retry-After": "0", "x-ratelimit-remaining": "0"},
            )
            return
        label = query.get("labels", "")
        chosen = [i for i in self.server.issues if label in {lab["name"] for lab in i["labels"]}]
        per_page = min(int(query.get("per_page", "30")), self.server.per_page)
        page = int(query.get("page", "1"))
        last = max(1, -(-len(chosen) // per_page))
        headers = {}
        if page < last:
            links = []
            for rel, number in (("next", page + 1), ("last", last)):
                url = f"{self.server.next_base or self.server.base}{parts.path}?{urlencode({**query, 'page': number, 'per_page': per_page})}"
                links.append(f'<{url}>; rel="{rel}"')
            headers["Link"] = ", ".join(links)
        self._answer(200, chosen[(page - 1) * per_page : page * per_page], headers)
