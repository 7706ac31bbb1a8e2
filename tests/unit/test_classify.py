"""Tests for hooks/evidence/classify.py: the rule that decides which sentences need a citation."""

from __future__ import annotations

import csv
import re
import time
from pathlib import Path

import pytest

from evidence import classify as classify_module
from evidence.classify import CLAIM_CUES, NOT_CLAIM_RULES, Reason, Tier, Verdict, classify
from evidence.vocabulary import VOCABULARY_FILE, load_vocabulary

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "claims" / "sentences.tsv"
LABELS = {"claim", "not-claim"}
MIN_RECALL = 0.97  # claims caught: an error or a notice
MAX_FLAG_RATE = 0.10  # non-claims with an error or a notice


# --- claims of each kind ------------------------------------------------------------------------
# (sentence, the clear claim signal that makes it an error when uncited)
CUE_CLAIMS = [
    # numbers and statistics
    ("About 1 in 4 adults in the United States has arthritis.", "number"),
    ("Knee pain accounts for 20% of running injuries.", "number"),
    ("Only 13 percent of the men met the guidelines.", "number"),
    ("More than 32.5 million US adults have osteoarthritis.", "number"),
    ("Ice the knee for 15 minutes after a run.", "number"),
    ("Strive to adopt five habits: 1) be active, 2) watch your weight, and 3) see your doctor.", "number"),
    ("Half of all runners get hurt in a year.", "number"),
    # what studies found
    ("A 2016 study found lower inflammation in the knee after running.", "number"),
    ("Researchers followed 98 runners for 18 years.", "number"),
    ("A recent study from London produced similar findings.", "study"),
    ("According to Seeley, distance runners are no more likely to get osteoarthritis.", "study"),
    # causes and effects
    ("Running causes arthritis.", "causal"),
    ("Weak hip muscles can increase the load on the kneecap.", "causal"),
    ("Felson says exercise didn't seem to cause the problem:", "causal"),
    ("Increase your weekly distance gradually.", "causal"),
    ("Strengthen your hips and thighs.", "causal"),
    ("Hip exercises reduce knee pain.", "causal"),
    # risks and comparisons
    ("Runners are at no higher risk of knee osteoarthritis than non-runners.", "comparison"),
    ("Overweight people have a higher risk of knee osteoarthritis.", "comparison"),
    ("Cycling puts less stress on the knee than running downhill.", "comparison"),
    ("Running downhill puts more strain on the front of the knee.", "comparison"),
    ("Health benefits are gained by doing the following each week:", "comparison"),
    ("Did you know that knee pain is the most common running complaint?", "comparison"),
    ("Runner's knee is common in groups that take on a lot of new training.", "comparison"),
    # advice wrapped in a referral is still advice (the safety-net loophole, issue #19)
    ("Ask your physical therapist how to tape your kneecap.", "advice"),
    ("Talk to your doctor about exercises that ease knee pain.", "causal"),
    ("Ask your physio to show you how to land softly.", "advice"),
    ("Ask your doctor or physical therapist how to warm up.", "advice"),
]


@pytest.mark.parametrize(("sentence", "reason"), CUE_CLAIMS)
def test_clear_claims_fail_the_build(sentence: str, reason: str) -> None:
    verdict = classify(sentence)
    assert verdict.tier is Tier.CLAIM and verdict.certain, verdict
    assert verdict.reason == reason, verdict
    assert verdict.cue and verdict.score is None


# Claims with no clear signal: the model decides, so only "caught" (an error or a notice) is
# asserted; which of the two may change when the model is retrained.
MODEL_CLAIMS = [
    '"Running does not appear detrimental for knee health."',
    "\u201cThe more time that adults spent in light activity, the less frequently they developed disability,\u201d she says.",
    "The patella glides in a groove at the end of the femur.",
    "Cartilage has no blood supply of its own.",
    "The quadriceps muscles straighten the knee.",
    "Don't overdo it.",
    "Use safety equipment.",
    "Replace your shoes when they're worn out.",
    "Stop running if the pain gets worse.",
    "- Rest the knee for a few days",
    "Physical activity may also help:",
    "When we move more, we have better cardiovascular health.",
    "Many people seem to be listening to their doctor's advice to get active.",
    "Most doctors recommend exercise for people with knee osteoarthritis.",
]


@pytest.mark.parametrize("sentence", MODEL_CLAIMS)
def test_model_claims_are_caught(sentence: str) -> None:
    verdict = classify(sentence)
    assert verdict.is_claim, verdict
    assert verdict.reason is Reason.MODEL
    assert verdict.score is not None and verdict.cue.startswith(f"model score {verdict.score:.2f}")


