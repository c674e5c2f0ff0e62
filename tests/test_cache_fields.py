"""Everything the model holds of a claim survives the cache: reviews with
their ratings, ``ignore:`` (and the warnings it sets aside, placed or
not), a figure that could not be read and why, refuted claims set aside
from the evidence. A warm run answers what a run without the cache
answers, byte for byte; a file whose ``ignore:`` JSON cannot hold exactly is
parsed on every run, and answers the same."""

from __future__ import annotations

import json

import pytest
import yaml

from claimcheck.base import open_base
from claimcheck.load import entry
from claimcheck.load.build import claims_of
from claimcheck.load.fast import fast_data
from claimcheck.records.topics import TopicJSON, topic_record
from claimcheck.rules.records import check_claims_file
from claimcheck.xref import compute_evidence, topic_reports

from .helpers import cli

SOURCES = """\
stances:
  city: The city and its services
  labour: Unions
  press: {description: Fact-checkers, neutral: true}
sources:
  - {id: fire, name: Fire Department, kind: agency, stance: city, reliability: B}
  - {id: union, name: Firefighters' Union, kind: ngo, stance: labour, reliability: C}
  - {id: desk, name: Check Desk, kind: fact-checker, stance: press, reliability: A}
  - {id: paper, name: Daily Paper, kind: outlet, stance: press}
"""

CLAIMS = """\
topics:
  fire/dead: {title: People killed in the warehouse fire}
  fire/hurt: {title: People hurt, unit: people}
claims:
  - id: fire-dead
    statement: The fire department says 4 people died.
    claimant: fire
    topic: fire/dead
    figure: 4
    status: corroborated
    ignore:
      CC505: The coroner's report, not in the base, lists 4 dead.
    reported_by:
      - {outlet: paper, date: 2026-03-02, quote: Four died, the department said.}
  - id: union-dead
    statement: The union says at least 11 people died.
    claimant: union
    topic: fire/dead
    figure: at least 11
    status: refuted
    reviews:
      - reviewer: desk
        url: https://desk.example/union-dead
        date: 2026-03-04
        rating: {name: "False", value: 1, best: 5, worst: 1}
        summary: The morgue counted four.
  - id: union-hurt
    statement: The union says scores were hurt.
    claimant: union
    topic: fire/hurt
    figure: scores and scores
    status: unverified
    reviews:
      - reviewer: desk
        rating: {name: Missing context}
  - id: fire-hurt
    statement: The fire department says 12 were hurt.
    claimant: fire
    topic: fire/hurt
    figure: 12
    status: corroborated
    ignore:
      CC505: 7
"""

# an ignore: whose key is not text: JSON would change it, so the file is never cached
ODD = """\
claims:
  - id: odd
    statement: The union says 30 were hurt.
    claimant: union
    topic: fire/hurt
    figure: 30
    status: corroborated
    ignore:
      505: a number, not a code
"""


@pytest.fixture
def root(tmp_path):
    from .helpers import make_base

    return make_base(tmp_path, {"claims/fire.yaml": CLAIMS, "claims/odd.yaml": ODD}, sources=SOURCES)


def test_every_field_of_a_claim_reads_back_as_written(root):
    data = fast_data((root / "claims/fire.yaml").read_text("utf-8"))[1]
    topics, claims = claims_of(data, "claims/fire.yaml")
    assert any(c.reviews for c in claims) and any(c.ignore for c in claims) and any(c.figure_error for c in claims)
    back = entry.decode(json.loads(entry.encode(True, [], check_claims_file(data), topics, claims)), "claims/fire.yaml")
    assert back.claims == claims


def test_an_ignore_json_cannot_hold_leaves_the_file_out_of_the_cache(root):
    data = yaml.safe_load((root / "claims/odd.yaml").read_text("utf-8"))  # the fast path leaves such a file to it
    topics, claims = claims_of(data, "claims/odd.yaml")
    assert claims[0].ignore == {505: "a number, not a code"}
    with pytest.raises(entry.Uncacheable):
        entry.encode(True, [], check_claims_file(data), topics, claims)


