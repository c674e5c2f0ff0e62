"""YAML mistakes in plain words (CC101 keeps the parser's line and column, the
message says what went wrong and how to fix it, for libyaml and the
pure-Python parser alike), and the statuses fact-checkers' words stand for."""

from __future__ import annotations

import pytest
import yaml
from typer.testing import CliRunner

import claimcheck.load.strict as strict
from claimcheck.cli import app
from claimcheck.interop.claimreview.ratings import rating_to_status
from claimcheck.load.strict import load_text
from claimcheck.schema.fields import STATUS_WORDS, STATUSES, status_suggestion

from .helpers import CLAIMS_YAML, make_base

ENV = {"COLUMNS": "200", "NO_COLOR": "1", "GITHUB_ACTIONS": "", "FORCE_COLOR": ""}
HEAD = "topics:\n  t/x: {title: x}\nclaims:\n  - id: a\n"
PARSERS = {"libyaml": lambda: getattr(yaml, "CSafeLoader", yaml.SafeLoader), "python": lambda: yaml.SafeLoader}

# (text, line, column, the plain words the message must hold)
CASES = {
    "quoted string then text": (
        HEAD + '    statement: "The union" said 11 died.\n    claimant: union\n', 5, 28,
        "text after a quoted string: the value of 'statement' starts with a quoted string, which ends at its "
        "closing quote, and more text follows; quote the whole value: statement: '\"The union\" said 11 died.'"),
    "single-quoted string then text": (
        HEAD + "    statement: 'The union' said 11 died.\n    claimant: union\n", 5, 28,
        "quote the whole value: statement: \"'The union' said 11 died.\""),
    "tab indenting a line": (
        HEAD + "\tstatement: x\n    claimant: union\n", 5, 1,
        "a tab character at line 5, in its indentation: YAML indents and separates with spaces only; "
        "replace the tab with spaces"),
    "tab indenting a list item": (
        HEAD + "    statement: x\n    claimant: union\n    reported_by:\n\t- outlet: y\n", 8, 1,
        "a tab character at line 8, in its indentation"),
    "no space after a colon": (
        HEAD + "    statement:x\n    claimant: union\n", 6, 5,
        "no space after the colon at line 5 (statement:x): a key needs a space after its colon; write statement: x"),
    "no space after a colon, last field": (
        HEAD + "    statement: x\n    claimant:union\n", 7, 1,
        "no space after the colon at line 6 (claimant:union)"),
    "no space after a colon in a list": (
        HEAD + "    statement: x\n    reported_by:\n      - outlet:ap\n        date: 2018\n", 8, 13,
        "no space after the colon at line 7 (outlet:ap): a key needs a space after its colon; write outlet: ap"),
    "indented more than the field above": (
        HEAD + "    statement: x\n      claimant: union\n", 6, 15,
        "line 6 is indented 6 spaces, more than line 5 above it (4): the fields of one record line up under "
        "each other; indent it 4 spaces"),
    "indented less than the field above": (
        HEAD + "    statement: x\n   claimant: union\n", 6, 4,
        "line 6 is indented 3 spaces, less than line 5 above it (4)"),
    "a topic field out of step": (
        "topics:\n  t/x:\n    title: x\n   unit: y\nclaims: []\n", 4, 4,
        "line 4 is indented 3 spaces, less than line 3 above it (4)"),
    "a colon inside an unquoted value": (
        HEAD + "    statement: The union: 11 died.\n    claimant: union\n", 5, 25,
        "a colon followed by a space inside the unquoted value of 'statement' reads as a new key; quote the "
        "value: statement: 'The union: 11 died.'"),
    "a quote never closed": (
        HEAD + '    statement: "The union said 11 died.\n    claimant: union\n', 7, 1,
        "a quoted string opened at line 5 is never closed: add its closing quote"),
}


@pytest.mark.parametrize("parser", PARSERS)
@pytest.mark.parametrize("case", CASES)
def test_common_yaml_mistakes_in_plain_words(monkeypatch, parser, case):
    text, line, column, words = CASES[case]
    monkeypatch.setattr(strict, "_loader_class", PARSERS[parser])
    [d] = load_text(text, "claims/a.yaml").diagnostics
    assert (d.code, d.line, d.column) == ("CC101", line, column)
    assert d.message.startswith("invalid YAML: ")
    assert words in d.message, d.message
    assert "(the parser says: " in d.message  # the parser's own words stay, last


@pytest.mark.parametrize("text", [
    "topics:\n  t/x:\n    title: : x\n",  # deeper under `t/x:` is a child, not a bad indent
    "# a header\n stray text\ntopics:\n  t/x: {}\n",  # `topics:` at the top is where it belongs
])
def test_no_indentation_hint_where_the_indentation_is_right(text):
    [d] = load_text(text, "a.yaml").diagnostics
    assert d.code == "CC101" and "is indented" not in d.message, d.message


