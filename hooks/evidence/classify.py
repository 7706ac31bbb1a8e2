"""Decide whether one sentence of the guide's prose is a *claim* that needs a citation.

The input is a single sentence of plain prose: citations (``[@key]``), Markdown markup and
code have already been removed by the caller. The module is pure and stdlib-only
(precompiled regular expressions gated by cheap substring tests, no models).

A **claim** states something as fact about the world: numbers and statistics, causes and
effects, risks, comparisons, what studies found, what helps or harms, anatomy and
physiology, attributions and quotations. Advice that rests on evidence ("Increase your
weekly distance gradually.") is a claim too, because someone has to show that it works.

The rules run in this order; the first that matches decides, and anything left over is a
claim (``reason="statement"``). When unsure the classifier says *claim*: an uncited claim
slipping through is worse than a citation being asked for a sentence that did not need one.

1. ``question`` (checked first, so "Why not?" is a question): ends in "?" (after closing
   quotes/brackets). A "Did you know ...?" question smuggles in a fact and stays a claim.
2. ``fragment``: fewer than three words ("Key points", "In short:"); a line ending in ":"
   that has no finite verb ("When starting a program:"); or a bare attribution lead-in whose
   content follows the colon ("But Dunlop says:").
3. ``safety-net``: a referral to a clinician or emergency help as the sentence's own
   instruction: it *starts* with "See / Talk to / Call / Ask / Check with / Consult /
   Contact / Seek / Get ..." followed by a doctor, provider, nurse, 911, emergency or
   medical care ("See a doctor if the pain lasts.", "Call 911 if ...", "Seek care if ...");
   or the referral is the main clause after a leading "If / When / Before ..." clause; or
   it closes a short imperative ("Stop and talk to your doctor.").
4. ``self-reference``: the text speaking about itself: "this page / guide / chapter /
   section / article / website / information ...", "our articles / material / site ...",
   "We use / call / mean / cover ...", a speaker introducing themselves ("I'm Jane Doe."),
   publication credits ("X is a production of ..."), administrative notes ("Please note /
   update / acknowledge ...", a sentence whose subject is a URL).
5. ``signpost``: transitions and pointers: "Let's ...", "Here is / are ...", "Read on",
   "The next section ...", "Learn more / Find more / For more ...", "See X for more
   information", "visit <web address>", "you will find / learn ...", a resource that
   "is available at <address>", "X has / offers articles / videos / fact sheets ...", and
   list introducers such as "... these steps / tips / ways:".

``strong_causal`` is independent of ``is_claim``: it is true when the sentence uses strong
causal or certainty wording as a verb in any inflection: prove (and "proven"), cure,
prevent, cause, eliminate, guarantee, ensure, eradicate, reverse. Nouns are not flagged:
"The cause is unclear.", "Common causes of knee pain include ...", "There is no cure.",
"injury prevention" are all false. Hedged verbs are still flagged ("may prevent" is true),
so the caller can ask for a strong source and judge the hedging itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Verdict", "classify"]


@dataclass(frozen=True, slots=True)
class Verdict:
    """Result of :func:`classify`."""

    is_claim: bool
    reason: str  # "statement", "question", "signpost", "self-reference", "safety-net", "fragment"
    strong_causal: bool


_FLAGS = re.IGNORECASE

# --- normalisation --------------------------------------------------------------------------
_LEADING_NOISE = re.compile(r"^\s*(?:[-*+\u2022]\s+|\(?\d{1,3}[.)]\s+|[>\"\u201c\u201d'`(\[]+\s*)*")

# --- 1. fragments ---------------------------------------------------------------------------
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

# --- 2. questions -----------------------------------------------------------------------------
_DID_YOU_KNOW = re.compile(r"^(?:but\s+|and\s+)?did you know\b", _FLAGS)

# --- 3. safety nets ---------------------------------------------------------------------------
_CLINICIAN = (
    r"(?:(?:a|an|the|your|you're|their|his|her|our)\s+)?(?:own\s+|regular\s+|family\s+|primary\s+care\s+)?"
    r"(?:doctors?|physicians?|GPs?|health\s*care\s+(?:providers?|professionals?|team|practitioners?)|"
    r"health\s+(?:professionals?|providers?)|providers?|nurses?|clinicians?|pharmacists?|"
    r"physical\s+therapists?|physiotherapists?|specialists?|911|999|112|"
    r"(?:the\s+)?emergency(?:\s+(?:room|department|services|care|help))?|ER|urgent\s+care|"
    r"(?:prompt\s+|immediate\s+|urgent\s+)?medical\s+(?:care|help|attention|advice|treatment)|"
    r"(?:care|help|treatment)\s+(?:right\s+away|immediately|promptly|urgently|at\s+once))"
)
_SAFETY_VERB = (
    r"(?:see|visit|call|phone|ring|dial|ask|tell|consult|contact|notify|check\s+(?:in\s+)?with|"
    r"talk\s+(?:to|with)|speak\s+(?:to|with)|go\s+(?:to|see)|get|seek|find|make\s+an\s+appointment\s+with)"
)
_SAFETY_PHRASE = _SAFETY_VERB + r"\s+(?:(?:right\s+away|immediately|first|promptly)\s+)?" + _CLINICIAN + r"\b"
_SEEK_CARE = r"(?:seek|get)\s+(?:prompt\s+|immediate\s+|urgent\s+|emergency\s+)?(?:care|help)\b"
_OPENER = r"^(?:(?:and|but|so|also|then|please|always|first|instead|otherwise|now),?\s+)*(?:(?:be\s+sure|remember|make\s+sure)\s+to\s+)?"
_SAFETY_START = re.compile(_OPENER + r"(?:" + _SAFETY_PHRASE + r"|" + _SEEK_CARE + r")", _FLAGS)
_SAFETY_AFTER_CONDITION = re.compile(
    r"^(?:and\s+|but\s+)?(?:if|when|whenever|before|after|should|until|unless|in\s+case)\b[^;]*?,\s*"
    r"(?:(?:then|please|always|also)\s+)?(?:[a-z]+\b[^,;]{0,60}?\s+and\s+)?(?:" + _SAFETY_PHRASE + r"|" + _SEEK_CARE + r")",
    _FLAGS,
)
_SAFETY_AFTER_IMPERATIVE = re.compile(
    _OPENER + r"[a-z]+\b[^,;:]{0,60}?\s+(?:and|or|then)\s+(?:" + _SAFETY_PHRASE + r"|" + _SEEK_CARE + r")",
    _FLAGS,
)
_CLINICIAN_HINTS = (
    "doctor", "physician", "gp", "provider", "professional", "practitioner", "nurse", "clinician",
    "pharmacist", "therapist", "specialist", "911", "999", "112", "emergency", " er ", "care", "medical",
    "help", "treatment",
)
_CONDITION_OPENERS = ("if ", "when", "before ", "after ", "should ", "until ", "unless ", "in case", "and ", "but ")
_SUBJECT_PRONOUN = re.compile(
    r"^(?:i|you|we|they|he|she|it|this|that|these|those|there|the|a|an|some|many|most|people|"
    r"researchers?|doctors?|studies|study|one|each|every|all|no|your|my|our|their|his|her|its)\b",
    _FLAGS,
)

# --- 4. self-reference --------------------------------------------------------------------------
_DOC_NOUN = (
    r"(?:page|pages|guide|chapter|section|article|site|website|web\s+site|fact\s+sheet|"
    r"publication|booklet|brochure|document|file|information|post|glossary|appendix|table|"
    r"figure|list|summary|handbook|text)"
)
# Each rule is gated by a cheap substring test on the lower-cased sentence, because running
# one big alternation with word boundaries over every sentence is far too slow in ``re``.
_SELF_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("this ", re.compile(r"\bthis\s+" + _DOC_NOUN + r"\b", _FLAGS)),
    ("our ", re.compile(
        r"\bour\s+(?:articles?|materials?|content|site|website|pages?|guide|publications?|"
        r"illustrations?|resources|newsletter)\b",
        _FLAGS,
    )),
    ("we ", re.compile(
        r"^(?:here\s+|in\s+this\s+\w+\s+)?we\s+(?:use|call|mean|refer|define|write|cover|"
        r"discuss|explain|describe|focus\s+on|will|'ll|are\s+going|review|summari[sz]e)\b",
        _FLAGS,
    )),
    (" is a", re.compile(r"\bis\s+an?\s+(?:production|publication|service|project)\s+of\b", _FLAGS)),
    ("please", re.compile(
        r"^please\s+(?:note|update|acknowledge|send|share|cite|contact|e-?mail|let\s+us|"
        r"bookmark|reprint|print|visit)\b"
        r"|\bplease\s+(?:send|e-?mail|contact\s+us|write\s+to\s+us|let\s+us\s+know)\b",
        _FLAGS,
    )),
)
_SELF_STARTS = ("www.", "http://", "https://", "reprint ")


def _is_self_reference(core: str, lower: str) -> bool:
    if lower.startswith(_SELF_STARTS):
        return True
    for hint, rule in _SELF_RULES:
        if hint in lower:
            if rule.search(core):
                return True
    if lower.startswith(("i'm ", "i am ", "from ")):
        return bool(_SPEAKER_INTRO.match(core) and _SPEAKER_NAME.search(core))
    return False


_SPEAKER_INTRO = re.compile(r"^(?:from\s+[^,]{0,80},\s+)?(?:i'm|i\s+am)\s+(?:dr\.\s+)?[A-Z][a-z]+", re.IGNORECASE)
_SPEAKER_NAME = re.compile(r"(?:[Ii]'m|I\s+am)\s+(?:Dr\.\s+)?[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?\s*(?:with\b|\.|,|$)")

# --- 5. signposts -------------------------------------------------------------------------------
_WEB_ADDRESS = r"(?:https?://\S+|www\.\S+|\b[\w-]+(?:\.[\w-]+)*\.(?:gov|org|com|net|edu|int)\b)"
_SIGNPOST_START = re.compile(
    _OPENER
    + r"(?:let's\b|let\s+us\b|let\s+me\b"
    r"|here(?:'s|\s+is|\s+are)\s+(?:what|how|why|where|when|a|an|the|some|more|our|my|\w+\s+(?:tips|ways|steps|things|questions))\b"
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
    (("you'll ", "you will "), re.compile(
        r"\byou(?:'ll|\s+will)\s+(?:also\s+)?(?:find|learn|read|see|discover|get\s+tips)\b", _FLAGS
    )),
    (("available ",), re.compile(
        r"\b(?:is|are)\s+available\s+(?:at|from|online|by\s+(?:phone|telephone|calling|e-?mail))\b", _FLAGS
    )),
    (("has ", "have ", "offer", "provide"), re.compile(
        r"\b(?:has|have|offers?|provides?)\s+(?:a\s+(?:series|number|range|set|collection)\s+of\s+|"
        r"free\s+|more\s+|many\s+)?(?:short\s+|free\s+|easy-to-read\s+)*(?:articles|videos|resources|"
        r"fact\s+sheets|publications|toolkits|brochures|booklets|materials|webinars)\b",
        _FLAGS,
    )),
)
_LIST_INTRO = re.compile(
    r"\b(?:these|the\s+following|below\s+are\s+some|some)\s+(?:steps|tips|ways|questions|resources|"
    r"things|ideas|suggestions|strategies|links)\b[^.]*:$",
    _FLAGS,
)


_SIGNPOST_FIRST_WORDS = frozenset(
    "and but so also then please always first instead otherwise now be remember make let's let here "
    "here's read keep scroll skip see check visit the next following previous preceding last final "
    "learn find for more to get we in".split()
)


def _is_signpost(core: str, lower: str) -> bool:
    first = lower.split(" ", 1)[0].rstrip(",")
    if first in _SIGNPOST_FIRST_WORDS and _SIGNPOST_START.match(core):
        return True
    if core.endswith(":") and _LIST_INTRO.search(core):
        return True
    for hints, rule in _SIGNPOST_RULES:
        if _any_in(lower, hints) and rule.search(core):
            return True
    return False


# --- strong causal wording ------------------------------------------------------------------
_STRONG_CAUSAL = re.compile(
    r"\b(?:prov(?:e|es|ed|en|ing)"
    r"|cur(?:es|ed|ing)|(?<!\ba\s)(?<!\bthe\s)(?<!\bno\s)(?<!\bany\s)cure\b(?!\s+(?:for|is|was|exists))"
    r"|prevent(?:s|ed|ing)?"
    r"|caus(?:ed|ing)"
    r"|eliminat(?:e|es|ed|ing)"
    r"|guarantee(?:s|d|ing)?"
    r"|ensur(?:e|es|ed|ing)"
    r"|eradicat(?:e|es|ed|ing)"
    r"|revers(?:e|es|ed|ing))\b",
    _FLAGS,
)
# "cause"/"causes" are verbs unless a determiner/adjective precedes them or "of" follows
_CAUSE_WORD = re.compile(r"\b(\w+\s+)?(\w+\s+)?(cause|causes)\b(\s+\w+)?", _FLAGS)
_CAUSE_NOUN_BEFORE = frozenset(
    "a an the its their his her our your my this that these those no main common possible root "
    "leading known other many several some most major underlying exact real likely usual "
    "primary frequent rare chief one two three of what".split()
)
_CAUSE_NOUN_AFTER = frozenset("of is are was were include includes including remain remains".split())
_NOT_VERB_REVERSE = re.compile(r"\breverse\s+(?:lunges?|crunch(?:es)?|curls?|flys?|side|order)\b", _FLAGS)


_CAUSAL_HINTS = (" prov", " cure", " curing", " prevent", " caus", " elimin", " guarant", " ensur", " eradic", " revers")


def _strong_causal(text: str) -> bool:
    lower = " " + text.lower()
    if not _any_in(lower, _CAUSAL_HINTS):
        return False
    for m in _STRONG_CAUSAL.finditer(text):
        word = m.group(0).lower()
        if word == "reverse" and _NOT_VERB_REVERSE.match(text, m.start()):
            continue
        return True
    if "cause" not in lower:
        return False
    for m in _CAUSE_WORD.finditer(text):
        before = (m.group(2) or m.group(1) or "").strip().lower()
        after = (m.group(4) or "").strip().lower()
        if before in _CAUSE_NOUN_BEFORE or after in _CAUSE_NOUN_AFTER:
            continue
        if m.group(3).lower() == "causes" and not before:
            # sentence-initial "Causes ..." is a heading-like noun ("Causes include ...")
            continue
        return True
    return False


_NOISE_START = frozenset("-*+\u2022>\"\u201c\u201d'`([0123456789")
_TRAILING_CHARS = " \"\u201c\u201d'`)]"


def _any_in(lower: str, hints: tuple[str, ...]) -> bool:
    for hint in hints:
        if hint in lower:
            return True
    return False


def _normalise(sentence: str) -> str:
    text = sentence.replace("\u2019", "'").replace("\u2018", "'").replace("\u02bc", "'")
    text = " ".join(text.split())
    if text[:1] in _NOISE_START:
        text = _LEADING_NOISE.sub("", text)
    return text


def _verdict(is_claim: bool, reason: str, strong: bool) -> Verdict:
    return Verdict(is_claim=is_claim, reason=reason, strong_causal=strong)


def classify(sentence: str) -> Verdict:
    """Classify one plain-prose sentence; see the module docstring for the rules."""
    text = _normalise(sentence)
    strong = _strong_causal(text)
    core = text.rstrip(_TRAILING_CHARS)
    lower = core.lower()
    n_words = len(core.split())

    # 2 before 1, so that "Why not?" is reported as a question rather than a fragment
    if core.endswith("?") and not _DID_YOU_KNOW.match(core):
        return _verdict(False, "question", strong)

    # 1. fragments
    if n_words < 3:
        return _verdict(False, "fragment", strong)
    if core.endswith(":") and (_LEAD_IN.match(core) or not _has_finite_verb(core)):
        return _verdict(False, "fragment", strong)

    # 3. safety nets
    if _any_in(lower, _CLINICIAN_HINTS) and (
        _SAFETY_START.match(core)
        or (lower.startswith(_CONDITION_OPENERS) and _SAFETY_AFTER_CONDITION.match(core))
        or (
            (" and " in lower or " or " in lower or " then " in lower)
            and not _SUBJECT_PRONOUN.match(core)
            and _SAFETY_AFTER_IMPERATIVE.match(core)
        )
    ):
        return _verdict(False, "safety-net", strong)

    # 4. self-reference
    if _is_self_reference(core, lower):
        return _verdict(False, "self-reference", strong)

    # 5. signposts
    if _is_signpost(core, lower):
        return _verdict(False, "signpost", strong)

    return _verdict(True, "statement", strong)
