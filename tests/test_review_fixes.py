"""Regressions found by a review of the whole tool: each test names the
behaviour that was wrong."""

from __future__ import annotations

import json
import sqlite3

from tests.helpers import SD_SOURCES as SOURCES, SD_TOPICS as TOPICS, cli, make_base, sd_claim as claim


def test_huge_figure_exports_to_sqlite_and_json_without_losing_its_value(tmp_path):
    root = make_base(tmp_path, {"claims/a.yaml": TOPICS + "claims:\n" + claim(extra="    figure: 9999999999999999999999999\n")}, sources=SOURCES)
    assert cli("--root", str(root), "validate").exit_code == 0
    r = cli("--root", str(root), "export", "--format", "sqlite", "-o", str(tmp_path / "x.db"))
    assert r.exit_code == 0, r.output
    (low,) = sqlite3.connect(tmp_path / "x.db").execute("select low from claims").fetchone()
    assert low == 1e25
    rec = json.loads(cli("--root", str(root), "claims", "--format", "json").stdout)[0]
    assert rec["low"] == 1e25 and isinstance(rec["low"], float)


def test_conflicts_between_figures_of_a_topics_second_kind_are_reported(tmp_path):
    """Three counts and two disjoint percentages from independent claimants: the
    percentages conflict, and `conflicts` must say so, as `claims` does."""
    sources = SOURCES + "  - id: monitor2\n    name: Second monitor\n    stance: government\n"
    text = (TOPICS + "claims:\n" + claim(id="n1", extra="    figure: 100\n") + claim(id="n2", claimant="sohr", extra="    figure: 100\n")
            + claim(id="n3", claimant="monitor2", extra="    figure: 100\n")
            + claim(id="p1", claimant="sohr", extra="    figure: 10%\n") + claim(id="p2", claimant="monitor2", extra="    figure: 90%\n"))
    root = make_base(tmp_path, {"claims/a.yaml": text}, sources=sources)
    doc = json.loads(cli("--root", str(root), "conflicts", "--format", "json").stdout)
    (topic,) = doc["topics"]
    assert topic["conflict"] is True
    assert [(p["a"], p["b"], p["relation"]) for p in topic["pairs"] if p["relation"] == "conflict"] == [("p1", "p2", "conflict")]
    assert {c["id"] for c in topic["claims"]} == {"n1", "n2", "n3", "p1", "p2"}
    r = cli("--root", str(root), "conflicts")
    assert r.exit_code == 0 and "p1" in r.stdout and "p2" in r.stdout
    contested = json.loads(cli("--root", str(root), "claims", "--evidence", "contested", "--format", "json").stdout)
    assert {c["id"] for c in contested} == {"p1", "p2"}


def test_figure_mapping_with_high_null_is_an_open_bound_everywhere(tmp_path):
    """docs/figures.md says `high: null` is open: validate, the JSON Schema and the
    model must agree."""
    import jsonschema

    from claimcheck.base import open_base
    from claimcheck.schema.jsonschema import json_schema
    from claimcheck.load.strict import load_text

    text = TOPICS + "claims:\n" + claim(extra="    figure: {low: 10, high: null}\n")
    root = make_base(tmp_path, {"claims/a.yaml": text}, sources=SOURCES)
    base = open_base(root)
    assert base.diagnostics == []
    f = base.claims["c1"].figure
    assert (f.low, f.high) == (10, None)
    assert list(jsonschema.Draft202012Validator(json_schema("claims")).iter_errors(load_text(text, "a.yaml").data)) == []
    bad = TOPICS + "claims:\n" + claim(extra="    figure: {low: null, high: 5}\n")
    (tmp_path / "b").mkdir()
    assert [d.code for d in open_base(make_base(tmp_path / "b", {"claims/a.yaml": bad}, sources=SOURCES)).diagnostics] == ["CC203"]


def test_export_to_an_existing_folder_is_a_clean_usage_error_in_every_format(tmp_path):
    root = make_base(tmp_path / "b", {"claims/a.yaml": TOPICS + "claims:\n" + claim()}, sources=SOURCES) if (tmp_path / "b").mkdir() is None else None
    for fmt in ("json", "jsonl", "csv", "claimreview", "sqlite"):
        r = cli("--root", str(root), "export", "--format", fmt, "-o", str(tmp_path))
        assert r.exit_code == 2, (fmt, r.output)
        assert "is a folder" in r.stderr and "Errno" not in r.stderr


