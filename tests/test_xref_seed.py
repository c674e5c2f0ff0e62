"""The bundled seed base through `claimcheck conflicts`: the cross-references
the seed issue requires come out of the data (topic and claim ids as written
in claims/*.yaml)."""

from __future__ import annotations

import json

import pytest

from tests.helpers import REPO as ROOT, cli

RUSSIANS = "deir-ezzor-2018-02-07/killed/russians"
AIRSTRIKES = "south-damascus-2018/airstrikes/government-and-russia"
SD_GOV = "south-damascus-2018/killed/government-forces"
SD_ISIS = "south-damascus-2018/killed/isis-fighters"
ABU_KAMAL = "abu-kamal-2017/capture-date/pro-government-forces"
ABU_KAMAL_RECAPTURE = "abu-kamal-2017/recapture-date/pro-government-forces"
RUSSIA_ENTRY = "russia-intervention/start-date/russia"
WAR_START = "syria-war/start-date/all-sides"


@pytest.fixture(scope="module")
def topics():
    data = json.loads(cli("--root", ROOT, "conflicts", "--all", "--format", "json", exit_code=0).stdout)
    return {t["topic"]: t for t in data["topics"]}


def test_russian_death_toll_conflict_is_the_most_severe(topics):
    data = json.loads(cli("--root", ROOT, "conflicts", "--format", "json", exit_code=0).stdout)
    assert data["topics"][0]["topic"] == RUSSIANS
    t = topics[RUSSIANS]
    assert t["conflict"] is True
    assert {c["id"]: (c["figure"], c["low"], c["high"]) for c in t["claims"]} == {
        "unattributed-russians-killed-deir-ezzor-2018-02-07": ("dozens", 12, 99),
        "pompeo-russians-killed-deir-ezzor-2018-02-07": ("a few hundred", 200, 500),
    }
    assert t["pairs"] == [{
        "a": "pompeo-russians-killed-deir-ezzor-2018-02-07",
        "b": "unattributed-russians-killed-deir-ezzor-2018-02-07",
        "relation": "conflict", "ratio": 2.0202, "gap_days": None, "stances": "cross-stance",
    }]
    assert (t["low"], t["high"]) == (12, 500)


def test_isis_airstrike_revision_is_shown_not_compared(topics):
    t = topics[AIRSTRIKES]
    assert t["conflict"] is False and t["cumulative"] is True
    assert [c["id"] for c in t["claims"]] == ["isis-airstrikes-south-damascus-300"]
    assert [(r["id"], r["figure"], r["superseded_by"]) for r in t["revisions"]] == [
        ("isis-airstrikes-south-damascus-100", "more than 100", ["isis-airstrikes-south-damascus-300"])
    ]
    assert t["pairs"] == []


def test_south_damascus_casualty_claims_of_each_side(topics):
    gov = {c["id"]: c for c in topics[SD_GOV]["claims"]}
    assert gov["isis-saa-killed-south-damascus"]["stance"] == "jihadist"
    assert (gov["isis-saa-killed-south-damascus"]["low"], gov["isis-saa-killed-south-damascus"]["high"]) == (400, None)
    isis = {c["id"]: c for c in topics[SD_ISIS]["claims"]}
    assert (isis["sohr-isis-killed-south-damascus"]["low"], isis["sohr-isis-killed-south-damascus"]["high"]) == (100, 110)
    assert topics[SD_GOV]["high"] is None  # open above


def test_abu_kamal_capture_and_recapture_are_two_topics_not_an_11_day_conflict(topics):
    # Issue 18: the recapture was reported on 20 November (it came no later);
    # compared with the 9 November capture on one topic it made an 11-day
    # conflict no report makes. Each event is now its own date topic.
    capture = topics[ABU_KAMAL]
    assert capture["conflict"] is False and capture["kind"] == "date"
    assert {c["id"] for c in capture["claims"]} == {
        "syrian-army-abu-kamal-captured-2017-11-09", "sohr-abu-kamal-abandoned-2017-11-09",
    }
    assert [(p["a"], p["b"], p["relation"], p["gap_days"], p["stances"]) for p in capture["pairs"]] == [
        ("sohr-abu-kamal-abandoned-2017-11-09", "syrian-army-abu-kamal-captured-2017-11-09", "agree", None, "cross-stance"),
    ]
    assert (capture["low"], capture["high"], capture["best"]) == ("2017-11-09", "2017-11-09", "2017-11-09")

    recapture = topics[ABU_KAMAL_RECAPTURE]
    assert recapture["conflict"] is False and recapture["kind"] == "date"
    # Gerasimov's "are being wiped out in the Al-Bukamal area" (20 November)
    # sits on the date topic, beside the Lebanese report of the same day
    assert [(p["a"], p["b"], p["relation"], p["stances"]) for p in recapture["pairs"]] == [
        ("gerasimov-terrorists-wiped-out-al-bukamal", "lebanese-media-abu-kamal-recaptured-2017-11-20", "agree", "cross-stance"),
    ]
    assert (recapture["low"], recapture["high"]) == ("2017-11-20", "2017-11-20")


