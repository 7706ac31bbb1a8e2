"""Rules as objects: every code is defined once (hooks/evidence/findings.py RULES), a misspelt
code fails at once, a site sets severities in mkdocs.yml, and suppressions name their rule."""

from __future__ import annotations

import ast
import datetime as dt
import re
from pathlib import Path

import pytest

import check
from evidence.analysis import analyze
from evidence.bibliography import parse_bibliography_bytes
from evidence.findings import RULES, SUPPRESSIBLE, Finding, RuleSettings, Severity, format_json
from evidence.site_config import EvidenceSettings

ROOT = Path(__file__).resolve().parents[2]
CODE = re.compile(r"^[A-Z]{2,4}[0-9]{3}$")
FIXTURES = ROOT / "tests" / "fixtures" / "rules"


def test_every_rule_code_in_the_code_is_defined() -> None:
    """No check module spells a code RULES does not define (a misspelt code in a branch no
    test reaches would otherwise fail only when that branch runs)."""
    unknown = []
    for file in sorted((ROOT / "hooks").rglob("*.py")) + sorted((ROOT / "scripts").glob("*.py")):
        for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and CODE.match(node.value)
                and node.value not in RULES
            ):
                unknown.append(f"{file.relative_to(ROOT)}:{node.lineno}: {node.value}")
    assert not unknown, "codes not in RULES:\n" + "\n".join(unknown)


def test_a_misspelt_code_fails_when_the_finding_is_made() -> None:
    with pytest.raises(ValueError, match="unknown rule code 'CLM01'"):
        Finding("CLM01", "docs/x.md", 1, 1, "", "uncited claim")
    assert Finding(RULES["CLM001"], "docs/x.md", 1, 1, "", "m").rule == "CLM001"  # a Rule is stored as its code


def test_the_site_sets_a_rules_severity_or_turns_it_off() -> None:
    rules = RuleSettings.from_config({"CLM001": "warning", "PSG005": "off", "CLM002": "notice"})
    found = [Finding(code, "docs/x.md", 1, 1, "", "m") for code in ("CLM001", "PSG005", "CLM002", "CIT001")]
    shown = rules.apply(found)
    assert [(f.rule, f.severity) for f in shown] == [
        ("CLM001", Severity.WARNING),
        ("CLM002", Severity.NOTICE),
        ("CIT001", Severity.ERROR),
    ]
    assert '"severity": "notice"' in format_json(shown) and '"level"' not in format_json(shown)
    assert RuleSettings.from_config({"PSG005": False}).apply(found[1:2]) == []  # YAML reads a bare off as false


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ({"CLM01": "notice"}, "unknown rule code 'CLM01'"),
        ({"CLM001": "info"}, "unknown severity 'info'"),
        ({"CLM001": ["error"]}, "unknown severity"),
        (["CLM001"], "must map rule codes"),
    ],
)
def test_a_bad_rules_setting_is_an_error(config: object, message: str, tmp_path: Path) -> None:
    (tmp_path / "references.bib").write_text("", encoding="utf-8")
    (tmp_path / "style.csl").write_text("", encoding="utf-8")
    extra = {"evidence": {"bib_file": "references.bib", "csl_file": "style.csl", "rules": config}}
    with pytest.raises(ValueError, match=re.escape(message)):
        EvidenceSettings.from_extra(extra, tmp_path)


def project(tmp_path: Path, rules: str) -> Path:
    (tmp_path / "docs").mkdir()
    (tmp_path / "references.bib").write_bytes((FIXTURES / "references.bib").read_bytes())
    (tmp_path / "style.csl").write_text("", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: T\nextra:\n  evidence:\n    bib_file: references.bib\n    csl_file: style.csl\n" + rules,
        encoding="utf-8",
    )
    (tmp_path / "docs" / "x.md").write_text((FIXTURES / "CLM001.md").read_text(encoding="utf-8"), encoding="utf-8")
    return tmp_path


