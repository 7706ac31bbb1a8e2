"""The bibliography's rules (BIB) and the citation rules (CIT) on small inputs."""

from __future__ import annotations

import pytest

from evidence.bibliography import parse_bibliography
from evidence.citations import check_citation, citation_keys
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
