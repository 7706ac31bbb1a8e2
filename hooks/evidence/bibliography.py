"""references.bib -> entries with their line numbers, and the bibliography's findings.

pybtex parses the file; a light scan of the source finds the line each entry starts on, since
pybtex keeps no positions.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from pybtex.database import BibliographyData, Entry
from pybtex.database.input import bibtex
from pybtex.scanner import PybtexSyntaxError

from .findings import Finding, shorten

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
    "protocol": "Trial protocol (its plan; no results)",
    "laboratory": "Laboratory study",
    "narrative-review": "Narrative review",
    "editorial": "Editorial",
    "textbook": "Textbook",
    "news": "News report",
}
# Kinds of source too weak, alone, to carry "proves", "cures", "prevents" or "causes".
WEAK_EVIDENCE = {"pilot", "protocol", "laboratory", "news", "editorial"}


@dataclass(frozen=True, slots=True)
class EvidenceTypes:
    """The `evidence` values a site's references may have, each with its label for readers, and
    those too weak alone for strong causal wording (CLM002). A site sets its own in mkdocs.yml
    (`extra.evidence.evidence_types`); the guide's are the defaults above."""

    labels: Mapping[str, str]
    weak: frozenset[str]

    @classmethod
    def from_config(cls, value: object) -> EvidenceTypes:
        """From `{name: {label: text, weak: bool}}` (or `{name: label}`); None gives the defaults."""
        if value is None:
            return DEFAULT_EVIDENCE_TYPES
        if not isinstance(value, Mapping) or not value:
            raise ValueError("extra.evidence.evidence_types must map each type to its label")
        labels: dict[str, str] = {}
        weak: set[str] = set()
        for name, spec in value.items():
            spec = {"label": spec} if isinstance(spec, str) else spec
            if not isinstance(name, str) or not KEY.match(name) or not isinstance(spec, Mapping):
                raise ValueError(f"extra.evidence.evidence_types: '{name}' needs a label")
            label, is_weak = spec.get("label"), spec.get("weak", False)
            if (
                not isinstance(label, str)
                or not label.strip()
                or not isinstance(is_weak, bool)
                or set(spec) - {"label", "weak"}
            ):
                raise ValueError(
                    f"extra.evidence.evidence_types.{name}: give label (text) and optionally weak (true/false)"
                )
            labels[name] = label.strip()
            if is_weak:
                weak.add(name)
        return cls(labels, frozenset(weak))


DEFAULT_EVIDENCE_TYPES = EvidenceTypes(EVIDENCE_TYPES, frozenset(WEAK_EVIDENCE))

KEY = re.compile(r"^[A-Za-z0-9_-]+$")
ENTRY_START = re.compile(r"^[ \t]*@[ \t]*(\w+)[ \t]*[{(][ \t]*([^,\s]*)", re.M)
# A DOI's suffix, limited to what real DOIs use: no quotes, angle brackets, braces or spaces,
# which could break out of the link the reference list makes of it.
DOI = re.compile(r"^10\.\d{4,9}/[-._;()/:A-Za-z0-9]+$")
PMID = re.compile(r"^\d{1,9}$")
PMCID = re.compile(r"^PMC\d+$")
IDENTIFIERS = ("doi", "pmid", "pmcid", "url", "isbn")
# journaltitle: what Zotero's BibLaTeX export writes for the journal.
CONTAINER_FIELDS = ("journal", "journaltitle", "booktitle", "publisher", "institution", "organization")
NON_ENTRIES = {"comment", "preamble", "string"}
# pandoc turns these LaTeX commands into links, whatever their address (javascript: too).
LINK_COMMAND = re.compile(r"\\(?:href|url|hyperref|hyperlink|path)\b", re.I)
# An address with a scheme other than https, anywhere in a field: "http://...", "javascript:".
# ("data:" only with a media type, so a title such as "Big data: a review" is not taken for one.)
OTHER_SCHEME = re.compile(
    r"(?<![A-Za-z0-9+.-])(?:(?!https://)([A-Za-z][A-Za-z0-9+.-]*)://"
    r"|(javascript|vbscript|livescript)\s*:|(data)\s*:\s*[a-z-]+/[a-z0-9.+-]+\s*[;,]|(blob|filesystem)\s*:\s*https?:)",
    re.I,
)
NOT_INHERITED = {"crossref", "ids", "key", "evidence"}  # an entry's own, never its parent's
FIELD_START = re.compile(r"(?:^|,)\s*([A-Za-z][\w:-]*)\s*=")


