"""Citation blocks in prose, checked against the bibliography.

A citation is `[@key]` or `[@key1; @key2]`. Anything else in brackets that mkdocs-bibtex would
still take for a citation (a prefix, a locator, a bad key) is reported rather than left for the
plugin to render half-way or drop.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Collection

from .bibliography import KEY
from .document import CITATION_BLOCK, Citation
from .findings import Finding

ITEM = re.compile(r"^\s*@([^\s,;]*)\s*(?:,\s*(.*))?$")


def citation_keys(citation: Citation) -> list[str]:
    """The well-formed keys in a citation block (what the reader sees numbered)."""
    keys = []
    for item in citation.raw[1:-1].split(";"):
        m = ITEM.match(item)
        if m and KEY.match(m.group(1)):
            keys.append(m.group(1))
    return keys


def cited_keys(raw: str, known: Collection[str]) -> list[str] | None:
    """The keys of a citation block `[@a; @b]` as the reader sees them numbered, or None unless
    every item is a known `@key` (a locator is allowed: the checks report it as CIT004)."""
    keys = []
    for item in raw[1:-1].split(";"):
        m = ITEM.match(item)
        if not m or not KEY.match(m.group(1)) or m.group(1) not in known:
            return None
        keys.append(m.group(1))
    return list(dict.fromkeys(keys))


def check_citation(citation: Citation, path: str, known: Collection[str]) -> list[Finding]:
    """Findings for one citation block; `known` holds the bibliography's keys (a set or dict keys)."""
    out: list[Finding] = []

    def finding(rule: str, message: str) -> None:
        out.append(Finding(rule, path, citation.line, citation.column, citation.raw, message))

    for item in citation.raw[1:-1].split(";"):
        m = ITEM.match(item)
        if not item.strip() or (m and not m.group(1)):
            finding("CIT003", "empty citation")
            continue
        if not m:
            finding("CIT002", f"'{item.strip()}' is not @key (no words before the @)")
            continue
        key, locator = m.group(1), m.group(2)
        if not KEY.match(key):
            finding("CIT002", f"key '{key}' has characters other than letters, digits, _ and -")
        elif key not in known:
            finding("CIT001", f"unknown citation key '{key}'")
        if locator is not None:
            finding("CIT004", f"locator '{locator.strip()}' would be dropped by the AMA style")
    if citation.in_heading:
        finding("CIT009", "citation in a heading")
    return out


# ---------------------------------------------------------------------------------------------
# Citations that build but come out wrong (issue #18, the review's C04-C09): found in the page's
# raw Markdown, with code (fenced blocks, code spans), HTML comments and front matter blanked
# first so that examples of the syntax are not reported.

