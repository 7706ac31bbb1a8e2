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
    cited_in = {key: [(page.uri, page.title) for page in pages] for key, pages in report.cited_in.items()}
    return SiteChecks(report.findings, report.counts(), cited_in, ledger(report, links), time.perf_counter() - started)


def format_entries(bib_path: Path, csl_path: Path, bibliography: Bibliography) -> dict[str, str]:
    """Key -> every entry's finished inline HTML (pandoc's AMA text, evidence label, links)."""
    references = bibliography.references
    return entries_html(references, format_references(bib_path, csl_path, references))


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

    def __call__(self) -> tuple[SiteChecks, dict[str, str]]:
        checks = check_site(self.sources, self.bibliography, self.files, self.links, self.today)
        return checks, format_entries(self.bib_path, self.csl_path, self.bibliography)
