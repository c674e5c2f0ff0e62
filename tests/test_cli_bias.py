"""`claimcheck sources`, `claimcheck source ID` and `claimcheck bias` through
the CLI, on the hand-made base of test_bias (its factors are worked out there):
tables, JSON shapes, CSV, filters, sorting, exit codes, and safe output of
hostile names."""

from __future__ import annotations

import csv
import io
import json

import pytest

from tests.helpers import BIAS_CLAIMS, BIAS_SOURCES, cli, make_base


@pytest.fixture
def root(tmp_path):
    return make_base(tmp_path, sources=BIAS_SOURCES, files={"claims/all.yaml": BIAS_CLAIMS})


# --- sources ---------------------------------------------------------------------


def test_sources_json_has_one_object_per_source_with_the_documented_fields(root):
    r = cli("--root", root, "sources", "--format", "json")
    assert r.exit_code == 0, r.output
    rows = json.loads(r.stdout)
    assert [x["id"] for x in rows] == ["amaq", "army", "coal", "front", "isis", "sohr", "wire"]
    isis = next(x for x in rows if x["id"] == "isis")
    for key in ("id", "name", "kind", "stance", "reliability", "suggested_reliability", "claims", "carried",
                "status", "inflation", "comparisons"):
        assert key in isis
    assert isis["name"] == "Islamic State" and isis["kind"] == "armed-group" and isis["stance"] == "jihadist"
    assert isis["reliability"] == "E" and isis["suggested_reliability"] == "C" and isis["reliability_flag"] is True
    assert isis["claims"] == 7 and isis["carried"] == 0
    assert isis["status"]["unverified"] == 5 and isis["status"]["refuted"] == 1
    assert isis["inflation"] == pytest.approx(4.8 ** 0.25, rel=1e-3) and isis["comparisons"] == 4
    army = next(x for x in rows if x["id"] == "army")
    assert army["inflation"] is None and army["comparisons"] == 2  # too few
    wire = next(x for x in rows if x["id"] == "wire")
    assert wire["carried"] == 4 and wire["stance_mix"] == {"jihadist": 2, "government": 1, "independent": 1}


def test_sources_filters_by_stance_and_kind(root):
    r = cli("--root", root, "sources", "--stance", "jihadist", "--format", "json")
    assert [x["id"] for x in json.loads(r.stdout)] == ["amaq", "isis"]
    r = cli("--root", root, "sources", "--kind", "military", "--kind", "monitor", "--format", "json")
    assert [x["id"] for x in json.loads(r.stdout)] == ["army", "coal", "sohr"]


def test_sources_unknown_stance_is_not_found_with_a_suggestion(root):
    """A named stance that does not exist exits 1, as in 'claims' and 'export'."""
    r = cli("--root", root, "sources", "--stance", "jihadi")
    assert r.exit_code == 1
    assert "did you mean 'jihadist'" in r.stderr


def test_sources_sort_by_inflation_puts_the_farthest_from_one_first(root):
    # isis x1.48 (|ln| 0.39), coal x0.77 (|ln| 0.26); the rest too few
    r = cli("--root", root, "sources", "--sort", "inflation", "--format", "json")
    assert [x["id"] for x in json.loads(r.stdout)][:2] == ["isis", "coal"]
    r = cli("--root", root, "sources", "--sort", "carried", "--format", "json")
    assert [x["id"] for x in json.loads(r.stdout)][:2] == ["wire", "amaq"]


def test_sources_csv_has_a_header_and_a_row_per_source(root):
    r = cli("--root", root, "sources", "--format", "csv")
    assert r.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert len(rows) == 7
    isis = next(x for x in rows if x["id"] == "isis")
    assert isis["suggested_reliability"] == "C" and isis["claims"] == "7" and isis["share_refuted"] == "0.1429"
    assert next(x for x in rows if x["id"] == "army")["inflation"] == ""


def test_sources_table_shows_grades_counts_and_too_few(root):
    r = cli("--root", root, "sources")
    assert r.exit_code == 0
    out = r.stdout
    line = next(x for x in out.splitlines() if x.startswith("isis "))
    assert "E>C !" in line and "x1.48 n=4" in line and "14%" in line
    line = next(x for x in out.splitlines() if x.startswith("army "))
    assert "too few n=2" in line
    assert "\x1b" not in out


def test_min_comparisons_must_be_positive(root):
    for cmd in ("sources", "bias"):
        r = cli("--root", root, cmd, "--min-comparisons", "0")
        assert r.exit_code == 2 and "--min-comparisons" in r.stderr


# --- source ID -------------------------------------------------------------------


def test_source_profile_lists_each_claim_with_its_deviation(root):
    r = cli("--root", root, "source", "isis")
    assert r.exit_code == 0, r.output
    out = r.stdout
    assert "Islamic State" in out and "E declared; C suggested" in out
    assert "x4.00: best 400 against 100, the median of 1 neutral figure(s)" in out
    assert "x2.40: best 600 against 250, the median of 2 other-stance figure(s)" in out
    assert "superseded: not compared" in out  # t1-isis-old
    assert "no reference: no independent claimant of another stance" in out  # t6-isis
    assert "a date: not compared" in out  # t5-date
    assert "Carried by" in out and "amaq" in out
    for topic in ("t1", "t2", "t3", "t4", "t5", "t6"):
        assert f"topic {topic};" in out


def test_source_profile_of_an_outlet_shows_whose_claims_it_carries(root):
    r = cli("--root", root, "source", "wire")
    assert r.exit_code == 0
    out = r.stdout
    assert "As outlet" in out and "4 claim(s), 0 in its own voice" in out
    assert "jihadist 2, government 1, independent 1" in out


