"""``claimcheck diff`` through the CLI: each format, the gate's exit codes,
the working-tree form, a base in a subfolder, running from a subfolder, and
the usage errors."""

from __future__ import annotations

import json
import os
import re

import pytest
from typer.testing import CliRunner

from claimcheck.cli import app

from .diff_repo import REBELS_KILLED, TOWN, GitBase

ENV = {"COLUMNS": "100", "NO_COLOR": "1", "CLAIMCHECK_ROOT": "", "FORCE_COLOR": "", "GITHUB_ACTIONS": ""}


def run(*args, cwd=None, env=None):
    runner = CliRunner()
    e = dict(ENV, **(env or {}))
    old = os.getcwd()
    if cwd is not None:
        os.chdir(cwd)
    try:
        return runner.invoke(app, list(args), env=e)
    finally:
        os.chdir(old)


@pytest.fixture
def repo(tmp_path):
    return GitBase(tmp_path)


@pytest.fixture
def changed(repo):
    """Every kind at once, uncommitted: a conflicting claim added, a claim
    deleted, a status flipped, a source regraded."""
    repo.write("claims/town.yaml", TOWN.replace("    status: unverified\n", "    status: contested\n", 1) + REBELS_KILLED)
    repo.remove("claims/wounded.yaml")
    repo.edit("sources.yaml", "    reliability: D\n", "    reliability: E\n")
    return repo


def _plain(out: str, repo: GitBase) -> str:
    head = repo.git("rev-parse", "HEAD")
    return out.replace(head[:10], "<commit>")


TEXT = """\
claimcheck diff: HEAD (<commit>) -> working tree

Claims: 1 added, 1 removed, 1 changed
  + rebels-killed  claims/town.yaml
      claimant rebels, topic town/killed, figure 900, status unverified
  - rebels-wounded  claims/wounded.yaml
      claimant rebels, topic town/wounded, figure 100, status unverified
  ~ gov-killed  claims/town.yaml
      status: unverified -> contested

Status changes: 1
  gov-killed: unverified -> contested

Evidence changes: 2
  gov-killed (town/killed): corroborated -> mixed  (agree 1 -> 1, conflict 0 -> 1)
  monitor-killed (town/killed): corroborated -> mixed  (agree 1 -> 1, conflict 0 -> 1)

Conflicts: 1 new, 0 resolved
  ! town/killed (People killed in the town): now conflicts; 2 conflicting pair(s), most severe 22.5x
      gov-killed vs rebels-killed: 22.5x apart (cross-stance)
      monitor-killed vs rebels-killed: 19.6x apart (cross-stance)

Topics: 0 added, 1 removed
  - town/wounded

Sources: 0 added, 0 removed, 1 changed
  ~ gov  sources.yaml
      reliability: D -> E

Gate kinds present: removed-claim, new-conflict, status-change
"""


def test_text_groups_every_change(changed):
    r = run("diff", "HEAD", cwd=changed.root)
    assert r.exit_code == 0, r.output
    assert _plain(r.stdout, changed) == TEXT
    assert "\x1b[" not in r.stdout


def test_text_is_coloured_only_when_forced_or_on_a_terminal(changed):
    r = run("diff", "HEAD", cwd=changed.root, env={"NO_COLOR": "", "FORCE_COLOR": "1"})
    assert "\x1b[31m-\x1b[0m rebels-wounded" in r.stdout
    assert re.sub(r"\x1b\[[0-9;]*m", "", _plain(r.stdout, changed)) == TEXT


def test_json_has_the_keys_the_issue_names(changed):
    r = run("diff", "HEAD", "--format", "json", cwd=changed.root)
    assert r.exit_code == 0, r.output
    doc = json.loads(r.stdout)
    for key in ("claims", "status_changes", "evidence_changes", "conflicts", "topics", "sources", "bias"):
        assert key in doc, key
    assert set(doc["claims"]) == {"added", "removed", "changed"}
    assert set(doc["conflicts"]) == {"new", "resolved"}
    assert set(doc["sources"]) == {"added", "removed", "changed"}
    assert doc["status_changes"] == [{"id": "gov-killed", "from": "unverified", "to": "contested"}]
    assert [c["id"] for c in doc["claims"]["added"]] == ["rebels-killed"]
    assert doc["claims"]["added"][0]["record"]["figure"] == 900
    assert [c["id"] for c in doc["claims"]["removed"]] == ["rebels-wounded"]
    assert doc["claims"]["changed"] == [{"id": "gov-killed", "file": "claims/town.yaml",
                                         "fields": {"status": {"from": "unverified", "to": "contested"}}}]
    assert doc["sources"]["changed"] == [{"id": "gov", "file": "sources.yaml",
                                          "fields": {"reliability": {"from": "D", "to": "E"}}}]
    assert [c["topic"] for c in doc["conflicts"]["new"]] == ["town/killed"]
    assert doc["conflicts"]["new"][0]["conflicting_pairs"] == 2
    assert {(e["id"], e["from"], e["to"]) for e in doc["evidence_changes"]} == {
        ("gov-killed", "corroborated", "mixed"), ("monitor-killed", "corroborated", "mixed")}
    assert doc["topics"] == {"added": [], "removed": ["town/wounded"]}
    assert doc["bias"] == {"threshold": 0.1, "moved": []}
    assert doc["kinds"] == ["removed-claim", "new-conflict", "status-change"]
    assert doc["from"]["commit"] == changed.git("rev-parse", "HEAD")
    assert doc["to"] == {"revision": "working tree", "commit": None}
    # monitor-killed, declared corroborated, now has mixed evidence: a CC505 warning, no error
    assert doc["validation"] == {"errors": 0, "warnings": 1, "diagnostics": []}


