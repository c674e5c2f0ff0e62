"""Cross-referencing core: conflicts, independence, supersession, cumulative
topics, evidence, CC505 and the best-estimate rules, on hand-made bases whose
answers are worked out here."""

from __future__ import annotations

import itertools
import math

import pytest

from claimcheck import xref
from claimcheck.figures import MIN_CONFLICT_RATIO
from claimcheck.rules.evidence import check_evidence as status_warnings
from claimcheck.xref import Evidence, best_estimate, compute_evidence, relations, revisions, topic_reports

from tests.helpers import clm, cli, make_base, open_valid, src

SOURCES = [
    src("isis", "jihadist", "E"),
    src("amaq", "jihadist", part_of="isis", kind="outlet"),
    src("amaq-telegram", "jihadist", part_of="amaq", kind="outlet"),
    src("sohr", "independent", "C", kind="monitor"),
    src("mod", "government", "D", kind="government"),
    src("sana", "government", "E", part_of="mod", kind="outlet"),
    src("centcom", "coalition", "B", kind="military"),
    src("pentagon", "coalition", "B", kind="government"),
    src("reuters", "independent", "A", kind="agency"),
    src("ap", "independent", "B", kind="agency"),
]


# --- each figure form against each other form ------------------------------

# The form as written and the interval the phrase table gives it (worked out
# from the figure-phrase table (docs/figures.md); None = open above).
FORMS = {
    "plain": ("250", 250, 250),
    "thousands": ("2,000", 2000, 2000),
    "about": ("about 300", 270, 330),
    "nearly": ("nearly 100", 90, 100),
    "more-than": ("more than 400", 400, None),
    "at-least": ("at least 260", 260, None),
    "just-over": ("just over 300", 300, 330),
    "up-to": ("up to 50", 0, 50),
    "range": ("200-250", 200, 250),
    "between": ("between 1,000 and 1,500", 1000, 1500),
    "number-word": ("two dozen", 24, 24),
    "dozens": ("dozens", 12, 99),
    "few-hundred": ("a few hundred", 200, 500),
    "hundreds": ("hundreds", 100, 999),
    "mapping": ({"low": 100, "best": 120, "high": 150}, 100, 150),
    "mapping-open": ({"low": 600}, 600, None),
}


def _overlap(a, b):
    """Agreement: the intervals overlap, or are at most MIN_CONFLICT_RATIO apart."""
    (_, alo, ahi), (_, blo, bhi) = a, b
    ahi = math.inf if ahi is None else ahi * MIN_CONFLICT_RATIO
    bhi = math.inf if bhi is None else bhi * MIN_CONFLICT_RATIO
    return alo <= bhi and blo <= ahi


@pytest.mark.parametrize("fa,fb", list(itertools.combinations(FORMS, 2)))
def test_each_figure_form_against_each_other_form(tmp_path, fa, fb):
    a, b = FORMS[fa], FORMS[fb]
    base = open_valid(make_base(tmp_path, sources=SOURCES, claims=[clm("a", "sohr", a[0]), clm("b", "mod", b[0])]))
    ev = compute_evidence(base)
    agree = _overlap(a, b)
    assert ev["a"].status == ("corroborated" if agree else "contested")
    assert ev["b"].status == ev["a"].status
    assert (ev["a"].agree, ev["a"].conflict) == ((("b",), ()) if agree else ((), ("b",)))
    rels = {r.claim.id: r.relation for r in relations(base, "a")}
    assert rels == {"b": "agree" if agree else "conflict"}
    [rep] = topic_reports(base, include_all=True)
    [pair] = rep.pairs
    assert pair.relation == ("agree" if agree else "conflict")
    if not agree:
        lower, upper = sorted((a, b), key=lambda f: f[1])
        assert pair.ratio == pytest.approx(upper[1] / lower[2] if lower[2] else math.inf)


def test_dozens_against_a_few_hundred_is_a_conflict_of_about_2x(tmp_path):
    base = open_valid(make_base(tmp_path, sources=SOURCES, claims=[
        clm("ru", "mod", "dozens"),
        clm("us", "pentagon", "a few hundred"),
    ]))
    [rep] = topic_reports(base)
    assert rep.conflict and rep.conflicting_pairs == 1 and rep.agreeing_pairs == 0
    assert rep.pairs[0].ratio == pytest.approx(200 / 99)
    assert rep.pairs[0].stances == "cross-stance"
    assert (rep.low, rep.high) == (12, 500)


