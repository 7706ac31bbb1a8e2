"""Citations `[@a; @b]` rendered as numbered references by a Python-Markdown extension.

An inline pattern turns each citation into a placeholder; when the page's inline Markdown is
done, a tree processor numbers the cited sources in the order the page first cites them, writes
each citation's numbers sorted and joined ("1,3"), shows a run of sentences in one paragraph
that cite the same sources once, at the end of the run, and appends a "References" heading and
list. Each list entry holds a marker (`references.reference_marker`) where the formatted
reference goes: pandoc formats the bibliography while the pages render, and the build fills the
entries in once every page is rendered.

The markup is that of Python-Markdown's footnotes (`a.footnote-ref` linking to `li#fn:KEY`,
back-links `a.footnote-backref` to `#fnref:KEY`), so Material's footnote tooltips and styles
apply, and links to `page/#fnref:KEY` (the References page's "Cited in") land on the first
citation. Material's search skips everything marked `data-search-exclude`.

The pattern runs below Python-Markdown's code, HTML and link patterns, so citation syntax in
code spans, fenced code and comments stays text. A citation whose items are not all known
`@key`s is left as text too: the checks report it, with its line.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Collection, Iterator
from typing import Any

from markdown import Markdown
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor

from .citations import cited_keys
from .references import reference_marker

# A citation block and the spaces before it: "pain [@a]." reads "pain¹." once rendered.
CITATION = r"[ \t]*(\[[^\[\]\n]*@[^\[\]\n]*\])"
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
        keys = cited_keys(m.group(1), self.known)
        if keys is None:
            return None, None, None
        placeholder = etree.Element("span", {"class": "citation", KEYS_ATTRIBUTE: " ".join(keys)})
        return placeholder, m.start(0), m.end(0)


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
            _remove(citation, parents[citation])
            citations.remove(citation)
        numbers: dict[str, int] = {}
        occurrences: dict[str, int] = {}
        for citation in citations:
            keys = citation.attrib.pop(KEYS_ATTRIBUTE).split()
            for key in keys:
                numbers.setdefault(key, len(numbers) + 1)
            citation.set("data-search-exclude", "citation")
            for i, key in enumerate(sorted(keys, key=numbers.__getitem__)):
                occurrences[key] = occurrences.get(key, 0) + 1
                if i:
                    etree.SubElement(citation, "sup").text = ","
                sup = etree.SubElement(citation, "sup", {"id": _ref_id(key, occurrences[key])})
                link = etree.SubElement(sup, "a", {"class": "footnote-ref", "href": f"#fn:{key}"})
                link.text = str(numbers[key])
        heading = etree.SubElement(root, "h2", {"id": "references"})
        heading.text = self.heading
        footnotes = etree.SubElement(root, "div", {"class": "footnote", "data-search-exclude": "references"})
        etree.SubElement(footnotes, "hr")
        entries = etree.SubElement(footnotes, "ol")
        for key, number in numbers.items():
            item = etree.SubElement(entries, "li", {"id": f"fn:{key}"})
            paragraph = etree.SubElement(item, "p")
            # The marker comment passes through as raw HTML (Python-Markdown's stash).
            paragraph.text = self.md.htmlStash.store(f"<!--{reference_marker(key)}-->") + "\u00a0"
            for n in range(1, occurrences[key] + 1):
                backlink = etree.SubElement(
                    paragraph,
                    "a",
                    {"class": "footnote-backref", "href": f"#{_ref_id(key, n)}", "title": f"Back to citation {number} in the text"},
                )
                backlink.text = "\u21a9"


def _ref_id(key: str, occurrence: int) -> str:
    return f"fnref:{key}" if occurrence == 1 else f"fnref{occurrence}:{key}"


def _repeated_in_a_row(citations: list[etree.Element], parents: dict[etree.Element, etree.Element]) -> Iterator[etree.Element]:
    """Citations followed, in the same paragraph, by a citation of the same sources with no
    other citation between: the later one stands for the run."""
    for citation, following in zip(citations, citations[1:]):
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


def _remove(element: etree.Element, parent: etree.Element) -> None:
    """Remove an element, keeping the text after it."""
    index = list(parent).index(element)
    if element.tail:
        if index:
            previous = parent[index - 1]
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
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
