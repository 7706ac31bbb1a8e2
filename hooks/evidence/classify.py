"""Decide whether one sentence of the guide's prose is a *claim* that needs a citation, and how
sure the checker is.

The input is a single sentence of plain prose: citations (``[@key]``), Markdown markup and
code have already been removed by the caller, who may pass the sentence as written too (for
the ``navigation`` rule). The module is pure: precompiled regular expressions gated by cheap
substring tests, word lists read from ``vocabulary.yml`` beside this file, and a small linear
model (``claim_model.json``, scored in pure Python by :mod:`evidence.claim_model`).

A **claim** states something as fact about the world: numbers and statistics, causes and
effects, risks, comparisons, what studies found, what helps or harms, anatomy and
physiology, attributions and quotations. Advice that rests on evidence ("Increase your
weekly distance gradually.") is a claim too, because someone has to show that it works.

A :class:`Verdict` has one of three tiers:

- ``claim``: a clear claim signal; uncited, it fails the build (CLM001);
- ``unsure``: perhaps a claim; uncited, it is shown as a notice (CLM005) and never fails;
- ``not-claim``: needs no citation.

Its ``reason`` names the rule or the cue that decided, and ``cue`` says it in words for the
finding's message ("causal verb 'reduces'").

**Step 1, not a claim by its form.** These rules run in this order (``NOT_CLAIM_RULES``); the
first that matches decides:

1. ``navigation``: the sentence as written is only a link ("- [Treatment](treatment.md)"), or
   "See / Read / Go to [page](page.md) ..." points to another page of the guide.
2. ``question``: ends in "?" (after closing quotes/brackets). A "Did you know ...?" question
   smuggles in a fact and goes on to step 2.
3. ``fragment``: fewer than three words ("Key points", "In short:"); a line ending in ":" that
   has no finite verb ("When starting a program:"); or a bare attribution lead-in whose content
   follows the colon ("But Dunlop says:").
4. ``safety-net``: a referral to a clinician or emergency help because of a condition, as the
   sentence's own instruction: it *starts* with "See / Talk to / Call / Ask / Consult / Seek /
   Get ..." followed by a doctor, provider, 911, emergency or medical care ("See a doctor if
   the pain lasts."), also after "you should" ("... then you should seek the care of a medical
   professional."); or the referral is the main clause after a leading "If / When / Before ..."
   clause; or it closes a short imperative ("Stop and talk to your doctor."). A referral that
   wraps advice ("Ask your physical therapist how to strengthen your hips.") is *not* a safety
   net: it is a claim (reason ``advice``).
5. ``self-reference``: the text speaking about itself: "this page / guide / post / video ...",
   "our articles / team / clinic ...", "We use / call / will / hope ...", "I will explain ...",
   "the video below", "This review discusses ...", a speaker introducing themselves ("I'm Jane
   Doe."), publication credits ("X is a production of ..."), administrative notes ("Please note
   ...", a sentence whose subject is a URL).
6. ``disclaimer``: "This is not medical advice.", "For educational purposes only."
7. ``signpost``: transitions and pointers: "Let's ...", "Here is / are ...", "Read on", "The
   next section ...", "Learn more / For more ...", "visit <web address>", "you will find /
   learn ...", a resource that "is available at <address>", "X offers articles / videos ...",
   and list introducers such as "... these steps / tips / ways:".
8. ``list-intro``: a pure list introducer ending in ":" ("These risk factors include:", "The
   following are common:"); a lead-in that asserts something ("Physical activity may also
   help:") stays a claim.
9. ``call-to-action``: it starts with "Tag / Share this / Subscribe / Book a / Sign up / Click
   / Good luck ..." ("Tag a friend who needs this!").
10. ``exclamation``: at most five words ending in "!" with no digit ("That will suck!").
11. ``personal``: first-person singular ("I", "my", "me" ...) outside quotation marks, with no
    evidence cue (a digit, "study", "research", "risk", "journal" ...): an anecdote or an
    opinion framed as such ("I wasn't born running.").

**Step 2, a clear claim signal.** Checked in this order (``CLAIM_CUES``); the first that matches
makes the sentence a ``claim``:

1. ``number``: a digit or a number word ("two weeks", "half of", "1 in 4", "20%").
2. ``study``: what studies did or found ("study", "research", "found", "according to").
3. ``causal``: a causal verb, strong ("causes", "prevents", "cures") or not ("reduces",
   "leads to", "improves").
4. ``comparison``: risk or comparison wording ("risk", "more likely", "than", "effective").
5. ``advice``: advice wrapped in a referral (see ``safety-net``).

**Step 3, the model.** Anything left is scored by the linear model (word 1-2-grams, first
words, final punctuation, length, pronoun, hedge and evidence cues), reason ``model``: a score
at or above ``claim_threshold`` is a ``claim``, at or above ``notice_threshold`` ``unsure``,
below it ``not-claim``. The thresholds are stored with the weights by the training script
(scripts/train_claim_model.py), which chooses them on held-out pages.

``strong_causal`` is independent of the tier: it is true when the sentence uses strong
causal or certainty wording as a verb in any inflection: prove (and "proven"), cure,
prevent, cause, eliminate, guarantee, ensure, eradicate, reverse. Nouns are not flagged:
"The cause is unclear.", "Common causes of knee pain include ...", "There is no cure.",
"injury prevention" are all false. Hedged verbs are still flagged ("may prevent" is true),
so the caller can ask for a strong source and judge the hedging itself.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache

from . import claim_model
from .vocabulary import VOCABULARY

__all__ = ["CLAIM_CUES", "NOT_CLAIM_RULES", "Reason", "Tier", "Verdict", "classify"]


class Tier(str, Enum):
    CLAIM = "claim"  # uncited: CLM001, fails the build
    UNSURE = "unsure"  # uncited: CLM005, a notice
    NOT_CLAIM = "not-claim"


class Reason(str, Enum):
    # step 1: not a claim by its form
    NAVIGATION = "navigation"
    QUESTION = "question"
    FRAGMENT = "fragment"
    SAFETY_NET = "safety-net"
    SELF_REFERENCE = "self-reference"
    DISCLAIMER = "disclaimer"
    SIGNPOST = "signpost"
    LIST_INTRO = "list-intro"
    CALL_TO_ACTION = "call-to-action"
    EXCLAMATION = "exclamation"
    PERSONAL = "personal"
    # step 2: a clear claim signal
    NUMBER = "number"
    STUDY = "study"
    CAUSAL = "causal"
    COMPARISON = "comparison"
    ADVICE = "advice"
    # step 3: the model's score decides
    MODEL = "model"


@dataclass(frozen=True, slots=True)
class Verdict:
    """Result of :func:`classify`."""

    tier: Tier
    reason: Reason
    cue: str  # why, in words, for the finding's message: "causal verb 'reduces'"
    strong_word: str = ""  # the strong causal verb the sentence uses ("prevents"), if any
    score: float | None = None  # the model's probability of a claim, when the model decided

    @property
    def strong_causal(self) -> bool:
        return bool(self.strong_word)

    @property
    def is_claim(self) -> bool:
        """A claim or perhaps one: needs a citation (an error when ``certain``, else a notice)."""
        return self.tier is not Tier.NOT_CLAIM

    @property
    def certain(self) -> bool:
        return self.tier is Tier.CLAIM


# --- vocabulary ---------------------------------------------------------------------------------
def _words(key: str) -> tuple[str, ...]:
    return VOCABULARY[key]


def _alt(*keys: str, extra: Iterable[str] = ()) -> str:
    """A non-capturing alternation of the phrases in the named lists (longest first)."""
    phrases = {p for key in keys for p in _words(key)} | set(extra)
    parts = [re.escape(p).replace(r"\ ", r"\s+") for p in sorted(phrases, key=lambda p: (-len(p), p))]
    return "(?:" + "|".join(parts) + ")"


def _word_re(*keys: str, extra: Iterable[str] = ()) -> re.Pattern[str]:
    """Any phrase of the lists as a whole word (or words)."""
    return re.compile(r"(?<![\w'-])" + _alt(*keys, extra=extra) + r"(?![\w-])", _FLAGS)


_FLAGS = re.IGNORECASE

# --- gates: cheap proofs that a word-list pattern cannot match ---------------------------------
# A word-list pattern (_word_re, the words of _NUMBER, _FIRST_PERSON) matches a phrase only where
# the text holds each of the phrase's runs of word characters and hyphens as a whole run (the
# patterns' boundaries are exactly the ends of such runs). In ASCII text, IGNORECASE is plain ASCII case,
# so a pattern cannot match when none of its phrases' longest runs is among the lower-cased
# text's runs: one set lookup instead of a regular-expression search at every position. (In
# other text, some letters match ASCII ones under IGNORECASE, "ſ" an "s"; the pattern runs.)
_RUN = re.compile(r"[\w-]+")


def _gate(*keys: str, extra: Iterable[str] = ()) -> frozenset[str]:
    """The longest run of each phrase in the named lists, lower-cased."""
    phrases = {p for key in keys for p in _words(key)} | set(extra)
    out = set()
    for phrase in phrases:
        runs = _RUN.findall(phrase.lower())
        if not runs or not phrase.isascii():
            raise ValueError(f"no gate for {phrase!r}: a phrase needs a word, in ASCII")
        out.add(max(runs, key=len))
    return frozenset(out)


@lru_cache(maxsize=64)
def _runs(text: str) -> frozenset[str] | None:
    """The lower-cased runs of word characters and hyphens of an ASCII text; None otherwise."""
    return frozenset(_RUN.findall(text.lower())) if text.isascii() else None


def _cannot_match(gate: frozenset[str], text: str) -> bool:
    runs = _runs(text)
    return runs is not None and runs.isdisjoint(gate)


# --- normalisation --------------------------------------------------------------------------
_LEADING_NOISE = re.compile(r"^\s*(?:[-*+\u2022]\s+|\(?\d{1,3}[.)]\s+|[>\"\u201c\u201d'`(\[]+\s*)*")

# --- fragments -------------------------------------------------------------------------------
_AUX_OR_IRREGULAR = re.compile(
    r"\b(?:is|are|was|were|be|been|being|am|can|could|may|might|must|shall|should|will|would|"
    r"do|does|did|has|have|had|found|said|made|took|got|ran|saw|went|gave|came|knew|thought|"
    r"told|put|left|kept|held|brought|began|led|felt|met|grew|fell|hurt|set|let|cut|run|help|"
    r"need|include|show|find|make|take|get|give|keep|work|helps|needs)\b",
    _FLAGS,
)
# an inflected lower-case word ("improves", "reported"); capitalised words ending in -s are
# usually names ("Centers", "Sports Medicine"), so this part is deliberately case-sensitive
_INFLECTED = re.compile(r"\b[a-z]{2,}(?:(?<!s)s|ed)\b")


def _has_finite_verb(text: str) -> bool:
    return bool(_AUX_OR_IRREGULAR.search(text) or _INFLECTED.search(text))


_LEAD_IN = re.compile(
    r"^(?:(?:but|and|so|as)\s+)?[^:]{0,80}?\b(?:says|said|adds|added|advises|advised|explains|"
    r"explained|notes|noted|writes|wrote|recalls|warns|warned|puts it|told [a-z]+)\s*:$",
    _FLAGS,
)

# --- questions --------------------------------------------------------------------------------
_DID_YOU_KNOW = re.compile(r"^(?:but\s+|and\s+)?did you know\b", _FLAGS)

# --- navigation (the sentence as written, with its Markdown links) -----------------------------
# A list item or cell that is nothing but a link ("- [Treatment](treatment.md)") is navigation.
LINK_ONLY = re.compile(r"^[*_]*\[[^\]]+\](\([^)]*\))?[*_]*[.;:]?$")
# "See [Treatment](treatment.md) for ..." points the reader to another page of the guide.
CROSS_REFERENCE = re.compile(r"^(?:See|Read|Go to)\b[^.]*\]\((?![a-z]+:)[^)]*\)")
_SOURCE_NOISE = re.compile(r"^\s*(?:[-*+]\s+|\d{1,3}[.)]\s+|>\s*)*")

# --- safety nets ---------------------------------------------------------------------------
_CLINICIAN = (
    r"(?:" + _alt("clinician_determiners") + r"\s+)?(?:" + _alt("clinician_modifiers") + r"\s+)?"
    r"(?:" + _alt("urgency") + r"\s+)?" + _alt("clinicians") + r"|(?:care|help|treatment)\s+" + _alt("urgency_adverbs")
)
_SAFETY_VERB = _alt("safety_verbs")
_CLINICIANS = r"(?:" + _CLINICIAN + r")\b(?:\s*(?:,|,?\s+or|,?\s+and)\s+(?:" + _CLINICIAN + r")\b)*"
_SAFETY_PHRASE = (
    _SAFETY_VERB + r"\s+(?:" + _alt("urgency_adverbs") + r"\s+)?(?:the\s+(?:care|help|advice)\s+of\s+)?" + _CLINICIANS
)
_SEEK_CARE = (
    r"(?:seek|get)\s+(?:" + _alt("urgency") + r"\s+)?(?:the\s+)?(?:care|help|attention|advice)\b"
    r"(?:\s+(?:of|from)\s+" + _CLINICIANS + r")?"
)
_SUBJECT_MODAL = (
    r"(?:"
    + _alt("safety_subjects")
    + r"\s+(?:also\s+|then\s+)?"
    + _alt("safety_modals")
    + r"\s+(?:also\s+|always\s+|then\s+|immediately\s+)?)?"
)
_REFERRAL = r"(?:" + _SAFETY_PHRASE + r"|" + _SEEK_CARE + r")"
_OPENER = r"^(?:(?:and|but|so|also|then|please|always|first|instead|otherwise|now),?\s+)*(?:(?:be\s+sure|remember|make\s+sure)\s+to\s+)?"
_SAFETY_START = re.compile(_OPENER + _SUBJECT_MODAL + _REFERRAL, _FLAGS)
_SAFETY_AFTER_CONDITION = re.compile(
    r"^(?:and\s+|but\s+)?(?:if|when|whenever|before|after|should|until|unless|in\s+case)\b[^;]*?,\s*"
    r"(?:(?:then|please|always|also)\s+)?" + _SUBJECT_MODAL + r"(?:[a-z]+\b[^,;]{0,60}?\s+and\s+)?" + _REFERRAL,
    _FLAGS,
)
_SAFETY_AFTER_IMPERATIVE = re.compile(
    _OPENER + r"[a-z]+\b[^,;:]{0,60}?\s+(?:and|or|then)\s+" + _REFERRAL,
    _FLAGS,
)
_REFERRAL_ADVICE = re.compile(r"\s*,?\s*" + _alt("referral_advice") + r"\b", _FLAGS)
_CLINICIAN_HINTS = _words("clinician_hints")
_CONDITION_OPENERS = ("if ", "when", "before ", "after ", "should ", "until ", "unless ", "in case", "and ", "but ")
_SUBJECT_PRONOUN = re.compile(
    r"^(?:i|you|we|they|he|she|it|this|that|these|those|there|the|a|an|some|many|most|people|"
    r"researchers?|doctors?|studies|study|one|each|every|all|no|your|my|our|their|his|her|its)\b",
    _FLAGS,
)


@lru_cache(maxsize=64)  # asked twice of a sentence: the safety-net rule, then the advice cue
def _safety_net(core: str, lower: str) -> tuple[bool, str]:
    """(True, "") for a safety net; (False, referral) when a referral wraps advice."""
    if not _any_in(lower, _CLINICIAN_HINTS):
        return False, ""
    m = _SAFETY_START.match(core)
    if m is None and lower.startswith(_CONDITION_OPENERS):
        m = _SAFETY_AFTER_CONDITION.match(core)
    if m is None and (" and " in lower or " or " in lower or " then " in lower) and not _SUBJECT_PRONOUN.match(core):
        m = _SAFETY_AFTER_IMPERATIVE.match(core)
    if m is None:
        return False, ""
    advice = _REFERRAL_ADVICE.match(core, m.end())
    if advice:
        return False, core[max(0, m.end() - 40) : advice.end()].strip()
    return True, ""


# --- self-reference --------------------------------------------------------------------------
_DOC_NOUN = _alt("doc_nouns")
# Each rule is gated by a cheap substring test on the lower-cased sentence, because running
# one big alternation with word boundaries over every sentence is far too slow in ``re``.
_SELF_RULES: tuple[tuple[tuple[str, ...], re.Pattern[str]], ...] = (
    (("this ",), re.compile(r"\bthis\s+(?:\w+\s+)?review\s+" + _alt("review_self_verbs") + r"\b", _FLAGS)),
    (("our ",), re.compile(r"\bour\s+" + _alt("our_nouns") + r"\b", _FLAGS)),
    (
        ("we ", "we'"),
        re.compile(
            r"^(?:(?:so|and|but|now|today|here|first|next|then),?\s+)*(?:in\s+this\s+\w+,?\s+)?we\s+"
            + _alt("we_verbs")
            + r"\b",
            _FLAGS,
        ),
    ),
    (
        ("i ", "i'"),
        re.compile(
            r"^(?:(?:so|and|but|now|today|here|first|next|then|in\s+this\s+\w+),?\s+)*"
            r"(?:i|we)(?:'ll|\s+will|'m\s+going\s+to|\s+am\s+going\s+to|'re\s+going\s+to|\s+are\s+going\s+to|\s+want\s+to|'d\s+like\s+to)\s+"
            + _alt("speaker_verbs")
            + r"\b",
            _FLAGS,
        ),
    ),
    (
        ("above", "below"),
        re.compile(
            r"\b(?:the|this|these|my|our)\s+(?:\w+\s+)?" + _alt("pointer_nouns") + r"\s+(?:above|below)\b", _FLAGS
        ),
    ),
    ((" is a",), re.compile(r"\bis\s+an?\s+" + _alt("production_nouns") + r"\s+of\b", _FLAGS)),
    (
        ("please",),
        re.compile(
            r"^please\s+" + _alt("please_verbs") + r"\b"
            r"|\bplease\s+(?:send|e-?mail|contact\s+us|write\s+to\s+us|let\s+us\s+know)\b",
            _FLAGS,
        ),
    ),
    (
        ("related:", "related reading", "related articles", "related posts"),
        re.compile(r"^(?:related(?:\s+(?:reading|articles?|posts?|links?|content))?\s*:|see\s+also\s*:)", _FLAGS),
    ),
    (
        ("here is blog", "here's blog", "welcome to", "welcome back"),
        re.compile(r"^(?:so\s+)?(?:here(?:'s|\s+is)\s+blog|welcome\s+(?:to|back))\b", _FLAGS),
    ),
)
_SELF_STARTS = ("www.", "http://", "https://", "reprint ", *(w.lower() + " " for w in _words("bylines")))
_SPEAKER_INTRO = re.compile(r"^(?:from\s+[^,]{0,80},\s+)?(?:i'm|i\s+am)\s+(?:dr\.\s+)?[A-Z][a-z]+", re.IGNORECASE)
_SPEAKER_NAME = re.compile(r"(?:[Ii]'m|I\s+am)\s+(?:Dr\.\s+)?[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?\s*(?:with\b|\.|,|$)")


# "This chapter explains ...": the text as the subject. "This guide found no study ..." reports
# on the evidence (a claim), and "this page" inside a sentence that has a claim cue is only
# where the claim is ("Many studies on this page show ...").
_THIS_DOC_START = re.compile(
    r"^(?:(?:so|and|but|also|here|now|note),?\s+)?(?:(?:in|on|for|from|throughout)\s+)?this\s+"
    + _DOC_NOUN
    + r"(?:'s)?\b",
    _FLAGS,
)
_THIS_DOC = re.compile(r"\bthis\s+" + _DOC_NOUN + r"\b", _FLAGS)
_THIS_DOC_REPORTS = re.compile(
    r"^(?:(?:so|and|but|also)\s+)?this\s+" + _DOC_NOUN + r"\s+(?:also\s+|therefore\s+|still\s+)?"
    r"(?:found|finds|did\s+not\s+find|could\s+not\s+find|has\s+not\s+found|looked|suggests|sees|recommends|advises|"
    r"did\s+not\s+find)\b",
    _FLAGS,
)


def _this_doc(core: str, lower: str) -> bool:
    if "this " not in lower or not _THIS_DOC.search(core):
        return False
    if _THIS_DOC_START.match(core):
        return not _THIS_DOC_REPORTS.match(core)
    return not any(cue(core, lower) for _, cue in CLAIM_CUES[:4])


def _is_self_reference(core: str, lower: str) -> bool:
    if lower.startswith(_SELF_STARTS):
        return True
    if _this_doc(core, lower):
        return True
    for hints, rule in _SELF_RULES:
        if _any_in(lower, hints) and rule.search(core):
            return True
    if lower.startswith(("i'm ", "i am ", "from ")):
        return bool(_SPEAKER_INTRO.match(core) and _SPEAKER_NAME.search(core))
    return False


# --- disclaimers ---------------------------------------------------------------------------------
_DISCLAIMER = _word_re("disclaimers")
_DISCLAIMER_HINTS = (
    "advice",
    "purposes",
    "only",
    "replace",
    "substitute",
    "diagnose",
    "affiliate",
    "sponsored",
    "partnership",
    "rights reserved",
    "before acting",
)

# --- signposts ---------------------------------------------------------------------------------
_WEB_ADDRESS = r"(?:https?://\S+|www\.\S+|\b[\w-]+(?:\.[\w-]+)*\.(?:gov|org|com|net|edu|int)\b)"
_SIGNPOST_START = re.compile(
    _OPENER + r"(?:let's\b|let\s+us\b|let\s+me\b"
    r"|here(?:'s|\s+is|\s+are)\s+(?:just\s+)?(?:what|how|why|where|when|a|an|the|some|more|our|my|ways|tips|steps|\w+\s+(?:tips|ways|steps|things|questions))\b"
    r"|(?:learn|read|find\s+out|get\s+tips)\s+(?:about|how|why|what|more)\b"
    r"|(?:read|keep\s+reading|scroll|skip)\s+(?:on|ahead|down|below|to)\b"
    r"|(?:see|read|check|visit)\s+(?:the\s+)?(?:below|above|next|previous|following|section|chapter|page|table|figure|glossary|appendix|box)\b"
    r"|(?:the\s+)?(?:next|following|previous|preceding|last|final|first)\s+(?:section|chapter|page|part|pages|sections|chapters)\b"
    r"|(?:(?:to\s+)?learn\s+more|find\s+(?:out\s+)?more|for\s+more|more\s+information|to\s+find\s+out|get\s+more\s+(?:information|tips|details))\b"
    r"|(?:see|read|visit|check)\b[^.]{0,80}\bfor\s+more\b"
    r"|(?:now\s+)?(?:we|let's)\s+(?:turn|move|look|start|begin|come)\s+(?:to|at|on|with)\b"
    r"|(?:in\s+(?:short|summary|brief|sum)|to\s+(?:sum\s+up|summari[sz]e|recap))\s*[:,]?$)",
    _FLAGS,
)
_SIGNPOST_RULES: tuple[tuple[tuple[str, ...], re.Pattern[str]], ...] = (
    (("visit ", "go to ", "see "), re.compile(r"\b(?:visit|go\s+to|see)\s+" + _WEB_ADDRESS, _FLAGS)),
    (
        ("you'll ", "you will "),
        re.compile(r"\byou(?:'ll|\s+will)\s+(?:also\s+)?(?:find|learn|read|see|discover|get\s+tips)\b", _FLAGS),
    ),
    (
        ("available ",),
        re.compile(r"\b(?:is|are)\s+available\s+(?:at|from|online|by\s+(?:phone|telephone|calling|e-?mail))\b", _FLAGS),
    ),
    (
        ("has ", "have ", "offer", "provide"),
        re.compile(
            r"\b(?:has|have|offers?|provides?)\s+(?:a\s+(?:series|number|range|set|collection)\s+of\s+|"
            r"free\s+|more\s+|many\s+)?(?:short\s+|free\s+|easy-to-read\s+)*(?:articles|videos|resources|"
            r"fact\s+sheets|publications|toolkits|brochures|booklets|materials|webinars)\b",
            _FLAGS,
        ),
    ),
)
_LIST_INTRO = re.compile(
    r"\b(?:these|the\s+following|below\s+are\s+some|some)\s+" + _alt("list_nouns") + r"\b[^.]*:$",
    _FLAGS,
)
_SIGNPOST_FIRST_WORDS = frozenset(
    [
        "and",
        "but",
        "so",
        "also",
        "then",
        "please",
        "always",
        "first",
        "instead",
        "otherwise",
        "now",
        "be",
        "remember",
        "make",
        "let's",
        "let",
        "here",
        "here's",
        "read",
        "keep",
        "scroll",
        "skip",
        "see",
        "check",
        "visit",
        "the",
        "next",
        "following",
        "previous",
        "preceding",
        "last",
        "final",
        "learn",
        "find",
        "for",
        "more",
        "to",
        "get",
        "we",
        "in",
    ]
)


def _is_signpost(core: str, lower: str) -> bool:
    first = lower.split(" ", 1)[0].rstrip(",")
    if first in _SIGNPOST_FIRST_WORDS and _SIGNPOST_START.match(core):
        return True
    if core.endswith(":") and _LIST_INTRO.search(core):
        return True
    return any(_any_in(lower, hints) and rule.search(core) for hints, rule in _SIGNPOST_RULES)


# --- pure list lead-ins -----------------------------------------------------------------------
_PURE_LIST_INTRO = re.compile(
    r"^(?:(?:and|but|so|also),?\s+)?(?:" + _alt("list_openers") + r"\b[^:]{0,80}"
    r"|(?:[\w'-]+\s+){0,4}?(?:include|includes|are|such\s+as)(?:\s+the\s+following)?)\s*:$",
    _FLAGS,
)
_ASSERTING_INTRO = re.compile(
    r"\b(?:may|can|might|could|should|must|will|help|helps|make|makes|reduce|increase|raise)\b", _FLAGS
)

# --- calls to action and exclamations ---------------------------------------------------------
_CALL_TO_ACTION = re.compile(
    r"^(?:(?:so|and|or|now|please|also|don't\s+forget\s+to|be\s+sure\s+to|remember\s+to),?\s+)*"
    + _alt("calls_to_action")
    + r"(?![\w-])",
    _FLAGS,
)
_HAS_DIGIT = re.compile(r"\d")

# --- first person --------------------------------------------------------------------------------
_QUOTED = re.compile(r"\"[^\"]*\"|\u201c[^\u201d]*\u201d?")
_FIRST_PERSON = re.compile(r"(?<![\w.'-])" + _alt("first_person_singular") + r"(?![\w.-])")
_EVIDENCE_CUE = re.compile(r"\d|%|(?<![\w-])" + _alt("evidence_cues") + r"(?![\w-])", _FLAGS)


_MY_ANY_CASE = re.compile(r"(?<![\w.'-])(?:my|me|mine|myself)(?![\w.-])", _FLAGS)
_PERSONAL_GATE = _gate("first_person_singular", extra=("my", "me", "mine", "myself"))


def _is_personal(core: str, words_of: str | None = None) -> bool:
    """`core` is the sentence with its quotation marks. `words_of`, when given, is the same
    sentence normalised (_Sentence.core): it holds every word a match in `core` can be, so
    that when it holds none of the gate's, there is nothing to look for."""
    if words_of is not None and _cannot_match(_PERSONAL_GATE, words_of):
        return False
    text = _QUOTED.sub(" ", core) if ('"' in core or "\u201c" in core) else core
    # "I" must be a capital letter; "my", "me" ... any case
    m = _FIRST_PERSON.search(text) or _MY_ANY_CASE.search(text)
    if m is None:
        return False
    return not _EVIDENCE_CUE.search(core)


