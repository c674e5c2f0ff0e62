"""The pull-request job ``init`` writes into .github/workflows/claims.yml:
its shape, and its ``diff`` step run as a runner would run it, in a clone
whose ``origin`` holds the target branch."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from claimcheck.load.strict import load_text
from claimcheck.write.init import template_text
from claimcheck.write.install import InstallSource

from .diff_repo import GitBase

WORKFLOW = ".github/workflows/claims.yml"


PINNED = InstallSource("claimcheck @ git+https://example.org/newsroom/claimcheck@0123abcd", "test",
                       "https://example.org/newsroom/claimcheck", "0123abcd")


def _workflow(install: InstallSource = PINNED) -> dict:
    lf = load_text(template_text(WORKFLOW, install), WORKFLOW)  # YAML 1.2: `on` stays a key
    assert lf.ok, lf.diagnostics
    return lf.data


def _step(job: dict, word: str) -> dict:
    return next(s for s in job["steps"] if word in s.get("run", ""))


def test_the_pull_request_job_gates_on_removed_claims():
    wf = _workflow()
    job = wf["jobs"]["diff"]
    assert "pull_request" in wf["on"]
    assert job["if"] == "github.event_name == 'pull_request'"
    checkout = job["steps"][0]
    assert checkout["uses"].startswith("actions/checkout@") and checkout["with"]["fetch-depth"] == 0
    step = _step(job, "claimcheck diff")
    assert "--format markdown" in step["run"] and "--fail-on removed-claim" in step["run"]
    assert step["run"].endswith('>> "$GITHUB_STEP_SUMMARY"')
    # the branch name reaches the shell as an environment variable, never pasted into the script
    assert "${{" not in step["run"] and step["env"]["BASE_REF"] == "${{ github.base_ref }}"


def test_the_job_installs_claimcheck_as_the_validate_job_does():
    jobs = _workflow()["jobs"]
    assert _step(jobs["diff"], "pip install")["run"] == _step(jobs["validate"], "pip install")["run"]
    # without a known source, both jobs stop at the same step rather than install anything
    jobs = _workflow(InstallSource(None, "test"))["jobs"]
    assert _step(jobs["diff"], "exit 1")["run"] == _step(jobs["validate"], "exit 1")["run"]


def _bin() -> str:
    exe = Path(sys.executable).parent / "claimcheck"
    if not exe.exists():
        pytest.skip("the claimcheck console script is not installed next to this interpreter")
    return str(exe.parent)


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
@pytest.mark.parametrize("delete, code", [(True, 1), (False, 0)])
def test_the_diff_step_runs_as_on_a_runner(tmp_path, delete, code):
    upstream = GitBase(tmp_path / "upstream")
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(upstream.top), str(clone)], env=upstream.env, check=True)
    pr = GitBase.__new__(GitBase)
    pr.top = pr.root = clone
    pr.env = upstream.env
    pr.git("checkout", "-q", "-b", "pr")
    pr.edit("claims/town.yaml", "    status: unverified\n", "    status: refuted\n")
    if delete:
        pr.remove("claims/wounded.yaml")
    pr.commit("the pull request")
    summary = tmp_path / "summary.md"
    summary.write_text("earlier steps\n", encoding="utf-8")
    step = _step(_workflow()["jobs"]["diff"], "claimcheck diff")
    env = dict(pr.env, BASE_REF="main", GITHUB_STEP_SUMMARY=str(summary), NO_COLOR="1",
               PATH=_bin() + os.pathsep + os.environ.get("PATH", ""), CLAIMCHECK_ROOT="")
    p = subprocess.run(["bash", "-eo", "pipefail", "-c", step["run"]], cwd=clone, env=env, capture_output=True, text=True)
    assert p.returncode == code, p.stderr
    md = summary.read_text(encoding="utf-8")
    assert md.startswith("earlier steps\n### claimcheck diff: `origin/main`")
    assert "#### Status changes\n\n- `gov-killed`: `unverified` → `refuted`" in md
    assert ("#### Claims removed" in md) is delete
