"""The README is the front door: it must open with the two set-up commands,
and .ci/run must run the same test command. (The manual in docs/ is held to
the code by tests/test_docs.py, which also runs the README's tour.)"""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
README = (REPO / "README.md").read_text(encoding="utf-8")


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


def test_readme_is_a_front_door():
    lines = README.count("\n")
    assert lines <= 200, f"README has {lines} lines: the manual belongs in docs/"
    for word in ("this session", "issue 1", "after the review"):
        assert word not in README.lower(), word
