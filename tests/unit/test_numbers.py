"""Numbers in prose (evidence/numbers.py): what is read as a number, its normalized value, kind and
unit; which source numbers support a guide number exactly, as a rounding or as a bound; and the
arithmetic of a passage's `derived:` entries."""

from __future__ import annotations

import pytest

from evidence.numbers import Number, check_derivation, extract_numbers, supports, would_round


def read(text: str, *, passage: bool = False) -> list[tuple[float, str, str | None]]:
    return [(round(n.value, 4), n.kind, n.unit) for n in extract_numbers(text, passage=passage)]


# (text, the numbers read from it as (value, kind, unit)): normalization of formats.
CASES = [
    # digits and separators
    ("Of 310 people", [(310, "number", None)]),
    ("1,525 students", [(1525, "number", None)]),
    ("1525 students", [(1525, "number", None)]),
    ("a total of 123,173 people", [(123173, "number", None)]),
    ("OR 0.64 before adjusting", [(0.64, "number", None)]),
    ("p<.05", [(0.05, "number", None)]),
    ("P = 0.21", [(0.21, "number", None)]),
    ("OR 0·64 (Lancet style)", [(0.64, "number", None)]),
    ("a change of -0.5 points", [(-0.5, "number", None)]),
    ("about 595 million people", [(595_000_000, "number", None)]),
    # number words
    ("Sixty-nine runners", [(69, "number", None)]),
    ("six modifications", [(6, "number", None)]),
    ("two hundred runners", [(200, "number", None)]),
    ("One thousand five hundred and twenty-five participants", [(1525, "number", None)]),
    ("one hundred and two trials", [(102, "number", None)]),
    ("three and two weeks", [(3, "number", None), (2, "number", "week")]),
    ("Eighteen recreational runners", [(18, "number", None)]),
    # percentages and their spellings
    ("23% a year", [(23, "percent", None)]),
    ("23 percent a year", [(23, "percent", None)]),
    ("23 per cent a year", [(23, "percent", None)]),
    ("a rise of 5 percentage points", [(5, "percent", None)]),
    ("40 in 100 had not recovered", [(40, "percent", None)]),
    ("2 in 10 runners", [(20, "percent", None)]),
    ("about 1 in 5 of them", [(20, "percent", None)]),
    ("one in five runners", [(20, "percent", None)]),
    ("4 out of 10 runners", [(40, "percent", None)]),
    ("half could not run", [(50, "percent", None)]),
    ("about a third of runners", [(33.3333, "percent", None)]),
    ("two thirds of them", [(66.6667, "percent", None)]),
    ("a quarter of runners", [(25, "percent", None)]),
    # counts that are not percentages in the guide
    ("48 of 50 people", [(48, "number", None), (50, "number", None)]),
    ("18 injuries per 1,000 hours", [(18, "number", None), (1000, "number", "hour")]),
    ("in one of 14 studies", [(14, "number", None)]),
    # ratios
    ("about twice as likely", [(2, "times", None)]),
    ("1.6 times the rate", [(1.6, "times", None)]),
    ("three times a week", [(3, "times", None)]),
    # ranges: both ends, the unit or percent sign shared
    ("5 to 8 years later", [(5, "number", "year"), (8, "number", "year")]),
    ("the 5-to-8-year result", [(5, "number", "year"), (8, "number", "year")]),
    ("95% CI 0.96–2.66", [(95, "percent", None), (0.96, "number", None), (2.66, "number", None)]),
    ("OR 1.7 (1.0-2.8)", [(1.7, "number", None), (1.0, "number", None), (2.8, "number", None)]),
    ("between 5 and 8 weeks", [(5, "number", "week"), (8, "number", "week")]),
    ("25 to 40% of knee problems", [(25, "percent", None), (40, "percent", None)]),
    # units
    ("a median of 49 days", [(49, "number", "day")]),
    ("a 6-week program", [(6, "number", "week")]),
    ("at 12 months", [(12, "number", "month")]),
    ("more than 3 km in the first week", [(3, "number", "km")]),
    ("2 × 500 m pain-free", [(2, "number", None), (500, "number", "m")]),
    ("2x500 m pain-free", [(2, "number", None), (500, "number", "m")]),
    ("a 30-minute run", [(30, "number", "minute")]),
    ("one week sooner", [(1, "number", "week")]),
    ("after one year", [(1, "number", "year")]),
    # years
    ("a 2016 pilot study", [(2016, "year", None)]),
    ("In 2017, Alentorn-Geli and colleagues", [(2017, "year", None)]),
    # not numbers
    ("in one study of runners", []),
    ("one of the most common", []),
    ("over a year", []),
    ("the first week", []),
    ("the 2nd week and the 10th", []),
    ("a third study found", []),
    ("a half marathon", []),
    ("the first half of the race", []),
    ("IL-6 and COVID-19 at T4 and T20", []),
    ("both groups, several trials, a few weeks", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0] for c in CASES])