@pytest.mark.parametrize("args", [
    ("validate", "--format", "json", "--show-ignored"),
    ("validate", "--show-ignored"),
    ("validate", "--format", "sarif", "--show-ignored"),
    ("conflicts", "--format", "json", "--all"),
    ("claims", "--format", "json"),
    ("sources", "--format", "json"),
    ("show", "union-dead", "--format", "json"),
])
def test_warm_runs_answer_what_a_run_without_the_cache_answers(root, tmp_path, args):
    cache = tmp_path / "cache"
    cache.mkdir(mode=0o700)
    env = {"CLAIMCHECK_CACHE_DIR": str(cache)}
    plain = cli("--root", root, "--no-cache", *args)
    cold = cli("--root", root, *args, env=env)
    warm = cli("--root", root, *args, env=env)
    # and after a query between two runs of validate, and again
    cli("--root", root, "conflicts", env=env)
    again = cli("--root", root, *args, env=env)
    assert plain.stdout == cold.stdout == warm.stdout == again.stdout
    assert plain.exit_code == cold.exit_code == warm.exit_code == again.exit_code
    assert any(cache.rglob("*")), "the runs wrote no entry"


def test_the_ignored_warning_is_counted_and_listed_from_a_warm_cache(root, tmp_path):
    cache = tmp_path / "cache"
    cache.mkdir(mode=0o700)
    env = {"CLAIMCHECK_CACHE_DIR": str(cache)}
    cli("--root", root, "validate", env=env)
    doc = json.loads(cli("--root", root, "validate", "--format", "json", "--show-ignored", env=env).stdout)
    assert doc["ignored"] == 1
    (ig,) = doc["ignored_diagnostics"]
    assert (ig["code"], ig["path"], ig["line"]) == ("CC505", "claims/fire.yaml", 10)  # its status: line
    assert ig["reason"] == "The coroner's report, not in the base, lists 4 dead."
    codes = sorted((d["code"], d["path"]) for d in doc["diagnostics"])
    # fire-hurt's reason is not text (CC210), so its CC505 stands; odd's key is no code (CC210)
    assert ("CC210", "claims/fire.yaml") in codes and ("CC210", "claims/odd.yaml") in codes
    assert ("CC505", "claims/fire.yaml") in codes


def test_topic_json_writes_what_json_dumps_writes_with_set_aside_and_unread_claims(root):
    base = open_base(root)
    ev = compute_evidence(base, ids=False)
    reports = topic_reports(base, include_all=True)
    recs = [topic_record(base, r, ev) for r in reports]
    assert any(r["not_evidence"] for r in recs) and any(r["figure_not_understood"] for r in recs)
    enc = json.JSONEncoder(ensure_ascii=False).encode
    write = TopicJSON(base, ev)
    for rep, rec in zip(reports, recs):
        assert write(rep) == enc(rec), rep.topic


# --- the answer of conflicts --format json --------------------------------------


def test_an_unchanged_base_gets_the_kept_answer_without_being_opened(root, tmp_path, monkeypatch):
    import claimcheck.base

    env = {"CLAIMCHECK_CACHE_DIR": str(tmp_path / "cache")}
    args = ("--root", root, "conflicts", "--format", "json", "--all")
    first = cli(*args, env=env)
    assert first.exit_code == 0 and json.loads(first.stdout)["topics"]

    def no_open(*a, **k):
        raise AssertionError("the base was opened")

    with monkeypatch.context() as m:
        m.setattr(claimcheck.base, "open_base", no_open)
        again = cli(*args, env=env)
    assert (again.exit_code, again.stdout, again.stderr) == (first.exit_code, first.stdout, first.stderr)
    # other options are another answer, computed
    other = cli(*args, "--best", "reliable", env=env)
    assert json.loads(other.stdout)["best_rule"] == "reliable"
    assert other.stdout == cli("--root", root, "--no-cache", *args[2:], "--best", "reliable").stdout


def test_a_changed_file_is_never_answered_from_the_kept_answer(root, tmp_path):
    env = {"CLAIMCHECK_CACHE_DIR": str(tmp_path / "cache")}
    args = ("--root", root, "conflicts", "--format", "json", "--all")
    before = json.loads(cli(*args, env=env).stdout)
    p = root / "claims/fire.yaml"
    p.write_text(p.read_text("utf-8").replace("figure: 12\n", "figure: 1200\n"), "utf-8")
    after = cli(*args, env=env)
    assert after.stdout == cli("--root", root, "--no-cache", *args[2:]).stdout
    fig = {c["id"]: c["figure"] for t in json.loads(after.stdout)["topics"] for c in t["claims"]}
    assert fig["fire-hurt"] == "1200" and before != json.loads(after.stdout)


