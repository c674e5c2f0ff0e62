"""claimcheck in a newsroom's CI: annotations that point at the right file when
the base is a subfolder of the repository."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from typer.testing import CliRunner

from claimcheck.cli import app
from claimcheck.load.find import repository_root

from .helpers import CLAIMS_YAML, make_base

ENV = {"COLUMNS": "100", "NO_COLOR": "1", "CLAIMCHECK_TODAY": "2026-01-01", "CLAIMCHECK_ROOT": "",
       "GITHUB_ACTIONS": "", "FORCE_COLOR": "", "GITHUB_WORKSPACE": ""}
BROKEN = CLAIMS_YAML.replace("claimant: monitor", "claimant: monitr")


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


def _repo_with_base_in(tmp_path: Path, sub: str) -> tuple[Path, Path]:
    """A git repository whose claim base lies in ``sub`` (one broken claim)."""
    repo = tmp_path / "repo"
    repo.mkdir()
    _git(repo, "init", "-q")
    root = make_base(repo / sub, files={"claims/a.yaml": BROKEN})
    return repo, root


def _validate(root: Path, fmt: str, **env: str):
    return CliRunner().invoke(app, ["--root", str(root), "validate", "--format", fmt], env={**ENV, **env})


def test_github_annotations_name_files_from_the_repository_top(tmp_path):
    repo, root = _repo_with_base_in(tmp_path, "news/factcheck")
    r = _validate(root, "github")
    assert r.exit_code == 1
    [line] = [ln for ln in r.stdout.splitlines() if ln.startswith("::error")]
    assert "file=news/factcheck/base/claims/a.yaml," in line
    # text and json keep paths relative to the base, as a reader at the terminal expects
    assert "\nclaims/a.yaml:" in "\n" + _validate(root, "text").stdout


def test_sarif_uris_are_relative_to_the_repository_top(tmp_path):
    repo, root = _repo_with_base_in(tmp_path, "sub")
    doc = json.loads(_validate(root, "sarif").stdout)
    run = doc["runs"][0]
    [res] = run["results"]
    assert res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "sub/base/claims/a.yaml"
    assert run["originalUriBaseIds"]["ROOT"]["uri"] == repo.resolve().as_uri() + "/"
    assert {r["id"] for r in run["tool"]["driver"]["rules"]} >= {"CC101", "CC303", "CC505"}


def test_github_workspace_is_the_top_in_an_actions_run(tmp_path):
    # Actions checks the repository out at $GITHUB_WORKSPACE; no git needed to know the top.
    ws = tmp_path / "ws"
    root = make_base(ws / "data", files={"claims/a.yaml": BROKEN})
    r = _validate(root, "github", GITHUB_WORKSPACE=str(ws))
    assert "file=data/base/claims/a.yaml," in r.stdout


def test_a_base_outside_any_repository_keeps_base_relative_paths(tmp_path):
    root = make_base(tmp_path, files={"claims/a.yaml": BROKEN})
    assert repository_root(root, environ={}) is None
    assert "file=claims/a.yaml," in _validate(root, "github").stdout


def test_a_base_at_the_repository_top_needs_no_prefix(tmp_path):
    root = make_base(tmp_path, files={"claims/a.yaml": BROKEN})
    _git(root, "init", "-q")
    assert repository_root(root, environ={}) == root.resolve()
    assert "file=claims/a.yaml," in _validate(root, "github").stdout


# --------------------------------------------------------------------------
# The CI files init writes: claimcheck from where it really is
# --------------------------------------------------------------------------

import os  # noqa: E402
import re  # noqa: E402
import shlex  # noqa: E402
import sys  # noqa: E402

import pytest  # noqa: E402
import yaml  # noqa: E402

from claimcheck.write.init import template_text  # noqa: E402
from claimcheck.write.install import InstallSource, _from_checkout, check_requirement, install_source  # noqa: E402
from claimcheck.write.errors import AuthoringError  # noqa: E402

PINNED = InstallSource("claimcheck @ git+https://example.org/newsroom/claimcheck@0123abcd", "test",
                       "https://example.org/newsroom/claimcheck", "0123abcd")
UNKNOWN = InstallSource(None, "test")


def _pip_targets(workflow: str) -> list[str]:
    """Every argument given to `pip install` in the workflow's run steps."""
    doc = yaml.safe_load(workflow)
    out = []
    for job in doc["jobs"].values():
        for step in job["steps"]:
            for cmd in re.split(r"&&|;|\n", step.get("run", "")):
                words = shlex.split(cmd)
                if words[:2] == ["pip", "install"] or words[1:3] == ["-m", "pip"]:
                    out.extend(w for w in words[2:] if not w.startswith("-") and w != "install")
    return out