# --- strong causal wording ------------------------------------------------------------------
_STRONG_CAUSAL = re.compile(
    r"\b(?:"
    + _alt("strong_causal_verbs")
    + r"|(?<!\ba\s)(?<!\bthe\s)(?<!\bno\s)(?<!\bany\s)cure\b(?!\s+(?:for|is|was|exists)))\b",
    _FLAGS,
)
# "cause"/"causes" are verbs unless a determiner/adjective precedes them or "of" follows
_CAUSE_WORD = re.compile(r"\b(\w+\s+)?(\w+\s+)?(cause|causes)\b(\s+\w+)?", _FLAGS)
_CAUSE_NOUN_BEFORE = frozenset(w.lower() for w in _words("cause_noun_before"))
_CAUSE_NOUN_AFTER = frozenset(w.lower() for w in _words("cause_noun_after"))
_NOT_VERB_REVERSE = re.compile(r"\breverse\s+" + _alt("reverse_nouns") + r"\b", _FLAGS)
_CAUSAL_HINTS = (
    " prov",
    " cure",
    " curing",
    " prevent",
    " caus",
    " elimin",
    " guarant",
    " ensur",
    " eradic",
    " revers",
)


@lru_cache(maxsize=64)  # asked twice of a sentence: for the verdict, then by the causal cue
def _strong_causal_word(text: str) -> str:
    """The strong causal verb the sentence uses ("" if none)."""
    lower = " " + text.lower()
    if not _any_in(lower, _CAUSAL_HINTS):
        return ""
    for m in _STRONG_CAUSAL.finditer(text):
        word = m.group(0).lower()
        if word == "reverse" and _NOT_VERB_REVERSE.match(text, m.start()):
            continue
        return m.group(0)
    if "cause" not in lower:
        return ""
    for m in _CAUSE_WORD.finditer(text):
        before = (m.group(2) or m.group(1) or "").strip().lower()
        after = (m.group(4) or "").strip().lower()
        if before in _CAUSE_NOUN_BEFORE or after in _CAUSE_NOUN_AFTER:
            continue
        if m.group(3).lower() == "causes" and not before:
            # sentence-initial "Causes ..." is a heading-like noun ("Causes include ...")
            continue
        return m.group(3)
    return ""


