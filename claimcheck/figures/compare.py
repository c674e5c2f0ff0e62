"""Comparing figures: do two intervals overlap, and how far apart are they
when they do not (a ratio for counts, days for dates). Intervals are closed;
touching intervals agree; an open upper bound reaches to infinity. Counts and
percentages that are at most :data:`~.phrases.MIN_CONFLICT_RATIO` apart agree
too (:func:`in_conflict`): a gap that small is rounding.
"""

from __future__ import annotations

import math
from datetime import date

from .parse import Figure, format_number
from .phrases import MIN_CONFLICT_RATIO

def _inf(x: float | None) -> float:
    return math.inf if x is None else x


def overlaps(a: Figure, b: Figure) -> bool:
    """Closed intervals, open high = +inf; touching counts as overlap.

    Compares bounds only: check :func:`comparable` first for figures of different kinds.
    """
    return a.low <= _inf(b.high) and b.low <= _inf(a.high)


def comparable(a: Figure, b: Figure) -> bool:
    """Figures of the same kind (number, percent, date) can be compared."""
    return a.kind == b.kind


def _ordered(a: Figure, b: Figure) -> tuple[Figure, Figure]:
    """(lower, upper) for disjoint figures."""
    return (a, b) if _inf(a.high) < b.low else (b, a)


def gap_ratio(a: Figure, b: Figure) -> float | None:
    """Size of a conflict between disjoint number/percent figures: upper.low / lower.high.

    None if they overlap, are of different kinds, or are dates (see :func:`gap_days`);
    math.inf if the lower figure's high is 0.  Always > 1 when not None.
    """
    if a.kind != b.kind or a.kind == "date" or overlaps(a, b):
        return None
    lower, upper = _ordered(a, b)
    if lower.high == 0:
        return math.inf
    return upper.low / lower.high  # type: ignore[operator]


def in_conflict(a: Figure, b: Figure) -> bool:
    """Do two figures of one kind conflict? Dates when they do not overlap;
    counts and percentages when they are more than MIN_CONFLICT_RATIO apart
    (so "nearly 20" [18..20] and "17", 1.06 apart, agree). False for figures
    of different kinds, which are never compared."""
    if a.kind != b.kind:
        return False
    return not (a.low <= widened_high(b) and b.low <= widened_high(a))


def widened_high(f: Figure) -> float:
    """The high bound the comparisons use: open is infinity; a count's or a
    percentage's high times MIN_CONFLICT_RATIO, so that two figures agree
    exactly when each one's low is at most the other's widened high."""
    if f.high is None:
        return math.inf
    return f.high if f.kind == "date" else f.high * MIN_CONFLICT_RATIO


def gap_days(a: Figure, b: Figure) -> int | None:
    """Days between the nearer bounds of two disjoint date figures; None otherwise."""
    if a.kind != "date" or b.kind != "date" or overlaps(a, b):
        return None
    lower, upper = _ordered(a, b)
    return int(upper.low - lower.high)  # type: ignore[operator]


def format_interval(f: Figure) -> str:
    """'[12..99]', '[400..open)', '[84..100]%', '[2017-11-01..2017-11-30]', '[open..2024-03-02]'."""
    if f.kind == "date":
        lo = "open" if f.open_low else date.fromordinal(int(f.low)).isoformat()
        hi = date.fromordinal(int(f.high)).isoformat() if f.high is not None else "open"
        return f"[{lo}..{hi}]" if lo != hi else f"[{lo}]"
    hi = "open)" if f.high is None else f"{format_number(f.high)}]"
    return f"[{format_number(f.low)}..{hi}" + ("%" if f.kind == "percent" else "")


