"""`claimcheck validate` and `claimcheck schema` through the CLI: formats, exit
codes, base discovery, and one run through the installed console script."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import REPO, SD_SOURCES as SOURCES, SD_TOPICS as TOPICS, cli, cli_env, make_base, sd_claim as claim


@pytest.fixture
def broken(tmp_path):
    """A base broken in several ways at known places."""
    return make_base(tmp_path, {
        "claims/a.yaml": TOPICS + "claims:\n" + claim(claimant="isiss", extra="    claimnt: x\n"),
        "claims/b.yaml": "claims:\n  - id: x\n    id: y\n",
        "claims/c.yaml": TOPICS + "claims:\n" + claim(id="w", topic="sd/killed/gv"),
    }, sources=SOURCES)


@pytest.fixture
def clean(tmp_path):
    return make_base(tmp_path, {"claims/a.yaml": TOPICS + "claims:\n" + claim()}, sources=SOURCES)


def test_clean_base_exits_0_with_summary(clean):
    r = cli("--root", str(clean), "validate")
    assert r.exit_code == 0, r.output
    assert r.output.strip() == "All checks passed: 2 files, 1 claim, 3 sources."


def test_problems_exit_1_one_line_each_path_line_col_code(broken):
    r = cli("--root", str(broken), "validate")
    assert r.exit_code == 1
    lines = r.output.strip().splitlines()
    assert "claims/a.yaml:8:15: CC303 claim 'c1': claimant 'isiss' is not a source (did you mean 'isis'?)" in lines
    assert "claims/a.yaml:11:5: CC201 unknown field 'claimnt' in claim (did you mean 'claimant'?)" in lines
    assert any(line.startswith("claims/b.yaml:3:5: CC102 duplicate key 'id' (first at line 2)") for line in lines)
    assert any(line.startswith("claims/c.yaml:9:12: CC307 warning:") for line in lines)
    assert lines[-1].startswith("Found ") and "1 warning" in lines[-1]


def test_warnings_alone_pass_but_fail_under_strict(tmp_path):
    root = make_base(tmp_path, {"claims/a.yaml": TOPICS + "claims:\n" + claim(topic="sd/other")}, sources=SOURCES)
    assert cli("--root", str(root), "validate").exit_code == 0
    assert cli("--root", str(root), "validate", "--strict").exit_code == 1


def test_json_format(broken):
    r = cli("--root", str(broken), "validate", "--format", "json")
    assert r.exit_code == 1
    doc = json.loads(r.stdout)
    assert doc["ok"] is False
    assert (doc["files"], doc["sources"]) == (4, 3)
    assert {"path", "line", "column", "code", "severity", "message"} <= set(doc["diagnostics"][0])
    assert {(d["path"], d["line"], d["column"], d["code"]) for d in doc["diagnostics"]} >= {
        ("claims/a.yaml", 8, 15, "CC303"), ("claims/a.yaml", 11, 5, "CC201"), ("claims/b.yaml", 3, 5, "CC102"),
    }


def test_json_of_clean_base_is_ok(clean):
    doc = json.loads(cli("--root", str(clean), "validate", "-f", "json").stdout)
    assert doc["ok"] is True and doc["diagnostics"] == [] and doc["claims"] == 1


def test_github_format(broken):
    r = cli("--root", str(broken), "validate", "--format", "github")
    assert r.exit_code == 1
    cmds = [line for line in r.stdout.splitlines() if line.startswith("::")]
    assert any(c.startswith("::error file=claims/a.yaml,line=8,col=15,") and "title=CC303::" in c for c in cmds)
    assert any(c.startswith("::warning file=claims/c.yaml,line=9,col=12,") for c in cmds)


def test_github_escapes_properties_and_data():
    from claimcheck.diagnostics import Diagnostic
    from claimcheck.render.diagnostics import REPORTERS, Report

    d = Diagnostic("claims/a,b:c%.yaml", 1, 1, "CC201", "bad\n::error::injected 100%\r")
    out = []
    REPORTERS["github"](Report(1, 0, 0, [d]), out.append, False)
    first = out[0]
    assert first.count("\n") == 1 and first.startswith("::error file=claims/a%2Cb%3Ac%25.yaml,")
    assert first.rstrip("\n").endswith("::bad%0A::error::injected 100%25%0D")


def test_sarif_format(broken):
    r = cli("--root", str(broken), "validate", "--format", "sarif")
    assert r.exit_code == 1
    doc = json.loads(r.stdout)
    assert doc["version"] == "2.1.0"
    run0 = doc["runs"][0]
    rules = run0["tool"]["driver"]["rules"]
    from claimcheck.diagnostics import CODES

    assert [rule["id"] for rule in rules] == sorted(CODES)
    res = {(x["ruleId"], x["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            x["locations"][0]["physicalLocation"]["region"]["startLine"]) for x in run0["results"]}
    assert ("CC303", "claims/a.yaml", 8) in res
    for x in run0["results"]:
        assert rules[x["ruleIndex"]]["id"] == x["ruleId"]
        assert not x["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].startswith("/")


def test_root_from_environment_and_from_working_directory(clean, tmp_path):
    assert cli("validate", env={"CLAIMCHECK_ROOT": str(clean)}).exit_code == 0
    sub = clean / "claims"
    r = cli("validate", cwd=sub)
    assert r.exit_code == 0 and "1 claim" in r.output


def test_no_base_exits_2(tmp_path):
    empty = tmp_path / "nothing"
    empty.mkdir()
    r = cli("validate", cwd=empty)
    assert r.exit_code == 2
    assert "no claim base found" in r.output and "Traceback" not in r.output
    r = cli("--root", str(empty), "validate")
    assert r.exit_code == 2 and "holds no sources.yaml" in r.output


def test_bad_option_exits_2(clean):
    r = cli("--root", str(clean), "validate", "--format", "xml")
    assert r.exit_code == 2


def test_schema_is_valid_and_accepts_and_rejects(tmp_path):
    jsonschema = pytest.importorskip("jsonschema")
    import yaml

    from claimcheck.load.strict import load_text

    schema = json.loads(cli("schema").stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    v = jsonschema.Draft202012Validator(schema)
    good = load_text(TOPICS + "claims:\n" + claim(extra="    figure: more than 400\n    as_of: 2018-05\n"), "a.yaml").data
    assert list(v.iter_errors(good)) == []
    bad = load_text(TOPICS + "claims:\n" + claim(extra="    claimnt: isis\n"), "a.yaml").data
    assert any("claimnt" in e.message for e in v.iter_errors(bad))
    src_schema = json.loads(cli("schema", "--sources").stdout)
    jsonschema.Draft202012Validator.check_schema(src_schema)
    assert list(jsonschema.Draft202012Validator(src_schema).iter_errors(load_text(SOURCES, "s.yaml").data)) == []
    del yaml


def test_schema_accepts_the_bundled_claim_files():
    jsonschema = pytest.importorskip("jsonschema")
    from claimcheck.load.strict import load_file

    files = sorted((REPO / "claims").rglob("*.yaml"))
    if not files:
        pytest.fail("the bundled base has no claim files")
    v = jsonschema.Draft202012Validator(json.loads(cli("schema").stdout))
    for f in files:
        data = load_file(f, f.name).data
        errors = [e.message for e in v.iter_errors(data)]
        assert errors == [], f"{f.name}: {errors[:3]}"
    sv = jsonschema.Draft202012Validator(json.loads(cli("schema", "--sources").stdout))
    assert [e.message for e in sv.iter_errors(load_file(REPO / "sources.yaml", "sources.yaml").data)] == []


def test_bundled_base_validates_clean_under_strict():
    r = cli("--root", str(REPO), "validate", "--strict")
    assert r.exit_code == 0, r.output


def test_installed_console_script_runs_in_a_subprocess(broken):
    exe = shutil.which("claimcheck") or str(Path(sys.executable).parent / "claimcheck")
    if not Path(exe).exists():
        pytest.fail("the claimcheck console script is not installed (pip install -e .)")
    env = cli_env()
    p = subprocess.run([exe, "--root", str(broken), "validate", "--format", "json"], capture_output=True, text=True, env=env)
    assert p.returncode == 1
    assert json.loads(p.stdout)["ok"] is False
    p = subprocess.run([sys.executable, "-m", "claimcheck", "--version"], capture_output=True, text=True, env=env)
    assert p.returncode == 0 and p.stdout.startswith("claimcheck ")


def test_the_process_ends_without_freeing_and_loses_no_output(tmp_path):
    """claimcheck's process ends with os._exit (the bases it opened are
    never freed one object at a time): every byte written comes out, and
    the exit code is the command's."""
    env = cli_env()
    p = subprocess.run([sys.executable, "-m", "claimcheck", "--root", str(REPO), "claims", "--format", "json"],
                       capture_output=True, text=True, env=env)
    assert p.returncode == 0, p.stderr
    assert len(json.loads(p.stdout)) == 130  # whole: the last buffer was flushed
    p = subprocess.run([sys.executable, "-m", "claimcheck", "--root", str(tmp_path), "validate"],
                       capture_output=True, text=True, env=env)
    assert p.returncode == 2 and p.stderr.startswith("claimcheck: "), p.stderr
    code = ("import sys, claimcheck\nfrom claimcheck.cli import run\nsys.argv = ['claimcheck', '--no-cache', '--root', "
            "sys.argv[1], 'validate']\ntry:\n    run()\nexcept SystemExit as e:\n    print(e.code, len(claimcheck.KEEP_ALIVE))\n")
    p = subprocess.run([sys.executable, "-c", code, str(REPO)], capture_output=True, text=True, env=env)
    assert p.stdout.splitlines()[-1] == "0 1", "the command line keeps the base it opened to the end"


