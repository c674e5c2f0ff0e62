"""Every case of the YAML conformance suite, dropped into a claim base as a
claims file, gets a diagnostic and never a traceback.

The suite is vendored in ``tests/fixtures/yaml-test-suite`` (the ``in.yaml``
and ``error`` files of the data branch of yaml/yaml-test-suite, MIT licence in
``License`` there): one folder per case, some with numbered sub-cases, each with
``in.yaml``; a file named ``error`` marks input that is not valid YAML.

What is decided: no case of the suite is a valid claims file, so every case must
produce at least one error on its own path, all of them codes of the registry
at real positions. The one case whose data would be an acceptable (empty)
claims file is Q5MG (a tab, then ``{}``): PyYAML and libyaml refuse the leading
tab, so it gets CC101; a parser that accepts it must then find nothing wrong.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

import claimcheck.load.strict as yamlload
from claimcheck.base import open_base
from claimcheck.diagnostics import CODES

from tests.helpers import cli, cli_env, fixture_path, make_base

SUITE = fixture_path("yaml-test-suite")
CASES = sorted(p.parent.relative_to(SUITE).as_posix() for p in SUITE.rglob("in.yaml"))
# Cases whose data is a claims file with nothing wrong in it (see the docstring).
EMPTY_MAPPING_CASES = {"Q5MG"}

PARSERS = {"libyaml": lambda: getattr(yaml, "CSafeLoader", yaml.SafeLoader), "python": lambda: yaml.SafeLoader}


@pytest.fixture(scope="module")
def suite_base(tmp_path_factory):
    return make_base(tmp_path_factory.mktemp("suite"))


def test_the_vendored_suite_is_complete_and_licensed():
    assert (SUITE / "License").read_text(encoding="utf-8").startswith("MIT License")
    assert len(CASES) == 402
    assert sum(1 for c in CASES if (SUITE / c / "error").exists()) == 94


@pytest.mark.parametrize("parser", sorted(PARSERS))
@pytest.mark.parametrize("case", CASES)
def test_suite_case_as_claims_file_gets_a_diagnostic(case, parser, suite_base, monkeypatch):
    monkeypatch.setattr(yamlload, "_loader_class", PARSERS[parser])
    rel = "claims/case.yaml"
    (suite_base / rel).write_bytes((SUITE / case / "in.yaml").read_bytes())
    base = open_base(suite_base)  # never raises
    mine = [d for d in base.diagnostics if d.path == rel]
    assert [d for d in base.diagnostics if d.path != rel] == []
    for d in mine:
        assert d.code in CODES
        assert d.line >= 1 and d.column >= 1
        assert d.message.strip()
    codes = [d.code for d in mine]
    if case in EMPTY_MAPPING_CASES:
        assert codes in ([], ["CC101"])
    else:
        assert any(d.severity == "error" for d in mine), f"{case} validated clean"


def _all_cases_base(tmp_path: Path) -> Path:
    files = {f"claims/{c.replace('/', '-')}.yaml": (SUITE / c / "in.yaml").read_bytes() for c in CASES}
    return make_base(tmp_path, files=files)


def test_whole_suite_in_one_base_through_the_cli_in_every_format(tmp_path):
    root = _all_cases_base(tmp_path)
    names = {f"claims/{c.replace('/', '-')}.yaml" for c in CASES} - {"claims/Q5MG.yaml"}

    text = cli("--root", root, "validate", "--format", "text")
    assert text.exit_code == 1
    shown = {line.split(":", 1)[0] for line in text.stdout.splitlines()[:-1]}
    assert names <= shown
    assert text.stdout.splitlines()[-1].startswith("Found ")

    doc = json.loads(cli("--root", root, "validate", "--format", "json").stdout)
    assert doc["ok"] is False
    assert names <= {d["path"] for d in doc["diagnostics"]}

    gh = cli("--root", root, "validate", "--format", "github").stdout.splitlines()
    assert all(line.startswith(("::error ", "::warning ")) for line in gh[:-1])
    assert len(gh) - 1 == len(doc["diagnostics"])

    sarif = json.loads(cli("--root", root, "validate", "--format", "sarif").stdout)
    assert len(sarif["runs"][0]["results"]) == len(doc["diagnostics"])


@pytest.mark.slow
def test_a_handful_of_cases_through_the_console_entry_point(tmp_path):
    """main() turns any internal error into exit 3; a suite case must give 1."""
    import subprocess
    import sys

    picks = [c for c in ("229Q", "2G84/00", "4JVG", "6CA3", "9C9N", "MUS6/00", "Q5MG", "SU74", "Y79Y/007", "DK95/07") if c in CASES]
    assert picks
    for c in picks:
        root = make_base(tmp_path / c.replace("/", "-"), files={"claims/case.yaml": (SUITE / c / "in.yaml").read_bytes()})
        p = subprocess.run(
            [sys.executable, "-m", "claimcheck", "--root", str(root), "validate"],
            capture_output=True, text=True, timeout=60,
            env=cli_env(pythonpath=True),
        )
        assert p.returncode in (0, 1), (c, p.returncode, p.stderr)
        assert "Traceback" not in p.stdout + p.stderr
        assert p.returncode == (0 if c in EMPTY_MAPPING_CASES and "CC" not in p.stdout else 1), (c, p.stdout)


def test_empty_mapping_and_empty_lists_are_valid_claims_files(tmp_path):
    """The decision the suite tests rest on: a mapping with nothing in it, or
    empty claims and topics, is a valid claims file holding no claims."""
    root = make_base(tmp_path, files={"claims/a.yaml": "{}\n", "claims/b.yaml": "claims: []\ntopics: {}\n",
                                      "claims/c.yaml": "claims:\ntopics:\n"})
    base = open_base(root)
    assert base.diagnostics == []
    assert base.claims == {}
