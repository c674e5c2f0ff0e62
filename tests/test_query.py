"""claimcheck.query: filters, sorting and the claim record, on a hand-made base."""

from __future__ import annotations

import pytest

from claimcheck.query import CSV_FIELDS, ClaimFilter, claim_record, csv_row, select, sort_claims
from claimcheck.xref import compute_evidence

from .xref_base import clm, make, src

SOURCES = [
    src("isis", "jihadist", "E"),
    src("amaq", "jihadist", part_of="isis", kind="outlet"),
    src("sohr", "independent", "C", kind="monitor"),
    src("sana", "government", "E", kind="outlet"),
    src("lwj", "coalition", "B", kind="outlet"),
]

CLAIMS = [
    clm("a", "isis", "more than 400", topic="sd/killed/gov", as_of="2018-05", outlets=["lwj"], tags=["casualties"]),
    clm("b", "amaq", "dozens", topic="sd/killed/isis", outlets=[{"outlet": "sana", "date": "2018-04-20",
                                                             "quote": "Dozens of terrorists were killed."}]),
    clm("c", "sohr", "about 300", topic="sd/killed/gov", as_of="2018-04-25", status="corroborated",
        notes="Counted by the monitor's network."),
    clm("d", "sohr", None, topic="ak/captured"),
    clm("e", "sana", "2017-11-09", topic="ak/captured", as_of="2017-11-09"),
]


@pytest.fixture
def base(tmp_path):
    return make(tmp_path, SOURCES, CLAIMS)


def ids(claims):
    return [c.id for c in claims]


@pytest.mark.parametrize("flt,want", [
    (ClaimFilter(), ["a", "b", "c", "d", "e"]),
    (ClaimFilter(topic="sd/*"), ["a", "b", "c"]),
    (ClaimFilter(topic="sd/killed/gov"), ["a", "c"]),
    (ClaimFilter(claimant="isis"), ["a", "b"]),         # amaq is part_of isis
    (ClaimFilter(claimant="amaq"), ["b"]),
    (ClaimFilter(outlet="sana"), ["b"]),
    (ClaimFilter(stance="independent"), ["c", "d"]),
    (ClaimFilter(outlet_stance="coalition"), ["a"]),
    (ClaimFilter(status="corroborated"), ["c"]),
    (ClaimFilter(evidence="contested"), ["a", "c"]),  # more than 400 vs about 300 [270..330]
    (ClaimFilter(evidence="single-source"), ["b", "e"]),
    (ClaimFilter(evidence="none"), ["d"]),
    (ClaimFilter(since="2018-05-20"), ["a"]),           # 2018-05 reaches the 20th
    (ClaimFilter(until="2018-04-20"), ["b", "e"]),      # b dated by its report
    (ClaimFilter(since="2018-04", until="2018-04"), ["b", "c"]),
    (ClaimFilter(search="TERRORISTS"), ["b"]),          # in a quote
    (ClaimFilter(search="network"), ["c"]),             # in notes
    (ClaimFilter(search="about 300"), ["c"]),           # figure as written
    (ClaimFilter(tag="casualties"), ["a"]),
    (ClaimFilter(topic="sd/*", stance="jihadist", tag="casualties"), ["a"]),
])
def test_filters(base, flt, want):
    assert ids(select(base, flt)) == want


def test_sort_keys_put_missing_values_last(base):
    ev = compute_evidence(base)
    cs = list(base.claims.values())
    assert ids(sort_claims(cs, "date")) == ["e", "b", "c", "a", "d"]
    assert ids(sort_claims(cs, "date", reverse=True)) == ["a", "c", "b", "e", "d"]
    assert ids(sort_claims(cs, "evidence", evidence=ev)) == ["a", "c", "e", "b", "d"]  # ties by topic
    assert ids(sort_claims(cs, "id")) == ["a", "b", "c", "d", "e"]
    with pytest.raises(ValueError):
        sort_claims(cs, "colour")


def test_sort_by_figure_orders_numbers(tmp_path):
    base = make(tmp_path, SOURCES, [clm("x", "isis", "500"), clm("y", "sohr", "dozens"), clm("z", "sana", "more than 40"),
                                    clm("q", "lwj", None)])
    cs = list(base.claims.values())
    assert ids(sort_claims(cs, "low")) == ["y", "z", "x", "q"]
    assert ids(sort_claims(cs, "high")) == ["y", "x", "z", "q"]  # open above sorts highest
    assert ids(sort_claims(cs, "best")) == ["z", "x", "q", "y"]  # no best: last, by topic then id


def test_claim_record_fields(base):
    ev = compute_evidence(base)
    r = claim_record(base, base.claims["a"], ev)
    assert r["id"] == "a" and r["claimant"] == "isis" and r["topic"] == "sd/killed/gov"
    assert (r["low"], r["high"], r["best"]) == (400, None, 400)
    assert r["figure"] == "more than 400" and r["evidence"] == "contested" and r["evidence_conflict"] == ["c"]
    assert r["outlets"] == ["lwj"] and r["as_of"] == "2018-05" and r["claimant_stance"] == "jihadist"
    d = claim_record(base, base.claims["d"], ev)
    assert (d["low"], d["high"], d["best"], d["evidence"], d["figure"]) == (None, None, None, None, None)
    e = claim_record(base, base.claims["e"], ev)
    assert (e["low"], e["high"], e["kind"]) == ("2017-11-09", "2017-11-09", "date")
    b = claim_record(base, base.claims["b"], ev)
    assert (b["low"], b["high"], b["best"]) == (12, 99, None)
    assert b["reported_by"] == [{"outlet": "sana", "date": "2018-04-20", "quote": "Dozens of terrorists were killed.", "url": None}]
    row = csv_row(r)
    assert len(row) == len(CSV_FIELDS) and row[CSV_FIELDS.index("high")] == ""
