"""Citations `[@a; @b]` rendered as numbered references by a Python-Markdown extension.

An inline pattern turns each citation into a placeholder; when the page's inline Markdown is
done, a tree processor numbers the cited sources in the order the page first cites them, sorts
each citation's numbers ("1,3"), shows a run of sentences in one paragraph that cite the same
sources once, at the end of the run, and appends a "References" heading and list.

The citations and the list stand in the rendered page as markers (`<!--evidence:cite:...-->`,
`<!--evidence:notes:...-->`) that carry everything their markup needs; the build writes the
markup (`expand`) once Material's search has read the page, so search reads neither numbers nor
reference texts, and spends no time on them. Each list entry holds a further marker,
`ref:KEY`, for the formatted reference: pandoc formats the bibliography while the pages render.

The markup is that of Python-Markdown's footnotes (`a.footnote-ref` linking to `li#fn:KEY`,
back-links `a.footnote-backref` to `#fnref:KEY`), so Material's footnote tooltips and styles
apply, and links to `page/#fnref:KEY` (the References page's "Cited in") land on the first
citation. Material's search skips everything marked `data-search-exclude`.

The pattern runs below Python-Markdown's code, HTML and link patterns, so citation syntax in
code spans, fenced code and comments stays text. A citation whose items are not all known
`@key`s is left as text too: the checks report it, with its line.
"""

from __future__ import annotations

import itertools
import re
import xml.etree.ElementTree as etree
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from typing import Any

from markdown import Markdown
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor

from .bibliography import KEY
from .citations import cited_keys
from .references import MARKER, marker, reference_marker

# A citation block. It starts with a bracket, which the regex engine finds fast; the spaces before
# it go with it (handleMatch), so "pain [@a]." reads "pain¹." once rendered.
CITATION = r"\[[^\[\]\n]*@[^\[\]\n]*\]"
# Below backticks (190), escapes (180), links (160) and raw HTML (90); above emphasis (60), so
# a citation inside *emphasis* still renders.
PATTERN_PRIORITY = 85
# After the inline passes (Python-Markdown 20, smart symbols 6.1: they need not read the numbers and
# back-links), before the table of contents (5) reads the References heading.
TREE_PRIORITY = 5.5
# Elements whose text is one paragraph for the "same sources in a row" rule.
BLOCKS = {"p", "li", "td", "th", "dd", "dt", "figcaption"}
KEYS_ATTRIBUTE = "data-evidence-keys"  # on the placeholder only; removed when numbered


class CitationPattern(InlineProcessor):
    def __init__(self, known: Collection[str]) -> None:
        super().__init__(CITATION)
        self.known = known

    def handleMatch(self, m: re.Match[str], data: str) -> tuple[Any, Any, Any]:  # type: ignore[override]
        keys = cited_keys(m.group(0), self.known)
        if keys is None:
            return None, None, None
        placeholder = etree.Element("span", {"class": "citation", KEYS_ATTRIBUTE: " ".join(keys)})
        start = m.start(0)
        while start and data[start - 1] in " \t":
            start -= 1
        return placeholder, start, m.end(0)


class NumberCitations(Treeprocessor):
    def __init__(self, md: Markdown, heading: str) -> None:
        super().__init__(md)
        self.heading = heading

    def run(self, root: etree.Element) -> None:
        parents = {child: parent for parent in root.iter() for child in parent}
        citations = [el for el in root.iter("span") if KEYS_ATTRIBUTE in el.attrib]
        if not citations:
            return
        for citation in list(_repeated_in_a_row(citations, parents)):
            unwrap(citation, parents[citation])
            citations.remove(citation)
        numbers: dict[str, int] = {}
        occurrences: dict[str, int] = {}
        for citation in citations:
            keys = citation.attrib[KEYS_ATTRIBUTE].split()
            for key in keys:
                numbers.setdefault(key, len(numbers) + 1)
            cited = []
            for key in sorted(keys, key=numbers.__getitem__):
                occurrences[key] = occurrences.get(key, 0) + 1
                cited.append(Cited(key, numbers[key], occurrences[key]))
            # The citation stands in the page as a marker (search skips it), written out once
            # search has read the page (references.fill_markers).
            citation.tail = self.md.htmlStash.store(f"<!--{citation_marker(cited)}-->") + (citation.tail or "")
            unwrap(citation, parents[citation])
        heading = etree.SubElement(root, "h2", {"id": "references"})
        heading.text = self.heading
        listed = [Cited(key, number, occurrences[key]) for key, number in numbers.items()]
        etree.SubElement(root, "p").text = self.md.htmlStash.store(f"<!--{reference_list_marker(listed)}-->")


