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
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 (loopback only)
            return response.read().decode("utf-8")
    except OSError:
        return None


def served_root(url: str) -> str:
    """mkdocs serve serves under site_url's path and redirects / there."""
    with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 (loopback only)
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
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=project,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert wait_for(f"http://127.0.0.1:{port}/", "The Runner"), "mkdocs serve did not answer"
        base = served_root(f"http://127.0.0.1:{port}/")

        chapter = project / "docs" / "treatment.md"
        chapter.write_text(chapter.read_text(encoding="utf-8") + "\nKnee pain is common in runners [@smith2018incidence].\n", encoding="utf-8")
        assert wait_for(f"{base}/treatment/", "Knee pain is common in runners"), "no rebuild after editing a chapter"

        bib = project / "references.bib"
        bib.write_text(bib.read_text(encoding="utf-8").replace("Incidence and prevalence of patellofemoral pain", "Incidence and prevalence of patellofemoral pain (edited)"), encoding="utf-8")
        assert wait_for(f"{base}/treatment/", "(edited)"), "no rebuild after editing references.bib"
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=30)
    assert "Traceback" not in output, output