def test_normalization(text: str, expected: list[tuple[float, str, str | None]]) -> None:
    assert read(text) == [(round(v, 4), k, u) for v, k, u in expected]


def test_there_are_at_least_thirty_normalization_cases() -> None:
    assert len(CASES) >= 30


def test_offsets_point_at_the_number_and_text_shows_its_unit() -> None:
    text = "Of 310 people, 55 in 100 had not recovered at 3 months."
    numbers = extract_numbers(text)
    assert [text[n.start : n.end] for n in numbers] == ["310", "55 in 100", "3 months"]
    assert [n.text for n in numbers] == ["310", "55 in 100", "3 months"]


def test_qualifiers_are_read() -> None:
    text = "about 29 in 100, nearly 2 decades, more than 100,000, under 50%, at least 3, up to 6 weeks, ~7, >30%"
    assert [n.qualifier for n in extract_numbers(text)] == [
        "about",
        "nearly",
        "above",
        "below",
        "at-least",
        "at-most",
        "about",
        "above",
    ]


def test_a_passage_ratio_also_gives_its_percentage() -> None:
    numbers = extract_numbers("48 of 50 had no signs; 17/25 (68%); 20 per 100 runners", passage=True)
    percents = [round(n.value, 4) for n in numbers if n.kind == "percent" and n.reading]
    assert percents == [96.0, 68.0, 20.0]
    assert [n.value for n in numbers if not n.reading][:2] == [48.0, 50.0]


def test_precision_is_the_step_the_digits_show() -> None:
    got = {n.text: n.precision for n in extract_numbers("40, 43, 0.64, 100,000, 6 in 10, 29 in 100, 1 in 5")}
    assert got == {"40": 10, "43": 1, "0.64": 0.01, "100,000": 100_000, "6 in 10": 10, "29 in 100": 1, "1 in 5": 20}


# ---------------------------------------------------------------------------------------------
# Support


def guide(text: str) -> Number:
    (number,) = extract_numbers(text)
    return number


def best(said: Number, found: str) -> str | None:
    """The best support any number of a passage gives (a passage's "40 in 100" is 40, 100 and 40%)."""
    results = {supports(said, n) for n in extract_numbers(found, passage=True)}
    return "exact" if "exact" in results else "rounded" if "rounded" in results else None


