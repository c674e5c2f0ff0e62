"""The grouped, bisect-based reference computation agrees with the rule read
literally (a loop over every other claim of the topic) on random bases with
part_of families that span stances, neutral and partisan stances, duplicate
figures and superseded claims."""

from __future__ import annotations

import random
import statistics
from pathlib import Path

import pytest

from claimcheck import bias
from claimcheck.figures import parse_figure
from claimcheck.model import Base, Claim, Source, Stance


def random_base(seed: int) -> Base:
    rng = random.Random(seed)
    b = Base(root=Path("."))
    stances = ["a", "b", "c", "n1", "n2"][: rng.randint(2, 5)]
    for s in stances:
        b.stances[s] = Stance(s, s, neutral=s.startswith("n"))
    n_src = rng.randint(2, 12)
    for i in range(n_src):
        parent = f"s{rng.randrange(i)}" if i and rng.random() < 0.4 else None
        b.sources[f"s{i}"] = Source(id=f"s{i}", name=f"S{i}", stance=rng.choice(stances), part_of=parent)
    n_claims = rng.randint(1, 40)
    ids = []
    for j in range(n_claims):
        claimant = f"s{rng.randrange(n_src)}"
        fig = rng.choice([None, str(rng.choice([1, 2, 5, 10, 10, 50, 100, 400])), "more than 10", "10%", "2018-05-01"])
        sup = None
        if ids and rng.random() < 0.15:
            sup = rng.choice(ids)
        cid = f"c{j}"
        b.claims[cid] = Claim(
            id=cid, statement="x", claimant=claimant, topic=f"t{rng.randrange(3)}", status="unverified",
            about=rng.choice([None, *stances]), figure=parse_figure(fig) if fig else None, supersedes=sup,
        )
        ids.append(cid)
    return b


def literal(b: Base) -> dict[str, tuple[float, int, bool]]:
    out = {}
    for c in b.claims.values():
        if not bias.judged(b, c):
            continue
        stance = b.sources[c.claimant].stance
        cands = [
            o for o in b.claims.values()
            if o.id != c.id and o.topic == c.topic and bias.judged(b, o) and o.figure.kind == c.figure.kind
            and b.independent(c.claimant, o.claimant) and b.sources[o.claimant].stance != stance
        ]
        neutral = [o for o in cands if b.is_neutral(b.sources[o.claimant].stance)]
        pool = neutral or cands
        if pool:
            out[c.id] = (statistics.median(o.figure.best for o in pool), len(pool), bool(neutral))
    return out


@pytest.mark.parametrize("seed", range(300))
def test_grouped_references_match_the_literal_rule(seed):
    b = random_base(seed)
    fast = {k: (v.reference, v.references, v.neutral) for k, v in bias.compare_claims(b).items()}
    slow = literal(b)
    assert fast.keys() == slow.keys()
    for k in slow:
        assert fast[k][0] == pytest.approx(slow[k][0]) and fast[k][1:] == slow[k][1:], k
