"""`claimcheck init`, `add`, `set-status` and `add-source` through the CLI:
exit codes, messages, prompting, and a base that still validates afterwards."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from claimcheck.write.safe import LOCK_FILE

from tests.helpers import CLAIMS_YAML, cli, cli_env, make_base


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file() and p.name != LOCK_FILE}


def validate_strict(root: Path) -> None:
    r = cli("--root", str(root), "validate", "--strict")
    assert r.exit_code == 0, r.output


def test_init_creates_a_base_that_validates_strictly(tmp_path):
    target = tmp_path / "new-base"
    r = cli("init", str(target))
    assert r.exit_code == 0, r.output
    assert sorted(snapshot(target)) == [
        ".github/workflows/claims.yml", ".gitignore", ".pre-commit-config.yaml", "claims/example.yaml", "sources.yaml",
    ]
    assert "id: claimcheck-validate" in (target / ".pre-commit-config.yaml").read_text()
    assert "claimcheck validate" in (target / ".github/workflows/claims.yml").read_text()
    validate_strict(target)


def test_init_refuses_to_overwrite_and_writes_nothing(tmp_path):
    (tmp_path / "claims").mkdir()
    (tmp_path / "claims" / "example.yaml").write_text("claims: []\n")
    r = cli("init", str(tmp_path))
    assert r.exit_code == 1
    assert "claims/example.yaml" in r.stderr and "nothing was written" in r.stderr
    assert snapshot(tmp_path) == {"claims/example.yaml": b"claims: []\n"}


def test_init_leaves_an_existing_gitignore_alone(tmp_path):
    (tmp_path / ".gitignore").write_text("*.pyc\n")
    r = cli("init", str(tmp_path))
    assert r.exit_code == 0, r.output
    assert (tmp_path / ".gitignore").read_text() == "*.pyc\n"
    assert ".claimcheck.lock" in r.stdout


def test_init_then_add_set_status_and_add_source_leave_a_valid_base(tmp_path):
    root = tmp_path / "b"
    assert cli("init", str(root)).exit_code == 0
    r = cli("--root", str(root), "add-source", "--name", "State TV", "--stance", "government", "--kind", "outlet",
            "--reliability", "d", "--alias", "STV")
    assert r.exit_code == 0, r.output
    assert "added source state-tv: written to sources.yaml" in r.stdout
    r = cli("--root", str(root), "add", "-s", "The monitor now counts 35 killed.", "-c", "example-monitor",
            "-t", "example/killed", "--figure", "35", "--as-of", "2024-01-20",
            "--outlet", "state-tv", "--date", "2024-01-21", "--quote", "Thirty-five: dead", "--tag", "update")
    assert r.exit_code == 0, r.output
    assert "added claim example-monitor-example-killed-2: written to claims/example.yaml" in r.stdout
    r = cli("--root", str(root), "set-status", "example-monitor-example-killed", "superseded",
            "--by", "example-monitor-example-killed-2", "--note", "Revised count.")
    assert r.exit_code == 0, r.output
    validate_strict(root)
    text = (root / "claims/example.yaml").read_text()
    assert "    status: superseded          # unverified" in text
    assert text.endswith(
        "  - id: example-monitor-example-killed-2\n"
        "    statement: The monitor now counts 35 killed.\n"
        "    claimant: example-monitor\n"
        "    topic: example/killed\n"
        "    figure: 35\n"
        "    as_of: 2024-01-20\n"
        "    status: unverified\n"
        "    reported_by:\n"
        "      - outlet: state-tv\n"
        "        date: 2024-01-21\n"
        '        quote: "Thirty-five: dead"\n'
        "    tags: [update]\n"
        "    supersedes: example-monitor-example-killed\n"
    )


def test_add_without_required_options_off_a_terminal_is_a_usage_error(tmp_path):
    root = make_base(tmp_path, files={"claims/town.yaml": CLAIMS_YAML})
    before = snapshot(root)
    r = cli("--root", str(root), "add", "--claimant", "monitor")
    assert r.exit_code == 2
    assert "missing --statement, --topic" in r.stderr
    assert snapshot(root) == before


def test_add_asks_for_missing_fields_on_a_terminal_offering_sources_and_topics(tmp_path, monkeypatch):
    import claimcheck.cli.authoring as cli_authoring

    monkeypatch.setattr(cli_authoring, "_interactive", lambda: True)
    root = make_base(tmp_path, files={"claims/town.yaml": CLAIMS_YAML})
    r = cli("--root", str(root), "add", "--figure", "12", input="The monitor counts 12 dead.\nmonitor\ntown/killed\n")
    assert r.exit_code == 0, r.output
    assert "monitor  Independent Monitor" in r.output  # known sources offered
    assert "town/killed  People killed in the town" in r.output  # known topics offered
    assert "  - id: monitor-town-killed\n    statement: The monitor counts 12 dead.\n" in (root / "claims/town.yaml").read_text()


def test_invalid_add_prints_diagnostics_writes_nothing_and_exits_1(tmp_path):
    root = make_base(tmp_path, files={"claims/town.yaml": CLAIMS_YAML})
    before = snapshot(root)
    r = cli("--root", str(root), "add", "-s", "x", "-c", "monitr", "-t", "town/killed", "--as-of", "2018-02-30")
    assert r.exit_code == 1
    assert "CC303 claim 'monitr-town-killed': claimant 'monitr' is not a source (did you mean 'monitor'?)" in r.stderr
    assert "CC206" in r.stderr and "nothing was written" in r.stderr
    assert snapshot(root) == before


def test_dry_run_prints_the_record_and_writes_nothing(tmp_path):
    root = make_base(tmp_path, files={"claims/town.yaml": CLAIMS_YAML})
    before = snapshot(root)
    r = cli("--root", str(root), "add", "-s", "Rebels say: 500 killed", "-c", "rebels", "-t", "town/killed",
            "--figure", "more than 500", "--id", "rebels-500", "--dry-run")
    assert r.exit_code == 0, r.output
    assert r.stdout == (
        "# claims/town.yaml\n"
        "  - id: rebels-500\n"
        '    statement: "Rebels say: 500 killed"\n'
        "    claimant: rebels\n"
        "    topic: town/killed\n"
        "    figure: more than 500\n"
        "    status: unverified\n"
    )
    assert snapshot(root) == before


def test_more_dates_than_outlets_is_a_usage_error(tmp_path):
    root = make_base(tmp_path, files={"claims/town.yaml": CLAIMS_YAML})
    r = cli("--root", str(root), "add", "-s", "x", "-c", "gov", "-t", "town/killed", "--outlet", "gov-tv",
            "--date", "2018-05-01", "--date", "2018-05-02")
    assert r.exit_code == 2
    assert "pairs with the --outlet in the same position" in r.stderr


def test_set_status_errors_have_the_documented_exit_codes(tmp_path):
    root = make_base(tmp_path, files={"claims/town.yaml": CLAIMS_YAML})
    r = cli("--root", str(root), "set-status", "gov-killed", "superseded")
    assert r.exit_code == 2 and "--by" in r.stderr
    r = cli("--root", str(root), "set-status", "gov-killd", "refuted")
    assert r.exit_code == 1 and "no claim with id 'gov-killd' (did you mean 'gov-killed'?)" in r.stderr
    r = cli("--root", str(root), "set-status", "gov-killed", "debunked")
    assert r.exit_code == 2 and "not one of" in r.stderr
    r = cli("--root", str(root), "set-status", "gov-killed", "unverified")
    assert r.exit_code == 0 and "already has status unverified" in r.stdout


def test_set_status_changes_one_line(tmp_path):
    root = make_base(tmp_path, files={"claims/town.yaml": CLAIMS_YAML})
    r = cli("--root", str(root), "set-status", "gov-killed", "contested")
    assert r.exit_code == 0, r.output
    assert (root / "claims/town.yaml").read_text() == CLAIMS_YAML.replace(
        "    as_of: 2018-05-01\n    status: unverified", "    as_of: 2018-05-01\n    status: contested"
    )


def test_add_source_with_unknown_stance_is_refused_with_did_you_mean(tmp_path):
    root = make_base(tmp_path)
    before = snapshot(root)
    r = cli("--root", str(root), "add-source", "--id", "x", "--name", "X", "--stance", "goverment")
    assert r.exit_code == 1
    assert "CC304" in r.stderr and "did you mean 'government'" in r.stderr
    assert snapshot(root) == before


def test_lock_timeout_gives_a_clear_message_and_exit_1(tmp_path):
    root = make_base(tmp_path, files={"claims/town.yaml": CLAIMS_YAML})
    hold = textwrap.dedent(
        """
        import sys, time
        from claimcheck.write.safe import base_lock
        with base_lock(sys.argv[1]):
            print("held", flush=True)
            time.sleep(600)
        """
    )
    holder = subprocess.Popen([sys.executable, "-c", hold, str(root)], env=cli_env(pythonpath=True), stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        before = snapshot(root)
        r = cli("--root", str(root), "add", "-s", "x", "-c", "gov", "-t", "town/killed", "--lock-timeout", "0.3")
        assert r.exit_code == 1
        assert "locked by another claimcheck writer" in r.stderr and "--lock-timeout" in r.stderr
        assert snapshot(root) == before
    finally:
        holder.kill()
        holder.wait()


@pytest.mark.slow
def test_ten_concurrent_add_processes_all_land_and_the_base_validates(tmp_path):
    root = make_base(tmp_path, files={"claims/town.yaml": CLAIMS_YAML})
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "claimcheck", "--root", str(root), "add", "-s", f"Report number {i}.",
             "-c", "monitor", "-t", "town/killed", "--figure", str(100 + i), "--lock-timeout", "60"],
            env=cli_env(pythonpath=True), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        for i in range(10)
    ]
    outs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0] * 10, outs
    text = (root / "claims/town.yaml").read_text()
    for i in range(10):
        assert f"    statement: Report number {i}.\n" in text
    ids = sorted(line.split(": ")[1] for line in text.splitlines() if line.startswith("  - id: monitor-town-killed"))
    assert ids == sorted(["monitor-town-killed"] + [f"monitor-town-killed-{n}" for n in range(2, 11)])
    assert text.startswith(CLAIMS_YAML)  # the old records, byte for byte
    validate_strict(root)