def test_the_kept_answer_repeats_the_warning_of_errors(root, tmp_path):
    env = {"CLAIMCHECK_CACHE_DIR": str(tmp_path / "cache")}
    p = root / "claims/fire.yaml"
    p.write_text(p.read_text("utf-8").replace("claimant: union\n", "claimant: unoin\n", 1), "utf-8")
    args = ("--root", root, "conflicts", "--format", "json")
    first, again = cli(*args, env=env), cli(*args, env=env)
    assert "the claim base has" in first.stderr and first.stderr == again.stderr
    assert first.stdout == again.stdout


def test_a_topic_that_matches_nothing_is_an_error_each_time(root, tmp_path):
    env = {"CLAIMCHECK_CACHE_DIR": str(tmp_path / "cache")}
    args = ("--root", root, "conflicts", "--format", "json", "--topic", "nothing*")
    for _ in range(2):
        r = cli(*args, env=env)
        assert r.exit_code == 1 and "no topic matches" in r.stderr and r.stdout == ""


@pytest.mark.parametrize("damage", ["truncate", "flip", "errors"])
def test_a_damaged_answer_is_a_miss(root, tmp_path, damage):
    cache = tmp_path / "cache"
    env = {"CLAIMCHECK_CACHE_DIR": str(cache)}
    args = ("--root", root, "conflicts", "--format", "json", "--all")
    want = cli(*args, env=env)
    (entry_file,) = [p for p in cache.rglob("*.json") if b'"text": true' in p.read_bytes().split(b"\n", 1)[0]]
    raw = entry_file.read_bytes()
    head, body = raw.split(b"\n", 1)
    if damage == "truncate":
        entry_file.write_bytes(raw[:-10])
    elif damage == "flip":
        entry_file.write_bytes(head + b"\n" + body.replace(b'"topics"', b'"tOpics"'))
    else:  # a first line that is not a count of errors, its header made to match
        import hashlib

        new = b"x" + body
        info = json.loads(head)
        info.update(length=len(new), sha256=hashlib.sha256(new).hexdigest())
        entry_file.write_bytes(json.dumps(info, sort_keys=True).encode() + b"\n" + new)
    got = cli(*args, env=env)
    assert (got.exit_code, got.stdout) == (want.exit_code, want.stdout)


@pytest.mark.parametrize("figure", ["after 2024-03-02", {"low": 5}, "more than 40", "about 12"])
def test_a_figure_open_above_reads_back_as_written(figure):
    data = {"claims": [{"id": "c", "statement": "s", "claimant": "x", "topic": "t", "status": "unverified",
                        "figure": figure}]}
    topics, claims = claims_of(data, "claims/c.yaml")
    assert claims[0].figure is not None
    back = entry.decode(json.loads(entry.encode(True, [], [], topics, claims)), "claims/c.yaml")
    assert back.claims == claims


def test_cache_settings_that_cannot_be_used_fall_back_without_a_traceback(tmp_path, root):
    from claimcheck.load.cache import DEFAULT_MAX_MB, max_bytes

    for bad in ("nan", "inf", "-inf", "lots"):
        assert max_bytes({"CLAIMCHECK_CACHE_MAX_MB": bad}) == int(DEFAULT_MAX_MB * 1024 * 1024)
    r = cli("--root", root, "validate", env={"CLAIMCHECK_CACHE_DIR": str(tmp_path / "c"), "CLAIMCHECK_CACHE_MAX_MB": "nan"})
    assert r.exit_code in (0, 1) and "Traceback" not in r.output


def test_positions_found_after_a_file_changed_during_the_run_are_not_kept(root, tmp_path, monkeypatch):
    from claimcheck import base as base_module
    from claimcheck.load.cache import open_store

    store, _ = open_store({"CLAIMCHECK_CACHE_DIR": str(tmp_path / "c")})
    p = root / "claims/fire.yaml"
    real_open = base_module.open_base

    def edit_while_running(*a, **k):
        got = real_open(*a, **k)
        p.write_text("# edited while validate ran\n" + p.read_text("utf-8"), "utf-8")
        return got

    monkeypatch.setattr(base_module, "open_base", edit_while_running)
    base_module.check_root(root, store)
    monkeypatch.setattr(base_module, "open_base", real_open)
    p.write_text(p.read_text("utf-8").split("\n", 1)[1], "utf-8")  # undone: the bytes the first run listed
    again = base_module.check_root(root, store)
    fresh = base_module.check_root(root, None)
    assert [(d.path, d.line, d.column, d.code) for d in again.diagnostics] == \
        [(d.path, d.line, d.column, d.code) for d in fresh.diagnostics]
