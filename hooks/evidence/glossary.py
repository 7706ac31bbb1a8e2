"""The glossary page's definition list -> hover definitions for every other page.

One source of truth: the terms and definitions are written once, in docs/glossary.md, and the
build hands them to Python-Markdown's `abbr` extension, which shows the definition as a tooltip
wherever the term appears.
"""

from __future__ import annotations

from dataclasses import dataclass

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
