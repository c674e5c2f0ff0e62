"""CLI tests of claims, show and conflicts on a small hand-made base."""

from __future__ import annotations

import csv
import io
import json

import pytest

from tests.helpers import clm, cli, make_base, src

SOURCES = [
    src("isis", "jihadist", "E"),
    src("amaq", "jihadist", part_of="isis", kind="outlet"),
    src("sohr", "independent", "C", kind="monitor"),
    src("mod", "government", "D", kind="government"),
    src("pompeo", "coalition", "C", kind="official"),
    src("lwj", "coalition", "B", kind="outlet"),
    src("sana", "government", "E", kind="outlet"),
]

CLAIMS = [
    clm("ru-dozens", "mod", "dozens", topic="dez/killed/russians", as_of="2018-02",
        outlets=[{"outlet": "lwj", "date": "2018-05-01", "quote": "Dozens of Russians were reportedly killed."}]),
    clm("ru-hundreds", "pompeo", "a few hundred", topic="dez/killed/russians", as_of="2018-04", status="contested",
        outlets=[{"outlet": "lwj", "quote": "A few hundred Russians perished."}, "sana"]),
    clm("strikes-100", "isis", "more than 100", topic="sd/airstrikes", status="superseded", as_of="2018-04-20",
        outlets=["amaq", "lwj"]),
    clm("strikes-300", "isis", "more than 300", topic="sd/airstrikes", supersedes="strikes-100", as_of="2018-04"),
    clm("saa-killed", "isis", "more than 400", topic="sd/killed/gov", outlets=["lwj"], tags=["casualties"]),
    clm("saa-killed-sohr", "sohr", "about 450", topic="sd/killed/gov", status="corroborated", tags=["casualties"]),
    clm("holds", "sohr", None, topic="sd/control", statement="[bold]ISIS[/bold] holds \x1b[31mparts\x1b[0m."),
]


@pytest.fixture
def root(tmp_path):
    return make_base(tmp_path, sources=SOURCES, claims=[dict(c) for c in CLAIMS])


# --- claims ---------------------------------------------------------------------------


def test_claims_json_has_the_issue_fields(root):
    r = cli("--root", root, "claims", "--format", "json")
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    assert [d["id"] for d in data][:2] == ["ru-dozens", "ru-hundreds"]
    by = {d["id"]: d for d in data}
    for key in ("id", "statement", "claimant", "topic", "status", "evidence", "low", "high", "best"):
        assert key in by["ru-dozens"]
    assert (by["ru-dozens"]["low"], by["ru-dozens"]["high"], by["ru-dozens"]["best"]) == (12, 99, None)
    assert by["saa-killed"]["high"] is None and by["saa-killed"]["evidence"] == "corroborated"
    assert by["ru-hundreds"]["evidence"] == "contested"
    assert by["strikes-100"]["evidence"] is None and by["strikes-100"]["superseded_by"] == ["strikes-300"]
    assert by["holds"]["evidence"] is None and by["holds"]["low"] is None


@pytest.mark.parametrize("args,want", [
    (["--topic", "sd/*"], ["strikes-100", "strikes-300", "holds", "saa-killed", "saa-killed-sohr"]),
    (["--claimant", "isis"], ["strikes-100", "strikes-300", "saa-killed"]),
    (["--outlet", "sana"], ["ru-hundreds"]),
    (["--stance", "independent"], ["holds", "saa-killed-sohr"]),
    (["--outlet-stance", "jihadist"], ["strikes-100"]),
    (["--status", "contested"], ["ru-hundreds"]),
    (["--evidence", "contested"], ["ru-dozens", "ru-hundreds"]),
    (["--evidence", "none"], ["strikes-100", "holds"]),
    (["--since", "2018-04-15", "--until", "2018-04"], ["strikes-100", "ru-hundreds", "strikes-300"]),
    (["--search", "PERISHED"], ["ru-hundreds"]),
    (["--tag", "casualties", "--sort", "low"], ["saa-killed", "saa-killed-sohr"]),
    (["--sort", "high", "--reverse", "--topic", "dez/*"], ["ru-hundreds", "ru-dozens"]),
])
def test_claims_filters(root, args, want):
    r = cli("--root", root, "claims", *args, "--format", "json", "--sort", "topic") if "--sort" not in args else cli("--root", root, "claims", *args, "--format", "json")
    assert r.exit_code == 0, r.output
    got = [d["id"] for d in json.loads(r.stdout)]
    if "--sort" in args:
        assert got == want
    else:
        assert sorted(got) == sorted(want)


