"""Fact-checkers' reviews: the verdict table, importing hand-written feeds
(tests/fixtures/feeds/) into claims with reviews, the warnings, the track
records, the outlet measures that never count a reviewer, the round trip
export -> import -> export, the old layout re-imported, the Fact Check Tools
API's pages, and the CSV's first appearance.

Worked out by hand from the feeds:

* two-reviewers.json: one statement by Jane Roe ("Crime doubled in 2019."),
  reviewed by PolitiFact ("Pants on Fire!", 1 of 1..6), by Snopes ("Mostly
  True"; its copy of the statement has curly quotes and no period, its
  claimant is written "jane roe") and by PolitiFact again ("False", 2 of
  1..6): one claim, three reviews; refuted, refuted, corroborated make the
  status contested, and PolitiFact against Snopes is a CC509. Appearances:
  the rally article (twice, once with a trailing slash: kept once) and a TV clip.
* scale-1-6.jsonl: "Mostly False" (2 of 1..6) refuted by its text; a rating
  of 5 on 1..6 with no text corroborated by its position (0.8).
* unknown-rating.json: a text the table does not know, with value 1 of 1..5:
  kept verbatim, the verdict unverified (not refuted by the number), a warning.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimcheck.base import open_base
from claimcheck.cli import app
from claimcheck.schema.verdicts import KNOWN_RATINGS, combined_status, contradicts, verdict

FEEDS = Path(__file__).resolve().parent / "fixtures" / "feeds"
OLD_LAYOUT = Path(__file__).resolve().parent / "fixtures" / "old-layout"
ENV = {"COLUMNS": "100", "NO_COLOR": "1", "GITHUB_ACTIONS": "", "FORCE_COLOR": ""}

EMPTY_SOURCES = """\
stances:
  independent: {description: No side in the conflict, neutral: true}
sources:
  - id: desk
    name: Our Desk
    kind: outlet
    stance: independent
