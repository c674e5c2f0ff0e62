"""claimcheck in a newsroom's CI: annotations that point at the right file when
the base is a subfolder of the repository."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from typer.testing import CliRunner

from claimcheck.cli import app
from claimcheck.load.find import repository_root

from .conftest import CLAIMS_YAML, make_base

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