def test_default_report_shows_only_the_russian_death_toll():
    out = cli("--root", ROOT, "conflicts", exit_code=0).stdout
    assert RUSSIANS in out and "a few hundred" in out and "dozens" in out and "\x1b" not in out
    assert "abu-kamal" not in out and "11 days" not in out
    data = json.loads(cli("--root", ROOT, "conflicts", "--format", "json", exit_code=0).stdout)
    assert [t["topic"] for t in data["topics"]] == [RUSSIANS]


def test_no_declared_status_contradicts_the_computed_evidence():
    # CC505 is to warn for declared corroborated against computed mixed too
    # (issue 18); the bundled base must trip none of its cases
    data = json.loads(cli("--root", ROOT, "claims", "--format", "json", exit_code=0).stdout)
    assert [(d["id"], d["evidence"]) for d in data if d["status"] == "corroborated"
            and d["evidence"] in ("mixed", "single-source", "contested")] == []
    assert [(d["id"], d["evidence"]) for d in data if d["status"] == "contested" and d["evidence"] == "corroborated"] == []


def test_russia_entry_year_corroborates_the_month():
    # Newsweek's "entered the conflict" in 2015 as figure "year 2015": Whitney's
    # September 2015 falls inside it, across stances
    data = {d["id"]: d for d in json.loads(cli("--root", ROOT, "claims", "--topic", RUSSIA_ENTRY, "--format", "json", exit_code=0).stdout)}
    assert set(data) == {"newsweek-russia-entered-war-2015", "mike-whitney-russia-campaign-began-2015-09"}
    nw, mw = data["newsweek-russia-entered-war-2015"], data["mike-whitney-russia-campaign-began-2015-09"]
    assert (nw["kind"], nw["low"], nw["high"]) == ("date", "2015-01-01", "2015-12-31")
    assert (mw["low"], mw["high"]) == ("2015-09-01", "2015-09-30")
    for d in (nw, mw):
        assert (d["evidence"], d["cross_stance"], d["status"]) == ("corroborated", True, "corroborated")


def test_war_start_is_not_corroborated_by_a_rounded_age():
    # Newsweek's "turned seven years old" (March 2018) as a start date; Whitney's
    # "7 year-long war" (November 2017) is a rounded age and is not compared
    data = {d["id"]: d for d in json.loads(cli("--root", ROOT, "claims", "--topic", WAR_START, "--format", "json", exit_code=0).stdout)}
    nw, mw = data["newsweek-syria-war-seven-years"], data["mike-whitney-syria-war-7-years"]
    assert (nw["kind"], nw["low"], nw["high"]) == ("date", "2011-03-01", "2011-03-31")
    assert (nw["evidence"], nw["cross_stance"]) == ("single-source", False)
    assert mw["figure"] is None and mw["evidence"] is None
    t = json.loads(cli("--root", ROOT, "conflicts", "--all", "--topic", WAR_START, "--format", "json", exit_code=0).stdout)["topics"][0]
    assert t["pairs"] == [] and t["uncompared"] == ["mike-whitney-syria-war-7-years"]


def test_seed_evidence_of_the_russian_claims():
    data = json.loads(cli("--root", ROOT, "claims", "--topic", RUSSIANS, "--format", "json", exit_code=0).stdout)
    assert {d["id"]: d["evidence"] for d in data} == {
        "unattributed-russians-killed-deir-ezzor-2018-02-07": "contested",
        "pompeo-russians-killed-deir-ezzor-2018-02-07": "contested",
    }


def test_seed_base_has_no_status_warning():
    r = cli("--root", ROOT, "validate", "--format", "json")
    assert not [d for d in json.loads(r.stdout)["diagnostics"] if d["code"] == "CC505"]


def test_the_docs_show_the_current_answers_of_the_bundled_base():
    # docs/bundled-base.md pastes these outputs (COLUMNS=100, no colour);
    # a data change that alters them must update that page too
    section = (ROOT / "docs" / "bundled-base.md").read_text(encoding="utf-8")

    def block(*args):
        return "\n".join(line.rstrip() for line in cli("--root", ROOT, *args, exit_code=0).stdout.rstrip("\n").split("\n"))

    assert block("conflicts") in section
    assert block("conflicts", "--all", "--topic", "abu-kamal-2017/*capture-date*") in section
    bias_out = block("bias")
    assert bias_out[:bias_out.index("INFLATION: geometric")].rstrip() in section
    assert bias_out[bias_out.index("Outlets:"):] in section
