"""Markdown -> sentences with positions: every construct that holds prose, nothing that doesn't."""

from __future__ import annotations

from evidence.document import parse_document
from evidence.frontmatter import parse_front_matter

DOC = """---
title: T
description: D
reviewed: 2026-01-01
---

# A heading with a claim that is not checked

First sentence here [@a]. Second sentence without a citation.

- List item sentence [@b].

| Head one | Head two |
| --- | --- |
| Cell sentence here [@c] | x |

!!! note "Admonition title is not prose"
    Admonition sentence here.

??? info "Details"
    Details sentence here.

=== "Tab"

    Tab sentence here.

> Quote sentence here.

Term
:   Definition sentence here.

Footnote mark.[^1]

[^1]: Footnote sentence here.

`Inline code [@hidden] is not prose.` Text after code.

<!-- Comment [@hidden2] is not prose. -->

```
Fenced code [@hidden3] is not prose.
```
"""


def sentences() -> dict[str, tuple[int, int, str, list[str]]]:
    document = parse_document(DOC, "x.md")
    return {s.text: (s.line, s.column, s.construct, [c.raw for c in s.citations]) for s in document.sentences}


def line_of(text: str) -> int:
    return next(i for i, line in enumerate(DOC.split("\n"), 1) if text in line)


def test_every_prose_construct_is_read_with_its_line() -> None:
    found = sentences()
    assert found["First sentence here."] == (line_of("First sentence here"), 1, "paragraph", ["[@a]"])
    assert found["Second sentence without a citation."][:3] == (
        line_of("Second sentence without a citation"),
        27,
        "paragraph",
    )
    assert found["List item sentence."] == (line_of("List item sentence"), 3, "list-item", ["[@b]"])
    assert found["Cell sentence here"] == (line_of("Cell sentence here"), 3, "table-cell", ["[@c]"])
    assert found["Admonition sentence here."][:3] == (line_of("Admonition sentence here"), 5, "admonition")
    assert found["Details sentence here."][:3] == (line_of("Details sentence here"), 5, "admonition")
    assert found["Tab sentence here."][:3] == (line_of("Tab sentence here"), 5, "tab")
    assert found["Quote sentence here."][:3] == (line_of("Quote sentence here"), 3, "blockquote")
    assert found["Definition sentence here."][:3] == (line_of("Definition sentence here"), 5, "definition")
    assert found["Footnote sentence here."][:3] == (line_of("Footnote sentence here"), 7, "footnote")


def test_headings_titles_code_and_comments_are_not_prose() -> None:
    texts = " ".join(sentences())
    for absent in ("heading", "Admonition title", "Inline code", "Comment", "Fenced code", "Head one"):
        assert absent not in texts


def test_citations_in_code_and_comments_are_hidden() -> None:
    document = parse_document(DOC, "x.md")
    hidden = {c.raw for c in document.citations if c.hidden}
    visible = {c.raw for c in document.citations if not c.hidden}
    assert hidden == {"[@hidden]", "[@hidden2]"}
    assert visible == {"[@a]", "[@b]", "[@c]"}
    assert {40, 41, 42} <= document.code_lines


def test_a_citation_after_the_period_belongs_to_the_sentence_before() -> None:
    document = parse_document("One claim. [@a] Two claim.\n", "x.md")
    assert [(s.text, [c.raw for c in s.citations]) for s in document.sentences] == [
        ("One claim.", ["[@a]"]),
        ("Two claim.", []),
    ]


def test_suppression_applies_to_the_next_sentence_only() -> None:
    document = parse_document('<!-- evidence: ignore CLM001 "signpost" -->\nLet us begin. Knees bend.\n', "x.md")
    first, second = document.sentences
    assert first.suppression is not None and first.suppression.reason == "signpost"
    assert first.suppression.codes == ("CLM001",)
    assert second.suppression is None
    assert not document.unused_suppressions


def test_a_suppression_before_nothing_is_unused() -> None:
    document = parse_document('Knees bend.\n\n<!-- evidence: ignore CLM001 "x" -->\n', "x.md")
    assert len(document.unused_suppressions) == 1


def test_front_matter_errors_carry_their_line() -> None:
    fm = parse_front_matter("---\ntitle: ok\ndescription: [broken\nreviewed: 2026-01-01\n---\n")
    assert fm.error is not None and fm.error[0] == 4
    fm = parse_front_matter("---\ntitle: ok\nreviewed: 2026-01-01\n---\n")
    assert fm.lines == {"title": 2, "reviewed": 3} and fm.end_line == 4


def test_an_impossible_date_is_reported_not_raised() -> None:
    import datetime as dt

    from evidence.guardrails import check_front_matter

    document = parse_document("---\ntitle: T\ndescription: D\nreviewed: 2026-23-11\n---\n\nText.\n", "x.md")
    findings = check_front_matter(document, "x.md", dt.date(2026, 11, 23))
    assert [(f.rule, f.line) for f in findings] == [("FM003", 4)]


def test_two_suppressions_in_one_paragraph_each_suppress_the_sentence_after_them() -> None:
    text = (
        "---\ntitle: T\n---\n\n"
        '<!-- evidence: ignore CLM001 "step" --> Lift the leg. <!-- evidence: ignore CLM001 "step" --> Lower it slowly. Ice cures pain.\n'
    )
    document = parse_document(text, "t.md")
    suppressed = {s.text: s.suppression is not None for s in document.sentences}
    assert suppressed == {"Lift the leg.": True, "Lower it slowly.": True, "Ice cures pain.": False}
    assert document.unused_suppressions == []
