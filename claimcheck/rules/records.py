"""The shape of one record: every field known, of its type, and present when
required (CC2xx); figures the grammar reads (CC4xx); the top level of a file.

A check reports a :class:`Problem`: a code, a message and a *pointer* (the
keys and indexes that lead to the value), which the caller turns into a line
and column only when it reports it (:func:`claimcheck.load.read.place`).
Most records are well formed: a compiled happy-path test per field table
(:data:`FAST`) passes them without building any message. Worker processes
run these checks too (:mod:`claimcheck.load.parallel`).
"""

from __future__ import annotations

import re
from typing import Any, Callable, NamedTuple

from ..diagnostics import ERROR, define
from ..figures import FigureError, ReversedFigure, parse_figure
from ..schema.fields import (
    APPEARANCE, CLAIM, CLAIMS_FILE_KEYS, KINDS, PUBLISHER, RATING, RELIABILITY, REVIEW, SLUG_RE, SOURCE,
    SOURCES_FILE_KEYS, STANCE, STATUSES, TOPIC, TOPIC_RE, URL_RE, Field, parse_date_text, status_suggestion, type_name,
)
from ..suggest import did_you_mean

define("CC109", ERROR, "not-a-mapping", "The top level of the file is not the expected mapping.")
define("CC201", ERROR, "unknown-field", "A field the format does not define (a typo such as `claimnt:`).")
define("CC202", ERROR, "missing-field", "A required field is absent.")
define("CC203", ERROR, "wrong-type", "A value has the wrong type (a number or boolean where text is expected: quote it).")
define("CC204", ERROR, "bad-id", "An id is not a lowercase slug `[a-z0-9][a-z0-9._-]*`.")
define("CC205", ERROR, "bad-value", "A value is not one of the allowed values (status, kind, reliability).")
define("CC206", ERROR, "bad-date", "A date is not YYYY-MM-DD, YYYY-MM or YYYY, or does not exist.")
define("CC207", ERROR, "bad-url", "A URL is not an absolute http(s) URL.")
define("CC208", ERROR, "empty-value", "A required text is empty.")
define("CC209", ERROR, "rating-off-scale", "A review's rating value lies outside its own scale (worst <= value <= best).")
define("CC309", ERROR, "publisher", "The publisher block of sources.yaml is incomplete or invalid.")
define("CC401", ERROR, "unreadable-figure", "A figure phrase the parser cannot read.")
define("CC402", ERROR, "reversed-interval", "A figure's bounds are reversed (low > best or best > high).")


class Problem(NamedTuple):
    code: str
    message: str
    pointer: tuple
    target: str = "value"  # value | key | record
    severity: str = ""


def _expect_text(value: Any, what: str = "text") -> str | None:
    """Message for a value that should be text, or None if it is."""
    if isinstance(value, str):
        return None
    if isinstance(value, (bool, int, float)):
        shown = ("true" if value else "false") if isinstance(value, bool) else repr(value)
        return f"expected {what}, got {type_name(value)}: quote it ('{shown}') if it is meant as text"
    return f"expected {what}, got {type_name(value)}"


# --- value checks: each returns a list of Problems (usually empty) ---------

Check = Callable[[Any, tuple], list]


def _text(v, p):
    msg = _expect_text(v)
    if msg:
        return [Problem("CC203", msg, p)]
    if not v.strip():
        return [Problem("CC208", "empty text", p)]
    return ()


def _slug(what: str, regex: re.Pattern, hint: str) -> Check:
    def check(v, p):
        msg = _expect_text(v, what)
        if msg:
            return [Problem("CC203", msg, p)]
        if not regex.fullmatch(v):
            return [Problem("CC204", f"{what} {v!r} is not {hint}", p)]
        return ()

    return check


def _enum(what: str, values: tuple, suggest: Callable[[Any], str] | None = None) -> Check:
    allowed = frozenset(values)

    def check(v, p):
        if isinstance(v, str) and v in allowed:
            return ()
        if isinstance(v, str):
            hint = suggest(v) if suggest else did_you_mean(v, values)
            return [Problem("CC205", f"{what} {v!r} is not one of {', '.join(values)}{hint}", p)]
        if suggest and isinstance(v, bool):  # `status: false`: YAML's boolean, a fact-checker's verdict
            shown = "true" if v else "false"
            return [Problem("CC203", f"expected {what}, got a boolean ({shown}): {what} is one of "
                                     f"{', '.join(values)}{suggest(shown)}", p)]
        return [Problem("CC203", _expect_text(v, what) or f"expected {what}", p)]

    return check


def _date(v, p):
    r = parse_date_text(v)
    if isinstance(r, str):
        code = "CC203" if not isinstance(v, (str, int)) or isinstance(v, bool) else "CC206"
        return [Problem(code, r, p)]
    return ()


