"""Every hostile input of tests/fixtures/hostile/cases.yml through the pure checks and the
sanitizer (issue #18): each case's expected finding is reported, each "safe" case gets none, and
whatever the case, the HTML that would be published holds nothing active.

A page payload goes through what the build will run, in order: the limits (LIM, before any
parser), the source checks (front matter, raw HTML, links, citation syntax), then Python-Markdown
with mkdocs.yml's extensions and the sanitizer (HTML004, located back in the source). The lead's
build-level and Chromium-level runs read the same file.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import html5lib
import markdown
import pytest
from hostile import ACTIVE_ELEMENTS, CASES, payload, render

from evidence.bibliography import parse_bibliography, parse_bibliography_bytes
from evidence.citations import check_citation_syntax
from evidence.document import parse_document
from evidence.findings import Finding
from evidence.frontmatter import split_front_matter
from evidence.guardrails import check_front_matter, check_html, check_links
from evidence.limits import check_limits, decode_source, yaml_has_aliases
from evidence.sanitize import locate, sanitize_html, url_problem
from evidence.site_config import read_mkdocs_yml
from evidence.static_files import check_static_files

ROOT = Path(__file__).resolve().parents[2]
PATH = "docs/hills.md"
TODAY = dt.date(2026, 11, 30)
KEYS = {"smith2018incidence", "pwn2020"}
FRONT_MATTER = {
    "title": "Running downhill",
    "description": "Why knees can hurt more on the way down.",
    "reviewed": "2026-11-01",
}
BODY = "Runner's knee is common in new runners [@smith2018incidence].\n\n"
BIB = """@article{smith2018incidence,
  author = {Smith, Jane},
  title = {Incidence of knee pain},
  journal = {Knee J},
  year = {2018},
  pmid = {12345678},
  evidence = {cohort}
}
"""
SECURITY_RULES = {
    "HTML001",
    "HTML002",
    "HTML003",
    "HTML004",
    "LNK001",
    "FM006",
    "FM007",
    "STA001",
    "STA002",
    "LIM001",
    "LIM002",
    "LIM003",
    "LIM004",
    "ENC001",
    "CIT005",
    "CIT006",
    "CIT007",
    "CIT008",
    "BIB001",
    "BIB002",
    "BIB006",
    "BIB007",
    "BIB010",
}


def published(html: str, text: str) -> tuple[str, list[Finding]]:
    clean, removals = sanitize_html(html)
    return clean, [Finding("HTML004", PATH, *locate(r, text), r.text, r.message) for r in removals]


def front_matter_block(extra: str = "", replace: str | None = None) -> str:
    lines = [f"{k}: {v}" for k, v in FRONT_MATTER.items() if k != replace]
    return "---\n" + "\n".join(lines) + "\n" + extra + "---\n\n"


def check_page(text: str) -> tuple[list[Finding], str]:
    """The findings for a page's text, and the HTML that would be published."""
    findings = check_limits(text, PATH)
    if findings:
        return findings, ""  # the build stops here, before any parser reads the page
    raw, _ = split_front_matter(text)
    alias = yaml_has_aliases(raw, first_line=2)
    if alias is not None:
        return [Finding("FM006", PATH, alias, 1, "", "alias")], ""
    document = parse_document(text, PATH)
    findings += check_front_matter(document, PATH, TODAY)
    findings += check_html(document, PATH)
    findings += check_links(document, PATH, "hills.md", None)
    findings += check_citation_syntax(text, PATH, KEYS)
    html, removed = published(render(text), text)
    return findings + removed, html


def run(case: dict[str, Any], tmp_path: Path) -> tuple[list[Finding], str]:
    where, text = case["where"], payload(case)
    if where == "page":
        return check_page(front_matter_block() + BODY + text)
    if where == "front-matter":
        return check_page(front_matter_block(text, case.get("replace")) + BODY)
    if where == "page-bytes":
        data = (front_matter_block() + text).encode(case["encoding"])
        decoded, findings = decode_source(data, PATH)
        return (findings, "") if decoded is None else check_page(decoded)
    if where == "bib-entry":
        return parse_bibliography(BIB + "\n" + text, "references.bib").findings, ""
    if where == "bib-bytes":
        return parse_bibliography_bytes((BIB + "\n" + text).encode(case["encoding"]), "references.bib").findings, ""
    if where == "reference-text":
        # As rendering.py turns pandoc's text into HTML: a plain Python-Markdown.
        clean, findings = published(markdown.Markdown().convert(text), text)
        return findings, clean
    if where == "docs-file":
        docs = tmp_path / "docs"
        target = docs / case["path"]
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        config = read_mkdocs_yml(ROOT / "mkdocs.yml")
        allowed = set(config.get("extra_css") or []) | set(config.get("extra_javascript") or [])
        return check_static_files(docs, tmp_path, allowed), ""
    raise AssertionError(f"unknown where: {where}")


def assert_inert(html: str) -> None:
    """Nothing in the published HTML can run script, load another site or restyle the page."""
    root = html5lib.parseFragment(html, treebuilder="etree", namespaceHTMLElements=False)
    for element in root.iter():
        tag = element.tag.rsplit("}", 1)[-1].lower() if isinstance(element.tag, str) else ""
        assert tag not in ACTIVE_ELEMENTS, html
        for name, value in element.attrib.items():
            name = name.rsplit("}", 1)[-1].lower()
            assert not name.startswith("on"), html
            assert name not in ("srcset", "srcdoc", "formaction", "action", "xlink:href"), html
            if name in ("href", "src"):
                assert url_problem(tag, name, value) is None, html
            if name == "style":
                assert tag in ("td", "th") and value.replace(" ", "").rstrip(";").startswith("text-align:"), html


def test_the_corpus_covers_every_family_of_the_review() -> None:
    assert len(CASES) >= 100
    assert len({c["id"] for c in CASES}) == len(CASES)
    families = {c["family"] for c in CASES}
    assert {
        "raw-html",
        "policy",
        "front-matter",
        "bibliography",
        "static-files",
        "snippets",
        "limits",
        "encoding",
        "citations",
        "safe",
    } <= families


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_hostile_case(case: dict[str, Any], tmp_path: Path) -> None:
    findings, html = run(case, tmp_path)
    rules = {f.rule for f in findings}
    shown = "\n".join(f.format_text() for f in findings) or "(no findings)"
    expect = case["expect"]
    if expect == "safe":
        assert not rules & SECURITY_RULES, shown
    else:
        rule = expect.removeprefix("finding ")
        assert rule in rules, shown
        assert all(f.path and f.line >= 1 for f in findings), shown
    assert_inert(html)
