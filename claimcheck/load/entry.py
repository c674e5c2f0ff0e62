"""What reading and checking one claims file produced, as a data-only JSON
value and back: the file's own diagnostics (reading, CC1xx), its shape
problems (CC2xx, CC4xx, at pointers), and its topics and claims as the model
holds them.

The persistent cache keeps these (:mod:`.cache`), and worker processes send
them (:mod:`.parallel`). :func:`decode` checks every field's type and raises
:class:`BadEntry` on anything else: a cache entry is untrusted input, and a
wrong one is a miss, never an error or a wrong answer.
"""

from __future__ import annotations

import json
from itertools import repeat
from operator import attrgetter
from pathlib import Path
from typing import Any

from ..diagnostics import CODES, Diagnostic
from ..figures import Figure
from ..model import Appearance, Claim, Rating, Review, Topic
from ..schema.fields import STATUSES
from ..rules.records import Problem
from .fast import reader

#: The figure kinds a decoded figure may have (:class:`claimcheck.figures.Figure`).
_KINDS = frozenset({"number", "percent", "date"})
_TARGETS = frozenset({"value", "key", "record"})
_SEVERITIES = frozenset({"", "error", "warning"})


class BadEntry(ValueError):
    """A value that is not what :func:`encode` writes."""


class Uncacheable(ValueError):
    """A file whose model JSON cannot hold as it is (an ``ignore:`` with keys
    that are not text, or reasons that are not scalars): it is parsed on
    every run instead."""


def encode(parsed: bool, diagnostics: list[Diagnostic], problems: list[Problem],
           topics: list[Topic], claims: list[Claim], positions: list | None = None) -> str:
    """JSON text of one file's result. ``parsed``: the file gave data (a
    file that did not holds diagnostics only); ``positions``: the position
    of each problem, where known (a file read strictly)."""
    return json.dumps({
        "parsed": parsed,
        "diagnostics": [[d.line, d.column, d.end_line, d.end_column, d.code, d.message, d.severity] for d in diagnostics],
        "problems": [[list(p.pointer), p.target, p.code, p.message, p.severity, None if positions is None else positions[k]]
                     for k, p in enumerate(problems)],
        "topics": [[t.id, t.title, t.unit, t.cumulative, t.notes] for t in topics],
        "claims": _claim_columns(claims),
    }, separators=(",", ":"))


_TEXT = ("id", "statement", "claimant", "topic", "status")
_OPT_TEXT = ("about", "figure_text", "as_of", "supersedes", "notes", "figure_error")
_APPEARANCE = ("outlet", "date", "quote", "url")


def _claim_columns(claims: list[Claim]) -> dict:
    """The claims as columns: one list per field, the appearances flat with
    a count per claim (a column of one type is read back several times faster)."""
    cols: dict[str, list] = {name: list(map(attrgetter(name), claims)) for name in ("index", *_TEXT, *_OPT_TEXT)}
    cols["figure"] = [None if f is None else [f.low, f.high, f.best, f.kind] for f in map(attrgetter("figure"), claims)]
    cols["tags"] = list(map(list, map(attrgetter("tags"), claims)))
    cols["reviews"] = [[_review_row(r) for r in rv] if rv else None for rv in map(attrgetter("reviews"), claims)]
    cols["ignore"] = [_ignore_value(ig) if ig else None for ig in map(attrgetter("ignore"), claims)]
    reported = list(map(attrgetter("reported_by"), claims))
    cols["reported"] = list(map(len, reported))
    apps = [a for rb in reported for a in rb]
    for name in _APPEARANCE:
        cols[name] = list(map(attrgetter(name), apps))
    return cols


def _review_row(r: Review) -> list:
    g = r.rating
    return [r.reviewer, r.url, r.date, [g.name, g.value, g.best, g.worst], r.title, r.summary, r.language, r.verdict]


_SCALARS = frozenset({str, type(None), bool, int, float})


def _ignore_value(ignore: dict) -> dict:
    """``ignore:`` as written, where JSON keeps it exactly (text keys, scalar reasons)."""
    if all(type(k) is str and type(v) in _SCALARS for k, v in ignore.items()):
        return ignore
    raise Uncacheable("ignore")