def test_figures_of_different_kinds_are_not_compared(tmp_path):
    base = open_valid(make_base(tmp_path, sources=SOURCES, claims=[
        clm("n", "sohr", "84"),
        clm("p", "mod", "84%"),
        clm("d", "centcom", "2018-02-07"),
    ]))
    ev = compute_evidence(base)
    assert {k: v.status for k, v in ev.items()} == {"n": "single-source", "p": "single-source", "d": "single-source"}
    assert {r.claim.id: r.relation for r in relations(base, "n")} == {"p": "incomparable", "d": "incomparable"}


def test_dates_conflict_by_days_between_them(tmp_path):
    base = open_valid(make_base(tmp_path, sources=SOURCES, claims=[
        clm("a", "sohr", "2017-11-09", topic="ak/captured"),
        clm("b", "mod", "2017-11-19", topic="ak/captured"),
        clm("c", "centcom", "2017-11", topic="ak/captured"),
    ]))
    [rep] = topic_reports(base)
    conflict = [p for p in rep.pairs if p.relation == "conflict"]
    assert [(p.a, p.b, p.gap_days, p.ratio) for p in conflict] == [("a", "b", 10, None)]
    assert conflict[0].severity == pytest.approx(1 + 10 / 30)
    assert rep.kind == "date"
    ev = compute_evidence(base)
    assert ev["c"].status == "corroborated" and ev["a"].status == "mixed"


# --- open bounds -------------------------------------------------------------


def test_open_bound_agrees_with_anything_above_and_touching(tmp_path):
    base = open_valid(make_base(tmp_path, sources=SOURCES, claims=[
        clm("a", "isis", "more than 400"),
        clm("b", "sohr", "1.2 million"),
        clm("c", "mod", "400"),
        clm("d", "centcom", "350"),
    ]))
    ev = compute_evidence(base)
    assert ev["a"].agree == ("b", "c") and ev["a"].conflict == ("d",)
    assert ev["a"].status == "mixed"
    [rep] = topic_reports(base)
    assert rep.high is None and rep.low == 350
    ratios = {(p.a, p.b): p.ratio for p in rep.pairs if p.relation == "conflict"}
    assert ratios == {("b", "d"): pytest.approx(1.2e6 / 350), ("b", "c"): 3000, ("c", "d"): pytest.approx(400 / 350),
                      ("a", "d"): pytest.approx(400 / 350)}
    assert rep.pairs[0].a == "b"  # most severe first


# --- independence ------------------------------------------------------------


def test_media_wing_agreeing_is_repetition_not_corroboration(tmp_path):
    base = open_valid(make_base(tmp_path, sources=SOURCES, claims=[
        clm("a", "isis", "about 300"),
        clm("b", "amaq", "300"),
        clm("c", "amaq-telegram", "340"),
    ]))
    ev = compute_evidence(base)
    assert all(ev[k].status == "single-source" for k in "abc")
    assert not base.independent("amaq-telegram", "isis")
    r = {x.claim.id: (x.relation, x.independent) for x in relations(base, "c")}
    # 340 and 300 are more than 1.1 apart, but within one family: no conflict either
    assert r == {"a": ("agree", False), "b": ("conflict", False)}
    [rep] = topic_reports(base, include_all=True)
    assert rep.pairs == [] and rep.agreeing_pairs == 0 and not rep.conflict


def test_part_of_chain_disagreement_is_not_a_conflict(tmp_path):
    base = open_valid(make_base(tmp_path, sources=SOURCES, claims=[
        clm("a", "isis", "300"),
        clm("b", "amaq-telegram", "3,000"),
    ]))
    assert topic_reports(base) == []
    assert compute_evidence(base)["a"].status == "single-source"


def test_sibling_sources_under_one_parent_are_not_independent(tmp_path):
    sources = SOURCES + [src("amaq-2", "jihadist", part_of="isis", kind="outlet")]
    base = open_valid(make_base(tmp_path, sources=sources, claims=[
        clm("a", "amaq", "300"),
        clm("b", "amaq-2", "300"),
        clm("c", "sohr", "300"),
    ]))
    ev = compute_evidence(base)
    assert ev["a"].agree == ("c",) and ev["a"].n_agree == 1
    assert ev["c"].n_agree == 2


def test_circular_reporting_one_claim_many_outlets_is_single_source(tmp_path):
    base = open_valid(make_base(tmp_path, sources=SOURCES, claims=[
        clm("a", "mod", "about 300", outlets=["sana", "reuters", "ap"]),
        clm("b", "mod", "300", outlets=["ap"]),
    ]))
    ev = compute_evidence(base)
    assert ev["a"].status == "single-source" and ev["b"].status == "single-source"


