"""Acknowledging a warning: a claim's ``ignore: {CODE: reason}`` sets that
warning aside (not printed, not failing --strict, counted and listed by
validate); an error code, an unknown code or a missing reason is CC210."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from claimcheck.base import open_base
from claimcheck.cli import app
from claimcheck.diagnostics import CODES
from claimcheck.load.strict import load_file
from claimcheck.schema.jsonschema import json_schema

from .helpers import make_base

ENV = {"COLUMNS": "200", "NO_COLOR": "1", "GITHUB_ACTIONS": "", "FORCE_COLOR": ""}

SOURCES = """\
stances:
  city: The city and its services
  labour: Unions
sources:
  - {id: fire, name: Fire Department, kind: agency, stance: city, reliability: B}
  - {id: union, name: Firefighters' Union, kind: ngo, stance: labour, reliability: C}
"""

# The newsroom: the fire department's 4 dead marked corroborated (by a
# coroner's report the base does not hold), the union's "at least 11" refuted.
NEWSROOM = """\
topics:
  fire/dead: {title: People killed in the warehouse fire}
claims:
  - id: fire-dead
    statement: The fire department says 4 people died.
    claimant: fire
    topic: fire/dead
    figure: 4
    status: corroborated
    ignore:
      CC505: The coroner's report, not in the base, lists 4 dead.
  - id: union-dead
    statement: The union says at least 11 people died.
    claimant: union
    topic: fire/dead
    figure: at least 11
    status: refuted
"""


def _validate(root, *args):
    return CliRunner().invoke(app, ["--root", str(root), "validate", *args], env=ENV)


@pytest.fixture(params=["fast", "strict"])
def reader(request):
    return None if request.param == "fast" else load_file


def test_the_newsroom_base_passes_strict(tmp_path, reader):
    root = make_base(tmp_path, {"claims/fire.yaml": NEWSROOM}, sources=SOURCES)
    base = open_base(root, reader=reader)
    assert base.diagnostics == []
    [(d, reason)] = base.ignored
    assert (d.path, d.line, d.column, d.code) == ("claims/fire.yaml", 9, 13, "CC505")
    assert "no independent claim on its topic gives a figure that agrees" in d.message
    assert reason == "The coroner's report, not in the base, lists 4 dead."
    r = _validate(root, "--strict")
    assert r.exit_code == 0, r.output
    assert r.stdout == ("All checks passed: 2 files, 2 claims, 2 sources. "
                        "1 warning ignored (--show-ignored lists them).\n")


def test_without_the_acknowledgement_strict_fails(tmp_path):
    root = make_base(tmp_path, sources=SOURCES, files={"claims/fire.yaml": NEWSROOM.replace(
        "    ignore:\n      CC505: The coroner's report, not in the base, lists 4 dead.\n", "")})
    r = _validate(root, "--strict")
    assert r.exit_code == 1
    assert "claims/fire.yaml:9:13: CC505 warning:" in r.stdout


def test_show_ignored_lists_each_with_its_reason(tmp_path):
    root = make_base(tmp_path, {"claims/fire.yaml": NEWSROOM}, sources=SOURCES)
    r = _validate(root, "--show-ignored")
    assert r.exit_code == 0
    lines = r.stdout.splitlines()
    assert lines[0].startswith("claims/fire.yaml:9:13: CC505 ignored: claim 'fire-dead': declared corroborated")
    assert lines[0].endswith("[reason: The coroner's report, not in the base, lists 4 dead.]")
    assert lines[1] == "All checks passed: 2 files, 2 claims, 2 sources. 1 warning ignored."
    doc = json.loads(_validate(root, "--format", "json", "--show-ignored").stdout)
    assert (doc["ok"], doc["warnings"], doc["ignored"]) == (True, 0, 1)
    [ig] = doc["ignored_diagnostics"]
    assert (ig["code"], ig["line"], ig["reason"]) == ("CC505", 9, "The coroner's report, not in the base, lists 4 dead.")
    assert "ignored_diagnostics" not in json.loads(_validate(root, "--format", "json").stdout)
    sarif = json.loads(_validate(root, "--format", "sarif", "--show-ignored").stdout)
    [res] = sarif["runs"][0]["results"]
    assert res["ruleId"] == "CC505"
    assert res["suppressions"] == [{"kind": "inSource", "justification": "The coroner's report, not in the base, lists 4 dead."}]
    assert json.loads(_validate(root, "--format", "sarif").stdout)["runs"][0]["results"] == []
    assert _validate(root, "--format", "github").stdout == "claimcheck: 0 errors, 0 warnings, 1 ignored (2 files, 2 claims)\n"


def test_an_acknowledgement_covers_its_own_claim_and_code_only(tmp_path):
    text = NEWSROOM.replace("status: refuted", "status: corroborated").replace("CC505:", "CC507:")
    root = make_base(tmp_path, {"claims/fire.yaml": text}, sources=SOURCES)
    base = open_base(root)
    assert [(d.line, d.code) for d in base.diagnostics] == [(9, "CC505"), (17, "CC505")]
    assert base.ignored == []


@pytest.mark.parametrize("entry,line,column,message", [
    ("CC401: the parser is wrong", 11, 7,
     "claim 'fire-dead': CC401 (unreadable-figure) is an error, which cannot be ignored: fix the record instead"),
    ("CC5005: typo", 11, 7, "claim 'fire-dead': ignore names no diagnostic code 'CC5005' (did you mean 'CC505'?)"),
    ("CC505: ''", 11, 14, "claim 'fire-dead': ignore CC505 gives no reason: write, as text, why the warning"),
    ("CC505:", 11, 13, "claim 'fire-dead': ignore CC505 gives no reason"),
    ("CC505: 4", 11, 14, "claim 'fire-dead': ignore CC505 gives a number (4) as its reason"),
])
def test_a_bad_entry_is_cc210_where_it_stands(tmp_path, reader, entry, line, column, message):
    text = NEWSROOM.replace("      CC505: The coroner's report, not in the base, lists 4 dead.", f"      {entry}")
    root = make_base(tmp_path, {"claims/fire.yaml": text}, sources=SOURCES)
    base = open_base(root, reader=reader)
    bad = [d for d in base.diagnostics if d.code == "CC210"]
    assert [(d.line, d.column) for d in bad] == [(line, column)]
    assert bad[0].message.startswith(message), bad[0].message
    assert bad[0].severity == "error"
    # an entry that does not take effect acknowledges nothing
    assert base.ignored == [] and [d.code for d in base.diagnostics if d.code != "CC210"] == ["CC505"]


def test_ignore_must_be_a_mapping(tmp_path):
    text = NEWSROOM.replace("    ignore:\n      CC505: The coroner's report, not in the base, lists 4 dead.",
                            "    ignore: CC505")
    root = make_base(tmp_path, {"claims/fire.yaml": text}, sources=SOURCES)
    [d] = [d for d in open_base(root).diagnostics if d.severity == "error"]
    assert (d.code, d.line, d.column) == ("CC203", 10, 13)
    assert "ignore: expected a mapping of code -> reason" in d.message


def test_the_code_and_the_field_are_declared():
    assert CODES["CC210"].severity == "error" and CODES["CC210"].title == "bad-ignore"
    props = json_schema("claims")["$defs"]["claim"]["properties"]
    assert props["ignore"]["anyOf"][0]["propertyNames"] == {"pattern": "^CC[0-9]{3}$"}


def test_show_states_what_the_claim_acknowledges(tmp_path):
    root = make_base(tmp_path, {"claims/fire.yaml": NEWSROOM}, sources=SOURCES)
    r = CliRunner().invoke(app, ["--root", str(root), "show", "fire-dead"], env=ENV)
    assert r.exit_code == 0, r.output
    assert "ignores  CC505: The coroner's report, not in the base, lists 4 dead." in r.stdout