@pytest.mark.parametrize("parser", PARSERS)
@pytest.mark.parametrize("text", [
    "\rances:\n  government: Government and its allies\n  independent: {neutral: true}\ns",  # found by fuzzing
    "a: b\r\rc",
    "a: b\x85\u2028c\u2029",
])
def test_line_breaks_other_than_newline_are_the_parsers_lines(monkeypatch, parser, text):
    # A lone carriage return (or NEL, LS, PS) ends a line for the parser; the hint reads the same lines.
    monkeypatch.setattr(strict, "_loader_class", PARSERS[parser])
    [d] = load_text(text, "sources.yaml").diagnostics
    assert d.code == "CC101" and d.message.startswith("invalid YAML: ")


def test_the_hint_reads_the_line_the_parser_names_after_carriage_returns():
    [d] = load_text(HEAD.replace("\n", "\r") + '    statement: "The union" said 11 died.\r', "a.yaml").diagnostics
    assert (d.code, d.line) == ("CC101", 5)
    assert "text after a quoted string: the value of 'statement'" in d.message, d.message


def test_an_uncommon_error_keeps_the_parsers_words():
    [d] = load_text("a: [1, 2\n", "a.yaml").diagnostics
    assert d.code == "CC101" and "the parser says" not in d.message
    assert d.message.startswith("invalid YAML: ")


def test_validate_prints_the_hint_at_the_line(tmp_path):
    root = make_base(tmp_path, files={"claims/a.yaml": CLAIMS_YAML.replace(
        "statement: The ministry says 40 people were killed.",
        'statement: "The ministry" says 40 people were killed.')})
    r = CliRunner().invoke(app, ["--root", str(root), "validate"], env=ENV)
    assert r.exit_code == 1
    assert r.stdout.startswith("claims/a.yaml:7:31: CC101 invalid YAML: text after a quoted string: the value of "
                               "'statement' starts with a quoted string")


# --- statuses -------------------------------------------------------------------------


@pytest.mark.parametrize("word,status", [
    ("false", "refuted"), ("true", "corroborated"), ("disputed", "contested"), ("Misleading", "contested"),
    ("debunked", "refuted"), ("unproven", "unverified"), ("withdrawn", "retracted"), ("revised", "superseded"), ("pending", "unverified"),
    ("mostly_false", "refuted"), ("Refuted", "refuted"),
])
def test_fact_checkers_words_suggest_a_status(word, status):
    assert status_suggestion(word).startswith(f" (did you mean {status!r}? the status of a claim ")


def test_other_words_get_the_closest_status_or_nothing():
    assert status_suggestion("refutd") == " (did you mean 'refuted'?)"
    assert status_suggestion("banana") == ""


def test_rating_words_are_read_by_the_one_verdict_table():
    # the suggestion's own words are only those the verdict table does not know
    for word, status in STATUS_WORDS.items():
        assert status in STATUSES
        got, how = rating_to_status(word, None, None, None)
        assert not how.startswith("rating text"), f"{word!r} is a rating word: the verdict table reads it"
    for word in ("false", "misleading", "mostly true", "outdated"):
        got, _ = rating_to_status(word, None, None, None)
        assert status_suggestion(word).startswith(f" (did you mean {got!r}?")


def _validate(root):
    return CliRunner().invoke(app, ["--root", str(root), "validate"], env=ENV)


def test_validate_suggests_refuted_for_false_and_contested_for_disputed(tmp_path):
    text = (CLAIMS_YAML.replace("status: unverified\n    reported_by", "status: false\n    reported_by", 1)
            .replace("status: unverified\n    notes", "status: disputed\n    notes"))
    root = make_base(tmp_path, files={"claims/a.yaml": text})
    out = _validate(root).stdout.splitlines()
    assert out[0] == ("claims/a.yaml:12:13: CC203 expected status, got a boolean (false): status is one of unverified, "
                      "corroborated, contested, refuted, retracted, superseded (did you mean 'refuted'? the status "
                      "of a claim shown to be false)")
    assert out[1] == ("claims/a.yaml:22:13: CC205 status 'disputed' is not one of unverified, corroborated, contested, "
                      "refuted, retracted, superseded (did you mean 'contested'? the status of a claim disputed by "
                      "credible sources)")


@pytest.mark.parametrize("word,status", [("false", "refuted"), ("true", "corroborated"), ("disputed", "contested")])
def test_set_status_refusal_suggests_the_status(tmp_path, word, status):
    root = make_base(tmp_path, files={"claims/a.yaml": CLAIMS_YAML})
    before = (root / "claims" / "a.yaml").read_bytes()
    r = CliRunner().invoke(app, ["--root", str(root), "set-status", "gov-killed", word], env=ENV)
    assert r.exit_code == 2
    assert f"claimcheck: status {word!r} is not one of" in r.stderr
    assert f"(did you mean {status!r}? the status of a claim" in r.stderr
    assert (root / "claims" / "a.yaml").read_bytes() == before