# --- clear claim signals ------------------------------------------------------------------------
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*\s*%?|(?<![\w-])" + _alt("number_words") + r"(?![\w-])", _FLAGS)
_STUDY = _word_re("study_words")
_CAUSAL = _word_re("causal_verbs")
_COMPARISON = _word_re("comparison_words")
_COMPARISON_EXCEPTIONS = _word_re("comparison_exceptions")
_NUMBER_GATE = _gate("number_words")
_STUDY_GATE = _gate("study_words")
_CAUSAL_GATE = _gate("causal_verbs")
_COMPARISON_GATE = _gate("comparison_words")


# _NUMBER's two branches, searched apart: a digit and a letter never start a match at the same
# place, so the leftmost of the two is _NUMBER's own match; the digits are found in C at once,
# and the words are looked for only when the sentence holds one of them (_NUMBER_GATE).
_NUMBER_DIGITS = re.compile(r"\d+(?:[.,]\d+)*\s*%?", _FLAGS)
_NUMBER_WORDS = re.compile(r"(?<![\w-])" + _alt("number_words") + r"(?![\w-])", _FLAGS)


def _number_cue(core: str, lower: str) -> str:
    m = _NUMBER_DIGITS.search(core)
    if not _cannot_match(_NUMBER_GATE, core):
        word = _NUMBER_WORDS.search(core)
        if word is not None and (m is None or word.start() < m.start()):
            m = word
    return f"has a number '{m.group(0).strip()}'" if m else ""


