"""`claimcheck extract` on the command line: the table, YAML and JSON outputs,
--review (a terminal only), and the errors a user can cause."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from claimcheck.cli import app
from claimcheck.cli.extract import review
from claimcheck.extract import Options, extract_reports
from claimcheck.records.drafts import DRAFT_FIELDS
from tests.helpers import make_base

ENV = {"COLUMNS": "120", "NO_COLOR": "1", "CLAIMCHECK_ROOT": "", "CLAIMCHECK_TODAY": "2026-11-21",
       "GITHUB_ACTIONS": "", "FORCE_COLOR": ""}
REPORT = """\
Officials and monitor differ on toll in Testville

The health ministry said on Monday that 40 people were killed in the attack on Testville.

"We counted more than 300 bodies," said Ali Hassan, a spokesman for the Testville Monitor.
"""


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(app, list(args), env=ENV, input=input)


@pytest.fixture()
def report(tmp_path) -> str:
    p = tmp_path / "report.txt"
    p.write_text(REPORT, encoding="utf-8")
    return str(p)


def test_json_is_a_list_of_drafts_with_exactly_the_fields_of_the_issue(tmp_path, report):
    root = make_base(tmp_path)
    r = run("--root", str(root), "extract", report, "--outlet", "Wire", "--date", "2024-05-14", "--format", "json")
    assert r.exit_code == 0, r.output
    drafts = json.loads(r.stdout)
    assert [tuple(d) for d in drafts] == [DRAFT_FIELDS, DRAFT_FIELDS]
    first, second = drafts
    assert first["figure"] == {"text": "40", "low": 40, "high": 40, "best": 40}
    assert (first["line"], first["column"], first["claimant"], first["claimant_name"]) == (3, 1, None,
                                                                                          "The health ministry")
    assert first["quote"] == "The health ministry said on Monday that 40 people were killed in the attack on Testville."
    assert (first["as_of"], first["outlet"], first["topic"]) == ("2024-05-13", "Wire", "testville-2024/killed")
    assert second["figure"] == {"text": "more than 300", "low": 300, "high": None, "best": 300}
    assert second["claimant_name"] == "Ali Hassan" and 0 < second["confidence"] <= 1
    assert first["statement"] == "The health ministry says 40 people were killed in the attack on Testville."


def test_yaml_is_a_claims_document_the_base_would_take(tmp_path, report):
    root = make_base(tmp_path)
    r = run("--root", str(root), "extract", report, "--outlet", "gov-tv", "--date", "2024-05-14", "--format", "yaml")
    assert r.exit_code == 0, r.output
    doc = yaml.safe_load(r.stdout)
    assert list(doc) == ["topics", "claims"]
    assert [c["figure"] for c in doc["claims"]] == ["40", "more than 300"]
    assert doc["claims"][0]["reported_by"][0]["outlet"] == "gov-tv" and doc["claims"][0]["status"] == "unverified"
    assert "# new source: ali-hassan (Ali Hassan), stance unrated" in r.stdout
    (root / "claims" / "pasted.yaml").write_text(r.stdout, encoding="utf-8")
    v = run("--root", str(root), "validate")
    assert "CC303" in v.stdout + v.stderr  # the new sources are named in comments: the pasted file needs them


def test_table_shows_figure_claimant_topic_and_statement(tmp_path, report):
    root = make_base(tmp_path)
    r = run("--root", str(root), "extract", report, "--outlet", "Wire", "--date", "2024-05-14")
    assert r.exit_code == 0, r.output
    for text in ("more than 300", "300..open", "Ali Hassan", "(new source)", "testville-2024/killed", "2024-05-13",
                 "The health ministry says 40"):
        assert text in r.stdout, text
    assert "2 draft(s)" in r.stderr


def test_standard_input_and_no_base(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    r = run("extract", "-", "--format", "json", "--outlet", "Wire", input=REPORT)
    assert r.exit_code == 0, r.output
    assert [d["figure"]["text"] for d in json.loads(r.stdout)] == ["40", "more than 300"]


def test_a_report_without_figures_says_so(tmp_path):
    p = tmp_path / "empty.txt"
    p.write_text("Nothing happened here today.\n", encoding="utf-8")
    r = run("extract", str(p))
    assert r.exit_code == 0 and "no figures found" in r.stderr
    r = run("extract", str(p), "--format", "json")
    assert r.exit_code == 0 and json.loads(r.stdout) == []


@pytest.mark.parametrize("args, code, message", [
    (["--date", "14/05/2024"], 2, "--date: '14/05/2024' is not a date YYYY-MM-DD"),
    (["--date", "2024-02-30"], 2, "is not a real date"),
    (["--topic", "Not A Topic"], 2, "--topic: 'Not A Topic' is not a topic id"),
    (["--format", "xml"], 2, "xml"),
])
def test_bad_options_are_usage_errors(report, args, code, message):
    r = run("extract", report, *args)
    assert r.exit_code == code and message in r.output
    assert "Traceback" not in r.output


def test_missing_files_and_folders_are_clean_errors(tmp_path):
    r = run("extract", str(tmp_path / "nope.txt"))
    assert r.exit_code == 1 and r.stderr.startswith("claimcheck: ") and "no such file" in r.stderr
    r = run("extract", str(tmp_path))
    assert r.exit_code == 2 and "is a folder" in r.stderr


def test_review_needs_a_terminal(report):
    """Off a terminal (a pipe, CI, a test runner) --review refuses with exit 2
    before reading anything: it would have nobody to ask."""
    r = run("extract", report, "--review", "--outlet", "Wire")
    assert r.exit_code == 2
    assert "--review needs a terminal" in r.stderr


def test_review_accepts_edits_skips_and_quits():
    drafts, _ = extract_reports([("r.txt", (REPORT + "\nA third count put the toll at 12.\n").encode())], None,
                                Options(outlet="Wire"))
    assert len(drafts) == 3
    answers = iter(["e", "The ministry counts 40 dead.", "Ministry of Health", "testville/killed", "s", "q"])
    shown: list[str] = []
    kept = review(drafts, ask=lambda prompt, default: next(answers), say=shown.append)
    assert len(kept) == 1
    (d,) = kept
    assert (d.statement, d.claimant_name, d.claimant, d.topic) == ("The ministry counts 40 dead.",
                                                                   "Ministry of Health", None, "testville/killed")
    assert any("more than 300" in line for line in shown)


def test_review_keeps_every_draft_by_default():
    drafts, _ = extract_reports([("r.txt", REPORT.encode())], None, Options(outlet="Wire"))
    assert review(drafts, ask=lambda prompt, default: default, say=lambda text: None) == drafts


def test_help_has_examples():
    r = run("extract", "--help")
    assert r.exit_code == 0 and "Examples:" in r.stdout and "--into" in r.stdout


def test_a_seed_report_on_the_bundled_base_matches_its_sources(monkeypatch):
    """On the repository's own base: a claimant named by an alias of
    sources.yaml gets the source's id."""
    seeds = Path(__file__).resolve().parent / "fixtures" / "seeds"
    repo = Path(__file__).resolve().parents[1]
    r = run("--root", str(repo), "extract", str(seeds / "001_397921b937e88dd4.txt"), "--outlet", "long-war-journal",
            "--format", "json")
    assert r.exit_code == 0, r.output
    by_fig = {d["figure"]["text"]: d for d in json.loads(r.stdout)}
    assert by_fig["just over 100"]["claimant"] == "sohr"
    assert by_fig["a few hundred"]["claimant"] == "pompeo"
    assert by_fig["Dozens"]["claimant"] == "long-war-journal"
