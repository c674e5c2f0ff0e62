"""The benchmark runner and generator keep working (a smoke run, not a benchmark:
no timing is asserted)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from claimcheck.base import open_base

BENCH = Path(__file__).resolve().parents[1] / "benchmarks"
sys.path.insert(0, str(BENCH))
from generate import generate  # noqa: E402


def test_generated_base_without_broken_records_has_no_error(tmp_path):
    info = generate(tmp_path, 1200, 3, None, 0.2, 0.0, seed=3)
    base = open_base(tmp_path)
    assert info["broken"] == 0
    assert base.errors == 0
    assert len(base.claims) == 1200


def test_generated_base_is_deterministic(tmp_path):
    generate(tmp_path / "a", 300, 2, None, 0.1, 0.05, seed=4)
    generate(tmp_path / "b", 300, 2, None, 0.1, 0.05, seed=4)
    for p in (tmp_path / "a").rglob("*.yaml"):
        assert p.read_bytes() == (tmp_path / "b" / p.relative_to(tmp_path / "a")).read_bytes()


def test_broken_records_are_spread_over_every_file(tmp_path):
    info = generate(tmp_path, 2000, 4, None, 0.1, 0.03, seed=8)
    base = open_base(tmp_path)
    errors = [d for d in base.diagnostics if d.severity == "error"]
    assert info["broken"] > 20
    assert {d.path for d in errors} == {f"claims/gen-{i:04d}.yaml" for i in range(4)}


@pytest.mark.slow
def test_runner_quick_smoke_run_prints_every_target(tmp_path):
    r = subprocess.run([sys.executable, str(BENCH / "run.py"), "--quick", "--work", str(tmp_path)],
                       capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr[-2000:]
    out = r.stdout
    for measure in ("validate, cold, 2k generate.py, 8% warnings", "validate, cold, 2k generate.py, 8% warnings, 1% broken",
                    "conflicts --format json, cold, 2k generate.py, 8% warnings", "sources --format json, cold, 2k",
                    "claims --format json, cold, 2k", "validate, warm, 2k generate.py, 8% warnings",
                    "conflicts --format json, warm, 2k gencorpus.py", "validate, one file of 4 changed, 2k gencorpus.py",
                    "one file changed, gencorpus.py: the new problem reported", "validate, cold, 2k generate.py, clean",
                    "check-jsonschema / validate", "yamllint / validate", "growth: validate", "validate: one topic / many topics",
                    "conflicts: one topic / many topics", "peak memory, validate cold, 2k gencorpus.py, 1% broken",
                    "report, 2k, cold", "diff of two revisions, 2k, one file changed",
                    "diff of a revision and the work tree, 2k, one file changed", "claimcheck --version", "claimcheck --help"):
        assert f"| {measure}" in out, measure
    assert "| measure | time | baseline |" in out
    assert "| one file changed, generate.py, 8% warnings: the new problem reported | - | - | - | - | reported | yes |" in out


def test_warnings_option_sets_the_share_of_cc505_warnings(tmp_path):
    info = generate(tmp_path / "w", 2000, 4, None, 0.1, 0.0, seed=8, warnings=0.1)
    base = open_base(tmp_path / "w")
    warned = [d for d in base.diagnostics if d.code == "CC505"]
    assert base.errors == 0
    assert len(warned) == info["declared_corroborated"]
    assert 150 <= len(warned) <= 250
    generate(tmp_path / "c", 2000, 4, None, 0.1, 0.0, seed=8, warnings=0.0)
    assert open_base(tmp_path / "c").diagnostics == []



@pytest.mark.slow
def test_phases_times_the_phases_of_one_command(tmp_path):
    generate(tmp_path, 400, 2, None, 0.0, 0.1, seed=2)
    p = subprocess.run([sys.executable, str(BENCH / "phases.py"), "--root", str(tmp_path), "--no-cache",
                        "conflicts", "--format", "json"], capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr
    assert p.stdout.lstrip().startswith("{")  # the command's own output, unchanged
    rows = {line.split()[0]: line.split()[1:] for line in p.stderr.splitlines()[2:] if line.strip()}
    for phase in ("read_base", "check_base", "topic_reports", "write_json_records"):
        assert phase in rows and int(rows[phase][0]) >= 1, p.stderr
