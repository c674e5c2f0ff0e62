"""What `claimcheck bias` shows on the bundled seed base (issue 3), read from
the files rather than typed in: the Islamic State's figures about government
losses set against the other figures available (the reports give none: Long
War Journal calls the IS tally impossible to verify), and the stances of the
claimants each outlet carries."""

from __future__ import annotations

import json
import statistics
from collections import Counter

import pytest

from claimcheck import bias
from claimcheck.base import open_base

from tests.helpers import REPO, cli


@pytest.fixture(scope="module")
def seed():
    base = open_base(REPO)
    assert base.errors == 0
    return base


def isis_family(base):
    return {sid for sid in base.sources if base.family(sid) == base.family("isis")}


def test_islamic_state_figures_about_government_losses_are_each_set_against_the_others(seed):
    fam = isis_family(seed)
    about_gov = [
        c for c in seed.claims.values()
        if c.claimant in fam and c.about == "government" and bias.judged(seed, c)
    ]
    assert about_gov, "the seed base has Islamic State figures about government losses"
    j = json.loads(cli("--root", REPO, "bias", "--stance", "jihadist", "--claims", "--format", "json").stdout)
    listed = {c["id"]: c for c in j["claims"]}
    for c in about_gov:
        row = listed[c.id]
        assert row["about_class"] == "opposing" and row["best"] == c.figure.best
        # the reference, read literally from the rule: the other figures on the
        # topic by claimants independent of the IS and of another stance
        others = [
            o for o in seed.by_topic[c.topic]
            if bias.judged(seed, o) and o.figure.kind == c.figure.kind
            and seed.independent(c.claimant, o.claimant) and seed.stance_of(o.claimant) != "jihadist"
        ]
        pool = [o.figure.best for o in others if seed.is_neutral(seed.stance_of(o.claimant))] or [
            o.figure.best for o in others
        ]
        assert row["references"] == len(pool)
        if pool:
            assert row["reference"] == pytest.approx(statistics.median(pool))
            assert row["ratio"] == pytest.approx(c.figure.best / statistics.median(pool))
        else:
            assert row["reference"] is None and row["ratio"] is None


def test_the_more_than_400_soldiers_claim_has_no_independent_figure_to_compare(seed):
    # Long War Journal's tally of the IS claims: "more than 400 SAA soldiers";
    # no other source in the reports gives a count of government dead there.
    [claim] = [
        c for c in seed.claims.values()
        if c.claimant == "isis" and c.topic.endswith("killed/government-forces") and c.figure is not None
        and c.figure.low == 400
    ]
    out = cli("--root", REPO, "source", "isis").stdout
    assert claim.id in out
    block = out[out.index(claim.id):]
    assert "figure more than 400" in block.splitlines()[1]
    assert "no reference: no independent claimant of another stance" in block.splitlines()[2]
    isis_row = next(x for x in cli("--root", REPO, "bias").stdout.splitlines() if x.startswith("  isis "))
    opposing = sum(1 for c in seed.claims.values() if c.claimant == "isis" and c.about == "government" and bias.judged(seed, c))
    assert f"- (0/{opposing})" in isis_row


def test_outlet_stance_mix_matches_the_claimants_it_carries(seed):
    j = json.loads(cli("--root", REPO, "bias", "--format", "json").stdout)
    got = {o["id"]: o for o in j["outlets"]}
    expected: dict[str, Counter] = {}
    for c in seed.claims.values():
        for outlet in set(c.outlets):
            expected.setdefault(outlet, Counter())[seed.stance_of(c.claimant)] += 1
    assert set(got) == set(expected)
    for outlet, mix in expected.items():
        assert got[outlet]["stance_mix"] == dict(mix), outlet
        assert got[outlet]["carried"] == sum(mix.values())
    # Long War Journal (coalition stance) carries the Islamic State's claims
    lwj_jihadist = sum(
        1 for c in seed.claims.values() if "long-war-journal" in c.outlets and c.claimant in isis_family(seed)
    )
    assert lwj_jihadist > 0 and got["long-war-journal"]["stance_mix"]["jihadist"] == lwj_jihadist
    out = cli("--root", REPO, "bias").stdout
    line = next(x for x in out.splitlines() if x.startswith("long-war-journal "))
    assert f"jihadist {lwj_jihadist}" in line


def test_no_rounded_age_is_judged_as_a_government_figure(seed):
    # Issue 18: Whitney's "7 year-long war" (a rounded age, November 2017) was
    # the only government-side figure `bias` judged, set against Newsweek's
    # "seven" of March 2018. The war's start is now a date (never judged) and
    # the rounded age has no figure, so no government-side figure is judged.
    gov = [c.id for c in seed.claims.values() if seed.stance_of(c.claimant) == "government" and bias.judged(seed, c)]
    assert gov == []
    j = json.loads(cli("--root", REPO, "bias", "--format", "json").stdout)
    row = next(s for s in j["stances"] if s["id"] == "government")
    assert (row["figures"], row["comparisons"]) == (0, 0)
    assert "mike-whitney" not in {c["id"] for c in j["claimants"]}


def test_outlets_carry_whitneys_claims_without_claiming_them(seed):
    # CounterPunch and Global Research carry Mike Whitney's claims; they are
    # the claimant of none (until issue 18 CounterPunch claimed 15 of them)
    j = json.loads(cli("--root", REPO, "bias", "--format", "json").stdout)
    got = {o["id"]: o for o in j["outlets"]}
    whitney = sum(1 for c in seed.claims.values() if c.claimant == "mike-whitney")
    assert whitney == 15
    for outlet in ("counterpunch", "global-research"):
        assert got[outlet]["own_voice"] == 0
        assert got[outlet]["stance_mix"]["government"] >= whitney
