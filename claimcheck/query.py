"""Selecting and sorting claims: the filters of ``claimcheck claims`` (and of
``export`` and ``report``). A claim's machine shape is in
:mod:`claimcheck.records.claims`.

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
  the quotes, the notes, or a review's rating, title or summary;
* ``tag``: one of the claim's tags;
* ``reviewer``: a source id; claims reviewed by that source (or one ``part_of`` it).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fnmatch import fnmatchcase
from operator import attrgetter

from .model import Base, Claim
from .xref import compute_evidence, date_range

SORT_KEYS = ("topic", "id", "claimant", "date", "status", "evidence", "low", "high", "best", "file")

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
    reviewer: str | None = None

    @property
    def needs_evidence(self) -> bool:
        return self.evidence is not None


_NO_FILTER = ClaimFilter()  # every claim passes: select() returns them at once


def select(base: Base, flt: ClaimFilter, evidence: dict | None = None) -> list[Claim]:
    """The claims that pass every given filter, in base order. ``evidence``
    (from :func:`claimcheck.xref.compute_evidence`) is computed when the
    evidence filter needs it and none is given."""
    if flt == _NO_FILTER:
        return list(base.claims.values())
    if flt.evidence is not None and evidence is None:
        evidence = compute_evidence(base)
    since = date_range(flt.since) if flt.since else None
    until = date_range(flt.until) if flt.until else None
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
            d = date_range(c.date)
            if d is None:
                continue
            if since is not None and d[1] < since[0]:
                continue
            if until is not None and d[0] > until[1]:
                continue
        if flt.tag is not None and flt.tag not in c.tags:
            continue
        if flt.reviewer is not None and not any(flt.reviewer in base.chain(r) for r in c.reviewers):
            continue
        if needle is not None and not _matches(c, needle):
            continue
        out.append(c)
    return out


def _matches(c: Claim, needle: str) -> bool:
    texts = [c.statement, c.figure_text or "", c.notes or ""]
    texts.extend(a.quote or "" for a in c.reported_by)
    for r in c.reviews:
        texts.extend((r.rating.name or "", r.title or "", r.summary or ""))
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
            r = date_range(c.date)
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
