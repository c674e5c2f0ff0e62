"""The shape of a topic report in ``conflicts --format json`` (and the HTML report)."""

from __future__ import annotations

import math

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