_FOUND_AT = re.compile(r"\b(?:be|been|is|are|was|were)\s+found\s+(?:at|on|online|here|below|above)\b", _FLAGS)


def _study_cue(core: str, lower: str) -> str:
    if _cannot_match(_STUDY_GATE, core):
        return ""
    for m in _STUDY.finditer(core):
        if m.group(0).lower() == "found" and _FOUND_AT.search(core):
            continue
        return f"reports research ('{m.group(0)}')"
    return ""


def _causal_cue(core: str, lower: str) -> str:
    word = _strong_causal_word(core)
    if word:
        return f"causal verb '{word}'"
    if _cannot_match(_CAUSAL_GATE, core):
        return ""
    m = _CAUSAL.search(core)
    return f"causal verb '{m.group(0)}'" if m else ""


def _comparison_cue(core: str, lower: str) -> str:
    if _cannot_match(_COMPARISON_GATE, core):  # the exceptions only ever take words away
        return ""
    text = _COMPARISON_EXCEPTIONS.sub(" ", core) if ("rather than" in lower or "other than" in lower) else core
    m = _COMPARISON.search(text)
    return f"risk or comparison wording '{m.group(0)}'" if m else ""


# --- the pipeline -----------------------------------------------------------------------------
_NOISE_START = frozenset("-*+\u2022>\"\u201c\u201d'`([0123456789")
_TRAILING_CHARS = " \"\u201c\u201d'`)]"