def test_source_json(root):
    r = cli("--root", root, "source", "isis", "--format", "json")
    j = json.loads(r.stdout)
    assert j["id"] == "isis" and j["deviation"]["comparisons"] == 4
    by_id = {c["id"]: c for c in j["claims_list"]}
    assert by_id["t1-isis"]["ratio"] == pytest.approx(4.0) and by_id["t6-isis"]["ratio"] is None
    # computed evidence (cross-referencing): 400 against the monitor's 100 is
    # disjoint; nobody else gives a figure on t6; t1-isis-old has none (superseded)
    assert by_id["t1-isis"]["evidence"] == "contested" and by_id["t6-isis"]["evidence"] == "single-source"
    assert sum(j["evidence"].values()) == j["claims"] == 7
    assert j["carried_by"] == {"amaq": 2, "wire": 1}
    assert j["topics"] == {"t1": 2, "t2": 1, "t3": 1, "t4": 1, "t5": 1, "t6": 1}


def test_source_by_name_or_alias(root):
    r = cli("--root", root, "source", "islamic state", "--format", "json")
    assert r.exit_code == 0 and json.loads(r.stdout)["id"] == "isis"


def test_unknown_source_exits_1_with_did_you_mean(root):
    r = cli("--root", root, "source", "iss")
    assert r.exit_code == 1
    assert "no source 'iss'" in r.stderr and "did you mean 'isis'" in r.stderr


def test_no_base_exits_2(tmp_path):
    r = cli("--root", tmp_path / "nowhere", "bias")
    assert r.exit_code == 2


# --- bias --------------------------------------------------------------------


def test_bias_json_shape_and_factors(root):
    r = cli("--root", root, "bias", "--format", "json")
    assert r.exit_code == 0, r.output
    j = json.loads(r.stdout)
    assert set(j) >= {"stances", "claimants"}
    for entry in j["stances"] + j["claimants"]:
        assert set(entry) >= {"id", "comparisons", "inflation", "by_about"}
        assert set(entry["by_about"]) == {"own", "opposing", "unspecified"}
        for m in entry["by_about"].values():
            assert set(m) >= {"comparisons", "inflation"}
    jihadist = next(s for s in j["stances"] if s["id"] == "jihadist")
    assert jihadist["comparisons"] == 5
    assert jihadist["by_about"]["opposing"]["inflation"] == pytest.approx((4.0 * 2.4 * 3.0) ** (1 / 3), rel=1e-3)
    assert jihadist["by_about"]["own"] == {**jihadist["by_about"]["own"], "comparisons": 1, "inflation": None}
    wire = next(o for o in j["outlets"] if o["id"] == "wire")
    assert wire["stance_mix"] == {"jihadist": 2, "government": 1, "independent": 1}


def test_bias_min_comparisons_turns_too_few_into_a_factor(root):
    j = json.loads(cli("--root", root, "bias", "--format", "json", "--min-comparisons", "2").stdout)
    isis = next(c for c in j["claimants"] if c["id"] == "isis")
    assert isis["by_about"]["opposing"]["inflation"] == pytest.approx((4.0 * 2.4) ** 0.5, rel=1e-3)
    assert j["min_comparisons"] == 2


def test_bias_table_per_stance_then_claimant_with_chart_and_outlets(root):
    r = cli("--root", root, "bias")
    assert r.exit_code == 0, r.output
    lines = r.stdout.splitlines()
    jihadist = next(x for x in lines if x.startswith("jihadist "))
    assert "x1.70 (5/6)" in jihadist and "x3.07 (3/4)" in jihadist and "too few (1/1)" in jihadist
    isis = next(x for x in lines if x.startswith("  isis "))
    assert "x1.48 (4/5)" in isis and "too few (2/3)" in isis
    # stance rows come before their claimants
    assert lines.index(jihadist) < lines.index(isis)
    assert "log scale" in r.stdout and "reference 1" in r.stdout
    assert any("jihadist opposing x3.07" in x and "◆" in x for x in lines)
    wire = next(x for x in lines if x.startswith("wire "))
    assert "jihadist 2, government 1, independent 1" in wire


def test_bias_claims_lists_every_figure_and_its_reference(root):
    r = cli("--root", root, "bias", "--stance", "jihadist", "--claims")
    out = r.stdout
    assert "t1-isis  isis, about opposing (government)" in out
    assert "figure 400: x4.00: best 400 against 100" in out
    assert "figure 70: no reference" in out
    assert "t1-sohr" not in out  # another stance
    j = json.loads(cli("--root", root, "bias", "--stance", "jihadist", "--claims", "--format", "json").stdout)
    assert [c["id"] for c in j["claimants"]] == ["isis", "amaq"]
    assert {c["id"] for c in j["claims"]} == {"t1-isis", "t1-amaq", "t2-isis", "t3-isis", "t4-isis", "t6-isis"}


def test_hostile_names_reach_the_terminal_escaped(tmp_path):
    sources = BIAS_SOURCES.replace("name: A wire service", 'name: "[bold]Wire[/bold] \\e[31m"')
    root = make_base(tmp_path, sources=sources, files={"claims/all.yaml": BIAS_CLAIMS})
    r = cli("--root", root, "source", "wire")
    assert r.exit_code == 0, r.output
    assert "[bold]Wire[/bold] \\x1b[31m" in r.stdout and "\x1b" not in r.stdout
    r = cli("--root", root, "sources")
    assert "\x1b" not in r.stdout and "[bold]Wire" in r.stdout
