"""Interim classifier (replaced by the labelled, measured one on the claim-classifier branch)."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Verdict:
    is_claim: bool
    reason: str
    strong_causal: bool


STRONG = re.compile(r"\b(prove[sdn]?|proving|cure[sd]?|curing|prevent(s|ed|ing)?|cause[sd]?|causing)\b", re.I)
SIGNPOST = re.compile(r"^(let's|let us|here is|here are|this (chapter|page|guide|section)|the next section|read on|see )", re.I)
SAFETY = re.compile(r"^(see|talk to|call|ask|contact|seek|get) (a |your )?(doctor|health|medical|911|care|physical therapist|clinician)", re.I)


def classify(sentence: str) -> Verdict:
    text = sentence.strip()
    strong = bool(STRONG.search(text))
    if text.endswith("?"):
        return Verdict(False, "question", strong)
    if SAFETY.match(text):
        return Verdict(False, "safety-net", strong)
    if SIGNPOST.match(text):
        return Verdict(False, "signpost", strong)
    if len(text.split()) < 3:
        return Verdict(False, "fragment", strong)
    return Verdict(True, "statement", strong)