def _any_in(lower: str, hints: Iterable[str]) -> bool:
    return any(hint in lower for hint in hints)


def _normalise(sentence: str) -> str:
    text = sentence.replace("\u2019", "'").replace("\u2018", "'").replace("\u02bc", "'")
    text = " ".join(text.split())
    if text[:1] in _NOISE_START:
        text = _LEADING_NOISE.sub("", text)
    return text


@dataclass(frozen=True, slots=True)
class _Sentence:
    """One sentence as the rules see it."""

    core: str  # normalised, without trailing quotes and brackets
    lower: str
    n_words: int
    source: str | None  # as written, with Markdown links (for navigation)
    quoted: str  # with its quotation marks, leading ones too (for the personal rule)


def _navigation(s: _Sentence) -> bool:
    if not s.source:
        return False
    source = _SOURCE_NOISE.sub("", s.source.strip(), count=1)
    return bool(LINK_ONLY.match(source) or CROSS_REFERENCE.match(source))


def _question(s: _Sentence) -> bool:
    return s.core.endswith("?") and not _DID_YOU_KNOW.match(s.core)


_TITLE_WORD = re.compile(r"^[A-Z0-9\u2018\u201c'\"(#]")
# a study named by its first author and year, as a label or a table cell ("Lo 2017", "Hyldahl
# 2016, BYU", "Smith et al. 2018")
_AUTHOR_YEAR = re.compile(
    r"^[A-Z][\w'-]+(?:\s+(?:et\s+al\.?|and\s+[A-Z][\w'-]+|&\s+[A-Z][\w'-]+))?,?\s+\(?(?:19|20)\d\d[a-z]?\)?"
    r"(?:\s*,\s*[A-Z][\w .'-]{0,30})?$"
)
_TITLE_VERB = re.compile(
    r"(?<![\w'-])"
    + _alt(
        extra=[
            w
            for w in _words("causal_verbs") + _words("strong_causal_verbs")
            if " " not in w and w.endswith(("s", "ed"))
        ]
        + ["says", "said", "shows", "showed", "found", "finds"]
    )
    + r"(?![\w'-])",
    _FLAGS,
)
_SMALL_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "as",
        "at",
        "but",
        "by",
        "for",
        "from",
        "in",
        "into",
        "of",
        "on",
        "or",
        "the",
        "to",
        "vs",
        "with",
        "your",
        "you",
        "is",
        "are",
    ]
)


