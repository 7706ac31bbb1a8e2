"""The bibliography's rules (BIB) and the citation rules (CIT) on small inputs."""

from __future__ import annotations

import pytest

from evidence.bibliography import parse_bibliography, parse_bibliography_bytes
from evidence.citations import check_citation, check_citation_syntax, citation_keys
from evidence.document import Citation

GOOD = """@article{good2020,
  author = {Doe, Jane},
  title = {Knees},
  journal = {Knee J},
  year = {2020},
  doi = {10.1000/good},
  evidence = {cohort}
}
"""


def rules(text: str) -> list[tuple[str, int]]:
    return [(f.rule, f.line) for f in parse_bibliography(text, "refs.bib").findings]


def test_a_complete_entry_has_no_findings() -> None:
    bibliography = parse_bibliography(GOOD, "refs.bib")
    assert bibliography.findings == []
    assert bibliography.references["good2020"].line == 1


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("  title = {Knees},\n", ""), ("BIB004", 1)),
        (("  journal = {Knee J},\n", ""), ("BIB004", 1)),
        (("  doi = {10.1000/good},\n", ""), ("BIB005", 1)),
        (("10.1000/good", "https://doi.org/10.1000/good"), ("BIB006", 6)),
        (("{cohort}", "{hearsay}"), ("BIB007", 7)),
        (("  evidence = {cohort}\n", ""), ("BIB007", 1)),
        (("good2020,", "good:2020,"), ("BIB009", 1)),
    ],
)
def test_each_entry_rule(change: tuple[str, str], expected: tuple[str, int]) -> None:
    assert expected in rules(GOOD.replace(*change))


CROSSREF = """@book{book2019,
  editor = {Roe, Rita},
  title = {Running Medicine},
  publisher = {Knee Press},
  year = {2019},
  isbn = {9780000000002},
  evidence = {narrative-review}
}
@incollection{chapter2019,
  author = {Doe, Jane},
  title = {The Kneecap},
  crossref = {book2019},
  evidence = {narrative-review}
}
"""


def test_an_entry_inherits_what_it_lacks_from_its_crossref() -> None:
    # BibTeX and pandoc fill a chapter's year, publisher and identifier from the book it names;
    # the checks read the same fields (security review L03: a false BIB004 before).
    bibliography = parse_bibliography(CROSSREF, "refs.bib")
    assert bibliography.findings == []
    chapter = bibliography.references["chapter2019"]
    assert (chapter.field("year"), chapter.field("publisher"), chapter.field("title")) == (
        "2019",
        "Knee Press",
        "The Kneecap",
    )
    assert chapter.first_author == "Doe" and chapter.field("crossref") == "book2019"
    # without the parent, the same fields are missing
    orphan = CROSSREF.replace("crossref = {book2019}", "crossref = {nobook}")
    assert ("BIB004", 9) in rules(orphan) and ("BIB005", 9) in rules(orphan)


def test_syntax_error_names_the_entry_line() -> None:
    text = GOOD + "\n@article{bad2020,\n  title = {Unclosed,\n  year = {2020}\n}\n"
    assert rules(text) == [("BIB001", 10)]


def test_duplicate_key_and_doi() -> None:
    assert ("BIB002", 10) in rules(GOOD + "\n" + GOOD)
    # BIB003 points at the second entry's doi field (line 15), not the entry's first line.
    assert ("BIB003", 15) in rules(GOOD + "\n" + GOOD.replace("good2020", "other2020"))


def cit(raw: str, known: tuple[str, ...] = ("a", "b")) -> list[str]:
    return [f.rule for f in check_citation(Citation(raw, 3, 7), "x.md", known)]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("[@a]", []),
        ("[@a; @b]", []),
        ("[@zz]", ["CIT001"]),
        ("[@a:b]", ["CIT002"]),
        ("[see @a]", ["CIT002"]),
        ("[@]", ["CIT003"]),
        ("[@a, p. 3]", ["CIT004"]),
        ("[@a; ]", ["CIT003"]),
    ],
)
def test_citation_rules(raw: str, expected: list[str]) -> None:
    assert cit(raw) == expected


def test_citation_keys_of_a_block() -> None:
    assert citation_keys(Citation("[@a; @b-2]", 1, 1)) == ["a", "b-2"]


# ---------------------------------------------------------------------------------------------
# Issue #18 and #19: what the bibliography may hold, and where its messages point


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("{Knees}", "{\\href{javascript:alert(document.domain)}{the full text}}"), ("BIB010", 3)),
        (("{Knees}", "{\\url{https://example.org}}"), ("BIB010", 3)),
        (("{Knees}", "{See http://example.org}"), ("BIB010", 3)),
        (("{Knees}", "{data:text/html,<script>x</script>}"), ("BIB010", 3)),
        (("{Doe, Jane}", "{\\href{javascript:x}{Doe}, Jane}"), ("BIB010", 2)),
        (("  evidence", "  note = {javascript:alert(1)},\n  evidence"), ("BIB010", 7)),
        (("10.1000/good", '10.1000/a"b'), ("BIB006", 6)),
        (("10.1000/good", "10.1000/<b>"), ("BIB006", 6)),
        (("10.1000/good", "10.1000/a b"), ("BIB006", 6)),
        (("  evidence", '  url = {https://example.org" onclick="x},\n  evidence'), ("BIB006", 7)),
        (("  evidence", "  year2 = {x},\n  url = {http://example.org},\n  evidence"), ("BIB006", 8)),
    ],
)
def test_links_and_identifiers_that_could_publish_script(change: tuple[str, str], expected: tuple[str, int]) -> None:
    assert expected in rules(GOOD.replace(*change))


