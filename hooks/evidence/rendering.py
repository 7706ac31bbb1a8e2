"""Markdown the build writes: reference texts, the References page, the evidence ledger, and
the masking that keeps citation syntax in code and comments away from mkdocs-bibtex."""

from __future__ import annotations

import html
import re
import urllib.parse
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import markdown as python_markdown

from .analysis import Page, Report
from .bibliography import Bibliography, Reference
from .findings import shorten
from .markdown import CITATION_BLOCK, Document

# Stands in for "@" in citation syntax that must not be rendered (code, comments); the hook
# swaps it back in the HTML.
MASK = "\ue040"
# Stands in for "^" in "[^" in code blocks, so that a footnote shown as an example stays text.
CARET_MASK = "\ue044"
# Marks where a reference's finished HTML goes in a footnote: "\ue041" + number + "\ue041".
SLOT = "\ue041"
SLOT_PATTERN = re.compile(SLOT + r"(\d+)" + SLOT)
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


def reference_markdown(reference: Reference, text: str) -> str:
    """A reference as the reader sees it: pandoc's AMA text, its evidence label and links."""
    return f"{clean_reference(text)} {reference_links(reference)}"


_converter = python_markdown.Markdown()


_html: dict[str, str] = {}  # a reference's Markdown -> its inline HTML


def entries_html(references: Mapping[str, Reference], formatted: Mapping[str, str]) -> dict[str, str]:
    """Key -> the entry as the reader sees it, in HTML: mkdocs-bibtex's text (`formatted`; the
    title where it has none), the evidence label and links. Chapters' reference lists and the
    References page both use it."""
    texts = [reference_markdown(r, formatted.get(r.key) or r.field("title")) for r in references.values()]
    return dict(zip(references, references_html(texts)))


def references_html(texts: Sequence[str]) -> list[str]:
    """References' Markdown as inline HTML, each distinct text converted once per process, and
    those not yet converted in one Markdown pass: a reference is one line, so each is one
    paragraph of the result (checked; else one pass each). Every chapter lists its references;
    converting each once, instead of letting every page's Markdown pass re-read them, is most of
    what keeps citations cheap."""
    new = list(dict.fromkeys(t for t in texts if t not in _html))
    if new:
        converted = _converter.reset().convert("\n\n".join(new))
        parts = converted.removeprefix("<p>").removesuffix("</p>").split("</p>\n<p>")
        if len(parts) != len(new) or any("<p>" in part or "</p>" in part for part in parts):
            parts = [_converter.reset().convert(t).removeprefix("<p>").removesuffix("</p>") for t in new]
        _html.update(zip(new, parts))
    return [_html[t] for t in texts]


def slot_footnotes(markdown: str, entry_html: Mapping[str, str]) -> tuple[str, dict[str, str]]:
    """Replace the text of each `[^key]: text` definition mkdocs-bibtex appended with a slot.

    `entry_html` is `entries_html`'s result. Returns the Markdown and slot -> finished HTML, for
    `fill_slots` once the page is rendered.
    """
    lines = markdown.split("\n")
    slots: dict[str, str] = {}
    for i, line in enumerate(lines):
        if not line.startswith("[^"):
            continue
        key, sep, _ = line[2:].partition("]: ")
        if sep and key in entry_html:
            slot = f"{SLOT}{len(slots)}{SLOT}"
            slots[slot] = entry_html[key]
            lines[i] = f"[^{key}]: {slot}"
    return "\n".join(lines), slots


def fill_slots(html_text: str, slots: Mapping[str, str]) -> str:
    if not slots:
        return html_text
    return SLOT_PATTERN.sub(lambda m: slots.get(m.group(0), m.group(0)), html_text)


# A block of finished HTML the build writes into a generated page after Markdown has run: the
# page's Markdown holds only "\ue042" + number + "\ue042" as a paragraph of its own. Large
# generated tables and lists skip Python-Markdown's raw-HTML pass, the costliest part of them.
BLOCK_SLOT = "\ue042"
BLOCK_SLOT_PATTERN = re.compile("<p>" + BLOCK_SLOT + r"\d+" + BLOCK_SLOT + "</p>")


@dataclass(slots=True)
class Generated:
    """Markdown for a generated page, and the HTML blocks to put in its slots once rendered."""

    markdown: str
    blocks: dict[str, str] = field(default_factory=dict)
    # HTML written only after the search index has read the page (see `unindexed`).
    after_search: dict[str, str] = field(default_factory=dict)

    def block(self, html_text: str) -> str:
        """Keep a block of HTML; return the Markdown paragraph that marks its place."""
        slot = f"{BLOCK_SLOT}{len(self.blocks)}{BLOCK_SLOT}"
        self.blocks[f"<p>{slot}</p>"] = html_text
        return slot

    def unindexed(self, html_text: str) -> str:
        """Keep HTML for after search has indexed the page; return the mark of its place. For
        links that would only add noise and cost to the index, such as the References page's
        "Cited in" links."""
        mark = after_search_mark(f"generated-{len(self.after_search)}")
        self.after_search[mark] = html_text
        return mark


# HTML written into a page only after Material's search has indexed it stands in the page as a
# comment, which search skips (its text, and the space before it, are not indexed).
AFTER_SEARCH_PATTERN = re.compile(r"<!--guide-after-search:[\w-]+-->")


def after_search_mark(name: str) -> str:
    return f"<!--guide-after-search:{name}-->"


def fill_after_search(html_text: str, parts: Mapping[str, str]) -> str:
    """Put in the HTML that `after_search_mark`s stand for (once search has read the page)."""
    if not parts:
        return html_text
    return AFTER_SEARCH_PATTERN.sub(lambda m: parts.get(m.group(0), m.group(0)), html_text)


