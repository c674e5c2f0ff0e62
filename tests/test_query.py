"""claimcheck.query: filters, sorting and the claim record, on a hand-made base."""

from __future__ import annotations

import pytest

from claimcheck.records.claims import CSV_FIELDS, claim_record, csv_row
from claimcheck.query import ClaimFilter, select, sort_claims
from claimcheck.xref import compute_evidence

from tests.helpers import clm, make_base, open_valid, src

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
    return open_valid(make_base(tmp_path, sources=SOURCES, claims=CLAIMS))


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
    base = open_valid(make_base(tmp_path, sources=SOURCES, claims=[
        clm("x", "isis", "500"),
        clm("y", "sohr", "dozens"),
        clm("z", "sana", "more than 40"),
        clm("q", "lwj", None),
    ]))
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


# --- ClaimJSON: the text of claim_record, written without the dict -------------------

import json  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from claimcheck.base import open_base  # noqa: E402
from claimcheck.figures import Figure  # noqa: E402
from claimcheck.model import Appearance, Base, Claim, Rating, Review, Source, Stance  # noqa: E402
from claimcheck.records.claims import ClaimJSON  # noqa: E402
from claimcheck.xref import Evidence  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def _dumps(record: dict) -> str:
    return json.dumps(record, ensure_ascii=False)


def test_claim_json_is_json_dumps_of_claim_record_on_the_bundled_base():
    base = open_base(ROOT)
    ev = compute_evidence(base)
    write = ClaimJSON(base, ev)
    assert len(base.claims) > 100
    for c in base.claims.values():
        assert write(c) == _dumps(claim_record(base, c, ev)), c.id
    assert ClaimJSON(base, None)(c) == _dumps(claim_record(base, c, None))


def test_claim_json_on_a_generated_base_with_broken_records(tmp_path):
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from generate import generate

    generate(tmp_path, 1500, 3, 20, 0.3, 0.05, seed=3)
    base = open_base(tmp_path)
    ev = compute_evidence(base)
    write = ClaimJSON(base, ev)
    kinds = {c.figure.kind for c in base.claims.values() if c.figure}
    assert "number" in kinds and base.superseded_by and base.errors
    for c in base.claims.values():
        assert write(c) == _dumps(claim_record(base, c, ev)), c.id


_text = st.text(st.characters(codec="utf-8"), max_size=12) | st.sampled_from(['"', "\\", "\x1b[31m", "\u202e", "\n\t", "é"])
_opt = st.none() | _text
_bound = st.one_of(st.integers(0, 10**20), st.floats(0, 1e12, allow_nan=False), st.just(2.0**53), st.just(0.1 + 0.2))


@st.composite
def _claims(draw):
    low = draw(_bound)
    kind = draw(st.sampled_from(["number", "percent", "date", None]))
    if kind == "date":  # day ordinals of real dates
        low = draw(st.integers(700000, 740000))
        high = draw(st.none() | st.integers(low, 740000))
    else:
        high = draw(st.none() | st.just(low) | _bound.map(lambda h: max(h, low)))
    fig = None if kind is None else Figure(draw(_text), float(low), None if high is None else float(high),
                                          draw(st.none() | st.just(float(low))), kind)
    apps = tuple(Appearance(draw(_text), draw(_opt), draw(_opt), draw(_opt)) for _ in range(draw(st.integers(0, 3))))
    num = st.none() | st.integers(-5, 10) | st.floats(0, 10, allow_nan=False)
    reviews = tuple(Review(draw(_text), draw(_opt), draw(_opt), Rating(draw(_opt), draw(num), draw(num), draw(num)),
                           draw(_opt), draw(_opt), draw(_opt), draw(st.sampled_from(["refuted", "unverified"])))
                    for _ in range(draw(st.integers(0, 2))))
    claim = Claim(draw(_text), draw(_text), draw(st.sampled_from(["known", "unknown"])), draw(_text), draw(_text),
                  about=draw(_opt), figure_text=draw(_opt) if fig is None else fig.text, figure=fig, as_of=draw(_opt),
                  reported_by=apps, reviews=reviews, supersedes=draw(_opt), tags=tuple(draw(st.lists(_text, max_size=3))),
                  notes=draw(_opt), rel=draw(_text))
    ev = draw(st.none() | st.builds(Evidence, st.sampled_from([None, "mixed", "corroborated"]),
                                    st.lists(_text, max_size=3).map(tuple), st.lists(_text, max_size=3).map(tuple),
                                    st.booleans(), st.integers(0, 9), st.integers(0, 9), st.integers(0, 9)))
    return claim, ev, draw(st.lists(_text, max_size=2))


@given(_claims())
def test_claim_json_is_json_dumps_of_claim_record_for_any_claim(drawn):
    claim, ev, superseding = drawn
    base = Base(root=Path("."))
    base.stances["s"] = Stance("s", "S")
    base.sources["known"] = Source("known", "Known \"name\"\x00", "s", reliability="B")
    base.claims[claim.id] = claim
    for n, sid in enumerate(superseding):
        base.claims[f"{sid}-{n}"] = Claim(f"{sid}-{n}", "x", "known", "t", "unverified", supersedes=claim.id)
    evidence = {claim.id: ev} if ev is not None else {}
    write = ClaimJSON(base, evidence)
    assert write(claim) == _dumps(claim_record(base, claim, evidence))
    assert write(claim) == _dumps(claim_record(base, claim, evidence))  # from the caches
