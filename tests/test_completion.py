"""Shell completion: commands, options and ids (claim, source, topic,
stance) and statuses, through typer's completion machinery; ids read by a
scan of the one file kind that holds them (claimcheck.load.names), never a
YAML parse, and start-up left as it is (no yaml, no rich)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimcheck.base import open_base
from claimcheck.cli import app
from claimcheck.load import names

from .helpers import CLAIMS_YAML, make_base

REPO = Path(__file__).resolve().parents[1]
POMPEO = "pompeo-russians-killed-deir-ezzor-2018-02-07"


def complete(words: str, shell: str = "bash", cwd: Path | None = None) -> list[str]:
    """What claimcheck offers for the last word of ``words`` (empty after a space)."""
    parts = words.split()
    cword = len(parts) if words.endswith(" ") else len(parts) - 1
    env = {"_CLAIMCHECK_COMPLETE": f"complete_{shell}", "COMP_WORDS": words, "COMP_CWORD": str(cword),
           "_TYPER_COMPLETE_ARGS": words, "CLAIMCHECK_ROOT": None}
    here = os.getcwd()
    os.chdir(cwd or REPO)
    try:
        r = CliRunner().invoke(app, [], env=env, prog_name="claimcheck")
    finally:
        os.chdir(here)
    assert r.exit_code == 0, r.output
    return [ln for ln in r.stdout.split("\n") if ln]


def test_commands_and_options_complete():
    assert {"schema", "show", "sources", "source", "set-status"} <= set(complete("claimcheck s"))
    assert complete("claimcheck claims --cla") == ["--claimant"]
    assert "--install-completion" in complete("claimcheck --inst")
    assert complete("claimcheck claims --format j") == ["json"]


@pytest.mark.parametrize("words,want", [
    ("claimcheck show pompeo", [POMPEO]),
    ("claimcheck set-status pompeo-r", [POMPEO]),
    ("claimcheck add --supersedes pompeo", [POMPEO]),
    ("claimcheck set-status x superseded --by pompeo", [POMPEO]),
    ("claimcheck source hez", ["hezbollah", "hezbollah-social-media"]),
    ("claimcheck claims --claimant long", ["long-war-journal"]),
    ("claimcheck add-source --part-of us-", ["us-dod", "us-government"]),
    ("claimcheck claims --topic deir-ezzor-2018-02-07/k", ["deir-ezzor-2018-02-07/killed/russians"]),
    ("claimcheck conflicts --topic manbij", ["manbij-2018/killed/coalition", "manbij-2018/responsibility/coalition-deaths"]),
    ("claimcheck sources --stance jih", ["jihadist"]),
    ("claimcheck add --about gov", ["government"]),
    ("claimcheck set-status x ref", ["refuted"]),
    ("claimcheck claims --status c", ["corroborated", "contested"]),
])
def test_ids_complete_from_the_base(words, want):
    assert complete(words) == want


def test_every_id_of_the_bundled_base_is_offered():
    base = open_base(REPO)
    assert names.claim_ids(REPO) == sorted(base.claims)
    assert names.source_ids(REPO) == sorted(base.sources)
    assert names.stance_ids(REPO) == sorted(base.stances)
    assert names.topic_ids(REPO) == sorted({*base.topics, *(c.topic for c in base.claims.values())})
    assert len(complete("claimcheck show ")) == len(base.claims)


def test_the_base_is_the_one_root_names(tmp_path):
    root = make_base(tmp_path, files={"claims/town.yaml": CLAIMS_YAML})
    assert complete(f"claimcheck --root {root} show gov") == ["gov-killed"]
    assert complete(f"claimcheck --root {root} claims --topic t") == ["town/killed"]
    assert complete("claimcheck show gov", cwd=root) == ["gov-killed"]  # found from the working directory
    assert complete(f"claimcheck --root {tmp_path / 'nowhere'} show gov") == []  # no base: nothing, no error


def test_each_kind_reads_only_the_files_that_hold_it(monkeypatch):
    read: list[str] = []
    real = names._read
    monkeypatch.setattr(names, "_read", lambda p: read.append(p.name) or real(p))
    complete("claimcheck source hez")
    complete("claimcheck sources --stance j")
    assert read == ["sources.yaml", "sources.yaml"]
    read.clear()
    complete("claimcheck show pompeo")
    assert "sources.yaml" not in read and len(read) == len(list((REPO / "claims").glob("*.yaml")))


def test_a_scan_takes_what_yaml_writes_in_block_style(tmp_path):
    root = make_base(tmp_path, files={"claims/a.yaml": (
        "topics:\n  'x/declared':\n    title: T\n  y/other: {title: U}\nclaims:\n"
        "- id: \"quoted-id\"   # a comment\n  topic: x/used\n  paid: not-an-id\n"
        "  - id: nested-list-item\n")})
    assert names.claim_ids(root) == ["nested-list-item", "quoted-id"]
    assert names.topic_ids(root) == ["x/declared", "x/used", "y/other"]
    assert names.claim_ids(root, "quo") == ["quoted-id"]


def _run(env_extra: dict, *args: str) -> tuple[set[str], str]:
    """claimcheck ARGS in a fresh interpreter, as the console script runs it:
    the modules it imported, and its output."""
    code = ("import atexit, sys\n"
            "atexit.register(lambda: sys.stderr.write('MODULES ' + ' '.join(sorted(sys.modules)) + '\\n'))\n"
            f"from claimcheck.cli import run\nsys.argv = ['claimcheck', *{list(args)!r}]\nrun()\n")
    env = dict(os.environ, **env_extra)
    env.pop("CLAIMCHECK_ROOT", None)
    r = subprocess.run([sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    line = next(ln for ln in r.stderr.split("\n") if ln.startswith("MODULES "))
    return set(line.split()[1:]), r.stdout


def _completing(shell: str, words: str) -> dict:
    return {"_CLAIMCHECK_COMPLETE": f"complete_{shell}", "COMP_WORDS": words,
            "COMP_CWORD": str(len(words.split()) - 1), "_TYPER_COMPLETE_ARGS": words,
            "_TYPER_COMPLETE_FISH_ACTION": "get-args"}


@pytest.mark.parametrize("shell,words", [
    ("bash", "claimcheck show pompeo"),
    ("zsh", "claimcheck show pompeo"),
    ("zsh", "claimcheck conflicts --"),  # options with their help
    ("fish", "claimcheck s"),  # commands with their help
])
def test_completion_imports_no_yaml_no_rich_and_no_core(shell, words):
    """Start-up is what --help costs: the ids come from a scan, and the help
    offered to zsh and fish is not run through rich (claimcheck.cli.complete.plain_help)."""
    modules, out = _run(_completing(shell, words))
    assert out.strip()
    heavy = {m for m in modules if m.split(".")[0] in ("yaml", "rich", "yaml_rs")
             or m in ("claimcheck.base", "claimcheck.model", "claimcheck.xref", "claimcheck.load.strict")}
    assert heavy == set()
    help_modules, _ = _run({}, "--help")
    assert modules - help_modules <= {"claimcheck.load.names", "claimcheck.load.find", "claimcheck.load",
                                      "claimcheck.diagnostics", "shlex"}  # shlex: typer splits the words typed


def test_zsh_gets_each_item_on_one_line():
    _, out = _run(_completing("zsh", "claimcheck conflicts --"))
    items = out.strip().removeprefix("_arguments '*: :((").removesuffix("))'").split("\n")
    assert len(items) > 5
    assert all(item.startswith('"--') and item.endswith('"') for item in items), items


def test_show_completion_prints_the_script_for_a_shell():
    _, out = _run({"_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"}, "--show-completion", "bash")
    assert "_CLAIMCHECK_COMPLETE=complete_bash" in out and "complete -o default -F" in out


def test_install_completion_writes_the_script_and_sources_it(tmp_path):
    env = {"HOME": str(tmp_path), "_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"}
    _run(env, "--install-completion", "bash")
    script = tmp_path / ".bash_completions" / "claimcheck.sh"
    assert "_CLAIMCHECK_COMPLETE=complete_bash" in script.read_text()
    assert str(script) in (tmp_path / ".bashrc").read_text()