def _url(v, p):
    msg = _expect_text(v, "a URL")
    if msg:
        return [Problem("CC203", msg, p)]
    if not URL_RE.fullmatch(v):
        return [Problem("CC207", f"{v!r} is not an absolute http(s) URL", p)]
    return ()


def _bool(v, p):
    if isinstance(v, bool):
        return ()
    return [Problem("CC203", f"expected true or false, got {type_name(v)}", p)]


def _tags(v, p):
    if not isinstance(v, list):
        return [Problem("CC203", f"expected a list of text, got {type_name(v)}", p)]
    out = []
    for i, item in enumerate(v):
        msg = _expect_text(item)
        if msg:
            out.append(Problem("CC203", msg, p + (i,)))
    return out


def _figure(v, p):
    if isinstance(v, dict):
        out = [Problem("CC201", f"unknown field {k!r} in figure (expected low, best, high)", p + (k,), "key")
               for k in v if k not in ("low", "best", "high")]
        if out:
            return out
        nums = {k: v[k] for k in ("low", "best", "high") if k in v}
        for k, x in nums.items():
            if x is None and k != "low":
                continue  # `high: null` is an open upper bound, `best: null` no point estimate
            if isinstance(x, bool) or not isinstance(x, (int, float, str)):
                return [Problem("CC203", f"figure {k}: expected a number, got {type_name(x)}", p + (k,))]
    elif isinstance(v, (list, bool)) or v is None:
        return [Problem("CC203", f"figure: expected a number, a phrase or {{low, best, high}}, got {type_name(v)}", p)]
    try:
        parse_figure(v)
    except FigureError as e:
        return [Problem("CC402" if isinstance(e, ReversedFigure) else "CC401", str(e), p)]
    return ()


def _ignore(v, p):
    """A mapping {CODE: reason}; which codes and reasons are valid is decided
    with every code known (:mod:`claimcheck.rules.ignore`, CC210)."""
    if isinstance(v, dict):
        return ()
    return [Problem("CC203", f"ignore: expected a mapping of code -> reason, such as "
                             f"{{CC505: 'the coroner confirms 4'}}, got {type_name(v)}", p)]


def _line(v, p):
    if isinstance(v, int) and not isinstance(v, bool) and v >= 1:
        return ()
    return [Problem("CC203", f"expected a line number (a whole number from 1), got {type_name(v)}", p)]


def _appearances(v, p):
    if not isinstance(v, list):
        return [Problem("CC203", f"reported_by: expected a list of outlets, got {type_name(v)}", p)]
    out = []
    for i, item in enumerate(v):
        out.extend(check_record(item, APPEARANCE, p + (i,), "reported_by entry"))
    return out


def _number(v, p):
    if isinstance(v, (int, float)) and not isinstance(v, bool) and v == v and abs(v) != float("inf"):
        return ()
    if isinstance(v, str):
        return [Problem("CC203", f"expected a number, got the text {v[:40]!r}: write it without quotes", p)]
    return [Problem("CC203", f"expected a number, got {type_name(v)}", p)]


def _rating(v, p):
    out = check_record(v, RATING, p, "rating")
    if out or not isinstance(v, dict):
        return out
    value, best, worst = v.get("value"), v.get("best"), v.get("worst")
    if best is not None and worst is not None and worst > best:
        return [Problem("CC209", f"rating scale reversed: worst {worst:g} is above best {best:g}", p + ("worst",))]
    if value is not None:
        if best is not None and value > best:
            return [Problem("CC209", f"rating value {value:g} is above its best {best:g}", p + ("value",))]
        if worst is not None and value < worst:
            return [Problem("CC209", f"rating value {value:g} is below its worst {worst:g}", p + ("value",))]
    return ()


def _reviews(v, p):
    if not isinstance(v, list):
        return [Problem("CC203", f"reviews: expected a list of reviews, got {type_name(v)}", p)]
    out = []
    for i, item in enumerate(v):
        out.extend(check_record(item, REVIEW, p + (i,), "review"))
    return out


CHECKS: dict[str, Check] = {
    "text": _text,
    "id": _slug("id", SLUG_RE, "a lowercase slug ([a-z0-9][a-z0-9._-]*)"),
    "topic": _slug("topic", TOPIC_RE, "a topic id: lowercase slugs joined by '/'"),
    "source-ref": _slug("source id", SLUG_RE, "a source id (lowercase slug)"),
    "stance-ref": _slug("stance id", SLUG_RE, "a stance id (lowercase slug)"),
    "claim-ref": _slug("claim id", SLUG_RE, "a claim id (lowercase slug)"),
    "date": _date,
    "url": _url,
    "bool": _bool,
    "tags": _tags,
    "figure": _figure,
    "status": _enum("status", STATUSES, status_suggestion),
    "kind": _enum("kind", KINDS),
    "reliability": _enum("reliability", RELIABILITY),
    "appearances": _appearances,
    "number": _number,
    "rating": _rating,
    "reviews": _reviews,
    "ignore": _ignore,


    "line": _line,
}