def test_outside_the_command_line_no_base_is_kept(clean):
    import claimcheck
    from claimcheck.base import open_base

    assert claimcheck.KEEP_ALIVE is None
    open_base(clean)
    assert claimcheck.KEEP_ALIVE is None


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full here")
@pytest.mark.parametrize("args", [["validate"], ["claims", "--format", "json"]])
def test_output_that_finds_no_room_is_an_error_never_a_success(args):
    # a small answer fails at the last flush, a large one on the way: exit 1 and why, never a traceback
    with open("/dev/full", "w") as full:
        p = subprocess.run([sys.executable, "-m", "claimcheck", "--root", str(REPO), *args], stdout=full,
                           stderr=subprocess.PIPE, text=True, env=cli_env())
    assert p.returncode == 1
    assert p.stderr == "claimcheck: could not write the output: No space left on device\n"


def test_a_profiled_run_still_prints_its_profile():
    # the hard exit is skipped under a profiler, which reports as the interpreter ends
    p = subprocess.run([sys.executable, "-m", "cProfile", "-s", "tottime", "-m", "claimcheck", "--root", str(REPO),
                        "validate"], capture_output=True, text=True, env=cli_env())
    assert p.returncode == 0, p.stderr
    assert p.stdout.startswith("All checks passed") and "function calls" in p.stdout