def test_markdown_for_a_pull_request(changed):
    r = run("diff", "HEAD", "--format", "markdown", cwd=changed.root)
    assert r.exit_code == 0, r.output
    md = r.stdout
    assert md.startswith("### claimcheck diff: `HEAD` (`")
    assert "**Gate kinds present:** `removed-claim`, `new-conflict`, `status-change`" in md
    assert "| Claims | 1 added, 1 removed, 1 changed |" in md
    assert "#### Claims removed\n\n- `rebels-wounded` in `claims/wounded.yaml`: claimant `rebels`" in md
    assert "#### New conflicts\n\n- `town/killed`: 2 conflicting pair(s), most severe 22.5x" in md
    assert "- `gov`: `reliability` `D` → `E`" in md
    assert "\x1b[" not in md


def test_markdown_keeps_hostile_text_inert(repo):
    hostile = "@octocat <img src=x onerror=alert(1)> [link](http://x) ``` `tick` | pipe\x1b[31m"
    repo.edit("claims/town.yaml", "The ministry says 40 people were killed.", json.dumps(hostile))
    r = run("diff", "HEAD", "--format", "markdown", cwd=repo.root)
    assert r.exit_code == 0, r.output
    md = r.stdout
    assert "\x1b" not in md
    line = next(x for x in md.splitlines() if x.startswith("- `gov-killed`"))
    assert "@octocat" in line and "\\x1b[31m" in line  # shown, with the escape made visible
    # every text from the base sits inside a code span: outside code, no @, <, [ or | remains
    outside = re.sub(r"(`+)(.+?)(?<!`)\1(?!`)", "", line)
    assert outside == "- :   → ", outside


def test_a_reformatted_file_changes_nothing(repo):
    from .diff_repo import TOWN_REFORMATTED

    repo.write("claims/town.yaml", TOWN_REFORMATTED)
    r = run("diff", "HEAD", "--fail-on", "removed-claim,new-conflict,status-change,error", cwd=repo.root)
    assert r.exit_code == 0, r.output
    assert "No change to the claims, sources, topics, evidence, conflicts or bias figures." in r.stdout
    md = run("diff", "HEAD", "-f", "markdown", cwd=repo.root).stdout
    assert "No change" in md


@pytest.mark.parametrize("kinds, code", [
    (None, 0),
    ("removed-claim", 1),
    ("new-conflict", 1),
    ("status-change", 1),
    ("error", 0),
    ("error,status-change", 1),
])
def test_the_gate_exit_codes(changed, kinds, code):
    args = ["diff", "HEAD", "--format", "json"] + (["--fail-on", kinds] if kinds else [])
    r = run(*args, cwd=changed.root)
    assert r.exit_code == code, r.output
    json.loads(r.stdout)  # the report is written whatever the gate says
    if code:
        assert r.stderr.startswith("claimcheck: the change contains ")
    else:
        assert r.stderr == ""


def test_the_gate_on_each_kind_alone(repo):
    repo.edit("claims/town.yaml", "    status: unverified\n", "    status: contested\n")
    assert run("diff", "HEAD", "--fail-on", "removed-claim", cwd=repo.root).exit_code == 0
    assert run("diff", "HEAD", "--fail-on", "new-conflict", cwd=repo.root).exit_code == 0
    assert run("diff", "HEAD", "--fail-on", "status-change", cwd=repo.root).exit_code == 1
    repo.edit("claims/town.yaml", "    claimant: monitor\n", "    claimant: monitr\n")
    r = run("diff", "HEAD", "--fail-on", "error", cwd=repo.root)
    assert r.exit_code == 1
    assert r.stderr == "claimcheck: the change contains error (--fail-on error)\n"
    assert "The new side does not validate: 1 error(s)" in r.stdout
    assert "claims/town.yaml:18:15: CC303" in r.stdout
    assert run("diff", "HEAD", "--fail-on", "removed-claim", "--fail-on", "error", cwd=repo.root).exit_code == 1