CITATION_START = re.compile(r"(?<!\\)\[\s*@[\w-]")
NESTED_CITATION = re.compile(r"\[[ \t]*\[\s*@[\w-][^\[\]\n]*\][ \t]*\]")
NEWLINE = re.compile(r"\n")
FOOTNOTE_LABEL = re.compile(r"\[\^([^\]\s]+)\]")
FENCE = re.compile(r"^[ \t>]*(`{3,}|~{3,})")
CODE_SPAN = re.compile(r"(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.S)
COMMENT = re.compile(r"<!--.*?(?:-->|$)", re.S)


def _blank(text: str, start: int, end: int) -> str:
    """The text with [start, end) replaced by spaces, newlines kept (positions do not move)."""
    return text[:start] + "".join("\n" if c == "\n" else " " for c in text[start:end]) + text[end:]


def _prose_only(text: str) -> str:
    lines = text.split("\n")
    if lines and lines[0].strip() == "---":
        for i in range(1, len(lines)):
            if lines[i].strip() in ("---", "..."):
                lines[: i + 1] = [""] * (i + 1)
                break
    fence: str | None = None
    for i, line in enumerate(lines):
        m = FENCE.match(line)
        if fence is None and m:
            fence = m.group(1)
            lines[i] = ""
        elif fence is not None:
            if (
                m
                and m.group(1)[0] == fence[0]
                and len(m.group(1)) >= len(fence)
                and not line.strip(" \t>")[len(m.group(1)) :].strip()
            ):
                fence = None
            lines[i] = ""
    text = "\n".join(lines)
    for pattern in (COMMENT, CODE_SPAN):
        for m in reversed(list(pattern.finditer(text))):
            text = _blank(text, m.start(), m.end())
    return text


def check_citation_syntax(text: str, path: str, keys: Collection[str] = ()) -> list[Finding]:
    """CIT005 an unterminated `[@key`, CIT006 `[[@key]]`, CIT007 a citation inside link text or
    an image's alt text, CIT008 a footnote `[^key]` named like a bibliography key (`keys`):
    mkdocs-bibtex would replace that footnote's text with the reference."""
    prose = _prose_only(text)
    starts = [0] + [m.end() for m in NEWLINE.finditer(prose)]  # found in C, not a loop over each character

    def position(offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(starts, offset)
        return line, offset - starts[line - 1] + 1

    out: list[Finding] = []

    def finding(rule: str, offset: int, raw: str, message: str) -> None:
        out.append(Finding(rule, path, *position(offset), raw, message))

    nested = [(m.start(), m.end()) for m in NESTED_CITATION.finditer(prose)]
    for start, end in nested:
        finding("CIT006", start, prose[start:end], "a citation in two pairs of brackets keeps the outer pair as text")
    for m in CITATION_START.finditer(prose):
        end = _citation_end(prose, m.start())
        if end < 0:
            raw = prose[m.start() :].split("\n", 1)[0]
            finding("CIT005", m.start(), raw, "a citation without its closing ] is published as raw text")
    for offset, raw, kind in _citations_in_links(prose):
        if any(a <= offset < b for a, b in nested):
            continue
        finding("CIT007", offset, raw, f"a citation inside {kind} breaks the page's HTML")
    known = set(keys)
    if known:
        for m in FOOTNOTE_LABEL.finditer(prose):
            if m.group(1) in known:
                finding(
                    "CIT008",
                    m.start(),
                    m.group(0),
                    f"footnote '{m.group(1)}' has the name of the reference '{m.group(1)}'",
                )
    return out


def _citation_end(text: str, start: int) -> int:
    """Offset of the `]` closing the citation opening at `start`; -1 when a `[`, a blank line or
    the end of the text comes first."""
    i = start + 1
    while i < len(text):
        c = text[i]
        if c == "\\":
            i += 2
            continue
        if c == "]":
            return i
        if c == "[":
            return -1
        if c == "\n":
            following = text.find("\n", i + 1)
            if not text[i + 1 : following if following >= 0 else len(text)].strip():
                return -1
        i += 1
    return -1


# What _citations_in_links reads: an escape (a backslash and the character after it, skipped),
# a blank line, a bracket. Found by the regex engine, not a loop over each character of the page.
BRACKET_EVENT = re.compile(r"\\.|\n\n|[\[\]]", re.S)


def _citations_in_links(text: str) -> list[tuple[int, str, str]]:
    """(offset, citation, 'link text' or 'an image's alt text') for each citation block inside
    brackets that are followed by ( or [ (a link, an image, a reference link)."""
    out: list[tuple[int, str, str]] = []
    stack: list[int] = []
    for token in BRACKET_EVENT.finditer(text):
        c, i = token.group(), token.start()
        if c == "\n\n":
            stack.clear()  # a blank line ends the paragraph
        elif c == "[":
            stack.append(i)
        elif c == "]" and stack:
            opened = stack.pop()
            follower = text[i + 1] if i + 1 < len(text) else ""
            if follower and follower in "([":
                inner = text[opened + 1 : i]
                for m in CITATION_BLOCK.finditer(inner):
                    kind = "an image's alt text" if opened > 0 and text[opened - 1] == "!" else "link text"
                    out.append((opened + 1 + m.start(), m.group(0), kind))
    return out
