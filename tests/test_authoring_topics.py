"""add_records(topics=...) declares a new topic where the claim goes, so a new
topic brings no CC307 warning; a declared topic is never redeclared."""

from __future__ import annotations

from claimcheck.write.ops import add_records
from claimcheck.base import open_base

from tests.helpers import SD_SOURCES as SOURCES, SD_TOPICS as TOPICS, make_base, sd_claim as claim


def _claim(topic):
    return {"statement": "A count.", "claimant": "sohr", "topic": topic, "status": "unverified", "figure": 12}


def test_new_topic_is_declared_above_claims_and_nothing_else_changes(tmp_path):
    body = "# header comment\nclaims:\n" + claim(topic="town/killed")
    root = make_base(tmp_path, {"claims/town.yaml": body}, sources=SOURCES)
    res = add_records(root, claims=[_claim("town/killed")], topics={"town/killed": {"title": "Dead in the town"}})
    assert res.ok, res.diagnostics
    text = (root / "claims/town.yaml").read_text()
    assert text.startswith("# header comment\ntopics:\n  town/killed: {title: Dead in the town}\nclaims:\n" + claim(topic="town/killed"))
    base = open_base(root)
    assert [d.code for d in base.diagnostics] == []
    assert base.topics["town/killed"].title == "Dead in the town"


def test_topic_added_to_an_existing_topics_mapping(tmp_path):
    root = make_base(tmp_path, {"claims/a.yaml": TOPICS + "claims:\n" + claim()}, sources=SOURCES)
    before = (root / "claims/a.yaml").read_text()
    res = add_records(root, claims=[_claim("sd/other")], topics={"sd/other": {"title": "Other"}}, target="claims/a.yaml")
    assert res.ok
    after = (root / "claims/a.yaml").read_text()
    assert after.startswith(TOPICS + "  sd/other: {title: Other}\nclaims:\n" + claim())
    assert len(after) > len(before)
    assert open_base(root).diagnostics == []


def test_declared_topic_is_not_redeclared(tmp_path):
    root = make_base(tmp_path, {"claims/a.yaml": TOPICS + "claims:\n" + claim()}, sources=SOURCES)
    res = add_records(root, claims=[_claim("sd/killed/gov")], topics={"sd/killed/gov": {"title": "Something else"}})
    assert res.ok
    assert (root / "claims/a.yaml").read_text().count("sd/killed/gov:") == 1
    assert open_base(root).diagnostics == []