def test_two_revisions_and_the_work_tree_forms(repo):
    first = repo.git("rev-parse", "HEAD")
    repo.edit("claims/town.yaml", "    status: unverified\n", "    status: contested\n")
    repo.commit("contested")
    repo.remove("claims/wounded.yaml")  # uncommitted
    both = json.loads(run("diff", first, "HEAD", "-f", "json", cwd=repo.root).stdout)
    assert [s["id"] for s in both["status_changes"]] == ["gov-killed"]
    assert both["claims"]["removed"] == []  # the deletion is not committed
    one = json.loads(run("diff", first, "-f", "json", cwd=repo.root).stdout)
    assert [s["id"] for s in one["status_changes"]] == ["gov-killed"]
    assert [c["id"] for c in one["claims"]["removed"]] == ["rebels-wounded"]
    assert one["to"]["revision"] == "working tree"
    head = json.loads(run("diff", "HEAD", "-f", "json", cwd=repo.root).stdout)
    assert head["status_changes"] == [] and [c["id"] for c in head["claims"]["removed"]] == ["rebels-wounded"]
    none = json.loads(run("diff", "-f", "json", cwd=repo.root).stdout)  # on main: the merge base is HEAD
    assert none["from"]["revision"] == "merge-base(HEAD, main)" and none == dict(head, **{"from": none["from"]})


def test_a_base_in_a_subfolder_from_anywhere_in_the_repository(tmp_path):
    repo = GitBase(tmp_path, sub="data/base")
    repo.edit("claims/town.yaml", "    status: unverified\n", "    status: contested\n")
    from_base = run("diff", "HEAD", "-f", "json", cwd=repo.root)
    from_claims = run("diff", "HEAD", "-f", "json", cwd=repo.root / "claims")
    from_top = run("--root", "data/base", "diff", "HEAD", "-f", "json", cwd=repo.top)
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    from_outside = run("--root", str(repo.root), "diff", "HEAD", "-f", "json", cwd=outside)
    docs = [json.loads(r.stdout) for r in (from_base, from_claims, from_top, from_outside)]
    assert all(d == docs[0] for d in docs)
    assert docs[0]["base"] == "data/base"
    assert [s["id"] for s in docs[0]["status_changes"]] == ["gov-killed"]
    text = run("diff", "HEAD", cwd=repo.root / "claims").stdout
    assert text.splitlines()[0].endswith("-> working tree, base data/base/")


def test_no_repository_is_a_usage_error(tmp_path):
    from .helpers import make_base

    root = make_base(tmp_path)
    r = run("diff", cwd=root)
    assert r.exit_code == 2
    assert r.stdout == ""
    assert "claimcheck: the claim base" in r.stderr and "is not in a git repository" in r.stderr


def test_no_base_is_a_usage_error(tmp_path):
    r = run("diff", cwd=tmp_path)
    assert r.exit_code == 2 and "no claim base found" in r.stderr


@pytest.mark.parametrize("args, message", [
    (["nope"], "unknown revision 'nope'"),
    (["HEAD", "nope~3"], "unknown revision 'nope~3'"),
    (["--", "-x"], "revision '-x' starts with '-'"),
    (["HEAD", "--fail-on", "removed-claims"], "--fail-on: unknown kind 'removed-claims' (did you mean 'removed-claim'?)"),
    (["HEAD", "--fail-on", ","], "--fail-on: no kind given"),
    (["HEAD", "--bias-threshold", "-1"], "-1"),
])
def test_usage_errors_exit_2_naming_the_problem(repo, args, message):
    r = run("diff", *args, cwd=repo.root)
    assert r.exit_code == 2, r.output
    assert message in r.stderr
    assert "Traceback" not in r.output


def test_the_help_names_the_formats_and_kinds():
    r = run("diff", "--help")
    assert r.exit_code == 0
    out = re.sub(r"-\n\s+", "-", r.stdout)
    for word in ("text", "json", "markdown", "removed-claim", "new-conflict", "status-change", "error", "REV2"):
        assert word in out


def test_a_long_text_change_is_shown_where_it_differs(repo):
    long = "A long note. " * 30
    repo.edit("claims/town.yaml", "    status: corroborated\n", f"    status: corroborated\n    notes: {long}END\n")
    repo.commit("a long note")
    repo.edit("claims/town.yaml", f"{long}END", f"{long}FIN")
    out = run("diff", "HEAD", cwd=repo.root).stdout
    line = next(x for x in out.splitlines() if x.strip().startswith("notes:"))
    old, new = line.split(" -> ")
    assert old.rstrip().endswith('END"') and new.rstrip().endswith('FIN"')
    assert '"...' in old and len(line) < 2 * 160 + 20
