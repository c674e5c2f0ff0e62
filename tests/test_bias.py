"""The bias measures on a small hand-made base whose every factor is worked
out by hand below: references, leave-one-out, part_of families, neutral
preference, superseded claims, the about split, the minimum-comparisons rule,
pooling per stance, the outlet stance mix, and the reliability suggestion at
each boundary."""

from __future__ import annotations

import math

import pytest

from claimcheck import bias
from claimcheck.records.sources import bias_record, deviation_record
from claimcheck.base import open_base

from tests.helpers import BIAS_CLAIMS, BIAS_SOURCES, make_base


# The base, tests/fixtures/bases/bias/ (claims/all.yaml):
# t1: government soldiers killed. A neutral monitor gives a figure.
# t2: government soldiers killed elsewhere. No neutral figure; the front group
#     (another stance, but part_of isis) is in isis's family.
# t3: Islamic State fighters killed (isis about its own losses).
# t4: airstrikes (no about).
# t5: dates (never compared). t6: only isis gives a figure (nothing to compare).
@pytest.fixture
def base(tmp_path):
    b = open_base(make_base(tmp_path, sources=BIAS_SOURCES, files={"claims/all.yaml": BIAS_CLAIMS}))
    assert b.errors == 0, [str(d) for d in b.diagnostics if d.severity == "error"]
    return b


@pytest.fixture
def report(base):
    return bias.analyse(base, evidence={})


def approx(x):
    return pytest.approx(x, rel=1e-9)


# --- one claim against its reference -------------------------------------------


def test_reference_prefers_neutral_claimants(report):
    # isis on t1: candidates independent of isis and of another stance are
    # army 50, coal 60 and sohr 100; sohr is neutral, so the reference is 100
    # (all three would give a median of 60).
    c = report.comparisons["t1-isis"]
    assert c.reference == 100
    assert c.neutral is True and c.references == 1
    assert c.ratio == approx(4.0)
    assert report.comparisons["t1-army"].ratio == approx(0.5)
    assert report.comparisons["t1-coal"].ratio == approx(0.6)


def test_media_wing_is_judged_against_the_same_reference_as_its_parent(report):
    # amaq is part_of isis: same family, same stance, same reference.
    assert report.comparisons["t1-amaq"].reference == 100
    assert report.comparisons["t1-amaq"].ratio == approx(3.0)


def test_leave_one_out_neutral_claim_is_not_in_its_own_reference(report):
    # sohr on t1: no other neutral stance, so the reference is the median of
    # the non-neutral 50, 60, 300, 400 = (60 + 300) / 2 = 180; sohr's own 100
    # (which would make the median 100) and the superseded 1000 are left out.
    c = report.comparisons["t1-sohr"]
    assert c.reference == approx(180.0)
    assert c.references == 4 and c.neutral is False
    assert c.ratio == approx(100 / 180)


def test_superseded_claims_are_neither_judged_nor_references(report):
    assert "t1-isis-old" not in report.comparisons
    # with 1000 in the pool sohr's reference would be the median of five, 300
    assert report.comparisons["t1-sohr"].references == 4


def test_part_of_family_is_left_out_of_its_own_reference(report):
    # t2, no neutral figure. isis: front (opposition) is part_of isis and so
    # not independent: reference = median(army 200, coal 300) = 250 -> 2.4
    # (with front's 60 it would be 200 -> 3.0).
    assert report.comparisons["t2-isis"].reference == approx(250.0)
    assert report.comparisons["t2-isis"].ratio == approx(2.4)
    # front: isis is its family too: median(200, 300) = 250 -> 60/250
    assert report.comparisons["t2-front"].ratio == approx(0.24)
    # army: isis 600, front 60, coal 300 -> median 300 -> 200/300
    assert report.comparisons["t2-army"].ratio == approx(2 / 3)
    # coal: isis 600, front 60, army 200 -> median 200 -> 1.5
    assert report.comparisons["t2-coal"].ratio == approx(1.5)


def test_about_class_of_each_comparison(report):
    assert report.comparisons["t1-isis"].about == "opposing"
    assert report.comparisons["t3-isis"].about == "own"
    assert report.comparisons["t4-isis"].about == "unspecified"


