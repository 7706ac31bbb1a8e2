"""Write the generated parts of RULES.md (and CONTRIBUTING.md's evidence table) from the code.

    python scripts/rules_doc.py          # rewrite them
    python scripts/rules_doc.py --check  # exit 1 when they are out of date (tests/test_contributing.py)

From RULES in hooks/evidence/findings.py: the table of every rule (code, problem, level, whether
a sentence's comment may suppress it, what to do), and each rule's `### CODE summary` heading,
with a stub section for a rule that has none yet. Each section's prose, its broken example and
the checker's real message for it are written by hand: tests/test_contributing.py runs every
example and fails, printing the text to paste, when a message in RULES.md is not the real one.
From EVIDENCE_TYPES in hooks/evidence/bibliography.py: CONTRIBUTING.md's table of evidence types.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))

from evidence.bibliography import EVIDENCE_TYPES, WEAK_EVIDENCE  # noqa: E402
from evidence.findings import RULES, SUPPRESSIBLE  # noqa: E402

RULES_MD = ROOT / "RULES.md"
CONTRIBUTING = ROOT / "CONTRIBUTING.md"
HEADING = re.compile(r"^### ([A-Z]{2,4}[0-9]{3})\b.*$", re.M)


def slug(heading: str) -> str:
    """GitHub's anchor for a heading."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def rule_heading(code: str) -> str:
    return f"{code} {RULES[code].summary}"


def _cell(text: str) -> str:
    text = text.replace("|", "\\|")
    return f"`{text}`" if "<" in text and "`" not in text else text


def rule_table() -> str:
    rows = ["| Rule | Problem | Level | Per sentence | What to do |", "| --- | --- | --- | --- | --- |"]
    for code, rule in RULES.items():
        ignore = "yes" if code in SUPPRESSIBLE else ""
        rows.append(
            f"| [{code}](#{slug(rule_heading(code))}) | {rule.summary} | {rule.severity.value} | {ignore} | {_cell(rule.hint)} |"
        )
    return "\n".join(rows) + "\n"


def evidence_table() -> str:
    rows = [
        '| `evidence` | The guide shows it as | Too weak alone for "causes", "cures", "prevents", "proves" (CLM002) |',
        "| --- | --- | --- |",
    ]
    for key, label in EVIDENCE_TYPES.items():
        rows.append(f"| `{key}` | {label} | {'yes' if key in WEAK_EVIDENCE else ''} |")
    return "\n".join(rows) + "\n"


def replace_block(text: str, name: str, body: str) -> str:
    pattern = re.compile(rf"(<!-- {name}:begin[^>]*-->\n)(.*?)(<!-- {name}:end -->)", re.S)
    if not pattern.search(text):
        raise SystemExit(f"no <!-- {name}:begin --> ... <!-- {name}:end --> block")
    return pattern.sub(lambda m: m.group(1) + body + m.group(3), text, count=1)


def with_headings(text: str) -> str:
    """Each rule's heading as RULES says it; a stub section for a rule that has none."""
    text = HEADING.sub(lambda m: f"### {rule_heading(m.group(1))}" if m.group(1) in RULES else m.group(0), text)
    have = set(HEADING.findall(text))
    stubs = [
        f"### {rule_heading(code)}\n\n(To write: when it happens, a broken example and its message.)\n\n"
        f"**Fix:** {RULES[code].hint}.\n"
        for code in RULES
        if code not in have
    ]
    if stubs:
        text = text.rstrip("\n") + "\n\n" + "\n".join(stubs)
    return text


def generated() -> dict[Path, str]:
    rules = with_headings(replace_block(RULES_MD.read_text(encoding="utf-8"), "rules", rule_table()))
    contributing = replace_block(CONTRIBUTING.read_text(encoding="utf-8"), "evidence", evidence_table())
    return {RULES_MD: rules, CONTRIBUTING: contributing}


def main(argv: list[str]) -> int:
    stale = [path for path, text in generated().items() if path.read_text(encoding="utf-8") != text]
    if "--check" in argv:
        for path in stale:
            print(f"{path.name} is out of date: run python scripts/rules_doc.py", file=sys.stderr)
        return 1 if stale else 0
    for path, text in generated().items():
        path.write_text(text, encoding="utf-8")
    print("wrote " + (", ".join(p.name for p in stale) or "nothing (up to date)"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
