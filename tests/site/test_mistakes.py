"""What only a full build shows: the rules reach `mkdocs build --strict`.

Each rule is tested on its own fixture, in milliseconds, through the checks' entry point
(tests/unit/test_rule_fixtures.py). These few builds of a broken copy of the guide prove the
wiring: a bibliography that cannot be read stops the build; an uncited claim fails the strict
build with its file and line and is summarized at the end; a citation left in the rendered page
is OUT001; a hostile page is stopped before any page is rendered; and mkdocs.yml's rules
setting reaches the build.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from conftest import ROOT, mkdocs_build

CHAPTER = "docs/treatment.md"


def append(project: Path, relative: str, text: str) -> int:
    """Append text to a file; return the line number its first line lands on."""
    path = project / relative
    current = path.read_text(encoding="utf-8")
    if not current.endswith("\n"):
        current += "\n"
    path.write_text(current + "\n" + text, encoding="utf-8")
    return current.count("\n") + 2


def test_a_bibliography_that_cannot_be_read_stops_the_build(project: Path, tmp_path: Path) -> None:
    line = append(project, "references.bib", "@article{broken2020,\n  title = {Unclosed,\n")
    build = mkdocs_build(project, tmp_path / "site")
    assert not build.ok
    assert re.search(r"references\.bib:\d+:\d+: BIB001\b", build.log), build.log
    assert "cannot be read" in build.log and line > 1


def test_an_uncited_claim_fails_the_strict_build_with_its_file_and_line(project: Path, tmp_path: Path) -> None:
    line = (
        append(
            project,
            CHAPTER,
            "Knee pain is common [@smith2018incidence].\nIce cures knee pain in a week.\n\nKnees hurt [@nosuchkey2020].\n",
        )
        + 1
    )
    build = mkdocs_build(project, tmp_path / "site")
    assert not build.ok, build.log
    assert re.search(rf"{re.escape(CHAPTER)}:{line}:1: CLM001\b", build.log), build.log
    assert re.search(rf"{re.escape(CHAPTER)}:{line + 2}:\d+: CIT001\b.*nosuchkey2020", build.log), build.log
    summary = build.log.split("Summary of every ", 1)
    assert len(summary) == 2 and "CLM001" in summary[1] and "CIT001" in summary[1], build.log


def test_a_citation_left_in_the_rendered_page_is_out001(project: Path, tmp_path: Path) -> None:
    append(project, CHAPTER, '<div class="tip">Knee pain is common [@smith2018incidence].</div>\n')
    build = mkdocs_build(project, tmp_path / "site")
    assert not build.ok
    assert re.search(rf"{re.escape(CHAPTER)}:1:1: OUT001\b", build.log), build.log


def test_a_hostile_page_is_stopped_before_it_is_rendered(project: Path, tmp_path: Path) -> None:
    line = append(project, CHAPTER, "[" * 40 + "x" + "]" * 40 + "\n")
    build = mkdocs_build(project, tmp_path / "site")
    assert not build.ok
    assert "pages that cannot be built" in build.log
    assert re.search(rf"{re.escape(CHAPTER)}:{line}:33: LIM003\b", build.log), build.log


def test_mkdocs_yml_sets_a_rules_severity_for_the_build(project: Path, tmp_path: Path) -> None:
    """`extra.evidence.rules` reaches the build: an uncited claim made a notice no longer fails it."""
    if not (project / "passages").is_dir():  # every number in the guide is checked against them
        shutil.copytree(ROOT / "passages", project / "passages")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "  evidence:\n" in text
    config.write_text(
        text.replace("  evidence:\n", "  evidence:\n    rules:\n      CLM001: notice\n", 1), encoding="utf-8"
    )
    line = append(project, CHAPTER, "Ice cures knee pain in a week.\n")
    build = mkdocs_build(project, tmp_path / "site")
    assert build.ok, build.log
    assert f"{CHAPTER}:{line}:1: CLM001" not in build.log, "a notice is counted, not logged at INFO"
    ledger = (tmp_path / "site" / "claims" / "claims.json").read_text(encoding="utf-8")
    assert '"text":"Ice cures knee pain in a week."' in ledger and '"status":"uncited"' in ledger