def _review(row: Any) -> Review:
    reviewer, url, date, rating, title, summary, language, verdict = row
    name, value, best, worst = rating
    if not (type(reviewer) is str and verdict in STATUSES and type(name) in _STR_OR_NONE
            and all(type(x) in _NUMBER_OR_NONE for x in (value, best, worst))
            and all(type(x) in _STR_OR_NONE for x in (url, date, title, summary, language))):
        _bad("review")
    return Review(reviewer, url, date, Rating(name, value, best, worst), title, summary, language, verdict)


def _reviews(col: list) -> list[tuple[Review, ...]]:
    out = []
    for rows in col:
        if rows is None:
            out.append(())
        elif type(rows) is list and rows:
            out.append(tuple(map(_review, rows)))
        else:
            _bad("reviews")
    return out


def _ignores(col: list) -> list[dict]:
    out = []
    for ig in col:
        if ig is None:
            out.append({})
        elif type(ig) is dict and ig and all(type(v) in _SCALARS for v in ig.values()):
            out.append(ig)
        else:
            _bad("ignore")
    return out


class Decoded:
    """One file's result, read back."""

    __slots__ = ("parsed", "diagnostics", "problems", "positions", "topics", "claims")

    def __init__(self, parsed: bool, diagnostics: list[Diagnostic], problems: list[Problem], positions: list | None,
                 topics: list[Topic], claims: list[Claim]) -> None:
        self.parsed = parsed
        self.diagnostics = diagnostics
        self.problems = problems
        self.positions = positions
        self.topics = topics
        self.claims = claims


def _bad(what: str):
    raise BadEntry(what)


def _opt_str(v: Any) -> str | None:
    if v is None or type(v) is str:
        return v
    _bad("text")


def decode(value: Any, rel: str) -> Decoded:
    """The result :func:`encode` wrote (parsed from JSON), for the file
    ``rel``; :class:`BadEntry` (or TypeError, ValueError) on anything else."""
    if type(value) is not dict:
        _bad("not an object")
    parsed = value["parsed"]
    if type(parsed) is not bool:
        _bad("parsed")
    diagnostics = []
    for row in value["diagnostics"]:
        line, col, eline, ecol, code, message, severity = row
        if not (type(line) is int and type(col) is int and type(eline) is int and type(ecol) is int
                and type(message) is str and code in CODES and severity in _SEVERITIES and line > 0 and col > 0):
            _bad("diagnostic")
        diagnostics.append(Diagnostic(rel, line, col, code, message, severity, eline, ecol))
    problems = []
    positions: list | None = []
    for row in value["problems"]:
        pointer, target, code, message, severity, pos = row
        if not (type(pointer) is list and target in _TARGETS and code in CODES and type(message) is str
                and severity in _SEVERITIES and all(type(x) is str or type(x) is int for x in pointer)):
            _bad("problem")
        problems.append(Problem(code, message, tuple(pointer), target, severity))
        if pos is None:
            positions = None
        elif positions is not None:
            positions.append(_position(pos))
    if positions is not None and len(positions) != len(problems):
        _bad("positions")
    topics = []
    for row in value["topics"]:
        tid, title, unit, cumulative, notes = row
        if type(tid) is not str or type(cumulative) is not bool:
            _bad("topic")
        topics.append(Topic(tid, _opt_str(title), _opt_str(unit), cumulative, _opt_str(notes), True, rel))
    claims = _claims_of_columns(value["claims"], rel)
    if len(value) != 5:
        _bad("fields")
    return Decoded(parsed, diagnostics, problems, positions if problems else None, topics, claims)


_STR = frozenset({str})
_STR_OR_NONE = frozenset({str, type(None)})
_NUMBER = frozenset({int, float})
_NUMBER_OR_NONE = frozenset({int, float, type(None)})


def _column(cols: dict, name: str, n: int, types: frozenset) -> list:
    col = cols[name]
    if type(col) is not list or len(col) != n or not set(map(type, col)) <= types:
        _bad(name)
    return col


