"""The README is the user's manual: it must open with the two set-up commands,
.ci/run must run the same test command, and every command, diagnostic code and
figure phrase rule must be documented in it."""

from __future__ import annotations

import re
from pathlib import Path

from claimcheck.diagnostics import CODES
from claimcheck.docsgen import phrase_table_markdown

REPO = Path(__file__).resolve().parents[1]
README = (REPO / "README.md").read_text(encoding="utf-8")
#: The manual is moving from the README into docs/; a new command's page waits in docs/pending/ until merged.
MANUAL = README + "".join(p.read_text(encoding="utf-8") for p in sorted((REPO / "docs").rglob("*.md")))


def _setup_commands() -> list[str]:
    block = re.search(r"```\n(.*?)\n```", README, re.S)
    assert block, "README has no code block"
    return block.group(1).splitlines()


def test_readme_opens_with_two_one_line_commands():
    head = README[: README.index("```", README.index("```") + 3)]
    assert head.count("```") == 1 and README.index("```") < 300, "the set-up block must come first"
    install, tests = _setup_commands()
    assert "pip install" in install and "claimcheck conflicts" in install
    assert "'.[test]'" in tests and "pytest" in tests


def test_ci_runs_the_readme_test_command_and_validate():
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert _setup_commands()[1] in ci
    assert "claimcheck validate" in ci
    assert "-eq 5" in ci, ".ci/run must not pass when pytest collects no tests"


def test_every_command_is_documented():
    from typer.main import get_command

    from claimcheck.cli import app

    group = get_command(app)
    names = sorted(group.commands)
    assert "validate" in names
    missing = [n for n in names if f"claimcheck {n}" not in MANUAL and f"`{n}`" not in MANUAL]
    assert missing == []


def test_every_diagnostic_code_has_a_row():
    for c in CODES.values():
        assert f"| `{c.code}` | {c.severity} | {c.title} | {c.meaning} |" in README, c.code


def test_figure_phrase_table_is_the_generated_one():
    assert phrase_table_markdown().strip() in README