@pytest.mark.parametrize(
    "change",
    [
        ("{Knees}", "{Big data: a review}"),
        ("{Knees}", "{Knees \\& running at https://example.org}"),
        ("10.1000/good", "10.1016/S0140-6736(20)30925-9"),
        ("journal =", "journaltitle ="),
    ],
)
def test_plain_fields_zotero_journaltitle_and_real_dois_are_fine(change: tuple[str, str]) -> None:
    assert rules(GOOD.replace(*change)) == []


def test_keys_that_differ_only_in_case_are_duplicates_with_both_lines() -> None:
    findings = parse_bibliography(
        GOOD + "\n" + GOOD.replace("good2020", "Good2020").replace("/good", "/other"), "refs.bib"
    ).findings
    assert [(f.rule, f.line) for f in findings] == [("BIB002", 10)]
    assert "first at line 1 as 'good2020'" in findings[0].message


def test_a_missing_evidence_lists_the_allowed_values() -> None:
    findings = parse_bibliography(GOOD.replace("  evidence = {cohort}\n", ""), "refs.bib").findings
    assert [f.rule for f in findings] == ["BIB007"]
    assert "guideline, consensus, systematic-review" in findings[0].message


def test_fatal_problems_come_alone() -> None:
    syntax = parse_bibliography(GOOD + "\n@article{bad2020,\n  title = {Unclosed,\n}\n", "refs.bib")
    assert [f.rule for f in syntax.fatal] == ["BIB001"] and syntax.references == {}
    duplicate = parse_bibliography(GOOD + "\n" + GOOD, "refs.bib")
    assert [f.rule for f in duplicate.fatal] == ["BIB002"] and duplicate.findings == duplicate.fatal
    latin1 = parse_bibliography_bytes(GOOD.replace("Jane", "Jan\xe9").encode("latin-1"), "refs.bib")
    assert [(f.rule, f.line) for f in latin1.fatal] == [("ENC001", 2)] and latin1.findings == latin1.fatal
    assert parse_bibliography(GOOD, "refs.bib").fatal == []


# ---------------------------------------------------------------------------------------------
# Citations that build but come out wrong (CIT005-CIT008)

KEYS = {"a", "b", "smith2018"}


def syntax(text: str) -> list[tuple[str, int, int]]:
    return [(f.rule, f.line, f.column) for f in check_citation_syntax(text, "x.md", KEYS)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Knees hurt [@a.\n", [("CIT005", 1, 12)]),
        ("Knees hurt [@a\n\nNext [@b].\n", [("CIT005", 1, 12)]),
        ("Knees hurt [@a [@b].\n", [("CIT005", 1, 12)]),
        ("Knees hurt [[@a]].\n", [("CIT006", 1, 12)]),
        ("Knees hurt [ [@a; @b] ].\n", [("CIT006", 1, 12)]),
        ("See [the study [@a]](https://example.org).\n", [("CIT007", 1, 16)]),
        ("![A knee [@a]](knee.png)\n", [("CIT007", 1, 10)]),
        ("See [the study [@a]][ref].\n\n[ref]: https://example.org\n", [("CIT007", 1, 16)]),
        ("Mine[^smith2018].\n\n[^smith2018]: Note.\n", [("CIT008", 1, 5), ("CIT008", 3, 1)]),
        ("Fine [@a; @b]. And [a link](https://example.org) [@smith2018].\n", []),
        ("Mine[^note-1].\n\n[^note-1]: Note.\n", []),
        ("`[@a` and `[[@a]]` in code.\n", []),
        ("```\n[@a\n![x [@a]](y.png)\n```\n", []),
        ("    ```\n    [@a\n    ```\n", []),
        ("<!-- [@a -->\n", []),
        ('---\ntitle: "[@a"\n---\n\nText.\n', []),
        ("Escaped \\[@a and a bare @a.\n", []),
        # Escapes and blank lines as the link scan reads them (one regex, not a character loop).
        ("See \\[the study [@a]](https://example.org).\n", []),
        ("See [the study [@a]\\](https://example.org).\n", []),
        ("See [the\n\n[study [@a]](https://example.org).\n", [("CIT007", 3, 8)]),
        ("See [the\n\nstudy [@a]](https://example.org).\n", []),
        ("See \\\\[the study [@a]](https://example.org).\n", [("CIT007", 1, 18)]),
    ],
)
def test_citation_syntax(text: str, expected: list[tuple[str, int, int]]) -> None:
    assert syntax(text) == expected


def test_the_guides_pages_have_no_silent_citation_errors() -> None:
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    keys = set(parse_bibliography((root / "references.bib").read_text(encoding="utf-8"), "references.bib").references)
    for page in sorted((root / "docs").glob("*.md")):
        assert check_citation_syntax(page.read_text(encoding="utf-8"), page.name, keys) == [], page.name