def _claims_of_columns(cols: Any, rel: str) -> list[Claim]:
    if type(cols) is not dict:
        _bad("claims")
    index = cols["index"]
    if type(index) is not list:
        _bad("index")
    n = len(index)
    if not set(map(type, index)) <= {int} or any(a >= b for a, b in zip(index, index[1:])) or (n and index[0] < 0):
        _bad("index")
    text = [_column(cols, name, n, _STR) for name in _TEXT]
    opt = [_column(cols, name, n, _STR_OR_NONE) for name in _OPT_TEXT]
    fig_texts = opt[1]
    fig_errors = opt[5]
    figures: list = []
    interned: dict[tuple, Figure] = {}
    for fig, ft, fe in zip(_column(cols, "figure", n, frozenset({list, type(None)})), fig_texts, fig_errors):
        if fig is None:
            if ft is not None and fe is None:
                _bad("figure text")
            figures.append(None)
            continue
        if fe is not None:
            _bad("figure error")
        key = (ft, *fig)
        got = interned.get(key)
        if got is None:
            low, high, best, kind = fig
            if not (ft is not None and kind in _KINDS and type(low) in _NUMBER and (high is None or type(high) in _NUMBER)
                    and (best is None or type(best) in _NUMBER)):
                _bad("figure")
            # as parse_figure makes them: bounds in order, none NaN
            if not ((high is None or low <= high) and (best is None or (low <= best and (high is None or best <= high)))):
                _bad("figure bounds")
            got = interned[key] = Figure(ft, low, high, best, kind)
        figures.append(got)
    tags = _column(cols, "tags", n, frozenset({list}))
    if not set(map(type, (t for ts in tags for t in ts))) <= _STR:
        _bad("tags")
    counts = _column(cols, "reported", n, frozenset({int}))
    m = sum(counts)
    if any(c < 0 for c in counts):
        _bad("reported")
    outlet = _column(cols, "outlet", m, _STR)
    apps = list(map(Appearance, outlet, *[_column(cols, name, m, _STR_OR_NONE) for name in _APPEARANCE[1:]]))
    reported = []
    at = 0
    for c in counts:
        reported.append(tuple(apps[at:at + c]))
        at += c
    reviews = _reviews(_column(cols, "reviews", n, frozenset({list, type(None)})))
    ignores = _ignores(_column(cols, "ignore", n, frozenset({dict, type(None)})))
    if len(cols) != 1 + len(_TEXT) + len(_OPT_TEXT) + 5 + len(_APPEARANCE):
        _bad("claim fields")
    cid, statement, claimant, topic, status = text
    about, _, as_of, supersedes, notes, _ = opt
    return list(map(Claim, cid, statement, claimant, topic, status, about, fig_texts, figures, fig_errors, as_of,
                    reported, reviews, supersedes, map(tuple, tags), notes, repeat(rel, n), index, ignores))


def _position(pos: Any) -> tuple[int, int, int, int]:
    line, col, eline, ecol = pos
    if not (type(line) is int and type(col) is int and type(eline) is int and type(ecol) is int and line > 0 and col > 0):
        _bad("position")
    return (line, col, eline, ecol)


_UNREAD = object()


class CachedFile:
    """A file whose result was read back from the cache: its data is not in
    memory. Positions come from ``memo`` (those an earlier run found in the
    same bytes), else from reading the file again, once, when first asked
    for; so does its data."""

    positions_known = False

    def __init__(self, path: Path, rel: str, key: str | None, diagnostics: list[Diagnostic],
                 memo: dict | None = None, data: Any = _UNREAD) -> None:
        self.path = path
        self.rel = rel
        self.key = key
        self.diagnostics = diagnostics
        self.memo = memo or {}
        self._data = data
        self._read = None

    def __repr__(self) -> str:
        return f"CachedFile({self.rel!r})"

    @property
    def data(self) -> Any:
        if self._data is _UNREAD:
            self._data = self._file().data
            self._read = None
        return self._data

    @property
    def ok(self) -> bool:
        return not any(d.severity == "error" for d in self.diagnostics)

    def locate(self, pointer: tuple, target: str = "value") -> tuple[int, int, int, int]:
        return self.locate_many([(pointer, target)])[0]

    def locate_many(self, requests: list[tuple[tuple, str]]) -> list[tuple[int, int, int, int]]:
        memo = self.memo
        out = [memo.get((p, t)) for p, t in requests]
        rest = [k for k, pos in enumerate(out) if pos is None]
        if rest:
            found = self._file().locate_many([requests[k] for k in rest])
            for k, pos in zip(rest, found):
                out[k] = pos
                memo[requests[k]] = pos
        return out

    def _file(self):
        """The file read again (as the cache's entry was made: the same bytes,
        unless the file changed since this run began); not kept, so a large
        base does not hold every file's data for its positions."""
        return reader()(self.path, self.rel)
