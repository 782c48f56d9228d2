"""What ``accord serve`` says: the address it serves on (the next free port when the one asked for
is taken, said so), and the arguments that make the preview's Sphinx quiet, with Accord's
diagnostics in the console and in a banner on each page (accord.sphinxext.servebanner)."""

from __future__ import annotations

import errno
import socket

#: How many ports after the one asked for are tried before giving up.
TRIES = 20


class PortError(Exception):
    """No port to serve on: the message says what to do."""


def _free(host: str, port: int) -> bool:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        try:
            probe.bind((host, port))
        except OSError as error:
            if error.errno in (errno.EADDRINUSE, errno.EACCES):
                return False
            raise PortError(f"cannot serve on {host}:{port}: {error.strerror}") from None
    return True


def choose_port(host: str, port: int) -> tuple[int, str | None]:
    """``port`` if it is free, else the next free one and a sentence saying so."""
    if port == 0 or _free(host, port):
        return port, None
    for other in range(port + 1, min(port + 1 + TRIES, 65536)):
        if _free(host, other):
            return other, (
                f"accord serve: port {port} is taken (another accord serve or another program); "
                f"serving on port {other} instead"
            )
    raise PortError(
        f"ports {port} to {port + TRIES} of {host} are all taken; stop the other server, "
        "or give another with --port"
    )


def confoverrides(*, pdf: bool = False) -> dict[str, object]:
    """Accord's report and banners in the preview (the Sphinx log is off: liveserve gives no stream);
    with ``pdf``, each page links its PDF, which accord.servepdf rebuilds in the background."""
    return {"accord_serve_banner": True, "accord_pdf_html_link": pdf}
