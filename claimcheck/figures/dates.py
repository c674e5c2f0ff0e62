"""Date figures: a day, a month or a year as reports write them (ISO
``2024-03-02``, ``March 2024``, ``2 March 2024``, ``March 2, 2024``), a
deadline or a start (``by 2024-03-02``, ``since March 2024``) and a range
(``2024-03-01 to 2024-03-05``), as intervals of day numbers
(``date.toordinal()``). Pure and stdlib-only; :mod:`.parse` calls it first,
on the normalised (lower-case) phrase, and :mod:`.phrases` documents it.
"""

from __future__ import annotations

import re
from datetime import date

#: The low bound of a date figure open below ("by 2024-03-02"): the first day
#: a date can name (0001-01-01); a count's floor is 0, a date has none.
DATE_OPEN_LOW = float(date.min.toordinal())

_MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5,
    "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9,
    "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
_MON = "|".join(sorted(_MONTHS, key=len, reverse=True))
_ISO_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_FORMS = (
    re.compile(r"^(?:year\s+)?(?P<y>\d{4})$"),  # a bare year only where allow_year (else it is a number)
    re.compile(rf"^(?P<m>{_MON})\.?,?\s+(?P<y>\d{{4}})$"),  # March 2024
    re.compile(rf"^(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m>{_MON})\.?,?\s+(?P<y>\d{{4}})$"),  # 2 March 2024
    re.compile(rf"^(?P<m>{_MON})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>\d{{4}})$"),  # March 2, 2024
)
#: qualifier -> what it does to the date's [first..last] days
_QUALIFIERS = {
    "by": "by", "no later than": "by", "on or before": "by", "not later than": "by",
    "before": "before", "prior to": "before",
    "since": "since", "on or after": "since", "no earlier than": "since", "not earlier than": "since",
    "after": "after",
}
_QUAL_RE = re.compile(r"^(?P<q>" + "|".join(sorted(_QUALIFIERS, key=len, reverse=True)) + r")\s+(?P<rest>\S.*)$")
_BETWEEN_RE = re.compile(r"^(?:between\s+(?P<a>.+?)\s+and\s+(?P<b>.+)|from\s+(?P<c>.+?)\s+(?:to|until|till|through)\s+(?P<d>.+))$")
_SPAN_SEP_RE = re.compile(r"\s+(?:to|until|till|through|-)\s+")
_ISO_PAIR_RE = re.compile(r"^(\d{4}-\d{2}-\d{2})-(\d{4}-\d{2}-\d{2})$")  # 2024-03-01-2024-03-05 (an en dash, normalised)


class DateError(ValueError):
    """A date phrase that cannot be a date: ``impossible`` (2024-02-30) or
    ``reversed`` (a range that runs backwards); the message names it."""

    def __init__(self, message: str, *, reason: str = "", impossible: bool = False, reversed: bool = False):
        super().__init__(message)
        self.reason = reason or message  # without the date itself, for a message that already shows it
        self.impossible = impossible
        self.reversed = reversed


def _span(y: int, mo: int | None, d: int | None, shown: str) -> tuple[date, date]:
    try:
        if mo is None:
            return date(y, 1, 1), date(y, 12, 31)
        if d is None:
            first = date(y, mo, 1)
            nxt = date(y + 1, 1, 1) if mo == 12 else date(y, mo + 1, 1)
            return first, date.fromordinal(nxt.toordinal() - 1)
        day = date(y, mo, d)
        return day, day
    except ValueError as e:
        raise DateError(f"impossible date {shown!r} ({e})", reason=f"impossible date ({e})", impossible=True) from None


def iso_span(text: str) -> tuple[date, date] | None:
    """'YYYY-MM-DD' | 'YYYY-MM' | 'YYYY' -> (first day, last day); None if
    not that shape; DateError for an impossible date (2018-02-30, month 13)."""
    m = _ISO_RE.match(text.strip())
    if not m:
        return None
    return _span(int(m[1]), int(m[2]) if m[2] else None, int(m[3]) if m[3] else None, text.strip())


def calendar_span(text: str, *, allow_year: bool = False) -> tuple[date, date] | None:
    """One date as written (lower-case): ISO, ``year 2024``, ``march 2024``,
    ``2 march 2024``, ``march 2, 2024``; a bare ``2024`` only where
    ``allow_year`` (after "by", "since"...). None if it is not one."""
    s = text.strip()
    if not s[:1].isdigit() and not s[:1].isalpha():
        return None
    if "-" in s and s[:4].isdigit():
        return iso_span(s)
    for n, rx in enumerate(_FORMS):
        m = rx.match(s)
        if not m:
            continue
        if n == 0 and not (allow_year or s.startswith("year")):
            return None
        gd = m.groupdict()
        mo = _MONTHS[gd["m"]] if gd.get("m") else None
        d = int(gd["d"]) if gd.get("d") else None
        return _span(int(gd["y"]), mo, d, text.strip())
    return None


def _range(a: str, b: str, shown: str) -> tuple[float, float | None, float | None] | None:
    sa, sb = calendar_span(a), calendar_span(b)
    if sa is None or sb is None:
        return None
    lo, hi = sa[0].toordinal(), sb[1].toordinal()
    if lo > hi:
        raise DateError(f"the range of dates runs backwards ({sa[0].isoformat()} > {sb[1].isoformat()})", reversed=True)
    return float(lo), float(hi), None


def date_phrase(s: str) -> tuple[float, float | None, float | None] | None:
    """A normalised phrase -> (low, high, best) day numbers (high None: open;
    low DATE_OPEN_LOW: open below), or None where it is not a date phrase.
    Raises DateError for an impossible date or a backwards range."""
    if not s or not (s[0].isdigit() or s[0].isalpha()):
        return None
    one = calendar_span(s)
    if one is not None:
        o1, o2 = float(one[0].toordinal()), float(one[1].toordinal())
        return o1, o2, (o1 if o1 == o2 else None)
    m = _QUAL_RE.match(s)
    if m:
        span = calendar_span(m["rest"], allow_year=True)
        if span is not None:
            first, last = float(span[0].toordinal()), float(span[1].toordinal())
            q = _QUALIFIERS[m["q"]]
            if q == "by":
                return DATE_OPEN_LOW, last, None
            if q == "before":
                return DATE_OPEN_LOW, first - 1, None
            if q == "since":
                return first, None, None
            return last + 1, None, None  # after
    m = _BETWEEN_RE.match(s)
    if m:
        a, b = (m["a"], m["b"]) if m["a"] is not None else (m["c"], m["d"])
        return _range(a, b, s)
    m = _ISO_PAIR_RE.match(s)
    if m:
        return _range(m[1], m[2], s)
    for sep in _SPAN_SEP_RE.finditer(s):
        got = _range(s[: sep.start()], s[sep.end():], s)
        if got is not None:
            return got
    return None
