"""Claims declared refuted or retracted are not evidence for or against the
other claims on their topic (as superseded ones are not): not compared, no
computed evidence, not counted by CC505 and not a reason for it."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from claimcheck.base import open_base
from claimcheck.cli import app
from claimcheck.xref import compute_evidence, explain, relations, topic_reports

from .helpers import clm, make_base, src

ENV = {"COLUMNS": "200", "NO_COLOR": "1", "GITHUB_ACTIONS": "", "FORCE_COLOR": ""}

SOURCES = [
    src("fire", "independent", "B", kind="agency"),
    src("police", "government", "C", kind="official"),
    src("union", "jihadist", "C", kind="ngo"),
    src("paper", "coalition", "C", kind="outlet"),
]


@pytest.fixture
def root(tmp_path):
    return make_base(tmp_path, sources=SOURCES, claims=[
        # the newsroom: 4 dead, corroborated by the police; the union's 11 shown false
        clm("fire-dead", "fire", "4", topic="fire/dead", status="corroborated"),
        clm("police-dead", "police", "4", topic="fire/dead", status="corroborated"),
        clm("union-dead", "union", "at least 11", topic="fire/dead", status="refuted"),
        clm("paper-dead", "paper", "20", topic="fire/dead", status="retracted"),
    ])


def test_refuted_and_retracted_claims_do_not_contest_the_others(root):
    base = open_base(root)
    assert [d for d in base.diagnostics if d.code == "CC505"] == []  # was: corroborated but mixed
    ev = compute_evidence(base)
    assert ev["fire-dead"].status == "corroborated"
    assert (ev["fire-dead"].n_agree, ev["fire-dead"].n_conflict) == (1, 0)
    assert ev["fire-dead"].conflict == ()
    assert ev["union-dead"].status is None and ev["paper-dead"].status is None


def test_a_refuted_claim_does_not_corroborate_either(tmp_path):
    root = make_base(tmp_path, sources=SOURCES, claims=[
        clm("fire-dead", "fire", "4", topic="fire/dead", status="contested"),
        clm("union-dead", "union", "4", topic="fire/dead", status="refuted"),
        clm("police-dead", "police", "40", topic="fire/dead"),
    ])
    base = open_base(root)
    ev = compute_evidence(base)
    assert ev["fire-dead"].status == "contested" and ev["fire-dead"].n_agree == 0
    assert [d for d in base.diagnostics if d.code == "CC505"] == []


def test_cc505_does_not_fire_for_a_refuted_claim_whatever_its_figure(tmp_path):
    root = make_base(tmp_path, sources=SOURCES, claims=[
        clm("fire-dead", "fire", "4", topic="fire/dead", status="unverified"),
        clm("police-dead", "police", "4", topic="fire/dead", status="unverified"),
        clm("union-dead", "union", "4", topic="fire/dead", status="refuted"),
    ])
    base = open_base(root)
    assert [d for d in base.diagnostics if d.code == "CC505"] == []
    assert compute_evidence(base)["union-dead"].status is None


def test_show_and_relations_say_why(root):
    base = open_base(root)
    rel = {r.claim.id: r.relation for r in relations(base, "fire-dead")}
    assert rel == {"police-dead": "agree", "union-dead": "not-evidence", "paper-dead": "not-evidence"}
    assert {r.relation for r in relations(base, "union-dead")} == {"not-compared", "not-evidence"}
    why = explain(base, base.claims["union-dead"], compute_evidence(base)["union-dead"])
    assert why[0].startswith("Declared refuted: a refuted or retracted claim is not evidence")
    r = CliRunner().invoke(app, ["--root", str(root), "show", "fire-dead"], env=ENV)
    assert r.exit_code == 0, r.output
    assert "declared refuted: not evidence" in r.stdout
    assert "declared retracted: not evidence" in r.stdout


def test_conflicts_sets_them_aside(root):
    [rep] = topic_reports(open_base(root), include_all=True)
    assert not rep.conflict and rep.conflicting_pairs == 0
    assert [c.id for c in rep.claims] == ["fire-dead", "police-dead"]
    assert [c.id for c in rep.not_evidence] == ["union-dead", "paper-dead"]
    assert rep.others == []
    r = CliRunner().invoke(app, ["--root", str(root), "conflicts", "--all", "--format", "json"], env=ENV)
    [t] = json.loads(r.stdout)["topics"]
    assert [(c["id"], c["status"]) for c in t["not_evidence"]] == [("union-dead", "refuted"), ("paper-dead", "retracted")]
    assert t["high"] == 4  # the envelope of the compared claims only
    r = CliRunner().invoke(app, ["--root", str(root), "conflicts", "--all"], env=ENV)
    assert "union-dead (at least 11) is declared refuted: not evidence for or against the others" in r.stdout
    r = CliRunner().invoke(app, ["--root", str(root), "conflicts"], env=ENV)
    assert "No conflicting figures found" in r.stdout
