"""One claim among the others on its topic: how each relates to it, its
revisions, and why it has the evidence it has (``claimcheck show``)."""

from __future__ import annotations

from dataclasses import dataclass

from ..figures import MIN_CONFLICT_RATIO, gap_days, gap_ratio
from ..model import Base, Claim
from .evidence import NO_EVIDENCE, NOT_EVIDENCE, Evidence, _Context, _relation
from .status import status_disagreement

# --------------------------------------------------------------------------
# Relations of one claim (show)
# --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Relation:
    """Another claim on the topic, as seen from one claim."""

    claim: Claim
    relation: str  # agree | conflict | consistent | superseded | not-evidence | no-figure | figure-not-understood
    #                | incomparable | not-compared
    independent: bool
    stances: str | None  # cross-stance | same-stance (agree/conflict only)
    ratio: float | None = None
    gap_days: int | None = None


def relations(base: Base, claim_id: str) -> list[Relation]:
    """Every other claim on the claim's topic and how it relates to it. O(topic size)."""
    ctx = _Context(base)
    c = base.claims[claim_id]
    t = base.topics.get(c.topic)
    cumulative = bool(t and t.cumulative)
    x = ctx.item(c) if ctx.compared(c) else None
    out: list[Relation] = []
    for o in base.by_topic.get(c.topic, ()):
        if o.id == c.id:
            continue
        indep = ctx.family(o.claimant) != ctx.family(c.claimant)
        if o.id in ctx.superseded:
            out.append(Relation(o, "superseded", indep, None))
            continue
        if o.status in NOT_EVIDENCE:
            out.append(Relation(o, "not-evidence", indep, None))
            continue
        if x is None:  # this claim is not compared: no figure, superseded, refuted or retracted
            out.append(Relation(o, "not-compared", indep, None))
            continue
        if o.figure is None:
            out.append(Relation(o, "no-figure" if o.figure_error is None else "figure-not-understood", indep, None))
            continue
        if o.figure.kind != c.figure.kind:
            out.append(Relation(o, "incomparable", indep, None))
            continue
        y = ctx.item(o)
        rel = _relation(x, y, cumulative)
        st = "same-stance" if y.stance == x.stance else "cross-stance"
        out.append(Relation(o, rel, indep, st, gap_ratio(c.figure, o.figure), gap_days(c.figure, o.figure)))
    order = {"conflict": 0, "agree": 1, "consistent": 2, "incomparable": 3, "figure-not-understood": 4,
             "no-figure": 5, "not-compared": 6, "not-evidence": 7, "superseded": 8}
    out.sort(key=lambda r: (order[r.relation], not r.independent, r.claim.id))
    return out


def revisions(base: Base, claim_id: str) -> tuple[list[Claim], list[Claim]]:
    """(earlier claims this one revises, oldest first; later claims that revise it, nearest first)."""
    before: list[Claim] = []
    seen = {claim_id}
    cur = base.claims.get(claim_id)
    while cur is not None and cur.supersedes and cur.supersedes not in seen:
        seen.add(cur.supersedes)
        cur = base.claims.get(cur.supersedes)
        if cur is not None:
            before.append(cur)
    before.reverse()
    after: list[Claim] = []
    frontier = [claim_id]
    while frontier:
        nxt = []
        for cid in frontier:
            for s in base.superseded_by.get(cid, ()):
                if s not in seen and s in base.claims:
                    seen.add(s)
                    after.append(base.claims[s])
                    nxt.append(s)
        frontier = nxt
    return before, after


def explain(base: Base, claim: Claim, ev: Evidence | None) -> list[str]:
    """Plain sentences saying why the claim has the evidence it has."""
    if claim.figure is None and claim.figure_error is not None:
        return [f"Figure not understood: {claim.figure_error}. Until it is fixed (claimcheck validate reports it), "
                "the claim is compared with nothing and has no computed evidence."]
    if claim.figure is None:
        return ["No figure: a qualitative claim is not compared, and has no computed evidence."]
    if base.is_superseded(claim.id):
        later = ", ".join(base.superseded_by[claim.id])
        return [f"Superseded by {later}: a revised claim is not compared; its successor is."]
    if claim.status in NOT_EVIDENCE:
        return [f"Declared {claim.status}: a refuted or retracted claim is not evidence for or against the other "
                "claims on its topic; it is not compared and has no computed evidence."]
    ev = ev or NO_EVIDENCE
    lines: list[str] = []
    if ev.status == "single-source":
        lines.append("No claimant independent of this one gives a comparable figure that agrees or conflicts: single source.")
    if ev.n_agree:
        kind = f"{ev.n_cross_agree} of them cross-stance" if ev.n_cross_agree else "all same-stance"
        lines.append(f"{ev.n_agree} independent claim(s) give a figure that agrees: overlapping, or at most "
                     f"{MIN_CONFLICT_RATIO:g}x apart ({kind}).")
    if ev.n_conflict:
        lines.append(f"{ev.n_conflict} independent claim(s) give a conflicting figure: disjoint, and for counts more "
                     f"than {MIN_CONFLICT_RATIO:g}x apart.")
    t = base.topics.get(claim.topic)
    if t and t.cumulative:
        lines.append("The topic is cumulative: a later, larger figure dated after an earlier one is consistent, not a conflict.")
    lines.append("Claims of the same claimant or part_of family repeat it, they do not corroborate it; "
                 "outlets carrying it add no evidence.")
    why = status_disagreement(claim, ev)
    if why:
        lines.append(f"Declared status disagrees (CC505): {why}.")
    return lines