"""

CRIME = "Crime doubled in 2019."
PF1 = "https://www.politifact.example/factchecks/2020/jan/05/jane-roe/crime-doubled/"
PF2 = "https://www.politifact.example/factchecks/2020/feb/11/jane-roe/crime-doubled-again/"
SN = "https://www.snopes.example/fact-check/crime-doubled-2019/"
RALLY = "https://news.example/2020/01/02/rally"


def run(root, *args, input=None):
    return CliRunner().invoke(app, ["--root", str(root), *args], env=ENV, input=input)


def snapshot(root: Path) -> dict:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and not p.name.startswith(".")}


@pytest.fixture
def empty(tmp_path):
    from tests.helpers import make_base

    return make_base(tmp_path / "e", sources=EMPTY_SOURCES)


def imported(root, *feeds, fmt="claimreview"):
    for name in feeds:
        r = run(root, "import", fmt, str(FEEDS / name))
        assert r.exit_code == 0, r.output
    return open_base(root)


def claim_of(base, statement):
    [c] = [c for c in base.claims.values() if c.statement == statement]
    return c


# --- the verdict table -------------------------------------------------------


@pytest.mark.parametrize("who,rating,status", KNOWN_RATINGS)
def test_every_documented_rating_gives_its_status(who, rating, status):
    got = verdict(rating)
    assert (got.status, got.problem) == (status, None), (who, rating)


@pytest.mark.parametrize("value,best,worst,status", [
    (1, 6, 1, "refuted"), (2, 6, 1, "refuted"),  # positions 0 and 0.2
    (3, 6, 1, "contested"), (4, 6, 1, "contested"),  # 0.4, 0.6
    (5, 6, 1, "corroborated"), (6, 6, 1, "corroborated"),  # 0.8, 1
    (4, None, None, "corroborated"),  # Google's default scale 1..5
])
def test_a_rating_without_text_is_placed_on_its_scale(value, best, worst, status):
    assert verdict(None, value, best, worst).status == status


def test_an_unknown_text_keeps_the_verdict_unverified_whatever_its_number():
    v = verdict("The records only go back to 2008", 1, 5, 1)
    assert v.status == "unverified" and "not in the verdict table" in v.problem
    assert verdict(None, 9, 5, 1).problem  # a value off its scale says so too
    assert verdict(None).status == "unverified" and verdict(None).problem is None


def test_combined_status_and_contradiction():
    assert combined_status(["refuted", "refuted"]) == "refuted"
    assert combined_status(["refuted", "corroborated", "refuted"]) == "contested"
    assert combined_status(["unverified", "refuted"]) == "refuted"
    assert combined_status(["unverified"]) == "unverified"
    assert contradicts("refuted", "corroborated") and contradicts("corroborated", "refuted")
    assert not contradicts("refuted", "contested") and not contradicts("refuted", "refuted")


# --- import: claims, reviews, sources, warnings -------------------------------


def test_two_reviewers_and_one_reviewer_twice_make_one_claim_with_three_reviews(empty):
    base = imported(empty, "two-reviewers.json")
    assert base.errors == 0
    [c] = base.claims.values()
    assert (c.statement, c.claimant, c.as_of, c.topic) == (CRIME, "jane-roe", "2020-01-02", "claimreview")
    assert c.status == "contested"  # refuted, refuted, corroborated
    assert c.tags == ("crime", "statistics")
    got = [(r.reviewer, r.url, r.date, r.rating.name, r.rating.value, r.rating.best, r.rating.worst, r.verdict)
           for r in c.reviews]
    assert got == [
        ("politifact", PF1, "2020-01-05", "Pants on Fire!", 1, 6, 1, "refuted"),
        ("snopes", SN, "2020-01-09", "Mostly True", None, None, None, "corroborated"),
        ("politifact", PF2, "2020-02-11", "False", 2, 6, 1, "refuted"),
    ]
    first = c.reviews[0]
    assert (first.title, first.summary, first.language) == (
        "No, crime did not double in 2019", "Police figures show a 4% rise.", "en")
    assert c.reviews[1].summary == "Violent crime in the city did roughly double."
    # appearances stay in reported_by, each once; no reviewer among them
    assert [(a.outlet, a.date, a.quote, a.url) for a in c.reported_by] == [
        ("news-example", "2020-01-02", "Crime has doubled, doubled!", RALLY),
        ("tv-example", "2020-01-03", None, "https://tv.example/clips/881"),
    ]
    # the reviewers are fact-checkers; the claimant a person; the outlets outlets
    kinds = {sid: s.kind for sid, s in base.sources.items()}
    assert kinds == {"desk": "outlet", "jane-roe": "person", "politifact": "fact-checker",
                     "news-example": "outlet", "snopes": "fact-checker", "tv-example": "outlet"}
    assert base.sources["politifact"].url == "https://www.politifact.example"


def test_reviewers_who_disagree_are_a_warning_naming_the_claim_and_both(empty):
    imported(empty, "two-reviewers.json")
    r = run(empty, "validate", "--format", "json")
    assert r.exit_code == 0
    [d] = json.loads(r.stdout)["diagnostics"]
    assert (d["code"], d["severity"], d["path"]) == ("CC509", "warning", "claims/claimreview.yaml")
    cid = next(iter(open_base(empty).claims))
    assert d["message"] == (
        f"claim {cid!r}: reviewers disagree: politifact 'Pants on Fire!' (1 of 1..6) (refuted), "
        "politifact 'False' (2 of 1..6) (refuted) against snopes 'Mostly True' (corroborated)")
    assert run(empty, "validate", "--strict").exit_code == 1


def test_the_import_says_what_it_brings(empty):
    r = run(empty, "import", "claimreview", str(FEEDS / "two-reviewers.json"))
    assert r.exit_code == 0
    assert "imported 1 claim(s) and 5 new source(s) (and stance 'unrated')" in r.stdout
    assert "3 review(s); 0 already imported" in r.stdout
    assert "CC509" in r.stderr  # the warning the import brings, named at once


def test_a_rating_on_a_1_to_6_scale(empty):
    base = imported(empty, "scale-1-6.jsonl")
    bridge = claim_of(base, "The bridge cost twice its budget.")
    [r] = bridge.reviews
    assert (r.rating.name, r.rating.value, r.rating.best, r.rating.worst) == ("Mostly False", 2, 6, 1)
    assert bridge.status == r.verdict == "refuted"
    tram = claim_of(base, "Tram ridership rose by a third.")
    [r] = tram.reviews
    assert (r.rating.name, r.rating.value, r.rating.best, r.rating.worst) == (None, 5, 6, 1)
    assert tram.status == r.verdict == "corroborated"  # position 0.8 on its own scale
    assert base.sources["checks-example"].kind == "fact-checker"
    assert tram.claimant == bridge.claimant == "city-council"


def test_an_unknown_textual_rating_keeps_its_text_leaves_unverified_and_warns(empty):
    r = run(empty, "import", "claimreview", str(FEEDS / "unknown-rating.json"))
    assert r.exit_code == 0
    assert ("warning: review https://fullfact.example/health/waiting-lists/: rating text "
            "'The records only go back to 2008' is not in the verdict table: the verdict stays unverified") in r.stderr
    c = claim_of(open_base(empty), "Waiting lists are the shortest on record.")
    [rv] = c.reviews
    assert (rv.rating.name, rv.rating.value, rv.rating.best, rv.rating.worst) == (
        "The records only go back to 2008", 1, 5, 1)
    assert rv.verdict == "unverified" and c.status == "unverified"


def test_reimporting_adds_nothing(empty):
    imported(empty, "two-reviewers.json", "scale-1-6.jsonl", "unknown-rating.json")
    before = snapshot(empty)
    for name, n in (("two-reviewers.json", 3), ("scale-1-6.jsonl", 2), ("unknown-rating.json", 1)):
        r = run(empty, "import", "claimreview", str(FEEDS / name))
        assert r.exit_code == 0 and f"nothing to import; {n} already imported" in r.stdout
    assert snapshot(empty) == before


def test_a_new_review_of_a_claim_in_the_base_is_added_to_it_in_place(empty):
    feed = json.loads((FEEDS / "two-reviewers.json").read_text())
    first, rest = feed["dataFeedElement"][:1], feed["dataFeedElement"][1:]
    assert run(empty, "import", "claimreview", "-", input=json.dumps(first)).exit_code == 0
    cid = next(iter(open_base(empty).claims))
    status_before = open_base(empty).claims[cid].status
    r = run(empty, "import", "claimreview", "-", input=json.dumps(rest))
    assert r.exit_code == 0 and "imported 0 claim(s)" in r.stdout and "2 of them on 1 claim(s) already in the base" in r.stdout
    base = open_base(empty)
    [c] = base.claims.values()
    assert c.id == cid and [r.reviewer for r in c.reviews] == ["politifact", "snopes", "politifact"]
    assert [a.url for a in c.reported_by] == [RALLY, "https://tv.example/clips/881"]  # the new appearance added
    # the declared status is derived at import only: afterwards it is the fact-checker's
    assert c.status == status_before == "refuted"


# --- a reviewer is never an outlet ---------------------------------------------


def test_the_reviewer_is_absent_from_every_outlet_list_and_stance_mix(empty):
    imported(empty, "two-reviewers.json", "scale-1-6.jsonl", "unknown-rating.json")
    reviewers = {"politifact", "snopes", "checks-example", "full-fact"}
    sources = {s["id"]: s for s in json.loads(run(empty, "sources", "--format", "json").stdout)}
    for sid in reviewers:
        assert sources[sid]["carried"] == 0 and sources[sid]["stance_mix"] == {} and sources[sid]["own_voice"] == 0
    assert sources["news-example"]["carried"] == 1 and sources["news-example"]["stance_mix"] == {"unrated": 1}
    bias = json.loads(run(empty, "bias", "--format", "json").stdout)
    assert {o["id"] for o in bias["outlets"]} == {"news-example", "tv-example"}
    jane = json.loads(run(empty, "source", "jane-roe", "--format", "json").stdout)
    assert set(jane["carried_by"]) == {"news-example", "tv-example"}
    for sid in reviewers:
        prof = json.loads(run(empty, "source", sid, "--format", "json").stdout)
        assert prof["carries"] == {} and prof["carried"] == 0
    for c in json.loads(run(empty, "claims", "--format", "json").stdout):
        assert not reviewers & set(c["outlets"])
    assert json.loads(run(empty, "claims", "--outlet", "politifact", "--format", "json").stdout) == []


def test_a_reviewer_also_listed_in_reported_by_is_still_not_an_outlet(tmp_path):
    """A base written by hand (or half-migrated) where a fact-checker sits in
    reported_by: the bias measures leave it out all the same."""
    from tests.helpers import make_base

    sources = EMPTY_SOURCES + (
        "  - id: pf\n    name: PolitiFact\n    kind: outlet\n    stance: independent\n"
        "  - id: afp\n    name: AFP Fact Check\n    kind: fact-checker\n    stance: independent\n"
        "  - id: jane\n    name: Jane Roe\n    kind: person\n    stance: independent\n")
    claims = """\
