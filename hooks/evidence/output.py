"""What the build adds to rendered pages about the checks: the check for citation or footnote
syntax a page shows as text (the last line of defence behind the source checks), and, under
`mkdocs serve` only, a banner on each page listing its findings."""

from __future__ import annotations

import html
import re
from collections import defaultdict
from collections.abc import Iterable
from html.parser import HTMLParser
from pathlib import Path

from .document import CITATION_BLOCK
from .findings import Finding, Severity, shorten, sort_key

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


def findings_banners(findings: Iterable[Finding], root: Path) -> dict[str, str]:
    """Display path -> the HTML of a banner listing that page's findings, for `mkdocs serve`:
    each with its rule, line, the sentence and the hint. Gone as soon as the page is clean."""
    by_path: dict[str, list[Finding]] = defaultdict(list)
    for finding in findings:
        by_path[finding.path].append(finding)
    banners = {}
    for path, page_findings in by_path.items():
        items = []
        for f in sorted(page_findings, key=sort_key):
            quoted = f"<q>{html.escape(shorten(f.text, 160))}</q> " if f.text else ""
            items.append(
                f"<li><strong>{f.rule}</strong> line {f.line}: {html.escape(f.message)}. {quoted}"
                f"<em>{html.escape(f.hint)}</em></li>"
            )
        failing = sum(1 for f in page_findings if f.severity is not Severity.NOTICE)
        title = f"{len(page_findings)} finding{'s' if len(page_findings) != 1 else ''} on this page"
        kind = "failure" if failing else "info"
        banners[path] = (
            f'<div class="admonition {kind} evidence-findings" role="alert" data-search-exclude="findings">'
            f'<p class="admonition-title">{title} (shown by make serve only; the build fails on errors)</p>'
            f"<ul>{''.join(items)}</ul></div>\n"
        )
    return banners
