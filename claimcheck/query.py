"""Selecting, sorting and describing claims: the pure half of ``claimcheck claims``.

:func:`claim_record` is the one claim -> JSON-ready dict function, used by
``claims --format json``/``csv`` and by the exports, so every machine output
names a claim's fields the same way. No typer, no rich.

Filters (all given ones must hold):

* ``topic``: a glob (``fnmatch``, case-sensitive) on the topic id;
* ``claimant`` / ``outlet``: a source id; matches that source and every source
  that is ``part_of`` it (``--claimant isis`` includes Amaq's claims);
* ``stance``: the claimant's stance; ``outlet_stance``: some outlet's stance;
* ``status``: the declared status; ``evidence``: the computed evidence
  (``single-source``, ``corroborated``, ``contested``, ``mixed``, or ``none``);
* ``since`` / ``until`` (YYYY[-MM[-DD]]): on ``as_of``, else the earliest report
  date; a claim dated ``2018-05`` is within ``--since 2018-05-20``, since its
  month reaches that day. Claims without any date are left out when either is given;
* ``search``: case-insensitive text in the statement, the figure as written,
  the quotes or the notes;
* ``tag``: one of the claim's tags.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fnmatch import fnmatchcase
from operator import attrgetter

from .model import Base, Claim

SORT_KEYS = ("topic", "id", "claimant", "date", "status", "evidence", "low", "high", "best", "file")

#: CSV columns: the scalar fields of :func:`claim_record`, lists joined with "; ".
CSV_FIELDS = (
    "id", "statement", "claimant", "claimant_stance", "topic", "status", "evidence", "cross_stance",
    "kind", "figure", "low", "high", "best", "as_of", "date", "about", "outlets", "supersedes",
    "superseded_by", "evidence_agree", "evidence_conflict", "tags", "notes", "path",
)


@dataclass
class ClaimFilter:
    topic: str | None = None
    claimant: str | None = None
    outlet: str | None = None
    stance: str | None = None
    outlet_stance: str | None = None
    status: str | None = None
    evidence: str | None = None
    since: str | None = None
    until: str | None = None
    search: str | None = None
    tag: str | None = None

    @property
    def needs_evidence(self) -> bool:
        return self.evidence is not None


_NO_FILTER = ClaimFilter()  # every claim passes: select() returns them at once


def _range(text: str | None) -> tuple[int, int] | None:
    from .xref import date_range

    return date_range(text)


def select(base: Base, flt: ClaimFilter, evidence: dict | None = None) -> list[Claim]:
    """The claims that pass every given filter, in base order. ``evidence``
    (from :func:`claimcheck.xref.compute_evidence`) is computed when the
    evidence filter needs it and none is given."""
    if flt == _NO_FILTER:
        return list(base.claims.values())
    if flt.evidence is not None and evidence is None:
        from .xref import compute_evidence

        evidence = compute_evidence(base)
    since = _range(flt.since) if flt.since else None
    until = _range(flt.until) if flt.until else None
    needle = flt.search.casefold() if flt.search else None
    out: list[Claim] = []
    for c in base.claims.values():
        if flt.topic is not None and not fnmatchcase(c.topic, flt.topic):
            continue
        if flt.claimant is not None and flt.claimant not in base.chain(c.claimant):
            continue
        if flt.outlet is not None and not any(flt.outlet in base.chain(o) for o in c.outlets):
            continue
        if flt.stance is not None and base.stance_of(c.claimant) != flt.stance:
            continue
        if flt.outlet_stance is not None and not any(base.stance_of(o) == flt.outlet_stance for o in c.outlets):
            continue
        if flt.status is not None and c.status != flt.status:
            continue
        if flt.evidence is not None:
            ev = evidence.get(c.id)
            st = ev.status if ev is not None else None
            if (st or "none") != flt.evidence:
                continue
        if flt.since or flt.until:
            d = _range(c.date)
            if d is None:
                continue
            if since is not None and d[1] < since[0]:
                continue
            if until is not None and d[0] > until[1]:
                continue
        if flt.tag is not None and flt.tag not in c.tags:
            continue
        if needle is not None and not _matches(c, needle):
            continue
        out.append(c)
    return out


def _matches(c: Claim, needle: str) -> bool:
    texts = [c.statement, c.figure_text or "", c.notes or ""]
    texts.extend(a.quote or "" for a in c.reported_by)
    return any(needle in t.casefold() for t in texts)


def sort_claims(claims: list[Claim], key: str = "topic", *, evidence: dict | None = None, reverse: bool = False) -> list[Claim]:
    """Sorted by ``key`` (one of :data:`SORT_KEYS`); ties by topic then id.
    Claims missing the key (no figure, no date, no evidence) go last either way."""
    if key not in SORT_KEYS:
        raise ValueError(f"unknown sort key {key!r}; choose one of {', '.join(SORT_KEYS)}")

    def value(c: Claim):
        if key == "topic":
            return c.topic
        if key == "id":
            return c.id
        if key == "claimant":
            return c.claimant
        if key == "date":
            r = _range(c.date)
            return r[0] if r else None
        if key == "status":
            return c.status
        if key == "evidence":
            ev = (evidence or {}).get(c.id)
            return ev.status if ev is not None else None
        if key == "file":
            return (c.rel, c.index)
        f = c.figure
        if f is None:
            return None
        if key == "low":
            return f.low
        if key == "high":
            return math.inf if f.high is None else f.high
        return f.best

    if key in ("topic", "id", "claimant", "status"):  # never missing: one sort
        get = attrgetter(key)
        return sorted(claims, key=lambda c: (get(c), c.topic, c.id), reverse=reverse)
    keyed = [(value(c), c) for c in claims]
    present = [(v, c) for v, c in keyed if v is not None]
    missing = [c for v, c in keyed if v is None]
    present.sort(key=lambda vc: (vc[0], vc[1].topic, vc[1].id), reverse=reverse)
    missing.sort(key=lambda c: (c.topic, c.id))
    return [c for _, c in present] + missing


_EXACT = float(2**53)


def number(x: float | None, kind: str | None = "number"):
    """A bound as JSON: an int where whole, a float otherwise, an ISO date for
    date figures, None for None or an open bound."""
    if x is None:
        return None
    if kind == "date":
        if math.isinf(x):
            return None
        from .xref import iso

        return iso(x)
    if x.__class__ is float and -_EXACT < x < _EXACT:  # the common case, first
        return int(x) if x.is_integer() else round(x, 6)
    if isinstance(x, float) and math.isinf(x):
        return None
    if float(x).is_integer() and abs(x) < 2**53:  # exact as an int; beyond, floats are not whole numbers
        return int(x)
    return round(float(x), 6)


def claim_record(base: Base, claim: Claim, evidence: dict | None) -> dict:
    """One claim as a JSON-ready dict. ``low``/``high``/``best`` are None where
    unknown or open (dates as ISO strings); ``evidence`` is None for claims
    without a figure or superseded."""
    ev = evidence.get(claim.id) if evidence else None
    f = claim.figure
    if f is not None:
        kind = f.kind
        low, high, best = number(f.low, kind), number(f.high, kind), number(f.best, kind)
    else:
        kind = low = high = best = None
    src = base.sources.get(claim.claimant)
    rb = claim.reported_by
    if ev is not None:
        counted = ev.status is not None
        ev_fields = (ev.status, list(ev.agree), list(ev.conflict), ev.n_agree if counted else 0,
                     ev.n_conflict if counted else 0, bool(ev.cross_stance))
    else:
        ev_fields = (None, [], [], 0, 0, False)
    return {
        "id": claim.id,
        "statement": claim.statement,
        "claimant": claim.claimant,
        "claimant_name": src.name if src else None,
        "claimant_stance": src.stance if src else None,
        "claimant_reliability": src.reliability if src else None,
        "topic": claim.topic,
        "status": claim.status,
        "evidence": ev_fields[0],
        "evidence_agree": ev_fields[1],
        "evidence_conflict": ev_fields[2],
        "agreeing": ev_fields[3],
        "conflicting": ev_fields[4],
        "cross_stance": ev_fields[5],
        "kind": kind,
        "figure": claim.figure_text,
        "low": low,
        "high": high,
        "best": best,
        "as_of": claim.as_of,
        "date": claim.date,
        "about": claim.about,
        "outlets": [a.outlet for a in rb],
        "reported_by": [{"outlet": a.outlet, "date": a.date, "quote": a.quote, "url": a.url} for a in rb],
        "supersedes": claim.supersedes,
        "superseded_by": list(base.superseded_by.get(claim.id, ())),
        "tags": list(claim.tags),
        "notes": claim.notes,
        "path": claim.rel,
    }


class ClaimJSON:
    """``claim -> str``: the JSON text of :func:`claim_record` (as
    ``json.dumps(record, ensure_ascii=False)`` writes it, byte for byte)
    without building the dict, for ``claims --format json`` on large bases:
    the keys are written once in a template, and what many claims share (a
    claimant's name, stance and grade; a figure's bounds) is encoded once.
    tests/test_query.py holds it to ``json.dumps(claim_record(...))``."""

    def __init__(self, base: Base, evidence: dict | None):
        import json
        from json.encoder import encode_basestring

        self.base = base
        self.evidence = evidence or {}
        self._s = encode_basestring  # text, in the loop
        self._json = json.JSONEncoder(ensure_ascii=False).encode  # any scalar, for what is encoded once
        self._sources: dict[str, str] = {}
        self._figures: dict[int, tuple] = {}

    def _source(self, sid: str) -> str:
        got = self._sources.get(sid)
        if got is None:
            src = self.base.sources.get(sid)
            if src is None:
                got = f'"claimant": {self._s(sid)}, "claimant_name": null, "claimant_stance": null, "claimant_reliability": null'
            else:
                got = (f'"claimant": {self._s(sid)}, "claimant_name": {self._s(src.name)}, '
                       f'"claimant_stance": {self._s(src.stance)}, "claimant_reliability": {self._json(src.reliability)}')
            self._sources[sid] = got
        return got

    def _bounds(self, f) -> str:
        got = self._figures.get(id(f))
        if got is None or got[0] is not f:  # keyed by id: the figure is kept alive in the entry
            k, num = f.kind, self._json
            got = self._figures[id(f)] = (
                f, f', "low": {num(number(f.low, k))}, "high": {num(number(f.high, k))}, "best": {num(number(f.best, k))}, ')
        return got[1]

    def __call__(self, claim: Claim) -> str:
        # Inlined (no helper calls per field): this runs once per claim of the answer.
        s = self._s
        ev = self.evidence.get(claim.id)
        if ev is not None:
            counted = ev.status is not None
            st, ag, cf = ev.status, ev.agree, ev.conflict
            evidence = (f'"evidence": {"null" if st is None else s(st)}, '
                        f'"evidence_agree": {"[" + ", ".join(map(s, ag)) + "]" if ag else "[]"}, '
                        f'"evidence_conflict": {"[" + ", ".join(map(s, cf)) + "]" if cf else "[]"}, '
                        f'"agreeing": {ev.n_agree if counted else 0}, "conflicting": {ev.n_conflict if counted else 0}, '
                        f'"cross_stance": {"true" if ev.cross_stance else "false"}, ')
        else:
            evidence = ('"evidence": null, "evidence_agree": [], "evidence_conflict": [], "agreeing": 0, '
                        '"conflicting": 0, "cross_stance": false, ')
        f = claim.figure
        ft = claim.figure_text
        if f is None:
            figure = f'"kind": null, "figure": {"null" if ft is None else s(ft)}, "low": null, "high": null, "best": null, '
        else:
            figure = f'"kind": {s(f.kind)}, "figure": {"null" if ft is None else s(ft)}{self._bounds(f)}'
        rb = claim.reported_by
        if rb:
            outlets = "[" + ", ".join([s(a.outlet) for a in rb]) + "]"
            reported = "[" + ", ".join([
                f'{{"outlet": {s(a.outlet)}, "date": {"null" if a.date is None else s(a.date)}, '
                f'"quote": {"null" if a.quote is None else s(a.quote)}, "url": {"null" if a.url is None else s(a.url)}}}'
                for a in rb]) + "]"
        else:
            outlets = reported = "[]"
        sup = self.base.superseded_by.get(claim.id)
        tags = claim.tags
        as_of, date, about, supersedes, notes = claim.as_of, claim.date, claim.about, claim.supersedes, claim.notes
        return (f'{{"id": {s(claim.id)}, "statement": {s(claim.statement)}, {self._source(claim.claimant)}, '
                f'"topic": {s(claim.topic)}, "status": {s(claim.status)}, {evidence}{figure}'
                f'"as_of": {"null" if as_of is None else s(as_of)}, "date": {"null" if date is None else s(date)}, '
                f'"about": {"null" if about is None else s(about)}, "outlets": {outlets}, "reported_by": {reported}, '
                f'"supersedes": {"null" if supersedes is None else s(supersedes)}, '
                f'"superseded_by": {"[" + ", ".join(map(s, sup)) + "]" if sup else "[]"}, '
                f'"tags": {"[" + ", ".join(map(s, tags)) + "]" if tags else "[]"}, '
                f'"notes": {"null" if notes is None else s(notes)}, "path": {s(claim.rel)}}}')


def csv_row(record: dict) -> list[str]:
    """The :data:`CSV_FIELDS` of a :func:`claim_record`, as (formula-guarded) text cells."""
    from .interop.tables import csv_value

    return [csv_value(record.get(k)) for k in CSV_FIELDS]


def topic_record(base: Base, rep, evidence: dict | None = None) -> dict:
    """One :class:`claimcheck.xref.TopicReport` as a JSON-ready dict (``conflicts --format json``)."""
    kind = rep.kind

    def fig(c: Claim) -> dict:
        f = c.figure
        k = f.kind if f else None
        src = base.sources.get(c.claimant)
        ev = (evidence or {}).get(c.id)
        return {
            "id": c.id,
            "claimant": c.claimant,
            "stance": src.stance if src else None,
            "reliability": src.reliability if src else None,
            "figure": c.figure_text,
            "low": number(f.low, k) if f else None,
            "high": number(f.high, k) if f else None,
            "best": number(f.best, k) if f else None,
            "as_of": c.as_of,
            "date": c.date,
            "outlets": list(c.outlets),
            "evidence": ev.status if ev is not None else None,
        }

    best = rep.best
    return {
        "topic": rep.topic,
        "title": rep.title,
        "unit": rep.unit,
        "cumulative": rep.cumulative,
        "kind": kind,
        "conflict": rep.conflict,
        "severity": _ratio(rep.severity) if rep.conflict else None,
        "low": number(rep.low, kind),
        "high": number(rep.high, kind),
        "best": number(best.value, kind) if best else None,
        "best_rule": best.rule if best else None,
        "best_claims": list(best.claims) if best else [],
        "best_pool": best.pool if best else None,
        "claims": [fig(c) for c in rep.claims],
        "revisions": [dict(fig(c), superseded_by=list(base.superseded_by.get(c.id, ()))) for c in rep.revisions],
        "uncompared": [c.id for c in rep.others],
        "pairs": [
            {"a": p.a, "b": p.b, "relation": p.relation, "ratio": _ratio(p.ratio), "gap_days": p.gap_days,
             "stances": p.stances}
            for p in rep.pairs
        ],
        "conflicting_pairs": rep.conflicting_pairs,
        "agreeing_pairs": rep.agreeing_pairs,
    }


def _ratio(x: float | None):
    if x is None:
        return None
    if math.isinf(x):
        return None
    return round(x, 4)
