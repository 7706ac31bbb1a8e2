"""How well the guide's cited claims are grounded in source passages (issue #17).

    python scripts/passages_coverage.py [--findings] [--list STATUS] [--root DIR]

Prints how many claims are supported, numbers-missing, no-passage (and uncited, suppressed,
exempt), how many cited claims have numbers, and the time the grounding took. --findings prints
the PSG/NUM findings as the checker would; --list STATUS lists the claims with that status.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "hooks"))

from evidence.analysis import analyze, load_bibliography_file, read_tree
from evidence.findings import Finding, format_text
from evidence.passages import Grounding, coverage, ground_claims, load_passages


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parents[1])
    parser.add_argument("--findings", action="store_true")
    parser.add_argument("--list", metavar="STATUS")
    args = parser.parse_args(argv)
    root = args.root
    bibliography = load_bibliography_file(root / "references.bib", root)
    sources, _ = read_tree(root / "docs", root)
    report = analyze(sources, bibliography)

    def run() -> tuple[list[Grounding], list[Finding], float, float]:
        started = time.process_time()
        store = load_passages(root / "passages", root, bibliography.references)
        loaded = time.process_time()
        groundings, findings = [], list(store.findings)
        for page in report.pages.values():
            page_groundings, page_findings = ground_claims(
                page.claims, store, bibliography.references, exempt=page.exempt_reason is not None
            )
            groundings += page_groundings
            findings += page_findings
        return groundings, findings, loaded - started, time.process_time() - loaded

    # CPU time, the fastest of five runs (other processes on the machine only slow a run down);
    # loading counted on the first run, before the files are cached.
    runs = [run() for _ in range(5)]
    groundings, findings = runs[0][0], runs[0][1]
    load_time, ground_time = runs[0][2], min(r[3] for r in runs)
    store = load_passages(root / "passages", root, bibliography.references)

    counts = coverage(groundings)
    cited = [g for g in groundings if g.claim.keys]
    numeric = [g for g in cited if any(n.result not in ("year", "quoted") for n in g.numbers)]
    passages = sum(len(p) for p in store.passages.values())
    print(
        f"passages: {passages} in {len(store.passages)} files; claims: {len(groundings)}, cited: {len(cited)}, with numbers: {len(numeric)}"
    )
    for status, n in counts.items():
        print(f"  {status:<16} {n}")
    numeric_supported = sum(1 for g in numeric if g.status == "supported")
    print(f"  numeric claims supported: {numeric_supported} of {len(numeric)}")
    by_rule: dict[str, int] = {}
    for f in findings:
        by_rule[f.rule] = by_rule.get(f.rule, 0) + 1
    print("findings: " + ", ".join(f"{k} {v}" for k, v in sorted(by_rule.items())))
    pages = max(len(report.pages), 1)
    print(
        f"CPU time: load {1000 * load_time:.1f} ms (first run), grounding {1000 * ground_time:.1f} ms (fastest of 5) "
        f"({1000 * ground_time / pages:.2f} ms per page, {len(report.pages)} pages)"
    )
    if args.findings:
        print(format_text(findings))
    if args.list:
        for g in groundings:
            if g.status == args.list:
                print(f"{g.claim.path}:{g.claim.line}: {g.claim.text}")
                for c in g.chosen:
                    print(f"    <- {c.key} ({c.score:.2f}): {c.text[:120]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