def fill_blocks(html_text: str, blocks: Mapping[str, str]) -> str:
    if not blocks:
        return html_text
    return BLOCK_SLOT_PATTERN.sub(lambda m: blocks.get(m.group(0), m.group(0)), html_text)


def mask_hidden_citations(markdown: str, marks: Masks, first_line: int) -> str:
    """Hide citation syntax in code and HTML comments from mkdocs-bibtex, and footnote syntax
    in code blocks from hooks/references.py.

    `first_line` is the file line that the page's Markdown starts on (after front matter).
    """
    if not marks.hidden and not marks.code_lines:
        return markdown
    lines = markdown.split("\n")
    for line_no in set(marks.hidden) | marks.code_lines:
        i = line_no - first_line
        if not 0 <= i < len(lines):
            continue
        visible = marks.hidden.get(line_no, frozenset())

        def mask(m: re.Match[str]) -> str:
            if line_no not in marks.code_lines and m.start() + 1 in visible:
                return m.group(0)
            return m.group(0).replace("@", MASK)

        lines[i] = CITATION_BLOCK.sub(mask, lines[i])
        if line_no in marks.code_lines:
            lines[i] = lines[i].replace("[^", "[" + CARET_MASK)
    return "\n".join(lines)


@dataclass(frozen=True, slots=True)
class Masks:
    """Where a page's citation syntax must be hidden: each line with a hidden citation (in
    inline code or a comment) with the columns of the visible citations on it, and the lines
    of code blocks. Small, so that a worker can send it for every page."""

    hidden: dict[int, frozenset[int]]
    code_lines: frozenset[int]

    @classmethod
    def of(cls, document: Document) -> Masks:
        hidden_lines = {c.line for c in document.citations if c.hidden}
        hidden = {
            line: frozenset(c.column for c in document.citations if c.line == line and not c.hidden)
            for line in hidden_lines
        }
        return cls(hidden, frozenset(document.code_lines))


def unmask(html_text: str) -> str:
    return html_text.replace(MASK, "@").replace(CARET_MASK, "^")


def references_page(
    bibliography: Bibliography,
    cited_in: Mapping[str, Sequence[tuple[str, str]]],
    formatted: Mapping[str, str],
    page_href: Callable[[str], str],
) -> Generated:
    """The References page's list: every entry once, by first author, with its anchor, evidence
    label and links back to each page that cites it. Written as HTML, converted once per entry.

    `cited_in` maps a key to the (uri, title) of each page citing it; `page_href(uri)` gives a
    page's URL relative to the References page.
    """
    page = Generated("")
    hrefs: dict[str, str] = {}
    entries = []
    converted = entries_html(bibliography.references, formatted)
    for reference in sorted(bibliography.references.values(), key=lambda r: r.sort_key):
        back = []
        for uri, title in cited_in.get(reference.key, ()):
            href = hrefs.get(uri) or hrefs.setdefault(uri, html.escape(page_href(uri)))
            back.append(f'<a href="{href}#fnref:{reference.key}">{html.escape(title)}</a>')
        cited = page.unindexed(f"<p>{'Cited in: ' + ', '.join(back) if back else 'Not cited yet.'}</p>")
        entries.append(f'<div class="guide-reference" id="ref-{reference.key}"><p>{converted[reference.key]}</p>{cited}</div>')
    page.markdown = page.block("\n".join(entries))
    return page


# The ledger's front matter: MkDocs reads it when the page is created, before the checks are done.
LEDGER_FRONT_MATTER = """---
title: Evidence ledger
description: Every claim in the guide, the sources behind it and the kind of evidence each source is.
search:
  exclude: true  # every sentence here is indexed on its own page already
---

"""


def ledger_page(report: Report, page_href: Callable[[Page], str], references_href: str | None) -> Generated:
    """Markdown for the evidence ledger, below LEDGER_FRONT_MATTER: every claim in the guide,
    grouped by page.

    `page_href` gives a page's URL relative to the ledger; `references_href` the References page's.
    """
    counts = report.counts()
    references = report.bibliography.references
    page_out = Generated("")
    out = [
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
    source_links = _Links(lambda key: _source_link(key, references, references_href))
    labels = {key: reference.evidence_label for key, reference in references.items()}
    for page in report.pages.values():
        if not page.claims and not page.exempt_reason:
            continue
        out += [f"## {page.title}", ""]
        if page.exempt_reason:
            out += [f"Exempt from the claim check: {page.exempt_reason}", ""]
        if not page.claims:
            continue
        href_page = page_href(page)
        rows = [
            '<table class="guide-ledger"><thead><tr><th scope="col">Claim</th>'
            '<th scope="col">Sources</th><th scope="col">Evidence</th></tr></thead><tbody>'
        ]
        for claim in page.claims:
            words = _fragment_words(claim.text)
            href = f"{href_page}#:~:text={urllib.parse.quote(words)}" if words else href_page
            sources = ", ".join(source_links[key] for key in claim.keys)
            kinds = ", ".join(sorted({labels[k] for k in claim.keys if k in references}))
            if claim.suppression is not None:
                sources = f"<em>Not a claim: {html.escape(claim.suppression.reason.strip(chr(34)))}</em>"
            elif not claim.keys:
                sources = "<em>Uncited</em>" if not page.exempt_reason else "<em>Exempt page</em>"
            rows.append(
                f'<tr><td><a href="{html.escape(href)}">{html.escape(shorten(_without_citations(claim.text), 160))}</a></td>'
                f"<td>{sources}</td><td>{html.escape(kinds)}</td></tr>"
            )
        rows.append("</tbody></table>")
        out += [page_out.block("\n".join(rows)), ""]
    page_out.markdown = "\n".join(out)
    return page_out


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
