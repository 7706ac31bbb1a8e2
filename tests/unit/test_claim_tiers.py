"""What the build does with the classifier's verdicts (hooks/evidence/claims.py): a clear claim
uncited is CLM001 (an error), a possible one is CLM005 (a notice, never failing), and every
message says why the sentence was taken for a claim."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import ROOT
from evidence import claim_model
from evidence.claims import apply_suppressions, check_claims
from evidence.classify import Tier, classify
from evidence.document import parse_document
from evidence.findings import RULES, Severity

FRONT = "---\ntitle: T\ndescription: D\nreviewed: 2026-01-01\n---\n\n"


def findings(body: str, exempt: bool = False):  # type: ignore[no-untyped-def]
    document = parse_document(FRONT + body, "docs/t.md")
    claims, found = check_claims(document, "docs/t.md", {}, exempt=exempt)
    return claims, apply_suppressions(document, "docs/t.md", found, grounded=False)


def _unsure_sentence() -> str:
    """A sentence the committed model is unsure about (the model changes when retrained)."""
    for sentence in (
        "Your knee will thank you.",
        "It is a slow process.",
        "That is normal.",
        "Knees are tough.",
        "You're all set.",
    ):
        if classify(sentence).tier is Tier.UNSURE:
            return sentence
    raise AssertionError("none of the candidates is in the notice band of the committed model")


def test_clm005_is_a_notice() -> None:
    assert RULES["CLM005"].severity is Severity.NOTICE
    assert RULES["CLM001"].severity is Severity.ERROR


def test_a_clear_claim_is_an_error_that_names_its_cue() -> None:
    claims, found = findings("Hip exercises reduce knee pain.\n")
    assert [(f.rule, f.message) for f in found] == [("CLM001", "uncited claim (causal verb 'reduce')")]
    assert len(claims) == 1


def test_a_number_is_named() -> None:
    _, found = findings("Most runners recover in 6 weeks.\n")
    assert [(f.rule, f.message) for f in found] == [("CLM001", "uncited claim (has a number '6')")]


def test_a_possible_claim_is_a_notice_with_the_model_score_and_is_not_listed() -> None:
    sentence = _unsure_sentence()
    claims, found = findings(sentence + "\n")
    assert [f.rule for f in found] == ["CLM005"]
    assert found[0].message.startswith("possible uncited claim (model score ")
    assert found[0].severity is Severity.NOTICE
    assert claims == []  # the ledger lists what the guide states as fact, not what might be


def test_a_possible_claim_that_is_cited_or_suppressed_is_listed_and_quiet() -> None:
    sentence = _unsure_sentence()
    claims, found = findings(f'<!-- evidence: ignore CLM001 "encouragement" -->\n{sentence}\n')
    assert found == [] and len(claims) == 1 and claims[0].suppression is not None


def test_exempt_pages_get_no_notices() -> None:
    assert findings(_unsure_sentence() + "\n\nHip exercises reduce knee pain.\n", exempt=True)[1] == []


def test_non_claims_and_navigation_get_nothing() -> None:
    body = (
        "See a doctor if your knee swells.\n\n"
        "I wasn't born running.\n\n"
        "- [Treatment](treatment.md)\n"
        "- See [Treatment](treatment.md) for the exercises that help.\n\n"
        "Ask your physical therapist how to tape your kneecap.\n"
    )
    _claims, found = findings(body)
    assert [f.rule for f in found] == ["CLM001"]
    assert found[0].message == "uncited claim (advice through a clinician ('Ask your physical therapist how to'))"


def test_clm002_names_the_strong_verb() -> None:
    from evidence.bibliography import parse_bibliography

    bib = parse_bibliography(
        "@article{p2016,\n  author = {A, B},\n  title = {T},\n  journal = {J},\n  year = {2016},\n"
        "  doi = {10.1/x},\n  evidence = {pilot}\n}\n",
        "refs.bib",
    )
    document = parse_document(FRONT + "Running prevents knee inflammation [@p2016].\n", "docs/t.md")
    _, found = check_claims(document, "docs/t.md", bib.references)
    assert [(f.rule, f.message) for f in found] == [
        ("CLM002", "strong causal wording 'prevents' rests only on pilot evidence")
    ]


def test_the_command_line_exits_0_on_notices_alone(tmp_path: Path) -> None:
    (tmp_path / "refs.bib").write_text("", encoding="utf-8")
    page = tmp_path / "page.md"
    page.write_text(FRONT + _unsure_sentence() + "\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, str(ROOT / "hooks" / "check.py"), "--notices", "--bib", str(tmp_path / "refs.bib"), str(page)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "CLM005 possible uncited claim" in result.stdout


def test_the_model_loads_once() -> None:
    assert claim_model.default() is claim_model.default()
