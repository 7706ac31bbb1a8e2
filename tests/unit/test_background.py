"""The checks in a forked worker (hooks/evidence/background.py) give what they give in the build's
process, which give what `analyze` (the command line's) gives."""

from __future__ import annotations

import datetime as dt
import threading

import pytest

from conftest import ROOT
from evidence.analysis import analyze, list_files, load_bibliography_file, read_tree
from evidence import background
from evidence.background import Analysis, BackgroundAnalysis, Links, wait_for_second_core


def inputs() -> tuple:
    bibliography = load_bibliography_file(ROOT / "references.bib", ROOT)
    sources = read_tree(ROOT / "docs", ROOT)
    files = list_files(ROOT / "docs") | {"claims.md"}
    links = Links({uri: f"../{uri.removesuffix('.md')}/" for uri, _, _ in sources}, "../references/")
    return sources, bibliography, files, dt.date(2026, 11, 29), links


def test_the_worker_gives_what_the_build_process_gives() -> None:
    here, there = Analysis(*inputs()), BackgroundAnalysis(*inputs())
    for uri in reversed(here.uris):  # asked out of order: the rest waits in the build process
        assert there.page(uri) == here.page(uri), uri
    assert there.page("not-a-page.md") is None
    ours, theirs = here.finish(), there.finish()
    sources, bibliography, files, today, _ = inputs()
    report = analyze(sources, bibliography, today=today, files=files)
    assert ours.findings == report.findings and ours.counts == report.counts()
    assert theirs.findings == ours.findings and theirs.site_findings == ours.site_findings
    assert theirs.counts == ours.counts and theirs.counts["claims"] > 500
    assert theirs.ledger == ours.ledger
    assert theirs.cited_in == ours.cited_in
    assert theirs.seconds > 0 and ours.seconds > 0


def test_a_failing_worker_fails_the_build_with_its_traceback() -> None:
    sources, bibliography, files, today, links = inputs()
    broken = [(uri, path, None) for uri, path, _ in sources]  # not text: the check raises
    worker = BackgroundAnalysis(broken, bibliography, files, today, links)
    with pytest.raises(RuntimeError, match=r"(?s)the evidence checks failed:.*Traceback.*AttributeError"):
        worker.finish()
    worker.close()


def test_a_worker_no_longer_needed_is_stopped() -> None:
    worker = BackgroundAnalysis(*inputs())
    worker.close()
    assert not worker._process.is_alive()


def _waits(monkeypatch: pytest.MonkeyPatch, cores: int) -> threading.Thread:
    """wait_for_second_core in a thread, as pandoc's formatting calls it, on `cores` cores."""
    monkeypatch.setattr(background, "cores", lambda: cores)
    waiting = threading.Thread(target=wait_for_second_core, daemon=True)
    waiting.start()
    return waiting


def test_on_two_cores_pandoc_waits_until_every_page_is_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    analysis = BackgroundAnalysis(*inputs())
    waiting = _waits(monkeypatch, 2)
    waiting.join(timeout=60)
    assert not waiting.is_alive()
    assert background._pages_checked.is_set(), "it returned before the worker had checked the pages"
    analysis.finish()


def test_with_more_cores_or_a_stopped_worker_pandoc_does_not_wait(monkeypatch: pytest.MonkeyPatch) -> None:
    analysis = BackgroundAnalysis(*inputs())
    analysis.close()  # stopped before it could check the pages
    waiting = _waits(monkeypatch, 2)
    waiting.join(timeout=10)
    assert not waiting.is_alive(), "waited for a worker that no longer runs"

    class Running:
        def is_alive(self) -> bool:
            return True

    pages_checked = threading.Event()  # a worker still checking
    monkeypatch.setattr(background, "_pages_checked", pages_checked)
    monkeypatch.setattr(background, "_worker", Running())
    waiting = _waits(monkeypatch, 4)
    waiting.join(timeout=2)
    assert not waiting.is_alive(), "with four cores, pandoc has one of its own"
    waiting = _waits(monkeypatch, 2)
    waiting.join(timeout=0.3)
    assert waiting.is_alive(), "with two, it waits for the pages"
    pages_checked.set()
    waiting.join(timeout=2)
    assert not waiting.is_alive()