claims:
  - id: c1
    statement: Crime doubled.
    claimant: jane
    topic: crime
    status: refuted
    reported_by:
      - outlet: desk
      - outlet: pf
        url: https://pf.example/1
      - outlet: afp
    reviews:
      - reviewer: pf
        url: https://pf.example/1
        rating: {name: "False"}
"""
    root = make_base(tmp_path, sources=sources, files={"claims/c.yaml": claims})
    got = {s["id"]: s for s in json.loads(run(root, "sources", "--format", "json").stdout)}
    assert (got["desk"]["carried"], got["pf"]["carried"], got["afp"]["carried"]) == (1, 0, 0)
    assert json.loads(run(root, "source", "jane", "--format", "json").stdout)["carried_by"] == {"desk": 1}


# --- track records ----------------------------------------------------------------


def test_track_records_of_claimants_and_fact_checkers(empty):
    imported(empty, "two-reviewers.json", "scale-1-6.jsonl", "unknown-rating.json")
    got = {s["id"]: s for s in json.loads(run(empty, "sources", "--format", "json").stdout)}
    jane = got["jane-roe"]
    assert jane["reviews_received"] == 4
    assert jane["verdicts"] == {"corroborated": 1, "contested": 0, "refuted": 2, "retracted": 0, "unverified": 1}
    assert got["city-council"]["verdicts"]["refuted"] == 1 and got["city-council"]["verdicts"]["corroborated"] == 1
    pf, sn = got["politifact"], got["snopes"]
    assert (pf["reviews_published"], pf["reviews_disputed"], pf["disagreement_rate"]) == (2, 2, 1.0)
    assert (sn["reviews_published"], sn["reviews_disputed"], sn["disagreement_rate"]) == (1, 1, 1.0)
    ce = got["checks-example"]
    assert (ce["reviews_published"], ce["reviews_disputed"], ce["disagreement_rate"]) == (2, 0, 0.0)
    assert got["desk"]["reviews_published"] == 0 and got["desk"]["disagreement_rate"] is None
    # the table
    out = run(empty, "sources").stdout
    head = next(line for line in out.splitlines() if line.startswith("REVIEWS OF / BY"))
    assert head.split() == ["REVIEWS", "OF", "/", "BY", "RECEIVED", "CORR", "CONT", "REFUT", "RETR", "UNVER",
                            "PUBLISHED", "DISPUTED"]
    rows = {line.split()[0]: line.split()[1:] for line in out.splitlines()[out.splitlines().index(head) + 1:]
            if line.split() and line.split()[0] in got}
    assert rows["jane-roe"] == ["4", "1", "0", "2", "0", "1", "-", "-"]
    assert rows["politifact"] == ["-", "-", "-", "-", "-", "-", "2", "2", "(100%)"]
    # the CSV
    table = list(csv.DictReader(io.StringIO(run(empty, "sources", "--format", "csv").stdout)))
    jane_row = next(r for r in table if r["id"] == "jane-roe")
    assert jane_row["verdicts"] == "corroborated=1; refuted=2; unverified=1" and jane_row["reviews_received"] == "4"


def test_source_profile_of_a_fact_checker_and_of_a_claimant(empty):
    imported(empty, "two-reviewers.json")
    cid = next(iter(open_base(empty).claims))
    out = run(empty, "source", "snopes").stdout
    assert "As reviewer" in out and "reviews published   1" in out
    assert f"{cid} by politifact" in out
    prof = json.loads(run(empty, "source", "politifact", "--format", "json").stdout)
    assert prof["verdicts_given"] == {"refuted": 2} and prof["reviewed"] == {"jane-roe": 2}
    assert prof["disputed"] == [{"claim": cid, "by": ["snopes"]}]
    out = run(empty, "source", "jane-roe").stdout
    assert "reviews received   3: corroborated 1, refuted 2" in out
    assert "reviewed by politifact: \u201cPants on Fire!\u201d (1 of 1..6) (refuted)" in out


# --- show and conflicts ----------------------------------------------------------


def test_show_lists_every_review_with_its_rating_as_published(empty):
    base = imported(empty, "two-reviewers.json")
    cid = next(iter(base.claims))
    out = run(empty, "show", cid).stdout
    reviews = out[out.index("Reviews"):out.index("Evidence")]
    for line in ("politifact (PolitiFact; fact-checker, stance unrated, reliability F), 2020-01-05",
                 "\u201cPants on Fire!\u201d (1 of 1..6)  ->  refuted",
                 "\u201cMostly True\u201d  ->  corroborated",
                 "\u201cFalse\u201d (2 of 1..6)  ->  refuted",
                 "No, crime did not double in 2019", PF1, SN,
                 "reviewers disagree: politifact (refuted) against snopes (corroborated)"):
        assert line in reviews, line
    attribution = out[out.index("Attribution"):out.index("Reviews")]
    assert "politifact" not in attribution and "snopes" not in attribution
    j = json.loads(run(empty, "show", cid, "--format", "json").stdout)
    assert j["reviewers_disagree"] == {"refuted": ["politifact"], "corroborated": ["snopes"]}
    assert [r["rating"]["name"] for r in j["reviews"]] == ["Pants on Fire!", "Mostly True", "False"]


def test_conflicts_lists_verdict_disagreements_when_asked(empty):
    imported(empty, "two-reviewers.json", "scale-1-6.jsonl")
    cid = claim_of(open_base(empty), CRIME).id
    plain = run(empty, "conflicts").stdout
    assert "Verdict disagreements" not in plain
    out = run(empty, "conflicts", "--verdicts").stdout
    section = out[out.index("Verdict disagreements"):]
    assert cid in section and "snopes: \u201cMostly True\u201d  ->  corroborated" in section
    assert "bridge" not in section.lower()  # one reviewer, no disagreement
    j = json.loads(run(empty, "conflicts", "--verdicts", "--format", "json").stdout)
    [d] = j["verdict_disputes"]
    assert (d["id"], d["refuted_by"], d["corroborated_by"]) == (cid, ["politifact"], ["snopes"])
    assert "verdict_disputes" not in json.loads(run(empty, "conflicts", "--format", "json").stdout)


# --- export: one ClaimReview per review, and the round trip --------------------


def _feed(root, *args) -> list[dict]:
    r = run(root, "export", "--format", "claimreview", *args)
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout)["dataFeedElement"]


def test_export_emits_one_claimreview_per_review_under_its_own_author(empty):
    imported(empty, "two-reviewers.json")
    reviews = _feed(empty)
    assert [r["url"] for r in reviews] == [PF1, SN, PF2]
    pf = reviews[0]
    assert pf["author"] == {"@type": "Organization", "name": "PolitiFact", "url": "https://www.politifact.example"}
    assert pf["reviewRating"] == {"@type": "Rating", "ratingValue": 1, "bestRating": 6, "worstRating": 1,
                                  "alternateName": "Pants on Fire!"}
    assert (pf["datePublished"], pf["headline"], pf["inLanguage"], pf["reviewBody"]) == (
        "2020-01-05", "No, crime did not double in 2019", "en", "Police figures show a 4% rise.")
    assert reviews[1]["reviewRating"] == {"@type": "Rating", "alternateName": "Mostly True"}
    item = pf["itemReviewed"]
    assert item["author"] == {"@type": "Person", "name": "Jane Roe"} and item["datePublished"] == "2020-01-02"
    assert [w["url"] for w in item["appearance"]] == [RALLY, "https://tv.example/clips/881"]
    assert item["firstAppearance"]["url"] == RALLY and item["firstAppearance"]["text"] == "Crime has doubled, doubled!"
    assert pf["keywords"] == "crime, statistics"


def test_every_exported_review_uses_schema_org_types_and_properties_and_meets_google(empty):
    from tests.test_interop import GOOGLE_REQUIRED, check_schema_org

    imported(empty, "two-reviewers.json", "unknown-rating.json")
    reviews = _feed(empty)
    assert len(reviews) == 4
    assert check_schema_org({"@type": "DataFeed", "dataFeedElement": reviews}) == []
    for r in reviews:
        assert all(r.get(k) for k in GOOGLE_REQUIRED) and r["reviewRating"].get("alternateName")


def test_reviewer_limits_the_feed_to_one_publisher(empty):
    imported(empty, "two-reviewers.json", "scale-1-6.jsonl")
    assert [r["url"] for r in _feed(empty, "--reviewer", "politifact")] == [PF1, PF2]
    assert [r["url"] for r in _feed(empty, "--reviewer", "snopes")] == [SN]
    r = run(empty, "export", "--reviewer", "snoops")
    assert r.exit_code == 1 and "no source 'snoops'" in r.stderr and "did you mean 'snopes'" in r.stderr
    rows = list(csv.DictReader(io.StringIO(run(empty, "export", "--format", "csv", "--reviewer", "checks-example").stdout)))
    assert sorted(r["statement"] for r in rows) == ["The bridge cost twice its budget.", "Tram ridership rose by a third."]


def test_the_publishers_own_reviews_carry_the_publisher_block(tmp_path):
    from tests.helpers import make_base

    sources = EMPTY_SOURCES.replace("sources:\n", "publisher:\n  name: Our Desk\n  url: https://desk.example\n"
                                    "  logo: https://desk.example/logo.png\n  review_url: https://desk.example/checks/{id}\n"
                                    "sources:\n") + "  - id: pf\n    name: PolitiFact\n    kind: fact-checker\n    stance: independent\n"
    claims = """\