NON_CLAIMS = [
    # navigation: the sentence as written is only a link, or points to another page
    ("Treatment", "navigation", "- [Treatment](treatment.md)"),
    ("Running does not harm healthy knees.", "navigation", "[Running does not harm healthy knees.](myths.md)"),
    (
        "See Treatment for the exercises that help.",
        "navigation",
        "See [Treatment](treatment.md) for the exercises that help.",
    ),
    # questions
    ("Is running bad for your knees?", "question", None),
    ("What causes runner's knee?", "question", None),
    ("The verdict?", "question", None),
    ("How much should you run each week?", "question", None),
    ("Or are you starting a new activity?", "question", None),
    # fragments, short labels and heading-like lines
    ("Key points", "fragment", None),
    ("In short:", "fragment", None),
    ("When starting a physical activity program:", "fragment", None),
    ("But Dunlop says:", "fragment", None),
    ("At the Centers for Disease Control and Prevention, researcher Jennifer Hootman:", "fragment", None),
    ("Good luck!", "fragment", None),
    ("Basic Knee Anatomy", "fragment", None),
    ("Treatment Options", "fragment", None),
    # safety nets
    ("See a doctor if the pain lasts.", "safety-net", None),
    ("See a doctor if your knee swells.", "safety-net", None),
    ("Talk to your health care provider before starting.", "safety-net", None),
    ("Talk to your doctor about your symptoms.", "safety-net", None),
    ("Call 911 if you have chest pain.", "safety-net", None),
    ("Get medical care right away if your knee locks.", "safety-net", None),
    ("Seek care if the swelling does not go down.", "safety-net", None),
    ("If the pain lasts more than two weeks, see your doctor.", "safety-net", None),
    ("Stop the activity right away and talk to your doctor.", "safety-net", None),
    ("And check with your doctor before you begin any new program.", "safety-net", None),
    # ... in more words (the review's examples)
    ("If the swelling does not go down, then you should seek care of a medical professional.", "safety-net", None),
    ("If it still hurts after a week, you should consult a physiotherapist.", "safety-net", None),
    ("You should see a doctor if your knee gives way.", "safety-net", None),
    ("Go see a doctor or a physical therapist if your knee pain persists.", "safety-net", None),
    ("If your symptoms persist, please go see a doctor.", "safety-net", None),
    # a referral that carries no advice of its own
    ("Check with your doctor which stretches suit you.", "safety-net", None),
    ("Ask your doctor or pharmacist which pain relief suits you before you take any.", "safety-net", None),
    ("Ask a physical therapist to choose exercises that suit you.", "safety-net", None),
    # the text speaking about itself
    ("This chapter explains how the knee works.", "self-reference", None),
    ("This guide does not replace medical advice.", "self-reference", None),
    ("We use the word 'runner's knee' for patellofemoral pain.", "self-reference", None),
    ("In this section we review the evidence on braces.", "self-reference", None),
    ("Our articles are not copyrighted.", "self-reference", None),
    ("I'm Ira Dreyfuss.", "self-reference", None),
    ("HHS HealthBeat is a production of the U.S. Department of Health and Human Services.", "self-reference", None),
    ("Please note: this website has moved.", "self-reference", None),
    # ... in more words (the review's examples)
    ("In the video below I will explain how the kneecap moves.", "self-reference", None),
    ("This narrative review discusses the causes of knee pain in runners.", "self-reference", None),
    ("So here is blog number two of our running series.", "self-reference", None),
    ("Today we will look at the hip muscles.", "self-reference", None),
    ("Our team of physios works with runners of every level.", "self-reference", None),
    ("Our goal is to improve health and save lives through scientific discovery.", "self-reference", None),
    ("The references below list every source.", "self-reference", None),
    ("Related: Ranking The Best Knee Sleeves For Runners", "fragment", None),
    ("Lo 2017", "fragment", None),
    ("Hyldahl 2016, BYU", "fragment", None),
    ("Health Benefits of Physical Activity", "fragment", None),
    ("22nd Air Refueling Wing Public Affairs", "fragment", None),
    ("Related: how to choose running shoes", "self-reference", None),
    ("Written by Jane Doe, medically reviewed by John Roe.", "self-reference", None),
    # disclaimers
    ("This is not medical advice.", "disclaimer", None),
    ("It is not medical advice, and it does not replace an exam.", "disclaimer", None),
    ("All content is for informational purposes only.", "disclaimer", None),
    ("These exercises are not a substitute for professional medical advice.", "disclaimer", None),
    # signposts and transitions
    ("Let's start with the anatomy.", "signpost", None),
    ("Here is what the studies did.", "signpost", None),
    ("The next section covers treatment.", "signpost", None),
    ("Read on to learn more.", "signpost", None),
    ("Learn more at www.hhs.gov.", "signpost", None),
    ("For more information, visit medlineplus.gov.", "signpost", None),
    ("See the glossary for more terms.", "signpost", None),
    ("You can also take these steps to prevent injury:", "signpost", None),
    ("You will also find tips for all types of runners.", "signpost", None),
    ("A free copy of the walking guide is available at www.example.org.", "signpost", None),
    ("Here are just a few of the benefits.", "signpost", None),
    ("Learn about the benefits of physical activity.", "signpost", None),
    # pure list lead-ins
    ("These risk factors include:", "list-intro", None),
    ("Other causes include:", "list-intro", None),
    ("Non-muscular biomechanical issues include:", "list-intro", None),
    ("The following are common signs:", "list-intro", None),
    # calls to action (the review's examples first)
    ("Tag a friend who needs this new knowledge!", "call-to-action", None),
    ("Share it with a friend who runs.", "call-to-action", None),
    ("Schedule your free assessment today.", "call-to-action", None),
    ("Book your free assessment online.", "call-to-action", None),
    ("Subscribe for weekly running tips.", "call-to-action", None),
    ("Or click here to opt out of certain cookies.", "call-to-action", None),
    ("Good luck with your training this season!", "call-to-action", None),
    # short exclamations
    ("That will definitely suck!", "exclamation", None),
    ("You did it again!", "exclamation", None),
    ("What a race that was!", "exclamation", None),
    # first-person anecdote and opinion without evidence cues (the review's examples first)
    ("I wasn't born running.", "personal", None),
    ("I can tell you that it's made a HUGE difference in how my knees feel.", "personal", None),
    ("My first marathon was a disaster.", "personal", None),
    ("I highly recommend you rest a swollen knee.", "personal", None),
    ("I, for one, have had flat feet since I was a child.", "personal", None),
]


