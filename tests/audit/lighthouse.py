#!/usr/bin/env python3
"""`make audit`: Lighthouse on the home page and every chapter, as a reader's phone sees them.

Serves the built site on 127.0.0.1 the way GitHub Pages does (tests/siteserver.py: under the
site_url path, gzip), runs Lighthouse (npm, pinned in package.json) with its default mobile
settings in Debian's Chromium, and prints the four scores per page. Each page runs --runs times and
the median score per category counts, because one run on a busy machine is noisy. Exits non-zero
when a page scores below performance 95, or below 100 in accessibility, best practices or SEO,
and then lists the audits that cost the points. Standard library and subprocess only: this is not
a pytest test (Lighthouse is slow), so it is not named test_*.

    python tests/audit/lighthouse.py --site site [--runs 3] [--page anatomy/ ...]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

TESTS = Path(__file__).resolve().parent.parent
ROOT = TESTS.parent
sys.path.insert(0, str(TESTS))

from siteserver import SiteServer  # noqa: E402

CATEGORIES = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}
CHROME_FLAGS = (
    "--headless --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update --disable-sync --no-first-run"
)
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"


def chapters(config: Path = ROOT / "mkdocs.yml") -> list[str]:
    """The home page and the pages of the nav's "The guide" section, as URL paths."""
    pages, inside = [""], False
    for line in config.read_text(encoding="utf-8").splitlines():
        stripped = line.strip()
        if stripped == "- The guide:":
            inside, indent = True, len(line) - len(line.lstrip())
            continue
        if inside:
            if not stripped or len(line) - len(line.lstrip()) <= indent:
                break
            source = stripped.rsplit(":", 1)[1].strip()
            pages.append(source.removesuffix(".md").removesuffix("index") + "/")
    if len(pages) == 1:
        sys.exit('lighthouse.py: no "The guide" section found in the nav of mkdocs.yml')
    return pages


def chrome() -> str:
    path = (
        os.environ.get("CHROME_PATH")
        or os.environ.get("CHROMIUM")
        or shutil.which("chromium")
        or shutil.which("chromium-browser")
    )
    if not path:
        sys.exit("lighthouse.py: Chromium is missing: sudo apt-get install chromium, or set CHROME_PATH")
    return path


def lighthouse(url: str, report: Path, chrome_path: str) -> dict:
    command = [
        str(LIGHTHOUSE),
        url,
        "--output=json",
        f"--output-path={report}",
        "--quiet",
        f"--chrome-flags={CHROME_FLAGS}",
    ]
    result = subprocess.run(
        command, env={**os.environ, "CHROME_PATH": chrome_path}, capture_output=True, text=True, timeout=300
    )
    if result.returncode != 0 or not report.is_file():
        sys.exit(f"lighthouse.py: Lighthouse failed on {url}:\n{result.stderr[-2000:]}")
    return json.loads(report.read_text(encoding="utf-8"))


def scores(lhr: dict) -> dict[str, int]:
    return {name: round((lhr["categories"][name]["score"] or 0) * 100) for name in CATEGORIES}


def losses(lhr: dict) -> list[str]:
    """The audits that cost points, with the value Lighthouse measured."""
    lines = []
    for name in CATEGORIES:
        for ref in lhr["categories"][name]["auditRefs"]:
            audit = lhr["audits"][ref["id"]]
            if ref.get("weight", 0) > 0 and audit.get("score") is not None and audit["score"] < 1:
                value = audit.get("displayValue", "")
                lines.append(f"    {name}: {ref['id']} (score {audit['score']:.2f}) {value}".rstrip())
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, default=ROOT / "site", help="the built site")
    parser.add_argument("--runs", type=int, default=3, help="runs per page; the median counts")
    parser.add_argument("--page", action="append", help="a page path such as anatomy/ (repeatable)")
    parser.add_argument("--reports", type=Path, default=ROOT / "lighthouse-reports", help="where the JSON reports go")
    args = parser.parse_args()

    if not LIGHTHOUSE.exists():
        sys.exit("lighthouse.py: Lighthouse is missing: run `npm ci` (needs Node 18.16 or newer)")
    if not (args.site / "index.html").is_file():
        sys.exit(f"lighthouse.py: no built site in {args.site}: run `make build` first")
    chrome_path = chrome()
    pages = args.page or chapters()
    args.reports.mkdir(parents=True, exist_ok=True)

    rows, failures = [], []
    with SiteServer(args.site) as base:
        for page in pages:
            runs = []
            for run in range(1, args.runs + 1):
                name = (page.strip("/").replace("/", "-") or "home") + f"-{run}.json"
                runs.append(lighthouse(base + page, args.reports / name, chrome_path))
            median = {c: round(statistics.median(scores(r)[c] for r in runs)) for c in CATEGORIES}
            # The run closest to the median performance explains the points lost.
            typical = min(runs, key=lambda r: abs(scores(r)["performance"] - median["performance"]))
            rows.append((page or "(home)", median, [scores(r)["performance"] for r in runs]))
            low = [c for c, floor in CATEGORIES.items() if median[c] < floor]
            if low:
                failures.append((page or "(home)", low, losses(typical)))
            print(f"  {page or '(home)'}: {median} (performance per run: {rows[-1][2]})", file=sys.stderr, flush=True)

    print(f"\nLighthouse {lighthouse_version()}, mobile, median of {args.runs} run(s) per page\n")
    header = f"| {'Page':<15} | Performance | Accessibility | Best practices | SEO |"
    print(header)
    print("|" + "|".join("-" * (len(cell)) for cell in header.split("|")[1:-1]) + "|")
    for page, median, _per_run in rows:
        print(
            f"| {page:<15} | {median['performance']:>11} | {median['accessibility']:>13} "
            f"| {median['best-practices']:>14} | {median['seo']:>3} |"
        )
    print(f"\nFloors: {', '.join(f'{c} {v}' for c, v in CATEGORIES.items())}")
    for page, low, lines in failures:
        print(f"\n{page} is below the floor in {', '.join(low)}; audits that cost points:")
        print("\n".join(lines) or "    (none listed)")
    return 1 if failures else 0


def lighthouse_version() -> str:
    package = ROOT / "node_modules" / "lighthouse" / "package.json"
    return json.loads(package.read_text(encoding="utf-8"))["version"] if package.is_file() else "?"


if __name__ == "__main__":
    sys.exit(main())
