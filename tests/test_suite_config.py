"""How the suite is run: markers are registered and strict, the developer's quick
run (``-m "not slow"``) leaves out only what is marked slow, and CI runs
everything and fails when pytest collects nothing."""

from __future__ import annotations

import re
import tomllib

from tests.helpers import REPO

PYTEST = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["pytest"]["ini_options"]
CI = (REPO / ".ci" / "run").read_text(encoding="utf-8")


def test_markers_are_strict_and_slow_is_registered():
    assert "--strict-markers" in PYTEST["addopts"].split()
    assert [m.split(":")[0] for m in PYTEST["markers"]] == ["slow"]


def test_nothing_is_left_out_by_default():
    # the quick run asks for -m "not slow"; a plain `pytest` (README, .ci/run) runs every test
    assert "-m" not in PYTEST["addopts"].split() and "not slow" not in PYTEST["addopts"]


def test_ci_runs_every_test_and_fails_when_none_is_collected():
    runs = [line for line in CI.splitlines() if re.search(r"-m pytest\b", line)]
    assert len(runs) == 2  # newest releases, lowest allowed versions
    for line in runs:
        assert " -m slow" not in line and "not slow" not in line and " -k " not in line, line
    assert 'if [ "$1" -eq 5 ]' in CI and CI.count('check_pytest $? "') == 2
