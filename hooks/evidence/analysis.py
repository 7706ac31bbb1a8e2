"""Run every check over the docs tree and the bibliography, once, into one Report.

The MkDocs hook, the command line and the tests all call `analyze`. A caller that checks the
same pages again (`mkdocs serve`) passes a `Documents` cache, so only edited pages are parsed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .bibliography import DEFAULT_EVIDENCE_TYPES, Bibliography, EvidenceTypes, parse_bibliography_bytes
from .citations import check_citation, check_citation_syntax, citation_keys
from .claims import Claim, apply_suppressions, check_claims
from .document import Document, parse_document
from .findings import Finding, sort_key
from .frontmatter import split_front_matter
from .guardrails import DEFAULT_PAGE_SCHEMA, PageSchema, check_front_matter, check_html, check_links
from .limits import check_limits, decode_source, yaml_has_aliases
from .passages import Grounding, PassageStore, ground_claims, unused_pins


@dataclass(slots=True)
class Page:
    """One Markdown file: `uri` is its path inside docs/, `path` the path findings print."""

    uri: str
    path: str
    document: Document
    claims: list[Claim]
    exempt_reason: str | None
    cited_keys: list[str] = field(default_factory=list)  # visible citations' keys, in page order
    groundings: list[Grounding] = field(default_factory=list)  # each claim in its sources' passages

    @property
    def title(self) -> str:
        title = self.document.front_matter.data.get("title")
        return str(title) if title else self.uri


@dataclass(slots=True)
class Report:
    bibliography: Bibliography
    pages: dict[str, Page]
    findings: list[Finding] = field(default_factory=list)

    @property
    def cited_in(self) -> dict[str, list[Page]]:
        """Reference key -> the pages that cite it, in page order."""
        out: dict[str, list[Page]] = defaultdict(list)
        for page in self.pages.values():
            for key in page.cited_keys:
                out[key].append(page)
        return out

    def counts(self) -> dict[str, int]:
        claims = [c for p in self.pages.values() for c in p.claims]
        statuses = Counter(g.status for p in self.pages.values() for g in p.groundings)
        return {
            "supported": statuses["supported"],
            "numbers_missing": statuses["numbers-missing"],
            "no_passage": statuses["no-passage"],
            "files": len(self.pages),
            "claims": len(claims),
            "cited_claims": sum(1 for c in claims if c.cited),
            "suppressions": sum(len(p.document.suppressions) for p in self.pages.values()),
            "exempt_pages": sum(1 for p in self.pages.values() if p.exempt_reason),
            "references": len(self.bibliography.references),
        }


class Documents:
    """Parsed pages by path and content, for a caller that checks the same pages again: each
    `analyze` keeps only the documents it used, so an edited page's old parse is dropped."""

    def __init__(self) -> None:
        self._parsed: dict[tuple[str, str], Document] = {}
        self._used: dict[tuple[str, str], Document] = {}

    def parse(self, text: str, path: str) -> Document:
        key = (path, hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest())
        document = self._parsed.get(key) or parse_document(text, path)
        self._used[key] = document
        return document

    def forget_unused(self) -> None:
        self._parsed, self._used = self._used, {}


# What a page's front matter decides (`claims: exempt`): unknown while it does not parse.
UNKNOWN_WITHOUT_FRONT_MATTER = frozenset({"CLM001", "CLM005", "PSG005"})


def analyze_page(
    uri: str,
    path: str,
    text: str,
    bibliography: Bibliography,
    today: dt.date,
    files: Collection[str] | None = None,
    documents: Documents | None = None,
    passages: PassageStore | None = None,
    schema: PageSchema = DEFAULT_PAGE_SCHEMA,
) -> tuple[Page, list[Finding]]:
    document = documents.parse(text, path) if documents is not None else parse_document(text, path)
    findings = check_front_matter(document, path, today, schema=schema)
    findings += check_html(document, path)
    findings += check_links(document, path, uri, files)
    known = bibliography.references.keys()
    if not bibliography.fatal:  # a file that does not parse is reported first and alone, not as every key unknown
        findings += check_citation_syntax(text, path, known)
        for citation in document.citations:
            if not citation.hidden:
                findings += check_citation(citation, path, known)
    data = document.front_matter.data
    exempt = str(data.get("claims_reason") or "").strip() or None if data.get("claims") == "exempt" else None
    claims, claim_findings = check_claims(
        document, path, bibliography.references, exempt=data.get("claims") == "exempt"
    )
    findings += claim_findings
    cited_keys = list(dict.fromkeys(k for c in document.citations if not c.hidden for k in citation_keys(c)))
    groundings: list[Grounding] = []
    if passages is not None:
        groundings, grounding_findings = ground_claims(
            claims, passages, bibliography.references, exempt=data.get("claims") == "exempt", sources={path: text}
        )
        findings += grounding_findings
    if document.front_matter.error is not None:
        # The page's `claims: exempt` may be in the block that did not parse: its FM001 comes
        # alone, not beside an uncited-claim finding for every sentence (security review F02).
        findings = [f for f in findings if f.rule not in UNKNOWN_WITHOUT_FRONT_MATTER]
    findings = apply_suppressions(document, path, findings, grounded=passages is not None)
    return Page(uri, path, document, claims, exempt, cited_keys, groundings), findings


