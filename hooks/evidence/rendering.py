"""Markdown the build writes: reference texts, the References page, the evidence ledger, and
the masking that keeps citation syntax in code and comments away from mkdocs-bibtex."""

from __future__ import annotations

import html
import re
import urllib.parse
from collections.abc import Callable, Mapping

from .analysis import Page, Report
from .bibliography import Reference
from .findings import shorten
from .markdown import CITATION_BLOCK, Document

# Stands in for "@" in citation syntax that must not be rendered (code, comments); the hook
# swaps it back in the HTML.
MASK = "\ue040"
# pandoc's case-protection spans, e.g. "[Global Burden of Disease Study]{.nocase}".
NOCASE_SPAN = re.compile(r"\[([^\[\]]*)\]\{\.nocase\}")


def clean_reference(text: str) -> str:
    """Reference text from pandoc, made plain Markdown for Python-Markdown."""
    text = NOCASE_SPAN.sub(r"\1", text).replace("---", "\u2014").replace("--", "\u2013")
    return " ".join(text.split())


def reference_links(reference: Reference) -> str:
    """The evidence label and PubMed link shown after a reference."""
    parts = [f'<span class="evidence-label" title="Kind of source">{html.escape(reference.evidence_label)}</span>']
    pmid = reference.field("pmid")
    if pmid:
        parts.append(f"PubMed: [{pmid}](https://pubmed.ncbi.nlm.nih.gov/{pmid}/)")
    return " ".join(parts)


def finish_footnotes(markdown: str, references: Mapping[str, Reference]) -> str:
    """Rewrite the `[^key]: text` definitions mkdocs-bibtex appended: clean, label, link."""
    lines = markdown.split("\n")
    for i, line in enumerate(lines):
        if not line.startswith("[^"):
            continue
        key, sep, text = line[2:].partition("]: ")
        if sep and key in references:
            lines[i] = f"[^{key}]: {clean_reference(text)} {reference_links(references[key])}"
    return "\n".join(lines)


def mask_hidden_citations(markdown: str, document: Document, first_line: int) -> str:
    """Hide citation syntax in code and HTML comments from mkdocs-bibtex.

    `first_line` is the file line that the page's Markdown starts on (after front matter).
    """
    lines = markdown.split("\n")
    hidden = {c.line for c in document.citations if c.hidden} | document.code_lines
    for line_no in hidden:
        i = line_no - first_line
        if not 0 <= i < len(lines):
            continue
        visible = {c.column for c in document.citations if c.line == line_no and not c.hidden}

        def mask(m: re.Match[str]) -> str:
            if line_no not in document.code_lines and m.start() + 1 in visible:
                return m.group(0)
            return m.group(0).replace("@", MASK)

        lines[i] = CITATION_BLOCK.sub(mask, lines[i])
    return "\n".join(lines)


def unmask(html_text: str) -> str:
    return html_text.replace(MASK, "@")


def references_page(report: Report, formatted: Mapping[str, str], page_url: Callable[[Page], str]) -> str:
    """Markdown for the References page: every entry once, by first author, with its anchor,
    evidence label and links back to each page that cites it."""
    cited_in = report.cited_in
    out = [
        f"The guide cites {len(report.bibliography.references)} sources. Each shows the kind of "
        "study it is; [About this guide](about.md) explains the labels.",
        "",
    ]
    for reference in sorted(report.bibliography.references.values(), key=lambda r: r.sort_key):
        pages = cited_in.get(reference.key, [])
        back = ", ".join(f"[{page.title}]({page_url(page)}#fnref:{reference.key})" for page in pages)
        text = clean_reference(formatted.get(reference.key, reference.field("title")))
        out += [
            f'<div class="guide-reference" id="ref-{reference.key}" markdown>',
            "",
            f"{text} {reference_links(reference)}",
            "",
            f"Cited in: {back}" if back else "Not cited yet.",
            "",
            "</div>",
            "",
        ]
    return "\n".join(out)


def ledger_page(report: Report, page_href: Callable[[Page], str]) -> str:
    """Markdown for the evidence ledger: every claim in the guide, grouped by page."""
    counts = report.counts()
    references = report.bibliography.references
    out = [
        "---",
        "title: Evidence ledger",
        "description: Every claim in the guide, the sources behind it and the kind of evidence each source is.",
        "---",
        "",
        "# Evidence ledger",
        "",
        "The build writes this page from the chapters. It lists every sentence the guide states as "
        "fact, the sources it cites, and the kind of evidence each source is.",
        "",
        '<div class="guide-ledger-counts" markdown>',
        "",
        f"- Claims: **{counts['claims']}** in {counts['files']} pages",
        f"- Cited claims: **{counts['cited_claims']}**",
        f"- Sentences marked as not a claim, each with a reason: **{counts['suppressions']}**",
        f"- Pages exempt from the claim check, each with a reason: **{counts['exempt_pages']}**",
        f"- References: **{counts['references']}**",
        "",
        "</div>",
        "",
    ]
    for page in report.pages.values():
        if not page.claims and not page.exempt_reason:
            continue
        out += [f"## {page.title}", ""]
        if page.exempt_reason:
            out += [f"Exempt from the claim check: {page.exempt_reason}", ""]
        if not page.claims:
            continue
        out += [
            '<table class="guide-ledger"><thead><tr><th scope="col">Claim</th>'
            '<th scope="col">Sources</th><th scope="col">Evidence</th></tr></thead><tbody>'
        ]
        for claim in page.claims:
            words = _fragment_words(claim.text)
            href = f"{page_href(page)}#:~:text={urllib.parse.quote(words)}" if words else page_href(page)
            sources = ", ".join(
                f'<a href="../references/#ref-{key}">{html.escape(references[key].first_author if key in references else key)}'
                f"{' ' + html.escape(references[key].field('year')) if key in references else ''}</a>"
                for key in claim.keys
            )
            kinds = ", ".join(sorted({references[k].evidence_label for k in claim.keys if k in references}))
            if claim.suppression is not None:
                sources = f"<em>Not a claim: {html.escape(claim.suppression.reason.strip(chr(34)))}</em>"
            elif not claim.keys:
                sources = "<em>Uncited</em>" if not page.exempt_reason else "<em>Exempt page</em>"
            out.append(
                f'<tr><td><a href="{html.escape(href)}">{html.escape(shorten(_without_citations(claim.text), 160))}</a></td>'
                f"<td>{sources}</td><td>{html.escape(kinds)}</td></tr>"
            )
        out += ["</tbody></table>", ""]
    return "\n".join(out)


def _without_citations(text: str) -> str:
    return " ".join(CITATION_BLOCK.sub("", text).split()).replace(" .", ".")


def _fragment_words(text: str) -> str:
    """The first words of a sentence as the browser shows them, for a #:~:text= link."""
    text = _without_citations(text)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)  # link text only
    text = re.sub(r"[*_`]", "", text)
    words = []
    for word in text.split():
        if any(c in word for c in "[]()<>{}\\"):
            break
        words.append(word)
        if len(words) == 6:
            break
    return " ".join(words)