def test_claims_csv_is_parsed_back(root):
    r = cli("--root", root, "claims", "--format", "csv", "--topic", "dez/*")
    assert r.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert [row["id"] for row in rows] == ["ru-dozens", "ru-hundreds"]
    assert rows[1]["figure"] == "a few hundred" and rows[1]["low"] == "200" and rows[1]["outlets"] == "lwj; sana"


def test_claims_table_fits_80_columns_and_shows_figure_and_interval(root):
    r = cli("--root", root, "claims", env={"COLUMNS": "80"})
    assert r.exit_code == 0
    lines = r.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80
    assert "a few hundred" in r.stdout and "[200..500]" in r.stdout and "[400..open)" in r.stdout
    assert "\x1b" not in r.stdout
    assert "7 of 7 claims" in r.stdout


def test_claims_table_shows_markup_and_escapes_literally(root):
    r = cli("--root", root, "claims", "--search", "holds", "--format", "json")
    assert "[bold]" in json.loads(r.stdout)[0]["statement"]
    r = cli("--root", root, "show", "holds")
    assert r.exit_code == 0
    assert "[bold]ISIS[/bold]" in r.stdout and "\x1b" not in r.stdout


@pytest.mark.parametrize("args,code,msg", [
    (["--claimant", "isiss"], 1, "did you mean 'isis'"),
    (["--stance", "jihadi"], 1, "did you mean 'jihadist'"),
    (["--status", "true"], 2, "--status"),
    (["--evidence", "proven"], 2, "--evidence"),
    (["--since", "2018-13"], 2, "--since"),
    (["--sort", "colour"], 2, ""),
])
def test_claims_bad_options(root, args, code, msg):
    r = cli("--root", root, "claims", *args)
    assert r.exit_code == code
    assert msg in r.output


def test_no_base_exits_2(tmp_path):
    r = cli("--root", tmp_path, "conflicts")
    assert r.exit_code == 2


# --- show -----------------------------------------------------------------------------


def test_show_gives_attribution_evidence_revisions_and_neighbours(root):
    r = cli("--root", root, "show", "strikes-300")
    assert r.exit_code == 0, r.output
    out = r.stdout
    assert "claimant  isis" in out
    assert "-> amaq" not in out  # strikes-300 has no outlet
    assert "earlier  strikes-100" in out and "this     strikes-300" in out
    assert "superseded" in out
    r = cli("--root", root, "show", "ru-hundreds")
    out = r.stdout
    assert "-> lwj" in out and "A few hundred Russians perished." in out and "-> sana" in out
    assert "computed: contested" in out
    assert "conflict" in out and "ru-dozens" in out and "2.02x apart" in out


def test_show_explains_declared_status_that_disagrees(tmp_path):
    root = make_base(tmp_path, sources=SOURCES, claims=[clm("a", "isis", "300", status="corroborated"), clm("b", "amaq", "300")])
    r = cli("--root", root, "show", "a")
    assert "Declared status disagrees (CC505)" in r.stdout
    assert "repetition" in r.stdout  # b is amaq, part of isis
    j = json.loads(cli("--root", root, "show", "a", "--format", "json").stdout)
    assert j["evidence"] == "single-source"
    assert j["relations"] == [{"id": "b", "claimant": "amaq", "relation": "agree", "independent": False,
                               "stances": "same-stance", "ratio": None, "gap_days": None}]


def test_show_unknown_id_exits_1_with_did_you_mean(root):
    r = cli("--root", root, "show", "ru-hundrets")  # not the start of an id (a start names its id: tests/test_id_prefixes.py)
    assert r.exit_code == 1
    assert "no claim 'ru-hundrets'" in r.output and "did you mean 'ru-hundreds'" in r.output


# --- conflicts ------------------------------------------------------------------------


