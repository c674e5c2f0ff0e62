"""Tables that fit the terminal: every table of the bundled base, at 80 and at
160 columns, shows every id whole (tests/whole_ids.py says what whole is);
``claims`` gives the topic and statement where there is room, ``sources``
full names and a suggested grade only where the record supports one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from claimcheck.base import open_base
from claimcheck.bias import Record
from claimcheck.model import Source

from .helpers import cli
from .whole_ids import broken_ids, known_ids

ROOT = Path(__file__).resolve().parents[1]
WIDTHS = (80, 160)


@pytest.fixture(scope="module")
def base():
    return open_base(ROOT)


@pytest.fixture(scope="module")
def ids(base):
    return known_ids(base)


def run(width: int, *args: str) -> str:
    r = cli("--root", ROOT, *args, env={"COLUMNS": str(width), "TERM": "dumb"}, exit_code=0)
    lines = r.stdout.split("\n")
    assert max(len(line.rstrip()) for line in lines) <= width, f"{args} is wider than {width} columns"
    return r.stdout


def test_the_helper_tells_whole_ids_from_cut_ones():
    ids = {"sohr-abu-kamal-abandoned", "counterpunch", "isis", "pompeo-russians-killed", "the-week"}
    assert broken_ids("sohr-abu-kamal-abandoned  isis", ids) == []
    assert broken_ids("x  sohr-abu-     y\n   kamal-       z\n   abandoned", ids) == []  # a cell, cut at hyphens
    assert broken_ids("a: sohr-abu-kamal-\nabandoned, and more", ids) == []  # prose
    assert broken_ids("by sohr-abu-kamal-\nabandoned", ids) == []  # the rest at the cell's left edge
    assert broken_ids("the cat is\nhere is", ids) == []  # words that only begin an id
    assert broken_ids("counterpun  x\nch          y", ids)  # cut mid-word
    assert broken_ids("sohr-abu-ka  x\nmal-abandoned", ids)
    assert broken_ids("pompeo-russians-kil\u2026", ids)  # cut with an ellipsis
    assert broken_ids("x  sohr-abu-\ny", ids)  # the rest is nowhere
    assert broken_ids("sohr-abu-  x\n      kamal-abandoned", ids)  # the rest right of the cut: another cell


LISTINGS = [
    ("claims",),
    ("sources",),
    ("conflicts", "--all", "--limit", "0"),
    ("bias", "--claims"),
    ("validate", "--show-ignored"),
]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("args", LISTINGS, ids=" ".join)
def test_every_id_in_a_listing_is_whole(ids, args, width):
    assert broken_ids(run(width, *args), ids) == []


#: Claims whose relations table holds long ids (cut at 80 columns by rich alone).
SOME_CLAIMS = ["al-masdar-saa-advancing-hajar-al-aswad-yarmouk", "newsweek-isis-patch-south-damascus",
               "newsweek-russia-entered-war-2015", "pompeo-russians-killed-deir-ezzor-2018-02-07"]
SOME_SOURCES = ["isis", "long-war-journal", "sohr", "hezbollah-social-media"]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("args", [("show", c) for c in SOME_CLAIMS] + [("source", s) for s in SOME_SOURCES],
                         ids=" ".join)
def test_every_id_shown_of_a_claim_or_a_source_is_whole(ids, args, width):
    assert broken_ids(run(width, *args), ids) == []


@pytest.mark.slow
@pytest.mark.parametrize("width", WIDTHS)
def test_every_claim_and_every_source_shows_its_ids_whole(base, ids, width):
    problems = {}
    for args in [("show", c) for c in base.claims] + [("source", s) for s in base.sources]:
        found = broken_ids(run(width, *args), ids)
        if found:
            problems[" ".join(args)] = found[:2]
    assert problems == {}


def test_claims_show_topic_and_statement_where_there_is_room(base):
    claim = base.claims["pompeo-russians-killed-deir-ezzor-2018-02-07"]
    wide = run(160, "claims", "--claimant", "pompeo")
    narrow = run(80, "claims", "--claimant", "pompeo")
    assert "topic / statement" in wide and claim.topic in wide
    words = wide.split()
    assert all(w in words for w in claim.statement.split())
    assert "statement" not in narrow and claim.topic not in narrow
    # the width is used: the rows reach the right edge
    assert max(len(line.rstrip()) for line in wide.split("\n")) > 150


def test_sources_show_full_names(base):
    for width in WIDTHS:
        out = run(width, "sources")
        words = " ".join(out.split())
        assert "\u2026" not in out
        for s in base.sources.values():
            assert all(w in words for w in s.name.split()), (width, s.name)
    wide = run(200, "sources")
    assert "Combined Joint Task Force - Operation Inherent Resolve" in wide  # one line when there is room


def test_sources_suggest_a_grade_only_where_the_record_supports_one():
    rows = json.loads(cli("--root", ROOT, "sources", "--format", "json").stdout)
    supported = {r["id"]: r["suggested_reliability"] for r in rows if r["suggested_reliability"] != "F"}
    assert supported and len(supported) < len(rows) / 2
    out = run(160, "sources")
    for r in rows:
        line = next(ln for ln in out.split("\n") if ln.startswith(r["id"] + " "))
        grade = r["reliability"] if r["reliability_declared"] else "F?"
        if r["id"] in supported:
            assert f" {grade}>{supported[r['id']]}" in line, line
        else:
            assert f" {grade} " in line and ">" not in line.split(grade, 1)[1], line


def test_a_suggested_f_is_no_suggestion():
    src = Source(id="x", name="X", stance="s")
    assert Record(source=src, suggested="F").suggestion is None
    assert Record(source=src, suggested="C").suggestion == "C"
