"""A local web server for the online checks: every answer a link checker meets, on 127.0.0.1."""

from __future__ import annotations

import json
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler
from urllib.parse import parse_qs, urlsplit

from tests.localserver import LocalServer


class LinkServer(LocalServer):
    def __init__(self, *, latency: float = 0.0) -> None:
        super().__init__(_Handler)
        self.latency = latency
        self.hits: Counter[str] = Counter()
        self.active = 0
        self.most_active = 0
        self.lock = threading.Lock()


class _Handler(BaseHTTPRequestHandler):
    server: LinkServer
    protocol_version = "HTTP/1.1"

    def log_message(self, *args: object) -> None:  # keep test output clean
        pass

    def _answer(self, status: int, headers: dict[str, str] | None = None, body: bytes = b"") -> None:
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def do_HEAD(self) -> None:
        self._route()

    def do_GET(self) -> None:
        self._route()

    def _route(self) -> None:
        parts = urlsplit(self.path)
        path = parts.path
        with self.server.lock:
            self.server.hits[f"{self.command} {path}"] += 1
            self.server.hits[path] += 1
            self.server.active += 1
            self.server.most_active = max(self.server.most_active, self.server.active)
            seen = self.server.hits[path]
        try:
            if self.server.latency:
                time.sleep(self.server.latency)
            self._respond(path, parts.query, seen)
        finally:
            with self.server.lock:
                self.server.active -= 1

    def _respond(self, path: str, query: str, seen: int) -> None:
        if path.startswith(("/ok", "/doi/10.1000/ok")):
            self._answer(200, body=b"fine")
        elif path.startswith("/redirect/"):
            left = int(path.rsplit("/", 1)[1])
            self._answer(301 if left else 302, {"Location": f"/redirect/{left - 1}" if left else "/ok"})
        elif path == "/loop":
            self._answer(301, {"Location": "/loop"})
        elif path == "/gone":
            self._answer(410)
        elif path in ("/missing", "/doi/10.1000/none"):
            self._answer(404)
        elif path == "/forbidden":
            self._answer(403)
        elif path == "/head-refused":
            self._answer(405 if self.command == "HEAD" else 200)
        elif path == "/busy":
            self._answer(429, {"Retry-After": "1"}) if seen == 1 else self._answer(200)
        elif path == "/busy-long":
            self._answer(429, {"Retry-After": "3600"})
        elif path == "/error":
            self._answer(500)
        elif path == "/slow":
            time.sleep(1.5)
            self._answer(200)
        elif path == "/reset":
            self.close_connection = True
            self.connection.shutdown(2)
        elif path == "/wayback/available":
            url = parse_qs(query).get("url", [""])[0]
            snapshot = {}
            if url.endswith("/gone"):
                snapshot = {
                    "closest": {
                        "available": True,
                        "url": f"http://web.archive.org/web/2012/{url}",
                        "status": "200",
                    }
                }
            self._answer(
                200,
                {"Content-Type": "application/json"},
                json.dumps({"url": url, "archived_snapshots": snapshot}).encode(),
            )
        else:
            self._answer(404)