@dataclass(frozen=True, slots=True)
class Reference:
    key: str
    line: int
    entry: Entry
    field_lines: dict[str, int] = field(default_factory=dict, compare=False)  # field -> its line
    # The entry its `crossref` names: BibTeX (and pandoc, which formats the list) give the entry
    # every field it lacks from there, so the checks read them there too.
    parent: Reference | None = field(default=None, compare=False)
    types: EvidenceTypes = field(default=DEFAULT_EVIDENCE_TYPES, compare=False)

    def line_of(self, name: str) -> int:
        """The line a field is written on (the entry's first line when it is not found)."""
        return self.field_lines.get(name.lower(), self.line)

    def field(self, name: str) -> str:
        value = str(self.entry.fields.get(name, "")).strip()
        if not value and self.parent is not None and name.lower() not in NOT_INHERITED:
            return self.parent.field(name)
        return value

    def persons(self, role: str) -> list:
        """The entry's authors or editors (`role`), inherited through crossref like fields."""
        own = list(self.entry.persons.get(role) or ())
        return own or (self.parent.persons(role) if self.parent is not None else [])

    @property
    def evidence(self) -> str:
        return self.field("evidence")

    @property
    def evidence_label(self) -> str:
        return self.types.labels.get(self.evidence, self.evidence)

    @property
    def weak(self) -> bool:
        """Too weak a kind of source, alone, for strong causal wording (CLM002)."""
        return self.evidence in self.types.weak

    @property
    def first_author(self) -> str:
        people = self.persons("author") or self.persons("editor")
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
        """Findings that leave no entries to check against (a file that is not UTF-8, a syntax
        error, a duplicate key): mkdocs-bibtex itself would stop with a traceback. When there
        are any, they are the bibliography's only findings, and the citation checks must be
        skipped (every key would be 'unknown')."""
        return [f for f in self.findings if f.rule in ("ENC001", "BIB001", "BIB002")]


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


def _field_lines(text: str, starts: list[tuple[int, str, str]]) -> dict[str, dict[str, int]]:
    """Key -> {field name (lower case) -> line}, in one pass over the file's lines."""
    source = text.split("\n")
    out: dict[str, dict[str, int]] = {}
    bounds = [line for line, _, _ in starts] + [len(source) + 1]
    for (line, _, key), end in zip(starts, bounds[1:], strict=False):
        fields = out.setdefault(key, {})
        for number in range(line, end):
            text_line = source[number - 1]
            if number == line:
                text_line = text_line.split(",", 1)[1] if "," in text_line else ""
            for m in FIELD_START.finditer(text_line):
                fields.setdefault(m.group(1).lower(), number)
    return out


def parse_bibliography_bytes(data: bytes, path: str, types: EvidenceTypes = DEFAULT_EVIDENCE_TYPES) -> Bibliography:
    """parse_bibliography for a file's bytes: ENC001 (and nothing else) when it is not UTF-8."""
    from .limits import decode_source

    text, problems = decode_source(data, path)
    if text is None:
        return Bibliography(path, {}, problems)
    return parse_bibliography(text, path, types)


