"""Citation footnotes written as HTML once per page, instead of by Python-Markdown's footnotes.

mkdocs-bibtex turns `[@a; @b]` into the footnote references `[^a] [^b]` and appends one
definition `[^a]: text` per cited entry. Python-Markdown's footnotes extension then re-reads the
text around every reference with all of its inline patterns, which cost more than the rest of a
chapter's Markdown (about 150 ms a chapter of 150 citations). Here each reference becomes a short
token that Markdown passes through as plain text, and once the page is rendered the tokens become
exactly the markup the extension writes (`<sup id="fnref:a"><a class="footnote-ref"
href="#fn:a">1</a></sup>` and the numbered list with its back-links), with the same numbers,
ids and settings, so Material's footnote tooltips and every link to `#fnref:key` work the same.

A page whose footnotes are not all citations (a footnote of the author's own, a reference in a
heading or in inline code) keeps the extension: `extract` returns None and nothing changes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

# Stands in for one footnote reference between Markdown and HTML: "\ue043" + number + "\ue043".
TOKEN = "\ue043"
TOKEN_PATTERN = re.compile(TOKEN + r"(\d+)" + TOKEN)
TOKENS_AND_SPACE = re.compile(r"(?:\s*" + TOKEN + r"\d+" + TOKEN + r")+")

REFERENCE = re.compile(r"\[\^([^\]\s]+)\]")
DEFINITION = re.compile(r"^ {0,3}\[\^([^\]]*)\]:[ ]*(.*)$")
ATX_HEADING = re.compile(r"^ {0,3}#{1,6}(?:\s|$)")
SETEXT_UNDERLINE = re.compile(r"^ {0,3}(?:=+|-+)\s*$")
COMMENT = re.compile(r"<!--.*?-->")


@dataclass(frozen=True, slots=True)
class FootnoteStyle:
    """The footnotes extension's settings that show in its markup (mkdocs.yml may change them)."""

    backlink_text: str = "&#8617;"
    backlink_title: str = "Jump back to footnote {} in the text"
    superscript_text: str = "{}"
    separator: str = ":"
    definition_order: bool = True

    @classmethod
    def from_options(cls, options: Mapping[str, object]) -> FootnoteStyle | None:
        """The style for the extension's options in mkdocs.yml; None for options this module
        does not write (unique ids per page), so that those pages keep the extension."""
        from markdown.extensions.footnotes import FootnoteExtension

        settings = FootnoteExtension(**options).getConfigs()
        if settings["UNIQUE_IDS"] or settings["PLACE_MARKER"] != "///Footnotes Go Here///":
            return None
        return cls(
            backlink_text=str(settings["BACKLINK_TEXT"]),
            backlink_title=str(settings["BACKLINK_TITLE"]),
            superscript_text=str(settings["SUPERSCRIPT_TEXT"]),
            separator=str(settings["SEPARATOR"]),
            definition_order=bool(settings["USE_DEFINITION_ORDER"]),
        )


@dataclass(slots=True)
class PageFootnotes:
    """One page's citation footnotes: the key of each reference token, in the order of the text,
    and each cited entry's finished HTML, in the order mkdocs-bibtex defined them."""

    references: list[str] = field(default_factory=list)
    definitions: dict[str, str] = field(default_factory=dict)

    def numbers(self, style: FootnoteStyle) -> dict[str, int]:
        order = self.definitions if style.definition_order else dict.fromkeys(self.references)
        return {key: n for n, key in enumerate(order, start=1)}


def extract(
    markdown: str, cited: Mapping[str, object], entry_html: Callable[[str, str], str]
) -> tuple[str, PageFootnotes] | None:
    """Take the citation footnotes out of a page's Markdown.

    `cited` holds the bibliography's keys; `entry_html(key, text)` gives the finished HTML of an
    entry from the text mkdocs-bibtex wrote. Returns the Markdown with a token for each
    reference and no definitions, or None when the page has footnotes that are not citations,
    or references where a token could not stand (headings, inline code, comments). A
    "[^" in a code block must be masked before (rendering.mask_hidden_citations).
    """
    if "[^" not in markdown:
        return None
    notes = PageFootnotes()
    lines = markdown.split("\n")
    kept: list[str] = []
    for line in lines:
        definition = DEFINITION.match(line) if line.lstrip().startswith("[^") else None
        if definition is None:
            kept.append(line)
            continue
        key, text = definition.groups()
        if key not in cited or key in notes.definitions:
            return None  # an author's own footnote, or a definition written twice
        notes.definitions[key] = entry_html(key, text)

    for i, line in enumerate(kept):
        if "[^" not in line:
            continue
        underline = kept[i + 1] if i + 1 < len(kept) else ""
        if "`" in line or ATX_HEADING.match(line) or SETEXT_UNDERLINE.match(underline):
            return None
        if any("[^" in m.group(0) for m in COMMENT.finditer(line)):
            return None
        for m in REFERENCE.finditer(line):
            if m.group(1) not in notes.definitions:
                return None  # a reference to a footnote that is not a citation

        def token(m: re.Match[str]) -> str:
            notes.references.append(m.group(1))
            return f"{TOKEN}{len(notes.references) - 1}{TOKEN}"

        kept[i] = REFERENCE.sub(token, line)
    if not notes.references:
        return None
    return "\n".join(kept), notes


def without_references(html_text: str) -> str:
    """A rendered page with its reference tokens, and the space before them, left out: what
    the search index reads ("an examination [@a]." is indexed as "an examination.")."""
    return TOKENS_AND_SPACE.sub("", html_text)


def render(html_text: str, notes: PageFootnotes, style: FootnoteStyle, div_attributes: str = "") -> tuple[str, list[str]]:
    """Put the footnote markup in a rendered page: each token becomes its numbered reference and
    the list of references goes at the end. Returns the HTML and the keys of references whose
    token did not survive rendering (never expected; the caller reports them)."""
    numbers = notes.numbers(style)
    sep = style.separator
    ref_ids: list[str] = []
    seen: dict[str, int] = {}
    for key in notes.references:
        seen[key] = seen.get(key, 0) + 1
        ref_ids.append(f"fnref{sep}{key}" if seen[key] == 1 else f"fnref{seen[key]}{sep}{key}")
    placed: set[int] = set()

    def reference(m: re.Match[str]) -> str:
        index = int(m.group(1))
        if index >= len(notes.references):
            return m.group(0)
        placed.add(index)
        key = notes.references[index]
        text = style.superscript_text.format(numbers[key])
        return f'<sup id="{ref_ids[index]}"><a class="footnote-ref" href="#fn{sep}{key}">{text}</a></sup>'

    html_text = TOKEN_PATTERN.sub(reference, html_text)
    items = []
    for key, n in sorted(numbers.items(), key=lambda item: item[1]):
        title = style.backlink_title.format(n)
        backlinks = "".join(
            f'<a class="footnote-backref" href="#{"fnref" if count == 1 else f"fnref{count}"}{sep}{key}" '
            f'title="{title}">{style.backlink_text}</a>'
            for count in range(1, seen.get(key, 1) + 1)
        )
        items.append(f'<li id="fn{sep}{key}">\n<p>{notes.definitions[key]}&#160;{backlinks}</p>\n</li>')
    html_text += f'\n<div class="footnote"{div_attributes}>\n<hr />\n<ol>\n' + "\n".join(items) + "\n</ol>\n</div>"
    lost = [notes.references[i] for i in range(len(notes.references)) if i not in placed]
    return html_text, lost
