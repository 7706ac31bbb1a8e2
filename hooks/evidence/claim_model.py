"""The claim checker's linear model: features of a sentence, and its score from a weight table.

The weights (``claim_model.json`` beside this file) are a logistic regression trained by
scripts/train_claim_model.py on the project's own labelled sentences (tests/fixtures/claims/).
Scoring is a sum of the weights of the features a sentence has, then the logistic function:
pure Python, no model library, a few microseconds a sentence. The same :func:`features` serves
training and scoring, so the two cannot drift apart.

Features (all present/absent): word unigrams and bigrams (with sentence start and end marks),
the first word and the first two words, the final punctuation, a length bucket, and cues:
first-person singular, first-person plural, second person, a hedge, an evidence word, a digit,
a quotation, "I" or "my" as the first word.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from itertools import pairwise
from pathlib import Path

from .vocabulary import VOCABULARY

MODEL_FILE = Path(__file__).with_name("claim_model.json")

# a number is one token, ordinals too ("2nd"), and becomes "0"
_TOKEN = re.compile(r"\d+(?:[.,]\d+)*(?:st|nd|rd|th)?|[a-z]+(?:'[a-z]+)?")
_DIGIT = re.compile(r"\d")
_FIRST_SINGULAR = re.compile(
    r"(?<![\w.'-])(?:I|I'm|I've|I'd|I'll)(?![\w.-])|(?<![\w'-])(?:my|me|mine|myself)(?![\w-])", re.I
)
_FIRST_SINGULAR_I = re.compile(r"(?<![\w.'-])I(?:'m|'ve|'d|'ll)?(?![\w.-])")
_MY = re.compile(r"(?<![\w'-])(?:my|me|mine|myself)(?![\w-])", re.I)
_HEDGES = frozenset(w.lower() for w in VOCABULARY["hedges"])
_YOU = frozenset(w.lower() for w in VOCABULARY["second_person"])
_WE = frozenset(w.lower() for w in VOCABULARY["first_person_plural"])
_EVIDENCE = frozenset(w.lower() for w in VOCABULARY["evidence_cues"] if " " not in w)
_QUOTES = ('"', "\u201c", "\u201d")


def _length_bucket(n: int) -> str:
    for limit in (3, 6, 10, 15, 25, 40):
        if n <= limit:
            return f"len<={limit}"
    return "len>40"


_LENGTH_BUCKETS = tuple(_length_bucket(n) for n in range(41))
_ENDS = {end: "end " + end for end in ("?", "!", ":", ".", ";")}
_STARTS_WITH_I = frozenset(("i", "i'm", "i've", "i'd", "i'll", "my"))


def features(sentence: str) -> list[str]:
    """The features of one sentence (plain prose), each once."""
    return sorted(_feature_set(sentence))


def _feature_set(sentence: str) -> set[str]:
    """features(), unsorted: the model sorts only those it has a weight for."""
    text = " ".join(sentence.replace("\u2019", "'").replace("\u2018", "'").split())
    core = text.rstrip(" \"\u201c\u201d'`)]")
    lower = core.lower()
    tokens = _TOKEN.findall(lower)
    if _DIGIT.search(lower):  # a token that starts with a digit is a number
        tokens = ["0" if t[0].isdigit() else t for t in tokens]
    out = {"bias", *["w " + t for t in tokens]}
    if tokens:
        out.update([f"b {a} {b}" for a, b in pairwise(tokens)])
        out.add("b <s> " + tokens[0])
        out.add(f"b {tokens[-1]} </s>")
        out.add("f1 " + tokens[0])
        if len(tokens) > 1:
            out.add(f"f2 {tokens[0]} {tokens[1]}")
    else:
        out.add("b <s> </s>")
    out.add(_ENDS.get(core[-1:], "end none"))
    out.add(_LENGTH_BUCKETS[len(tokens)] if len(tokens) <= 40 else "len>40")
    words = set(tokens)
    # The patterns need an "I" (case-sensitive) or an "m" ("my", "me", "mine", "myself" in any
    # case: no letter but "m" and "M" matches an "m" under IGNORECASE), so look only then.
    if ("I" in core and _FIRST_SINGULAR_I.search(core)) or ("m" in lower and _MY.search(core)):
        out.add("cue first-singular")
        if tokens and tokens[0] in _STARTS_WITH_I:
            out.add("cue starts-with-i")
    if not words.isdisjoint(_WE):
        out.add("cue first-plural")
    if not words.isdisjoint(_YOU):
        out.add("cue second-person")
    if not words.isdisjoint(_HEDGES):
        out.add("cue hedge")
    if not words.isdisjoint(_EVIDENCE):
        out.add("cue evidence")
    if "0" in words or "%" in core:
        out.add("cue digit")
    if '"' in core or "\u201c" in core or "\u201d" in core:
        out.add("cue quotation")
    return out


# Words too common to explain anything on their own ("the", "of"): left out of explanations.
_FUNCTION_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "in",
        "on",
        "at",
        "to",
        "for",
        "from",
        "by",
        "with",
        "and",
        "or",
        "but",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "it",
        "its",
        "this",
        "that",
        "these",
        "those",
        "there",
        "their",
        "they",
        "them",
        "he",
        "she",
        "his",
        "her",
        "we",
        "our",
        "you",
        "your",
        "i",
        "my",
        "me",
        "so",
        "if",
        "than",
        "then",
        "when",
        "which",
        "who",
        "what",
        "how",
        "do",
        "does",
        "did",
        "not",
        "no",
    ]
)


@lru_cache(maxsize=1 << 16)  # a feature that has a weight: a few thousand at most
def _surface(feature: str) -> str:
    """The words of a word feature as a reader would recognise them ("" for other features and
    for function words alone)."""
    kind, _, rest = feature.partition(" ")
    if kind not in ("w", "b"):
        return ""
    words = [t for t in rest.split() if t not in ("<s>", "</s>")]
    if all(w in _FUNCTION_WORDS or w == "0" for w in words):
        return ""
    return " ".join(words)


@dataclass(frozen=True)
class Model:
    weights: dict[str, float]
    claim_threshold: float = 0.5
    notice_threshold: float = 0.0
    info: dict[str, object] = field(default_factory=dict)

    def score(self, sentence: str) -> float:
        return self.explain(sentence, top=0)[0]

    @cached_property
    def _ranked(self) -> tuple[dict[str, int], list[float], list[str]]:
        """Each weighted feature's rank in sorted order, and the weights and names by rank (the
        weights are not changed after a model is made)."""
        names = sorted(self.weights)
        return {f: i for i, f in enumerate(names)}, [self.weights[f] for f in names], names

    def explain(self, sentence: str, top: int = 3) -> tuple[float, list[str]]:
        """The probability of a claim, and the words that pushed it up the most."""
        rank, by_rank, names = self._ranked
        z = 0.0
        pushes: list[tuple[float, str]] = []
        # summed in features()'s (sorted) order, so that the sum is the same to the last bit
        hits = [rank[f] for f in _feature_set(sentence) if f in rank]
        hits.sort()
        for i in hits:
            w = by_rank[i]
            z += w
            if top and w > 0:
                pushes.append((w, names[i]))
        p = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
        words: list[str] = []
        for _, feature in sorted(pushes, reverse=True):
            surface = _surface(feature)
            if surface and surface not in words:
                words.append(surface)
            if len(words) == top:
                break
        return p, words

    def to_json(self) -> str:
        data = {
            "claim_threshold": self.claim_threshold,
            "notice_threshold": self.notice_threshold,
            "info": self.info,
            "weights": dict(sorted(self.weights.items())),
        }
        return json.dumps(data, indent=0, ensure_ascii=False, sort_keys=False) + "\n"


def load(path: Path = MODEL_FILE) -> Model:
    data = json.loads(path.read_text(encoding="utf-8"))
    return Model(
        weights={str(k): float(v) for k, v in data["weights"].items()},
        claim_threshold=float(data["claim_threshold"]),
        notice_threshold=float(data["notice_threshold"]),
        info=dict(data.get("info", {})),
    )


# With no weight table, every sentence the rules leave is a claim: the checker's old default.
ALWAYS_CLAIM = Model(weights={"bias": 30.0}, claim_threshold=0.5, notice_threshold=0.5)


@lru_cache(maxsize=1)
def default() -> Model:
    """The committed model (claim_model.json), loaded once."""
    return load() if MODEL_FILE.is_file() else ALWAYS_CLAIM
