"""Dates in a sentence: explicit ones ("8 January 2023", "Nov. 3", "September
2015", "2017-11-09") and relative ones ("on Monday", "last Wednesday",
"yesterday", "last month", "that same year"), resolved against the report's
date (``--date``, else the date the page gives itself).

Without a report date, a month and day ("on Feb. 7") take the year the
report's own text gives (:func:`text_year`: the latest year it names), marked
``year_from_text``; a weekday, "last month" and the like stay unresolved, as
does every date of a report whose weekdays refute that year. Nothing is
guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from .lexicon import MONTHS, WEEKDAYS

_M = (r"(?P<mon>January|February|March|April|May|June|July|August|September|October|November|December|"
      r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?")
_D = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_Y = r"(?P<year>(?:19|20)\d\d)"
_WD = r"(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_PATTERNS = [
    ("iso", re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<mon>[01]\d)-(?P<day>[0-3]\d)\b")),
    ("mdy", re.compile(rf"\b{_M}\s+{_D},?\s+{_Y}\b")),
    ("dmy", re.compile(rf"\b{_D}\s+(?:of\s+)?{_M},?\s+{_Y}\b")),
    ("my", re.compile(rf"\b{_M}\s*,?\s+{_Y}\b")),
    ("md", re.compile(rf"\b{_M}\s+{_D}\b(?!\s*,?\s*(?:19|20)\d\d)(?!\d|[,.]\d)")),
    ("dm", re.compile(rf"\b{_D}\s+(?:of\s+)?{_M}\b(?!\s*,?\s*(?:19|20)\d\d)")),
    ("wd", re.compile(rf"\b(?P<rel>(?:[Ll]ast|[Tt]his|[Nn]ext|[Pp]revious)\s+)?{_WD}\b")),
    ("rel", re.compile(r"\b(?P<rel>yesterday|today|tonight|last night|(?:earlier |later )?(?:last|this) "
                       r"(?:month|year)|(?:that|the) same (?:year|month))\b", re.I)),
    ("year", re.compile(r"\b(?P<pre>in|since|by|during|until|before|after|of|from|early|late|mid-?)\s+"
                        r"(?P<year>(?:19|20)\d\d)\b(?![-\d])", re.I)),
]
_SINCE_RE = re.compile(r"\b(?:since|until|till|before|after|from)\s+(?:on\s+|the\s+)?$", re.I)
_ISO_PREFIX_RE = re.compile(r"\s*((?:19|20)\d\d)-([01]\d)-([0-3]\d)")
_YEAR_RE = re.compile(r"(?<![\d,.-])((?:19|20)\d\d)(?![\d,%-])")
#: A date written without a year is put in the report's year, or the year
#: before when that would place it more than this many days after the report.
FUTURE_SLACK = 2


@dataclass(frozen=True, slots=True)
class DateMention:
    start: int  # in the sentence
    end: int
    text: str  # as written
    first: date | None  # None: not resolvable
    last: date | None
    precision: str  # day | month | year
    since: bool  # "since X", "before X": the edge of a period, not when the figure holds
    explicit: bool  # a calendar date, not a relative one
    year_from_text: bool = False  # a month and day put in the year the report's text names (no report date)

    @property
    def iso(self) -> str | None:
        if self.first is None:
            return None
        if self.precision == "day":
            return self.first.isoformat()
        if self.precision == "month":
            return self.first.isoformat()[:7]
        return str(self.first.year)


def parse_iso_prefix(text: str) -> date | None:
    """The day of an ISO date or date-time ("2023-09-18T09:15:00+02:00")."""
    m = _ISO_PREFIX_RE.match(text or "")
    if not m:
        return None
    try:
        return date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


def _month_span(y: int, mo: int) -> tuple[date, date]:
    first = date(y, mo, 1)
    nxt = date(y + (mo == 12), mo % 12 + 1, 1)
    return first, nxt - timedelta(days=1)


def _weekday(ref: date, wd: int, strictly_before: bool) -> date:
    back = (ref.weekday() - wd) % 7
    if back == 0 and strictly_before:
        back = 7
    return ref - timedelta(days=back)


def _resolve(kind: str, m: re.Match, ref: date | None, context_year: int | None, year_hint: int | None = None):
    """(first, last, precision) of one match, or (None, None, precision).
    ``year_hint``: the year a month and day go in when there is no ``ref``."""
    g = m.groupdict()
    try:
        if kind in ("iso", "mdy", "dmy"):
            mon = int(g["mon"]) if kind == "iso" else MONTHS[g["mon"].lower()]
            d = date(int(g["year"]), mon, int(g["day"]))
            return d, d, "day"
        if kind == "my":
            a, b = _month_span(int(g["year"]), MONTHS[g["mon"].lower()])
            return a, b, "month"
        if kind in ("md", "dm"):
            if ref is None:
                if year_hint is None:
                    return None, None, "day"
                d = date(year_hint, MONTHS[g["mon"].lower()], int(g["day"]))
                return d, d, "day"
            mon, day = MONTHS[g["mon"].lower()], int(g["day"])
            d = date(ref.year, mon, day)
            if (d - ref).days > FUTURE_SLACK:
                d = date(ref.year - 1, mon, day)
            return d, d, "day"
        if kind == "wd":
            rel = (g.get("rel") or "").strip().lower()
            if ref is None or rel == "next":
                return None, None, "day"
            d = _weekday(ref, WEEKDAYS[g["wd"].lower()], strictly_before=rel in ("last", "previous"))
            return d, d, "day"
        if kind == "rel":
            r = g["rel"].lower()
            if r.endswith("same year"):
                return (date(context_year, 1, 1), date(context_year, 12, 31), "year") if context_year else (None, None, "year")
            if r.endswith("same month"):
                return None, None, "month"
            if ref is None:
                return None, None, "day"
            if r in ("today", "tonight"):
                return ref, ref, "day"
            if r in ("yesterday", "last night"):
                d = ref - timedelta(days=1)
                return d, d, "day"
            if r.endswith("last month"):
                prev = ref.replace(day=1) - timedelta(days=1)
                a, b = _month_span(prev.year, prev.month)
                return a, b, "month"
            if r.endswith("this month"):
                a, b = _month_span(ref.year, ref.month)
                return a, b, "month"
            if r.endswith("last year"):
                return date(ref.year - 1, 1, 1), date(ref.year - 1, 12, 31), "year"
            if r.endswith("this year"):
                return date(ref.year, 1, 1), date(ref.year, 12, 31), "year"
        if kind == "year":
            y = int(g["year"])
            return date(y, 1, 1), date(y, 12, 31), "year"
    except (ValueError, KeyError, OverflowError):
        pass
    return None, None, "day"


def find_dates(sentence: str, ref: date | None, context_year: int | None = None,
               year_hint: int | None = None) -> list[DateMention]:
    """Every date of a sentence, earliest first; overlapping matches keep the
    most precise (the first pattern that claimed the characters).
    ``year_hint`` (:func:`text_year`) is used only without ``ref``."""
    hint = year_hint if ref is None else None
    taken: list[tuple[int, int]] = []
    out: list[DateMention] = []
    for kind, rx in _PATTERNS:
        for m in rx.finditer(sentence):
            s, e = m.span()
            if kind == "wd" and re.match(r"\s*[(,]?\s*" + _M + r"\s+\d", sentence[e:e + 20]):
                continue  # "Thursday (November 9)": the calendar date says it
            if kind == "year" and m.group("pre"):
                s = m.start("year")
            if any(a < e and s < b for a, b in taken):
                continue
            first, last, prec = _resolve(kind, m, ref, context_year, hint)
            taken.append((s, e))
            since = bool(_SINCE_RE.search(sentence[max(0, s - 12):s])) or (kind == "year" and (m.group("pre") or "").lower()
                                                                             in ("since", "until", "before", "after", "from"))
            out.append(DateMention(s, e, sentence[s:e], first, last, prec, since, kind in ("iso", "mdy", "dmy", "my", "md", "dm", "year"),
                                   year_from_text=hint is not None and first is not None and kind in ("md", "dm")))
    out.sort(key=lambda d: d.start)
    return out


def years_in(text: str) -> list[int]:
    """Four-digit years (1900-2099) written in a text, in order."""
    return [int(y) for y in _YEAR_RE.findall(text)]


#: A dateline's date opens its block ("Global Research, November 26, 2017",
#: "MAIDUGURI, Nigeria, April 27, 2013 -"); a date further in is the prose's
#: (a caption's "on April 10, 2015" is when a photo was taken).
DATELINE_REACH = 40


def report_date(texts: list[str], reach: int | None = None) -> date | None:
    """The first full calendar date (day, month and year) in the opening blocks
    of a report: its dateline. ``reach``: only a date starting within that many
    characters of its block counts."""
    for t in texts:
        for kind in ("iso", "mdy", "dmy"):
            rx = dict(_PATTERNS)[kind]
            m = rx.search(t if reach is None else t[:reach + 40])
            if m and (reach is None or m.start() <= reach):
                first, _, _ = _resolve(kind, m, None, None)
                if first is not None:
                    return first
    return None


#: Year phrases that may look ahead ("by 2030", "until 2025"): not evidence of when a report was written.
_AHEAD = frozenset(("by", "until", "before"))
_WD_DATE_RE = re.compile(rf"\b{_WD}\s*[(,]?\s*(?:{_M}\s+{_D}|{_D.replace('day', 'day2')}\s+(?:of\s+)?{_M.replace('mon', 'mon2')})\b")


def text_year(texts: list[str]) -> int | None:
    """The year a report's own text puts it in, for dates written without a
    year when the report has no date: the latest year it names explicitly (a
    full date, a month and year, or a year after "in", "since", "early",
    "late", ...; not "by 2030"). None when it names none, or when a weekday it
    gives with a month and day ("Thursday (November 9)") does not fall on that
    day in that year: the text then refutes the year."""
    years: list[int] = []
    for t in texts:
        for kind in ("iso", "mdy", "dmy", "my", "year"):
            for m in dict(_PATTERNS)[kind].finditer(t):
                if kind == "year" and (m.group("pre") or "").lower() in _AHEAD:
                    continue
                years.append(int(m.group("year")))
    if not years:
        return None
    year = max(years)
    for t in texts:
        for m in _WD_DATE_RE.finditer(t):
            mon = MONTHS[(m.group("mon") or m.group("mon2")).lower()]
            day = int(m.group("day") or m.group("day2"))
            try:
                if date(year, mon, day).weekday() != WEEKDAYS[m.group("wd").lower()]:
                    return None
            except ValueError:
                return None
    return year
