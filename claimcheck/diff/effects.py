"""What a change does beyond its own records: computed evidence, conflicts,
topics and bias figures, each computed on both sides with the functions the
commands use (:mod:`claimcheck.xref`, :mod:`claimcheck.bias`).

Evidence and conflicts are decided topic by topic, from the topic's claims,
their claimants' sources (families, stances) and the stance vocabulary. So
only the topics a change can reach are computed again: those of the claims
added, removed or changed (before and after), of the claims they supersede,
and of topics declared differently; every topic when a source or a stance
changed. A claimant's inflation factor rests on all of its comparisons, so
bias is computed over the whole of both sides, and only when a claim, a
source or a stance changed.
"""

from __future__ import annotations

from typing import Iterable

from ..bias import analyse
from ..model import Base
from ..xref import compute_evidence, topic_report, topic_reports
from .result import BiasMove, ConflictChange, EvidenceChange, RecordChange, RecordEntry

#: Conflicting pairs listed for each new or resolved conflict.
PAIRS_LISTED = 3


def topics_reached(old: Base, new: Base, records: Iterable[RecordEntry | RecordChange]) -> set[str]:
    """Topics whose evidence and conflicts the changed claim records can change."""
    out: set[str] = set()
    for r in records:
        for base in (old, new):
            c = base.claims.get(r.id)
            if c is None:
                continue
            out.add(c.topic)
            if c.supersedes:
                target = base.claims.get(c.supersedes)
                if target is not None:
                    out.add(target.topic)
        if isinstance(r, RecordChange):
            f = r.field("supersedes")
            for target_id in ((f.old, f.new) if f is not None else ()):
                for base in (old, new):
                    target = base.claims.get(target_id) if isinstance(target_id, str) else None
                    if target is not None:
                        out.add(target.topic)
    return out


def _declared(base: Base, topic: str) -> tuple | None:
    t = base.topics.get(topic)
    return None if t is None else (t.title, t.unit, t.cumulative, t.notes)


def topics(old: Base, new: Base) -> tuple[list[str], list[str], set[str]]:
    """(added, removed, declared differently) topics: a topic is one a file
    declares or a claim names."""
    before = set(old.topics) | set(old.by_topic)
    after = set(new.topics) | set(new.by_topic)
    redeclared = {t for t in before & after if _declared(old, t) != _declared(new, t)}
    return sorted(after - before), sorted(before - after), redeclared


def evidence(old: Base, new: Base, reached: set[str] | None) -> list[EvidenceChange]:
    """Claims on both sides whose computed evidence status changed, within
    the topics ``reached`` (None: every topic)."""
    wanted = None if reached is None else sorted(reached)
    before = compute_evidence(old, ids=False, topics=wanted)
    after = compute_evidence(new, ids=False, topics=wanted)
    out = []
    for cid, b in after.items():
        a = before.get(cid)
        if a is None or a.status == b.status:
            continue
        out.append(EvidenceChange(cid, new.claims[cid].topic, a.status, b.status,
                                  (a.n_agree, a.n_conflict), (b.n_agree, b.n_conflict)))
    out.sort(key=lambda e: (e.topic, e.id))
    return out


def _conflicts(base: Base, reached: set[str] | None) -> dict:
    """Topic -> its report, for the topics in conflict (among ``reached``)."""
    if reached is None:
        return {r.topic: r for r in topic_reports(base)}
    out = {}
    for t in sorted(reached):
        if t in base.by_topic:
            rep = topic_report(base, t)
            if rep is not None and rep.conflict:
                out[t] = rep
    return out


def conflicts(old: Base, new: Base, reached: set[str] | None) -> tuple[list[ConflictChange], list[ConflictChange]]:
    """(new, resolved): topics that conflict now and did not before, and the reverse."""
    before = _conflicts(old, reached)
    after = _conflicts(new, reached)

    def change(rep) -> ConflictChange:
        pairs = [p for p in rep.pairs if p.relation == "conflict"][:PAIRS_LISTED]
        return ConflictChange(rep.topic, rep.title, rep.severity, rep.conflicting_pairs, pairs)

    new_ = [change(after[t]) for t in sorted(after) if t not in before]
    resolved = [change(before[t]) for t in sorted(before) if t not in after]
    return new_, resolved


def bias(old: Base, new: Base, threshold: float) -> list[BiasMove]:
    """Claimants whose inflation factor moved by more than ``threshold``
    (relative: the larger value over the smaller, minus one), or that gained
    or lost one (enough comparisons, or too few)."""
    before = analyse(old, with_evidence=False).claimants
    after = analyse(new, with_evidence=False).claimants
    out = []
    for sid in sorted(set(before) | set(after)):
        a, b = before.get(sid), after.get(sid)
        x = a.inflation if a is not None else None
        y = b.inflation if b is not None else None
        if x is None and y is None:
            continue
        if x is not None and y is not None and max(x, y) / min(x, y) - 1 <= threshold:
            continue
        out.append(BiasMove(sid, x, y, a.comparisons if a else 0, b.comparisons if b else 0))
    return out