def test_a_figure_nobody_else_gives_is_counted_but_not_compared(report):
    assert "t6-isis" not in report.comparisons
    d = report.claimants["isis"]
    assert d.overall.figures == 5 and d.comparisons == 4
    assert d.by_about["opposing"].figures == 3 and d.by_about["opposing"].comparisons == 2


def test_date_figures_are_not_compared(report):
    assert "t5-date" not in report.comparisons and "t5-date-2" not in report.comparisons


# --- summaries -------------------------------------------------------------------


def test_claimant_inflation_is_the_geometric_mean_of_its_ratios(report):
    # isis: t1 4.0 (opposing), t2 2.4 (opposing), t3 10/40 = 0.25 (own),
    # t4 100/50 = 2.0 (unspecified): (4 * 2.4 * 0.25 * 2) ** (1/4) = 4.8 ** 0.25
    d = report.claimants["isis"]
    assert d.comparisons == 4
    assert d.inflation == approx(4.8 ** 0.25)
    logs = [math.log(r) for r in (4.0, 2.4, 0.25, 2.0)]
    mean = sum(logs) / 4
    gsd = math.exp(math.sqrt(sum((x - mean) ** 2 for x in logs) / 3))
    assert d.overall.gsd == approx(gsd)
    assert (d.overall.low, d.overall.high) == (approx(0.25), approx(4.0))


def test_about_split_below_the_minimum_is_too_few(report):
    by = report.claimants["isis"].by_about
    assert by["opposing"].comparisons == 2 and by["opposing"].inflation is None
    assert by["own"].comparisons == 1 and by["own"].inflation is None
    assert by["unspecified"].comparisons == 1 and by["unspecified"].inflation is None


def test_minimum_comparisons_can_be_lowered(base):
    r = bias.analyse(base, min_comparisons=2, evidence={})
    by = r.claimants["isis"].by_about
    assert by["opposing"].inflation == approx(math.sqrt(4.0 * 2.4))
    assert by["own"].inflation is None  # 1 < 2
    # army: t1 0.5 and t2 2/3 -> sqrt(1/3)
    assert r.claimants["army"].inflation == approx(math.sqrt(1 / 3))


def test_too_few_comparisons_give_no_factor_but_keep_the_count(report):
    # army has two comparisons (t1, t2): below the default minimum of 3
    d = report.claimants["army"]
    assert d.comparisons == 2 and d.inflation is None and d.overall.gsd is None
    assert deviation_record(d)["inflation"] is None and deviation_record(d)["comparisons"] == 2


def test_stance_pools_its_claimants(report):
    # jihadist: isis's four ratios and amaq's 3.0 (t1, opposing)
    d = report.stances["jihadist"]
    assert d.comparisons == 5
    assert d.inflation == approx((4.0 * 2.4 * 0.25 * 2.0 * 3.0) ** (1 / 5))
    assert d.by_about["opposing"].comparisons == 3
    assert d.by_about["opposing"].inflation == approx((4.0 * 2.4 * 3.0) ** (1 / 3))
    # coalition: t1 0.6, t2 1.5, t4 coal 50 against isis 100 = 0.5
    c = report.stances["coalition"]
    assert c.comparisons == 3
    assert c.inflation == approx((0.6 * 1.5 * 0.5) ** (1 / 3))
    # the neutral stance: t1 100/180 and t3 40 against isis 10 = 4.0
    assert report.stances["independent"].comparisons == 2


def test_bias_json_shape(report):
    j = bias_record(report)
    assert [s["id"] for s in j["stances"]] == ["government", "jihadist", "coalition", "opposition", "independent"]
    assert [c["id"] for c in j["claimants"]] == ["isis", "amaq", "front", "army", "coal", "sohr"]
    isis = j["claimants"][0]
    assert set(isis["by_about"]) == {"own", "opposing", "unspecified"}
    assert isis["by_about"]["opposing"] == {
        "comparisons": 2, "figures": 3, "inflation": None, "spread": None, "min_ratio": None, "max_ratio": None
    }
    assert isis["inflation"] == pytest.approx(4.8 ** 0.25, rel=1e-3)


# --- records ---------------------------------------------------------------------


def test_track_record_counts_declared_status(report):
    r = report.records["isis"]
    assert r.claims == 7  # t1-isis-old, t1-isis, t2, t3, t4, t5, t6
    assert r.status["unverified"] == 5 and r.status["contested"] == 1 and r.status["refuted"] == 1
    assert r.shares["refuted"] == approx(1 / 7)
    assert r.judged_status_claims == 6  # t1-isis-old is superseded