def parse_bibliography(text: str, path: str, types: EvidenceTypes = DEFAULT_EVIDENCE_TYPES) -> Bibliography:
    findings: list[Finding] = []
    starts = _entry_lines(text)
    lines: dict[str, int] = {}
    first: dict[str, tuple[int, str]] = {}  # case-folded key -> (line, key as first written)
    for line, _, key in starts:
        folded = key.casefold()
        if folded in first:
            first_line, first_key = first[folded]
            same = "" if first_key == key else f" as '{first_key}': keys that differ only in case are the same key"
            findings.append(
                Finding("BIB002", path, line, 1, key, f"duplicate key '{key}' (first at line {first_line}{same})")
            )
        else:
            first[folded] = (line, key)
            lines[key] = line
        if not KEY.match(key):
            message = (
                "entry has no key" if not key else f"key '{key}' has characters other than letters, digits, _ and -"
            )
            findings.append(Finding("BIB009", path, line, 1, key, message))

    if any(f.rule == "BIB002" for f in findings):
        return Bibliography(path, {}, findings, text=text)  # pybtex stops at a duplicate key: fix that first
    try:
        data: BibliographyData = bibtex.Parser().parse_stream(io.StringIO(text))
    except PybtexSyntaxError as error:
        where = error.lineno or 1
        entry = next(((start, k) for start, _, k in reversed(starts) if start <= where), None)
        context = f" in entry '{entry[1]}' that starts at line {entry[0]}" if entry else ""
        line = entry[0] if entry and "premature end" in str(error) else where
        findings.append(Finding("BIB001", path, line, 1, "", f"{error.error_type}{context} (pybtex: {error})"))
        return Bibliography(path, {}, findings, text=text)

    references: dict[str, Reference] = {}
    dois: dict[str, str] = {}
    field_lines = _field_lines(text, starts)
    own = {
        key: Reference(key, lines.get(key, 1), entry, field_lines.get(key, {})) for key, entry in data.entries.items()
    }
    by_folded_key = {key.casefold(): reference for key, reference in own.items()}
    for key, entry in data.entries.items():
        line = lines.get(key, 1)
        crossref = str(entry.fields.get("crossref", "")).strip().casefold()
        parent = by_folded_key.get(crossref) if crossref and crossref != key.casefold() else None
        reference = Reference(key, line, entry, field_lines.get(key, {}), parent, types)
        references[key] = reference
        findings.extend(check_reference(reference, path))
        doi = reference.field("doi").lower()
        if doi:
            if doi in dois:
                findings.append(
                    Finding(
                        "BIB003", path, reference.line_of("doi"), 1, doi, f"'{key}' has the same DOI as '{dois[doi]}'"
                    )
                )
            else:
                dois[doi] = key
    return Bibliography(path, references, findings, data, text)


def check_reference(reference: Reference, path: str) -> list[Finding]:
    out: list[Finding] = []
    key, line = reference.key, reference.line

    def finding(rule: str, message: str, text: str = key, at: str | None = None) -> None:
        out.append(Finding(rule, path, reference.line_of(at) if at else line, 1, text, message))

    if not (reference.persons("author") or reference.persons("editor") or reference.field("author")):
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
            finding("BIB006", f"'{key}' has {name} '{shorten(value)}': {explanation}", value, name)
    url = reference.field("url")
    if url and (not url.startswith("https://") or any(c in url for c in "\"'<>{}\\ \t")):
        finding("BIB006", f"'{key}' has url '{shorten(url)}': use an https:// address", url, "url")
    year = reference.field("year")
    if year and not re.fullmatch(r"\d{4}", year):
        finding("BIB006", f"'{key}' has year '{shorten(year)}': write four digits", year, "year")
    evidence = reference.evidence
    if not evidence:
        finding("BIB007", f"'{key}' has no evidence field; add one of: {', '.join(reference.types.labels)}")
    elif evidence not in reference.types.labels:
        finding(
            "BIB007",
            f"'{key}' has evidence '{shorten(evidence)}', not one of: {', '.join(reference.types.labels)}",
            evidence,
            "evidence",
        )
    out += _link_findings(reference, path)
    return out


def _link_findings(reference: Reference, path: str) -> list[Finding]:
    """BIB010: LaTeX link commands, and addresses other than https, in any field or name."""
    out: list[Finding] = []
    values = [(name, str(value)) for name, value in reference.entry.fields.items()]
    values += [(role, str(person)) for role, people in reference.entry.persons.items() for person in people]
    for name, value in values:
        command = LINK_COMMAND.search(value)
        scheme = OTHER_SCHEME.search(value)
        if command:
            problem = f"{command.group(0)} in its {name.lower()} field: pandoc makes it a link, whatever the address"
        elif scheme:
            found = next(g for g in scheme.groups() if g).lower()
            problem = f"an address that is not https ({found}:) in its {name.lower()} field"
        else:
            continue
        out.append(
            Finding("BIB010", path, reference.line_of(name), 1, shorten(value), f"'{reference.key}' has {problem}")
        )
    return out


def load_bibliography(path: Path, display_path: str | None = None) -> Bibliography:
    return parse_bibliography_bytes(path.read_bytes(), display_path or path.name)
