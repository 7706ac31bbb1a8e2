"""Tests for hooks/evidence/classify.py: the rule that decides which sentences need a citation."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from evidence.classify import Verdict, classify

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "claims" / "sentences.tsv"
LABELS = {"claim", "not-claim"}
MIN_RECALL = 0.95
MAX_FLAG_RATE = 0.25


# --- claims of each kind ------------------------------------------------------------------------
CLAIMS = [
    # numbers and statistics
    "About 1 in 4 adults in the United States has arthritis.",
    "Knee pain accounts for 20% of running injuries.",
    "Only 13 percent of the men met the guidelines.",
    "More than 32.5 million US adults have osteoarthritis.",
    # causes, effects, risks, comparisons
    "Running causes arthritis.",
    "Weak hip muscles can increase the load on the kneecap.",
    "Runners are at no higher risk of knee osteoarthritis than non-runners.",
    "Overweight people have a higher risk of knee osteoarthritis.",
    "Cycling puts less stress on the knee than running downhill.",
    # what studies found, attributions, quotations
    "A 2016 study found lower inflammation in the knee after running.",
    "Researchers followed 98 runners for 18 years.",
    "Felson says exercise didn't seem to cause the problem:",
    '"Running does not appear detrimental for knee health."',
    "“The more time that adults spent in light activity, the less frequently they developed disability,” she says.",
    # anatomy and physiology
    "The patella glides in a groove at the end of the femur.",
    "Cartilage has no blood supply of its own.",
    "The quadriceps muscles straighten the knee.",
    # advice that rests on evidence
    "Increase your weekly distance gradually.",
    "Strengthen your hips and thighs.",
    "Don't overdo it.",
    "Use safety equipment.",
    "Replace your shoes when they're worn out.",
    "Stop running if the pain gets worse.",
    "Ice the knee for 15 minutes after a run.",
    # list-item text and lead-ins that still state something
    "- Rest the knee for a few days",
    "Physical activity may also help:",
    "Health benefits are gained by doing the following each week:",
    # "Did you know" questions smuggle in a fact
    "Did you know that knee pain is the most common running complaint?",
    # first person plural used generically is still a claim
    "When we move more, we have better cardiovascular health.",
    # mentioning a doctor is not a safety net
    "Many people seem to be listening to their doctor's advice to get active.",
    "Most doctors recommend exercise for people with knee osteoarthritis.",
    "Strive to adopt five habits: 1) be active, 2) watch your weight, and 3) see your doctor.",
]


@pytest.mark.parametrize("sentence", CLAIMS)
def test_claims(sentence: str) -> None:
    verdict = classify(sentence)
    assert verdict.is_claim, verdict
    assert verdict.reason == "statement"


NON_CLAIMS = [
    # questions
    ("Is running bad for your knees?", "question"),
    ("What causes runner's knee?", "question"),
    ("The verdict?", "question"),
    ("How much should you run each week?", "question"),
    ("Or are you starting a new activity?", "question"),
    # signposts and transitions
    ("Let's start with the anatomy.", "signpost"),
    ("Here is what the studies did.", "signpost"),
    ("The next section covers treatment.", "signpost"),
    ("Read on to learn more.", "signpost"),
    ("Learn more at www.hhs.gov.", "signpost"),
    ("For more information, visit medlineplus.gov.", "signpost"),
    ("See the glossary for more terms.", "signpost"),
    ("You can also take these steps to prevent injury:", "signpost"),
    ("You will also find tips for all types of runners.", "signpost"),
    ("A free copy of the walking guide is available at www.example.org.", "signpost"),
    # the text speaking about itself
    ("This chapter explains how the knee works.", "self-reference"),
    ("This guide does not replace medical advice.", "self-reference"),
    ("We use the word 'runner's knee' for patellofemoral pain.", "self-reference"),
    ("In this section we review the evidence on braces.", "self-reference"),
    ("Our articles are not copyrighted.", "self-reference"),
    ("I'm Ira Dreyfuss.", "self-reference"),
    ("HHS HealthBeat is a production of the U.S. Department of Health and Human Services.", "self-reference"),
    ("Please note: this website has moved.", "self-reference"),
    # safety nets
    ("See a doctor if the pain lasts.", "safety-net"),
    ("Talk to your health care provider before starting.", "safety-net"),
    ("Call 911 if you have chest pain.", "safety-net"),
    ("Get medical care right away if your knee locks.", "safety-net"),
    ("Seek care if the swelling does not go down.", "safety-net"),
    ("If the pain lasts more than two weeks, see your doctor.", "safety-net"),
    ("Stop the activity right away and talk to your doctor.", "safety-net"),
    ("And check with your doctor before you begin any new program.", "safety-net"),
    # fragments
    ("Key points", "fragment"),
    ("In short:", "fragment"),
    ("When starting a physical activity program:", "fragment"),
    ("But Dunlop says:", "fragment"),
    ("At the Centers for Disease Control and Prevention, researcher Jennifer Hootman:", "fragment"),
]


@pytest.mark.parametrize(("sentence", "reason"), NON_CLAIMS)
def test_non_claims(sentence: str, reason: str) -> None:
    verdict = classify(sentence)
    assert not verdict.is_claim, verdict
    assert verdict.reason == reason, verdict


# Decision, documented in the module: strong causal wording means the *verb* (any inflection,
# hedged or not); the nouns "cause", "cure" and "prevention" are not flagged.
STRONG_CAUSAL = [
    ("Running causes arthritis.", True),
    ("Weak hips caused her knee pain.", True),
    ("Poor form can cause knee pain.", True),
    ("Orthotics cure runner's knee.", True),
    ("Stretching prevents injuries.", True),
    ("Strength training may prevent knee pain.", True),
    ("This exercise is proven to reduce pain.", True),
    ("Good shoes guarantee a pain-free run.", True),
    ("Taping eliminates the pain in a week.", True),
    ("Rest ensures full recovery.", True),
    ("The cause is unclear.", False),
    ("Common causes of knee pain include overuse and weak muscles.", False),
    ("There is no cure for osteoarthritis.", False),
    ("Injury prevention starts with a warm-up.", False),
    ("Strength training may reduce knee pain.", False),
    ("Running is associated with lower knee inflammation.", False),
]


@pytest.mark.parametrize(("sentence", "expected"), STRONG_CAUSAL)
def test_strong_causal(sentence: str, expected: bool) -> None:
    assert classify(sentence).strong_causal is expected


def test_verdict_is_frozen_with_slots() -> None:
    verdict = classify("The knee is a hinge joint.")
    assert verdict == Verdict(is_claim=True, reason="statement", strong_causal=False)
    assert not hasattr(verdict, "__dict__")
    with pytest.raises(AttributeError):
        verdict.is_claim = False  # type: ignore[misc]




# --- labelled fixture of public-domain US government health writing ----------------------------
def _rows() -> list[dict[str, str]]:
    with FIXTURE.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


def test_fixture_shape() -> None:
    with FIXTURE.open(encoding="utf-8") as handle:
        header = handle.readline().rstrip("\n")
    assert header == "label\tsource\tsentence"
    rows = _rows()
    assert len(rows) >= 200, len(rows)
    assert {row["label"] for row in rows} <= LABELS
    assert sum(row["label"] == "not-claim" for row in rows) >= 50
    for number, row in enumerate(rows, start=2):
        assert row["source"].startswith(("http://", "https://")), f"line {number}: {row}"
        assert row["sentence"].strip(), f"line {number}: empty sentence"
        assert None not in row, f"line {number}: extra tab-separated field"


def test_fixture_recall_and_flag_rate() -> None:
    rows = _rows()
    claims = [row for row in rows if row["label"] == "claim"]
    non_claims = [row for row in rows if row["label"] == "not-claim"]
    missed = [row["sentence"] for row in claims if not classify(row["sentence"]).is_claim]
    flagged = [row["sentence"] for row in non_claims if classify(row["sentence"]).is_claim]
    recall = 1 - len(missed) / len(claims)
    flag_rate = len(flagged) / len(non_claims)
    summary = (
        f"fixture: {len(rows)} sentences ({len(claims)} claims, {len(non_claims)} non-claims); "
        f"recall on claims {recall:.3f} ({len(claims) - len(missed)}/{len(claims)}); "
        f"non-claim flag rate {flag_rate:.3f} ({len(flagged)}/{len(non_claims)})"
    )
    print("\n" + summary)
    for sentence in missed:
        print("  missed claim:", sentence)
    for sentence in flagged:
        print("  flagged non-claim:", sentence)
    assert recall >= MIN_RECALL, summary + f"; missed: {missed}"
    assert flag_rate <= MAX_FLAG_RATE, summary + f"; flagged: {flagged}"
