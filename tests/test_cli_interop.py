"""``claimcheck export`` and ``claimcheck import`` through the CLI.

The base is tests/fixtures/bases/checkdesk/ (7 claims: 5 with a reviewing status,
1 unverified, 1 superseded); tests/fixtures/README.md works out the export by hand.
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3

import pytest

from claimcheck.base import open_base

from tests.helpers import CHECKDESK_CLAIMS, CHECKDESK_SOURCES, cli, fixture_json, make_base

EMPTY_SOURCES = """\
# the test's own empty base
stances:
  independent: {description: No side in the conflict, neutral: true}
sources:
  - id: desk
    name: Our Desk
    kind: outlet
    stance: independent
"""


@pytest.fixture
def root(tmp_path):
    return make_base(tmp_path / "a", sources=CHECKDESK_SOURCES, files={"claims/town.yaml": CHECKDESK_CLAIMS})


@pytest.fixture
def empty(tmp_path):
    return make_base(tmp_path / "e", sources=EMPTY_SOURCES)


def snapshot(root):
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
            and not p.name.startswith(".")}


# --- export ---------------------------------------------------------------


def test_export_claimreview_is_a_datafeed_of_the_reviewed_claims(root):
    r = cli("--root", root, "export")
    assert r.exit_code == 0, r.output
    feed = json.loads(r.stdout)
    assert feed["@type"] == "DataFeed"
    assert [e["url"].rsplit("/", 1)[1] for e in feed["dataFeedElement"]] == [
        "gov-strike", "monitor-count", "rebel-claim", "analyst-says", "gov-new"]
    assert "2 claim(s) not exported: status unverified or superseded" in r.stderr
    assert "</script>" not in r.stdout


def test_export_lines_gives_one_review_per_line(root):
    r = cli("--root", root, "export", "--format", "claimreview", "--lines")
    assert r.exit_code == 0
    lines = r.stdout.splitlines()
    assert len(lines) == 5
    assert all(json.loads(x)["@type"] == "ClaimReview" and json.loads(x)["@context"] == "https://schema.org" for x in lines)


def test_export_warns_once_per_reason_for_the_claims_it_must_skip(tmp_path):
    """Up to three claims skipped for one reason are named one by one; more are
    summed up in one line with the first ids, so the reason is not buried."""
    sources = CHECKDESK_SOURCES.replace("  review_url: https://checkdesk.example/checks/{id}\n", "")
    r = cli("--root", make_base(tmp_path, sources=sources, files={"claims/town.yaml": CHECKDESK_CLAIMS}), "export")
    assert r.exit_code == 0
    assert json.loads(r.stdout)["dataFeedElement"] == []
    assert r.stderr.count("no review url") == 1
    assert "5 claims not exported (gov-strike, " in r.stderr


def test_claims_filters_apply_to_every_export(root, tmp_path):
    r = cli("--root", root, "export", "--status", "refuted")
    assert sorted(e["url"].rsplit("/", 1)[1] for e in json.loads(r.stdout)["dataFeedElement"]) == ["gov-new", "gov-strike"]
    # --claimant includes sources part_of it; csv rows are claims
    r = cli("--root", root, "export", "--format", "csv", "--claimant", "gov")
    assert [row[0] for row in list(csv.reader(io.StringIO(r.stdout)))[1:]] == ["gov-strike", "gov-old", "gov-new"]
    r = cli("--root", root, "export", "--format", "json", "--tag", "strike")
    assert [c["id"] for c in json.loads(r.stdout)] == ["gov-strike"]
    r = cli("--root", root, "export", "--format", "jsonl", "--since", "2018-05", "--until", "2018-06-30")
    assert [json.loads(x)["id"] for x in r.stdout.splitlines()] == ["gov-strike", "analyst-says"]
    r = cli("--root", root, "export", "--format", "jsonl", "--outlet-stance", "independent")
    assert [json.loads(x)["id"] for x in r.stdout.splitlines()] == ["gov-strike"]
    db = tmp_path / "f.db"
    r = cli("--root", root, "export", "--format", "sqlite", "-o", str(db), "--search", "ministry")
    assert r.exit_code == 0
    assert sqlite3.connect(db).execute("SELECT id FROM claims ORDER BY id").fetchall() == [
        ("gov-new",), ("gov-old",), ("gov-strike",)]
    r = cli("--root", root, "export", "--topic", "nothing*")
    assert json.loads(r.stdout)["dataFeedElement"] == []


def test_export_json_holds_what_claims_json_holds(root):
    claims = json.loads(cli("--root", root, "claims", "--format", "json", "--sort", "id").stdout)
    exported = json.loads(cli("--root", root, "export", "--format", "json").stdout)
    assert sorted(exported, key=lambda r: r["id"]) == claims


def test_export_json_holds_the_claim_records(root):
    from claimcheck.records.claims import claim_record
    from claimcheck.xref import compute_evidence

    base = open_base(root)
    ev = compute_evidence(base)
    want = [claim_record(base, c, ev) for c in base.claims.values()]
    r = cli("--root", root, "export", "--format", "json")
    assert r.exit_code == 0
    assert json.loads(r.stdout) == json.loads(json.dumps(want))
    for rec in json.loads(r.stdout):
        assert {"id", "statement", "claimant", "topic", "status", "evidence", "low", "high", "best"} <= set(rec)


def test_export_csv_guards_formulas(root):
    r = cli("--root", root, "export", "--format", "csv")
    rows = list(csv.reader(io.StringIO(r.stdout)))
    rebel = next(row for row in rows if row[0] == "rebel-claim")
    assert rebel[1] == '\'=HYPERLINK("http://evil.example") rebels say </script> 500 died'


def test_export_to_a_file_writes_nothing_on_stdout(root, tmp_path):
    out = tmp_path / "feed.json"
    r = cli("--root", root, "export", "-o", str(out))
    assert r.exit_code == 0 and r.stdout == ""
    assert len(json.loads(out.read_text())["dataFeedElement"]) == 5
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == ["feed.json"]


def test_export_sqlite(root, tmp_path):
    db = tmp_path / "base.db"
    r = cli("--root", root, "export", "--format", "sqlite", "-o", str(db))
    assert r.exit_code == 0, r.output
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA foreign_key_check").fetchall() == []
    assert con.execute("SELECT count(*) FROM claims").fetchone() == (7,)
    assert "7 claims" in r.stderr


@pytest.mark.parametrize(
    "args,message",
    [(["export", "--claimant", "gvo"], "no source 'gvo'"), (["export", "--format", "csv", "--outlet-stance", "neutral"], "no stance")],
)
def test_export_of_an_unknown_source_or_stance_exits_1(root, args, message):
    r = cli("--root", root, *args)
    assert r.exit_code == 1 and message in r.stderr and r.stdout == ""


@pytest.mark.parametrize(
    "args,message",
    [
        (["export", "--format", "sqlite"], "needs -o FILE"),
        (["export", "--format", "csv", "--lines"], "--lines applies"),
        (["export", "--status", "bogus"], "--status: 'bogus' is not one of"),
        (["export", "--since", "May 2018"], "is not a date"),
        (["export", "--evidence", "maybe"], "--evidence: 'maybe' is not one of"),
        (["export", "-o", "/nonexistent-folder/x.json"], "does not exist"),
    ],
)
def test_export_usage_errors_exit_2(root, args, message):
    r = cli("--root", root, *args)
    assert r.exit_code == 2 and message in r.stderr


# --- import ---------------------------------------------------------------

# Two ClaimReview records to import (a Person claimant, an appearance list; an author
# named by a string, an existing source by name).
ONE, TWO = fixture_json("feeds/import.json")


@pytest.mark.parametrize(
    "shape",
    ["object", "list", "datafeed", "jsonlines"],
)
def test_import_each_shape(empty, tmp_path, shape):
    docs = {
        "object": json.dumps(ONE),
        "list": json.dumps([ONE, TWO]),
        "datafeed": json.dumps({"@context": "https://schema.org", "@type": "DataFeed", "dataFeedElement": [ONE, TWO]}),
        "jsonlines": json.dumps(ONE) + "\n" + json.dumps(TWO) + "\n",
    }
    feed = tmp_path / "feed.json"
    feed.write_text(docs[shape])
    r = cli("--root", empty, "import", "claimreview", str(feed))
    assert r.exit_code == 0, r.output
    base = open_base(empty)
    assert base.errors == 0, base.diagnostics
    claims = {c.statement: c for c in base.claims.values()}
    moon = claims["The moon is made of cheese."]
    assert moon.status == "refuted" and moon.as_of == "2020-01-02" and moon.topic == "claimreview"
    assert base.sources[moon.claimant].name == "Jane Roe" and base.sources[moon.claimant].kind == "person"
    assert [(a.outlet, a.url) for a in moon.reported_by] == [("news-example", "https://news.example/x")]
    assert [(r.reviewer, r.url, r.rating.name) for r in moon.reviews] == [("fact-co", "https://fc.example/a", "False")]
    assert base.stances["unrated"].description and base.sources["fact-co"].stance == "unrated"
    assert base.sources["fact-co"].kind == "fact-checker"
    if shape != "object":
        cheese = claims["Cheese is made of moon."]
        assert cheese.status == "corroborated" and cheese.claimant == "desk"  # an existing source, by name
        assert "imported 2 claim(s)" in r.stdout


def test_import_from_stdin_and_reimport_adds_nothing(empty):
    feed = json.dumps([ONE, TWO])
    r = cli("--root", empty, "import", "claimreview", "-", input=feed)
    assert r.exit_code == 0, r.output
    before = snapshot(empty)
    r = cli("--root", empty, "import", "claimreview", "-", input=feed)
    assert r.exit_code == 0
    assert "nothing to import; 2 already imported" in r.stdout
    assert snapshot(empty) == before


def test_import_dry_run_shows_and_writes_nothing(empty):
    before = snapshot(empty)
    r = cli("--root", empty, "import", "claimreview", "-", "--dry-run", input=json.dumps(ONE))
    assert r.exit_code == 0
    assert "statement: The moon is made of cheese." in r.stdout
    assert "would import 1 claim(s) and 3 new source(s) (and stance 'unrated')" in r.stdout
    assert snapshot(empty) == before


def test_import_with_a_stance_adds_no_vocabulary(empty):
    r = cli("--root", empty, "import", "claimreview", "-", "--stance", "independent", "--topic", "moon/claims", input=json.dumps(ONE))
    assert r.exit_code == 0
    base = open_base(empty)
    assert "unrated" not in base.stances
    assert {s.stance for s in base.sources.values()} == {"independent"}
    assert [c.topic for c in base.claims.values()] == ["moon/claims"]


def test_bad_records_are_reported_by_url_and_the_good_ones_import(empty):
    feed = "\n".join([
        json.dumps(ONE),
        json.dumps({"@type": "ClaimReview", "url": "https://fc.example/empty"}),
        '{"url": "https://fc.example/torn", "claimReviewed": ',
        json.dumps({"@type": "ClaimReview", "url": "https://fc.example/s", "claimReviewed": "bad \ud800 text"}),
        json.dumps(TWO),
    ])
    r = cli("--root", empty, "import", "claimreview", "-", input=feed)
    assert r.exit_code == 1
    err = r.stderr
    assert "<stdin>:2: error: review https://fc.example/empty: lacks claimReviewed" in err
    assert "<stdin>:3: error: review https://fc.example/torn: not JSON" in err
    assert "review https://fc.example/s: holds text that is not valid Unicode" in err
    assert "imported 2 claim(s)" in r.stdout and "3 bad record(s)" in r.stdout
    base = open_base(empty)
    assert base.errors == 0
    assert sorted(c.statement for c in base.claims.values()) == ["Cheese is made of moon.", "The moon is made of cheese."]


def test_hostile_text_is_shown_escaped(empty):
    evil = dict(ONE, url="https://fc.example/evil", claimReviewed="Evil \x1b[31mred\x1b]8;;http://x\x07 \u202e txt")
    r = cli("--root", empty, "import", "claimreview", "-", "--dry-run", input=json.dumps(evil))
    assert r.exit_code == 0
    for ch in ("\x1b", "\x07", "\u202e"):
        assert ch not in r.stdout and ch not in r.stderr


@pytest.mark.parametrize(
    "args,message",
    [
        (["import", "rss", "-"], "unknown import format"),
        (["import", "claimreview", "/nonexistent/feed.json"], "is not a file"),
        (["import", "claimreview", "-", "--stance", "indep"], "not in the stance vocabulary"),
        (["import", "claimreview", "-", "--topic", "Bad Topic"], "is not a topic id"),
    ],
)
def test_import_usage_errors_exit_2(empty, args, message):
    before = snapshot(empty)
    r = cli("--root", empty, *args, input=json.dumps(ONE))
    assert r.exit_code == 2 and message in r.stderr
    assert snapshot(empty) == before


def test_unreadable_feed_exits_1_and_writes_nothing(empty):
    before = snapshot(empty)
    r = cli("--root", empty, "import", "claimreview", "-", input="this is not json")
    assert r.exit_code == 1 and "not JSON" in r.stderr
    assert snapshot(empty) == before


def test_round_trip_through_the_cli(root, empty, tmp_path):
    """Export from one base, import into the test's own empty base: every
    field ClaimReview carries comes back, and the result validates."""
    feed = tmp_path / "feed.json"
    assert cli("--root", root, "export", "-o", str(feed)).exit_code == 0
    r = cli("--root", empty, "import", "claimreview", str(feed))
    assert r.exit_code == 0, r.output
    assert cli("--root", empty, "validate").exit_code == 0
    a, b = open_base(root), open_base(empty)
    got = {c.statement: c for c in b.claims.values()}
    for c in a.claims.values():
        if c.status in ("unverified", "superseded"):
            assert c.statement not in got
            continue
        d = got[c.statement]
        assert (d.status, d.as_of, d.tags) == (c.status, c.as_of, c.tags)
        assert b.sources[d.claimant].name == a.sources[c.claimant].name
        want = [(a.sources[x.outlet].name, x.date, x.quote, x.url) for x in c.reported_by]
        have = [(b.sources[x.outlet].name, x.date, x.quote, x.url) for x in d.reported_by]
        assert have == want
        # the verdict is a review by the publisher, with the notes as its body
        assert [(b.sources[r.reviewer].name, r.url, r.summary) for r in d.reviews] == [
            ("Check Desk", f"https://checkdesk.example/checks/{c.id}", c.notes)]
    # the second round adds nothing
    before = snapshot(empty)
    assert "5 already imported" in cli("--root", empty, "import", "claimreview", str(feed)).stdout
    assert snapshot(empty) == before


@pytest.mark.slow
def test_concurrent_imports_of_one_feed_add_each_review_once(empty, tmp_path):
    import subprocess
    import sys

    feed = tmp_path / "feed.json"
    feed.write_text(json.dumps([ONE, TWO]))
    procs = [
        subprocess.Popen([sys.executable, "-m", "claimcheck", "--root", str(empty), "import", "claimreview", str(feed)],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(4)
    ]
    outs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0, 0], outs
    assert sum("imported 2 claim(s)" in out for out, _ in outs) == 1
    base = open_base(empty)
    assert base.errors == 0
    assert sorted(c.statement for c in base.claims.values()) == ["Cheese is made of moon.", "The moon is made of cheese."]
