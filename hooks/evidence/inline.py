"""Inline Markdown scanning: what in a block of text is not prose (code spans, HTML comments and
tags, link targets, images, footnote references, attribute lists), kept with its offsets so that
sentences, citations and suppressions keep their exact line and column."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Region:
    start: int
    end: int
    kind: str  # code, comment, html, target, image, footnote, attr


def _match_code_span(text: str, start: int) -> int:
    """End of the code span opening at `start` (a backtick run), or -1 (CommonMark rules)."""
    run = 0
    while start + run < len(text) and text[start + run] == "`":
        run += 1
    i = start + run
    while True:
        j = text.find("`" * run, i)
        if j < 0:
            return -1
        k = j + run
        if (k < len(text) and text[k] == "`") or text[j - 1] == "`":
            i = j
            while i < len(text) and text[i] == "`":
                i += 1
            continue
        return k


def _match_bracket(text: str, start: int, open_: str, close: str) -> int:
    depth = 0
    i = start
    while i < len(text):
        c = text[i]
        if c == "\\":
            i += 2
            continue
        if c == open_:
            depth += 1
        elif c == close:
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return -1


HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
AUTOLINK = re.compile(r"<(?:https?|mailto|ftp):[^<>\s]*>")
ATTR_LIST = re.compile(
    r"\{:?\s*(?:[#.][\w-]+|[\w-]+=(?:\"[^\"]*\"|'[^']*'|\S+))(?:\s+(?:[#.][\w-]+|[\w-]+=(?:\"[^\"]*\"|'[^']*'|\S+)))*\s*\}"
)


# Where a region can start; the scanner jumps from one to the next instead of reading every character.
REGION_START = re.compile(r"[\\`<{]|!\[|\[\^|\]\(")


def scan_inline(text: str) -> list[Region]:
    """Mark the parts of an inline Markdown source that are not prose."""
    regions: list[Region] = []
    i = 0
    n = len(text)
    while i < n:
        found = REGION_START.search(text, i)
        if found is None:
            break
        i = found.start()
        c = text[i]
        if c == "\\":
            i += 2
            continue
        if c == "`":
            end = _match_code_span(text, i)
            if end > 0:
                regions.append(Region(i, end, "code"))
                i = end
                continue
            while i < n and text[i] == "`":
                i += 1
            continue
        if text.startswith("<!--", i):
            end = text.find("-->", i + 4)
            end = n if end < 0 else end + 3
            regions.append(Region(i, end, "comment"))
            i = end
            continue
        if c == "<":
            m = AUTOLINK.match(text, i) or HTML_TAG.match(text, i)
            if m:
                regions.append(Region(i, m.end(), "html"))
                i = m.end()
                continue
        if c == "!" and text.startswith("![", i):
            end = _match_bracket(text, i + 1, "[", "]")
            if end > 0 and end < n and text[end] == "(":
                close = _match_bracket(text, end, "(", ")")
                if close > 0:
                    regions.append(Region(i, close, "image"))
                    i = close
                    continue
        if c == "[" and text.startswith("[^", i):
            end = text.find("]", i)
            if end > 0:
                regions.append(Region(i, end + 1, "footnote"))
                i = end + 1
                continue
        if c == "]" and i + 1 < n and text[i + 1] == "(":
            close = _match_bracket(text, i + 1, "(", ")")
            if close > 0:
                regions.append(Region(i + 1, close, "target"))
                i = close
                continue
        if c == "{":
            m = ATTR_LIST.match(text, i)
            if m:
                regions.append(Region(i, m.end(), "attr"))
                i = m.end()
                continue
        i += 1
    return regions


def mask_regions(text: str, regions: list[Region]) -> str:
    if not regions:
        return text
    chars = list(text)
    for r in regions:
        for k in range(r.start, r.end):
            if chars[k] != "\n":
                chars[k] = " "
    return "".join(chars)
