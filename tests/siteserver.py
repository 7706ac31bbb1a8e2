"""Serve a built site on loopback the way GitHub Pages serves it.

The site lives under the path of ``site_url`` (``/runners-knee-guide/``), so the 404 page's
absolute links and assets resolve; a missing address answers 404 with the site's 404.html; text
is gzip-compressed when the browser accepts it, with a 10-minute cache lifetime, as GitHub Pages
does. Standard library only: the browser tests and ``tests/audit/lighthouse.py`` both use it.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import io
import threading
from pathlib import Path
from typing import ClassVar
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
COMPRESSIBLE = {".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".map"}


def site_path(config: Path = ROOT / "mkdocs.yml") -> str:
    """The path part of site_url, e.g. "/runners-knee-guide/" (read without a YAML library)."""
    for line in config.read_text(encoding="utf-8").splitlines():
        if line.startswith("site_url:"):
            path = urlsplit(line.split(":", 1)[1].strip()).path or "/"
            return path if path.endswith("/") else path + "/"
    return "/"


class _SiteHandler(http.server.SimpleHTTPRequestHandler):
    prefix = "/"
    _gzipped: ClassVar[dict[Path, bytes]] = {}

    def log_message(self, format: str, *args: object) -> None:
        pass

    def send_head(self):
        path = unquote(urlsplit(self.path).path)
        if path + "/" == self.prefix or (
            path.startswith(self.prefix) and self._is_dir(path) and not path.endswith("/")
        ):
            return self._redirect(path + "/")
        if not path.startswith(self.prefix):
            return self._send(Path(self.directory) / "404.html", status=404)
        local = self._local(path)
        if local.is_dir():
            local = local / "index.html"
        if not local.is_file():
            return self._send(Path(self.directory) / "404.html", status=404)
        return self._send(local)

    def _local(self, path: str) -> Path:
        return Path(self.translate_path("/" + path[len(self.prefix) :]))

    def _is_dir(self, path: str) -> bool:
        return self._local(path).is_dir()

    def _redirect(self, location: str) -> None:
        self.send_response(301)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _send(self, file: Path, status: int = 200) -> io.BytesIO:
        body = file.read_bytes() if file.is_file() else b"Not found"
        compress = file.suffix in COMPRESSIBLE and "gzip" in self.headers.get("Accept-Encoding", "")
        if compress:
            if file not in self._gzipped:
                self._gzipped[file] = gzip.compress(body, compresslevel=9, mtime=0)
            body = self._gzipped[file]
        self.send_response(status)
        self.send_header("Content-Type", self.guess_type(str(file)))
        if compress:
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Cache-Control", "max-age=600")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


class SiteServer:
    """``with SiteServer(site_dir) as url:`` serves the site at ``url`` (ends with "/")."""

    def __init__(self, directory: Path, prefix: str | None = None, port: int = 0) -> None:
        prefix = prefix or site_path()
        handler = type("Handler", (_SiteHandler,), {"prefix": prefix, "_gzipped": {}})
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