def test_add_source_whose_name_gives_no_id_asks_for_one(tmp_path):
    root = make_base(tmp_path, {}, sources=SOURCES)
    r = cli("--root", str(root), "add-source", "--name", "!!!", "--stance", "government")
    assert r.exit_code == 2 and "give --id" in r.stderr


def test_one_slugify_for_ids_made_from_names():
    from claimcheck.ids import slugify

    assert slugify("Syrian Observatory for Human Rights") == "syrian-observatory-for-human-rights"
    assert slugify("Agence France-Presse (AFP)") == "agence-france-presse-afp"
    assert slugify("Al-Watan — دمشق", limit=8) == "al-watan"
    assert slugify("Ça va") == "ca-va"
    assert slugify("!!!") == "" and slugify("") == ""


def test_import_warns_when_a_rating_is_unusable(tmp_path):
    root = make_base(tmp_path, {}, sources=SOURCES)
    feed = [
        {"@type": "ClaimReview", "claimReviewed": f"Claim {i}.", "url": f"https://checks.example/{i}",
         "author": {"@type": "Organization", "name": "Desk"}, "reviewRating": rating}
        for i, rating in enumerate([{"ratingValue": "1e999"}, {"ratingValue": 3, "worstRating": 5, "bestRating": 5},
                                    {"ratingValue": "NaN"}])
    ]
    path = tmp_path / "feed.json"
    path.write_text(json.dumps(feed))
    r = cli("--root", str(root), "import", "claimreview", str(path), "--dry-run")
    assert r.exit_code == 0, r.output
    assert r.stderr.count("is not usable") == 3


def test_json_records_writer_is_valid_json_in_every_shape():
    from claimcheck.records.encode import write_json_records

    def text(records, **kw):
        parts = []
        write_json_records(parts.append, iter(records), **kw)
        return "".join(parts)

    assert json.loads(text([])) == []
    assert json.loads(text([{"a": 1}, {"b": "\u202e"}])) == [{"a": 1}, {"b": "\u202e"}]
    assert "\u202e" not in text([{"b": "\u202e"}])
    assert json.loads(text([], head={"x": 1}, key="topics")) == {"x": 1, "topics": []}
    doc = text([{"t": 1}, {"t": 2}], head={"best_rule": "neutral"}, key="topics")
    assert json.loads(doc) == {"best_rule": "neutral", "topics": [{"t": 1}, {"t": 2}]}
    assert doc.splitlines()[3:5] == ['    {"t": 1},', '    {"t": 2}']  # one record per line


def _many_topics_base(tmp_path, topics: int, claims_per_topic: int):
    sources = SOURCES + "".join(f"  - id: m{i}\n    name: Monitor {i}\n    stance: independent\n" for i in range(claims_per_topic))
    body = "topics:\n" + "".join(f"  t{k}/killed:\n    title: T{k}\n" for k in range(topics)) + "claims:\n"
    for k in range(topics):
        for i in range(claims_per_topic):
            body += claim(id=f"c{k}-{i}", claimant=f"m{i}", topic=f"t{k}/killed", extra=f"    figure: {10 ** (i % 4) + k}\n")
    return make_base(tmp_path, {"claims/a.yaml": body}, sources=sources)


def test_conflicts_table_shows_the_most_severe_topics_and_says_how_many_more(tmp_path):
    root = _many_topics_base(tmp_path, topics=25, claims_per_topic=2)
    r = cli("--root", str(root), "conflicts")
    assert r.exit_code == 0
    assert r.stdout.count("CONFLICT") == 20
    assert "5 more topic(s) not shown: --limit 0 shows all" in r.stdout
    assert cli("--root", str(root), "conflicts", "--limit", "0").stdout.count("CONFLICT") == 25
    assert cli("--root", str(root), "conflicts", "--limit", "3").stdout.count("CONFLICT") == 3
    assert len(json.loads(cli("--root", str(root), "conflicts", "--format", "json").stdout)["topics"]) == 25


def test_conflicts_table_caps_the_claims_of_a_large_topic(tmp_path):
    from claimcheck.xref.conflicts import ROWS_SHOWN

    root = _many_topics_base(tmp_path, topics=1, claims_per_topic=40)
    r = cli("--root", str(root), "conflicts")
    assert r.exit_code == 0
    rows = [line for line in r.stdout.splitlines() if line.split()[:1] and line.split()[0].isdigit() and "independent" in line]
    assert len(rows) == ROWS_SHOWN
    assert f"{40 - ROWS_SHOWN} more claim(s) on this topic not shown" in r.stdout
    doc = json.loads(cli("--root", str(root), "conflicts", "--format", "json").stdout)
    assert len(doc["topics"][0]["claims"]) == 40