@pytest.mark.parametrize(("sentence", "reason", "source"), NON_CLAIMS)
def test_non_claims(sentence: str, reason: str, source: str | None) -> None:
    verdict = classify(sentence, source)
    assert not verdict.is_claim and verdict.tier is Tier.NOT_CLAIM, verdict
    assert verdict.reason == reason, verdict


# Each rule family has sentences it must leave alone (they go on to be claims).
NOT_THIS_RULE = [
    # navigation: an external link, or a link inside a sentence that states a fact
    ("Running does not harm healthy knees, a 2017 review found.", "See [the review](https://doi.org/10.1/x)."),
    (
        "Exercise therapy reduces pain, as the treatment page explains.",
        "Exercise therapy reduces pain, as [the treatment page](treatment.md) explains.",
    ),
    # personal: an evidence cue keeps a first-person sentence a claim
    (
        "I have heard this since my early high school sports days, but the British Journal of Sports Medicine has created a new guide.",
        None,
    ),
    ("In my clinic, 8 in 10 runners with knee pain have weak hips.", None),
    ("My reading of the research is that running protects the knee.", None),
    ("R.I.C.E. stands for rest, ice, compression and elevation.", None),
    ('"I think running is good for your knees," says Dr. Smith, who reviewed the trials.', None),
    ('"It was very frustrating for me to not run," Captain Roser said.', None),
    # self-reference: a review that reports, not one that introduces itself
    ("This review found that exercise therapy reduces pain.", None),
    ("Our knees carry more load on the way down.", None),
    # disclaimers: "advice" and "substitute" alone are not disclaimers
    ("Medical advice on running has changed over the years.", None),
    ("Cycling is a good substitute for running while the knee settles.", None),
    # calls to action: the same verbs in advice
    ("Sharing the load between hips and knees helps.", None),
    ("Scheduling rest days lowers the risk of overuse injury.", None),
    ("Join a running group to stay motivated.", None),
    # short exclamations: a number, or more than five words
    ("Ice beats heat 2 to 1!", None),
    ("Running five miles a week cuts knee pain!", None),
    # list lead-ins that assert something
    ("But certain factors make runners especially vulnerable:", None),
    ("Physical activity may also help:", None),
    ("Examples of muscle imbalances that may cause runner's knee include:", None),
    # safety nets: the doctor is mentioned, not a referral
    ("Many people seem to be listening to their doctor's advice to get active.", None),
    ("Most doctors recommend exercise for people with knee osteoarthritis.", None),
    # a list item, not a heading; a heading that states something; a short sentence with a verb
    ("- Rest the knee for a few days", None),
    ("Science Says Running Actually Lowers Inflammation in Your Knees", None),
    ("Physical Activity Helps Arthritis Pain", None),
    ("Running Reduces Knee Inflammation", None),
    ("Reduces pain.", None),
    ("2,637 adults.", None),
    # the guide reporting on the evidence, and "this page" as a mere place
    ("This guide found no study that links shoe age or mileage to runner's knee.", None),
    ("This guide did not find good evidence on the best time to stretch.", None),
    ("Many studies on this page show that two things go together.", None),
    ("Follow the other guidance in this chapter to minimize the risk of injury.", None),
]


