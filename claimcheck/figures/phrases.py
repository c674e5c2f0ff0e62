"""The figure-phrase table: every wording the grammar reads, the interval it
gives, and where the convention comes from. ``docs/figures.md`` is generated
from :data:`PHRASES` (:func:`claimcheck.docsgen.phrase_table_markdown`); every
example is parsed when it is generated, so the table cannot drift from the
parser (:mod:`.parse`), which takes its tolerances from here.
"""

from __future__ import annotations

from dataclasses import dataclass

# --------------------------------------------------------------------------------------
# Tolerances (module constants; the phrase table quotes them)
# --------------------------------------------------------------------------------------

#: "about / around / approximately / roughly / some / an estimated N" -> [N(1-t), N(1+t)]
ABOUT_TOLERANCE = 0.10
#: "nearly / almost N" -> [N(1-t), N]
NEARLY_TOLERANCE = 0.10
#: "just over N" -> [N, N(1+t)]; "just under N" -> [N(1-t), N]
JUST_TOLERANCE = 0.10
#: "a few" -> [2, 5]; "a few X" -> [2X, 5X] (X = dozen, hundred, thousand, ...)
FEW_RANGE = (2, 5)
#: "several" -> [3, 9]; "several X" -> [3X, 9X]
SEVERAL_RANGE = (3, 9)
#: "a handful" -> [2, 5], as "a few"
HANDFUL_RANGE = FEW_RANGE
#: number abbreviations written on the number: 1.5k, 3.5m, 2bn
ABBREVIATIONS = {"k": 1e3, "m": 1e6, "mn": 1e6, "bn": 1e9, "b": 1e9}
#: the words of "X, possibly Y" (also "X or even Y", "X, if not Y", "X and perhaps Y")
HEDGES = ("possibly", "perhaps", "maybe", "probably", "even", "if not")
#: percentages are bounded above by this
PERCENT_MAX = 100.0
#: the least "about / nearly / just over / just under N" widens a whole N by: "about 5" is [4..6],
#: "nearly 5" [4..5] (a count said "about" is rounded to the unit at least)
ABSOLUTE_TOLERANCE = 1
#: counts and percentages at most this far apart (the upper figure's low / the lower figure's high)
#: agree: a gap that small is rounding, not a contradiction. Dates are compared to the day.
MIN_CONFLICT_RATIO = 1.1

@dataclass(frozen=True, slots=True)
class PhraseRule:
    forms: str  # the accepted wordings, "/"-separated
    interval: str  # the interval they give
    best: str  # the point estimate they give
    source: str  # where the convention comes from
    example: str  # a phrase (or mapping) that parse_figure accepts


_ACLED = "ACLED: vague counts coded at their conservative floor (tens 10, dozens 12, hundreds 100, and so on)"