def test_cross_stance_and_same_stance_agreement(tmp_path):
    base = open_valid(make_base(tmp_path, sources=SOURCES, claims=[
        clm("a", "centcom", "about 300"),
        clm("b", "pentagon", "310"),
        clm("c", "reuters", "about 300"),
        clm("d", "isis", "5,000"),
    ]))
    ev = compute_evidence(base)
    assert ev["a"].cross_stance and ev["a"].n_agree == 2 and ev["a"].n_cross_agree == 1
    assert ev["b"].n_cross_agree == 1
    [rep] = topic_reports(base)
    st = {(p.a, p.b): p.stances for p in rep.pairs if p.relation == "agree"}
    assert st == {("a", "b"): "same-stance", ("a", "c"): "cross-stance", ("b", "c"): "cross-stance"}


def test_same_stance_only_agreement_is_not_cross_stance(tmp_path):
    base = open_valid(make_base(tmp_path, sources=SOURCES, claims=[
        clm("a", "centcom", "300"),
        clm("b", "pentagon", "300"),
    ]))
    ev = compute_evidence(base)
    assert ev["a"].status == "corroborated" and not ev["a"].cross_stance


# --- supersession ---------------------------------------------------------------


def test_superseded_claim_is_not_compared_and_shown_as_revision(tmp_path):
    base = open_valid(make_base(tmp_path, sources=SOURCES, claims=[
        clm("old", "isis", "more than 100", topic="sd/airstrikes", status="superseded"),
        clm("new", "isis", "more than 300", topic="sd/airstrikes", supersedes="old"),
        clm("newest", "isis", "more than 500", topic="sd/airstrikes", supersedes="new"),
        clm("mon", "sohr", "150", topic="sd/airstrikes"),
    ]))
    ev = compute_evidence(base)
    assert ev["old"] == Evidence(None) and ev["new"].status is None
    assert ev["newest"].conflict == ("mon",) and ev["mon"].status == "contested"
    [rep] = topic_reports(base)
    assert [c.id for c in rep.revisions] == ["old", "new"]
    assert [c.id for c in rep.claims] == ["mon", "newest"]
    assert [(p.a, p.b) for p in rep.pairs] == [("mon", "newest")]
    before, after = revisions(base, "new")
    assert [c.id for c in before] == ["old"] and [c.id for c in after] == ["newest"]
    assert {r.claim.id: r.relation for r in relations(base, "mon")}["old"] == "superseded"
    assert {r.claim.id: r.relation for r in relations(base, "old")} == {
        "new": "superseded", "newest": "not-compared", "mon": "not-compared"}


# --- cumulative topics ----------------------------------------------------------

CUM = {"t/killed": {"title": "Running total", "cumulative": True}}


def test_cumulative_later_larger_figure_is_consistent_not_conflict(tmp_path):
    base = open_valid(make_base(tmp_path, sources=SOURCES, claims=[
        clm("early", "sohr", "100", as_of="2018-04-20"),
        clm("late", "isis", "more than 400", as_of="2018-05"),
    ], topics=CUM))
    ev = compute_evidence(base)
    assert ev["early"].status == "single-source" and ev["late"].status == "single-source"
    assert topic_reports(base) == []
    assert {r.claim.id: r.relation for r in relations(base, "early")} == {"late": "consistent"}


def test_cumulative_later_smaller_figure_still_conflicts(tmp_path):
    base = open_valid(make_base(tmp_path, sources=SOURCES, claims=[
        clm("early", "sohr", "500", as_of="2018-04-20"),
        clm("late", "isis", "100", as_of="2018-05"),
    ], topics=CUM))
    assert compute_evidence(base)["late"].status == "contested"
    [rep] = topic_reports(base)
    assert rep.conflicting_pairs == 1 and rep.pairs[0].ratio == 5


@pytest.mark.parametrize("d1,d2", [(None, "2018-05"), ("2018-05", "2018-05-10"), ("2018", "2018-05")])
def test_cumulative_undated_or_overlapping_dates_compare_as_usual(tmp_path, d1, d2):
    base = open_valid(make_base(tmp_path, sources=SOURCES, claims=[
        clm("a", "sohr", "100", as_of=d1),
        clm("b", "isis", "400", as_of=d2),
    ], topics=CUM))
    assert compute_evidence(base)["a"].status == "contested"


def test_cumulative_date_falls_back_to_earliest_report_date(tmp_path):
    base = open_valid(make_base(tmp_path, sources=SOURCES, claims=[
        clm("a", "sohr", "100", outlets=[{"outlet": "ap", "date": "2018-04-21"}]),
        clm("b", "isis", "400", outlets=[{"outlet": "amaq", "date": "2018-05-02"}, {"outlet": "reuters", "date": "2018-05-01"}]),
    ], topics=CUM))
    assert compute_evidence(base)["a"].status == "single-source"