def test_the_command_line_applies_the_sites_rules(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(project(tmp_path, "    rules:\n      CLM001: notice\n"))
    assert check.main(["docs/x.md"]) == 0  # every finding is now a notice
    assert capsys.readouterr().err.startswith("0 findings in 1 page")


def test_the_command_line_names_mkdocs_yml_for_a_bad_rules_setting(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(project(tmp_path, "    rules:\n      CLM009: off\n"))
    with pytest.raises(SystemExit) as exit:
        check.main(["docs/x.md"])
    assert (
        exit.value.code == 2
        and "mkdocs.yml: extra.evidence.rules: unknown rule code 'CLM009'" in capsys.readouterr().err
    )


def findings(body: str) -> list[tuple[str, int]]:
    bibliography = parse_bibliography_bytes((FIXTURES / "references.bib").read_bytes(), "references.bib")
    text = "---\ntitle: T\ndescription: D\nreviewed: 2026-11-01\n---\n\n" + body
    report = analyze([("x.md", "docs/x.md", text)], bibliography, today=dt.date(2026, 11, 30), whole_site=False)
    return [(f.rule, f.line) for f in report.findings]


def test_a_suppression_covers_the_rules_it_names_in_the_next_sentence_only() -> None:
    body = '<!-- evidence: ignore CLM001 "a myth, answered below" --> Ice cures knee pain. Ice cures knee pain fast.\n'
    assert findings(body) == [("CLM001", 7)]


def test_a_suppression_of_clm001_also_covers_the_notice_clm005() -> None:
    assert findings("Your knee will thank you.\n") == [("CLM005", 7)]
    assert findings('<!-- evidence: ignore CLM001 "encouragement" -->\nYour knee will thank you.\n') == []


def test_a_suppression_names_several_rules() -> None:
    body = (
        '<!-- evidence: ignore CLM002, CLM001 "the study\'s own title" -->\nRunning prevents knee pain [@pilot2016].\n'
    )
    assert findings(body) == [("CLM004", 7)]  # CLM002 used; nothing for CLM001 in a cited sentence


def test_only_sentence_rules_can_be_suppressed() -> None:
    assert {"CLM001", "CLM002", "CLM005", "NUM001", "NUM002", "PSG005"} == SUPPRESSIBLE
    assert set(RULES) >= SUPPRESSIBLE


def test_the_ledger_shows_each_suppressions_reason() -> None:
    from evidence.ledger import Links, ledger
    from evidence.passages import load_passages

    bibliography = parse_bibliography_bytes((FIXTURES / "references.bib").read_bytes(), "references.bib")
    store = load_passages(FIXTURES / "PSG005.passages", FIXTURES, bibliography.references)
    text = (FIXTURES / "PSG005.md").read_text(encoding="utf-8")
    report = analyze(
        [("x.md", "docs/x.md", text)], bibliography, today=dt.date(2026, 11, 30), whole_site=False, passages=store
    )
    tables = "".join(ledger(report, Links({"x.md": "../x/"}, None)).tables.values())
    assert "(PSG005 ignored: the record&#x27;s words are in a table, not quotable)" in tables


# ---------------------------------------------------------------------------------------------
# Evidence types and the page schema, per site (extra.evidence.evidence_types, page_schema)

SITE_TYPES = (
    "    evidence_types:\n"
    "      rct: {label: Randomized trial}\n"
    "      pilot: Pilot study\n"
    "      systematic-review: {label: Systematic review}\n"
    "      case-report: {label: Case report, weak: true}\n"
)


def test_a_site_names_its_own_evidence_types_and_which_are_weak(tmp_path: Path) -> None:
    settings = EvidenceSettings.from_extra(
        read_extra(project(tmp_path, SITE_TYPES + "    page_schema: {}\n")), tmp_path
    )
    types = settings.evidence_types
    assert dict(types.labels)["rct"] == "Randomized trial" and types.weak == frozenset({"case-report"})
    text = (FIXTURES / "references.bib").read_bytes()
    bibliography = parse_bibliography_bytes(text, "references.bib", types)
    assert bibliography.references["trial2020"].evidence_label == "Randomized trial"
    # pilot is not weak on this site, so strong wording on a pilot alone is no CLM002 here
    assert not bibliography.references["pilot2016"].weak
    assert parse_bibliography_bytes(text, "references.bib").references["pilot2016"].weak  # the guide's default
    # a type the site does not list is BIB007, naming the site's types
    cohort = text.replace(b"{rct}", b"{cohort}")
    unknown = [f.message for f in parse_bibliography_bytes(cohort, "references.bib", types).findings]
    assert unknown == ["'trial2020' has evidence 'cohort', not one of: rct, pilot, systematic-review, case-report"]


def test_a_site_sets_its_page_schema(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    schema = (
        "    page_schema:\n      required: [title, owner]\n      optional: [audience]\n      review_interval_days: 30\n"
    )
    monkeypatch.chdir(project(tmp_path, schema))
    page = tmp_path / "docs" / "x.md"
    page.write_text(
        "---\ntitle: T\ndescription: D\nreviewed: 2026-10-01\naudience: runners\n---\n\nKnee pain is common [@trial2020].\n",
        encoding="utf-8",
    )
    check.main(["docs/x.md"])
    out = capsys.readouterr().out
    assert "FM002" in out and "front matter has no 'owner'" in out
    assert "FM004" not in out  # audience is an optional key here, description a known one
    assert "more than 30 days ago" in out


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ("    evidence_types: [rct]\n", "must map each type to its label"),
        ("    evidence_types:\n      rct: {label: ''}\n", "extra.evidence.evidence_types.rct: give label"),
        ("    evidence_types:\n      rct: {label: Trial, weak: maybe}\n", "give label (text) and optionally weak"),
        ("    page_schema:\n      required: title\n", "page_schema.required must be a list"),
        ("    page_schema:\n      review_interval_days: 0\n", "review_interval_days must be a whole number"),
        ("    page_schema:\n      mandatory: [title]\n", "page_schema takes required, optional"),
    ],
)
def test_a_bad_evidence_type_or_page_schema_setting_is_an_error(setting: str, message: str, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        EvidenceSettings.from_extra(read_extra(project(tmp_path, setting)), tmp_path)


def read_extra(folder: Path) -> dict:
    from evidence.site_config import read_mkdocs_yml

    return read_mkdocs_yml(folder / "mkdocs.yml").get("extra") or {}
