"""The shape of a topic report in ``conflicts --format json`` (and the HTML
report). :func:`topic_record` is the one report -> dict function;
:class:`TopicJSON` writes the same JSON text without building the dicts,
for large answers (tests hold the two together byte for byte)."""

from __future__ import annotations

import json
import math
from json.encoder import encode_basestring

from ..model import Base, Claim
from .claims import number, review_record

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
        "best_passed_over": [{"id": cid, "value": number(x, kind), "reliability": g}
                             for cid, x, g in best.passed_over] if best else [],
        "claims": [fig(c) for c in rep.claims],
        "revisions": [dict(fig(c), superseded_by=list(base.superseded_by.get(c.id, ()))) for c in rep.revisions],
        "not_evidence": [dict(fig(c), status=c.status) for c in rep.not_evidence],
        "uncompared": [c.id for c in rep.others],
        "figure_not_understood": [{"id": c.id, "figure": c.figure_text, "error": c.figure_error} for c in rep.unread],
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


class TopicJSON:
    """``report -> str``: the JSON text of :func:`topic_record` (as
    ``json.dumps(record, ensure_ascii=False)`` writes it, byte for byte)
    without building its dicts: ``conflicts --format json`` on a large base
    writes hundreds of thousands of claims and pairs. What many reports share
    (a claimant's stance and grade, a claim id) is encoded once."""

    def __init__(self, base: Base, evidence: dict | None):
        self.base = base
        self.evidence = evidence or {}
        self._s = encode_basestring
        self._json = json.JSONEncoder(ensure_ascii=False).encode
        self._ids: dict[str, str] = {}
        self._sources: dict[str, str] = {}
        self._bounds: dict[int, tuple] = {}  # figures repeat (one object per phrase): their bounds, encoded once

    def _source(self, sid: str) -> str:
        got = self._sources.get(sid)
        if got is None:
            src = self.base.sources.get(sid)
            j = self._json
            got = self._sources[sid] = (f'"claimant": {self._s(sid)}, "stance": {j(src.stance if src else None)}, '
                                        f'"reliability": {j(src.reliability if src else None)}, ')
        return got

    def _fig(self, c: Claim) -> str:
        """One claim as :func:`topic_record`'s ``fig`` writes it."""
        s = self._s
        f = c.figure
        if f is not None:
            got = self._bounds.get(id(f))
            if got is None or got[0] is not f:  # keyed by id: the figure is kept alive in the entry
                k = f.kind
                got = self._bounds[id(f)] = (f, f'"low": {_scalar(number(f.low, k))}, "high": {_scalar(number(f.high, k))}, '
                                                f'"best": {_scalar(number(f.best, k))}, ')
            bounds = got[1]
        else:
            bounds = '"low": null, "high": null, "best": null, '
        src = self._sources.get(c.claimant) or self._source(c.claimant)
        ft, as_of, date = c.figure_text, c.as_of, c.date
        ev = self.evidence.get(c.id)
        st = ev.status if ev is not None else None
        cid = self._ids.get(c.id)
        if cid is None:
            cid = self._ids[c.id] = s(c.id)
        return (f'{{"id": {cid}, {src}"figure": {"null" if ft is None else s(ft)}, {bounds}'
                f'"as_of": {"null" if as_of is None else s(as_of)}, "date": {"null" if date is None else s(date)}, '
                f'"outlets": [{", ".join([s(a.outlet) for a in c.reported_by])}], '
                f'"evidence": {"null" if st is None else s(st)}}}')

    def __call__(self, rep) -> str:
        j = self._json
        s = self._s
        kind = rep.kind
        best = rep.best
        base = self.base
        known = self._ids

        def ids(x: str) -> str:
            got = known.get(x)
            if got is None:
                got = known[x] = s(x)
            return got

        if best is not None:
            best_part = (f'"best": {_scalar(number(best.value, kind))}, "best_rule": {s(best.rule)}, '
                         f'"best_claims": [{", ".join([ids(x) for x in best.claims])}], "best_pool": {j(best.pool)}, '
                         f'"best_passed_over": [{", ".join([_passed(ids(cid), _scalar(number(x, kind)), j(g)) for cid, x, g in best.passed_over])}], ')
        else:
            best_part = '"best": null, "best_rule": null, "best_claims": [], "best_pool": null, "best_passed_over": [], '
        claims = ", ".join([self._fig(c) for c in rep.claims])
        revisions = ", ".join([
            self._fig(c)[:-1] + f', "superseded_by": [{", ".join([ids(x) for x in base.superseded_by.get(c.id, ())])}]}}'
            for c in rep.revisions])
        not_evidence = ", ".join([self._fig(c)[:-1] + f', "status": {s(c.status)}}}' for c in rep.not_evidence])
        unread = ", ".join([f'{{"id": {ids(c.id)}, "figure": {j(c.figure_text)}, "error": {j(c.figure_error)}}}'
                            for c in rep.unread])
        pairs = []
        add = pairs.append
        get = known.get
        for p in rep.pairs:
            a = get(p.a) or ids(p.a)
            b = get(p.b) or ids(p.b)
            r = p.ratio
            ratio = "null" if r is None else _scalar(_ratio(r))
            g = p.gap_days
            add(f'{{"a": {a}, "b": {b}, "relation": "{p.relation}", "ratio": {ratio}, '
                f'"gap_days": {"null" if g is None else int.__repr__(g)}, "stances": "{p.stances}"}}')
        return (f'{{"topic": {s(rep.topic)}, "title": {j(rep.title)}, "unit": {j(rep.unit)}, '
                f'"cumulative": {j(rep.cumulative)}, "kind": {j(kind)}, "conflict": {j(rep.conflict)}, '
                f'"severity": {j(_ratio(rep.severity) if rep.conflict else None)}, '
                f'"low": {_scalar(number(rep.low, kind))}, "high": {_scalar(number(rep.high, kind))}, {best_part}'
                f'"claims": [{claims}], "revisions": [{revisions}], "not_evidence": [{not_evidence}], '
                f'"uncompared": [{", ".join([ids(c.id) for c in rep.others])}], '
                f'"figure_not_understood": [{unread}], "pairs": [{", ".join(pairs)}], '
                f'"conflicting_pairs": {j(rep.conflicting_pairs)}, "agreeing_pairs": {j(rep.agreeing_pairs)}}}')


_INF = math.inf
_DUMP = json.JSONEncoder(ensure_ascii=False).encode


def _scalar(v) -> str:
    """What :func:`number` gives, as json writes it."""
    t = v.__class__
    if v is None:
        return "null"
    if t is int:
        return int.__repr__(v)
    if t is float and v == v and v != _INF and v != -_INF:
        return float.__repr__(v)
    return _DUMP(v)


def _passed(cid: str, value: str, grade: str) -> str:
    return f'{{"id": {cid}, "value": {value}, "reliability": {grade}}}'


def dispute_record(d) -> dict:
    """One claim whose reviewers contradict each other
    (:class:`claimcheck.xref.verdicts.VerdictDispute`), for ``conflicts --verdicts --format json``."""
    c = d.claim
    return {
        "id": c.id,
        "topic": c.topic,
        "statement": c.statement,
        "claimant": c.claimant,
        "status": c.status,
        "refuted_by": list(dict.fromkeys(r.reviewer for r in d.refuting)),
        "corroborated_by": list(dict.fromkeys(r.reviewer for r in d.corroborating)),
        "reviews": [review_record(r) for r in c.reviews],
    }