@pytest.mark.parametrize("src", [PINNED, UNKNOWN, InstallSource("./tools/claimcheck", "test")])
def test_the_workflow_names_no_pypi_distribution_the_project_does_not_own(src):
    wf = template_text(".github/workflows/claims.yml", src)
    assert "pip install claimcheck\n" not in wf
    for target in _pip_targets(wf):
        check_requirement(target)  # a URL or a path, never a bare index name
        assert "://" in target or target.startswith(("./", "/", "../")), target


def test_a_pinned_source_is_installed_at_its_commit_and_pins_the_pre_commit_hook():
    wf = template_text(".github/workflows/claims.yml", PINNED)
    assert set(_pip_targets(wf)) == {"claimcheck @ git+https://example.org/newsroom/claimcheck@0123abcd"}  # both jobs
    pc = yaml.safe_load(template_text(".pre-commit-config.yaml", PINNED))
    assert pc["repos"] == [{"repo": "https://example.org/newsroom/claimcheck", "rev": "0123abcd",
                            "hooks": [{"id": "claimcheck-validate"}]}]


def test_without_a_known_source_the_job_stops_instead_of_installing_a_stranger(tmp_path):
    wf = yaml.safe_load(template_text(".github/workflows/claims.yml", UNKNOWN))
    runs = [s["run"] for s in wf["jobs"]["validate"]["steps"] if "run" in s]
    assert "exit 1" in runs[0] and "docs/ci.md" in runs[0]
    r = subprocess.run(["bash", "-c", runs[0]], capture_output=True, text=True)
    assert r.returncode == 1 and "not installed" in r.stderr


@pytest.mark.parametrize("bad", ["claimcheck", "claimcheck==0.1.0", "requests", "claimcheck; rm -rf /", ""])
def test_install_refuses_a_bare_name(bad):
    with pytest.raises(AuthoringError):
        check_requirement(bad)


def test_the_install_source_comes_from_the_option_then_the_environment():
    assert install_source("claimcheck @ git+https://h/o/c@abcdef1", environ={}).commit == "abcdef1"
    got = install_source(None, environ={"CLAIMCHECK_INSTALL": "/opt/claimcheck"})
    assert got.requirement == "/opt/claimcheck" and got.commit is None
    with pytest.raises(AuthoringError):
        install_source(None, environ={"CLAIMCHECK_INSTALL": "claimcheck"})


def test_a_git_checkout_with_an_origin_gives_its_remote_at_head(tmp_path):
    repo = tmp_path / "cc"
    repo.mkdir()
    _git(repo, "init", "-q")
    _git(repo, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "--allow-empty", "-m", "x")
    assert _from_checkout(repo) is None  # no remote: nothing to pin
    _git(repo, "remote", "add", "origin", "git@example.org:newsroom/claimcheck.git")
    sha = subprocess.run(["git", "rev-parse", "HEAD"], cwd=repo, capture_output=True, text=True).stdout.strip()
    got = _from_checkout(repo)
    assert got.requirement == f"claimcheck @ git+ssh://git@example.org/newsroom/claimcheck.git@{sha}"


