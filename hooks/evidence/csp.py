"""A Content-Security-Policy for every finished page (issue #18).

Material writes three small inline scripts in each page's <head> and <body> (the local-storage
scope, the palette, the tabbed-anchor fix) and one JSON data block (`<script id="__config"
type="application/json">`, which a browser never runs). Their text differs from page to page
(the scope holds the page's relative base URL), so each page gets its own policy: the sha256 of
each inline script it actually holds, computed when the page is written. Everything else is
loaded from the site itself.

The policy:
- `script-src 'self' 'sha256-...'`: the site's own script files (Material's bundle, the search
  worker, extra_javascript) and exactly the inline scripts the theme wrote. No
  'unsafe-inline', so inline event handlers (`onclick=`) and `javascript:` URLs never run,
  whatever got past the sanitizer.
- `object-src 'none'`, `base-uri 'self'`, `form-action 'none'`.
- style-src is left unset on purpose: Material sets inline `style` attributes (the header's
  shadow, the sidebar's height, the palette) and Python-Markdown's tables write
  `style="text-align: ..."`; a style-src without 'unsafe-inline' would break them. The
  sanitizer is what keeps `<style>` and other `style=` out of content.

`add_csp_meta` writes the policy as `<meta http-equiv="Content-Security-Policy">`, the first
element of <head>, so that it applies before any script (a meta policy applies only to what
comes after it). GitHub Pages cannot send headers, hence the meta element; `frame-ancestors`
cannot be set that way.
"""

from __future__ import annotations

import base64
import hashlib
import html
from functools import lru_cache
from html.parser import HTMLParser

import lxml.etree

# Script types a browser runs (the rest are data blocks, such as application/json).
SCRIPT_TYPES = {"", "text/javascript", "application/javascript", "module", "text/ecmascript"}
FIXED_DIRECTIVES = ("object-src 'none'", "base-uri 'self'", "form-action 'none'")


@lru_cache(maxsize=1)
def _parser() -> lxml.etree.HTMLParser:
    """libxml2's HTML parser, as lxml.html uses it, without what the hashes do not need: the
    page is given as UTF-8 bytes (a str with any non-ASCII character would reach libxml2 as
    UCS-4, which it reads more slowly), comments are dropped, ids are not indexed."""
    return lxml.etree.HTMLParser(
        encoding="utf-8", remove_comments=True, remove_pis=True, collect_ids=False, no_network=True
    )


def script_hashes(html_document: str) -> list[str]:
    """'sha256-<base64>' of each inline script a browser would run, in page order, no repeats.

    The hash is over the script element's text as the parser reads it: raw text, entities not
    decoded, line endings normalized (the HTML parser does both, as a browser does)."""
    root = lxml.etree.fromstring(html_document.encode("utf-8", "surrogatepass"), _parser())
    out: list[str] = []
    if root is None:
        return out
    for script in root.iter("script"):
        if script.get("src") is not None:
            continue
        kind = (script.get("type") or "").strip().lower()
        if kind not in SCRIPT_TYPES:
            continue
        text = script.text or ""
        digest = base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")
        source = f"'sha256-{digest}'"
        if source not in out:
            out.append(source)
    return out


def content_security_policy(html_document: str) -> str:
    """The policy for one finished page."""
    script_src = " ".join(["script-src 'self'", *script_hashes(html_document)])
    return "; ".join([script_src, *FIXED_DIRECTIVES])


class _HeadFinder(HTMLParser):
    """The first <head> start tag: its (line, column) and its text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.found: tuple[int, int, str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "head" and self.found is None:
            line, column = self.getpos()
            self.found = (line, column, self.get_starttag_text() or "")


# The piece of the page the <head> finder reads at a time: Material's <head> start tag comes
# within the first 200 characters, and the tokenizer reads each piece it is given whole.
HEAD_CHUNK = 256


def _head_end(html_document: str) -> int | None:
    """Offset just after the first <head> start tag (read in small pieces; it is near the top)."""
    finder = _HeadFinder()
    for start in range(0, len(html_document), HEAD_CHUNK):
        finder.feed(html_document[start : start + HEAD_CHUNK])
        if finder.found:
            break
    finder.close()
    if finder.found is None:
        return None
    line, column, tag = finder.found
    offset = sum(len(part) + 1 for part in html_document.split("\n", line - 1)[: line - 1])
    return offset + column + len(tag)


def add_csp_meta(html_document: str) -> str:
    """The page with its policy as the first element of <head>.

    Raises ValueError for a document with no <head> start tag (every page Material writes has one)."""
    end = _head_end(html_document)
    if end is None:
        raise ValueError("the page has no <head> to put a Content-Security-Policy in")
    policy = html.escape(content_security_policy(html_document), quote=True)
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
    return html_document[:end] + meta + html_document[end:]
