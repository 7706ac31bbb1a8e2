"""Input caps before any parser reads a page, and UTF-8 decoding with a position
(hooks/evidence/limits.py): issue #18."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from evidence.limits import (
    MAX_BRACKET_DEPTH,
    MAX_LINE_CHARS,
    MAX_NESTING,
    MAX_PAGE_BYTES,
    check_limits,
    decode_source,
)

ROOT = Path(__file__).resolve().parents[2]
PAGES = sorted((ROOT / "docs").glob("*.md"))


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_the_guides_pages_are_far_below_every_cap(page: Path) -> None:
    text = page.read_text(encoding="utf-8")
    assert check_limits(text, page.name) == []
    assert len(text.encode("utf-8")) * 10 < MAX_PAGE_BYTES
    assert max(len(line) for line in text.split("\n")) * 5 < MAX_LINE_CHARS


def rules(text: str) -> list[tuple[str, int, int]]:
    return [(f.rule, f.line, f.column) for f in check_limits(text, "x.md")]


def test_page_size() -> None:
    assert rules("a\n" * (MAX_PAGE_BYTES // 2)) == []
    assert ("LIM001", 1, 1) in rules("a\n" * (MAX_PAGE_BYTES // 2 + 1))


def test_line_length_reports_the_first_long_line_and_how_many() -> None:
    long = "a" * (MAX_LINE_CHARS + 1)
    found = check_limits(f"ok\n{long}\nok\n{long}\n", "x.md")
    assert [(f.rule, f.line, f.column) for f in found] == [("LIM002", 2, MAX_LINE_CHARS + 1)]
    assert "2 lines in all" in found[0].message
    assert rules("a" * MAX_LINE_CHARS) == []


def test_bracket_depth() -> None:
    ok = "[" * MAX_BRACKET_DEPTH + "x" + "]" * MAX_BRACKET_DEPTH
    assert rules(ok) == []
    assert rules("Text\n" + "(" * (MAX_BRACKET_DEPTH + 1) + ")") == [("LIM003", 2, MAX_BRACKET_DEPTH + 1)]
    assert rules("\\[" * 100) == []  # escaped brackets do not nest
    assert rules("\\\\[" * (MAX_BRACKET_DEPTH + 1)) == [("LIM003", 1, 3 * (MAX_BRACKET_DEPTH + 1))]  # an escaped \\
    # Brackets stay open across the lines of a paragraph, not across paragraphs.
    assert rules("[" * 20 + "\n" + "[" * 20) == [("LIM003", 2, MAX_BRACKET_DEPTH - 20 + 1)]
    assert rules("[" * 20 + "\n\n" + "[" * 20) == []


def test_a_100_kb_bracket_line_is_reported_fast() -> None:
    start = time.perf_counter()
    found = rules("[" * 50_000 + "x" + "]" * 50_000)
    assert ("LIM003", 1, MAX_BRACKET_DEPTH + 1) in found
    assert time.perf_counter() - start < 1


@pytest.mark.parametrize(
    "text",
    [
        "".join("    " * i + "- x\n" for i in range(MAX_NESTING + 1)),
        "- " * (MAX_NESTING + 1) + "x\n",
        "> " * (MAX_NESTING + 1) + "x\n",
        "> - " * 7 + "x\n",
        "1. " * (MAX_NESTING + 1) + "x\n",
    ],
)
def test_nesting(text: str) -> None:
    assert [r for r, _, _ in rules(text)] == ["LIM004"]


def test_nesting_under_the_cap_and_horizontal_rules() -> None:
    assert rules("".join("    " * i + "- x\n" for i in range(MAX_NESTING))) == []
    assert rules("---\n***\n- - -\n") == []


def test_utf8_is_decoded_and_a_bom_dropped() -> None:
    assert decode_source("Café\n".encode(), "x.md") == ("Café\n", [])
    assert decode_source(b"\xef\xbb\xbfText", "x.md") == ("Text", [])


def test_non_utf8_names_line_and_column_of_the_first_bad_byte() -> None:
    text, findings = decode_source("one\ntwo é\nCafé".encode() + b"\n\xe9t\xe9", "refs.bib")
    assert text is None
    assert [(f.rule, f.path, f.line, f.column, f.text) for f in findings] == [("ENC001", "refs.bib", 4, 1, "0xE9")]
    _, findings = decode_source("x\nCafé au lait".encode("latin-1"), "x.md")
    assert [(f.line, f.column) for f in findings] == [(2, 4)]
