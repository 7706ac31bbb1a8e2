"""Each kind of mistake, made in a fresh copy of the guide, fails `mkdocs build --strict` with a
message that names the rule, the file and the line."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import mkdocs_build

CHAPTER = "docs/treatment.md"
ENTRY = """
@article{{{key},
  author = {{Doe, Jane}},
  title = {{A study of knees}},
  journal = {{Knee Journal}},
  year = {{2020}},
  {extra}
}}
"""


def append(project: Path, relative: str, text: str) -> int:
    """Append text to a file; return the line number its first line lands on."""
    path = project / relative
    current = path.read_text(encoding="utf-8")
    if not current.endswith("\n"):
        current += "\n"
    path.write_text(current + "\n" + text, encoding="utf-8")
    return current.count("\n") + 2


def replace_front_matter(project: Path, relative: str, front_matter: str) -> int:
    path = project / relative
    body = path.read_text(encoding="utf-8").split("---", 2)[2]
    path.write_text(f"---\n{front_matter}\n---{body}", encoding="utf-8")
    return 2


def cited_entry(project: Path, key: str, extra: str) -> int:
    append(project, CHAPTER, f"Knees are joints [@{key}].\n")
    return append(project, "references.bib", ENTRY.format(key=key, extra=extra)) + 1


@dataclass
class Mistake:
    name: str
    rule: str
    file: str
    make: Callable[[Path], int]  # makes the mistake; returns the line the message must name


MISTAKES = [
    # Citations and bibliography
    Mistake("unknown key", "CIT001", CHAPTER, lambda p: append(p, CHAPTER, "Knees hurt [@nosuchkey2020].\n")),
    Mistake("key with a colon", "CIT002", CHAPTER, lambda p: append(p, CHAPTER, "Knees hurt [@smith:2018].\n")),
    Mistake("empty citation", "CIT003", CHAPTER, lambda p: append(p, CHAPTER, "Knees hurt [@].\n")),
    Mistake("locator", "CIT004", CHAPTER, lambda p: append(p, CHAPTER, "Knees hurt [@smith2018incidence, p. 3].\n")),
    Mistake("malformed BibTeX", "BIB001", "references.bib", lambda p: append(p, "references.bib", "@article{broken2020,\n  title = {Unclosed,\n")),
    Mistake("duplicate key", "BIB002", "references.bib", lambda p: append(p, "references.bib", ENTRY.format(key="smith2018incidence", extra="doi = {10.1000/x1}")) + 1),
    Mistake("duplicate DOI", "BIB003", "references.bib", lambda p: cited_entry(p, "doe2020dup", "doi = {10.1371/journal.pone.0190892}, evidence = {cohort}")),
    Mistake("missing field", "BIB004", "references.bib", lambda p: append(p, CHAPTER, "Knees are joints [@doe2020nojournal].\n") and append(p, "references.bib", "@article{doe2020nojournal,\n  author = {Doe, Jane},\n  title = {T},\n  year = {2020},\n  doi = {10.1000/x2},\n  evidence = {cohort}\n}\n")),
    Mistake("no identifier", "BIB005", "references.bib", lambda p: cited_entry(p, "doe2020noid", "evidence = {cohort}")),
    Mistake("malformed DOI", "BIB006", "references.bib", lambda p: cited_entry(p, "doe2020baddoi", "doi = {https://doi.org/10.1000/x3}, evidence = {cohort}")),
    Mistake("unknown evidence type", "BIB007", "references.bib", lambda p: cited_entry(p, "doe2020badtype", "doi = {10.1000/x4}, evidence = {anecdote}")),
    Mistake("unused entry", "BIB008", "references.bib", lambda p: append(p, "references.bib", ENTRY.format(key="doe2020unused", extra="doi = {10.1000/x5}, evidence = {cohort}")) + 1),
    # Uncited claims in every construct
    Mistake("paragraph", "CLM001", CHAPTER, lambda p: append(p, CHAPTER, "Ice cures knee pain in a week.\n")),
    Mistake("second sentence", "CLM001", CHAPTER, lambda p: append(p, CHAPTER, "Knee pain is common [@smith2018incidence].\nIce cures knee pain in a week.\n") + 1),
    Mistake("list item", "CLM001", CHAPTER, lambda p: append(p, CHAPTER, "- Ice cures knee pain in a week.\n")),
    Mistake("table cell", "CLM001", CHAPTER, lambda p: append(p, CHAPTER, "| Claim | Verdict |\n| --- | --- |\n| Ice cures knee pain in a week. | Yes |\n") + 2),
    Mistake("admonition", "CLM001", CHAPTER, lambda p: append(p, CHAPTER, '!!! note "Note"\n    Ice cures knee pain in a week.\n') + 1),
    Mistake("collapsible block", "CLM001", CHAPTER, lambda p: append(p, CHAPTER, '??? info "More"\n    Ice cures knee pain in a week.\n') + 1),
    Mistake("tab", "CLM001", CHAPTER, lambda p: append(p, CHAPTER, '=== "One"\n\n    Ice cures knee pain in a week.\n') + 2),
    Mistake("blockquote", "CLM001", CHAPTER, lambda p: append(p, CHAPTER, "> Ice cures knee pain in a week.\n")),
    Mistake("footnote", "CLM001", CHAPTER, lambda p: append(p, CHAPTER, "See the note.[^n]\n\n[^n]: Ice cures knee pain in a week.\n") + 2),
    Mistake("definition", "CLM001", CHAPTER, lambda p: append(p, CHAPTER, "Ice\n:   Ice cures knee pain in a week.\n") + 1),
    Mistake("citation hidden in code", "CLM001", CHAPTER, lambda p: append(p, CHAPTER, "Ice cures knee pain in a week `[@smith2018incidence]`.\n")),
    Mistake("citation hidden in a comment", "CLM001", CHAPTER, lambda p: append(p, CHAPTER, "Ice cures knee pain in a week <!-- [@smith2018incidence] -->.\n")),
    Mistake("suppression without reason", "CLM003", CHAPTER, lambda p: append(p, CHAPTER, "<!-- claims: ignore -->\nIce cures knee pain in a week.\n")),
    # Front matter
    Mistake("YAML that does not parse", "FM001", CHAPTER, lambda p: replace_front_matter(p, CHAPTER, "title: Treatment\ndescription: [unclosed\nreviewed: 2026-01-01") + 2),
    Mistake("missing description", "FM002", CHAPTER, lambda p: replace_front_matter(p, CHAPTER, "title: Treatment\nreviewed: 2026-01-01") - 1),
    Mistake("review date in the future", "FM003", CHAPTER, lambda p: replace_front_matter(p, CHAPTER, "title: Treatment\ndescription: x\nreviewed: 2999-01-01") + 2),
    Mistake("unknown key", "FM004", CHAPTER, lambda p: replace_front_matter(p, CHAPTER, "title: Treatment\ndescription: x\nreviewed: 2026-01-01\nreviewd: 2026-01-01") + 3),
    # Raw HTML and links
    Mistake("script", "HTML001", CHAPTER, lambda p: append(p, CHAPTER, "<script>alert(1)</script>\n")),
    Mistake("event handler", "HTML002", CHAPTER, lambda p: append(p, CHAPTER, '<div onclick="alert(1)">x</div>\n')),
    Mistake("javascript URL", "HTML003", CHAPTER, lambda p: append(p, CHAPTER, '<a href="javascript:alert(1)">x</a>\n')),
    Mistake("plain http link", "LNK001", CHAPTER, lambda p: append(p, CHAPTER, "Read [the guideline](http://example.org/x) [@willy2019patellofemoral].\n")),
    Mistake("link to a missing page", "LNK002", CHAPTER, lambda p: append(p, CHAPTER, "Read [more](no-such-page.md) [@willy2019patellofemoral].\n")),
    Mistake("missing image", "LNK002", CHAPTER, lambda p: append(p, CHAPTER, "![A knee](assets/images/no-such-image.svg)\n")),
]


@pytest.mark.parametrize("mistake", MISTAKES, ids=[f"{m.rule}-{m.name}" for m in MISTAKES])
def test_mistake_fails_the_strict_build_naming_file_and_line(mistake: Mistake, project: Path, tmp_path: Path) -> None:
    line = mistake.make(project)
    build = mkdocs_build(project, tmp_path / "site")
    assert not build.ok, f"{mistake.name}: the strict build passed\n{build.log}"
    pattern = rf"{re.escape(mistake.file)}:{line}:\d+: {mistake.rule}\b"
    assert re.search(pattern, build.log), f"expected {mistake.file}:{line} {mistake.rule} in:\n{build.log}"


def test_findings_from_every_check_are_summarized_once_at_the_end(project: Path, tmp_path: Path) -> None:
    append(project, CHAPTER, "Ice cures knee pain in a week.\n\nKnees hurt [@nosuchkey2020].\n")
    build = mkdocs_build(project, tmp_path / "site")
    summary = build.log.split("Summary of every finding", 1)
    assert len(summary) == 2, build.log
    assert "CLM001" in summary[1] and "CIT001" in summary[1]


def test_missing_bibliography_key_does_not_vanish_silently(project: Path, tmp_path: Path) -> None:
    """mkdocs-bibtex alone drops an unknown key from the sentence with a bare warning."""
    line = append(project, CHAPTER, "Knees hurt [@nosuchkey2020].\n")
    build = mkdocs_build(project, tmp_path / "site")
    assert f"{CHAPTER}:{line}:" in build.log and "nosuchkey2020" in build.log
