"""Declared status against computed evidence: the disagreements the CC505
check reports (:mod:`claimcheck.rules.evidence`) and ``show`` explains."""

from __future__ import annotations

from ..figures import widened_high
from ..model import Base, Claim
from .evidence import (
    EVIDENCE_WANTED, NOT_EVIDENCE, SMALL_GROUP, Evidence, _consistent, _consistent_counts, _Context, _Item, _Sorted,
    compute_evidence, evidence_status,
)

def status_disagreement(claim: Claim, ev: Evidence | None) -> str | None:
    """Why the declared status disagrees with the computed evidence, or None."""
    if ev is None or ev.status is None:
        return None
    if claim.status == "corroborated" and ev.status in ("single-source", "contested"):
        why = "no independent claim on its topic gives a figure that agrees"
        if ev.status == "contested":
            why += f"; {ev.n_conflict} independent claim(s) give a conflicting figure"
        return f"declared corroborated, but {why} (computed evidence: {ev.status})"
    if claim.status == "corroborated" and ev.status == "mixed":
        return (f"declared corroborated, but {ev.n_conflict} independent claim(s) on its topic give a conflicting "
                f"figure beside the {ev.n_agree} that agree (computed evidence: mixed)")
    if claim.status == "contested" and ev.status == "corroborated":
        return (f"declared contested, but {ev.n_agree} independent claim(s) on its topic give a figure that agrees "
                "and none a conflicting one (computed evidence: corroborated)")
    return None


def disagreements(base: Base) -> list[tuple[Claim, str]]:
    """Each claim whose declared status disagrees with its computed evidence,
    with why, topic by topic. Unless the command that opened the base wants
    every claim's evidence anyway (``base.memo[EVIDENCE_WANTED]``), only
    topics holding a declared corroborated/contested claim with a figure are
    cross-referenced, and only the exact counts of those declared claims are
    computed (no id lists, no stance counts: :func:`_status_counts`), so
    validate stays fast."""
    ctx = _Context(base)
    declared: dict[str, list[Claim]] = {}
    superseded = ctx.superseded
    for c in base.claims.values():
        # ctx.compared(c), inlined: a declared status is never refuted or retracted
        if (c.status == "corroborated" or c.status == "contested") and c.figure is not None \
                and c.id not in superseded:
            got = declared.get(c.topic)
            if got is None:
                declared[c.topic] = [c]
            else:
                got.append(c)
    if not declared:
        return []
    want = base.memo.get(EVIDENCE_WANTED)
    full = compute_evidence(base, ids=want == "ids") if want is not None else None
    out: list[tuple[Claim, str]] = []
    for t in sorted(declared):
        if full is not None:
            counts = {c.id: (full[c.id].n_agree, full[c.id].n_conflict) for c in declared[t]}
        else:
            counts = _status_counts(ctx, t, declared[t])
        for c in declared[t]:
            agree, conflict = counts[c.id]
            status = evidence_status(agree, conflict)
            if (status == "corroborated") == (c.status == "corroborated"):
                continue  # corroborated as declared, or contested and not corroborated: no disagreement
            why = status_disagreement(c, Evidence(status, n_agree=agree, n_conflict=conflict))
            if why:
                out.append((c, why))
    return out


def _status_counts(ctx: _Context, topic: str, wanted: list[Claim]) -> dict[str, tuple[int, int]]:
    """(independent agreeing, independent conflicting) of each wanted claim,
    exactly as :meth:`_Group.counts` gives them, by bisection on the sorted
    bounds of the claim's kind group minus those of its own family (on a
    small topic, by comparing each wanted claim with the others)."""
    base = ctx.base
    t = base.topics.get(topic)
    cumulative = bool(t and t.cumulative)
    members = base.by_topic.get(topic, ())
    if len(members) <= SMALL_GROUP:
        return _small_counts(ctx, members, wanted, cumulative)
    kinds = {c.figure.kind for c in wanted}
    by_kind: dict[str, list[_Item]] = {}
    for c in base.by_topic.get(topic, ()):
        if c.figure is not None and c.figure.kind in kinds and not ctx.set_aside(c):
            by_kind.setdefault(c.figure.kind, []).append(ctx.item(c, cumulative))
    out: dict[str, tuple[int, int]] = {}
    for items in by_kind.values():
        everyone = _Sorted(items)
        fam: dict[str, list[_Item]] = {}
        for i in items:
            fam.setdefault(i.fam, []).append(i)
        fam_sorted: dict[str, _Sorted] = {}
        consistent_all: dict[str, int] = {}
        consistent_fam: dict[str, int] = {}
        if cumulative:
            for i, n in zip(items, _consistent_counts(items)):
                consistent_all[i.id] = n
        ids = {c.id for c in wanted}
        for x in items:
            if x.id not in ids:
                continue
            members = fam[x.fam]
            fs = fam_sorted.get(x.fam)
            if fs is None:
                fs = fam_sorted[x.fam] = _Sorted(members)
                if cumulative and len(members) > 1:
                    for i, n in zip(members, _consistent_counts(members)):
                        consistent_fam[i.id] = n
            agree = everyone.overlapping(x) - fs.overlapping(x)
            conflict = len(items) - len(members) - agree
            if cumulative:
                conflict -= consistent_all.get(x.id, 0) - consistent_fam.get(x.id, 0)
            out[x.id] = (agree, conflict)
    return out


def _small_counts(ctx: _Context, members, wanted: list[Claim], cumulative: bool) -> dict[str, tuple[int, int]]:
    """:func:`_status_counts` of a small topic, pair by pair, as
    :meth:`_Group._direct` counts them."""
    fam, superseded = ctx.fam, ctx.superseded
    rows = []
    for c in members:
        f = c.figure
        if f is None or c.id in superseded or c.status in NOT_EVIDENCE:  # ctx.set_aside, inlined
            continue
        cl = c.claimant
        rows.append((c, f.kind, f.low, widened_high(f), fam.get(cl) or cl))
    items = {c.id: ctx.item(c, True) for c, *_ in rows} if cumulative else None
    out: dict[str, tuple[int, int]] = {}
    for c in wanted:
        f = c.figure
        kind, lo, hi = f.kind, f.low, widened_high(f)
        cl = c.claimant
        fm = fam.get(cl) or cl
        agree = conflict = 0
        for o, okind, olo, ohi, ofm in rows:
            if okind != kind or ofm == fm:
                continue
            if lo <= ohi and olo <= hi:
                agree += 1
            elif not (cumulative and _consistent(items[c.id], items[o.id])):
                conflict += 1
        out[c.id] = (agree, conflict)
    return out
