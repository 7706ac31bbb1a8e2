"""The claim checker's shortcuts (issue #16) decide nothing: a gate only skips a pattern that
cannot match, and the model's faster scoring gives the very same numbers.

test_classify.py and test_claim_model.py hold the verdicts; these tests hold the shortcuts to
what they stand for, so that a word added to vocabulary.yml cannot slip past a gate.
"""

from __future__ import annotations

import csv
import math
import re
from pathlib import Path

import pytest

from evidence import claim_model
from evidence import classify as c
from evidence.vocabulary import VOCABULARY

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "claims" / "sentences.tsv"
GATED = [
    ("number_words", c._NUMBER, c._NUMBER_GATE),
    ("study_words", c._STUDY, c._STUDY_GATE),
    ("causal_verbs", c._CAUSAL, c._CAUSAL_GATE),
    ("comparison_words", c._COMPARISON, c._COMPARISON_GATE),
]


def _sentences() -> list[str]:
    with FIXTURE.open(encoding="utf-8", newline="") as handle:
        return [row["sentence"] for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)]


@pytest.mark.parametrize(("key", "pattern", "gate"), GATED, ids=[g[0] for g in GATED])
def test_every_phrase_passes_its_gate(key: str, pattern: re.Pattern[str], gate: frozenset[str]) -> None:
    for phrase in VOCABULARY[key]:
        for text in (
            f"Then {phrase} here.",
            f"{phrase.upper()}!",
            f"({phrase}'s) x",
            f"x\t{phrase.replace(' ', '  ')}-",
        ):
            if pattern.search(text):
                assert not c._cannot_match(gate, text), (key, text)


@pytest.mark.parametrize(("key", "pattern", "gate"), GATED, ids=[g[0] for g in GATED])
def test_a_gate_closes_only_where_its_pattern_cannot_match(
    key: str, pattern: re.Pattern[str], gate: frozenset[str]
) -> None:
    sentences = _sentences()
    words = [w for s in sentences for w in s.split()]
    texts = sentences + [" ".join(words[i : i + 7]) for i in range(0, len(words), 3)]
    closed = 0
    for text in texts:
        if c._cannot_match(gate, text) and not (pattern is c._NUMBER and c._HAS_DIGIT.search(text)):
            closed += 1
            assert not pattern.search(text), (key, text)
    assert closed  # the gate does close, or it is no shortcut


def test_the_number_cue_finds_what_the_whole_pattern_finds() -> None:
    sentences = [
        *_sentences(),
        "Two of 3 runners.",
        "3 of two.",
        "About one in 4.",
        "x2 twenty-one",
        "one-third of 10%",
    ]
    for sentence in sentences:
        m = c._NUMBER.search(sentence)
        assert c._number_cue(sentence, sentence.lower()) == (f"has a number '{m.group(0).strip()}'" if m else "")


def test_the_personal_gate_keeps_every_first_person_sentence() -> None:
    for sentence in [*_sentences(), "- I ran.", '"My knee," he said.', "(1) me too", "MYSELF, mostly", "I'll go."]:
        s = c._Sentence(c._normalise(sentence).rstrip(c._TRAILING_CHARS), "", 0, None, " ".join(sentence.split()))
        assert c._is_personal(s.quoted, s.core) == c._is_personal(s.quoted), sentence


def test_letters_that_match_ascii_only_under_ignorecase_bypass_the_gates() -> None:
    # "\u017f" (long s) matches "s", "\u212a" (Kelvin) matches "k": the pattern runs.
    assert c._runs("Re\u017fearch \u017fhows it.") is None
    assert c.classify("Re\u017fearch \u017fhows it works.").reason is c.Reason.STUDY
    assert c.classify("Rest \u212aeeps pain away.").reason == c.classify("Rest keeps pain away.").reason


def test_the_model_sums_its_weights_in_feature_order() -> None:
    model = claim_model.default()
    for sentence in _sentences()[:200]:
        z = 0.0
        for feature in claim_model.features(sentence):
            if feature in model.weights:
                z += model.weights[feature]
        expected = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
        assert model.score(sentence) == expected, sentence
