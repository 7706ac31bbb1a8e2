"""The evidence ledger: every claim in the guide, the sources it cites and the kind of evidence
each source is, grouped by page.

The ledger's Markdown holds each page's heading (for the table of contents) and a marker for its
table; the tables, which can run to megabytes, are written as HTML and put in place once the
ledger is rendered (Python-Markdown's raw-HTML pass over them would cost more than the rest of
the page).
"""

from __future__ import annotations

import html
import re
import urllib.parse
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from .analysis import Page, Report
from .bibliography import Reference
from .claims import suppressed_codes
from .document import CITATION_BLOCK
from .findings import shorten
from .passages import claim_plain_text
from .references import marker

LEDGER_URI = "claims.md"

# How the ledger names each match status (passages.STATUSES).
STATUS_TEXT = {
    "supported": "Supported by a recorded passage",
    "numbers-missing": "Numbers not found in a passage",
    "no-passage": "No supporting passage recorded",
    "uncited": "Uncited",
    "suppressed": "Not a claim",
    "exempt": "Exempt page",
}

# A passage a contributor matched to the sentence by reading it (`supports:` in passages/<key>.yml).
PINNED_TEXT = "Supported by a passage a contributor matched to it"

# The ledger's front matter: MkDocs reads it when the page is created, before the checks are done.
FRONT_MATTER = """---
title: Evidence ledger
description: Every claim in the guide, the sources behind it and the kind of evidence each source is.
search:
  exclude: true  # every sentence here is indexed on its own page already
---

"""


@dataclass(frozen=True, slots=True)
class Links:
    """URLs the ledger links to, relative to it: each checked page's, and the References page's."""

    pages: Mapping[str, str]
    references: str | None


@dataclass(slots=True)
class Ledger:
    markdown: str  # below FRONT_MATTER
    tables: dict[str, str] = field(default_factory=dict)  # marker name -> the table's HTML


def ledger(report: Report, links: Links) -> Ledger:
    counts = report.counts()
    references = report.bibliography.references
    out = Ledger("")
    lines = [
        "# Evidence ledger",
        "",
        "The build writes this page from the chapters. It lists every sentence the guide states as "
        "fact, the sources it cites, the kind of evidence each source is, and the passage of the "
        "source that supports it, quoted from the source's record. The same data is in "
        '<a href="claims.json">claims.json</a> for tools.',
        "",
        '<div class="guide-ledger-counts" markdown>',
        "",
        f"- Claims: **{counts['claims']}** in {counts['files']} pages",
        f"- Cited claims: **{counts['cited_claims']}**",
        f"- Sentences marked as not a claim, each with a reason: **{counts['suppressions']}**",
        f"- Pages exempt from the claim check, each with a reason: **{counts['exempt_pages']}**",
        f"- References: **{counts['references']}**",
        f"- Cited claims with a supporting passage recorded: **{counts['supported']}**; "
        f"no supporting passage recorded yet: **{counts['no_passage']}**",
        "",
        "</div>",
        "",
    ]
    source_links = _Links(lambda key: _source_link(key, references, links.references))
    labels = {key: reference.evidence_label for key, reference in references.items()}
    for page in report.pages.values():
        if not page.claims and not page.exempt_reason:
            continue
        lines += [f"## {page.title}", ""]
        if page.exempt_reason:
            lines += [f"Exempt from the claim check: {page.exempt_reason}", ""]
        if page.claims:
            name = f"ledger:{len(out.tables)}"
            out.tables[name] = _table(page, links.pages[page.uri], source_links, labels, references)
            lines += [f"<!--{marker(name)}-->", ""]
    out.markdown = "\n".join(lines)
    return out


def _table(
    page: Page,
    href_page: str,
    source_links: Mapping[str, str],
    labels: Mapping[str, str],
    references: Mapping[str, Reference],
) -> str:
    rows = [
        '<table class="guide-ledger"><thead><tr><th scope="col">Claim</th>'
        '<th scope="col">Sources</th><th scope="col">Evidence</th>'
        '<th scope="col">The source says</th><th scope="col">Match</th></tr></thead><tbody>'
    ]
    statuses = {id(g.claim): g for g in page.groundings}
    for claim in page.claims:
        grounding = statuses.get(id(claim))
        words = _fragment_words(claim.text)
        href = f"{href_page}#:~:text={urllib.parse.quote(words)}" if words else href_page
        sources = ", ".join(source_links[key] for key in claim.keys)
        kinds = ", ".join(sorted({labels[k] for k in claim.keys if k in references}))
        suppression = claim.suppression
        if suppression is not None and "CLM001" in suppressed_codes(suppression):
            sources = f"<em>Not a claim: {html.escape(suppression.reason)}</em>"
        elif not claim.keys:
            sources = "<em>Uncited</em>" if not page.exempt_reason else "<em>Exempt page</em>"
        says, status = "", ""
        if grounding is not None:
            says = "".join(
                f"<p>\u201c{html.escape(c.text)}\u201d <small>({html.escape(c.where)})</small></p>"
                for c in grounding.chosen
            )
            status = STATUS_TEXT.get(grounding.status, grounding.status)
            if grounding.status == "supported" and grounding.chosen and all(c.pinned for c in grounding.chosen):
                status = PINNED_TEXT
            if grounding.missing:
                status += ": " + ", ".join(html.escape(n.text) for n in grounding.missing)
        if suppression is not None and (ignored := sorted(suppressed_codes(suppression) - {"CLM001", "CLM005"})):
            status += f" <em>({', '.join(ignored)} ignored: {html.escape(suppression.reason)})</em>"
        rows.append(
            f'<tr><td><a href="{html.escape(href)}">{html.escape(shorten(claim_plain_text(claim), 160))}</a></td>'
            f"<td>{sources}</td><td>{html.escape(kinds)}</td><td>{says}</td><td>{status}</td></tr>"
        )
    rows.append("</tbody></table>")
    return "\n".join(rows)


class _Links(dict[str, str]):
    """Key -> its link in the ledger, written once per key."""

    def __init__(self, write: Callable[[str], str]) -> None:
        super().__init__()
        self.write = write

    def __missing__(self, key: str) -> str:
        link = self[key] = self.write(key)
        return link


def _source_link(key: str, references: Mapping[str, Reference], references_href: str | None) -> str:
    reference = references.get(key)
    name = f"{reference.first_author} {reference.field('year')}".strip() if reference else key
    if references_href is None:
        return html.escape(name)
    return f'<a href="{html.escape(references_href)}#ref-{key}">{html.escape(name)}</a>'


def _without_citations(text: str) -> str:
    return " ".join(CITATION_BLOCK.sub("", text).split()).replace(" .", ".")


LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
EMPHASIS = re.compile(r"[*_`]")
NOT_IN_FRAGMENT = re.compile(r"[\[\]()<>{}\\]")


def _fragment_words(text: str) -> str:
    """The first words of a sentence as the browser shows them, for a #:~:text= link."""
    text = _without_citations(text[:400])  # six words are in the first 400 characters
    text = EMPHASIS.sub("", LINK.sub(r"\1", text))  # link text only
    words = []
    for word in text.split(maxsplit=6)[:6]:
        if NOT_IN_FRAGMENT.search(word):
            break
        words.append(word)
    return " ".join(words)
