"""Each rule on a fixture of its own, through the checks' entry point, as ruff tests its rules.

tests/fixtures/rules/<RULE>.md is a small page that breaks the rule (and shows what does not);
<RULE>.bib, when there, is the bibliography instead of references.bib beside it; <RULE>.passages/,
when there, is its passages folder. The page goes through what `hooks/check.py` does (read_page,
then analyze) and every finding, notices too, must be the text in <RULE>.txt, line for line.
After a deliberate change of a message, rewrite the expected files and review their diff:

    UPDATE_RULE_FIXTURES=1 .venv/bin/python -m pytest tests/unit/test_rule_fixtures.py

The whole set runs in well under a second; tests/site/test_mistakes.py keeps the few full builds.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from evidence.analysis import analyze, read_page
from evidence.bibliography import parse_bibliography_bytes
from evidence.findings import RULES, format_text, sort_key
from evidence.passages import load_passages

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "rules"
TODAY = dt.date(2026, 11, 30)  # FM003 (a future date) and FM005 (over twelve months) depend on it
# The files a page's relative links may point at (LNK002).
FILES = {"index.md", "treatment.md", "images/knee.svg"}
# Rules a fixture of this kind cannot show: a page over 1 MB (LIM001) or a line of 10,000
# characters (LIM002) would be a large file to keep (tests/unit/test_limits.py and
# test_rule_messages.py check them); STA, HTML004, NAV and OUT need the docs folder, the rendered
# page or mkdocs.yml (tests/unit/test_static_files.py, test_sanitize.py, tests/test_contributing.py
# and tests/site/test_mistakes.py).
ELSEWHERE = {"LIM001", "LIM002", "STA001", "STA002", "HTML004", "NAV001", "NAV002", "OUT001"}
CASES = sorted(p.stem for p in FIXTURES.glob("*.md"))


def findings(rule: str) -> str:
    bib = FIXTURES / f"{rule}.bib"
    if not bib.is_file():
        bib = FIXTURES / "references.bib"
    bibliography = parse_bibliography_bytes(bib.read_bytes(), "references.bib")
    path = f"docs/{rule}.md"
    text, blocked = read_page((FIXTURES / f"{rule}.md").read_bytes(), path)
    sources = [] if text is None else [(f"{rule}.md", path, text)]
    folder = FIXTURES / f"{rule}.passages"
    passages = load_passages(folder, FIXTURES, bibliography.references) if folder.is_dir() else None
    # Only a fixture's own bibliography is the whole site's: BIB008 reports its uncited entries.
    whole = (FIXTURES / f"{rule}.bib").is_file()
    report = analyze(
        sources, bibliography, today=TODAY, whole_site=whole, files=FILES | {f"{rule}.md"}, passages=passages
    )
    return format_text(sorted(report.findings + blocked, key=sort_key)) + "\n"


def test_every_rule_has_a_fixture_or_is_tested_elsewhere() -> None:
    assert set(CASES) | ELSEWHERE == set(RULES), set(RULES) - set(CASES) - ELSEWHERE


@pytest.mark.parametrize("rule", CASES)
def test_rule_fixture(rule: str) -> None:
    actual = findings(rule)
    expected_file = FIXTURES / f"{rule}.txt"
    if os.environ.get("UPDATE_RULE_FIXTURES"):
        expected_file.write_text(actual, encoding="utf-8")
    assert f": {rule} " in actual, f"{rule}.md does not break {rule}:\n{actual}"
    expected = expected_file.read_text(encoding="utf-8") if expected_file.is_file() else ""
    assert actual == expected, (
        f"the findings of {rule}.md changed; if on purpose, run with UPDATE_RULE_FIXTURES=1\n{actual}"
    )
