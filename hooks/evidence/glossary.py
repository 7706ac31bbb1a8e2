"""The glossary page's definition list -> hover definitions for every other page.

One source of truth: the terms and definitions are written once, in docs/glossary.md, and the
build hands them to Python-Markdown's `abbr` extension, which shows the definition as a tooltip
where the term appears; FirstUseExtension keeps that on a page's first use of each term only,
as a style guide defines a term once (every use carried the whole definition: 91 of them,
12 KB, on the runner's knee chapter).
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from dataclasses import dataclass

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from .citation_markup import unwrap
from .document import block_tokens
from .frontmatter import parse_front_matter
from .sentences import plain


@dataclass(frozen=True, slots=True)
class Term:
    term: str
    definition: str


def glossary_terms(text: str) -> list[Term]:
    """Every term of the page's definition lists, with its definition as plain text."""
    tokens = block_tokens(text, parse_front_matter(text).end_line)
    terms: list[Term] = []
    term: str | None = None
    parts: list[str] = []
    where = ""
    for token in tokens:
        if token.type in ("dt_open", "dd_open"):
            where = token.type
        elif token.type == "inline" and where == "dt_open":
            if term and parts:
                terms.append(Term(term, " ".join(parts)))
            term, parts = plain(token.content), []
        elif token.type == "inline" and where == "dd_open":
            parts.append(plain(token.content))
        elif token.type == "dl_close":
            if term and parts:
                terms.append(Term(term, " ".join(parts)))
            term, parts, where = None, [], ""
    return terms


def forms(term: str) -> list[str]:
    """The spellings of a term to mark in prose: as written, lower case, and a plural."""
    if term.isupper():  # an acronym: NSAID, RICE, COMP
        return [term, term + "s"]
    lower = term[0].lower() + term[1:] if not term[:2].isupper() else term
    out = [term, lower]
    if not term.endswith(("s", "y")) and " " not in term:
        out += [term + "s", lower + "s"]
    return list(dict.fromkeys(out))


def definitions(terms: list[Term]) -> dict[str, str]:
    """Every form of every term -> its definition, for the abbr extension's `glossary` option."""
    return {form: item.definition for item in terms for form in forms(item.term)}


class _FirstUse(Treeprocessor):
    """After `abbr` has marked every use of a term: keep the first one, unwrap the rest."""

    def run(self, root: etree.Element) -> None:
        seen: set[tuple[str, str]] = set()
        repeats = []
        for element in root.iter("abbr"):
            key = ((element.text or "").casefold().removesuffix("s"), element.get("title", ""))
            if key in seen:
                repeats.append(element)
            seen.add(key)
        if not repeats:
            return  # most pages: nothing to unwrap, so no map of parents to build
        parents = {child: parent for parent in root.iter() for child in parent}
        for element in repeats:
            unwrap(element, parents[element])


class FirstUseExtension(Extension):
    """Registers _FirstUse right after `abbr` (priority 7), before the table of contents."""

    def extendMarkdown(self, md: Markdown) -> None:
        md.treeprocessors.register(_FirstUse(md), "glossary_first_use", 6.9)