# Happy-path tests: where one returns True the full check (CHECKS) would
# report nothing, so check_record skips it; anything else runs the full check,
# which builds the Problems. Results for repeated values (dates, references,
# figures) are memoised: a base repeats a few thousand of them.
_MEMO_CAP = 65536
_ok_dates: set = set()
_ok_figures: set = set()


def _fast_date(v) -> bool:
    t = type(v)
    if t is not str and t is not int:
        return False
    if (t, v) in _ok_dates:
        return True
    if isinstance(parse_date_text(v), str):
        return False
    if len(_ok_dates) < _MEMO_CAP:
        _ok_dates.add((t, v))
    return True


def _fast_figure(v) -> bool:
    t = type(v)
    if t is str or t is int or t is float:
        if (t, v) in _ok_figures:
            return True
        try:
            parse_figure(v)
        except (FigureError, TypeError, ValueError, OverflowError):
            return False
        if len(_ok_figures) < _MEMO_CAP:
            _ok_figures.add((t, v))
        return True
    return False


def _fast_slug(regex: re.Pattern, memo: bool = False):
    """Happy-path test of a slug; ``memo`` for references, which repeat
    (a source or topic id is named by thousands of claims; claim ids are not)."""
    if not memo:
        def ok(v) -> bool:
            return type(v) is str and regex.fullmatch(v) is not None

        return ok
    seen: set[str] = set()

    def ok_memo(v) -> bool:
        if type(v) is not str:
            return False
        if v in seen:
            return True
        if regex.fullmatch(v) is None:
            return False
        if len(seen) < _MEMO_CAP:
            seen.add(v)
        return True

    return ok_memo


def _fast_enum(values: tuple):
    allowed = frozenset(values)

    def ok(v) -> bool:
        return type(v) is str and v in allowed

    return ok


def _fast_appearances(v) -> bool:
    if type(v) is not list:
        return False
    for item in v:
        if not _fast_record(item, APPEARANCE):
            return False
    return True


def _fast_number(v) -> bool:
    t = type(v)
    return t is int or (t is float and v == v and abs(v) != float("inf"))


def _fast_rating(v) -> bool:
    if not _fast_record(v, RATING):
        return False
    value, best, worst = v.get("value"), v.get("best"), v.get("worst")
    if best is not None and worst is not None and worst > best:
        return False
    if value is not None and ((best is not None and value > best) or (worst is not None and value < worst)):
        return False
    return True


def _fast_reviews(v) -> bool:
    if type(v) is not list:
        return False
    for item in v:
        if not _fast_record(item, REVIEW):
            return False
    return True


FAST: dict[str, Callable[[Any], bool]] = {
    "text": lambda v: type(v) is str and v != "" and not v.isspace(),
    "id": _fast_slug(SLUG_RE),
    "topic": _fast_slug(TOPIC_RE, memo=True),
    "source-ref": _fast_slug(SLUG_RE, memo=True),
    "stance-ref": _fast_slug(SLUG_RE, memo=True),
    "claim-ref": _fast_slug(SLUG_RE),
    "date": _fast_date,
    "url": lambda v: type(v) is str and URL_RE.fullmatch(v) is not None,
    "bool": lambda v: type(v) is bool,
    "tags": lambda v: type(v) is list and all(type(x) is str for x in v),
    "figure": _fast_figure,
    "status": _fast_enum(STATUSES),
    "kind": _fast_enum(KINDS),
    "reliability": _fast_enum(RELIABILITY),
    "appearances": _fast_appearances,
    "number": _fast_number,
    "rating": _fast_rating,
    "reviews": _fast_reviews,
    "ignore": lambda v: type(v) is dict,


    "line": lambda v: type(v) is int and v >= 1,
}


class _Plan:
    """A field table made ready for the happy-path test: field name -> fast
    test, the names that may be null, and the required names."""

    __slots__ = ("tests", "nullable", "required", "required_names")

    def __init__(self, fields: dict[str, Field]):
        self.tests = {name: FAST[f.type] for name, f in fields.items()}
        self.nullable = frozenset(name for name, f in fields.items() if not f.required)
        self.required_names = tuple(name for name, f in fields.items() if f.required)
        self.required = frozenset(self.required_names)


_plans: dict[int, tuple[dict, _Plan]] = {}


def _plan(fields: dict[str, Field]) -> _Plan:
    known = _plans.get(id(fields))
    if known is None or known[0] is not fields:
        known = _plans[id(fields)] = (fields, _Plan(fields))
    return known[1]