@pytest.mark.parametrize(("sentence", "source"), NOT_THIS_RULE)
def test_rules_leave_claims_alone(sentence: str, source: str | None) -> None:
    verdict = classify(sentence, source)
    assert verdict.is_claim, verdict


def test_a_number_is_always_an_error_unless_a_form_rule_decides() -> None:
    for sentence in (
        "Recovery takes 4-6 weeks.",
        "Nearly 23% of people get it.",
        "Two thirds recover.",
        "It happens to one in five runners.",
    ):
        verdict = classify(sentence)
        assert verdict.tier is Tier.CLAIM and verdict.reason is Reason.NUMBER, verdict


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
    ("Do three sets of reverse lunges.", False),
    ("Runner's knee and its causes", False),
    ("Weak for causes", False),
]


@pytest.mark.parametrize(("sentence", "expected"), STRONG_CAUSAL)
def test_strong_causal(sentence: str, expected: bool) -> None:
    verdict = classify(sentence)
    assert verdict.strong_causal is expected
    assert bool(verdict.strong_word) is expected


def test_verdict_is_frozen_with_slots() -> None:
    verdict = classify("Running causes arthritis.")
    assert verdict == Verdict(Tier.CLAIM, Reason.CAUSAL, "causal verb 'causes'", "causes")
    assert verdict.is_claim and verdict.certain and verdict.strong_causal
    assert not hasattr(verdict, "__dict__")
    with pytest.raises(AttributeError):
        verdict.tier = Tier.NOT_CLAIM  # type: ignore[misc]


def test_reasons_are_an_enum_and_every_rule_and_cue_has_one() -> None:
    assert {r for r, _ in NOT_CLAIM_RULES}.isdisjoint({r for r, _ in CLAIM_CUES})
    assert {r for r, _ in NOT_CLAIM_RULES} | {r for r, _ in CLAIM_CUES} | {Reason.MODEL} == set(Reason)
    assert Reason("safety-net") is Reason.SAFETY_NET and Reason.SAFETY_NET == "safety-net"


def _docstring_steps(step: str) -> list[str]:
    doc = classify_module.__doc__ or ""
    section = doc.split(f"**Step {step}", 1)[1].split("**Step", 1)[0]
    return re.findall(r"^\d+\. ``([a-z-]+)``", section, re.M)


def test_the_docstring_lists_the_rules_in_the_order_they_run() -> None:
    assert _docstring_steps("1") == [r.value for r, _ in NOT_CLAIM_RULES]
    assert _docstring_steps("2") == [r.value for r, _ in CLAIM_CUES]


def test_vocabulary_is_data() -> None:
    assert VOCABULARY_FILE.name == "vocabulary.yml" and VOCABULARY_FILE.parent == Path(classify_module.__file__).parent
    vocabulary = load_vocabulary()
    for name, words in vocabulary.items():
        assert words, name
        assert len(set(words)) == len(words), f"{name} lists a word twice"
        assert all("  " not in w and (w == w.strip() or name.endswith("_hints")) for w in words), name
    assert "physical therapist" in vocabulary["clinicians"]
    assert "not medical advice" in vocabulary["disclaimers"]


def test_cheap_enough() -> None:
    sentences = [row["sentence"] for row in _rows()]
    classify("warm up")  # compiled and loaded
    start = time.perf_counter()
    for _ in range(3):
        for sentence in sentences:
            classify(sentence)
    per_sentence = (time.perf_counter() - start) / (3 * len(sentences))
    assert per_sentence < 0.001, f"{per_sentence * 1000:.3f} ms per sentence"


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