@pytest.mark.parametrize(
    ("said", "found", "expected"),
    [
        ("40 in 100", "40%", "exact"),
        ("40%", "40 in 100", "exact"),
        ("1,525 students", "1525 students", "exact"),
        ("six people", "6 people", "exact"),
        ("49 days", "49 days", "exact"),
        ("49 days", "49", "exact"),  # the source's number has no unit: the value decides
        ("49 days", "49 weeks", None),
        ("40 people", "40%", None),  # a count is no percentage
        ("40 in 100", "40 people", None),
        ("about 29 in 100", "28.9%", "rounded"),
        ("about 23 in 100", "22.7%", "rounded"),
        ("29 in 100", "28.9%", None),  # a rounding must say so
        ("about 6 in 10", "63%", "rounded"),
        ("about 7 in 10", "63%", None),
        ("about half", "48%", "rounded"),
        ("about half", "30%", None),
        ("about 1 in 5", "19.3%", "rounded"),
        ("about twice", "RR 2.23", "rounded"),
        ("about twice", "2.23 times", "rounded"),
        ("about twice", "up to 2.5 years", None),  # a ratio is not a duration
        ("more than 100,000", "112,192", "rounded"),
        ("more than 100", "112,192", None),  # true, but not a rounding: too loose
        ("more than 120,000", "112,192", None),
        ("under 50%", "48%", "rounded"),
        ("under 50%", "52%", None),
        ("nearly 2 decades", "1.9", "rounded"),
        ("almost 6 in 10", "58%", "rounded"),
        ("almost 6 in 10", "61%", None),
        ("about 21 in 100", "20.8%", "rounded"),
        ("about 21 in 100", "20.3%", None),
    ],
)
def test_supports(said: str, found: str, expected: str | None) -> None:
    assert best(guide(said), found) == expected


def test_a_number_that_would_round_is_named_in_the_hint() -> None:
    (found,) = extract_numbers("28.9%", passage=True)
    assert would_round(guide("29 in 100"), found)
    assert not would_round(guide("35 in 100"), found)


# ---------------------------------------------------------------------------------------------
# Derivations


@pytest.mark.parametrize(
    ("says", "source_text", "passage"),
    [
        ("7 weeks", "49 days", "the median time to recovery was 49 days"),
        ("about 2 months", "71 days", "a median of 71 days"),
        ("1 year", "52 weeks", "at 52 weeks"),
        ("12 months", "1 year", "after 1 year"),
        ("96 in 100", "48 of 50", "48 of 50 had no signs of osteoarthritis"),
        ("about 1 in 5", "60 of 310", "60 of 310 answered"),
        ("a quarter", "0.25", "a proportion of 0.25"),
        ("about 6 in 10", "63%", "63% reported pain"),
        ("500 m", "0.5 km", "0.5 km"),
        ("nearly 2 decades", "18 years", "followed for 18 years"),
    ],
)
def test_derivations_that_hold(says: str, source_text: str, passage: str) -> None:
    number, why = check_derivation(says, source_text, extract_numbers(passage, passage=True))
    assert why is None and number is not None and number.derived


@pytest.mark.parametrize(
    ("says", "source_text", "passage", "reason"),
    [
        ("8 weeks", "49 days", "49 days", "'49 days' is 7 weeks, not 8 weeks"),
        ("2 months", "71 days", "71 days", "'71 days' is 2.333 months, not 2 months"),
        ("about 3 months", "71 days", "71 days", "not a correct rounding or bound"),
        ("7 weeks", "50 days", "49 days", "50 days is not in the passage's text"),
        ("7 weeks", "49 days", "49 days", None),
        ("7 km", "49 days", "49 days", "cannot convert"),
        ("7 weeks and 3 days", "52 days", "52 days", "exactly one number"),
        ("7 weeks", "many days", "49 days", "holds no number"),
    ],
)
def test_derivations_that_do_not_hold(says: str, source_text: str, passage: str, reason: str | None) -> None:
    number, why = check_derivation(says, source_text, extract_numbers(passage, passage=True))
    if reason is None:
        assert why is None
    else:
        assert number is None and why is not None and reason in why, why


def test_a_derived_rounding_supports_only_a_guide_number_that_says_about() -> None:
    derived, _ = check_derivation("about 2 months", "71 days", extract_numbers("71 days", passage=True))
    assert derived is not None
    assert supports(guide("about 2 months"), derived) == "exact"
    assert supports(guide("2 months"), derived) is None
