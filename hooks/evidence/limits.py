"""Fail fast on input that would make the build hang, crash or eat memory (issue #18).

Python-Markdown is quadratic on nested brackets (a 100 KB line of `[[[...]]]` ran for more than
300 s; 4,000 levels take 3 s) and recursive on nested lists and quotes (`RecursionError` after
a few hundred levels). These checks run on a page's source before Python-Markdown (or anything
else) reads it, and each says where the cap is first crossed, as a finding with its line.

The caps sit far above what the guide uses. Measured on docs/ in November 2026: the largest
page is 18.6 KB, the longest line 922 characters (a table row), the deepest bracket nesting 2
(a link inside brackets), lists nest 3 deep, quotes 1. Each cap leaves at least ten times that
room, and each is still far below where a build slows down.

`yaml_has_aliases` finds a YAML anchor or alias before anything expands it (FM006; the front
matter loader calls it; it lives here, with no import of the Markdown reader, so that
markdown.py can import it).

`decode_source` reads a file's bytes as UTF-8 and, when it cannot, names the line and column of
the first byte that is not UTF-8 (instead of a UnicodeDecodeError with no file).
"""

from __future__ import annotations

import re

import yaml

from .findings import Finding

# 1 MB: 50 times the largest page. A 20 MB page built in 60 s with 739 MB of memory.
MAX_PAGE_BYTES = 1_000_000
# 10,000 characters: 10 times the longest line (a table row). Long lines are fine on their
# own; the cap stops a single line from carrying a pathological payload.
MAX_LINE_CHARS = 10_000
# 32 open brackets ([ or () at once: 16 times the guide's deepest. 4,000 levels take 3 s.
MAX_BRACKET_DEPTH = 32
# 12 nested lists or quotes: 4 times the guide's deepest list. Python-Markdown recurses per level.
MAX_NESTING = 12

# One container marker at the start of a line: a quote's `>` or a list item's bullet or number.
CONTAINER_MARKER = re.compile(r"[ \t]*(?:>|[-*+](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$))")


def check_limits(text: str, path: str) -> list[Finding]:
    """LIM001 page size, LIM002 line length, LIM003 bracket depth, LIM004 list/quote nesting:
    at most one finding per rule, at the first line that crosses the cap."""
    out: list[Finding] = []
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > MAX_PAGE_BYTES:
        out.append(Finding("LIM001", path, 1, 1, "", f"the page is {size:,} bytes; the limit is {MAX_PAGE_BYTES:,}"))
    long_line = bracket = nesting = None
    long_lines = 0
    depth = 0  # brackets stay open across lines (a link text may wrap)
    for number, line in enumerate(text.split("\n"), start=1):
        if len(line) > MAX_LINE_CHARS:
            long_lines += 1
            if long_line is None:
                long_line = (number, len(line))
        if bracket is None:
            depth, column = _bracket_depth(line, depth)
            if column:
                bracket = (number, column)
        if nesting is None:
            level = _nesting(line)
            if level > MAX_NESTING:
                nesting = (number, level)
        if not line.strip():
            depth = 0  # a blank line ends a paragraph, and every bracket in it
    if long_line:
        more = f" ({long_lines} lines in all)" if long_lines > 1 else ""
        out.append(
            Finding(
                "LIM002",
                path,
                long_line[0],
                MAX_LINE_CHARS + 1,
                "",
                f"line is {long_line[1]:,} characters long; the limit is {MAX_LINE_CHARS:,}{more}",
            )
        )
    if bracket:
        out.append(
            Finding(
                "LIM003", path, bracket[0], bracket[1], "", f"more than {MAX_BRACKET_DEPTH} brackets are open at once"
            )
        )
    if nesting:
        out.append(
            Finding(
                "LIM004", path, nesting[0], 1, "", f"lists or quotes nest {nesting[1]} deep; the limit is {MAX_NESTING}"
            )
        )
    return out


# What can change the depth: a bracket, or an escape (a backslash and the character after it,
# skipped). Found by the regex engine, not a loop over each character: it reads every line.
BRACKET_OR_ESCAPE = re.compile(r"\\.|[\[\]()]", re.S)


def _bracket_depth(line: str, depth: int) -> tuple[int, int]:
    """The depth after the line, and the 1-based column where it first passed the cap (or 0)."""
    for m in BRACKET_OR_ESCAPE.finditer(line):
        c = m.group()
        if c in ("[", "("):
            depth += 1
            if depth > MAX_BRACKET_DEPTH:
                return depth, m.start() + 1
        elif c in ("]", ")") and depth:
            depth -= 1
    return depth, 0


def _nesting(line: str) -> int:
    """How many lists and quotes a line sits in, read from its leading markers and indentation
    (4 columns a level, as Python-Markdown reads lists)."""
    expanded = line.expandtabs(4)
    indent = len(expanded) - len(expanded.lstrip(" "))
    level, position = indent // 4, indent
    while True:
        m = CONTAINER_MARKER.match(expanded, position)
        if not m or m.end() == position:
            break
        level += 1
        position = m.end()
    return level


def decode_source(data: bytes, path: str) -> tuple[str | None, list[Finding]]:
    """(text, []) for UTF-8 (a leading byte-order mark dropped), else (None, [ENC001 at the
    first byte that is not UTF-8])."""
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as error:
        start = error.start
        line = data.count(b"\n", 0, start) + 1
        line_start = data.rfind(b"\n", 0, start) + 1
        # The column in characters: the valid UTF-8 before the bad byte on its line.
        column = len(data[line_start:start].decode("utf-8", "replace")) + 1
        byte = data[start : start + 1].hex().upper()
        message = f"the file is not UTF-8: byte 0x{byte} at line {line}, column {column} (byte {start + 1} of the file)"
        return None, [Finding("ENC001", path, line, column, f"0x{byte}", message)]


def yaml_has_aliases(text: str, first_line: int = 1) -> int | None:
    """The line of the first YAML anchor (&name) or alias (*name) in `text`, or None.

    Reads only yaml.parse's events, which never build or expand anything, so the front matter
    loader can call it on the raw YAML before yaml.compose or yaml.safe_load (an alias bomb
    expands there). `first_line` is the file line of the text's first line (2 for a front
    matter block, after its `---`). Malformed YAML returns None: the loader reports it (FM001).
    """
    try:
        for event in yaml.parse(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
            if (isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None)) and event.start_mark:
                return int(event.start_mark.line) + first_line
    except yaml.YAMLError:
        return None
    return None
