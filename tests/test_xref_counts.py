"""The sort-and-sweep counts of claimcheck.xref against a brute-force loop over
every pair, on random topics with part_of families, open bounds, revisions and
cumulative dates; and the caps that keep huge topics bounded."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from claimcheck import xref
from claimcheck.xref import conflicts as xref_conflicts, evidence as xref_evidence
from claimcheck.figures import MIN_CONFLICT_RATIO, Figure
from claimcheck.model import Appearance, Base, Claim, Source, Stance, Topic


def random_base(seed: int, n: int = 150, cumulative: bool = False) -> Base:
    rnd = random.Random(seed)
    base = Base(root=Path("."))
    for s in ("a", "b", "n"):
        base.stances[s] = Stance(s, s, neutral=(s == "n"))
    ids = [f"s{i}" for i in range(12)]
    for k, sid in enumerate(ids):
        parent = ids[rnd.randrange(k)] if k and rnd.random() < 0.4 else None
        base.sources[sid] = Source(sid, sid, rnd.choice("abn"), part_of=parent, reliability=rnd.choice("ABCDEF"))
    base.topics["t"] = Topic("t", cumulative=cumulative)
    for i in range(n):
        lo = rnd.choice([rnd.randrange(0, 50), rnd.randrange(0, 1000)])
        hi = None if rnd.random() < 0.1 else lo + rnd.choice([0, 0, 5, 50, 300])
        fig = Figure(str(lo), float(lo), None if hi is None else float(hi), None, "number")
        day = rnd.choice([None, "2018-04", "2018-05", "2018-05-03", "2018-05-20", "2018-06-01", "2018"])
        c = Claim(f"c{i}", "s", rnd.choice(ids), "t", "unverified", figure=fig, figure_text=str(lo), as_of=day,
                  reported_by=(Appearance(rnd.choice(ids)),))
        if i > 5 and rnd.random() < 0.05:
            c.supersedes = f"c{rnd.randrange(i)}"
        base.claims[c.id] = c
    return base


def brute(base: Base, cumulative: bool):
    active = [c for c in base.claims.values() if not base.is_superseded(c.id)]
    out = {}
    for c in active:
        a = cf = cross = 0
        for o in active:
            if o is c or not base.independent(c.claimant, o.claimant):
                continue
            x, y = c.figure, o.figure
            # counts at most MIN_CONFLICT_RATIO apart agree: compare with the highs widened by it
            xh = float("inf") if x.high is None else x.high * MIN_CONFLICT_RATIO
            yh = float("inf") if y.high is None else y.high * MIN_CONFLICT_RATIO
            if x.low <= yh and y.low <= xh:
                a += 1
                cross += base.stance_of(c.claimant) != base.stance_of(o.claimant)
                continue
            if cumulative:
                dc, do = xref.date_range(c.date), xref.date_range(o.date)
                if dc and do and ((do[0] > dc[1] and y.low > xh) or (dc[0] > do[1] and x.low > yh)):
                    continue
            cf += 1
        out[c.id] = (a, cf, cross)
    return out


@pytest.mark.parametrize("seed", range(12))
@pytest.mark.parametrize("cumulative", [False, True])
@pytest.mark.parametrize("n", [15, 150])  # below and above SMALL_GROUP: direct and sweep paths
def test_counts_match_brute_force(seed, cumulative, n):
    base = random_base(seed, n=n, cumulative=cumulative)
    ev = xref.compute_evidence(base)
    want = brute(base, cumulative)
    got = {k: (e.n_agree, e.n_conflict, e.n_cross_agree) for k, e in ev.items() if e.status is not None}
    assert got == want
    for k, e in ev.items():
        if e.status is None:
            assert base.is_superseded(k)
            continue
        assert set(e.agree) <= {o for o in base.claims if o != k}
        assert len(e.agree) == min(e.n_agree, xref.EVIDENCE_IDS_CAP)
        assert len(e.conflict) == min(e.n_conflict, xref.EVIDENCE_IDS_CAP)
    rep = xref.topic_report(base, "t")
    assert rep.agreeing_pairs == sum(v[0] for v in want.values()) // 2
    assert rep.conflicting_pairs == sum(v[1] for v in want.values()) // 2


def test_huge_topic_pairs_are_capped_and_most_severe_first():
    base = random_base(99, n=2000)
    rep = xref.topic_report(base, "t")
    assert len(rep.pairs) == xref.PAIRS_CAP
    conflicts = [p for p in rep.pairs if p.relation == "conflict"]
    assert conflicts and all(a.severity >= b.severity for a, b in zip(conflicts, conflicts[1:]))
    assert rep.conflicting_pairs > len(conflicts)


@pytest.mark.parametrize("seed", range(6))
def test_most_severe_pair_is_the_true_maximum_on_small_topics(seed):
    base = random_base(seed)
    rep = xref.topic_report(base, "t")
    active = [c for c in base.claims.values() if not base.is_superseded(c.id)]
    best = 0.0
    for c in active:
        for o in active:
            if base.independent(c.claimant, o.claimant) and c.figure.high is not None and o.figure.low > c.figure.high:
                best = max(best, o.figure.low / c.figure.high if c.figure.high else float("inf"))
    assert rep.severity == pytest.approx(best)


def _pairs_brute(g) -> list:
    """The pair list by its definition: every pair of distinct families,
    conflicts (most severe first) then agreements (id order), capped."""
    from claimcheck.figures import gap_days, gap_ratio

    out = []
    items = g.items
    if len(items) > xref_conflicts.PAIR_ENUM_LIMIT:
        cand = {id(i): i for i in g.by_high[: xref_conflicts.EXTREMES]}
        cand.update({id(i): i for i in g.by_low[-xref_conflicts.EXTREMES:]})
        cand.update({id(i): i for i in g.by_low[: xref_conflicts.EXTREMES]})
        items = list(cand.values())
    for n, x in enumerate(items):
        for y in items[n + 1:]:
            if x.fam == y.fam:
                continue
            rel = xref_evidence._relation(x, y, g.cumulative)
            if rel == "consistent":
                continue
            a, b = sorted((x.id, y.id))
            st = "same-stance" if x.stance == y.stance else "cross-stance"
            if rel == "agree":
                out.append(xref.Pair(a, b, rel, st, gap_ratio(x.claim.figure, y.claim.figure), None, 0.0))
            else:
                fx, fy = x.claim.figure, y.claim.figure
                r, d = gap_ratio(fx, fy), gap_days(fx, fy)
                out.append(xref.Pair(a, b, rel, st, r, d, xref_conflicts._severity(r, d)))
    out.sort(key=lambda p: (p.relation != "conflict", -p.severity, p.a, p.b))
    return out[: xref.PAIRS_CAP]


@pytest.mark.parametrize("seed", range(12))
@pytest.mark.parametrize("cumulative", [False, True])
@pytest.mark.parametrize("n", [8, 60, pytest.param(300, marks=pytest.mark.slow)])
def test_pair_list_matches_its_definition(seed, cumulative, n):
    base = random_base(seed, n=n, cumulative=cumulative)
    ctx = xref_evidence._Context(base)
    for g in ctx.groups("t").values():
        assert xref_conflicts._pairs(g) == _pairs_brute(g)


@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize("cumulative", [False, True])
@pytest.mark.parametrize("n", [15, 150])
def test_cc505_is_the_same_whether_or_not_the_command_wants_every_evidence(seed, cumulative, n):
    """open_base(evidence=...) lets CC505 read the whole base's evidence
    instead of counting only the declared claims: the warnings must not change,
    and the evidence kept for the command must equal a fresh computation."""
    rnd = random.Random(seed + 1000)
    runs = {}
    for want in (None, "status", "ids"):
        base = random_base(seed, n=n, cumulative=cumulative)
        for c in base.claims.values():  # small topics, so that some evidence is not "mixed"
            c.status = rnd.choice(["corroborated", "contested"])
            c.topic = f"t{rnd.randrange(n // 5)}"
            base.topics.setdefault(c.topic, Topic(c.topic, cumulative=cumulative))
        rnd.seed(seed + 1000)
        if want is not None:
            base.memo[xref.EVIDENCE_WANTED] = want
        runs[want] = [(c.id, why) for c, why in xref.disagreements(base)]
        if want is not None:
            kept = xref.compute_evidence(base, ids=want == "ids")
            base.memo.clear()
            assert kept == xref.compute_evidence(base, ids=want == "ids")
    if n == 150:
        assert runs[None], "some declared status disagrees with the computed evidence"
    assert runs[None] == runs["status"] == runs["ids"]
