"""references.bib -> entries with their line numbers, and the bibliography's findings.

pybtex parses the file; a light scan of the source finds the line each entry starts on, since
pybtex keeps no positions.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path

from pybtex.database import BibliographyData, Entry
from pybtex.database.input import bibtex
from pybtex.scanner import PybtexSyntaxError

from .findings import Finding

EVIDENCE_TYPES = {
    "guideline": "Clinical practice guideline",
    "consensus": "Consensus statement",
    "systematic-review": "Systematic review",
    "meta-analysis": "Meta-analysis",
    "rct": "Randomized controlled trial",
    "cohort": "Cohort study",
    "case-control": "Case-control study",
    "cross-sectional": "Cross-sectional study",
    "case-series": "Case series",
    "pilot": "Pilot study",
    "laboratory": "Laboratory study",
    "narrative-review": "Narrative review",
    "editorial": "Editorial",
    "textbook": "Textbook",
    "news": "News report",
}
# Kinds of source too weak, alone, to carry "proves", "cures", "prevents" or "causes".
WEAK_EVIDENCE = {"pilot", "laboratory", "news", "editorial"}

KEY = re.compile(r"^[A-Za-z0-9_-]+$")
ENTRY_START = re.compile(r"^[ \t]*@[ \t]*(\w+)[ \t]*[{(][ \t]*([^,\s]*)", re.M)
DOI = re.compile(r"^10\.\d{4,9}/\S+$")
PMID = re.compile(r"^\d{1,9}$")
PMCID = re.compile(r"^PMC\d+$")
IDENTIFIERS = ("doi", "pmid", "pmcid", "url", "isbn")
CONTAINER_FIELDS = ("journal", "booktitle", "publisher", "institution", "organization")
NON_ENTRIES = {"comment", "preamble", "string"}


@dataclass(frozen=True, slots=True)
class Reference:
    key: str
    line: int
    entry: Entry

    def field(self, name: str) -> str:
        return str(self.entry.fields.get(name, "")).strip()

    @property
    def evidence(self) -> str:
        return self.field("evidence")

    @property
    def evidence_label(self) -> str:
        return EVIDENCE_TYPES.get(self.evidence, self.evidence)

    @property
    def first_author(self) -> str:
        people = self.entry.persons.get("author") or self.entry.persons.get("editor") or []
        if not people:
            return self.field("title")
        person = people[0]
        return (" ".join(person.last_names) or str(person)).replace("{", "").replace("}", "")

    @property
    def sort_key(self) -> tuple[str, str, str]:
        # Braces and accents out, so "{GBD 2021 ...}" and "Videb{\ae}k" sort by their letters.
        name = re.sub(r"[{}\\'\"`^~]", "", self.first_author).casefold()
        return (name, self.field("year"), self.key)


@dataclass(slots=True)
class Bibliography:
    path: str
    references: dict[str, Reference]
    findings: list[Finding]
    data: BibliographyData | None = None  # pybtex's parse, when the file parsed
    text: str = ""  # the file's text

    @property
    def fatal(self) -> list[Finding]:
        """Findings that stop mkdocs-bibtex itself (it would print a traceback)."""
        return [f for f in self.findings if f.rule in ("BIB001", "BIB002")]


def _entry_lines(text: str) -> list[tuple[int, str, str]]:
    """(line, type, key) of every entry in the source, in order."""
    out = []
    line, counted_to = 1, 0  # newlines counted once, from each entry to the next
    for m in ENTRY_START.finditer(text):
        line += text.count("\n", counted_to, m.start())
        counted_to = m.start()
        kind = m.group(1).lower()
        if kind in NON_ENTRIES:
            continue
        out.append((line, kind, m.group(2)))
    return out


def parse_bibliography(text: str, path: str) -> Bibliography:
    findings: list[Finding] = []
    starts = _entry_lines(text)
    lines: dict[str, int] = {}
    for line, _, key in starts:
        if key in lines:
            findings.append(Finding("BIB002", path, line, 1, key, f"duplicate key '{key}' (first at line {lines[key]})"))
        else:
            lines[key] = line
        if not KEY.match(key):
            message = "entry has no key" if not key else f"key '{key}' has characters other than letters, digits, _ and -"
            findings.append(Finding("BIB009", path, line, 1, key, message))

    if any(f.rule == "BIB002" for f in findings):
        return Bibliography(path, {}, findings, text=text)  # pybtex stops at a duplicate key: fix that first
    try:
        data: BibliographyData = bibtex.Parser().parse_stream(io.StringIO(text))
    except PybtexSyntaxError as error:
        where = error.lineno or 1
        entry = next(((l, k) for l, _, k in reversed(starts) if l <= where), None)
        context = f" in entry '{entry[1]}' that starts at line {entry[0]}" if entry else ""
        line = entry[0] if entry and "premature end" in str(error) else where
        findings.append(Finding("BIB001", path, line, 1, "", f"{error.error_type}{context} (pybtex: {error})"))
        return Bibliography(path, {}, findings, text=text)

    references: dict[str, Reference] = {}
    dois: dict[str, str] = {}
    for key, entry in data.entries.items():
        line = lines.get(key, 1)
        reference = Reference(key, line, entry)
        references[key] = reference
        findings.extend(check_reference(reference, path))
        doi = reference.field("doi").lower()
        if doi:
            if doi in dois:
                findings.append(Finding("BIB003", path, line, 1, doi, f"'{key}' has the same DOI as '{dois[doi]}'"))
            else:
                dois[doi] = key
    return Bibliography(path, references, findings, data, text)


def check_reference(reference: Reference, path: str) -> list[Finding]:
    out: list[Finding] = []
    key, line = reference.key, reference.line
    entry = reference.entry

    def finding(rule: str, message: str, text: str = key) -> None:
        out.append(Finding(rule, path, line, 1, text, message))

    if not (entry.persons.get("author") or entry.persons.get("editor") or reference.field("author")):
        finding("BIB004", f"'{key}' has no author")
    for name in ("title", "year"):
        if not reference.field(name):
            finding("BIB004", f"'{key}' has no {name}")
    if not any(reference.field(name) for name in CONTAINER_FIELDS):
        finding("BIB004", f"'{key}' has no journal or publisher")
    if not any(reference.field(name) for name in IDENTIFIERS):
        finding("BIB005", f"'{key}' has no doi, pmid, pmcid, url or isbn")
    checks = (
        ("doi", DOI, "a DOI looks like 10.1136/bjsports-2019-101253, with no https://doi.org/ prefix"),
        ("pmid", PMID, "a PMID is digits only"),
        ("pmcid", PMCID, "a PMCID looks like PMC4975817"),
    )
    for name, pattern, explanation in checks:
        value = reference.field(name)
        if value and not pattern.match(value):
            finding("BIB006", f"'{key}' has {name} '{value}': {explanation}", value)
    url = reference.field("url")
    if url and not url.startswith("https://"):
        finding("BIB006", f"'{key}' has url '{url}': use an https:// address", url)
    year = reference.field("year")
    if year and not re.fullmatch(r"\d{4}", year):
        finding("BIB006", f"'{key}' has year '{year}': write four digits", year)
    evidence = reference.evidence
    if not evidence:
        finding("BIB007", f"'{key}' has no evidence field")
    elif evidence not in EVIDENCE_TYPES:
        finding("BIB007", f"'{key}' has evidence '{evidence}', not one of: {', '.join(EVIDENCE_TYPES)}", evidence)
    return out


def load_bibliography(path: Path, display_path: str | None = None) -> Bibliography:
    return parse_bibliography(path.read_text(encoding="utf-8"), display_path or path.name)