# --- evidence of claims without figures, and CC505 ---------------------------------


def test_claim_without_figure_has_no_evidence_and_no_warning(tmp_path):
    base = open_valid(make_base(tmp_path, sources=SOURCES, claims=[
        clm("q", "mod", None, status="corroborated"),
        clm("n", "sohr", "10"),
    ]))
    assert compute_evidence(base)["q"] == Evidence(None)
    assert status_warnings(base) == []


def test_declared_corroborated_without_independent_agreement_warns_cc505(tmp_path):
    base = open_valid(make_base(tmp_path, sources=SOURCES, claims=[
        clm("a", "isis", "300", status="corroborated"),
        clm("b", "amaq", "300"),
        clm("c", "sohr", "20", status="corroborated"),
        clm("d", "mod", "about 20", status="corroborated"),
    ]))
    ws = status_warnings(base)
    assert [(w.code, w.severity) for w in ws] == [("CC505", "warning")] * 3
    assert "'a'" in ws[0].message and "computed evidence: contested" in ws[0].message
    # c and d agree with each other and conflict with a: mixed, which corroborated overstates
    assert ["'c'" in ws[1].message, "'d'" in ws[2].message] == [True, True]
    assert all("computed evidence: mixed" in w.message for w in ws[1:])
    assert ws[0].path == "claims/claims.yaml" and ws[0].pointer == ("claims", 0, "status")
    assert ws[0].line == 0  # placed when printed
    placed = [d for d in base.diagnostics if d.code == "CC505"]  # validate runs it
    assert [(d.line, d.column) for d in placed] == [(base.file(d.path).locate(("claims", i, "status"))[:2])
                                                    for d, i in zip(placed, (0, 2, 3))]
    assert all(d.line > 1 and d.placed for d in placed)


def test_declared_contested_while_independent_figures_agree_warns_cc505(tmp_path):
    base = open_valid(make_base(tmp_path, sources=SOURCES, claims=[
        clm("a", "isis", "300", status="contested"),
        clm("b", "sohr", "about 300"),
        clm("c", "mod", None, status="contested"),
    ]))
    ws = status_warnings(base)
    assert len(ws) == 1 and "'a'" in ws[0].message and "corroborated" in ws[0].message


def test_declared_corroborated_while_computed_mixed_warns_cc505(tmp_path):
    # sohr agrees with a (300 vs about 300), mod conflicts (20): mixed
    base = open_valid(make_base(tmp_path, sources=SOURCES, claims=[
        clm("a", "isis", "300", status="corroborated"),
        clm("b", "sohr", "about 300"),
        clm("c", "mod", "20"),
    ]))
    assert compute_evidence(base)["a"].status == "mixed"
    [w] = status_warnings(base)
    assert w.code == "CC505" and "'a'" in w.message
    assert "1 independent claim(s) on its topic give a conflicting figure beside the 1 that agree" in w.message
    assert "computed evidence: mixed" in w.message


# --- best estimates ----------------------------------------------------------------

BEST_CLAIMS = [
    # claimant (grade, stance), figure -> point
    clm("isis-c", "isis", "more than 400"),     # E jihadist: best 400, low 400, point 400
    clm("mod-c", "mod", "dozens"),              # D government: no best, low 12, point 55.5
    clm("sohr-c", "sohr", "about 300"),         # C independent: best 300, point 300
    clm("ap-c", "ap", "200-250"),               # B independent: no best, low 200, point 225
    clm("centcom-c", "centcom", "350"),         # B coalition: 350
    clm("old", "reuters", "1", status="superseded"),
    clm("reuters-c", "reuters", {"low": 5}, supersedes="old"),  # A independent: [5..open), point 5
]


def test_best_conservative_is_lowest_best_or_low_among_graded_a_to_d(tmp_path):
    base = open_valid(make_base(tmp_path, sources=SOURCES, claims=BEST_CLAIMS[:5]))
    [rep] = topic_reports(base, best="conservative")
    # graded A-D: mod-c (D, low 12), sohr-c (C, 300), ap-c (B, low 200), centcom-c (B, 350) -> 12
    assert (rep.best.value, rep.best.claims) == (12, ("mod-c",))


