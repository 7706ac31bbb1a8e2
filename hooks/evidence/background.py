"""The checks of a build, run in a second process while MkDocs renders the pages.

`mkdocs build` spends most of its time rendering, on one core; the checks need none of it. So
the hook forks a worker as soon as the configuration is read, before any other thread or child
process exists (pandoc's pipes must not leak into it). The worker checks page after page and
sends each page what rendering needs of it (where to mask citation syntax: a few numbers), and
at the end everything else at once: the findings, the counts, the evidence ledger's Markdown and
who cites what for the References page. A page waits only for its own few numbers; the
References page and the ledger wait for the end. The results are those of `analyze` in one
process (tests/unit/test_background.py compares them). Each page's findings come with its
numbers and are logged as the page renders, before mkdocs-bibtex reads it. `mkdocs serve`, which re-checks only the
pages that changed, and systems without `fork` check in the build's own process (`Analysis`).

On a machine of two cores, pandoc (formatting the references, evidence/formatting.py) waits until
the worker has checked every page (`wait_for_second_core`): three busy processes on two cores took
the build's own process off its core a few hundred times a build, and every other step waits for
that one. The references are first needed once every page is rendered, later than that.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import sys
import time
import traceback
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

from .analysis import Page, Report, analyze_page, uncited_entries
from .bibliography import Bibliography
from .findings import Finding, sort_key
from .rendering import Generated, Masks, ledger_page

Source = tuple[str, str, str]  # (uri, display path, text)


@dataclass(frozen=True, slots=True)
class CheckedPage:
    """What rendering needs of a checked page, and its findings (logged as it renders)."""

    line_count: int
    masks: Masks
    cited: bool
    findings: tuple[Finding, ...]


@dataclass(frozen=True, slots=True)
class Summary:
    """What the build needs of the checks once every page is checked."""

    findings: list[Finding]  # every finding, sorted
    site_findings: list[Finding]  # those about the whole site: entries no page cites
    counts: dict[str, int]
    ledger: Generated  # the evidence ledger's Markdown (below its front matter) and HTML blocks
    cited_in: dict[str, list[tuple[str, str]]]  # key -> (uri, title) of each page citing it
    seconds: float = 0.0  # how long the checks took


@dataclass(frozen=True, slots=True)
class Links:
    """URLs the ledger links to, relative to it: each checked page's, and the References page's."""

    pages: Mapping[str, str]
    references: str | None


def check_pages(
    sources: Sequence[Source], bibliography: Bibliography, files: Collection[str], today: dt.date
) -> Iterator[tuple[Page, CheckedPage]]:
    """Each page checked, in order: its analysis, and what the build needs of it."""
    for uri, path, text in sources:
        page, findings = analyze_page(uri, path, text, bibliography, today, files)
        yield page, CheckedPage(page.document.line_count, Masks.of(page.document), bool(page.cited_keys), tuple(findings))


def summarize(report: Report, links: Links, started: float) -> Summary:
    """Once every page is in `report` (with the bibliography's and the pages' findings)."""
    site_findings = uncited_entries(report)
    findings = sorted(report.findings + site_findings, key=sort_key)
    ledger = ledger_page(report, lambda page: links.pages[page.uri], links.references)
    cited_in = {key: [(page.uri, page.title) for page in pages] for key, pages in report.cited_in.items()}
    return Summary(findings, site_findings, report.counts(), ledger, cited_in, time.perf_counter() - started)


# The running worker's "every page checked" event, and the worker itself (wait_for_second_core).
_pages_checked: Any = None
_worker: multiprocessing.process.BaseProcess | None = None


def cores() -> int:
    """The cores this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def wait_for_second_core() -> None:
    """Return when other work may use the second core: at once with three cores or more, or
    when no worker runs; else once the worker has checked every page, or has stopped."""
    event, worker = _pages_checked, _worker
    if event is None or worker is None or cores() > 2:
        return
    while not event.wait(0.05) and worker.is_alive():
        pass


def can_fork() -> bool:
    """Whether a worker may be forked here: Linux only (fork is unsafe on macOS, absent on Windows)."""
    return sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()


class Analysis:
    """The checks of one build, done in this process."""

    def __init__(
        self, sources: Sequence[Source], bibliography: Bibliography, files: Collection[str], today: dt.date, links: Links
    ) -> None:
        started = time.perf_counter()
        self.uris = [uri for uri, _, _ in sources]
        report = Report(bibliography, {}, list(bibliography.findings))
        self._pages = {}
        for page, checked in check_pages(sources, bibliography, files, today):
            report.pages[page.uri] = page
            report.findings += checked.findings
            self._pages[page.uri] = checked
        self._summary = summarize(report, links, started)
        self.waited = self._summary.seconds  # the build did nothing else meanwhile

    def page(self, uri: str) -> CheckedPage | None:
        return self._pages.get(uri)

    def finish(self) -> Summary:
        return self._summary

    def close(self) -> None:
        pass


class BackgroundAnalysis(Analysis):
    """The same checks in a forked worker."""

    def __init__(
        self, sources: Sequence[Source], bibliography: Bibliography, files: Collection[str], today: dt.date, links: Links
    ) -> None:
        self.uris = [uri for uri, _, _ in sources]
        self.waited = 0.0  # how long the build waited for results
        self._pages: dict[str, CheckedPage] = {}
        self._summary: Summary | None = None
        global _pages_checked, _worker
        context = multiprocessing.get_context("fork")
        self._reader, writer = context.Pipe(duplex=False)
        pages_checked = context.Event()
        self._process = context.Process(
            target=_work,
            args=(writer, pages_checked, list(sources), bibliography, files, today, links),
            name="evidence-checks",
            daemon=True,
        )
        self._process.start()
        writer.close()  # the worker holds the only writing end, so its exit ends the pipe
        _pages_checked, _worker = pages_checked, self._process

    def page(self, uri: str) -> CheckedPage | None:
        while uri not in self._pages and self._summary is None:
            self._receive()
        return self._pages.get(uri)

    def finish(self) -> Summary:
        while self._summary is None:
            self._receive()
        self.close()
        return self._summary

    def close(self) -> None:
        """Stop the worker if the build no longer needs it, and wait for it."""
        if self._summary is None and self._process.is_alive():
            self._process.kill()
        self._process.join()
        self._reader.close()

    def _receive(self) -> None:
        started = time.perf_counter()
        try:
            message: tuple[Any, ...] = self._reader.recv()
            self.waited += time.perf_counter() - started
        except (EOFError, OSError):
            self._process.join()
            raise RuntimeError(f"the evidence checks stopped without a result (exit code {self._process.exitcode})") from None
        if message[0] == "page":
            self._pages[message[1]] = message[2]
        elif message[0] == "done":
            self._summary = message[1]
        else:
            raise RuntimeError("the evidence checks failed:\n" + message[1])


def _work(
    writer: Connection,
    pages_checked: Any,
    sources: list[Source],
    bibliography: Bibliography,
    files: Collection[str],
    today: dt.date,
    links: Links,
) -> None:
    """In the worker: check every page and send what rendering needs of it, then the summary."""
    started = time.perf_counter()
    try:
        report = Report(bibliography, {}, list(bibliography.findings))
        for page, checked in check_pages(sources, bibliography, files, today):
            report.pages[page.uri] = page
            report.findings += checked.findings
            writer.send(("page", page.uri, checked))
        pages_checked.set()
        writer.send(("done", summarize(report, links, started)))
    except BaseException:
        writer.send(("error", traceback.format_exc()))
    finally:
        pages_checked.set()
        writer.close()