def analyze(
    sources: Iterable[tuple[str, str, str]],
    bibliography: Bibliography,
    *,
    today: dt.date | None = None,
    whole_site: bool = True,
    files: Collection[str] | None = None,
    documents: Documents | None = None,
    passages: PassageStore | None = None,
    schema: PageSchema = DEFAULT_PAGE_SCHEMA,
) -> Report:
    """Check every (uri, display path, text) source against the bibliography.

    `whole_site` says the sources are every page, so an entry no page cites is reported.
    `files` lists every file in docs/ (pages, images), to check relative links against.
    `passages`, when given, grounds every claim in its sources' passages (PSG, NUM findings).
    `schema`: what each page's front matter must and may hold (extra.evidence.page_schema).
    """
    today = today or dt.date.today()
    report = Report(bibliography, {}, list(bibliography.findings))
    if passages is not None:
        report.findings += passages.findings
    for uri, path, text in sources:
        page, findings = analyze_page(uri, path, text, bibliography, today, files, documents, passages, schema)
        report.pages[uri] = page
        report.findings += findings
    if documents is not None:
        documents.forget_unused()
    if whole_site:
        report.findings += uncited_entries(report)
        if passages is not None:
            report.findings += unused_pins(passages, report.cited_in.keys())
    report.findings.sort(key=sort_key)
    return report


def uncited_entries(report: Report) -> list[Finding]:
    """BIB008 for each entry that no page of a whole site cites."""
    if report.bibliography.fatal:
        return []
    cited = report.cited_in
    return [
        Finding("BIB008", report.bibliography.path, reference.line, 1, key, f"'{key}' is not cited by any page")
        for key, reference in report.bibliography.references.items()
        if key not in cited
    ]


def read_page(data: bytes, path: str) -> tuple[str | None, list[Finding]]:
    """A page's text, or None with the findings that stop it from being read at all: bytes that
    are not UTF-8 (ENC001), a size, line, bracket or nesting cap crossed (LIM001-LIM004), a YAML
    anchor or alias in its front matter (FM006). Such a page never reaches a Markdown parser or
    a YAML loader, so hostile input fails in seconds, with its line."""
    text, findings = decode_source(data, path)
    if text is None:
        return None, findings
    findings = check_limits(text, path)
    raw, end = split_front_matter(text)
    if end and (line := yaml_has_aliases(raw, 2)) is not None:
        findings.append(
            Finding("FM006", path, line, 1, "", "the front matter holds a YAML anchor (&name) or alias (*name)")
        )
    return (None if findings else text), findings


def list_files(docs_dir: Path) -> set[str]:
    """Every file under docs_dir, as a path inside it (what relative links may point at)."""
    return {f.relative_to(docs_dir).as_posix() for f in docs_dir.rglob("*") if f.is_file()}


def read_tree(docs_dir: Path, display_root: Path) -> tuple[list[tuple[str, str, str]], list[Finding]]:
    """Every readable Markdown file under docs_dir as (uri, display path, text), in a stable
    order, and the findings of those that cannot be read (read_page)."""
    out, blocked = [], []
    for file in sorted(docs_dir.rglob("*.md")):
        uri = file.relative_to(docs_dir).as_posix()
        path = display_path(file, display_root)
        text, findings = read_page(file.read_bytes(), path)
        blocked += findings
        if text is not None:
            out.append((uri, path, text))
    return out, blocked


def display_path(file: Path, root: Path) -> str:
    """A file's path as findings print it: relative to the project's root when inside it."""
    try:
        return file.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return file.as_posix()


def load_bibliography_file(
    path: Path, display_root: Path, types: EvidenceTypes = DEFAULT_EVIDENCE_TYPES
) -> Bibliography:
    return parse_bibliography_bytes(path.read_bytes(), display_path(path, display_root), types)
