"""The build's one background job (hooks/evidence/background.py and site.py): a worker gives
what the build's own process gives, and a failing worker fails with its traceback."""

from __future__ import annotations

import datetime as dt
import functools

import pytest

from evidence.background import Job, worker_pays
from evidence.bibliography import parse_bibliography
from evidence.ledger import Links
from evidence.site import SiteWork, check_site

BIB = """@article{smith2020running,
  author = {Smith, Ann}, title = {Running and knees}, journal = {J Run}, year = {2020},
  pmid = {12345678}, evidence = {cohort}
}
"""
PAGES = [
    (
        "a.md",
        "docs/a.md",
        "---\ntitle: A\ndescription: Page A of the test.\nreviewed: 2026-11-01\n---\n\n# A\n\nRunning 20 km a week raised knee pain by 10% [@smith2020running].\n\nIce cures knee pain.\n",
    ),
    (
        "b.md",
        "docs/b.md",
        "---\ntitle: B\ndescription: Page B of the test.\nreviewed: 2026-11-01\n---\n\n# B\n\nWhat is a knee?\n",
    ),
]


def work() -> SiteWork:
    bibliography = parse_bibliography(BIB, "references.bib")
    links = Links({"a.md": "../a/", "b.md": "../b/"}, "../references/")
    return SiteWork(PAGES, bibliography, {"a.md", "b.md", "claims.md"}, links, dt.date(2026, 11, 30))


def test_the_worker_checks_what_the_build_process_checks() -> None:
    job = work()
    here = check_site(job.sources, job.bibliography, job.files, job.links, job.today)
    there = Job(job, beside=True).result()
    assert [f.rule for f in here.findings] == ["CLM001"]
    assert there.findings == here.findings and there.counts == here.counts
    assert there.ledger == here.ledger and there.cited_in == here.cited_in == {"smith2020running": [("a.md", "A")]}


def test_a_job_runs_in_process_when_not_beside() -> None:
    assert Job(functools.partial(pow, 2, 10), beside=False).result() == 1024


def _fails() -> None:
    raise ValueError("broken page")


def test_a_failing_worker_raises_with_its_traceback() -> None:
    with pytest.raises(ValueError, match="broken page") as raised:
        Job(_fails, beside=True).result()
    assert "Traceback" in str(raised.value.__cause__)


def test_the_worker_runs_only_where_it_can_pay() -> None:
    assert not worker_pays("off")
    assert worker_pays("on") and worker_pays("on", pages=2)
    assert not worker_pays("auto", pages=5)  # a small site: the worker's start costs what it saves