def test_init_in_a_subfolder_puts_the_ci_files_at_the_repository_top(tmp_path):
    repo = tmp_path / "repo"
    repo.mkdir()
    _git(repo, "init", "-q")
    base = repo / "desk" / "base"
    r = CliRunner().invoke(app, ["init", str(base), "--install", PINNED.requirement], env=ENV)
    assert r.exit_code == 0, r.output
    wf = (repo / ".github/workflows/claims.yml").read_text()
    doc = yaml.safe_load(wf)
    assert doc[True]["push"]["paths"] == ["desk/base/sources.yaml", "desk/base/claims/**"]  # YAML 1.1 reads `on` as True
    assert "claimcheck --root desk/base validate --strict --format github" in wf
    pc = yaml.safe_load((repo / ".pre-commit-config.yaml").read_text())
    hook = pc["repos"][0]["hooks"][0]
    assert hook["entry"] == "claimcheck --root desk/base validate"
    assert re.match(hook["files"], "desk/base/claims/x.yaml") and not re.match(hook["files"], "claims/x.yaml")
    assert not (base / ".github").exists() and (base / "sources.yaml").is_file()


@pytest.mark.slow
def test_the_generated_workflow_and_pre_commit_hooks_run_as_written(tmp_path):
    """In a scratch repository: the workflow's run steps, the local pre-commit
    hook and the pinned remote one, each exactly as init writes them."""
    src_repo = Path(__file__).resolve().parents[1]
    if not (src_repo / ".git").exists():
        pytest.skip("claimcheck is not a git checkout here: no commit to pin")
    sha = subprocess.run(["git", "rev-parse", "HEAD"], cwd=src_repo, capture_output=True, text=True).stdout.strip()
    # file://localhost/...: older pip parses a direct reference only with a host
    requirement = f"claimcheck @ git+file://localhost{src_repo.as_posix()}@{sha}"
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    env = {**os.environ, "PATH": f"{venv / 'bin'}{os.pathsep}{os.environ['PATH']}", "PRE_COMMIT_HOME": str(tmp_path / "pc"),
           "CLAIMCHECK_ROOT": "", "GITHUB_WORKSPACE": "", "PIP_DISABLE_PIP_VERSION_CHECK": "1", "VIRTUAL_ENV": str(venv)}
    scratch = tmp_path / "newsroom"
    scratch.mkdir()
    _git(scratch, "init", "-q")
    r = CliRunner().invoke(app, ["init", str(scratch), "--install", requirement], env=ENV)
    assert r.exit_code == 0, r.output
    wf = yaml.safe_load((scratch / ".github/workflows/claims.yml").read_text())
    for step in wf["jobs"]["validate"]["steps"]:
        if "run" in step:
            done = subprocess.run(["bash", "-e", "-c", step["run"]], cwd=scratch, env=env, capture_output=True, text=True)
            assert done.returncode == 0, (step["run"], done.stdout[-2000:], done.stderr[-2000:])
    # the pinned remote hook init wrote, then the local one
    subprocess.run([str(venv / "bin/pip"), "install", "-q", "pre-commit"], check=True, env=env)
    _git(scratch, "add", "-A")
    for config in (scratch / ".pre-commit-config.yaml", None):
        if config is None:
            (scratch / ".pre-commit-config.yaml").write_text(template_text(".pre-commit-config.yaml", UNKNOWN))
        done = subprocess.run([str(venv / "bin/pre-commit"), "run", "--all-files"], cwd=scratch, env=env,
                              capture_output=True, text=True)
        assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
        assert "claimcheck validate" in done.stdout and "Passed" in done.stdout
    (scratch / "claims/example.yaml").write_text((scratch / "claims/example.yaml").read_text().replace(
        "claimant: example-monitor", "claimant: nobody"))
    done = subprocess.run([str(venv / "bin/pre-commit"), "run", "--all-files"], cwd=scratch, env=env,
                          capture_output=True, text=True)
    assert done.returncode == 1 and "CC303" in done.stdout
