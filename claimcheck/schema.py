"""The record format, declared once.

:data:`CLAIM`, :data:`SOURCE`, ... are tables of :class:`Field`. The same tables
drive the validator (:func:`check_claims_file`, :func:`check_sources_file`)
and the JSON Schema that editors use (:func:`json_schema`), so the two cannot
drift apart. Checks here look at one file at a time; references between files
are checked in :mod:`claimcheck.checks`.

A check reports a :class:`Problem`: a code, a message and a *pointer* (the
keys and indexes that lead to the value), which the caller turns into a line
and column only when it reports it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any, Callable, NamedTuple

from .diagnostics import did_you_mean

SLUG = r"[a-z0-9][a-z0-9._-]*"
SLUG_RE = re.compile(SLUG)
TOPIC_RE = re.compile(rf"{SLUG}(?:/{SLUG})*")
DATE_RE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
# Absolute http(s) URLs; control characters and bidi overrides are never part
# of one (they would act on the terminal or disguise the address).
_URL_CHAR = "[^\\s\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
URL_RE = re.compile(f"https?://(?![/$.?#]){_URL_CHAR}+", re.IGNORECASE)

STATUSES = ("unverified", "corroborated", "contested", "refuted", "retracted", "superseded")
KINDS = (
    "armed-group", "government", "military", "official", "person", "monitor", "outlet",
    "agency", "ngo", "think-tank", "intergovernmental", "unattributed", "other",
)
RELIABILITY = ("A", "B", "C", "D", "E", "F")
RELIABILITY_MEANING = {
    "A": "completely reliable",
    "B": "usually reliable",
    "C": "fairly reliable",
    "D": "not usually reliable",
    "E": "unreliable",
    "F": "reliability cannot be judged",
}


class Problem(NamedTuple):
    code: str
    message: str
    pointer: tuple
    target: str = "value"  # value | key | record
    severity: str = ""


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    required: bool = False
    doc: str = ""


def _fields(*fields: Field) -> dict[str, Field]:
    return {f.name: f for f in fields}


APPEARANCE = _fields(
    Field("outlet", "source-ref", True, "Id of the source that carried the claim."),
    Field("date", "date", False, "When it carried it: YYYY-MM-DD, YYYY-MM or YYYY."),
    Field("quote", "text", False, "The sentence that states the claim, verbatim."),
    Field("url", "url", False, "http(s) address of the item; never invented."),
)

CLAIM = _fields(
    Field("id", "id", True, "Lowercase slug, unique across the base."),
    Field("statement", "text", True, "The claim, in one sentence."),
    Field("claimant", "source-ref", True, "Id of the source that asserts the claim (not the outlet that printed it)."),
    Field("topic", "topic", True, "Cross-reference key: claims on one topic are compared."),
    Field("about", "stance-ref", False, "The stance whose people or losses the figure is about."),
    Field("figure", "figure", False, "A number, a phrase (see the figure-phrase table), a date, or {low, best, high}."),
    Field("as_of", "date", False, "When the figure holds: YYYY-MM-DD, YYYY-MM or YYYY."),
    Field("status", "status", True, "unverified | corroborated | contested | refuted | retracted | superseded."),
    Field("reported_by", "appearances", False, "The outlets that carried the claim, nearest the claimant first."),
    Field("supersedes", "claim-ref", False, "Id of an earlier claim by the same claimant that this one revises."),
    Field("tags", "tags", False, "Free labels."),
    Field("notes", "text", False, "Anything a reader should know."),
)

TOPIC = _fields(
    Field("title", "text", False, "What the figures count."),
    Field("unit", "text", False, "Unit of the figures (soldiers, airstrikes, percent...)."),
    Field("cumulative", "bool", False, "A running total: a later, larger figure is not by itself a contradiction."),
    Field("notes", "text", False, "Anything a reader should know."),
)

SOURCE = _fields(
    Field("id", "id", True, "Lowercase slug, unique among sources."),
    Field("name", "text", True, "Full name."),
    Field("kind", "kind", False, "armed-group, government, military, official, person, monitor, outlet, agency, ngo, think-tank, intergovernmental, unattributed, other."),
    Field("stance", "stance-ref", True, "The stance of the source, from the vocabulary."),
    Field("reliability", "reliability", False, "NATO Admiralty source reliability A..F (default F: cannot be judged)."),
    Field("part_of", "source-ref", False, "A source this one speaks for; the two are not independent."),
    Field("url", "url", False, "Home page."),
    Field("aliases", "tags", False, "Other names."),
    Field("notes", "text", False, "One-line reason for the stance and the grade."),
)

STANCE = _fields(
    Field("description", "text", True, "What the stance stands for."),
    Field("neutral", "bool", False, "No side in the conflict."),
)

PUBLISHER = _fields(
    Field("name", "text", True, "The organisation publishing the reviews (ClaimReview author)."),
    Field("url", "url", True, "Its home page."),
    Field("logo", "url", False, "Its logo."),
    Field("review_url", "text", False, "Template of a review's address, with {id} for the claim id."),
)

CLAIMS_FILE_KEYS = ("topics", "claims")
SOURCES_FILE_KEYS = ("stances", "sources", "publisher")


def _type_name(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"a boolean ({'true' if value else 'false'})"
    if isinstance(value, (int, float)):
        return f"a number ({value!r})"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return type(value).__name__


def _expect_text(value: Any, what: str = "text") -> str | None:
    """Message for a value that should be text, or None if it is."""
    if isinstance(value, str):
        return None
    if isinstance(value, (bool, int, float)):
        shown = ("true" if value else "false") if isinstance(value, bool) else repr(value)
        return f"expected {what}, got {_type_name(value)}: quote it ('{shown}') if it is meant as text"
    return f"expected {what}, got {_type_name(value)}"


def parse_date_text(value: Any) -> tuple[date, date] | str:
    """(first day, last day) of a YYYY[-MM[-DD]] value, or an error message."""
    if isinstance(value, int) and not isinstance(value, bool) and 1000 <= value <= 9999:
        value = str(value)
    if not isinstance(value, str):
        return f"expected a date YYYY-MM-DD, YYYY-MM or YYYY, got {_type_name(value)}"
    m = DATE_RE.fullmatch(value)
    if not m:
        return f"{value!r} is not a date: write YYYY-MM-DD, YYYY-MM or YYYY"
    y, mo, d = m.groups()
    try:
        if d:
            first = last = date(int(y), int(mo), int(d))
        elif mo:
            first = date(int(y), int(mo), 1)
            nxt = date(int(y) + (int(mo) == 12), int(mo) % 12 + 1, 1)
            last = date.fromordinal(nxt.toordinal() - 1)
        else:
            first, last = date(int(y), 1, 1), date(int(y), 12, 31)
    except ValueError:
        return f"{value!r} is not a real date"
    return first, last


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


def _enum(what: str, values: tuple) -> Check:
    allowed = frozenset(values)

    def check(v, p):
        if isinstance(v, str) and v in allowed:
            return ()
        if isinstance(v, str):
            return [Problem("CC205", f"{what} {v!r} is not one of {', '.join(values)}{did_you_mean(v, values)}", p)]
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
    return [Problem("CC203", f"expected true or false, got {_type_name(v)}", p)]


def _tags(v, p):
    if not isinstance(v, list):
        return [Problem("CC203", f"expected a list of text, got {_type_name(v)}", p)]
    out = []
    for i, item in enumerate(v):
        msg = _expect_text(item)
        if msg:
            out.append(Problem("CC203", msg, p + (i,)))
    return out


def _figure(v, p):
    from .figures import FigureError, ReversedFigure, parse_figure

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
                return [Problem("CC203", f"figure {k}: expected a number, got {_type_name(x)}", p + (k,))]
    elif isinstance(v, (list, bool)) or v is None:
        return [Problem("CC203", f"figure: expected a number, a phrase or {{low, best, high}}, got {_type_name(v)}", p)]
    try:
        parse_figure(v)
    except FigureError as e:
        return [Problem("CC402" if isinstance(e, ReversedFigure) else "CC401", str(e), p)]
    return ()


def _appearances(v, p):
    if not isinstance(v, list):
        return [Problem("CC203", f"reported_by: expected a list of outlets, got {_type_name(v)}", p)]
    out = []
    for i, item in enumerate(v):
        out.extend(check_record(item, APPEARANCE, p + (i,), "reported_by entry"))
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
    "status": _enum("status", STATUSES),
    "kind": _enum("kind", KINDS),
    "reliability": _enum("reliability", RELIABILITY),
    "appearances": _appearances,
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
        from .figures import FigureError, parse_figure

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
        return [Problem("CC203", f"{what}: expected a mapping, got {_type_name(rec)}", pointer)]
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
            out.append(Problem("CC203", f"topics: expected a mapping of topic id -> attributes, got {_type_name(topics)}", ("topics",)))
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
            out.append(Problem("CC203", f"claims: expected a list of claims, got {_type_name(claims)}", ("claims",)))
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
            out.append(Problem("CC203", f"stances: expected a mapping of stance id -> description, got {_type_name(stances)}", ("stances",)))
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
        out.append(Problem("CC203", f"sources: expected a list of sources, got {_type_name(sources)}", ("sources",)))
    else:
        for i, rec in enumerate(sources):
            out.extend(check_record(rec, SOURCE, ("sources", i), "source"))
    pub = data.get("publisher")
    if pub is not None:
        for pr in check_record(pub, PUBLISHER, ("publisher",), "publisher"):
            out.append(pr._replace(code="CC309") if pr.code in ("CC202",) else pr)
    return out


# --- JSON Schema (draft 2020-12), generated from the same tables -----------

_DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"


def _json_type(f: Field) -> dict:
    t = f.type
    if t == "text":
        return {"type": "string", "minLength": 1}
    if t in ("id", "source-ref", "stance-ref", "claim-ref"):
        return {"type": "string", "pattern": f"^{SLUG}$"}
    if t == "topic":
        return {"type": "string", "pattern": f"^{TOPIC_RE.pattern}$"}
    if t == "date":
        return {"oneOf": [{"type": "string", "pattern": _DATE_PATTERN}, {"type": "integer", "minimum": 1000, "maximum": 9999}]}
    if t == "url":
        return {"type": "string", "pattern": "^[hH][tT][tT][pP][sS]?://"}
    if t == "bool":
        return {"type": "boolean"}
    if t == "tags":
        return {"type": "array", "items": {"type": "string"}}
    if t == "status":
        return {"enum": list(STATUSES)}
    if t == "kind":
        return {"enum": list(KINDS)}
    if t == "reliability":
        return {"enum": list(RELIABILITY)}
    if t == "figure":
        num = {"oneOf": [{"type": "number", "minimum": 0}, {"type": "string"}]}
        return {
            "oneOf": [
                {"type": "number", "minimum": 0},
                {"type": "string", "minLength": 1},
                {
                    "type": "object",
                    "properties": {
                        "low": num,
                        "best": {"anyOf": [num, {"type": "null"}]},
                        "high": {"anyOf": [num, {"type": "null"}], "description": "null: open above"},
                    },
                    "additionalProperties": False,
                    "minProperties": 1,
                },
            ]
        }
    if t == "appearances":
        return {"type": "array", "items": {"$ref": "#/$defs/appearance"}}
    raise KeyError(t)


def _object(fields: dict[str, Field]) -> dict:
    props = {}
    for f in fields.values():
        sch = dict(_json_type(f))
        if f.doc:
            sch["description"] = f.doc
        if not f.required:
            sch = {"anyOf": [sch, {"type": "null"}], "description": f.doc} if f.doc else {"anyOf": [sch, {"type": "null"}]}
        props[f.name] = sch
    return {
        "type": "object",
        "properties": props,
        "required": [f.name for f in fields.values() if f.required],
        "additionalProperties": False,
    }


def json_schema(kind: str = "claims") -> dict:
    """JSON Schema for a claims file (``claims``) or ``sources.yaml`` (``sources``)."""
    base = {"$schema": "https://json-schema.org/draft/2020-12/schema"}
    if kind == "claims":
        return {
            **base,
            "$id": "https://claimcheck.invalid/schema/claims.json",
            "title": "claimcheck claims file",
            "type": "object",
            "properties": {
                "topics": {
                    "type": "object",
                    "propertyNames": {"pattern": f"^{TOPIC_RE.pattern}$"},
                    "additionalProperties": {"anyOf": [{"$ref": "#/$defs/topic"}, {"type": "null"}]},
                },
                "claims": {"type": "array", "items": {"$ref": "#/$defs/claim"}},
            },
            "additionalProperties": False,
            "$defs": {"claim": _object(CLAIM), "appearance": _object(APPEARANCE), "topic": _object(TOPIC)},
        }
    if kind == "sources":
        return {
            **base,
            "$id": "https://claimcheck.invalid/schema/sources.json",
            "title": "claimcheck sources.yaml",
            "type": "object",
            "properties": {
                "stances": {
                    "type": "object",
                    "minProperties": 1,
                    "propertyNames": {"pattern": f"^{SLUG}$"},
                    "additionalProperties": {
                        "oneOf": [{"type": "string", "minLength": 1}, {"$ref": "#/$defs/stance"}]
                    },
                },
                "sources": {"type": "array", "items": {"$ref": "#/$defs/source"}},
                "publisher": {"$ref": "#/$defs/publisher"},
            },
            "required": ["stances", "sources"],
            "additionalProperties": False,
            "$defs": {"source": _object(SOURCE), "stance": _object(STANCE), "publisher": _object(PUBLISHER)},
        }
    raise ValueError(kind)
