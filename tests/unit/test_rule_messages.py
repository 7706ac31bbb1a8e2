"""RULES.md's examples for issue #18's rules, produced by the pure checks themselves.

The checker runs these checks, but their examples need bytes, files or whole-site state that
tests/test_contributing.py's example pages cannot hold (it lists them in CHECKED_ELSEWHERE), so
this test keeps their messages in RULES.md real: each example goes through the function that reports it, with the same page
(docs/hills.md, its body from line 7) and entry as tests/test_contributing.py, and every line
printed must appear word for word in RULES.md.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import markdown
import pytest

from evidence.bibliography import parse_bibliography
from evidence.citations import check_citation_syntax
from evidence.document import parse_document
from evidence.findings import Finding
from evidence.guardrails import check_front_matter
from evidence.limits import check_limits, decode_source
from evidence.navigation import check_navigation
from evidence.sanitize import locate, sanitize_html
from evidence.static_files import check_static_files, check_svg

ROOT = Path(__file__).resolve().parents[2]
PAGE = "docs/hills.md"
CITED = "Runner's knee is common in groups that take on a lot of new training, such as military recruits and new runners [@smith2018incidence].\n"
KEYS = {"smith2018incidence"}
ENTRY = """@article{nielsen2014obese,
  author  = {Nielsen, Rasmus Oestergaard and Bertelsen, Michael Lejbach and Parner, Erik Thorlund and S{\\o}rensen, Henrik and Lind, Martin and Rasmussen, Sten},
  title   = {TITLE},
  journal = {International Journal of Sports Physical Therapy},
  year    = {2014},
  pmid    = {24944852},
  pmcid   = {PMC4060311},
  evidence = {cohort}
}
"""


def page(body: str, **fields: str) -> str:
    data = {
        "title": "Running downhill",
        "description": "Why knees can hurt more on the way down.",
        "reviewed": dt.date.today().isoformat(),
    }
    data.update(fields)
    return "---\n" + "\n".join(f"{k}: {v}" for k, v in data.items()) + "\n---\n\n" + body


def front_matter(text: str) -> list[Finding]:
    return check_front_matter(parse_document(text, PAGE), PAGE, dt.date.today())


def sanitized(body: str) -> list[Finding]:
    text = page(body)
    _, removals = sanitize_html(markdown.markdown(body))
    return [Finding("HTML004", PAGE, *locate(r, text), r.text, r.message) for r in removals]


def static(tmp: Path) -> list[Finding]:
    (tmp / "docs" / "assets" / "javascripts").mkdir(parents=True)
    (tmp / "docs" / "assets" / "javascripts" / "zoom.js").write_text("zoom()", encoding="utf-8")
    return check_static_files(tmp / "docs", tmp, set())


def new_page_in_the_nav(tmp: Path) -> list[Finding]:
    """The real mkdocs.yml and error form, with a new page 'Running downhill' in the nav only."""
    (tmp / ".github" / "ISSUE_TEMPLATE").mkdir(parents=True)
    form = ROOT / ".github" / "ISSUE_TEMPLATE" / "1-error.yml"
    (tmp / ".github" / "ISSUE_TEMPLATE" / "1-error.yml").write_bytes(form.read_bytes())
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "      - Prevention: prevention.md\n" in config
    config = config.replace(
        "      - Prevention: prevention.md\n",
        "      - Prevention: prevention.md\n      - Running downhill: hills.md\n",
        1,
    )
    (tmp / "mkdocs.yml").write_text(config, encoding="utf-8")
    return check_navigation(tmp, ["hills.md"])


def only(rule: str, findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.rule == rule]


EXAMPLES: dict[str, Callable[[Path], list[Finding]]] = {
    "FM006": lambda _: front_matter(page("Text.\n", hide="&h [toc]", claims="*h")),
    "FM007": lambda _: front_matter(page("Text.\n", subtitle='"Hills <b>and</b> knees"')),
    "HTML004": lambda _: sanitized("Read [the guideline](javascript:alert(1)).\n"),
    "STA001": lambda _: check_svg(
        b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">\n  <circle cx="5" cy="5" r="4" onclick="zoom()"/>\n</svg>\n',
        "docs/assets/images/hill.svg",
    ),
    "STA002": static,
    "LIM001": lambda _: only("LIM001", check_limits(page("Text.\n" + "word " * 250_000), PAGE)),
    "LIM002": lambda _: only("LIM002", check_limits(page("Text.\n\n" + "a" * 12_000 + "\n"), PAGE)),
    "LIM003": lambda _: only("LIM003", check_limits(page("[" * 40 + "x" + "]" * 40 + "\n"), PAGE)),
    "LIM004": lambda _: only("LIM004", check_limits(page("".join("    " * i + "- level\n" for i in range(14))), PAGE)),
    "ENC001": lambda _: decode_source(page("Jos\xe9 runs.\n").encode("latin-1"), PAGE)[1],
    "BIB010": lambda _: (
        parse_bibliography(
            ENTRY.replace("TITLE", "\\href{https://example.org/full-text}{The full text}"), "references.bib"
        ).findings
    ),
    "CIT005": lambda _: check_citation_syntax(page(CITED.replace("incidence]", "incidence")), PAGE, KEYS),
    "CIT006": lambda _: check_citation_syntax(
        page(CITED.replace("[@smith2018incidence]", "[[@smith2018incidence]]")), PAGE, KEYS
    ),
    "CIT007": lambda _: check_citation_syntax(
        page("Read [the study on new runners [@smith2018incidence]](https://example.org).\n"), PAGE, KEYS
    ),
    "NAV002": lambda tmp: only("NAV002", new_page_in_the_nav(tmp)),
    "CIT008": lambda _: check_citation_syntax(
        page(CITED + "\nA note of ours[^smith2018incidence].\n\n[^smith2018incidence]: Our own note.\n"), PAGE, KEYS
    ),
}


@pytest.mark.parametrize("rule", sorted(EXAMPLES))
def test_example_message_is_in_rules_md(rule: str, tmp_path: Path) -> None:
    findings = EXAMPLES[rule](tmp_path)
    assert findings and {f.rule for f in findings} == {rule}, [f.format_text() for f in findings]
    text = (ROOT / "RULES.md").read_text(encoding="utf-8")
    missing = [f.format_text() for f in findings if f"{f.format_text()}\n" not in text]
    assert not missing, "RULES.md lacks the message(s); paste:\n" + "\n".join(missing)