def test_conflicts_json_shape(root):
    r = cli("--root", root, "conflicts", "--format", "json")
    assert r.exit_code == 0
    data = json.loads(r.stdout)
    assert [t["topic"] for t in data["topics"]] == ["dez/killed/russians"]
    t = data["topics"][0]
    assert t["conflict"] is True and (t["low"], t["high"]) == (12, 500)
    # conservative: graded A-D are mod (D, low 12) and pompeo (C, low 200): 12
    assert (t["best"], t["best_rule"], t["best_claims"]) == (12, "conservative", ["ru-dozens"])
    assert t["claims"] == [
        {"id": "ru-dozens", "claimant": "mod", "stance": "government", "reliability": "D", "figure": "dozens",
         "low": 12, "high": 99, "best": None, "as_of": "2018-02", "date": "2018-02", "outlets": ["lwj"], "evidence": "contested"},
        {"id": "ru-hundreds", "claimant": "pompeo", "stance": "coalition", "reliability": "C",
         "figure": "a few hundred", "low": 200, "high": 500, "best": None, "as_of": "2018-04", "date": "2018-04",
         "outlets": ["lwj", "sana"], "evidence": "contested"},
    ]
    assert t["pairs"] == [{"a": "ru-dozens", "b": "ru-hundreds", "relation": "conflict", "ratio": 2.0202,
                           "gap_days": None, "stances": "cross-stance"}]
    assert (t["conflicting_pairs"], t["agreeing_pairs"]) == (1, 0)


def test_conflicts_all_adds_agreeing_topics_and_revisions(root):
    data = json.loads(cli("--root", root, "conflicts", "--all", "--format", "json").stdout)
    topics = {t["topic"]: t for t in data["topics"]}
    assert list(topics)[0] == "dez/killed/russians"
    assert set(topics) == {"dez/killed/russians", "sd/airstrikes", "sd/killed/gov"}
    sd = topics["sd/airstrikes"]
    assert sd["conflict"] is False and [c["id"] for c in sd["claims"]] == ["strikes-300"]
    assert [(r["id"], r["superseded_by"]) for r in sd["revisions"]] == [("strikes-100", ["strikes-300"])]
    gov = topics["sd/killed/gov"]
    assert gov["pairs"] == [{"a": "saa-killed", "b": "saa-killed-sohr", "relation": "agree", "ratio": None,
                             "gap_days": None, "stances": "cross-stance"}]


@pytest.mark.parametrize("rule,best,claims", [
    ("conservative", 12, ["ru-dozens"]),
    ("reliable", 350, ["ru-hundreds"]),       # pompeo C beats mod D; midpoint of [200..500]
    ("neutral", 202.75, ["ru-dozens", "ru-hundreds"]),  # no neutral claimant: median of 55.5 and 350
])
def test_conflicts_best_rules(root, rule, best, claims):
    t = json.loads(cli("--root", root, "conflicts", "--best", rule, "--format", "json").stdout)["topics"][0]
    assert (t["best"], t["best_rule"], t["best_claims"]) == (best, rule, claims)


def test_conflicts_min_ratio_and_topic(root):
    assert json.loads(cli("--root", root, "conflicts", "--min-ratio", "2.5", "--format", "json").stdout)["topics"] == []
    assert len(json.loads(cli("--root", root, "conflicts", "--min-ratio", "2", "--format", "json").stdout)["topics"]) == 1
    data = json.loads(cli("--root", root, "conflicts", "--topic", "sd/*", "--format", "json").stdout)
    assert data["topics"] == []
    r = cli("--root", root, "conflicts", "--topic", "sd/airstrike")
    assert r.exit_code == 1 and "did you mean 'sd/airstrikes'" in r.output


def test_conflicts_table_and_chart_plain_off_terminal(root):
    r = cli("--root", root, "conflicts")
    assert r.exit_code == 0
    out = r.stdout
    assert "\x1b" not in out
    assert "dez/killed/russians" in out and "CONFLICT 2.0x" in out
    for col in ("claimant", "stance", "rel", "figure", "interval", "as of", "outlets"):
        assert col in out
    assert "a few hundred" in out and "[200..500]" in out
    assert "━" in out and "log scale" in out  # 12..500 spans more than 10x
    assert "best (conservative) 12" in out
    assert "conflict 2.02x" in out


def test_conflicts_none_found_exits_0(tmp_path):
    root = make_base(tmp_path, sources=SOURCES, claims=[clm("a", "sohr", "10")])
    r = cli("--root", root, "conflicts")
    assert r.exit_code == 0 and "No conflicting figures" in r.stdout
