"""Dates that lie in the future: a report date, a review date, an ``as_of`` or a date figure."""

from __future__ import annotations

import os
from datetime import date
from functools import lru_cache
from typing import Iterator

from ..diagnostics import ERROR, Diagnostic, define
from ..model import Base
from ..schema.fields import parse_date_text
from .position import claim_at

define("CC504", ERROR, "future-date", "A date lies in the future.")


def today() -> date:
    """Today, or ``$CLAIMCHECK_TODAY`` (YYYY-MM-DD) for reproducible runs."""
    fixed = os.environ.get("CLAIMCHECK_TODAY")
    if fixed:
        try:
            return date.fromisoformat(fixed)
        except ValueError:
            pass
    return date.today()


@lru_cache(maxsize=65536)
def _first_day(text: str) -> date | None:
    """First day of a YYYY[-MM[-DD]] text, None if unreadable (memoised: a
    base repeats a few thousand dates)."""
    r = parse_date_text(text)
    return None if isinstance(r, str) else r[0]


def check_dates(base: Base) -> Iterator[Diagnostic]:
    now = today()
    for c in base.claim_records:
        if c.as_of:
            d = _first_day(c.as_of)
            if d is not None and d > now:
                yield claim_at(base, c, "as_of", "CC504", f"claim {c.id!r}: as_of {c.as_of} lies in the future")
        for i, a in enumerate(c.reported_by):
            if a.date:
                d = _first_day(a.date)
                if d is not None and d > now:
                    yield claim_at(base, c, ("reported_by", i, "date"), "CC504",
                                    f"claim {c.id!r}: report date {a.date} lies in the future")
        for i, r in enumerate(c.reviews):
            if r.date:
                d = _first_day(r.date)
                if d is not None and d > now:
                    yield claim_at(base, c, ("reviews", i, "date"), "CC504",
                                    f"claim {c.id!r}: review date {r.date} lies in the future")
        f = c.figure
        if f is not None and f.kind == "date" and date.fromordinal(int(f.low)) > now:
            yield claim_at(base, c, "figure", "CC504", f"claim {c.id!r}: date figure {c.figure_text} lies in the future")


