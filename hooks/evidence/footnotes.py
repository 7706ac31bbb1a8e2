"""Citations numbered and listed once per page, with the markup of Python-Markdown's footnotes.

mkdocs-bibtex would turn `[@a; @b]` into the footnote references `[^a] [^b]` and append a
definition `[^a]: text` per cited entry, and Python-Markdown's footnotes extension would then
re-read the text around every reference with all of its inline patterns: more than the rest of
a chapter's Markdown costs (about 150 ms for a chapter of 150 citations), and the page would
have to wait for pandoc to format the entries. Here each citation becomes a short token per key
that Markdown passes through as plain text, before mkdocs-bibtex reads the page; once the page is
rendered the tokens become exactly the markup the extension writes (`<sup id="fnref:a"><a
class="footnote-ref" href="#fn:a">1</a></sup>`, and the numbered list with its back-links),
with the same numbers, ids and settings, so Material's footnote tooltips and every link to
`#fnref:key` work the same. The entries' texts still come from mkdocs-bibtex (pandoc with the
AMA style), formatted once per build.

A page with footnotes of its own, or a citation that is not a plain list of known keys or stands
where a token could not (a heading, a line with inline code), is left to mkdocs-bibtex and the
footnotes extension: `extract` returns None.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field

from .bibliography import KEY
from .citations import ITEM
from .markdown import CITATION_BLOCK
from .rendering import after_search_mark

# Stands in for one footnote reference between Markdown and HTML: "\ue043" + number + "\ue043".
TOKEN = "\ue043"
TOKEN_PATTERN = re.compile(TOKEN + r"(\d+)" + TOKEN)
# A run of references with the space before each ("pain [@a; @b]." -> "pain T0 T1.").
TOKEN_RUN = re.compile(r"(?:\s*" + TOKEN + r"\d+" + TOKEN + r")+")

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
    """One page's citations: the key of each reference token, in the order of the text, and
    the cited keys in the order mkdocs-bibtex would define them (first citation first)."""

    references: list[str] = field(default_factory=list)
    keys: dict[str, None] = field(default_factory=dict)

    def numbers(self, style: FootnoteStyle) -> dict[str, int]:
        order = self.keys if style.definition_order else dict.fromkeys(self.references)
        return {key: n for n, key in enumerate(order, start=1)}


def _keys(block: str, known: Collection[str]) -> list[str] | None:
    """The keys of a citation block `[@a; @b]`, or None unless every item is a known `@key`."""
    keys = []
    for item in block[1:-1].split(";"):
        m = ITEM.match(item)
        if not m or m.group(2) is not None or not KEY.match(m.group(1)) or m.group(1) not in known:
            return None
        keys.append(m.group(1))
    return keys


def extract(markdown: str, known: Collection[str]) -> tuple[str, PageFootnotes] | None:
    """Take the citations out of a page's Markdown before mkdocs-bibtex reads it.

    `known` holds the bibliography's keys. Each `[@a; @b]` becomes a token per key, separated by
    a space as mkdocs-bibtex separates its footnote references. Returns None, leaving the page
    to mkdocs-bibtex and the footnotes extension, when the page has footnotes of its own, a
    citation that is not a list of known keys, or a citation where a token could not stand
    (a heading, a line with inline code, a comment). Citation syntax in code and comments is
    masked before, by claims.py (rendering.mask_hidden_citations).
    """
    if "[^" in markdown or "[@" not in markdown:
        return None
    notes = PageFootnotes()
    lines = markdown.split("\n")
    for i, line in enumerate(lines):
        if "@" not in line:
            continue
        blocks = list(CITATION_BLOCK.finditer(line))
        if not blocks:
            continue
        underline = lines[i + 1] if i + 1 < len(lines) else ""
        if "`" in line or ATX_HEADING.match(line) or SETEXT_UNDERLINE.match(underline):
            return None
        comments = [m.span() for m in COMMENT.finditer(line)] if "<!--" in line else []
        if any(start <= block.start() < end for block in blocks for start, end in comments):
            return None  # citation syntax inside a comment that nobody masked
        parts = []
        last = 0
        for block in blocks:
            keys = _keys(block.group(0), known)
            if keys is None:
                return None
            tokens = []
            for key in keys:
                tokens.append(f"{TOKEN}{len(notes.references)}{TOKEN}")
                notes.references.append(key)
                notes.keys.setdefault(key, None)
            parts += [line[last : block.start()], " ".join(tokens)]
            last = block.end()
        lines[i] = "".join(parts) + line[last:]
    if not notes.references:
        return None
    return "\n".join(lines), notes


def render(
    html_text: str, notes: PageFootnotes, style: FootnoteStyle, entry_html: Callable[[str], str]
) -> tuple[str, dict[str, str], list[str]]:
    """The footnote markup for a rendered page, to write once search has indexed it.

    Each run of reference tokens, with the space before it, becomes a mark
    (rendering.after_search_mark) standing for its numbered references, and a mark for the
    list of references, each entry's HTML from `entry_html(key)`, goes at the end; search thus
    reads "an examination." for "an examination [@a].". Returns the HTML, mark -> its markup
    (for rendering.fill_after_search), and the keys of references whose token did not survive
    rendering (never expected; the caller reports them).
    """
    numbers = notes.numbers(style)
    sep = style.separator
    ref_ids: list[str] = []
    seen: dict[str, int] = {}
    for key in notes.references:
        seen[key] = seen.get(key, 0) + 1
        ref_ids.append(f"fnref{sep}{key}" if seen[key] == 1 else f"fnref{seen[key]}{sep}{key}")
    placed: set[int] = set()
    parts: dict[str, str] = {}

    def reference(m: re.Match[str]) -> str:
        index = int(m.group(1))
        if index >= len(notes.references):
            return m.group(0)
        placed.add(index)
        key = notes.references[index]
        text = style.superscript_text.format(numbers[key])
        return f'<sup id="{ref_ids[index]}"><a class="footnote-ref" href="#fn{sep}{key}">{text}</a></sup>'

    def run(m: re.Match[str]) -> str:
        mark = after_search_mark(f"citation-{len(parts)}")
        parts[mark] = TOKEN_PATTERN.sub(reference, m.group(0))
        return mark

    html_text = TOKEN_RUN.sub(run, html_text)
    items = []
    for key, n in sorted(numbers.items(), key=lambda item: item[1]):
        title = style.backlink_title.format(n)
        backlinks = "".join(
            f'<a class="footnote-backref" href="#{"fnref" if count == 1 else f"fnref{count}"}{sep}{key}" '
            f'title="{title}">{style.backlink_text}</a>'
            for count in range(1, seen.get(key, 1) + 1)
        )
        items.append(f'<li id="fn{sep}{key}">\n<p>{entry_html(key)}&#160;{backlinks}</p>\n</li>')
    mark = after_search_mark("footnotes")
    parts[mark] = '\n<div class="footnote">\n<hr />\n<ol>\n' + "\n".join(items) + "\n</ol>\n</div>"
    lost = [notes.references[i] for i in range(len(notes.references)) if i not in placed]
    return html_text + mark, parts, lost
