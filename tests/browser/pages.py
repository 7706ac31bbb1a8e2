"""The pages a reader can land on, for the browser tests (a plain module, not a test file)."""

from __future__ import annotations

from pathlib import Path

# Chromium's launch arguments are the PDF script's (scripts/print_pdf.py): one list for both.
from print_pdf import CHROMIUM_ARGS

ROOT = Path(__file__).resolve().parent.parent.parent
__all__ = ["CHAPTERS", "CHROMIUM_ARGS", "LEDGER", "MISSING", "PAGES", "page_id"]

# One page per Markdown file, the generated evidence ledger, and the 404 page (any missing
# address). test_every_built_page_is_checked keeps this list complete.
LEDGER = "claims/"
MISSING = "no-such-page/"
PAGES = [*sorted("" if md.stem == "index" else f"{md.stem}/" for md in (ROOT / "docs").glob("*.md")), LEDGER, MISSING]
CHAPTERS = ["anatomy/", "runners-knee/", "treatment/", "prevention/", "research/"]


def page_id(path: str) -> str:
    return {"": "home", MISSING: "404"}.get(path, path.strip("/"))
