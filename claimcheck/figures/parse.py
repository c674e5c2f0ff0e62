"""Reading a figure: a number, a phrase of the figure-phrase table, a date, or
a ``{low, best, high}`` mapping, into a :class:`Figure` (an interval with an
optional point estimate). Pure and stdlib-only; the conventions are in
:mod:`.phrases`.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from .dates import DATE_OPEN_LOW, DateError, date_phrase, iso_span
from .phrases import (
    ABBREVIATIONS, ABOUT_TOLERANCE, ABSOLUTE_TOLERANCE, FEW_RANGE, HANDFUL_RANGE, HEDGES, JUST_TOLERANCE,
    NEARLY_TOLERANCE, PERCENT_MAX, SEVERAL_RANGE,
)

_ACCEPTED = (
    'expected a number ("2,000", "1.2 million", "84%"), a qualifier + number '
    '("about 300", "more than 400", "up to 50"), a range ("10-20", "between 10 and 20"), '
    'a vague quantity ("dozens", "a few hundred") or a date ("2017-11-09"); '
    "see the figure-phrase table"
)


class FigureError(ValueError):
    """A figure that cannot be read.  ``str(e)`` is one line naming the phrase
    (with the accepted forms, where none reads it); ``e.brief`` the phrase and
    the reason only, for where the claim is shown."""

    def __init__(self, message: str, brief: str | None = None):
        super().__init__(message)
        self.brief = brief or message


class ReversedFigure(FigureError):
    """A figure whose bounds run backwards (low > best, best > high, ``20-10``)."""


@dataclass(frozen=True, slots=True)
class Figure:
    text: str  # as written
    low: float  # inclusive lower bound
    high: float | None  # inclusive upper bound; None = open above
    best: float | None  # point estimate, None where the phrase gives none
    kind: str = "number"  # "number", "percent" or "date"

    @property
    def open_high(self) -> bool:
        return self.high is None

    @property
    def open_low(self) -> bool:
        """A date figure open below ("by 2024-03-02"); counts start at 0."""
        return self.kind == "date" and self.low <= DATE_OPEN_LOW


# --------------------------------------------------------------------------------------
# Lexicon
# --------------------------------------------------------------------------------------

_UNITS = {"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
          "eight": 8, "nine": 9}
_TEENS = {"ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
          "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
         "eighty": 80, "ninety": 90}
_SMALL_MULT = {"hundred": 100, "dozen": 12, "score": 20}
_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9}
_MULT = {**_SMALL_MULT, **_SCALES}
_PLURALS = {"tens": 10, "dozens": 12, "scores": 20, "hundreds": 100, "thousands": 1e3,
            "millions": 1e6, "billions": 1e9}
_PLURAL_SCALES = {"thousands": 1e3, "millions": 1e6, "billions": 1e9}

# qualifier -> operation
_QUALIFIERS = {
    "about": "about", "around": "about", "approximately": "about", "approx.": "about",
    "approx": "about", "roughly": "about", "some": "about", "an estimated": "about",
    "estimated": "about", "circa": "about", "~": "about",
    "nearly": "nearly", "almost": "nearly", "close to": "nearly",
    "just over": "just_over", "just above": "just_over", "slightly more than": "just_over",
    "just under": "just_under", "just below": "just_under", "slightly less than": "just_under",
    "slightly fewer than": "just_under",
    "more than": "at_least", "over": "at_least", "above": "at_least", "upwards of": "at_least",
    "in excess of": "at_least", "at least": "at_least", "no fewer than": "at_least",
    "no less than": "at_least", "a minimum of": "at_least",
    "up to": "up_to", "as many as": "up_to", "as much as": "up_to",
    "at most": "at_most", "no more than": "at_most", "a maximum of": "at_most",
    "fewer than": "at_most", "less than": "at_most", "under": "at_most", "below": "at_most",
}

_QUAL_RE = re.compile(
    r"^(?P<q>" + "|".join(re.escape(q) for q in sorted(_QUALIFIERS, key=len, reverse=True))
    + r")(?:\s+|(?<=~))(?P<rest>\S.*)$"
)
_SUFFIX_RE = re.compile(
    r"^(?P<n>.+?)(?:\s*\+|\s+or more|\s+or over|-plus|\s+plus|\s+or (?P<down>fewer|less)|\s+or (?P<so>so))$")
_NUMERAL_RE = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
_WS_RE = re.compile(r"\s+")
_PCT_RE = re.compile(r"\s*(?:per\s?cent|pct)\b|\s+%")
_COMPOUND_RE = re.compile(r"\b(" + "|".join(_TENS) + r")-(" + "|".join(k for k in _UNITS if k != "zero") + r")\b")
_RANGE_SEP_RE = re.compile(r"\s*(?:-|\bto\b)\s*|\s+or\s+")
_ABBREV_RE = re.compile(r"^(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(" + "|".join(ABBREVIATIONS) + r")$")
_HEDGE_RE = re.compile(
    r"^(?P<a>.+?),?\s+(?:and\s+|or\s+)?(?:" + "|".join(h.replace(" ", r"\s+") for h in HEDGES) + r")\s+(?P<b>\S.*)$")
_BETWEEN_RE = re.compile(r"^(?:between|from)\s+(?P<body>.+)$")
_SCALE_TAIL_RE = re.compile(r"^(?P<n>.+?)\s+(?P<s>(?:hundred|thousand|million|billion)(?:\s+(?:thousand|million|billion))*)$")
_FEW_RE = re.compile(r"^(?P<q>a few|several|a handful)(?:\s+(?P<x>.+))?$")
_PLURAL_RE = re.compile(
    r"^(?P<p>" + "|".join(_PLURALS) + r")(?:\s+of\s+(?P<m>" + "|".join(_PLURAL_SCALES) + r"))?$"
)
_TRANSLATE = {0x2013: "-", 0x2014: "-", 0x2212: "-", 0x2010: "-", 0x2011: "-",
              0x00A0: " ", 0x2009: " ", 0x202F: " "}


class _Unreadable(Exception):
    """Internal: a reason the (normalised) phrase cannot be read; None = not recognised."""

    def __init__(self, reason: str | None = None, reversed: bool = False):
        super().__init__(reason)
        self.reason = reason
        self.reversed = reversed


# --------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------

def _r(x: float) -> float:
    """Tidy float noise from tolerance arithmetic (330.00000000000006 -> 330.0)."""
    return float(round(x, 9)) if x < 1e15 else x


def format_number(x: float) -> str:
    if x == int(x) and abs(x) < 1e16:
        return f"{int(x):,}"
    return f"{x:,.6g}" if abs(x) >= 1e6 else f"{x:g}"


def _normalise(text: str) -> str:
    s = text.strip().lower().translate(_TRANSLATE)
    s = _WS_RE.sub(" ", s)
    if "%" in s or "cent" in s or "pct" in s:
        s = _PCT_RE.sub("%", s)
    if "-" in s:
        s = _COMPOUND_RE.sub(r"\1 \2", s)
    return s


def _words(tokens: list[str]) -> float | None:
    """Number words -> value, or None.  Accepts 'a dozen', 'two hundred and fifty', ..."""
    total = 0.0
    cur: float | None = None
    last: str | None = None
    seen = False
    for i, t in enumerate(tokens):
        if t in ("a", "an") and i == 0:
            cur, last = 1.0, "a"
        elif t == "couple" and last == "a":
            cur, last, seen = 2.0, "couple", True
        elif t == "of" and last == "couple":
            last = "couple_of"
        elif t in _UNITS:
            v = _UNITS[t]
            if last in (None, "hundred", "scale", "and"):
                cur = (cur or 0.0) + v
            elif last == "tens":
                cur = (cur or 0.0) + v
            else:
                return None
            last, seen = "unit", True
        elif t in _TEENS or t in _TENS:
            if last not in (None, "hundred", "scale", "and"):
                return None
            cur = (cur or 0.0) + (_TEENS.get(t) or _TENS[t])
            last, seen = ("tens" if t in _TENS else "teen"), True
        elif t in _SMALL_MULT:
            if last not in (None, "a", "couple", "couple_of", "unit", "teen", "tens"):
                return None
            cur = (cur if cur is not None else 1.0) * _SMALL_MULT[t]
            last, seen = ("hundred" if t == "hundred" else "dozen"), True
        elif t in _SCALES:
            if last not in (None, "a", "couple", "couple_of", "unit", "teen", "tens", "hundred", "dozen"):
                return None
            total += (cur if cur is not None else 1.0) * _SCALES[t]
            cur, last, seen = None, "scale", True
        elif t == "and":
            if last not in ("hundred", "scale"):
                return None
            last = "and"
        else:
            return None
    if not seen or last in ("a", "and"):
        return None
    return total + (cur or 0.0)


def _exact(text: str) -> float | None:
    """A point quantity: '2,000', '1.2 million', '3 dozen', 'two hundred', 'a dozen'."""
    tokens = text.split(" ")
    if not tokens or not tokens[0]:
        return None
    if _NUMERAL_RE.fullmatch(tokens[0]):
        value = float(tokens[0].replace(",", ""))
        for t in tokens[1:]:
            m = _MULT.get(t)
            if m is None:
                return None
            value *= m
        return value
    if len(tokens) == 1 and tokens[0][-1] in "kmnb":  # 1.5k, 3.5m, 2bn
        m = _ABBREV_RE.match(tokens[0])
        if m:
            return float(m[1].replace(",", "")) * ABBREVIATIONS[m[2]]
    if len(tokens) == 3 and tokens[0] == "half" and tokens[1] == "a" and tokens[2] in _MULT:  # half a dozen
        return _MULT[tokens[2]] / 2
    return _words(tokens)


def _multiplier(text: str) -> float | None:
    """'hundred', 'hundred thousand', 'dozen' -> the product; None if any word is not a multiplier."""
    value = 1.0
    for t in text.split(" "):
        m = _MULT.get(t)
        if m is None:
            return None
        value *= m
    return value


def _quantity(text: str) -> tuple[float, float, float | None] | None:
    """(low, high, best) for a point or vague quantity, or None."""
    v = _exact(text)
    if v is not None:
        return v, v, v
    m = _PLURAL_RE.match(text)
    if m:
        p = _PLURALS[m["p"]]
        top = 10.0 ** (math.floor(math.log10(p)) + 1) - 1  # below the next order of magnitude
        mult = _PLURAL_SCALES[m["m"]] if m["m"] else 1.0
        return p * mult, (top + 1) * mult - 1, None
    m = _FEW_RE.match(text)
    if m:
        lo, hi = {"a few": FEW_RANGE, "several": SEVERAL_RANGE}.get(m["q"], HANDFUL_RANGE)
        x = 1.0
        if m["x"]:
            if m["q"] == "a handful":
                return None
            x = _multiplier(m["x"])
            if x is None:
                return None
        return lo * x, hi * x, None
    return None


def _range(text: str) -> tuple[float, float, float | None] | None:
    """'10-20', '10 to 20', 'between 10 and 20', 'from 10 to 20' -> (low, high, None)."""
    m = _BETWEEN_RE.match(text)
    if m:
        body = m["body"]
        seps = [mm for mm in re.finditer(r"\s+and\s+" if text.startswith("between") else r"\s+to\s+", body)]
    else:
        body = text
        seps = list(_RANGE_SEP_RE.finditer(body))
    backwards: str | None = None
    for sep in seps:
        a, b = body[: sep.start()].strip(), body[sep.end():].strip()
        if not a or not b:
            continue
        right = _quantity(b)
        if right is None:
            continue
        left = _quantity(a)
        if left is None:
            continue
        # a scale word on the right also scales a bare left number: "1.2-1.5 million", "1.5-2k"
        if left[2] is not None and _multiplier(a.split(" ")[-1]) is None and not _ABBREV_RE.match(a):
            rn = scale = None
            tail = _SCALE_TAIL_RE.match(b)
            if tail:
                rn, scale = _exact(tail["n"]), _multiplier(tail["s"])
            else:
                ab = _ABBREV_RE.match(b)
                if ab:
                    rn, scale = float(ab[1].replace(",", "")), ABBREVIATIONS[ab[2]]
            if rn is not None and scale is not None and left[0] <= rn:
                left = (left[0] * scale, left[1] * scale, left[2] * scale)
        if left[0] > right[0]:
            backwards = f"the range runs backwards ({format_number(left[0])} > {format_number(right[0])})"
            continue
        return left[0], max(left[1], right[1]), None
    if backwards:
        raise _Unreadable(backwards, reversed=True)
    return None


def _below(x: float, t: float) -> float:
    """The low bound of "about / nearly / just under x": x less t of it, and
    at least ABSOLUTE_TOLERANCE less for a whole x (never below 0)."""
    v = x * (1 - t)
    if x.is_integer():
        v = min(v, max(0.0, x - ABSOLUTE_TOLERANCE))
    return _r(v)


def _above(x: float, t: float) -> float:
    """The high bound of "about / just over x": x plus t of it, and at least
    ABSOLUTE_TOLERANCE more for a whole x."""
    v = x * (1 + t)
    if x.is_integer():
        v = max(v, x + ABSOLUTE_TOLERANCE)
    return _r(v)


def _apply(q: str, lo: float, hi: float, best: float | None) -> tuple[float, float | None, float | None]:
    if q == "about":
        return _below(lo, ABOUT_TOLERANCE), _above(hi, ABOUT_TOLERANCE), best
    if q == "nearly":
        return _below(lo, NEARLY_TOLERANCE), hi, best
    if q == "just_over":
        return lo, _above(hi, JUST_TOLERANCE), best
    if q == "just_under":
        return _below(lo, JUST_TOLERANCE), hi, best
    if q == "at_least":
        return lo, None, best
    if q == "up_to":
        return 0.0, hi, best
    if q == "at_most":
        return 0.0, hi, None
    raise AssertionError(q)  # pragma: no cover


#: The commonest figures, a whole number with or without a qualifier word
#: ("1,063", "about 300", "more than 400") and a range of two written with
#: words ("between 10 and 20", "from 10 to 20"): read without trying every other
#: form first. Nothing else reads them otherwise (no date phrase starts with
#: one of these qualifiers or is a bare number; tests hold the two paths
#: together).
_WHOLE = r"\d{1,3}(?:,\d{3})+|\d+"
_SIMPLE_RE = re.compile(
    r"(?:(?P<q>" + "|".join(re.escape(q) for q in sorted(_QUALIFIERS, key=len, reverse=True) if q != "~")
    + rf") )?(?P<n>{_WHOLE})"
    + rf"|between (?P<a>{_WHOLE}) and (?P<b>{_WHOLE})|from (?P<c>{_WHOLE}) to (?P<d>{_WHOLE})"
)


def _simple(s: str) -> tuple[float, float | None, float | None, str] | None:
    """:func:`_parse_normalised` of a phrase of :data:`_SIMPLE_RE`, or None."""
    m = _SIMPLE_RE.fullmatch(s)
    if m is None:
        return None
    if m["n"] is None:  # between a and b, from a to b
        a, b = (m["a"], m["b"]) if m["a"] is not None else (m["c"], m["d"])
        lo, hi = float(a.replace(",", "")), float(b.replace(",", ""))
        if not (lo <= hi and math.isfinite(hi)):
            return None  # the general path says why
        return lo, hi, None, "number"
    x = float(m["n"].replace(",", ""))
    if not math.isfinite(x):
        return None  # the general path says why
    q = m["q"]
    if q is None:
        return x, x, x, "number"
    lo, hi, best = _apply(_QUALIFIERS[q], x, x, x)
    if hi is not None and not math.isfinite(hi):
        return None  # the general path says why
    # a count of whole things stays whole, as below
    return float(math.ceil(lo - 1e-9)), (hi if hi is None else float(math.floor(hi + 1e-9))), best, "number"


@lru_cache(maxsize=16384)
def _parse_normalised(s: str) -> tuple[float, float | None, float | None, str]:
    """Normalised phrase -> (low, high, best, kind).  Raises _Unreadable."""
    got = _simple(s)
    if got is not None:
        return got
    try:
        d = date_phrase(s)
    except DateError as e:
        raise _Unreadable(e.reason, reversed=e.reversed) from None
    if d is not None:
        return (*d, "date")
    m = _HEDGE_RE.match(s)
    if m:  # "dozens, possibly hundreds": from the first figure's low to the second's high
        lo1, hi1, _, k1 = _parse_normalised(m["a"])
        lo2, hi2, _, k2 = _parse_normalised(m["b"])
        if k1 != k2 or k1 == "date":
            raise _Unreadable("both figures of 'X, possibly Y' must be counts, or both percentages")
        if lo2 < lo1:
            raise _Unreadable(f"the second figure of 'X, possibly Y' must be the larger ({format_number(lo2)} < "
                              f"{format_number(lo1)})", reversed=True)
        hi = None if hi1 is None or hi2 is None else max(hi1, hi2)
        return lo1, hi, None, k1
    kind = "number"
    if "%" in s:
        kind = "percent"
        s = _WS_RE.sub(" ", s.replace("%", " ")).strip()
        s = re.sub(r"\s*-\s*", "-", s)
    q = None
    m = _QUAL_RE.match(s)
    if m:
        q, s = _QUALIFIERS[m["q"]], m["rest"]
    else:
        m = _SUFFIX_RE.match(s)
        if m:
            q, s = ("at_most" if m["down"] else "about" if m["so"] else "at_least"), m["n"]
    base = _quantity(s)
    if base is None:
        base = _range(s)
    if base is None:
        raise _Unreadable()
    lo, hi, best = base
    if not math.isfinite(hi):
        raise _Unreadable("the number is too large")
    if kind == "percent" and hi > PERCENT_MAX:
        raise _Unreadable(f"a percentage cannot exceed {PERCENT_MAX:g} (write a growth figure as a plain number)")
    if q:
        lo0, hi0 = lo, hi
        lo, hi_, best = _apply(q, lo, hi, best)
        if hi_ is not None and not math.isfinite(hi_):  # "about" a number near the largest float
            raise _Unreadable("the number is too large")
        if kind == "number" and lo0.is_integer() and hi0.is_integer():
            # a count of whole things stays whole: "about 24" is [22..26], not [21.6..26.4]
            lo = float(math.ceil(lo - 1e-9))
            hi_ = hi_ if hi_ is None else float(math.floor(hi_ + 1e-9))
    else:
        hi_ = hi
    if kind == "percent":
        hi_ = PERCENT_MAX if hi_ is None else min(hi_, PERCENT_MAX)
    return lo, hi_, best, kind


@lru_cache(maxsize=65536)
def _parse_text(text: str) -> Figure:
    try:
        lo, hi, best, kind = _parse_normalised(_normalise(text))
    except _Unreadable as e:
        shown = repr(text.strip())
        if e.reason:
            cls = ReversedFigure if e.reversed else FigureError
            raise cls(f"cannot read figure {shown}: {e.reason}; see the figure-phrase table",
                      f"{shown} - {e.reason}") from None
        raise FigureError(f"cannot read figure {shown}; {_ACCEPTED}",
                          f"{shown} - no form of the figure-phrase table reads it") from None
    return Figure(text.strip(), lo, hi, best, kind)


# --------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------

def parse_date(text: str) -> tuple[date, date] | None:
    """'YYYY-MM-DD' | 'YYYY-MM' | 'YYYY' -> (first day, last day); None if not that shape.

    Impossible dates (2018-02-30, month 13, year 0000) raise FigureError.
    """
    if not isinstance(text, str):
        return None
    try:
        return iso_span(text)
    except DateError as e:
        raise FigureError(str(e)) from None


def _mapping_value(key: str, v: object) -> tuple[float, bool]:
    """-> (value, is_percent)."""
    if isinstance(v, bool) or not isinstance(v, (int, float, str)):
        raise FigureError(f"figure {key} must be a number or a numeric string like \"2,000\", not {v!r}")
    if isinstance(v, str):
        s = _normalise(v)
        pct = "%" in s
        if pct:
            s = s.replace("%", "").strip()
        x = _exact(s)
        if x is None or not math.isfinite(x):
            raise FigureError(f"cannot read figure {key} {v!r}; expected a number such as 2,000, 1.2 million or 84%")
        return x, pct
    return _count(v, f"figure {key}"), False


def _count(v: int | float, what: str) -> float:
    """A number given as a number: finite and not negative (counts start at 0)."""
    try:
        x = float(v)
    except OverflowError:
        raise FigureError(f"{what} is too large to be a count ({str(v)[:20]}...)") from None
    if math.isnan(x) or math.isinf(x):
        raise FigureError(f"{what} must be a finite number, not {v!r}")
    if x < 0:
        raise FigureError(f"{what} must not be negative ({v!r}); counts start at 0")
    return x


def _parse_mapping(value: dict) -> Figure:
    keys = ("low", "best", "high")
    unknown = [k for k in value if k not in keys]
    if unknown:
        raise FigureError(f"unknown key {unknown[0]!r} in figure mapping; expected low, best, high")
    if not value:
        raise FigureError("empty figure mapping; give at least one of low, best, high")
    vals: dict[str, float | None] = {}
    pct: set[bool] = set()
    parts = []
    for k in keys:
        if k not in value:
            continue
        v = value[k]
        if v is None:
            vals[k] = None
            parts.append(f"{k} open" if k == "high" else f"{k} none")
            continue
        x, p = _mapping_value(k, v)
        vals[k] = x
        pct.add(p)
        parts.append(f"{k} {v}")
    if len(pct) > 1:
        raise FigureError("figure mapping mixes percentages and plain numbers")
    kind = "percent" if True in pct else "number"
    best = vals.get("best")
    low = vals.get("low")
    if low is None:
        low = best if best is not None else 0.0
    if "high" in value:
        high = vals["high"]  # None = explicitly open
    else:
        high = best
    if best is not None and low > best:
        raise ReversedFigure(f"figure low ({format_number(low)}) is greater than best ({format_number(best)})")
    if best is not None and high is not None and best > high:
        raise ReversedFigure(f"figure best ({format_number(best)}) is greater than high ({format_number(high)})")
    if high is not None and low > high:
        raise ReversedFigure(f"figure low ({format_number(low)}) is greater than high ({format_number(high)})")
    if kind == "percent":
        if max(x for x in (low, best, high) if x is not None) > PERCENT_MAX:
            raise FigureError(f"a percentage cannot exceed {PERCENT_MAX:g}")
        if high is None:
            high = PERCENT_MAX
    return Figure(", ".join(parts), low, high, best, kind)


_MAPPINGS: dict[tuple, Figure] = {}


def parse_figure(value: object) -> Figure:
    """Read a claim's ``figure`` value into a :class:`Figure`.

    ``value`` is an int/float (not bool), a phrase (see :data:`PHRASES`), an ISO date or
    month string, a ``datetime.date``, or a mapping ``{low, best, high}`` (any subset).
    Raises :class:`FigureError` (a ``ValueError``) with a one-line message otherwise.
    String parses are cached, so repeated phrases cost a dictionary lookup.
    """
    if isinstance(value, str):
        return _parse_text(value)
    if isinstance(value, bool) or value is None:
        raise FigureError(f"figure must be a number, a phrase or a mapping, not {value!r}; "
                          "write a qualitative claim without a figure")
    if isinstance(value, (int, float)):
        x = _count(value, "figure")
        return Figure(str(value), x, x, x, "number")
    if isinstance(value, date):
        d = value.date() if hasattr(value, "hour") else value  # datetime -> its day
        o = float(d.toordinal())
        return Figure(d.isoformat(), o, o, o, "date")
    if isinstance(value, dict):
        # Cached by (key, type, value), so validation and the model parse a
        # mapping once; a value that cannot be hashed is parsed (and refused).
        try:
            key = tuple((k, type(v), v) for k, v in value.items())
            hit = _MAPPINGS.get(key)
        except TypeError:
            return _parse_mapping(value)
        if hit is None:
            hit = _parse_mapping(value)
            if len(_MAPPINGS) < 65536:
                _MAPPINGS[key] = hit
        return hit
    raise FigureError(f"figure must be a number, a phrase or a mapping {{low, best, high}}, "
                      f"not a {type(value).__name__} ({value!r})")


