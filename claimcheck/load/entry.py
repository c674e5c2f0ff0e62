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
from pathlib import Path
from typing import Any

from ..diagnostics import CODES, Diagnostic
from ..figures import Figure
from ..model import Appearance, Claim, Topic
from ..rules.records import Problem
from .fast import reader

#: The figure kinds a decoded figure may have (:class:`claimcheck.figures.Figure`).
_KINDS = frozenset({"number", "percent", "date"})
_TARGETS = frozenset({"value", "key", "record"})
_SEVERITIES = frozenset({"", "error", "warning"})


class BadEntry(ValueError):
    """A value that is not what :func:`encode` writes."""


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
        "claims": [[c.index, c.id, c.statement, c.claimant, c.topic, c.status, c.about, c.figure_text,
                    None if c.figure is None else [c.figure.text, c.figure.low, c.figure.high, c.figure.best, c.figure.kind],
                    c.as_of, [[a.outlet, a.date, a.quote, a.url] for a in c.reported_by], c.supersedes, list(c.tags),
                    c.notes] for c in claims],
    }, separators=(",", ":"))


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


def _number(v: Any) -> float:
    if type(v) is int or type(v) is float:
        return v
    _bad("number")


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
    claims = []
    figures: dict[tuple, Figure] = {}
    last = -1
    for row in value["claims"]:
        index, cid, statement, claimant, topic, status, about, fig_text, fig, as_of, reported, supersedes, tags, notes = row
        if not (type(index) is int and index > last and type(cid) is str and type(statement) is str
                and type(claimant) is str and type(topic) is str and type(status) is str
                and type(reported) is list and type(tags) is list):
            _bad("claim")
        last = index
        figure = None
        if fig is not None:
            if type(fig) is not list:
                _bad("figure")
            key = tuple(fig)
            figure = figures.get(key)
            if figure is None:
                text, low, high, best, kind = fig
                if type(text) is not str or kind not in _KINDS or text != fig_text:
                    _bad("figure")
                figure = figures[key] = Figure(text, _number(low), None if high is None else _number(high),
                                               None if best is None else _number(best), kind)
        elif fig_text is not None:
            _bad("figure text")
        apps = []
        for a in reported:
            outlet, date, quote, url = a
            if type(outlet) is not str:
                _bad("outlet")
            apps.append(Appearance(outlet, _opt_str(date), _opt_str(quote), _opt_str(url)))
        for t in tags:
            if type(t) is not str:
                _bad("tag")
        claims.append(Claim(cid, statement, claimant, topic, status, _opt_str(about), fig_text, figure,
                            _opt_str(as_of), tuple(apps), _opt_str(supersedes), tuple(tags), _opt_str(notes),
                            rel, index))
    if len(value) != 5:
        _bad("fields")
    return Decoded(parsed, diagnostics, problems, positions if problems else None, topics, claims)


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
