"""extract --into: drafts written through the safe writer (claims unverified,
quote and line in reported_by, new claimants and outlets as sources of stance
unrated, new topics declared), nothing added twice, a base that validates
afterwards; and the suggested topics that make two claimants' figures meet in
`conflicts`, from one report or from two."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from typer.testing import CliRunner

from claimcheck.base import open_base
from claimcheck.cli import app
from tests.helpers import make_base

ENV = {"COLUMNS": "100", "NO_COLOR": "1", "CLAIMCHECK_ROOT": "", "CLAIMCHECK_TODAY": "2026-11-21"}

REPORT_A = """\
Ministry and monitor differ on Testville toll

By Wire staff

The health ministry said on Monday that 40 people were killed in the attack on Testville.

The Testville Monitor, a rights group, put the death toll at more than 300, most of them civilians.

Figures released by the ministry showed that 120 people were wounded.
"""
REPORT_B = """\
Testville: a week on

A separate count by Doctors Without Borders put the number of dead in the Testville attack at about 250.

Officials said more than 1,000 people had fled the town.
"""


def run(*args: str):
    return CliRunner().invoke(app, list(args), env=ENV)


def write(tmp_path: Path, name: str, text: str) -> str:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return str(p)


def claims_of(root: Path, rel: str = "claims/extracted.yaml") -> list[dict]:
    return yaml.safe_load((root / rel).read_text(encoding="utf-8"))["claims"]


def conflict_pairs(root: Path) -> list[tuple[str, str, str]]:
    r = run("--root", str(root), "conflicts", "--format", "json")
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    return [(t["topic"], p["a"], p["b"]) for t in data["topics"] for p in t["pairs"] if p["relation"] == "conflict"]


def test_into_adds_claims_sources_and_topics_and_the_base_validates(tmp_path):
    root = make_base(tmp_path)
    r = run("--root", str(root), "extract", write(tmp_path, "a.txt", REPORT_A), "--outlet", "Wire",
            "--date", "2024-05-14", "--into", "claims/extracted.yaml")
    assert r.exit_code == 0, r.output
    assert "added 3 claim(s)" in r.stdout and "of stance unrated" in r.stdout
    claims = claims_of(root)
    assert {c["figure"] for c in claims} == {"40", "more than 300", "120"}
    assert {c["status"] for c in claims} == {"unverified"}
    first = next(c for c in claims if c["figure"] == "40")
    (rb,) = first["reported_by"]
    assert (rb["outlet"], str(rb["date"]), rb["line"]) == ("wire", "2024-05-14", 5)
    assert rb["quote"] == "The health ministry said on Monday that 40 people were killed in the attack on Testville."
    assert str(first["as_of"]) == "2024-05-13" and first["topic"] == "testville-2024/killed"
    base = open_base(root)
    assert base.errors == 0, [d.message for d in base.diagnostics]
    assert base.sources["wire"].stance == "unrated" and base.sources["wire"].kind == "outlet"
    assert base.sources[first["claimant"]].name == "The health ministry"
    assert "unrated" in base.stances and "testville-2024/killed" in base.topics
    r = run("--root", str(root), "validate", "--strict")
    assert r.exit_code == 0, r.output


def test_extracting_the_same_report_twice_adds_nothing(tmp_path):
    root = make_base(tmp_path)
    report = write(tmp_path, "a.txt", REPORT_A)
    args = ("--root", str(root), "extract", report, "--outlet", "Wire", "--date", "2024-05-14",
            "--into", "claims/extracted.yaml")
    assert run(*args).exit_code == 0
    before = {p: p.read_bytes() for p in sorted(root.rglob("*.yaml"))}
    r = run(*args)
    assert r.exit_code == 0, r.output
    assert "nothing to add: 3 draft(s) already in the base" in r.stdout
    assert {p: p.read_bytes() for p in sorted(root.rglob("*.yaml"))} == before


def test_the_same_quantity_from_two_claimants_lands_on_one_topic_and_conflicts_shows_it(tmp_path):
    root = make_base(tmp_path)
    for name, text in (("a.txt", REPORT_A), ("b.txt", REPORT_B)):
        r = run("--root", str(root), "extract", write(tmp_path, name, text), "--outlet", "Wire", "--date",
                "2024-05-14", "--into", "claims/extracted.yaml")
        assert r.exit_code == 0, r.output
    claims = {c["figure"]: c for c in claims_of(root)}
    # one report: the ministry and the monitor; the other: Doctors Without Borders
    assert claims["40"]["topic"] == claims["more than 300"]["topic"] == claims["about 250"]["topic"] \
        == "testville-2024/killed"
    pairs = conflict_pairs(root)
    ids = {c["figure"]: c["id"] for c in claims.values()}
    assert ("testville-2024/killed", ids["40"], ids["more than 300"]) in pairs \
        or ("testville-2024/killed", ids["more than 300"], ids["40"]) in pairs
    assert any(ids["about 250"] in (a, b) and ids["40"] in (a, b) for _, a, b in pairs)


def test_a_topic_of_the_base_is_matched_first(tmp_path):
    root = make_base(tmp_path, files={"claims/testville.yaml": """\