def _title_line(core: str) -> bool:
    """A heading-like line: no final punctuation, and its words (but small ones) capitalised."""
    if core[-1:] in ".?!:;\"'\u201d":
        return False
    words = [w for w in core.split() if w.lower() not in _SMALL_WORDS and w[:1].isalpha()]
    if len(words) < 2 or not all(_TITLE_WORD.match(w) for w in words):
        return False
    # a heading that states something ("Physical Activity Helps Arthritis Pain") is a claim; in
    # title case a plural noun looks like a verb, so only auxiliaries and inflected causal verbs
    # count ("Health Benefits of Physical Activity" is a label)
    return not (_AUX_OR_IRREGULAR.search(core) or _TITLE_VERB.search(core))


_NUMBERED_LABEL = re.compile(
    r"^(?:step|figure|fig\.|table|day|week|month|part|chapter|section|phase|stage|level|grade|page|level)\b", _FLAGS
)


def _fragment(s: _Sentence) -> bool:
    if s.n_words < 3:
        # a short label, unless it holds a number ("2,637 adults.") or is a short sentence with
        # a verb ("Reduces pain.", "Be active.")
        if _HAS_DIGIT.search(s.core):
            return bool(_NUMBERED_LABEL.match(s.core) or _AUTHOR_YEAR.match(s.core))
        return not (s.core.endswith(".") and _has_finite_verb(s.lower))
    if s.core.endswith(":"):
        return bool(_LEAD_IN.match(s.core) or not _has_finite_verb(s.core))
    return _title_line(s.core) or bool(_AUTHOR_YEAR.match(s.core))