claims:
  - id: c1
    statement: Crime doubled.
    claimant: desk
    topic: crime
    status: refuted
    reviews:
      - reviewer: desk
        date: 2020-01-04
        rating: {name: Refuted, value: 1, best: 5, worst: 1}
      - reviewer: pf
        url: https://pf.example/1
        rating: {name: Mostly True}
  - id: c2
    statement: Taxes fell.
    claimant: desk
    topic: crime
    status: corroborated
"""
    root = make_base(tmp_path, sources=sources, files={"claims/c.yaml": claims})
    own, theirs, verdict_of_c2 = _feed(root)
    assert own["url"] == "https://desk.example/checks/c1" and own["datePublished"] == "2020-01-04"
    assert own["author"] == {"@type": "Organization", "name": "Our Desk", "url": "https://desk.example",
                             "logo": "https://desk.example/logo.png"}
    assert theirs["author"] == {"@type": "Organization", "name": "PolitiFact"} and theirs["url"] == "https://pf.example/1"
    # a claim without reviews: this base's verdict from its status, as before
    assert verdict_of_c2["url"] == "https://desk.example/checks/c2"
    assert verdict_of_c2["reviewRating"]["alternateName"] == "Corroborated"
    assert [r["url"] for r in _feed(root, "--reviewer", "desk")] == ["https://desk.example/checks/c1",
                                                                    "https://desk.example/checks/c2"]
    assert [r["url"] for r in _feed(root, "--reviewer", "pf")] == ["https://pf.example/1"]


def test_round_trip_export_import_export_gives_the_same_reviews_field_for_field(empty, tmp_path):
    from tests.helpers import make_base

    imported(empty, "two-reviewers.json", "scale-1-6.jsonl", "unknown-rating.json")
    first = _feed(empty)
    assert len(first) == 6
    feed = tmp_path / "feed.json"
    feed.write_text(run(empty, "export").stdout)
    other = make_base(tmp_path / "other", sources=EMPTY_SOURCES)
    r = run(other, "import", "claimreview", str(feed))
    assert r.exit_code == 0, r.output
    second = _feed(other)
    assert second == first  # every review, every field, in order
    # and the bases agree review by review
    a, b = open_base(empty), open_base(other)
    for c in a.claims.values():
        d = claim_of(b, c.statement)
        assert (d.status, d.as_of, d.tags) == (c.status, c.as_of, c.tags)
        assert [(b.sources[x.reviewer].name, x.url, x.date, x.rating, x.title, x.summary, x.language, x.verdict)
                for x in d.reviews] == [
            (a.sources[x.reviewer].name, x.url, x.date, x.rating, x.title, x.summary, x.language, x.verdict)
            for x in c.reviews]
        assert [(b.sources[x.outlet].name, x.date, x.quote, x.url) for x in d.reported_by] == [
            (a.sources[x.outlet].name, x.date, x.quote, x.url) for x in c.reported_by]
    # the exported feed imported again adds nothing
    assert "nothing to import; 6 already imported" in run(other, "import", "claimreview", str(feed)).stdout


# --- the old layout -------------------------------------------------------------------


def test_a_base_imported_with_the_old_layout_reimports_without_duplicates(tmp_path):
    root = tmp_path / "old"
    shutil.copytree(OLD_LAYOUT, root)
    old = open_base(root)
    assert old.errors == 0 and all(not c.reviews for c in old.claims.values())
    r = run(root, "import", "claimreview", str(FEEDS / "two-reviewers.json"))
    assert r.exit_code == 0, r.output
    assert "3 moved from reported_by" in r.stdout
    assert run(root, "import", "claimreview", str(FEEDS / "unknown-rating.json")).exit_code == 0
    base = open_base(root)
    assert base.errors == 0
    assert sorted(base.claims) == sorted(old.claims)  # no claim added
    urls = [x.url for c in base.claims.values() for x in c.reviews]
    assert sorted(urls) == sorted([PF1, SN, PF2, "https://fullfact.example/health/waiting-lists/"])
    # the reviews left reported_by, the appearances stayed
    carried = {a.url for c in base.claims.values() for a in c.reported_by}
    assert not carried & set(urls) and RALLY in carried
    for sid in ("politifact", "snopes", "full-fact"):
        assert base.sources[sid].kind == "fact-checker"
    assert base.sources["news-example"].kind == "outlet"
    # statuses are the fact-checker's once imported: not derived again
    assert {c.id: c.status for c in base.claims.values()} == {c.id: c.status for c in old.claims.values()}
    # and a third import adds nothing
    before = snapshot(root)
    for name in ("two-reviewers.json", "unknown-rating.json"):
        assert "nothing to import" in run(root, "import", "claimreview", str(FEEDS / name)).stdout
    assert snapshot(root) == before


# --- the Fact Check Tools API -----------------------------------------------------------


def test_factcheck_api_pages_import_into_claims_and_reviews(empty):
    r = run(empty, "import", "factcheck-api", str(FEEDS / "factcheck-api-pages.json"))
    assert r.exit_code == 0, r.output
    assert "imported 3 claim(s)" in r.stdout and "5 review(s); 1 already imported" in r.stdout
    assert "rating text 'Recall notice' is not in the verdict table" in r.stderr
    base = open_base(empty)
    assert base.errors == 0
    crime = claim_of(base, CRIME)
    assert (crime.claimant, crime.as_of, crime.status) == ("jane-roe", "2020-01-02", "contested")
    assert [(x.reviewer, x.url, x.date, x.rating.name, x.title, x.language) for x in crime.reviews] == [
        ("politifact", PF1, "2020-01-05", "Pants on Fire!", "No, crime did not double in 2019", "en"),
        ("snopes", SN, "2020-01-09", "Mostly True", "Did Crime Double in 2019?", "en"),
    ]
    vac = claim_of(base, "Vacinas causam autismo.")
    assert base.sources[vac.claimant].name == "Publicações nas redes sociais"
    assert vac.status == "refuted" and vac.reviews[0].language == "pt" and vac.reviews[0].rating.name == "Falso"
    tram = claim_of(base, "Tram ridership rose by a third.")
    assert [x.verdict for x in tram.reviews] == ["contested", "unverified"] and tram.status == "contested"
    pf = base.sources["politifact"]
    assert (pf.name, pf.kind, pf.url) == ("PolitiFact", "fact-checker", "https://politifact.example/")
    # the same reviews as a ClaimReview feed: nothing new
    r = run(empty, "import", "claimreview", str(FEEDS / "two-reviewers.json"))
    assert "1 review(s)" in r.stdout and "2 already imported" in r.stdout  # PolitiFact's second review is new


@pytest.mark.parametrize("shape", ["list", "lines"])
def test_factcheck_api_pages_as_a_list_or_one_per_line(empty, tmp_path, shape):
    dec = json.JSONDecoder()
    text = (FEEDS / "factcheck-api-pages.json").read_text()
    one, end = dec.raw_decode(text)
    two, _ = dec.raw_decode(text, end + 1)
    path = tmp_path / "pages.json"
    path.write_text(json.dumps([one, two]) if shape == "list" else json.dumps(one) + "\n" + json.dumps(two) + "\n")
    r = run(empty, "import", "factcheck-api", str(path))
    assert r.exit_code == 0 and "imported 3 claim(s)" in r.stdout


def test_factcheck_api_bad_input_is_named_and_the_rest_imports(empty):
    page = {"claims": [
        {"text": "Good one.", "claimant": "A", "claimReview": [
            {"publisher": {"name": "P"}, "url": "https://p.example/1", "textualRating": "False"}]},
        {"text": "No reviews.", "claimant": "A"},
        {"claimant": "A", "claimReview": [{"url": "https://p.example/2", "textualRating": "False"}]},
        {"text": "Bad url.", "claimReview": [{"url": "javascript:alert(1)", "textualRating": "False"}]},
    ]}
    r = run(empty, "import", "factcheck-api", "-", input=json.dumps(page))
    assert r.exit_code == 1
    assert "has no claimReview" in r.stderr and "review https://p.example/2: its claim has no text" in r.stderr
    assert "'javascript:alert(1)' is not an absolute http(s) URL" in r.stderr
    assert [c.statement for c in open_base(empty).claims.values()] == ["Good one."]
    r = run(empty, "import", "factcheck-api", "-", input='{"claims": []} {"claims": [')
    assert r.exit_code == 1 and "not JSON" in r.stderr
    assert run(empty, "import", "factcheck-api", "-", input='{"items": []}').exit_code == 1


# --- CSV: the first appearance ------------------------------------------------------------


def test_csv_export_carries_the_first_appearance_url_and_quote_and_the_reviews(empty):
    imported(empty, "two-reviewers.json", "unknown-rating.json")
    rows = {r["statement"]: r for r in csv.DictReader(io.StringIO(run(empty, "export", "--format", "csv").stdout))}
    crime = rows[CRIME]
    assert (crime["first_url"], crime["first_quote"]) == (RALLY, "Crime has doubled, doubled!")
    assert crime["reviews"] == ("politifact: Pants on Fire! (refuted); snopes: Mostly True (corroborated); "
                                "politifact: False (refuted)")
    waiting = rows["Waiting lists are the shortest on record."]
    assert (waiting["first_url"], waiting["first_quote"]) == ("", "")
    # claims --format csv is the same table
    assert run(empty, "claims", "--format", "csv").stdout.splitlines()[0] == run(
        empty, "export", "--format", "csv").stdout.splitlines()[0]


def test_csv_first_appearance_is_the_earliest_dated(tmp_path):
    from tests.helpers import CHECKDESK_CLAIMS, CHECKDESK_SOURCES, make_base

    root = make_base(tmp_path, sources=CHECKDESK_SOURCES, files={"claims/town.yaml": CHECKDESK_CLAIMS})
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(run(root, "export", "--format", "csv").stdout))}
    # gov-strike: State TV (2018-05-02, with a quote) is listed first, the monitor (2018-05-01) is earlier
    assert (rows["gov-strike"]["first_url"], rows["gov-strike"]["first_quote"]) == (
        "https://monitor.example/report/7", "")
    assert rows["monitor-count"]["first_url"] == ""


def test_sqlite_holds_the_reviews(empty, tmp_path):
    import sqlite3

    imported(empty, "two-reviewers.json")
    db = tmp_path / "b.db"
    r = run(empty, "export", "--format", "sqlite", "-o", str(db))
    assert r.exit_code == 0 and "3 reviews" in r.stderr
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA foreign_key_check").fetchall() == []
    rows = con.execute("SELECT s.name, v.rating_name, v.rating_value, v.verdict FROM reviews v "
                       "JOIN sources s ON s.id = v.reviewer ORDER BY v.position").fetchall()
    assert rows == [("PolitiFact", "Pants on Fire!", 1.0, "refuted"), ("Snopes", "Mostly True", None, "corroborated"),
                    ("PolitiFact", "False", 2.0, "refuted")]


def test_the_json_schema_describes_reviews(empty):
    import copy

    jsonschema = pytest.importorskip("jsonschema")
    imported(empty, "two-reviewers.json", "scale-1-6.jsonl")
    schema = json.loads(run(empty, "schema").stdout)
    v = jsonschema.Draft202012Validator(schema)
    data = copy.deepcopy(open_base(empty).file("claims/claimreview.yaml").data)  # as the strict loader reads it
    assert list(v.iter_errors(data)) == []
    for path, value in ((("rating", "grade"), "A"), (("reviewer",), None), (("rating", "value"), "2"),
                        (("url",), "not a url")):
        bad = copy.deepcopy(data)
        node = bad["claims"][0]["reviews"][0]
        for step in path[:-1]:
            node = node[step]
        node[path[-1]] = value
        assert list(v.iter_errors(bad)), path
    src = json.loads(run(empty, "schema", "--sources").stdout)
    assert "fact-checker" in json.dumps(src)


def test_numbers_off_their_scale_are_dropped_and_the_text_kept(empty):
    feed = {"@type": "ClaimReview", "url": "https://fc.example/9", "claimReviewed": "Nine of five.",
            "author": {"name": "Fact Co"}, "reviewRating": {"alternateName": "False", "ratingValue": 9, "bestRating": 5}}
    r = run(empty, "import", "claimreview", "-", input=json.dumps(feed))
    assert r.exit_code == 0 and "(value 9, best 5) is not a value within its scale: the numbers are dropped" in r.stderr
    [rv] = claim_of(open_base(empty), "Nine of five.").reviews
    assert (rv.rating.name, rv.rating.value, rv.rating.best, rv.verdict) == ("False", None, None, "refuted")


# --- the writer's in-place list edits ------------------------------------------------


def test_reviews_and_appearances_are_added_in_place_and_every_other_byte_kept(tmp_path):
    from claimcheck.write.ops import ClaimAdditions, add_records
    from tests.helpers import make_base

    sources = EMPTY_SOURCES + "  - id: pf\n    name: PolitiFact\n    kind: fact-checker\n    stance: independent\n"
    claims = """\