topics:
  testville-attack-2024/killed/civilians:
    title: Civilians killed in the attack on Testville
claims: []
"""})
    r = run("--root", str(root), "extract", write(tmp_path, "b.txt", REPORT_B), "--outlet", "Wire", "--date",
            "2024-05-14", "--format", "json")
    assert r.exit_code == 0, r.output
    topics = {d["figure"]["text"]: d["topic"] for d in json.loads(r.stdout)}
    assert topics["about 250"] == "testville-attack-2024/killed/civilians"
    assert topics["more than 1,000"] == "testville-2024/displaced"


def test_topic_option_forces_one_topic(tmp_path):
    root = make_base(tmp_path)
    r = run("--root", str(root), "extract", write(tmp_path, "a.txt", REPORT_A), "--outlet", "Wire",
            "--topic", "town/killed", "--into", "claims/extracted.yaml")
    assert r.exit_code == 0, r.output
    assert {c["topic"] for c in claims_of(root)} == {"town/killed"}
    assert open_base(root).errors == 0


def test_a_claimant_known_to_the_base_is_not_added_again(tmp_path):
    root = make_base(tmp_path)
    r = run("--root", str(root), "extract", write(tmp_path, "c.txt", "The Independent Monitor said about 300 people "
                                                  "were killed in the town.\n"), "--outlet", "gov-tv",
            "--date", "2018-05-02", "--into", "claims/extracted.yaml")
    assert r.exit_code == 0, r.output
    (c,) = claims_of(root)
    assert c["claimant"] == "monitor" and c["reported_by"][0]["outlet"] == "gov-tv"
    assert "source" not in r.stdout.split("\n")[0]
    assert len(open_base(root).sources) == 4


def test_into_needs_an_outlet_and_a_claims_file(tmp_path):
    root = make_base(tmp_path)
    report = write(tmp_path, "a.txt", REPORT_A)
    r = run("--root", str(root), "extract", report, "--into", "claims/extracted.yaml")
    assert r.exit_code == 2 and "--into needs --outlet" in r.stderr
    r = run("--root", str(root), "extract", report, "--outlet", "Wire", "--into", "../elsewhere.yaml")
    assert r.exit_code == 2 and "claims go in a .yaml file under claims/" in r.stderr
    assert not (root / "claims" / "extracted.yaml").exists()


def test_into_needs_a_base(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    r = run("extract", write(tmp_path, "a.txt", REPORT_A), "--outlet", "Wire", "--into", "claims/x.yaml")
    assert r.exit_code == 2 and "claimcheck:" in r.stderr and "Traceback" not in r.output