@dataclass(frozen=True, slots=True)
class Cited:
    """A source in a citation (its number, and which citation of it this is on the page), or in
    the page's reference list (its number, and how many times the page cites it)."""

    key: str
    number: int
    count: int


def citation_marker(cited: list[Cited]) -> str:
    return marker("cite:" + ":".join(f"{c.key}.{c.number}.{c.count}" for c in cited))


def reference_list_marker(listed: list[Cited]) -> str:
    return marker("notes:" + ":".join(f"{c.key}.{c.number}.{c.count}" for c in listed))


def _cited(spec: str) -> list[Cited] | None:
    """The sources a marker's name lists; None if it is not one this module wrote (a marker is
    an HTML comment: someone could type one)."""
    out = []
    for item in spec.split(":"):
        key, _, rest = item.partition(".")
        number, _, count = rest.partition(".")
        if not (KEY.match(key) and number.isdigit() and count.isdigit()):
            return None
        out.append(Cited(key, int(number), int(count)))
    return out


def expand(name: str) -> str | None:
    """The markup a citation or reference-list marker stands for (the name without `evidence:`),
    or None for any other marker. The same markup as Python-Markdown's footnotes, so Material's
    footnote tooltips and styles apply; each entry's text is a further marker (`ref:KEY`)."""
    kind, _, spec = name.partition(":")
    cited = _cited(spec) if kind in ("cite", "notes") else None
    if cited is None:
        return None
    if kind == "cite":
        sups = [
            f'<sup id="{_ref_id(c.key, c.count)}"><a class="footnote-ref" href="#fn:{c.key}">{c.number}</a></sup>'
            for c in cited
        ]
        return '<span class="citation">' + "<sup>,</sup>".join(sups) + "</span>"
    if kind == "notes":
        items = []
        for c in cited:
            backlinks = "".join(
                f'<a class="footnote-backref" href="#{_ref_id(c.key, n)}" title="Back to citation {c.number} in the text">\u21a9</a>'
                for n in range(1, c.count + 1)
            )
            items.append(f'<li id="fn:{c.key}"><p><!--{reference_marker(c.key)}-->\u00a0{backlinks}</p></li>')
        return '<div class="footnote"><hr /><ol>' + "".join(items) + "</ol></div>"
    return None


def listed_keys(html_text: str) -> list[str]:
    """The keys a rendered page's reference list holds, in its order (the order the page first
    cites them): what the References page's "Cited in" needs, read from the page as rendered."""
    keys: list[str] = []
    for m in MARKER.finditer(html_text):
        kind, _, spec = m.group(1).partition(":")
        cited = _cited(spec) if kind == "notes" else None
        keys += [c.key for c in cited or () if c.key not in keys]
    return keys


def _ref_id(key: str, occurrence: int) -> str:
    return f"fnref:{key}" if occurrence == 1 else f"fnref{occurrence}:{key}"


def _repeated_in_a_row(
    citations: list[etree.Element], parents: dict[etree.Element, etree.Element]
) -> Iterator[etree.Element]:
    """Citations followed, in the same paragraph, by a citation of the same sources with no
    other citation between: the later one stands for the run."""
    for citation, following in itertools.pairwise(citations):
        if sorted(citation.get(KEYS_ATTRIBUTE, "").split()) != sorted(following.get(KEYS_ATTRIBUTE, "").split()):
            continue
        block, next_block = _block(citation, parents), _block(following, parents)
        if block is not None and block is next_block:
            yield citation


def _block(element: etree.Element, parents: dict[etree.Element, etree.Element]) -> etree.Element | None:
    parent = parents.get(element)
    while parent is not None and parent.tag not in BLOCKS:
        parent = parents.get(parent)
    return parent


def unwrap(element: etree.Element, parent: etree.Element) -> None:
    """Take an element out of the tree, keeping its text and the text after it where they stood
    (a citation's placeholder has no text of its own; a repeated glossary term does)."""
    index = list(parent).index(element)
    text = (element.text or "") + (element.tail or "")
    if text:
        if index:
            previous = parent[index - 1]
            previous.tail = (previous.tail or "") + text
        else:
            parent.text = (parent.text or "") + text
    parent.remove(element)


class CitationExtension(Extension):
    """`[@key]` citations as numbered references; `known` holds the bibliography's keys."""

    def __init__(self, known: Collection[str], heading: str = "References") -> None:
        super().__init__()
        self.known = known
        self.heading = heading

    def extendMarkdown(self, md: Markdown) -> None:
        md.inlinePatterns.register(CitationPattern(self.known), "evidence-citation", PATTERN_PRIORITY)
        md.treeprocessors.register(NumberCitations(md, self.heading), "evidence-citations", TREE_PRIORITY)
