"""Small counts do not conflict on rounding: "about N" spans at least N±1,
"nearly N" at least N-1, and counts or percentages at most MIN_CONFLICT_RATIO
apart agree, in conflicts, show, the computed evidence and CC505 alike."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from claimcheck.base import open_base
from claimcheck.cli import app
from claimcheck.figures import MIN_CONFLICT_RATIO, in_conflict, parse_figure
from claimcheck.xref import compute_evidence, relations, topic_reports

from .helpers import clm, make_base, src

ENV = {"COLUMNS": "100", "NO_COLOR": "1", "GITHUB_ACTIONS": "", "FORCE_COLOR": ""}

SOURCES = [
    src("fire", "independent", "B", kind="agency"),
    src("union", "independent", "C", kind="ngo"),
    src("mayor", "government", "C", kind="official"),
    src("rebels", "jihadist", "E"),
]


def _run(root, *args, columns="100"):
    return CliRunner().invoke(app, ["--root", str(root), *args], env={**ENV, "COLUMNS": columns})


@pytest.mark.parametrize("phrase,low,high", [
    ("about 5", 4, 6),  # was [4.5..5.5]
    ("about 1", 0, 2),
    ("about 0", 0, 1),  # never below zero
    ("nearly 5", 4, 5),
    ("nearly 20", 18, 20),  # 10% is already more than 1
    ("just under 5", 4, 5),
    ("just over 5", 5, 6),
    ("about 300", 270, 330),  # large numbers keep the ratio
    ("about 2.5", 2.25, 2.75),  # the floor is for whole numbers (counts)
    ("about 5%", 4, 6),
])
def test_qualifiers_widen_a_whole_number_by_at_least_one(phrase, low, high):
    f = parse_figure(phrase)
    assert (f.low, f.high) == (pytest.approx(low), pytest.approx(high))


@pytest.mark.parametrize("a,b,conflict", [
    ("about 5", "4", False),  # the first example: [4..6] holds 4
    ("nearly 20", "17", False),  # the second: [18..20] vs 17, 1.06 apart
    ("5", "4", True),  # exact counts that differ: 1.25 apart
    ("100", "110", False),  # 1.1 apart: at the tolerance
    ("100", "111", True),
    ("dozens", "hundreds", False),  # 100 / 99: the order-of-magnitude seam is no contradiction
    ("2017-11-09", "2017-11-10", True),  # dates are compared to the day
    ("84%", "90%", False),
    ("84%", "95%", True),
])
def test_in_conflict_applies_the_ratio_tolerance_to_counts_only(a, b, conflict):
    fa, fb = parse_figure(a), parse_figure(b)
    assert in_conflict(fa, fb) is conflict
    assert in_conflict(fb, fa) is conflict


def test_tolerance_is_documented_constant():
    assert MIN_CONFLICT_RATIO == 1.1


@pytest.fixture
def root(tmp_path):
    claims = [
        # the newsroom: the fire department's count and the union's
        clm("fire-dead", "fire", "4", topic="fire/dead", status="corroborated"),
        clm("union-dead", "union", "about 5", topic="fire/dead", status="corroborated"),
        clm("mayor-hurt", "mayor", "nearly 20", topic="fire/hurt", status="corroborated"),
        clm("fire-hurt", "fire", "17", topic="fire/hurt", status="corroborated"),
        # a real conflict stays one: 30 / 17 = 1.76
        clm("rebels-hurt", "rebels", "30", topic="fire/hurt2"),
        clm("fire-hurt2", "fire", "17", topic="fire/hurt2"),
        clm("union-hurt2", "union", "19", topic="fire/hurt2"),
    ]
    return make_base(tmp_path, sources=SOURCES, claims=claims)


def test_rounding_gaps_feed_neither_evidence_nor_cc505(root):
    base = open_base(root)
    assert not [d for d in base.diagnostics if d.code == "CC505"], base.diagnostics
    ev = compute_evidence(base)
    for cid in ("fire-dead", "union-dead", "mayor-hurt", "fire-hurt"):
        assert ev[cid].status == "corroborated", (cid, ev[cid])
    rel = {r.claim.id: (r.relation, r.ratio) for r in relations(base, "mayor-hurt")}
    assert rel["fire-hurt"][0] == "agree" and rel["fire-hurt"][1] == pytest.approx(18 / 17)


def test_conflicts_lists_no_rounding_conflict_and_keeps_real_ones(root):
    r = _run(root, "conflicts", "--format", "json")
    assert r.exit_code == 0, r.output
    topics = {t["topic"]: t for t in json.loads(r.stdout)["topics"]}
    assert set(topics) == {"fire/hurt2"}
    pairs = {(p["a"], p["b"]): p["ratio"] for p in topics["fire/hurt2"]["pairs"] if p["relation"] == "conflict"}
    # 19 vs 17 is 1.12 apart: more than the tolerance, a (small) conflict
    assert pairs == {("fire-hurt2", "rebels-hurt"): pytest.approx(30 / 17, abs=1e-4),
                     ("rebels-hurt", "union-hurt2"): pytest.approx(30 / 19, abs=1e-4),
                     ("fire-hurt2", "union-hurt2"): pytest.approx(19 / 17, abs=1e-4)}
    assert topics["fire/hurt2"]["high"] == 30  # the envelope is the figures' own, not the widened bound
    reps = {rep.topic: rep for rep in topic_reports(open_base(root), include_all=True)}
    assert not reps["fire/dead"].conflict and reps["fire/dead"].agreeing_pairs == 1
    assert not reps["fire/hurt"].conflict and reps["fire/hurt"].agreeing_pairs == 1


def test_an_agreement_within_the_tolerance_says_how_far_apart_in_conflicts_as_in_show(root):
    # nearly 20 [18..20] and 17 do not overlap: they agree within the tolerance, 18/17 apart
    r = _run(root, "conflicts", "--all", "--topic", "fire/hurt", "--format", "json")
    [topic] = json.loads(r.stdout)["topics"]
    [pair] = topic["pairs"]
    assert pair["relation"] == "agree" and pair["ratio"] == pytest.approx(18 / 17, abs=1e-4)
    # overlapping figures are no distance apart
    r = _run(root, "conflicts", "--all", "--topic", "fire/dead", "--format", "json")
    [topic] = json.loads(r.stdout)["topics"]
    assert [p["ratio"] for p in topic["pairs"]] == [None]


def test_min_ratio_filters_the_listing_above_the_default(root):
    r = _run(root, "conflicts", "--min-ratio", "1.5", "--format", "json")
    [t] = json.loads(r.stdout)["topics"]
    ratios = sorted(p["ratio"] for p in t["pairs"] if p["relation"] == "conflict")
    assert ratios == [pytest.approx(30 / 19, abs=1e-4), pytest.approx(30 / 17, abs=1e-4)]
    r = _run(root, "conflicts", "--min-ratio", "2", "--format", "json")
    assert json.loads(r.stdout)["topics"] == []


def test_min_ratio_help_states_the_default():
    r = CliRunner().invoke(app, ["conflicts", "--help"], env={**ENV, "COLUMNS": "200"})
    assert r.exit_code == 0
    text = " ".join(r.stdout.split())
    assert "Default: 1.1, the tolerance of every comparison" in text


def test_show_says_a_close_figure_agrees_within_the_tolerance(root):
    r = _run(root, "show", "mayor-hurt", columns="200")
    assert r.exit_code == 0, r.output
    assert "1.06x apart (within the tolerance)" in r.stdout
