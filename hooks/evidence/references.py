"""Reference entries as the reader sees them, the References page, and the markers that hold
their place in a rendered page until the build fills them in.

A marker is an HTML comment, `<!--evidence:NAME-->`: the only in-band syntax the build uses.
Python-Markdown passes comments through untouched, and a comment shows nothing if it were ever
left in a page. Reference texts come from pandoc (formatting.py) and are made HTML here, once
per entry.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping, Sequence

import markdown as python_markdown

from .bibliography import Bibliography, Reference

MARKER = re.compile(r"<!--evidence:([\w:.-]+)-->")
# pandoc's case-protection spans, e.g. "[Global Burden of Disease Study]{.nocase}".
NOCASE_SPAN = re.compile(r"\[([^\[\]]*)\]\{\.nocase\}")


def marker(name: str) -> str:
    """The text of the comment that marks where `name`'s HTML goes."""
    return f"evidence:{name}"


def reference_marker(key: str) -> str:
    return marker(f"ref:{key}")


def fill_markers(html_text: str, parts: Mapping[str, str], expand: Callable[[str], str | None] | None = None) -> str:
    """Put each marked part's HTML in its place: from `parts`, or what `expand(name)` writes
    (whose own markers are filled in turn); a marker with neither stays (and shows nothing)."""
    if "<!--evidence:" not in html_text:
        return html_text

    def fill(m: re.Match[str]) -> str:
        name = m.group(1)
        if name in parts:
            return parts[name]
        written = expand(name) if expand is not None else None
        return m.group(0) if written is None else fill_markers(written, parts)

    return MARKER.sub(fill, html_text)


def clean_reference(text: str) -> str:
    """Reference text from pandoc, made plain Markdown for Python-Markdown."""
    text = NOCASE_SPAN.sub(r"\1", text).replace("---", "\u2014").replace("--", "\u2013")
    # pandoc escapes < and > in Markdown; as entities they show as themselves, with no backslash.
    text = text.replace("\\<", "&lt;").replace("\\>", "&gt;")
    return " ".join(text.split())


def reference_links(reference: Reference) -> str:
    """The evidence label and PubMed link shown after a reference."""
    parts = [f'<span class="evidence-label" title="Kind of source">{html.escape(reference.evidence_label)}</span>']
    pmid = reference.field("pmid")
    if pmid:
        parts.append(f"PubMed: [{pmid}](https://pubmed.ncbi.nlm.nih.gov/{pmid}/)")
    return " ".join(parts)


def entries_html(references: Mapping[str, Reference], formatted: Mapping[str, str]) -> dict[str, str]:
    """Key -> the entry as the reader sees it, in inline HTML: pandoc's AMA text (`formatted`;
    the title where it has none), the evidence label and links.

    Every entry is converted in one Markdown pass: an entry is one line, so each is one
    paragraph of the result (checked; otherwise one pass each).
    """
    texts = [
        f"{clean_reference(formatted.get(r.key) or r.field('title'))} {reference_links(r)}" for r in references.values()
    ]
    return dict(zip(references, _inline_html(texts), strict=False))


def _inline_html(texts: Sequence[str]) -> list[str]:
    converter = python_markdown.Markdown()
    converted = converter.convert("\n\n".join(texts))
    parts = converted.removeprefix("<p>").removesuffix("</p>").split("</p>\n<p>")
    if len(parts) != len(texts) or any("<p>" in part or "</p>" in part for part in parts):
        parts = [converter.reset().convert(t).removeprefix("<p>").removesuffix("</p>") for t in texts]
    return parts


def reference_parts(
    entries: Mapping[str, str], relied_on: Mapping[str, Sequence[tuple[str, str]]] | None = None
) -> dict[str, str]:
    """Marker name -> HTML, for each entry's place in a chapter's reference list; with
    `relied_on` (key -> the passages (text, where) the chapter's claims rely on), those entries
    also show what the source says, and only those are returned."""
    if relied_on is None:
        return {f"ref:{key}": text for key, text in entries.items()}
    return {
        f"ref:{key}": entries[key]
        + "".join(
            f'<span class="source-says">The source says: \u201c{html.escape(text)}\u201d '
            f'<span class="source-where">({html.escape(where)})</span></span>'
            for text, where in quotes
        )
        for key, quotes in relied_on.items()
        if key in entries and quotes
    }


REFERENCES_PAGE_MARKER = marker("references-page")


def references_page_html(
    bibliography: Bibliography,
    cited_in: Mapping[str, Sequence[tuple[str, str]]],
    entries: Mapping[str, str],
    page_href: Callable[[str], str],
) -> str:
    """The References page's list: every entry once, by first author, with its anchor, evidence
    label and links back to each page that cites it (which search does not index).

    `cited_in` maps a key to the (uri, title) of each page citing it; `page_href(uri)` gives a
    page's URL relative to the References page.
    """
    hrefs: dict[str, str] = {}
    out = []
    for reference in sorted(bibliography.references.values(), key=lambda r: r.sort_key):
        back = []
        for uri, title in cited_in.get(reference.key, ()):
            href = hrefs.get(uri) or hrefs.setdefault(uri, html.escape(page_href(uri)))
            back.append(f'<a href="{href}#fnref:{reference.key}">{html.escape(title)}</a>')
        cited = "Cited in: " + ", ".join(back) if back else "Not cited yet."
        out.append(
            f'<div class="guide-reference" id="ref-{reference.key}"><p>{entries[reference.key]}</p>'
            f'<p data-search-exclude="cited-in">{cited}</p></div>'
        )
    return "\n".join(out)