def _fast_record(rec: Any, fields: dict[str, Field]) -> bool:
    """True where :func:`check_record` would find nothing (most records):
    every key known, every value passing its happy-path test (or null where
    allowed), every required field present."""
    if type(rec) is not dict:
        return False
    plan = _plan(fields)
    tests = plan.tests
    for key, value in rec.items():
        test = tests.get(key)
        if test is None:
            return False
        if not test(value) and (value is not None or key not in plan.nullable):
            return False
    return plan.required <= rec.keys()


def check_record(rec: Any, fields: dict[str, Field], pointer: tuple, what: str) -> list[Problem]:
    """Shape of one record against its field table."""
    if _fast_record(rec, fields):
        return []
    if not isinstance(rec, dict):
        return [Problem("CC203", f"{what}: expected a mapping, got {type_name(rec)}", pointer)]
    out: list[Problem] = []
    for key, value in rec.items():
        f = fields.get(key)
        if f is None:
            out.append(Problem("CC201", f"unknown field {key!r} in {what}{did_you_mean(key, fields)}", pointer + (key,), "key"))
            continue
        if value is None and not f.required:
            continue
        if FAST[f.type](value):
            continue
        r = CHECKS[f.type](value, pointer + (key,))
        if r:
            out.extend(r)
    for name in _plan(fields).required_names:
        if name not in rec:
            out.append(Problem("CC202", f"{what} lacks required field {name!r}", pointer, "record"))
    return out


def _check_top(data: Any, keys: tuple, what: str) -> list[Problem]:
    if not isinstance(data, dict):
        return [Problem("CC109", f"the top level of {what} must be a mapping with {', '.join(keys)}", ())]
    return [
        Problem("CC201", f"unknown top-level key {k!r} in {what} (expected {', '.join(keys)}){did_you_mean(k, keys)}", (k,), "key")
        for k in data if k not in keys
    ]


def check_claims_file(data: Any) -> list[Problem]:
    out = _check_top(data, CLAIMS_FILE_KEYS, "a claims file")
    if not isinstance(data, dict):
        return out
    topics = data.get("topics")
    if topics is not None:
        if not isinstance(topics, dict):
            out.append(Problem("CC203", f"topics: expected a mapping of topic id -> attributes, got {type_name(topics)}", ("topics",)))
        else:
            for tid, attrs in topics.items():
                if not TOPIC_RE.fullmatch(tid):
                    out.append(Problem("CC204", f"topic {tid!r} is not a topic id: lowercase slugs joined by '/'", ("topics", tid), "key"))
                if attrs is None:
                    continue
                out.extend(check_record(attrs, TOPIC, ("topics", tid), f"topic {tid!r}"))
    claims = data.get("claims")
    if claims is not None:
        if not isinstance(claims, list):
            out.append(Problem("CC203", f"claims: expected a list of claims, got {type_name(claims)}", ("claims",)))
        else:
            for i, rec in enumerate(claims):
                r = check_record(rec, CLAIM, ("claims", i), "claim")
                if r:
                    out.extend(r)
    return out


def check_sources_file(data: Any) -> list[Problem]:
    out = _check_top(data, SOURCES_FILE_KEYS, "sources.yaml")
    if not isinstance(data, dict):
        return out
    stances = data.get("stances")
    if not isinstance(stances, dict) or not stances:
        if stances is None:
            out.append(Problem("CC202", "sources.yaml lacks the stance vocabulary 'stances'", (), "record"))
        else:
            out.append(Problem("CC203", f"stances: expected a mapping of stance id -> description, got {type_name(stances)}", ("stances",)))
    else:
        for sid, desc in stances.items():
            if not SLUG_RE.fullmatch(sid):
                out.append(Problem("CC204", f"stance id {sid!r} is not a lowercase slug", ("stances", sid), "key"))
            if isinstance(desc, dict):
                out.extend(check_record(desc, STANCE, ("stances", sid), f"stance {sid!r}"))
            else:
                r = _text(desc, ("stances", sid))
                if r:
                    out.extend(r)
    sources = data.get("sources")
    if sources is None:
        out.append(Problem("CC202", "sources.yaml lacks the list 'sources'", (), "record"))
    elif not isinstance(sources, list):
        out.append(Problem("CC203", f"sources: expected a list of sources, got {type_name(sources)}", ("sources",)))
    else:
        for i, rec in enumerate(sources):
            out.extend(check_record(rec, SOURCE, ("sources", i), "source"))
    pub = data.get("publisher")
    if pub is not None:
        for pr in check_record(pub, PUBLISHER, ("publisher",), "publisher"):
            out.append(pr._replace(code="CC309") if pr.code in ("CC202",) else pr)
    return out


