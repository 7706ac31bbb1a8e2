"""Serve a built site on loopback the way GitHub Pages serves it.

The site lives under the path of ``site_url`` (``/runners-knee-guide/``), so the 404 page's
absolute links and assets resolve, and a missing address answers 404 with the site's 404.html.
Standard library only: the browser tests and ``tests/audit/lighthouse.py`` both use it.
"""

from __future__ import annotations

import functools
import io
import http.server
import threading
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent


def site_path(config: Path = ROOT / "mkdocs.yml") -> str:
    """The path part of site_url, e.g. "/runners-knee-guide/" (read without a YAML library)."""
    for line in config.read_text(encoding="utf-8").splitlines():
        if line.startswith("site_url:"):
            path = urlsplit(line.split(":", 1)[1].strip()).path or "/"
            return path if path.endswith("/") else path + "/"
    return "/"


class _SiteHandler(http.server.SimpleHTTPRequestHandler):
    prefix = "/"

    def log_message(self, format: str, *args: object) -> None:
        pass

    def send_head(self):  # noqa: ANN201 (overrides the standard library's method)
        url = urlsplit(self.path)
        if self.prefix != "/" and url.path + "/" == self.prefix:
            self.send_response(301)
            self.send_header("Location", self.prefix)
            self.end_headers()
            return None
        if not url.path.startswith(self.prefix):
            return self._not_found()
        self.path = "/" + url.path[len(self.prefix):] + (f"?{url.query}" if url.query else "")
        local = Path(self.translate_path(self.path))
        if not (local.is_file() or (local / "index.html").is_file()):
            return self._not_found()
        return super().send_head()

    def _not_found(self):  # noqa: ANN202
        page = Path(self.directory) / "404.html"
        body = page.read_bytes() if page.is_file() else b"Not found"
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


class SiteServer:
    """``with SiteServer(site_dir) as url:`` serves the site at ``url`` (ends with "/")."""

    def __init__(self, directory: Path, prefix: str | None = None, port: int = 0) -> None:
        prefix = prefix or site_path()
        handler = type("Handler", (_SiteHandler,), {"prefix": prefix})
        self._server = http.server.ThreadingHTTPServer(
            ("127.0.0.1", port), functools.partial(handler, directory=str(directory))
        )
        self.origin = f"http://127.0.0.1:{self._server.server_address[1]}"
        self.url = self.origin + prefix
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> str:
        self._thread.start()
        return self.url

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