PHRASES: tuple[PhraseRule, ...] = (
    PhraseRule(
        "N: 400 / 2,000 / 1,200,000 / 2.5 / 1.2 million / 2.5 thousand / 3 dozen",
        "[N..N]",
        "N",
        "the figure as stated",
        "1.2 million",
    ),
    PhraseRule(
        "Nk / Nm / Nmn / Nbn / Nb, on the number: 1.5k, 2k, 3.5m, 2bn",
        "[N..N] with N times 1,000 (k), 1,000,000 (m, mn) or 1,000,000,000 (bn, b)",
        "N",
        "the abbreviations of news copy and social media: k from the SI prefix kilo-; m/mn and bn/b as "
        "financial reporting writes million and billion (ABBREVIATIONS)",
        "1.5k",
    ),
    PhraseRule(
        "number words: one ... nineteen, twenty ... ninety, twenty-five, hundred, thousand, million, "
        "a hundred, two hundred and fifty, a dozen, two dozen, a score, a couple (of)",
        "[N..N]",
        "N",
        "claimcheck convention (a dozen = 12, a score = 20, a couple = 2)",
        "two dozen",
    ),
    PhraseRule(
        "half a X (X = dozen, score, hundred, thousand, million, billion): half a dozen, half a million",
        "[X/2..X/2]",
        "X/2",
        "the figure as stated: half a dozen = 6 (a dozen = 12)",
        "half a dozen",
    ),
    PhraseRule(
        "N percent / N per cent / N% (with any qualifier or range below)",
        "as for the number, capped at 100; an open bound becomes 100",
        "as for the number",
        "claimcheck convention (kind \"percent\": compared only with percentages)",
        "more than 84 percent",
    ),
    PhraseRule(
        "about N / around N / approximately N / approx. N / roughly N / some N / "
        "an estimated N / estimated N / circa N / ~N / N or so",
        f"[{1 - ABOUT_TOLERANCE:g}N..{1 + ABOUT_TOLERANCE:g}N], "
        f"at least [N-{ABSOLUTE_TOLERANCE}..N+{ABSOLUTE_TOLERANCE}] for a whole N: about 5 is [4..6]; "
        "a count of whole things keeps whole bounds (rounded inward): about 24 is [22..26]",
        "N",
        f"claimcheck convention (ABOUT_TOLERANCE = {ABOUT_TOLERANCE:g}, ABSOLUTE_TOLERANCE = {ABSOLUTE_TOLERANCE})",
        "about 300",
    ),
    PhraseRule(
        "nearly N / almost N / close to N",
        f"[{1 - NEARLY_TOLERANCE:g}N..N], at least [N-{ABSOLUTE_TOLERANCE}..N] for a whole N: nearly 5 is [4..5]",
        "N",
        f"claimcheck convention (NEARLY_TOLERANCE = {NEARLY_TOLERANCE:g}, ABSOLUTE_TOLERANCE = {ABSOLUTE_TOLERANCE})",
        "nearly 100",
    ),
    PhraseRule(
        "just over N / just above N / slightly more than N",
        f"[N..{1 + JUST_TOLERANCE:g}N], at least [N..N+{ABSOLUTE_TOLERANCE}] for a whole N",
        "N",
        f"claimcheck convention (JUST_TOLERANCE = {JUST_TOLERANCE:g}, ABSOLUTE_TOLERANCE = {ABSOLUTE_TOLERANCE})",
        "just over 100",
    ),
    PhraseRule(
        "just under N / just below N / slightly less than N / slightly fewer than N",
        f"[{1 - JUST_TOLERANCE:g}N..N], at least [N-{ABSOLUTE_TOLERANCE}..N] for a whole N",
        "N",
        f"claimcheck convention (JUST_TOLERANCE = {JUST_TOLERANCE:g}, ABSOLUTE_TOLERANCE = {ABSOLUTE_TOLERANCE})",
        "just under 50",
    ),
    PhraseRule(
        "more than N / over N / above N / upwards of N / in excess of N",
        "[N..open)",
        "N",
        "claimcheck convention (bounds are inclusive, so the interval starts at N; "
        "the stated N is the conservative floor, as ACLED does)",
        "more than 400",
    ),
    PhraseRule(
        "at least N / no fewer than N / no less than N / a minimum of N / N or more / N+",
        "[N..open)",
        "N",
        "claimcheck convention",
        "at least 30",
    ),
    PhraseRule(
        "up to N / as many as N / as much as N",
        "[0..N]",
        "N",
        "claimcheck convention (the source puts N forward as the figure)",
        "up to 50",
    ),
    PhraseRule(
        "at most N / no more than N / a maximum of N / N or fewer / N or less / "
        "fewer than N / less than N / under N / below N",
        "[0..N]",
        "none (a ceiling is not an estimate)",
        "claimcheck convention (bounds are inclusive, so the interval ends at N)",
        "fewer than 10",
    ),
    PhraseRule(
        "N-M / N–M / N to M / between N and M / from N to M (a scale word on M also scales N: "
        "1.2-1.5 million, two to three hundred)",
        "[N..M]",
        "none (a range gives no point estimate)",
        "UCDP practice: a low and a high estimate",
        "between 10 and 20",
    ),
    PhraseRule(
        "N or M: eleven or twelve, 11 or 12, two or three hundred (a scale word on M also scales N)",
        "[N..M]",
        "none (a range gives no point estimate)",
        "UCDP practice: a low and a high estimate, as for N-M",
        "eleven or twelve",
    ),
    PhraseRule(
        "X, possibly Y / X, perhaps Y / X, maybe Y / X, probably Y / X or even Y / X, if not Y "
        "(X and Y any count above, Y the larger): dozens, possibly hundreds",
        "[low of X..high of Y]",
        "none",
        "claimcheck convention: the source allows both, so the interval spans both (HEDGES)",
        "dozens, possibly hundreds",
    ),
    PhraseRule(
        "tens",
        "[10..99]",
        "none",
        _ACLED + "; upper bound: claimcheck convention (below the next order of magnitude)",
        "tens",
    ),
    PhraseRule(
        "dozens",
        "[12..99]",
        "none",
        _ACLED + "; upper bound: claimcheck convention (below the next order of magnitude)",
        "dozens",
    ),
    PhraseRule(
        "scores",
        "[20..99]",
        "none",
        "claimcheck convention: one score (20) as floor, by analogy with ACLED's dozens = 12",
        "scores",
    ),
    PhraseRule(
        "hundreds",
        "[100..999]",
        "none",
        _ACLED + "; upper bound: claimcheck convention",
        "hundreds",
    ),
    PhraseRule(
        "thousands / millions / billions",
        "[X..10X-1]: thousands [1,000..9,999], millions [1,000,000..9,999,999]",
        "none",
        _ACLED + "; upper bound: claimcheck convention",
        "thousands",
    ),
    PhraseRule(
        "tens of X / dozens of X / hundreds of X (X = thousands, millions, billions)",
        "tens of thousands [10,000..99,999], hundreds of thousands [100,000..999,999]",
        "none",
        _ACLED + "; upper bound: claimcheck convention",
        "tens of thousands",
    ),
    PhraseRule(
        "a few / a few X (X = dozen, hundred, thousand, hundred thousand, million)",
        f"[{FEW_RANGE[0]}..{FEW_RANGE[1]}] / [{FEW_RANGE[0]}X..{FEW_RANGE[1]}X]: "
        "a few dozen [24..60], a few hundred [200..500]",
        "none",
        "claimcheck convention (FEW_RANGE)",
        "a few hundred",
    ),
    PhraseRule(
        "several / several X",
        f"[{SEVERAL_RANGE[0]}..{SEVERAL_RANGE[1]}] / [{SEVERAL_RANGE[0]}X..{SEVERAL_RANGE[1]}X]: "
        "several hundred [300..900], several thousand [3,000..9,000]",
        "none",
        "claimcheck convention (SEVERAL_RANGE)",
        "several hundred",
    ),
    PhraseRule(
        "a handful",
        f"[{HANDFUL_RANGE[0]}..{HANDFUL_RANGE[1]}]",
        "none",
        "claimcheck convention: as \"a few\" (HANDFUL_RANGE = FEW_RANGE)",
        "a handful",
    ),
    PhraseRule(
        "a qualifier before a range or vague quantity: at least dozens, about 10-20, more than a few hundred",
        "the qualifier's rule applied to the bounds",
        "none",
        "claimcheck convention",
        "at least dozens",
    ),
    PhraseRule(
        "YYYY-MM-DD / YYYY-MM / year YYYY (a bare 2017 is the number 2,017)",
        "[first day..last day], as day numbers (date.toordinal())",
        "the day, for a full date; none otherwise",
        "ISO 8601 calendar dates (kind \"date\": compared only with dates)",
        "2017-11",
    ),
    PhraseRule(
        "Month YYYY / D Month YYYY / Month D, YYYY, month names in full or abbreviated: "
        "March 2024, Mar 2024, 2 March 2024, March 2, 2024",
        "as the ISO date it names: a month [first day..last day], a day [D..D]",
        "the day, for a full date; none otherwise",
        "the dates of news copy (AP style writes March 2, 2024; most others 2 March 2024), read as ISO 8601 dates",
        "March 2024",
    ),
    PhraseRule(
        "by D / no later than D / on or before D; before D / prior to D (D any date above, or a bare year: by 2024)",
        "[open..last day of D]; before: [open..the day before D]",
        "none",
        "claimcheck convention: a deadline bounds the date above only (the low bound is open: 0001-01-01)",
        "by 2024-03-02",
    ),
    PhraseRule(
        "since D / on or after D / no earlier than D; after D (D any date above, or a bare year: since 2015)",
        "[first day of D..open); after: [the day after D..open)",
        "none",
        "claimcheck convention: a start bounds the date below only",
        "since March 2024",
    ),
    PhraseRule(
        "D1 to D2 / D1 - D2 / D1 until D2 / between D1 and D2 / from D1 to D2 (dates above, not bare years)",
        "[first day of D1..last day of D2]",
        "none (a range gives no point estimate)",
        "UCDP practice (a low and a high estimate), as for number ranges",
        "2024-03-01 to 2024-03-05",
    ),
    PhraseRule(
        "{low: L, best: B, high: H}, any subset; values numbers or numeric strings (\"2,000\", \"84%\")",
        "[L..H]; a missing bound is B, else 0 (low) or open (high); high: null is open",
        "B, or none",
        "UCDP low/best/high estimates (a single figure gives low = best = high)",
        "{low: 10, best: 12, high: 15}",
    ),
)