def test_best_conservative_names_the_lower_figures_it_passed_over(tmp_path):
    # isis (E) gives 5 and sana (E) 8, below the pool's lowest (sohr, C, 300)
    base = open_valid(make_base(tmp_path, sources=SOURCES, claims=[
        clm("a", "isis", "5"),
        clm("b", "sana", "8"),
        clm("c", "sohr", "300"),
        clm("d", "centcom", "400"),
    ]))
    [rep] = topic_reports(base, best="conservative")
    assert (rep.best.value, rep.best.claims) == (300, ("c",))
    assert rep.best.passed_over == (("a", 5, "E"), ("b", 8, "E"))
    [rep] = topic_reports(base, best="reliable")
    assert rep.best.passed_over == ()


def test_conflicts_says_when_the_conservative_rule_passes_over_a_lower_figure(tmp_path):
    root = make_base(tmp_path, sources=SOURCES, claims=[clm("a", "isis", "5"), clm("c", "sohr", "300")])
    r = cli("--root", root, "conflicts", env={"COLUMNS": "200"})
    assert "not in the pool: lower figure(s) 5 from a (E-graded claimant)" in r.stdout
    r = cli("--root", root, "conflicts", "--format", "json", env={"COLUMNS": "200"})
    import json

    [topic] = json.loads(r.stdout)["topics"]
    assert topic["best_passed_over"] == [{"id": "a", "value": 5, "reliability": "E"}]


def test_best_conservative_falls_back_to_all_when_none_graded_a_to_d(tmp_path):
    base = open_valid(make_base(tmp_path, sources=SOURCES, claims=[
        clm("a", "isis", "more than 400"),
        clm("b", "sana", "50"),
        clm("c", "amaq", "2,000"),
    ]))
    [rep] = topic_reports(base, best="conservative", include_all=True)
    assert (rep.best.value, rep.best.claims) == (50, ("b",)) and "all" in rep.best.pool


def test_best_reliable_is_median_point_of_best_graded_claimants(tmp_path):
    base = open_valid(make_base(tmp_path, sources=SOURCES, claims=BEST_CLAIMS[:5]))
    [rep] = topic_reports(base, best="reliable")
    # best grade B: ap-c (point (200+250)/2 = 225) and centcom-c (350): median 287.5
    assert (rep.best.value, rep.best.claims) == (287.5, ("ap-c", "centcom-c"))


def test_best_reliable_ignores_superseded_and_uses_open_low(tmp_path):
    base = open_valid(make_base(tmp_path, sources=SOURCES, claims=BEST_CLAIMS))
    [rep] = topic_reports(base, best="reliable")
    # reuters (A): its superseded "1" is left out; its current {low: 5} is [5..open) with no best: point = low 5
    assert (rep.best.value, rep.best.claims) == (5, ("reuters-c",))


def test_best_neutral_is_median_point_of_neutral_claimants(tmp_path):
    base = open_valid(make_base(tmp_path, sources=SOURCES, claims=BEST_CLAIMS[:5]))
    [rep] = topic_reports(base, best="neutral")
    # neutral: sohr-c (300), ap-c (225): median 262.5
    assert (rep.best.value, rep.best.claims) == (262.5, ("ap-c", "sohr-c"))


def test_best_neutral_falls_back_to_all_claimants(tmp_path):
    base = open_valid(make_base(tmp_path, sources=SOURCES, claims=[BEST_CLAIMS[0], BEST_CLAIMS[1], BEST_CLAIMS[4]]))
    rep = xref.topic_report(base, "t/killed", "neutral")
    # points 400, 55.5, 350 -> median 350
    assert (rep.best.value, rep.best.claims) == (350, ("centcom-c", "isis-c", "mod-c"))
    assert "all" in rep.best.pool


def test_unknown_best_rule_is_refused(tmp_path):
    base = open_valid(make_base(tmp_path, sources=SOURCES, claims=[clm("a", "sohr", "1")]))
    with pytest.raises(ValueError):
        best_estimate(base, list(base.claims.values()), "median")


# --- reports -----------------------------------------------------------------------


def test_reports_sorted_most_severe_first_and_filtered(tmp_path):
    base = open_valid(make_base(tmp_path, sources=SOURCES, claims=[
        clm("a1", "sohr", "10", topic="x/a"),
        clm("a2", "mod", "20", topic="x/a"),
        clm("b1", "sohr", "10", topic="x/b"),
        clm("b2", "mod", "100", topic="x/b"),
        clm("c1", "sohr", "10", topic="y/c"),
        clm("c2", "mod", "about 10", topic="y/c"),
    ]))
    assert [r.topic for r in topic_reports(base)] == ["x/b", "x/a"]
    assert [r.topic for r in topic_reports(base, include_all=True)] == ["x/b", "x/a", "y/c"]
    assert [r.topic for r in topic_reports(base, min_ratio=5)] == ["x/b"]
    assert [r.topic for r in topic_reports(base, topic="y/*", include_all=True)] == ["y/c"]
