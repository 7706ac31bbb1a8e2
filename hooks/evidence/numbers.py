"""Numbers in prose: where they are, what they mean, and whether one number supports another.

Pure and stdlib-only. `extract_numbers` reads a sentence (the guide's plain text, or a passage
quoted from a source) and returns each number with its offsets in that text, a normalized value
and a kind; `supports` says whether a source's number backs the guide's; `check_derivation`
verifies a passage's `derived:` arithmetic (a unit conversion or a rounding).

What counts as a number (and what does not), decided here once:

- Digits: 7, 1,525 (= 1525), 0.64, .05, 0·64 (the Lancet's decimal point), -0.5.
  Not numbers: digits glued to letters or to a letter and a hyphen (T4, COVID-19, IL-6, SF-36),
  ordinals with a suffix (1st, 2nd, 10th).
- Number words: zero to nineteen, the tens, "twenty-five", "two hundred", "three thousand".
  "one" is a number only before a unit ("one week"), a percent, "in"/"out of" ("one in five"),
  "to"/"-" with another number, or "times"; otherwise it is a determiner ("in one study",
  "one of the"). "a"/"an" is never a number on its own ("over a year").
- Ordinal words (first, second, third...) are not numbers. A fraction is: "a third of",
  "two thirds", "a quarter", "one half", "half" (= 50%), except "half marathon", "half-squat",
  "first/second/other half", and "a third" before a noun ("a third study" is an ordinal).
- Percentages: 23%, 23 percent, 23 per cent, 23 percentage points; "N in M" and "N out of M"
  are percentages (40 in 100 = 40%, 1 in 5 = 20%); "N of M" in the guide is two counts
  (48 of 50 people). In a passage, "N of M", "N out of M", "N in M", "N per M" and "N/M" give the
  percentage as well as both counts, so "96 in 100" in the guide finds "48 of 50" in a source.
- "twice" and "N times" are ratios (kind "times"), which a plain number in a source can back
  (RR 2.23 -> "about twice as likely").
- Ranges (5 to 8 years, 0.96-2.66, 0.96–2.66, between 5 and 8) are two numbers; a unit or a
  percent sign written once after the range applies to both ends.
- Years: a four-digit whole number from 1900 to 2099 with no unit or percent ("a 2016 study",
  "in 2017"). The cited source's publication year needs no passage; any other year does.
- A number's unit (days, weeks, months, years, decades, hours, minutes, km, m, miles) is read
  after it, with or without a hyphen (6-week, 5-to-8-year). A guide number and a source number
  with two different units never match: a conversion is declared in the passage (`derived:`).
  A ratio ("twice", "1.6 times") never matches a source number with a unit.
- Qualifiers right before a number say the guide rounded it: about, around, roughly,
  approximately, nearly, almost ("~"); or bounded it: more than, over, above, at least (">", "≥"),
  under, below, fewer than, less than, at most, up to ("<", "≤").
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace

# ---------------------------------------------------------------------------------------------
# Vocabulary

UNITS = {
    "day": "day",
    "days": "day",
    "week": "week",
    "weeks": "week",
    "wk": "week",
    "wks": "week",
    "month": "month",
    "months": "month",
    "mo": "month",
    "year": "year",
    "years": "year",
    "yr": "year",
    "yrs": "year",
    "decade": "decade",
    "decades": "decade",
    "hour": "hour",
    "hours": "hour",
    "h": "hour",
    "hr": "hour",
    "hrs": "hour",
    "minute": "minute",
    "minutes": "minute",
    "min": "minute",
    "mins": "minute",
    "km": "km",
    "kilometer": "km",
    "kilometers": "km",
    "kilometre": "km",
    "kilometres": "km",
    "k": "km",
    "m": "m",
    "meter": "m",
    "meters": "m",
    "metre": "m",
    "metres": "m",
    "mile": "mile",
    "miles": "mile",
    "mi": "mile",
}
# Length of each time unit in days. A month is a twelfth of a year, a year 365.25 days.
DAYS = {
    "minute": 1 / 1440,
    "hour": 1 / 24,
    "day": 1.0,
    "week": 7.0,
    "month": 365.25 / 12,
    "year": 365.25,
    "decade": 3652.5,
}
METERS = {"m": 1.0, "km": 1000.0, "mile": 1609.344}
# Conversions that involve months or years are exact to within this (52 weeks = 1 year,
# 6 months = 26 weeks), since calendar months and years have no fixed length.
CALENDAR_TOLERANCE = 0.01

ONES = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000}
DENOMINATORS = {
    "half": 2,
    "halves": 2,
    "third": 3,
    "thirds": 3,
    "quarter": 4,
    "quarters": 4,
    "fifth": 5,
    "fifths": 5,
    "tenth": 10,
    "tenths": 10,
}
FRACTION_COUNTS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "nine": 9}

ROUNDING = ("about", "around", "roughly", "approximately", "nearly", "almost")
QUALIFIERS = {
    "about": "about",
    "around": "about",
    "roughly": "about",
    "approximately": "about",
    "~": "about",
    "nearly": "nearly",
    "almost": "nearly",
    "more than": "above",
    "over": "above",
    "above": "above",
    ">": "above",
    "at least": "at-least",
    "≥": "at-least",
    ">=": "at-least",
    "under": "below",
    "below": "below",
    "fewer than": "below",
    "less than": "below",
    "<": "below",
    "at most": "at-most",
    "up to": "at-most",
    "≤": "at-most",
    "<=": "at-most",
}

_ones = "|".join(sorted(ONES, key=len, reverse=True))
_tens = "|".join(TENS)
_scales = "|".join(SCALES)
_unit_word = rf"(?:{_tens})(?:[- ](?:{_ones}))?|{_ones}"
# "six", "twenty-five", "two hundred", "one thousand five hundred and twenty-five"
WORD_NUMBER = rf"(?:{_unit_word})(?:[- ](?:{_scales})(?:(?:\s+and)?\s+(?:{_unit_word})(?:[- ](?:{_scales}))?)*)?"
DIGITS = r"(?<![\w.,·])[-−]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:[.·]\d+)?(?![.,·]\d)|(?<![\w.])\.\d+"
_fraction_counts = "|".join(FRACTION_COUNTS)
_denominators = "|".join(sorted(DENOMINATORS, key=len, reverse=True))
# The lookahead first: every token starts with a digit, a "." or a minus sign, or a letter at
# the start of a word, so the regex engine tries the alternatives only there (a third less CPU
# for the scan, which reads every claim and every passage; the same matches).
TOKEN = re.compile(
    rf"""
    (?=[\d.−-]|\b[a-z])
    (?:(?P<fraction>\b(?:{_fraction_counts})[-\s](?:{_denominators})\b)
    |(?P<half>\bhalf\b)
    |(?P<twice>\btwice\b)
    |(?P<word>\b{WORD_NUMBER}\b)
    |(?P<digits>{DIGITS}))
    """,
    re.IGNORECASE | re.VERBOSE,
)
# What may follow a number: a percent sign or word, then a unit.
SCALE_AFTER = re.compile(r"\s(million|billion)\b", re.IGNORECASE)
PERCENT_AFTER = re.compile(r"\s?(?:%|percent\b|per cent\b|percentage points?\b)", re.IGNORECASE)
UNIT_AFTER = re.compile(r"(?:\s|-)?(" + "|".join(sorted(UNITS, key=len, reverse=True)) + r")\b", re.IGNORECASE)
TIMES_AFTER = re.compile(r"[\s-]?(?:times|fold)\b|x\b", re.IGNORECASE)
# Between the two numbers of a ratio or a range.
RATIO_LINK = re.compile(r"\s+(in|out of|of|per)\s+|\s*(/)\s*", re.IGNORECASE)
RANGE_LINK = re.compile(r"\s*(?:[-–—]|[-\s]to[-\s])\s*|\s+(and)\s+", re.IGNORECASE)
BETWEEN_BEFORE = re.compile(r"\bbetween\s+$", re.IGNORECASE)
QUALIFIER_BEFORE = re.compile(
    r"(?:\b(about|around|roughly|approximately|nearly|almost|more than|over|above|at least|under|"
    r"below|fewer than|less than|at most|up to)\s+|(~|>=|<=|>|<|≥|≤)\s*)$",
    re.IGNORECASE,
)
HALF_COMPOUND = re.compile(r"[-\s]?(?:marathons?|squats?|lives|life|way|time|hour|day)\b", re.IGNORECASE)
HALF_ORDINAL = re.compile(r"\b(?:first|second|other|latter|former)\s+$", re.IGNORECASE)
A_FRACTION_NOUN = re.compile(r"\s+(?!of\b)[a-z]", re.IGNORECASE)  # "a third study": an ordinal
ALLOWED_GLUED = re.compile(r"(km|k|m|mi|h|hr|min|s|x|kg)\b", re.IGNORECASE)
ORDINAL_SUFFIX = re.compile(r"(?:st|n[d]|rd|th)\b", re.IGNORECASE)  # 1st, 2nd, 3rd, 10th
# "2x500 m", "2×500 m": the multiplication sign between digits is read as a space.
TIMES_SIGN = re.compile(r"(?<=\d)[x×](?=\s?\d)", re.IGNORECASE)
YEAR_RANGE = (1900, 2099)
# A quick look before the full scan: most sentences have no digit and no number word.
NUMBER_WORDS = frozenset(ONES) | frozenset(TENS) | frozenset(DENOMINATORS) | {"twice"}
DIGIT = re.compile(r"\d")
LETTERS = re.compile(r"[a-z]+")


# ---------------------------------------------------------------------------------------------
# Numbers


@dataclass(frozen=True, slots=True)
class Number:
    """One number as read in a text.

    `value` is in the kind's unit: a percentage for "percent" (40 in 100 -> 40.0), a plain value
    otherwise. `precision` is the step the writer's digits show (40 -> 10, 43 -> 1, 0.64 -> 0.01,
    "1 in 5" -> 20 points): what a rounding to it may be off by is half a step.
    """

    text: str  # as written, e.g. "40 in 100", "1,525", "six", "5 to 8 years" (for a range, one end)
    start: int  # offsets in the text it was read from
    end: int
    value: float
    kind: str = "number"  # number | percent | times | year
    unit: str | None = None
    qualifier: str | None = None  # about | nearly | above | at-least | below | at-most
    precision: float = 1.0
    derived: bool = False  # from a passage's `derived:` entry, not its text
    reading: bool = False  # a second reading of the same words (the percent of "48 of 50")

    def describe(self) -> str:
        return self.text


def _digit_value(raw: str) -> float:
    return float(raw.replace(",", "").replace("·", ".").replace("−", "-"))


def _digit_precision(raw: str) -> float:
    raw = raw.replace(",", "").replace("·", ".").lstrip("-−")
    if "." in raw:
        return 10.0 ** -len(raw.split(".", 1)[1])
    return _integer_precision(int(raw or 0))


def _integer_precision(value: int) -> float:
    """10 for 40 and 1,520, 1 for 43, 100,000 for 100,000: the step the trailing zeros show."""
    value = abs(value)
    if value == 0:
        return 1.0
    step = 1
    while value % (step * 10) == 0:
        step *= 10
    return float(step)


def _word_value(raw: str) -> int:
    total, current = 0, 0
    for part in re.split(r"[-\s]+", raw.lower()):
        if part in ONES:
            current += ONES[part]
        elif part in TENS:
            current += TENS[part]
        elif part in SCALES:
            current = max(current, 1) * SCALES[part]
            if SCALES[part] >= 1000:
                total, current = total + current, 0
    return total + current


@dataclass(slots=True)
class _Atom:
    start: int
    end: int
    value: float
    precision: float
    kind: str  # digits | word | one | fraction | half | twice
    raw: str
    denominator: int = 0  # fractions


def _atoms(text: str) -> list[_Atom]:
    scan = TIMES_SIGN.sub(" ", text)
    out: list[_Atom] = []
    for m in TOKEN.finditer(scan):
        raw, start, end = m.group(0), m.start(), m.end()
        if m.group("digits"):
            after = scan[end : end + 4]
            if after[:1].isalpha():
                glued = ALLOWED_GLUED.match(after)
                if not glued or ORDINAL_SUFFIX.match(after):
                    continue
            glued_to_a_word = start >= 2 and scan[start - 1] in "-−" and scan[start - 2].isalpha()
            if glued_to_a_word and not re.search(r"\b(?:to|and|or)-$", scan[max(0, start - 5) : start], re.IGNORECASE):
                continue  # IL-6, COVID-19; but "5-to-8-year" keeps its 8
            if raw[0] in "-−" and start >= 1 and not (scan[start - 1].isspace() or scan[start - 1] in "(["):
                raw, start = raw[1:], start + 1  # a hyphen after a digit or word: not a minus sign
            value, precision = _digit_value(raw), _digit_precision(raw)
            scale = SCALE_AFTER.match(scan, end)
            if scale:  # 595 million, 1.2 billion
                factor = 1e6 if scale.group(1).lower() == "million" else 1e9
                value, precision, end = value * factor, precision * factor, scale.end()
                raw = text[start:end]
            out.append(_Atom(start, end, value, precision, "digits", raw))
        elif m.group("word"):
            value = _word_value(raw)
            kind = "one" if raw.lower() == "one" else "word"
            out.append(_Atom(start, end, float(value), float(_integer_precision(value)), kind, raw))
        elif m.group("fraction"):
            count_word, denominator_word = re.split(r"[-\s]", raw.lower(), maxsplit=1)
            denominator = DENOMINATORS[denominator_word]
            count = FRACTION_COUNTS[count_word]
            if count_word in ("a", "an") and A_FRACTION_NOUN.match(scan, end) and denominator != 2:
                continue  # "a third study", "a quarter final": ordinal or noun, not a fraction
            if denominator == 2 and HALF_COMPOUND.match(scan, end):
                continue  # "a half marathon"
            value = 100.0 * count / denominator
            out.append(_Atom(start, end, value, 100.0 / denominator, "fraction", raw, denominator))
        elif m.group("half"):
            if HALF_COMPOUND.match(scan, end) or HALF_ORDINAL.search(scan[max(0, start - 12) : start]):
                continue
            out.append(_Atom(start, end, 50.0, 50.0, "half", raw, 2))
        elif m.group("twice"):
            out.append(_Atom(start, end, 2.0, 1.0, "twice", raw))
    return out


def _qualifier(text: str, start: int) -> str | None:
    m = QUALIFIER_BEFORE.search(text[max(0, start - 24) : start])
    if not m:
        return None
    word = (m.group(1) or m.group(2)).lower()
    return QUALIFIERS[word]


def _is_year(atom: _Atom) -> bool:
    return (
        atom.kind == "digits"
        and re.fullmatch(r"\d{4}", atom.raw) is not None
        and YEAR_RANGE[0] <= atom.value <= YEAR_RANGE[1]
    )


def extract_numbers(text: str, *, passage: bool = False) -> list[Number]:
    """Every number in `text`, in order, with its offsets in `text`.

    In a passage (`passage=True`), a ratio ("48 of 50", "3 in 10", "20 per 100", "17/25") also
    gives its percentage as an extra reading with the same offsets.
    """
    if not DIGIT.search(text) and NUMBER_WORDS.isdisjoint(LETTERS.findall(text.lower())):
        return []
    atoms = _atoms(text)
    out: list[Number] = []
    i = 0
    while i < len(atoms):
        atom = atoms[i]
        nxt = atoms[i + 1] if i + 1 < len(atoms) else None
        qualifier = _qualifier(text, atom.start)

        # A ratio: N in M, N out of M (a percentage in the guide); N of M, N per M, N/M.
        if nxt is not None and atom.kind not in ("fraction", "half", "twice") and nxt.kind in ("digits", "word", "one"):
            link = RATIO_LINK.fullmatch(text, atom.end, nxt.start)
            if link and nxt.value > 0 and not (YEAR_RANGE[0] <= nxt.value <= YEAR_RANGE[1] and nxt.kind == "digits"):
                word = (link.group(1) or link.group(2) or "").lower()
                percent = 100.0 * atom.value / nxt.value
                span = text[atom.start : nxt.end]
                precision = 100.0 / nxt.value
                if float(percent).is_integer():
                    precision = max(precision, _integer_precision(int(percent)))
                as_percent = Number(span, atom.start, nxt.end, percent, "percent", None, qualifier, precision)
                unit = _unit_after(text, nxt.end)
                if word in ("in", "out of") and not passage and atom.value <= nxt.value:
                    out.append(as_percent)
                    i += 2
                    continue
                if word in ("in", "out of", "of", "per", "/") and (atom.value <= nxt.value or word == "per"):
                    first = Number(
                        atom.raw, atom.start, atom.end, atom.value, "number", None, qualifier, atom.precision
                    )
                    second_unit = unit[1] if unit else None
                    second = Number(nxt.raw, nxt.start, nxt.end, nxt.value, "number", second_unit, None, nxt.precision)
                    if atom.kind == "one" and word in ("of", "per"):
                        out.append(second)  # "one of 14 studies": the determiner is no number
                    else:
                        out.append(first)
                        out.append(second)
                    if passage:
                        out.append(replace(as_percent, reading=True, qualifier=None))
                    i += 2
                    continue

        # A range: 5 to 8, 0.96-2.66, between 5 and 8.
        if nxt is not None and atom.kind in ("digits", "word", "one") and nxt.kind in ("digits", "word", "one"):
            link = RANGE_LINK.fullmatch(text, atom.end, nxt.start)
            if link and (not link.group(1) or BETWEEN_BEFORE.search(text[max(0, atom.start - 10) : atom.start])):
                high = _finish(text, nxt, qualifier=qualifier)
                low = _finish(text, atom, qualifier=qualifier, inherit=high)
                if low is not None and high is not None:
                    out += [low, high]
                    i += 2
                    continue

        number = _finish(text, atom, qualifier=qualifier)
        if number is not None:
            out.append(number)
        i += 1
    return out


def _unit_after(text: str, end: int) -> tuple[int, str] | None:
    m = UNIT_AFTER.match(text, end)
    if not m:
        return None
    return m.end(), UNITS[m.group(1).lower()]


def _finish(text: str, atom: _Atom, *, qualifier: str | None, inherit: Number | None = None) -> Number | None:
    """One number: its percent sign, times, unit and kind; None when it is no number ("one study")."""
    end = atom.end
    kind, unit, value, precision = "number", None, atom.value, atom.precision
    suffix_end = end
    if atom.kind in ("fraction", "half"):
        return Number(atom.raw, atom.start, atom.end, value, "percent", None, qualifier, precision)
    if atom.kind == "twice":
        return Number(atom.raw, atom.start, atom.end, value, "times", None, qualifier, precision)
    m = PERCENT_AFTER.match(text, end)
    if m:
        kind, suffix_end = "percent", m.end()
    else:
        times = TIMES_AFTER.match(text, end)
        if times and not (times.group(0).lower() == "x" and atom.kind != "digits"):
            kind, suffix_end = "times", times.end()
        else:
            found = _unit_after(text, end)
            if found:
                suffix_end, unit = found
    if inherit is not None and kind == "number" and unit is None:
        kind, unit = inherit.kind, inherit.unit
    if atom.kind == "one" and kind == "number" and unit is None and inherit is None:
        return None  # "in one study", "one of the": a determiner, not a number
    if kind == "number" and unit is None and _is_year(atom):
        kind = "year"
    return Number(text[atom.start : suffix_end], atom.start, suffix_end, value, kind, unit, qualifier, precision)


# ---------------------------------------------------------------------------------------------
# Support: does a source's number back the guide's?


def _comparable(guide: Number, source: Number) -> bool:
    if (guide.kind == "percent") != (source.kind == "percent"):
        return False
    if guide.unit and source.unit and guide.unit != source.unit:
        return False
    # "twice as likely" is a ratio, not "2.5 years"
    return not (guide.kind == "times" and source.unit)


def same_value(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def tolerance(number: Number) -> float:
    """How far a rounded number may be from the exact one: half its step, and for a
    percentage at most 5 points (so "about half" is 45 to 55%)."""
    half = number.precision / 2
    return min(half, 5.0) if number.kind == "percent" else half


def qualified_holds(says: Number, value: float) -> bool:
    """Is `says` (a guide number with a qualifier) a correct rounding or bound of `value`?"""
    x, step, tol = says.value, says.precision, tolerance(says)
    eps = 1e-9 * max(1.0, abs(x))
    q = says.qualifier
    if q == "about":
        return abs(value - x) <= tol + eps
    if q == "nearly":
        return value < x + eps and x - value <= tol + eps
    if q == "above":
        return value > x + eps and value - x < step + eps
    if q == "at-least":
        return value >= x - eps and value - x < step + eps
    if q == "below":
        return value < x - eps and x - value < step + eps
    if q == "at-most":
        return value <= x + eps and x - value < step + eps
    return same_value(value, x)


def supports(guide: Number, source: Number) -> str | None:
    """'exact' when the source's number is the guide's, 'rounded' when the guide's qualifier
    makes it a correct rounding or bound of it, else None."""
    if not _comparable(guide, source):
        return None
    if source.derived and source.qualifier and not guide.qualifier:
        return None  # a derived rounding: the guide must say "about" too
    if same_value(guide.value, source.value):
        return "exact"
    if guide.qualifier and qualified_holds(guide, source.value):
        return "rounded"
    return None


def would_round(guide: Number, source: Number) -> bool:
    """Would the guide's number be a correct rounding of the source's if it said "about"?"""
    if guide.qualifier or not _comparable(guide, source):
        return False
    return qualified_holds(replace(guide, qualifier="about"), source.value)


# ---------------------------------------------------------------------------------------------
# Derivations: `derived: [{says: "7 weeks", from: "49 days"}]` on a passage


def convert(source: Number, target: Number) -> tuple[float, float] | None:
    """The source's value in the target's unit and kind, with the relative tolerance an exact
    conversion allows; None when the units cannot be converted."""
    value = source.value
    if target.kind == "percent" and source.kind != "percent":
        if source.unit is None and 0 <= value <= 1:
            return value * 100, 1e-9  # a proportion: 0.25 -> 25%
        return None
    if target.kind != "percent" and source.kind == "percent":
        return None
    if source.unit == target.unit:
        return value, 1e-9
    if source.unit in DAYS and target.unit in DAYS:
        calendar = {source.unit, target.unit} & {"month", "year", "decade"}
        return value * DAYS[source.unit] / DAYS[target.unit], CALENDAR_TOLERANCE if calendar else 1e-9
    if source.unit in METERS and target.unit in METERS:
        return value * METERS[source.unit] / METERS[target.unit], 1e-9
    if source.unit is None or target.unit is None:
        return None
    return None


def check_derivation(says: str, source: str, passage_numbers: list[Number]) -> tuple[Number | None, str | None]:
    """(the derived number, None) when `says` follows from `source`, a number of the passage;
    (None, why not) otherwise."""
    said = extract_numbers(says)
    if len(said) != 1:
        return None, f"says '{says}' should hold exactly one number (it has {len(said)})"
    target = said[0]
    sources = extract_numbers(source, passage=True)
    if not sources:
        return None, f"from '{source}' holds no number"
    written = [p for p in passage_numbers if not p.derived]
    for s in sources:
        if s.reading:
            continue
        if not any(
            (p.kind == "percent") == (s.kind == "percent") and p.unit in (s.unit, None) and same_value(p.value, s.value)
            for p in written
        ):
            return None, f"from '{source}': {s.text} is not in the passage's text"
    candidates = sorted(sources, key=lambda s: ((s.kind == "percent") != (target.kind == "percent"), not s.reading))
    for candidate in candidates:
        converted = convert(candidate, target)
        if converted is None:
            continue
        value, rel = converted
        shown = f"{_show(value)} {_unit_name(target)}".strip()
        if target.qualifier:
            if qualified_holds(target, value):
                return replace(target, derived=True), None
            return None, f"'{source}' is {shown}, and '{says}' is not a correct rounding or bound of it"
        if math.isclose(value, target.value, rel_tol=rel, abs_tol=1e-9):
            return replace(target, derived=True), None
        return None, f"'{source}' is {shown}, not {target.text}: if the guide rounds it, write \"about\" in says"
    return None, (
        f"cannot convert '{source}' to '{says}' (supported: days, weeks, months, years; m, km, miles; "
        "percent, N in M, fractions, proportions)"
    )


def _unit_name(number: Number) -> str:
    if number.kind == "percent":
        return "percent"
    return f"{number.unit}s" if number.unit else ""


def _show(value: float) -> str:
    return f"{value:.4g}"