# a hand-kept file
claims:
  - id: c1   # first
    statement: One.
    claimant: desk
    topic: t
    status: refuted
    reported_by:
      - outlet: desk
        url: https://desk.example/a
      - outlet: pf        # an earlier import's review
        url: https://pf.example/1
      - outlet: desk
        url: https://desk.example/b
    reviews: [{reviewer: pf, url: "https://pf.example/0"}]
  - id: c2
    statement: Two.
    claimant: desk
    topic: t
    status: refuted
"""
    root = make_base(tmp_path, sources=sources, files={"claims/c.yaml": claims})
    res = add_records(root, extend=[
        ClaimAdditions("c1", [{"reviewer": "pf", "url": "https://pf.example/1", "rating": {"name": "False"}}], [], (1,)),
        ClaimAdditions("c2", [{"reviewer": "pf", "url": "https://pf.example/2", "rating": {"name": "Mostly True"}}],
                       [{"outlet": "desk", "url": "https://desk.example/c"}]),
    ])
    assert res.ok and res.written == ["claims/c.yaml"]
    text = (root / "claims" / "c.yaml").read_text()
    assert text.startswith("# a hand-kept file\nclaims:\n  - id: c1   # first\n")
    assert "an earlier import's review" not in text
    assert ('    reviews: [{reviewer: pf, url: "https://pf.example/0"}, {reviewer: pf, url: "https://pf.example/1", '
            'rating: {name: "False"}}]\n') in text
    assert text.endswith("""\
    status: refuted
    reported_by:
      - outlet: desk
        url: https://desk.example/c
    reviews:
      - reviewer: pf
        url: https://pf.example/2
        rating: {name: Mostly True}
""")
    base = open_base(root)
    assert base.errors == 0
    assert [a.url for a in base.claims["c1"].reported_by] == ["https://desk.example/a", "https://desk.example/b"]
    assert [r.url for r in base.claims["c1"].reviews] == ["https://pf.example/0", "https://pf.example/1"]
