"""ClaimReview out and in, the CSV guard and the SQLite file, on the core level.

The CLI is tested in test_cli_interop.py; the base is tests/fixtures/bases/checkdesk/,
and tests/fixtures/README.md works out what the export holds.
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3

import pytest
import yaml

from claimcheck.base import open_base
import claimcheck.interop.claimreview as cr
from claimcheck.interop.sqlite import write_sqlite
from claimcheck.records.table import csv_cell
from claimcheck.records.claims import claims_csv as csv_text, claims_jsonl as jsonl_text

from tests.helpers import CHECKDESK_CLAIMS, CHECKDESK_SOURCES, fixture_json, make_base

# --- schema.org: the types and properties the export may use --------------
# Hand-written from schema.org (ClaimReview, Claim, CreativeWork, Rating,
# Organization, Person, DataFeed) and Google's fact-check documentation.
SCHEMA_ORG_PROPERTIES = {
    "DataFeed": {"@context", "@type", "name", "dataFeedElement"},
    "ClaimReview": {"@context", "@type", "url", "claimReviewed", "itemReviewed", "reviewRating", "author",
                    "datePublished", "keywords", "reviewBody", "headline", "inLanguage"},
    "Claim": {"@type", "author", "datePublished", "appearance", "firstAppearance"},
    "CreativeWork": {"@type", "url", "datePublished", "publisher", "text"},
    "Rating": {"@type", "ratingValue", "bestRating", "worstRating", "alternateName"},
    "Organization": {"@type", "name", "url", "sameAs", "logo"},
    "Person": {"@type", "name", "sameAs", "url"},
}
# Which type each property's value must have (schema.org's expected types,
# narrowed to the ones we emit).
EXPECTED_TYPE = {
    ("ClaimReview", "itemReviewed"): {"Claim"},
    ("ClaimReview", "reviewRating"): {"Rating"},
    ("ClaimReview", "author"): {"Organization", "Person"},
    ("Claim", "author"): {"Organization", "Person"},
    ("Claim", "appearance"): {"CreativeWork"},
    ("Claim", "firstAppearance"): {"CreativeWork"},
    ("CreativeWork", "publisher"): {"Organization", "Person"},
    ("DataFeed", "dataFeedElement"): {"ClaimReview"},
}
GOOGLE_REQUIRED = ("claimReviewed", "reviewRating", "url")


def check_schema_org(node, parent=None, prop=None, problems=None):
    """Every object typed, every property known for its type, every value of
    the expected type; returns the problems."""
    problems = [] if problems is None else problems
    if isinstance(node, list):
        for x in node:
            check_schema_org(x, parent, prop, problems)
        return problems
    if not isinstance(node, dict):
        return problems
    t = node.get("@type")
    if t not in SCHEMA_ORG_PROPERTIES:
        problems.append(f"unknown @type {t!r} under {parent}.{prop}")
        return problems
    want = EXPECTED_TYPE.get((parent, prop))
    if want and t not in want:
        problems.append(f"{parent}.{prop} is a {t}, expected {want}")
    for k, v in node.items():
        if k not in SCHEMA_ORG_PROPERTIES[t]:
            problems.append(f"{t} has no property {k!r}")
        check_schema_org(v, t, k, problems)
    return problems


@pytest.fixture
def base(tmp_path):
    b = open_base(make_base(tmp_path, sources=CHECKDESK_SOURCES, files={"claims/town.yaml": CHECKDESK_CLAIMS}))
    assert b.errors == 0
    return b


def export(base):
    return cr.export_reviews(base, base.claims.values())


# --- export ---------------------------------------------------------------


def test_every_reviewing_status_gets_its_rating_and_the_others_are_not_exported(base):
    res = export(base)
    got = {r["url"].rsplit("/", 1)[1]: r["reviewRating"] for r in res.reviews}
    assert set(got) == {"gov-strike", "monitor-count", "rebel-claim", "analyst-says", "gov-new"}
    assert res.not_reviewed == 2 and res.skipped == []
    assert (got["gov-strike"]["ratingValue"], got["gov-strike"]["alternateName"]) == (1, "Refuted")
    assert (got["monitor-count"]["ratingValue"], got["monitor-count"]["alternateName"]) == (5, "Corroborated")
    assert (got["rebel-claim"]["ratingValue"], got["rebel-claim"]["alternateName"]) == (3, "Contested")
    assert (got["analyst-says"]["ratingValue"], got["analyst-says"]["alternateName"]) == (2, "Retracted")
    for r in got.values():
        assert r["worstRating"] <= r["ratingValue"] <= r["bestRating"]


def test_rating_table_covers_every_status_once():
    from claimcheck.schema.fields import STATUSES

    assert set(cr.RATINGS) | set(cr.NOT_REVIEWED) == set(STATUSES)
    assert not set(cr.RATINGS) & set(cr.NOT_REVIEWED)
    for r in cr.RATINGS.values():
        assert cr.WORST_RATING <= r.value <= cr.BEST_RATING
    # and what is exported comes back as the same status
    for status, r in cr.RATINGS.items():
        assert cr.rating_to_status(r.name, r.value, cr.BEST_RATING, cr.WORST_RATING)[0] == status


def test_export_meets_google_required_fields_and_schema_org_types(base):
    res = export(base)
    feed = cr.data_feed(res.reviews, base.publisher)
    assert feed["@type"] == "DataFeed" and len(feed["dataFeedElement"]) == 5
    assert check_schema_org(feed) == []
    for r in res.reviews:
        assert r["@context"] == "https://schema.org" and r["@type"] == "ClaimReview"
        for k in GOOGLE_REQUIRED:
            assert r[k], k
        assert r["reviewRating"]["alternateName"]  # Google requires it on the rating
        assert r["author"] == {"@type": "Organization", "name": "Check Desk", "url": "https://checkdesk.example",
                               "logo": "https://checkdesk.example/logo.png"}


def test_claim_fields_land_where_claimreview_puts_them(base):
    by_id = {r["url"].rsplit("/", 1)[1]: r for r in export(base).reviews}
    r = by_id["gov-strike"]
    assert r["claimReviewed"] == "The ministry says no civilians died in the strike."
    item = r["itemReviewed"]
    assert item["author"] == {"@type": "Organization", "name": "Ministry of Defence", "sameAs": "https://mod.example"}
    assert item["datePublished"] == "2018-05-01"
    assert [a["url"] for a in item["appearance"]] == ["https://tv.example/news/1", "https://monitor.example/report/7"]
    assert item["appearance"][0]["text"] == "No civilians were harmed, the ministry said."
    assert item["appearance"][0]["publisher"]["name"] == "State TV"
    # the earliest appearance (monitor, 2018-05-01), not the first listed
    assert item["firstAppearance"]["url"] == "https://monitor.example/report/7"
    assert r["keywords"] == "strike, civilians" and r["reviewBody"] == "Hospital records list 40 dead."
    assert by_id["analyst-says"]["itemReviewed"]["author"]["@type"] == "Person"
    assert "appearance" not in by_id["monitor-count"]["itemReviewed"]


def test_claim_without_review_url_is_skipped_with_the_reason(tmp_path):
    sources = CHECKDESK_SOURCES.replace("  review_url: https://checkdesk.example/checks/{id}\n", "")
    b = open_base(make_base(tmp_path, sources=sources, files={"claims/town.yaml": CHECKDESK_CLAIMS}))
    res = export(b)
    assert res.reviews == []
    assert len(res.skipped) == 5
    assert all("no review url" in why and "review_url" in why for _, why in res.skipped)


def test_review_url_comes_from_the_publishers_reported_by_entry(tmp_path):
    sources = CHECKDESK_SOURCES.replace("  review_url: https://checkdesk.example/checks/{id}\n", "") + (
        "  - id: checkdesk\n    name: Check Desk\n    kind: outlet\n    stance: independent\n"
    )
    claims = CHECKDESK_CLAIMS.replace(
        "      - outlet: monitor\n        date: 2018-05-01\n",
        "      - outlet: checkdesk\n        date: 2018-06-01\n        url: https://checkdesk.example/review/9\n"
        "      - outlet: monitor\n        date: 2018-05-01\n",
    )
    b = open_base(make_base(tmp_path, sources=sources, files={"claims/town.yaml": claims}))
    assert b.errors == 0
    res = export(b)
    [r] = res.reviews
    assert r["url"] == "https://checkdesk.example/review/9"
    assert r["datePublished"] == "2018-06-01"  # the review's own date, where known
    # the review is not an appearance of the claim it reviews
    assert "https://checkdesk.example/review/9" not in [a.get("url") for a in r["itemReviewed"]["appearance"]]


def test_review_with_rating_outside_its_scale_is_refused():
    r = {"claimReviewed": "x", "url": "https://a.example/1",
         "reviewRating": {"ratingValue": 6, "bestRating": 5, "worstRating": 1, "alternateName": "True"}}
    assert "not between" in cr.required_problem(r)
    r["reviewRating"]["ratingValue"] = 5
    assert cr.required_problem(r) is None
    del r["url"]
    assert "url" in cr.required_problem(r)


def test_jsonld_cannot_close_a_script_element(base):
    text = cr.dumps_jsonld(cr.data_feed(export(base).reviews))
    assert "</script>" not in text and "<" not in text
    back = json.loads(text)
    assert any("</script>" in r["claimReviewed"] for r in back["dataFeedElement"])


# --- rating text -> status ------------------------------------------------


@pytest.mark.parametrize(
    "name,value,best,worst,status",
    [
        ("False", None, None, None, "refuted"),
        ("Mostly false", None, None, None, "refuted"),
        ("Pants on Fire!", None, None, None, "refuted"),
        ("Incorrect", None, None, None, "refuted"),  # not "correct"
        ("Not true", None, None, None, "refuted"),  # not "true"
        ("Four Pinocchios", None, None, None, "refuted"),
        ("Half True", None, None, None, "contested"),
        ("Misleading", None, None, None, "contested"),
        ("True", None, None, None, "corroborated"),
        ("Mostly True", 1, 5, 1, "corroborated"),  # the text decides first
        ("Correct", None, None, None, "corroborated"),
        ("Retracted", None, None, None, "retracted"),
        ("Unproven", None, None, None, "unverified"),
        ("Not verified", None, None, None, "unverified"),  # not "verified"
        ("Partly false", None, None, None, "contested"),
        ("False: no evidence", None, None, None, "refuted"),
        ("Weird scale word", 1, 5, 1, "unverified"),  # a text the table does not know: no verdict
        ("Weird scale word", 5, 5, 1, "unverified"),  # ... whatever its number
        (None, 2, 5, 1, "refuted"),  # no text: position 0.25
        ("", 3, 5, 1, "contested"),
        (None, 4, 5, 1, "corroborated"),  # position 0.75
        (None, 8, 10, 0, "corroborated"),
        (None, 4, None, None, "corroborated"),  # Google's default scale 1..5
        (None, 9, 5, 1, "unverified"),  # outside its scale: unusable
        (None, None, None, None, "unverified"),
    ],
)
def test_rating_to_status(name, value, best, worst, status):
    assert cr.rating_to_status(name, value, best, worst)[0] == status


# --- parsing feeds in every shape -----------------------------------------

# Two ClaimReview records: every field of one, only the required ones of the other.
ONE, TWO = fixture_json("feeds/parse.json")


@pytest.mark.parametrize(
    "shape,text",
    [
        ("object", json.dumps(ONE)),
        ("list", json.dumps([ONE, TWO])),
        ("datafeed", json.dumps({"@context": "https://schema.org", "@type": "DataFeed", "dataFeedElement": [ONE, TWO]})),
        ("datafeeditem", json.dumps({"@type": "DataFeed", "dataFeedElement": [
            {"@type": "DataFeedItem", "item": ONE}, {"@type": "DataFeedItem", "item": TWO}]})),
        ("graph", json.dumps({"@context": "https://schema.org", "@graph": [ONE, TWO]})),
        ("jsonlines", json.dumps(ONE) + "\n\n" + json.dumps(TWO) + "\n"),
        ("bom", "\ufeff" + json.dumps([ONE])),
    ],
)
def test_feed_shapes_all_read(shape, text):
    reviews, problems = cr.parse_feed(text.encode("utf-8"))
    assert problems == []
    assert reviews[0].claim_text == "The moon is made of cheese."
    assert reviews[0].url == "https://fc.example/a"
    assert (reviews[0].rating_name, reviews[0].rating_value, reviews[0].best, reviews[0].worst) == ("False", 1, 5, 1)
    assert reviews[0].claim_author.name == "Jane Roe" and reviews[0].claim_author.person
    assert reviews[0].date == "2020-01-05" and reviews[0].claim_date == "2020-01-02"
    assert [w.url for w in reviews[0].appearances] == ["https://news.example/x"]
    if shape not in ("object", "bom"):
        assert [r.claim_text for r in reviews] == ["The moon is made of cheese.", "Cheese is made of moon."]
        assert reviews[1].rating_value == 4 and reviews[1].author is None


def test_messy_fields_are_read():
    messy = {
        "@type": ["ClaimReview"],
        "url": ["https://fc.example/m"],
        "claimReviewed": "  Spaces around.  ",
        "reviewRating": [{"ratingValue": " 2 ", "bestRating": "5", "name": "Mostly False"}],
        "author": "Fact Co",
        "itemReviewed": [{
            "@type": "Claim",
            "author": "Some Politician",
            "appearance": [
                "https://a.example/1",
                {"@type": "CreativeWork", "url": "https://b.example/2", "datePublished": "2019-12-01",
                 "author": {"@type": "Organization", "name": "B News"}},
                {"url": {"@id": "https://c.example/3"}},
                "not a url",
            ],
            "firstAppearance": {"@type": "CreativeWork", "url": "https://a.example/1/"},
            "datePublished": "2019-13-45",
        }],
        "keywords": ["moon", "cheese"],
    }
    [r], problems = cr.parse_feed(json.dumps(messy))
    assert problems == []
    assert r.claim_text == "Spaces around." and r.url == "https://fc.example/m"
    assert (r.rating_name, r.rating_value, r.best) == ("Mostly False", 2, 5)
    assert r.author.name == "Fact Co" and r.claim_author.name == "Some Politician" and not r.claim_author.person
    # firstAppearance repeats the first appearance (trailing slash aside): kept once
    assert [w.url for w in r.appearances] == ["https://a.example/1", "https://b.example/2", "https://c.example/3"]
    assert r.appearances[1].publisher.name == "B News" and r.appearances[1].date == "2019-12-01"
    assert r.claim_date is None and any("2019-13-45" in w for w in r.warnings)
    assert any("not a url" in w for w in r.warnings)
    assert r.keywords == ["moon", "cheese"]


def test_missing_rating_imports_as_unverified():
    [r], problems = cr.parse_feed(json.dumps({"@type": "ClaimReview", "claimReviewed": "x", "url": "https://a.example/1"}))
    assert problems == [] and r.rating_name is None and r.rating_value is None
    assert cr.rating_to_status(r.rating_name, r.rating_value, r.best, r.worst)[0] == "unverified"


def test_bad_records_are_named_by_their_url_and_good_ones_still_read():
    feed = [
        ONE,
        {"@type": "ClaimReview", "url": "https://fc.example/no-text"},
        {"@type": "Review", "url": "https://fc.example/a-review", "claimReviewed": "x"},
        "just a string",
        {"@type": "ClaimReview", "claimReviewed": "bad url", "url": "javascript:alert(1)"},
        TWO,
    ]
    reviews, problems = cr.parse_feed(json.dumps(feed))
    assert [r.url for r in reviews] == ["https://fc.example/a", "https://fc.example/b"]
    assert [(p.record, p.url) for p in problems] == [
        (2, "https://fc.example/no-text"), (3, "https://fc.example/a-review"), (4, None), (5, None)]
    assert "claimReviewed" in problems[0].message and "not ClaimReview" in problems[1].message
    assert "javascript:alert(1)" in problems[3].message
    assert problems[0].describe("feed.json") == (
        "feed.json: error: review https://fc.example/no-text: lacks claimReviewed (the claim's text)")


def test_bad_json_line_is_one_problem_named_by_the_url_it_holds():
    text = json.dumps(ONE) + "\n" + '{"url": "https://fc.example/broken", "claimReviewed": oops}\n' + json.dumps(TWO) + "\n"
    reviews, problems = cr.parse_feed(text)
    assert [r.url for r in reviews] == ["https://fc.example/a", "https://fc.example/b"]
    [p] = problems
    assert (p.line, p.url) == (2, "https://fc.example/broken") and p.message.startswith("not JSON")
    assert [r.line for r in reviews] == [1, 3]


@pytest.mark.parametrize("data", [b"", b"not json at all", b"\xff\xfe\x00", b"[" * 100_000, b"null", b"{}"])
def test_unreadable_feeds_give_a_problem_not_an_exception(data):
    reviews, problems = cr.parse_feed(data)
    assert reviews == [] and problems


# --- planning an import ---------------------------------------------------


def test_plan_creates_claims_and_the_sources_they_name(base):
    reviews, _ = cr.parse_feed(json.dumps([ONE, TWO, {
        "@type": "ClaimReview", "url": "https://fc.example/c", "claimReviewed": "State TV said it.",
        "reviewRating": {"alternateName": "Half true"},
        "itemReviewed": {"author": {"name": "ministry of defence"},
                         "appearance": {"url": "https://www.tv.example/item/5", "datePublished": "2018-05-03"}},
    }]))
    plan = cr.plan_import(base, reviews)
    assert plan.add_stance == ("unrated", cr.UNRATED_DESCRIPTION)
    new = {s["id"]: s for s in plan.sources}
    assert new["jane-roe"] == {"id": "jane-roe", "name": "Jane Roe", "kind": "person", "stance": "unrated"}
    # the reviewer is a fact-checker, never an outlet of the claim it reviews
    assert new["fact-co"]["kind"] == "fact-checker" and new["fact-co"]["url"] == "https://fc.example"
    assert new["news-example"]["name"] == "news.example" and new["news-example"]["url"] == "https://news.example/"
    assert "fc-example" not in new  # TWO has no author: its url's host is Fact Co's
    one, two, three = plan.claim_records
    assert one["status"] == "refuted" and one["claimant"] == "jane-roe" and one["as_of"] == "2020-01-02"
    assert one["reported_by"] == [{"outlet": "news-example", "url": "https://news.example/x"}]
    assert one["reviews"] == [{"reviewer": "fact-co", "url": "https://fc.example/a", "date": "2020-01-05",
                               "rating": {"name": "False", "value": 1, "best": 5, "worst": 1}}]
    assert one["topic"] == "claimreview"
    assert two["status"] == "corroborated" and two["claimant"] == "unattributed"
    assert "reported_by" not in two
    assert two["reviews"] == [{"reviewer": "fact-co", "url": "https://fc.example/b", "rating": {"value": 4}}]
    assert new["unattributed"]["kind"] == "unattributed"
    # existing sources are matched by name (case-insensitive) and by url host
    assert three["claimant"] == "gov" and three["reported_by"][0]["outlet"] == "gov-tv"
    # the rating is kept as published, in the review; the notes are the claim's own
    assert three["status"] == "contested" and "notes" not in three
    assert three["reviews"][0]["rating"] == {"name": "Half true"}


def test_plan_skips_reviews_already_in_the_base_or_earlier_in_the_feed(base):
    # gov-strike is exported as https://checkdesk.example/checks/gov-strike
    again = {"@type": "ClaimReview", "url": "https://checkdesk.example/checks/gov-strike/",
             "claimReviewed": "the ministry says no civilians died in the strike",
             "reviewRating": {"alternateName": "False"}}
    other_text = dict(again, claimReviewed="A different claim on the same page.")
    reviews, _ = cr.parse_feed(json.dumps([again, ONE, ONE, other_text]))
    plan = cr.plan_import(base, reviews)
    assert [p.record["statement"] for p in plan.claims] == ["The moon is made of cheese.", "A different claim on the same page."]
    assert [d.record for d in plan.duplicates] == [1, 3]


def test_given_stance_is_used_and_no_stance_is_added(base):
    reviews, _ = cr.parse_feed(json.dumps(ONE))
    plan = cr.plan_import(base, reviews, stance="independent", topic="moon/cheese")
    assert plan.add_stance is None
    assert {s["stance"] for s in plan.sources} == {"independent"}
    assert plan.claim_records[0]["topic"] == "moon/cheese"


def _write_base(tmp_path, plan, stances_yaml):
    """Write a plan into a new base by hand (the CLI goes through the safe writer)."""
    stances = yaml.safe_load(stances_yaml)
    if plan.add_stance:
        stances[plan.add_stance[0]] = plan.add_stance[1]
    return make_base(tmp_path / "b", sources={"stances": stances, "sources": plan.sources},
                     files={"claims/imported.yaml": {"claims": plan.claim_records}})


def test_round_trip_keeps_every_field_claimreview_carries(base, tmp_path):
    """Export, import into an empty base, and compare field by field: this
    base's verdicts come back as reviews by its publisher, with the rating as
    exported, the review url and body; the claim keeps its appearances."""
    exported = cr.export_reviews(base, base.claims.values()).reviews
    reviews, problems = cr.parse_feed(cr.dumps_jsonld(cr.data_feed(exported)))
    assert problems == []
    empty_stances = "independent: {description: No side, neutral: true}\n"
    empty = _write_base(tmp_path, cr.ImportPlan(), empty_stances)
    plan = cr.plan_import(open_base(empty), reviews)
    assert plan.problems == [] and len(plan.claims) == 5
    b2 = open_base(_write_base(tmp_path / "2", plan, empty_stances))
    assert [d for d in b2.diagnostics if d.severity == "error"] == []
    by_text = {c.statement: c for c in b2.claims.values()}
    reviewed = [c for c in base.claims.values() if c.status in cr.RATINGS]
    assert len(by_text) == len(reviewed) == 5
    for c in reviewed:
        d = by_text[c.statement]
        assert d.status == c.status
        assert d.as_of == c.as_of
        assert d.tags == c.tags and d.notes is None
        src, src2 = base.sources[c.claimant], b2.sources[d.claimant]
        assert src2.name == src.name and src2.url == src.url
        assert (src2.kind == "person") == (src.kind == "person")
        # every appearance, in order, with outlet name, date, quote and url
        got = [(b2.sources[a.outlet].name, a.date, a.quote, a.url) for a in d.reported_by]
        want = [(base.sources[a.outlet].name, a.date, a.quote, a.url) for a in c.reported_by]
        assert got == want
        # the verdict, as a review by the publisher at its url
        [rv] = d.reviews
        rating = cr.RATINGS[c.status]
        assert b2.sources[rv.reviewer].name == "Check Desk" and b2.sources[rv.reviewer].kind == "fact-checker"
        assert rv.url == f"https://checkdesk.example/checks/{c.id}"
        assert (rv.rating.name, rv.rating.value, rv.rating.best, rv.rating.worst) == (rating.name, rating.value, 5, 1)
        assert rv.summary == c.notes and rv.verdict == c.status
    # exported again, every review is the same, field for field (the publisher
    # block's logo aside: the reviewer is now a source, which has no logo)
    again_out = cr.export_reviews(b2, b2.claims.values()).reviews
    for r in exported:
        r["author"].pop("logo")
    assert sorted(again_out, key=lambda r: r["url"]) == sorted(exported, key=lambda r: r["url"])
    # and importing the same feed into the result adds nothing
    again = cr.plan_import(b2, reviews)
    assert again.claims == [] and again.additions == [] and len(again.duplicates) == 5 and again.sources == []


# --- tables ---------------------------------------------------------------


@pytest.mark.parametrize(
    "cell,out",
    [
        ("=1+1", "'=1+1"), ("+1", "'+1"), ("-1", "'-1"), ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"),
        ("\r=x", "'\r=x"), ("  =x", "'  =x"), ("\uff1d1+1", "'\uff1d1+1"),
        ("plain", "plain"), ("", ""), ("a=b", "a=b"), ("2018-05-01", "2018-05-01"),
    ],
)
def test_csv_cell_guard(cell, out):
    assert csv_cell(cell) == out


def _records(base):
    from claimcheck.records.claims import claim_record
    from claimcheck.xref import compute_evidence

    ev = compute_evidence(base)
    return [claim_record(base, c, ev) for c in base.claims.values()]


def test_csv_has_the_documented_columns_and_no_cell_starts_a_formula(base):
    from claimcheck.records.claims import CSV_FIELDS

    text = csv_text(_records(base))
    rows = list(csv.reader(io.StringIO(text)))
    assert tuple(rows[0]) == tuple(CSV_FIELDS) and len(rows) == 1 + len(base.claims)
    for row in rows[1:]:
        for cell in row:
            assert not cell[:1] in ("=", "+", "-", "@", "\t", "\r")
    rebel = next(r for r in rows if r[0] == "rebel-claim")
    assert rebel[1].startswith("'=HYPERLINK(")
    strike = next(r for r in rows if r[0] == "gov-strike")
    assert strike[rows[0].index("outlets")] == "gov-tv; monitor"


def test_jsonl_is_one_record_per_line(base):
    lines = jsonl_text(_records(base)).splitlines()
    assert [json.loads(x)["id"] for x in lines] == list(base.claims)


# --- SQLite ---------------------------------------------------------------


def test_sqlite_counts_and_joins_match_the_base(base, tmp_path):
    path = tmp_path / "out" / "base.db"
    path.parent.mkdir()
    counts = write_sqlite(path, base, _records(base))
    assert counts == {"stances": 3, "sources": 5, "topics": 1, "claims": 7, "appearances": 2, "reviews": 0}
    assert [p.name for p in path.parent.iterdir()] == ["base.db"]  # no temporary file left
    db = sqlite3.connect(path)
    db.execute("PRAGMA foreign_keys=ON")
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    for table, n in counts.items():
        assert db.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == n
    # claims joined to their claimant's stance, as the base says
    rows = db.execute(
        "SELECT c.id, s.stance FROM claims c JOIN sources s ON s.id = c.claimant ORDER BY c.id").fetchall()
    assert rows == sorted((c.id, base.sources[c.claimant].stance) for c in base.claims.values())
    # appearances joined to outlets, in order
    rows = db.execute(
        "SELECT s.name, a.date, a.url FROM appearances a JOIN sources s ON s.id = a.outlet "
        "WHERE a.claim = 'gov-strike' ORDER BY a.position").fetchall()
    assert rows == [("State TV", "2018-05-02", "https://tv.example/news/1"),
                    ("Independent Monitor", "2018-05-01", "https://monitor.example/report/7")]
    assert db.execute("SELECT supersedes FROM claims WHERE id = 'gov-new'").fetchone() == ("gov-old",)
    assert db.execute("SELECT low, high, best FROM claims WHERE id = 'monitor-count'").fetchone()[0] < 300
    assert json.loads(db.execute("SELECT tags FROM claims WHERE id = 'gov-strike'").fetchone()[0]) == ["strike", "civilians"]
    assert db.execute("SELECT part_of FROM sources WHERE id = 'gov-tv'").fetchone() == ("gov",)
    # every table has a primary key (Datasette links rows by it)
    for table in counts:
        assert any(col[5] for col in db.execute(f"PRAGMA table_info({table})")), table
    assert {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'claims_%'")} >= {
        "claims_topic", "claims_claimant", "claims_status"}


def test_sqlite_references_resolve_even_in_a_broken_base(tmp_path):
    claims = CHECKDESK_CLAIMS.replace("claimant: rebels\n    topic: town/killed\n    status: unverified",
                                         "claimant: ghost\n    topic: elsewhere\n    status: unverified")
    b = open_base(make_base(tmp_path, sources=CHECKDESK_SOURCES, files={"claims/town.yaml": claims}))
    assert b.errors  # ghost is no source
    recs = [r for r in _records(b) if r["id"] != "gov-old"]  # gov-new supersedes a claim left out
    path = tmp_path / "x.db"
    write_sqlite(path, b, recs)
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    assert db.execute("SELECT declared, name FROM sources WHERE id = 'ghost'").fetchone() == (0, "ghost")
    assert db.execute("SELECT declared FROM topics WHERE id = 'elsewhere'").fetchone() == (0,)
    assert db.execute("SELECT supersedes FROM claims WHERE id = 'gov-new'").fetchone() == (None,)


def test_sqlite_replaces_an_existing_file_whole(base, tmp_path):
    path = tmp_path / "x.db"
    path.write_bytes(b"old contents, not a database")
    write_sqlite(path, base, _records(base))
    assert sqlite3.connect(path).execute("SELECT count(*) FROM claims").fetchone() == (7,)


# --- the manual documents what the code does ------------------------------


def test_docs_document_the_tables_columns_and_schema():
    from pathlib import Path

    from claimcheck.interop.sqlite import SCHEMA
    from claimcheck.records.claims import CSV_FIELDS

    docs = Path(__file__).resolve().parents[1] / "docs"
    section = (docs / "interop.md").read_text(encoding="utf-8")
    assert cr.rating_tables_markdown() in (docs / "reviews.md").read_text(encoding="utf-8")  # shown once, there
    assert f"`{', '.join(CSV_FIELDS)}`" in section
    assert SCHEMA.rstrip() in section
    assert "claimcheck export" in section and "claimcheck import claimreview" in section
