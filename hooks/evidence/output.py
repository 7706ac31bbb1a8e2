"""The check on rendered output: citation or footnote syntax a page shows as text, because no
citation or footnote was rendered from it (the last line of defence behind the source checks)."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from .document import CITATION_BLOCK

# Footnote syntax that Python-Markdown did not turn into a footnote.
FOOTNOTE_REF = re.compile(r"\[\^[^\]\s]+\]")


class _TextOutsideCode(HTMLParser):
    """A page's text, leaving out code, where syntax is shown on purpose."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.chunks: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("code", "pre", "kbd", "samp"):
            self.depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("code", "pre", "kbd", "samp") and self.depth:
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if not self.depth:
            self.chunks.append(data)


def leftover_citations(html: str) -> list[str]:
    if "[@" not in html and "[^" not in html:
        return []  # most pages: nothing to look at closely
    parser = _TextOutsideCode()
    parser.feed(html)
    parser.close()
    text = "".join(parser.chunks)
    return [m.group(0) for m in CITATION_BLOCK.finditer(text)] + [m.group(0) for m in FOOTNOTE_REF.finditer(text)]
