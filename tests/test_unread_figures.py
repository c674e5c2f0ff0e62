"""A figure the grammar cannot read is visible where the claim is shown
(show, claims, conflicts and their JSON), not only as CC401 on stderr."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from claimcheck.base import open_base
from claimcheck.cli import app
from claimcheck.records.claims import ClaimJSON, claim_record
from claimcheck.xref import compute_evidence, unread_figures

from .helpers import clm, make_base, src

ENV = {"COLUMNS": "200", "NO_COLOR": "1", "GITHUB_ACTIONS": "", "FORCE_COLOR": ""}
LOADS = "'loads of' - no form of the figure-phrase table reads it"


@pytest.fixture
def root(tmp_path):
    return make_base(tmp_path, sources=[src("fire", "independent", "B"), src("union", "jihadist", "C"),
                                        src("mayor", "government", "C")], claims=[
        clm("fire-dead", "fire", "4", topic="fire/dead"),
        clm("mayor-dead", "mayor", "40", topic="fire/dead"),
        clm("union-dead", "union", "loads of", topic="fire/dead"),
        clm("union-hurt", "union", "20-10", topic="fire/hurt"),
        clm("fire-hurt", "fire", "12", topic="fire/hurt"),
    ])


def _run(root, *args):
    return CliRunner().invoke(app, ["--root", str(root), *args], env=ENV)


def test_the_model_keeps_the_figure_as_written_and_why_it_was_not_read(root):
    base = open_base(root)
    c = base.claims["union-dead"]
    assert (c.figure, c.figure_text, c.figure_error) == (None, "loads of", LOADS)
    assert base.claims["union-hurt"].figure_error == "'20-10' - the range runs backwards (20 > 10)"
    assert base.claims["fire-dead"].figure_error is None
    assert [c.id for c in unread_figures(base)] == ["union-dead", "union-hurt"]
    assert [c.id for c in unread_figures(base, "fire/h*")] == ["union-hurt"]


def test_show_says_the_figure_was_not_understood(root):
    r = _run(root, "show", "union-dead")
    assert r.exit_code == 0, r.output
    assert f"figure  not understood: {LOADS}" in r.stdout
    assert f"Figure not understood: {LOADS}. Until it is fixed" in r.stdout
    r = _run(root, "show", "fire-dead")
    assert "figure-not-understood" in r.stdout and "figure not understood: not compared" in r.stdout
    doc = json.loads(_run(root, "show", "union-dead", "--format", "json").stdout)
    assert (doc["figure"], doc["figure_error"], doc["evidence"]) == ("loads of", LOADS, None)


def test_claims_json_and_table_say_so(root):
    data = {d["id"]: d for d in json.loads(_run(root, "claims", "--format", "json").stdout)}
    assert data["union-dead"]["figure_error"] == LOADS and data["union-dead"]["figure"] == "loads of"
    assert data["fire-dead"]["figure_error"] is None
    base = open_base(root)
    ev = compute_evidence(base)
    enc = ClaimJSON(base, ev)
    for c in base.claims.values():  # the fast encoder writes what claim_record holds
        assert json.loads(enc(c)) == claim_record(base, c, ev)
        assert enc(c) == json.dumps(claim_record(base, c, ev), ensure_ascii=False)
    table = _run(root, "claims").stdout
    assert "loads of" in table and "not understood" in table


def test_conflicts_lists_the_topics_uncompared_claims_with_the_reason(root):
    r = _run(root, "conflicts")
    assert r.exit_code == 0
    assert f"not compared: union-dead, figure not understood: {LOADS}" in r.stdout
    # fire/hurt has no conflict left to list: its claim is named at the end
    assert "1 claim(s) on other topics have a figure not understood and are compared with nothing:" in r.stdout
    assert "union-hurt (fire/hurt): figure not understood: '20-10' - the range runs backwards (20 > 10)" in r.stdout
    r = _run(root, "conflicts", "--all")
    assert "on other topics" not in r.stdout
    assert "not compared: union-hurt, figure not understood: '20-10'" in r.stdout
    topics = {t["topic"]: t for t in json.loads(_run(root, "conflicts", "--all", "--format", "json").stdout)["topics"]}
    assert topics["fire/dead"]["figure_not_understood"] == [{"id": "union-dead", "figure": "loads of", "error": LOADS}]
    assert topics["fire/dead"]["uncompared"] == []