def _safety(s: _Sentence) -> bool:
    return _safety_net(s.core, s.lower)[0]


def _self_reference(s: _Sentence) -> bool:
    return _is_self_reference(s.core, s.lower)


def _disclaimer(s: _Sentence) -> bool:
    return _any_in(s.lower, _DISCLAIMER_HINTS) and bool(_DISCLAIMER.search(s.core))


def _signpost(s: _Sentence) -> bool:
    return _is_signpost(s.core, s.lower)


def _list_intro(s: _Sentence) -> bool:
    return (
        s.core.endswith(":")
        and s.n_words <= 12
        and not _HAS_DIGIT.search(s.core)
        and bool(_PURE_LIST_INTRO.match(s.core))
        and not _ASSERTING_INTRO.search(s.core)
    )


def _call_to_action(s: _Sentence) -> bool:
    return bool(_CALL_TO_ACTION.match(s.core))


def _exclamation(s: _Sentence) -> bool:
    return s.core.endswith("!") and s.n_words <= 5 and not _HAS_DIGIT.search(s.core)


def _personal(s: _Sentence) -> bool:
    return _is_personal(s.quoted, s.core)


# Step 1: the order is the docstring's; tests/unit/test_classify.py checks that they agree.
NOT_CLAIM_RULES: tuple[tuple[Reason, Callable[[_Sentence], bool]], ...] = (
    (Reason.NAVIGATION, _navigation),
    (Reason.QUESTION, _question),
    (Reason.FRAGMENT, _fragment),
    (Reason.SAFETY_NET, _safety),
    (Reason.SELF_REFERENCE, _self_reference),
    (Reason.DISCLAIMER, _disclaimer),
    (Reason.SIGNPOST, _signpost),
    (Reason.LIST_INTRO, _list_intro),
    (Reason.CALL_TO_ACTION, _call_to_action),
    (Reason.EXCLAMATION, _exclamation),
    (Reason.PERSONAL, _personal),
)


