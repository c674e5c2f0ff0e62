"""Help that does not mislead: every example of every ``--help`` runs on the
bundled base, example lines are shown whole (never rewrapped mid-option),
every option's metavar says what it takes, and ``claimcheck --help`` lists
every command with its whole summary."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimcheck import docsgen
from claimcheck.cli import app

from .helpers import CLI_ENV

REPO = Path(__file__).resolve().parents[1]
ENV = {**CLI_ENV, "TERM": "dumb"}  # the shared environment; help is rendered as on a plain terminal
COMMANDS = docsgen.command_names()
#: Metavars typer writes for an option that names none (0.26: TEXT, 0.28: <str>...).
TYPER_METAVARS = re.compile(r"(?<![\w-])(TEXT|INTEGER|FLOAT|PATH|<str>|<int>|<float>|<path>)(?![\w-])")
#: Options that take free text, whose metavar TEXT says so.
FREE_TEXT = {"--statement", "--quote", "--notes", "--note", "--topic-title", "--search", "--title"}
#: What the examples' folder holds besides the bundled base: the inputs examples name.
COPY_IGNORE = shutil.ignore_patterns(".git", ".venv*", "__pycache__", "*.egg-info", ".pytest_cache", ".hypothesis",
                                     "build", "dist", "out", "report", "*.db")


def help_text(*args: str, columns: int = 80) -> str:
    r = CliRunner().invoke(app, [*args, "--help"], env=dict(ENV, COLUMNS=str(columns)), prog_name="claimcheck",
                           terminal_width=columns - 2)
    assert r.exit_code == 0, r.output
    return r.stdout


def example_lines(text: str) -> list[list[str]]:
    """The lines of the Examples block of a help text, each example as the
    lines it is shown on (a line ending in a backslash goes on)."""
    lines = text.split("\n")
    start = next(i for i, ln in enumerate(lines) if ln.strip() == "Examples:")
    out: list[list[str]] = []
    going_on = False
    for ln in lines[start + 1:]:
        if ln and not ln.startswith(" "):
            break  # Options:, Arguments:, Commands:
        if not ln.strip():
            continue
        if going_on:
            out[-1].append(ln)
        else:
            out.append([ln])
        going_on = ln.rstrip().endswith("\\")
    return out


def example_commands(text: str) -> list[str]:
    return [" ".join(part.strip().removesuffix("\\").strip() for part in ex) for ex in example_lines(text)]


@pytest.mark.parametrize("args", [(), *[(c,) for c in COMMANDS]], ids=lambda a: " ".join(a) or "claimcheck")
def test_every_help_has_examples_of_itself(args):
    commands = example_commands(help_text(*args))
    assert commands, "no Examples:"
    for command in commands:
        assert shlex.split(command, comments=True)[0] == "claimcheck", command
    if args:  # (an example may prepare the next with another command)
        assert sum(args[0] in shlex.split(c, comments=True) for c in commands) >= len(commands) / 2


@pytest.mark.parametrize("columns", [80, 100])
@pytest.mark.parametrize("args", [(), *[(c,) for c in COMMANDS]], ids=lambda a: " ".join(a) or "claimcheck")
def test_examples_are_shown_whole_and_fit(args, columns):
    """Each example line is as written (typer rewraps paragraphs: the
    examples are a literal block) and fits the terminal; a long example
    goes on after a backslash, never in the middle of an option."""
    for example in example_lines(help_text(*args, columns=columns)):
        assert example[0].strip().startswith("claimcheck "), example
        for line in example:
            assert len(line) <= columns - 2, f"{len(line)} columns: {line}"
        for line in example[:-1]:
            assert line.endswith(" \\"), example


@pytest.mark.parametrize("args", [(), *[(c,) for c in COMMANDS]], ids=lambda a: " ".join(a) or "claimcheck")
def test_metavars_say_what_an_option_takes(args):
    text = help_text(*args, columns=100)
    options = text[text.index("\nOptions:"):] if "\nOptions:" in text else ""
    for line in options.split("\n"):
        m = re.match(r"\s+((?:-\w, )?--[\w-]+)\s+(\S+)", line)
        found = TYPER_METAVARS.search(line.split("  ", 2)[1] if m else "")
        if m and found:
            assert found.group(1) == "TEXT" and m.group(1).split()[-1] in FREE_TEXT, line


def test_every_option_names_its_metavar():
    """Independent of how a typer version writes them: every option that
    takes a value gives a metavar, or offers its choices."""
    from typer.main import get_command

    group = get_command(app)
    ctx = group.context_class(group, info_name="claimcheck")
    missing = []
    for name in [None, *COMMANDS]:
        cmd = group if name is None else group.get_command(ctx, name)
        for p in cmd.params:
            if getattr(p, "is_flag", False) or p.name in ("help", "install_completion", "show_completion"):
                continue
            if p.metavar is None and not hasattr(p.type, "choices"):
                missing.append(f"{name or 'claimcheck'} {p.opts[0]}")
    assert missing == []


@pytest.mark.parametrize("columns", [80, 100, 160])
def test_the_command_list_is_whole(columns):
    text = help_text(columns=columns)
    listing = text[text.index("\nCommands:\n"):]
    assert "..." not in listing
    shown = [ln.split()[0] for ln in listing.split("\n")[2:] if ln.startswith("  ") and not ln.startswith("   ")]
    assert shown == COMMANDS
    for name in COMMANDS:
        summary = help_text(name).split("\n\n")[1].strip()
        assert " ".join(summary.split()) in " ".join(listing.split()), name


# --- running every example ---------------------------------------------------------------


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    """The bundled base as a user has it: the repository's files in a git
    repository on branch main with some history (diff's examples need it)."""
    root = tmp_path_factory.mktemp("examples") / "claimcheck"
    shutil.copytree(REPO, root, ignore=COPY_IGNORE)
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", "-c", "commit.gpgsign=false"]
    subprocess.run([*git, "init", "-q", "-b", "main"], cwd=root, check=True)
    subprocess.run([*git, "add", "-A"], cwd=root, check=True)
    subprocess.run([*git, "commit", "-q", "-m", "base"], cwd=root, check=True)
    claims = root / "claims" / "south-damascus-2018.yaml"
    claims.write_text(claims.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    subprocess.run([*git, "commit", "-q", "-am", "a change"], cwd=root, check=True)
    return root


def run_example(command: str, cwd: Path) -> None:
    """``command`` as a shell would run it, in ``cwd``: ``&&`` chains,
    ``> FILE`` and ``< FILE``; every claimcheck in it must exit 0."""
    lex = shlex.shlex(command, posix=True, punctuation_chars=True)
    lex.whitespace_split = True
    lex.commenters = "#"
    words = list(lex)
    steps: list[list[str]] = [[]]
    for w in words:
        if w == "&&":
            steps.append([])
        else:
            assert w not in ("|", ";", "||", "&", ">>", "2>"), f"keep examples simple: {command}"
            steps[-1].append(w)
    for step in steps:
        out = inp = None
        if ">" in step:
            i = step.index(">")
            out, step = step[i + 1], step[:i] + step[i + 2:]
        if "<" in step:
            i = step.index("<")
            inp, step = step[i + 1], step[:i] + step[i + 2:]
        assert step[0] == "claimcheck", command
        here = os.getcwd()
        os.chdir(cwd)
        try:
            stdin = (cwd / inp).read_bytes() if inp else None
            r = CliRunner().invoke(app, step[1:], input=stdin, env=dict(ENV, COLUMNS="80"), prog_name="claimcheck")
        finally:
            os.chdir(here)
        assert r.exit_code == 0, f"{command} exited {r.exit_code}:\n{r.output}"
        if out:
            (cwd / out).write_bytes(r.stdout_bytes)


@pytest.mark.parametrize("args", [(), *[(c,) for c in COMMANDS]], ids=lambda a: " ".join(a) or "claimcheck")
def test_every_example_runs_on_the_bundled_base(args, template, tmp_path):
    """In a fresh copy for each command, its examples in the order shown."""
    here = tmp_path / "claimcheck"
    shutil.copytree(template, here, symlinks=True)
    for command in example_commands(help_text(*args)):
        run_example(command, here)


#: The longest summary `claimcheck --help` shows on one line at 80 columns.
SUMMARY_MAX = 62


def test_every_summary_is_one_short_line():
    """Listed whole, and offered on one line beside the command by zsh and
    fish completion."""
    from typer.main import get_command

    group = get_command(app)
    ctx = group.context_class(group, info_name="claimcheck")
    long = {}
    for name in COMMANDS:
        summary = group.get_command(ctx, name).get_short_help_str(limit=1000)
        if len(summary) > SUMMARY_MAX or "\n" in summary:
            long[name] = summary
    assert long == {}
