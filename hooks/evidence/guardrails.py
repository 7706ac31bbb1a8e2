"""Front matter schema (FM), raw HTML policy (HTML) and external link form (LNK)."""

from __future__ import annotations

import datetime as dt
import posixpath
import urllib.parse
from collections.abc import Collection
from html.parser import HTMLParser

from .findings import Finding
from .document import Document

REQUIRED_KEYS = ("title", "description", "reviewed")
KNOWN_KEYS = {
    "title", "description", "reviewed", "claims", "claims_reason",
    # Material's own page options
    "hide", "search", "icon", "status", "subtitle", "template",
}
REVIEW_INTERVAL = dt.timedelta(days=365)

# Elements that run code, embed other documents or post data: never in content pages.
FORBIDDEN_ELEMENTS = {
    "script", "iframe", "frame", "frameset", "object", "embed", "applet", "form", "input",
    "button", "textarea", "select", "base", "meta", "link", "noscript",
}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster"}


def check_front_matter(document: Document, path: str, today: dt.date) -> list[Finding]:
    fm = document.front_matter
    if fm.error:
        line, column, problem = fm.error
        return [Finding("FM001", path, line, column, "", f"front matter does not parse: {problem}")]
    out: list[Finding] = []
    data, lines = fm.data, fm.lines
    for key in REQUIRED_KEYS:
        if key not in data or data[key] in (None, ""):
            out.append(Finding("FM002", path, lines.get(key, 1), 1, key, f"front matter has no '{key}'"))
    for key in data:
        if key not in KNOWN_KEYS:
            out.append(Finding("FM004", path, lines[key], 1, key, f"unknown front matter key '{key}'"))
    for key in ("title", "description"):
        if key in data and data[key] is not None and not isinstance(data[key], str):
            out.append(Finding("FM003", path, lines[key], 1, key, f"'{key}' must be text"))
    if "reviewed" in data and data["reviewed"] not in (None, ""):
        reviewed = data["reviewed"]
        line = lines["reviewed"]
        if not isinstance(reviewed, dt.date) or isinstance(reviewed, dt.datetime):
            out.append(Finding("FM003", path, line, 1, str(reviewed), "'reviewed' must be an ISO date such as 2026-11-23"))
        elif reviewed > today:
            out.append(Finding("FM003", path, line, 1, str(reviewed), "'reviewed' is in the future"))
        elif today - reviewed > REVIEW_INTERVAL:
            out.append(Finding("FM005", path, line, 1, str(reviewed), f"last reviewed on {reviewed}, more than twelve months ago"))
    if "claims" in data:
        if data["claims"] != "exempt":
            out.append(Finding("FM003", path, lines["claims"], 1, str(data["claims"]), "'claims' can only be 'exempt'"))
        elif not str(data.get("claims_reason") or "").strip():
            out.append(Finding("FM002", path, lines["claims"], 1, "claims_reason", "'claims: exempt' needs a 'claims_reason' saying why"))
    return out


class _HTMLPolicy(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[tuple[str, str, str]] = []  # (rule, text, message)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in FORBIDDEN_ELEMENTS:
            self.problems.append(("HTML001", f"<{tag}>", f"<{tag}> is not allowed in content pages"))
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(("HTML002", f"{name}=", f"event handler attribute '{name}' on <{tag}>"))
            if name in URL_ATTRIBUTES and value:
                scheme = "".join(value.split()).lower()
                if scheme.startswith(("javascript:", "vbscript:", "data:text/html")):
                    self.problems.append(("HTML003", value, f"script URL in {name} on <{tag}>"))

    handle_startendtag = handle_starttag


def check_html(document: Document, path: str) -> list[Finding]:
    out: list[Finding] = []
    for line, raw in document.html:
        if raw.lstrip().startswith("<!--") and raw.rstrip().endswith("-->"):
            continue
        policy = _HTMLPolicy()
        policy.feed(raw)
        policy.close()
        for rule, text, message in policy.problems:
            out.append(Finding(rule, path, line, 1, text, message))
    return out


def check_links(document: Document, path: str, uri: str, files: Collection[str] | None) -> list[Finding]:
    """External links must be https; relative links and images must point at a file in docs/.

    MkDocs also reports a missing page or anchor, but without the line; anchors are left to it.
    """
    out = []
    for line, column, href in document.links:
        target = urllib.parse.urlsplit(href)
        if target.scheme == "http":
            out.append(Finding("LNK001", path, line, column, href, f"external link '{href}' is not https"))
        if files is None or target.scheme or target.netloc or not target.path or href.startswith("/"):
            continue
        resolved = posixpath.normpath(posixpath.join(posixpath.dirname(uri), urllib.parse.unquote(target.path)))
        if resolved not in files and posixpath.join(resolved, "index.md") not in files:
            out.append(Finding("LNK002", path, line, column, href, f"'{href}' points at no file in docs/"))
    return out