def _advice_cue(core: str, lower: str) -> str:
    is_net, referral = _safety_net(core, lower)
    return f"advice through a clinician ('{referral}')" if referral and not is_net else ""


# Step 2, in the docstring's order: each returns the cue in words, or "".
CLAIM_CUES: tuple[tuple[Reason, Callable[[str, str], str]], ...] = (
    (Reason.NUMBER, _number_cue),
    (Reason.STUDY, _study_cue),
    (Reason.CAUSAL, _causal_cue),
    (Reason.COMPARISON, _comparison_cue),
    (Reason.ADVICE, _advice_cue),
)


# A guide says some things more than once (a key point and its section, a safety net on every
# page); the verdict of a sentence is always the same (a Verdict cannot change), so it is kept.
@lru_cache(maxsize=8192)
def classify(sentence: str, source: str | None = None) -> Verdict:
    """Classify one plain-prose sentence; see the module docstring for the rules.

    `source` is the sentence as written (with its Markdown links), for the navigation rule."""
    text = _normalise(sentence)
    strong = _strong_causal_word(text)
    core = text.rstrip(_TRAILING_CHARS)
    quoted = " ".join(sentence.replace("\u2019", "'").replace("\u2018", "'").split())
    s = _Sentence(core, core.lower(), len(core.split()), source, quoted)

    for reason, rule in NOT_CLAIM_RULES:
        if rule(s):
            return Verdict(Tier.NOT_CLAIM, reason, reason.value, strong)

    for reason, find_cue in CLAIM_CUES:
        words = find_cue(s.core, s.lower)
        if words:
            return Verdict(Tier.CLAIM, reason, words, strong)

    model = claim_model.default()
    score, top = model.explain(core)
    if score >= model.claim_threshold:
        tier = Tier.CLAIM
    elif score >= model.notice_threshold:
        tier = Tier.UNSURE
    else:
        tier = Tier.NOT_CLAIM
    cue = f"model score {score:.2f}"
    if top:
        cue += "; words: " + ", ".join(f"'{w}'" for w in top)
    return Verdict(tier, Reason.MODEL, cue, strong, score)
