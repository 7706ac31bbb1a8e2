"""What the build needs from the whole site's checks and the bibliography's formatting, in one
call that can run in a worker process (background.py) while the pages render."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from pathlib import Path

from .analysis import Documents, analyze
from .bibliography import Bibliography
from .findings import Finding
from .formatting import format_references
from .ledger import Ledger, Links, ledger
from .references import entries_html
from .sanitize import sanitize_html

Source = tuple[str, str, str]  # (uri, display path, text)


@dataclass(frozen=True, slots=True)
class SiteChecks:
    findings: list[Finding]  # every finding, sorted
    counts: dict[str, int]
    cited_in: dict[str, list[tuple[str, str]]]  # key -> (uri, title) of each page citing it
    ledger: Ledger
    seconds: float  # how long the checks took


def check_site(
    sources: Sequence[Source],
    bibliography: Bibliography,
    files: Collection[str],
    links: Links,
    today: dt.date,
    documents: Documents | None = None,
) -> SiteChecks:
    started = time.perf_counter()
    report = analyze(sources, bibliography, today=today, files=files, documents=documents)
    site_ledger = ledger(report, links)
    for name, table in site_ledger.tables.items():  # escaped as written; sanitized all the same
        site_ledger.tables[name], removals = sanitize_html(table)
        report.findings += [Finding("HTML004", "docs/claims.md", 1, 1, r.text, r.message) for r in removals]
    cited_in = {key: [(page.uri, page.title) for page in pages] for key, pages in report.cited_in.items()}
    return SiteChecks(report.findings, report.counts(), cited_in, site_ledger, time.perf_counter() - started)


def format_entries(bib_path: Path, csl_path: Path, bibliography: Bibliography) -> tuple[dict[str, str], list[Finding]]:
    """Key -> every entry's finished inline HTML (pandoc's AMA text, evidence label, links),
    sanitized like every page; anything the sanitizer removed is a finding at the entry's line."""
    references = bibliography.references
    entries = entries_html(references, format_references(bib_path, csl_path, references))
    findings = []
    for key, text in entries.items():
        entries[key], removals = sanitize_html(text)
        for removal in removals:
            findings.append(Finding("HTML004", bibliography.path, references[key].line, 1, removal.text, removal.message))
    return entries, findings


@dataclass(frozen=True, slots=True)
class SiteWork:
    """The checks and the formatting of one build, as one picklable job for the worker."""

    sources: Sequence[Source]
    bibliography: Bibliography
    files: Collection[str]
    links: Links
    today: dt.date
    bib_path: Path
    csl_path: Path

    def __call__(self) -> tuple[SiteChecks, tuple[dict[str, str], list[Finding]]]:
        checks = check_site(self.sources, self.bibliography, self.files, self.links, self.today)
        return checks, format_entries(self.bib_path, self.csl_path, self.bibliography)