def test_outlet_stance_mix(report):
    # wire carries t1-isis (jihadist), t1-amaq (jihadist), t1-sohr (independent), t1-army (government)
    w = report.records["wire"]
    assert w.carried == 4 and w.claims == 0
    assert w.stance_mix == {"jihadist": 2, "government": 1, "independent": 1}
    # amaq carries t1-isis-old, t1-isis and its own t1-amaq
    a = report.records["amaq"]
    assert a.carried == 3 and a.own_voice == 1 and a.stance_mix == {"jihadist": 3}


def test_suggested_reliability_from_the_base(report):
    # isis: 6 current claims, 2 verdicts (contested, refuted) but an inflation
    # factor, 1 refuted (0.17 < 0.25), none corroborated: C by status;
    # inflation 4.8 ** 0.25 = 1.48 < 1.5 leaves it C. Declared E: flagged.
    assert report.records["isis"].suggested == "C"
    assert report.records["isis"].flagged
    # sohr: 2 claims, fewer than 3: F
    assert report.records["sohr"].suggested == "F"
    assert not report.records["sohr"].flagged


def test_without_inflation_too_few_verdicts_cannot_be_judged(base):
    # with a minimum of 5 comparisons isis has no factor, and 2 verdicts are too few
    r = bias.analyse(base, min_comparisons=5, evidence={})
    assert r.records["isis"].suggested == "F" and not r.records["isis"].flagged


# --- the reliability rule at each boundary ----------------------------------------


@pytest.mark.parametrize(
    "claims, good, bad, verdicts, inflation, expected",
    [
        (2, 2, 0, 2, None, "F"),  # fewer than 3 claims
        (3, 3, 0, 3, None, "A"),  # 3 claims is enough
        (10, 0, 0, 0, None, "F"),  # no verdict, no inflation
        (10, 2, 0, 2, None, "F"),  # two verdicts are too few
        (10, 2, 0, 3, None, "C"),  # three verdicts are enough
        (10, 2, 0, 2, 1.0, "C"),  # two verdicts but an inflation factor
        (10, 0, 0, 0, 1.0, "C"),  # no verdict but an inflation factor
        (10, 0, 5, 5, None, "E"),  # bad 0.50
        (10, 0, 4, 4, None, "D"),  # bad 0.40
        (4, 0, 1, 3, None, "D"),  # bad 0.25
        (5, 0, 1, 3, None, "C"),  # bad 0.20
        (10, 8, 0, 8, None, "A"),  # good 0.80, bad 0
        (10, 7, 0, 7, None, "B"),  # good 0.70
        (10, 9, 1, 10, None, "C"),  # good 0.90 but bad 0.10: not A, not B
        (20, 10, 1, 11, None, "B"),  # good 0.50, bad 0.05 < 0.10
        (10, 5, 1, 6, None, "C"),  # good 0.50, bad 0.10
        (10, 4, 0, 4, None, "C"),  # good 0.40
        (10, 8, 0, 8, 1.49, "A"),  # off below 1.5
        (10, 8, 0, 8, 1.5, "C"),  # off 1.5: no better than C
        (10, 8, 0, 8, 1 / 1.5, "C"),  # shrinking counts like inflating
        (10, 8, 0, 8, 1.99, "C"),
        (10, 8, 0, 8, 2.0, "D"),  # off 2
        (10, 8, 0, 8, 2.99, "D"),
        (10, 8, 0, 8, 3.0, "E"),  # off 3
        (10, 0, 5, 5, 1.6, "E"),  # a cap never improves a grade
    ],
)
def test_suggested_reliability_boundaries(claims, good, bad, verdicts, inflation, expected):
    assert bias.suggest_reliability(claims, good, bad, verdicts, inflation) == expected


@pytest.mark.parametrize(
    "declared, suggested, flagged",
    [("A", "B", False), ("A", "C", True), ("E", "C", True), ("D", "E", False), ("F", "A", False), ("B", "F", False)],
)
def test_reliability_flag_at_two_grades(declared, suggested, flagged):
    assert bias.reliability_flag(declared, suggested) is flagged
