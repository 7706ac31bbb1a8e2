"""What the build needs from the whole site's checks, in one call that can run in a worker
process (background.py) while the pages render; and the bibliography's entries as readers see
them (pandoc's text made HTML and sanitized)."""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from pathlib import Path

from .analysis import Documents, analyze
from .bibliography import Bibliography
from .findings import Finding
from .formatting import format_references
from .guardrails import DEFAULT_PAGE_SCHEMA, PageSchema
from .ledger import Ledger, Links, ledger
from .passages import Grounding, claim_plain_text, load_passages
from .references import entries_html
from .sanitize import sanitize_html, sanitize_reference_html

Source = tuple[str, str, str]  # (uri, display path, text)


# Page uri -> reference key -> the passages (text, where) its claims rely on, in page order.
PagePassages = dict[str, dict[str, list[tuple[str, str]]]]


@dataclass(frozen=True, slots=True)
class SiteChecks:
    findings: list[Finding]  # every finding, sorted
    counts: dict[str, int]
    cited_in: dict[str, list[tuple[str, str]]]  # key -> (uri, title) of each page citing it
    ledger: Ledger
    passages: PagePassages
    claims_json: str  # site/claims/claims.json, serialized here (in the worker, during a build)
    seconds: float  # how long the checks took


def check_site(
    sources: Sequence[Source],
    bibliography: Bibliography,
    files: Collection[str],
    links: Links,
    today: dt.date,
    passages_dir: Path | None = None,
    display_root: Path = Path("."),
    documents: Documents | None = None,
    schema: PageSchema = DEFAULT_PAGE_SCHEMA,
) -> SiteChecks:
    started = time.perf_counter()
    store = load_passages(passages_dir, display_root, bibliography.references) if passages_dir is not None else None
    report = analyze(
        sources, bibliography, today=today, files=files, documents=documents, passages=store, schema=schema
    )
    site_ledger = ledger(report, links)
    for name, table in site_ledger.tables.items():  # escaped as written; sanitized all the same
        site_ledger.tables[name], removals = sanitize_html(table)
        report.findings += [Finding("HTML004", "docs/claims.md", 1, 1, r.text, r.message) for r in removals]
    cited_in = {key: [(page.uri, page.title) for page in pages] for key, pages in report.cited_in.items()}
    relied_on: PagePassages = {}
    for page in report.pages.values():
        by_key: dict[str, list[tuple[str, str]]] = {}
        for grounding in page.groundings:
            for chosen in grounding.chosen:
                quoted = by_key.setdefault(chosen.key, [])
                if (chosen.text, chosen.where) not in quoted:
                    quoted.append((chosen.text, chosen.where))
        relied_on[page.uri] = by_key
    claims = [claims_json_entry(g) for page in report.pages.values() for g in page.groundings]
    claims_json = json.dumps({"claims": claims}, ensure_ascii=False, separators=(",", ":"))
    return SiteChecks(
        report.findings, report.counts(), cited_in, site_ledger, relied_on, claims_json, time.perf_counter() - started
    )


def claims_json_entry(grounding: Grounding) -> dict[str, object]:
    """One claim as site/claims/claims.json lists it."""
    claim = grounding.claim
    return {
        "page": claim.path,
        "line": claim.line,
        "text": claim_plain_text(claim),
        "sources": list(claim.keys),
        "numbers": [check.number.text for check in grounding.numbers],
        "passages": [
            {"source": c.key, "text": c.text, "where": c.where} | ({"pinned": True} if c.pinned else {})
            for c in grounding.chosen
        ],
        "status": grounding.status,
    }


def format_entries(bib_path: Path, csl_path: Path, bibliography: Bibliography) -> tuple[dict[str, str], list[Finding]]:
    """Key -> every entry's finished inline HTML (pandoc's AMA text, evidence label, links),
    sanitized like every page; anything the sanitizer removed is a finding at the entry's line."""
    references = bibliography.references
    formatted = format_references(bib_path, csl_path, references, parsed=bibliography.data)
    entries = entries_html(references, formatted)
    findings = []
    for key, text in entries.items():
        own = [link for link in (references[key].field("url"),) if link]
        entries[key], removals = sanitize_reference_html(text, own)
        for removal in removals:
            findings.append(
                Finding("HTML004", bibliography.path, references[key].line, 1, removal.text, removal.message)
            )
    return entries, findings


@dataclass(frozen=True, slots=True)
class SiteWork:
    """The checks of one build, as one picklable job for the worker."""

    sources: Sequence[Source]
    bibliography: Bibliography
    files: Collection[str]
    links: Links
    today: dt.date
    passages_dir: Path | None = None
    display_root: Path = Path(".")
    schema: PageSchema = DEFAULT_PAGE_SCHEMA

    def __call__(self, documents: Documents | None = None) -> SiteChecks:
        return check_site(
            self.sources,
            self.bibliography,
            self.files,
            self.links,
            self.today,
            self.passages_dir,
            self.display_root,
            documents,
            self.schema,
        )
