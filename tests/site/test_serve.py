"""`mkdocs serve` (what `make serve` runs) answers on loopback and rebuilds after an edit,
including an edit to references.bib, which lives outside docs/ and is watched through `watch:`."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ATTEMPTS = 240  # polls, 0.25 s apart: a bound on the wait, not a timing assertion


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def served_root(url: str) -> str:
    """mkdocs serve serves under site_url's path and redirects / there."""
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.geturl().rstrip("/")


def wait_for(url: str, text: str) -> bool:
    for _ in range(ATTEMPTS):
        page = fetch(url)
        if page is not None and text in page:
            return True
        time.sleep(0.25)
    return False


def test_serve_answers_and_rebuilds_after_edits(project: Path) -> None:
    port = free_port()
    log = project / "serve.log"
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=project,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        # A file, not a pipe: the log of a build (hundreds of notices) fills a pipe nobody reads
        # until the end, and mkdocs serve then blocks on its next write.
        stdout=log.open("w", encoding="utf-8"),
        stderr=subprocess.STDOUT,
    )
    try:
        assert wait_for(f"http://127.0.0.1:{port}/", "The Runner"), "mkdocs serve did not answer"
        base = served_root(f"http://127.0.0.1:{port}/")

        chapter = project / "docs" / "treatment.md"
        chapter.write_text(
            chapter.read_text(encoding="utf-8") + "\nKnee pain is common in runners [@smith2018incidence].\n",
            encoding="utf-8",
        )
        assert wait_for(f"{base}/treatment/", "Knee pain is common in runners"), "no rebuild after editing a chapter"

        bib = project / "references.bib"
        bib.write_text(
            bib.read_text(encoding="utf-8").replace(
                "Incidence and prevalence of patellofemoral pain",
                "Incidence and prevalence of patellofemoral pain (edited)",
            ),
            encoding="utf-8",
        )
        assert wait_for(f"{base}/treatment/", "(edited)"), "no rebuild after editing references.bib"
    finally:
        server.terminate()
        server.wait(timeout=30)
    output = log.read_text(encoding="utf-8")
    assert "Traceback" not in output, output


# -- findings on the page (issue #19) ------------------------------------------------------------

UNCITED = "Ice cures runner's knee in 3 weeks."
BANNER = 'class="admonition failure evidence-findings"'


def start_serve(project: Path, port: int, log: Path) -> subprocess.Popen:
    """`mkdocs serve --no-strict`, as `make serve` runs it, its log in a file."""
    return subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--no-strict", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=project,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        stdout=log.open("w", encoding="utf-8"),
        stderr=subprocess.STDOUT,
    )


def test_serve_shows_a_pages_findings_on_it_until_they_are_fixed(project: Path, browser, tmp_path: Path) -> None:
    from evidence.findings import RULES

    chapter = project / "docs" / "treatment.md"
    original = chapter.read_text(encoding="utf-8")
    assert original.endswith("\n")
    line = original.count("\n") + 2
    port = free_port()
    log = tmp_path / "serve.log"
    server = start_serve(project, port, log)
    try:
        assert wait_for(f"http://127.0.0.1:{port}/", "The Runner"), "mkdocs serve did not answer"
        base = served_root(f"http://127.0.0.1:{port}/")
        clean = fetch(f"{base}/treatment/")
        # The guide's own chapter fails nothing (its notices, if any, show in an "info" banner).
        assert clean is not None and "CLM001" not in clean and BANNER not in clean

        chapter.write_text(original + "\n" + UNCITED + "\n", encoding="utf-8")
        assert wait_for(f"{base}/treatment/", BANNER), "no findings banner after adding an uncited claim"
        # The page keeps being served, and so do the others: a finding is not an error page or a hang.
        for path in ("/treatment/", "/", "/anatomy/", "/claims/"):
            assert fetch(base + path) is not None, f"{path} did not answer while treatment.md has a finding"

        context = browser.new_context()
        try:
            page = context.new_page()
            page.goto(f"{base}/treatment/")
            banner = page.locator(".evidence-findings.failure")
            assert banner.count() == 1 and banner.is_visible()
            text = " ".join(banner.inner_text().split())
            assert f"CLM001 line {line}:" in text, text
            assert UNCITED in text, text
            assert RULES["CLM001"].hint in text, text
            assert banner.get_attribute("role") == "alert"
            # Above the chapter's own content, where the writer looks first.
            assert page.locator("article .evidence-findings + *").count() >= 1

            chapter.write_text(original, encoding="utf-8")
            fixed = time.monotonic()
            gone_after = None
            while time.monotonic() - fixed < 2.0:
                html = fetch(f"{base}/treatment/")
                if html is not None and "The Runner" in html and BANNER not in html and "CLM001" not in html:
                    gone_after = time.monotonic() - fixed
                    break
                time.sleep(0.05)
            assert gone_after is not None, "the banner was still on the page 2 seconds after the fix"
            page.reload()
            assert page.locator(".evidence-findings.failure").count() == 0
            assert UNCITED not in " ".join(page.locator("body").inner_text().split())
            assert page.get_by_role("heading", level=1).count() == 1
        finally:
            context.close()
    finally:
        server.terminate()
        server.wait(timeout=30)
    output = log.read_text(encoding="utf-8")
    assert "Traceback" not in output, output
    assert f"docs/treatment.md:{line}:1: CLM001" in output, output


def test_a_built_site_never_carries_the_findings_banner(project: Path, tmp_path: Path, site) -> None:
    chapter = project / "docs" / "treatment.md"
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\n" + UNCITED + "\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--no-strict", "--site-dir", str(tmp_path / "site")],
        cwd=project,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "CLM001" in result.stdout + result.stderr, "the finding was not reported"
    built = (tmp_path / "site" / "treatment" / "index.html").read_text(encoding="utf-8")
    assert "Ice cures " in built and "evidence-findings" not in built
    pages = list(Path(site.site).rglob("*.html")) + list((tmp_path / "site").rglob("*.html"))
    assert len(pages) > 20
    carrying = [str(p) for p in pages if "evidence-findings" in p.read_text(encoding="utf-8")]
    assert not carrying, carrying
