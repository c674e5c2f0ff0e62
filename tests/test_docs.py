"""The manual in docs/ and the README hold to the code: generated parts are
current, every command and diagnostic code is documented, every relative link
leads somewhere, the architecture's layers are all described, and every
command output shown is what the command prints."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import tempfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimcheck import docsgen
from claimcheck.cli import app
from claimcheck.rules.run import all_codes

REPO = Path(__file__).resolve().parents[1]
DOCS = REPO / "docs"
PAGES = [REPO / "README.md", *docsgen.doc_files(DOCS)]


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


# --- generated parts -----------------------------------------------------------------------


def test_generated_blocks_are_current():
    problems = docsgen.run(DOCS, check=True)
    assert [str(p) for p in problems] == []


def test_the_check_names_a_stale_block_and_an_unknown_one(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("# P\n\n<!-- generated: diagnostic-codes -->\nold\n<!-- /generated -->\n\n"
                    "<!-- generated: no-such-table -->\n<!-- /generated -->\n"
                    "```\n<!-- generated: shown-in-code -->\n<!-- /generated -->\n```\n", encoding="utf-8")
    messages = [p.message for p in docsgen.run(tmp_path, check=True)]
    assert any("'diagnostic-codes' is stale" in m for m in messages)
    assert any("unknown generated block 'no-such-table'" in m for m in messages)
    assert not any("shown-in-code" in m for m in messages)
    assert any("no page has the generated block 'commands'" in m for m in messages)
    assert "old" in page.read_text(encoding="utf-8")  # --check writes nothing


def test_regenerating_rewrites_only_the_block(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("Before.\n<!-- generated: diagnostic-codes -->\nold\n<!-- /generated -->\nAfter.\n",
                    encoding="utf-8")
    docsgen.run(tmp_path)
    text = page.read_text(encoding="utf-8")
    assert text.startswith("Before.\n<!-- generated: diagnostic-codes -->\n\n| code | severity |")
    assert text.endswith("\n\n<!-- /generated -->\nAfter.\n")
    assert not [p for p in docsgen.run(tmp_path, check=True) if "stale" in p.message]


def test_the_command_line_of_docsgen_exits_1_on_a_stale_block(tmp_path, capsys):
    (tmp_path / "p.md").write_text("<!-- generated: diagnostic-codes -->\nold\n<!-- /generated -->\n", encoding="utf-8")
    assert docsgen.main(["--check", "--docs", str(tmp_path)]) == 1
    assert "'diagnostic-codes' is stale" in capsys.readouterr().err


def test_the_constants_table_names_every_tolerance_of_the_grammar():
    table = docsgen.figure_constants_markdown()
    assert "| `ABSOLUTE_TOLERANCE` | 1 |" in table and "| `MIN_CONFLICT_RATIO` | 1.1 |" in table
    assert "| `HANDFUL_RANGE` | (2, 5) |" in table


def test_every_command_is_in_the_reference():
    commands = _text(DOCS / "commands.md")
    names = docsgen.command_names()
    assert "validate" in names and "conflicts" in names
    missing = [n for n in names if f"### `claimcheck {n}`" not in commands]
    assert missing == [], "run python -m claimcheck.docsgen"
    unlisted = [n for n in names if f"| `claimcheck {n}` |" not in commands]
    assert unlisted == [], "add a row to the table of commands at the top of docs/commands.md"


def test_every_diagnostic_code_is_documented():
    diagnostics = _text(DOCS / "diagnostics.md")
    missing = [c.code for c in all_codes().values()
               if f"| `{c.code}` | {c.severity} | {c.title.replace('|', chr(92) + '|')} |" not in diagnostics]
    assert missing == []


def test_every_layer_of_the_architecture_is_described():
    from tests.test_architecture import LAYERS

    development = _text(DOCS / "development.md")
    names = [m.removeprefix("claimcheck.") for m in LAYERS if m != "claimcheck"]
    assert [n for n in names if f"`{n}`" not in development] == []


def test_the_index_lists_every_page():
    index = _text(DOCS / "index.md")
    assert [p.name for p in docsgen.doc_files(DOCS) if p.name != "index.md" and f"({p.name})" not in index] == []


# --- links ---------------------------------------------------------------------------------


FENCE = re.compile(r"^(```|~~~).*?^\1[^\n]*$", re.S | re.M)
LINK = re.compile(r"(?<!!)\[[^\]]*\]\(([^)\s]+)\)")


def _prose(text: str) -> str:
    """Markdown without its fenced code blocks and inline code."""
    return re.sub(r"`[^`\n]*`", "", FENCE.sub("", text))


def anchors(text: str) -> set[str]:
    """GitHub's anchors of a page's headings (code blocks left out)."""
    out: set[str] = set()
    seen: dict[str, int] = {}
    for line in FENCE.sub("", text).splitlines():
        m = re.match(r"#{1,6}\s+(.*?)\s*#*\s*$", line)
        if not m:
            continue
        slug = re.sub(r"[^\w\- ]", "", m.group(1).lower()).replace(" ", "-")
        n = seen.get(slug, 0)
        seen[slug] = n + 1
        out.add(slug if n == 0 else f"{slug}-{n}")
    return out


def test_anchors_follow_github():
    text = "# The claim base\n## `claimcheck show ID`\n## Rules\n## Rules\n```\n# not a heading\n```\n"
    assert anchors(text) == {"the-claim-base", "claimcheck-show-id", "rules", "rules-1"}


def _links():
    for page in PAGES:
        for m in LINK.finditer(_prose(_text(page))):
            target = m.group(1)
            if re.match(r"[a-z]+:", target):
                continue  # http(s), mailto: not checked here
            yield pytest.param(page, target, id=f"{page.relative_to(REPO)}->{target}")


@pytest.mark.parametrize(("page", "target"), list(_links()))
def test_relative_links_resolve(page, target):
    path, _, anchor = target.partition("#")
    dest = (page.parent / path).resolve() if path else page
    assert dest.exists(), f"{page.relative_to(REPO)} links to {target}: no such file"
    if anchor:
        assert dest.suffix == ".md", f"{target}: an anchor into a file that is not Markdown"
        assert anchor in anchors(_text(dest)), f"{page.relative_to(REPO)} links to {target}: no such heading"


def test_the_manual_is_linked_from_the_readme():
    readme = _text(REPO / "README.md")
    assert "(docs/index.md)" in readme


# --- command output shown in the docs ------------------------------------------------------

ENV = {"NO_COLOR": "1", "GITHUB_ACTIONS": "", "FORCE_COLOR": "", "TERM": "dumb"}
#: A block of a command on the bundled base and its output; a ```console block
#: shows one on another base (an example feed, a new base) and is not rerun.
BLOCK = re.compile(r"^```\n(\$ [^\n]*)\n(.*?)^```$", re.S | re.M)
DEFAULT_COLUMNS = 80


def shown_outputs(page: Path):
    """(command line, the output shown) of each block that starts with `$ `."""
    return [(m.group(1), m.group(2).rstrip("\n")) for m in BLOCK.finditer(_text(page))]


def run_shown(line: str, columns: int | None = None) -> str:
    words = shlex.split(line[2:])
    env = dict(ENV, COLUMNS=str(DEFAULT_COLUMNS))
    while words and "=" in words[0]:
        k, _, v = words.pop(0).partition("=")
        assert k == "COLUMNS", f"{line}: only COLUMNS may be set"
        env[k] = v
    if columns is not None:
        env["COLUMNS"] = str(columns)
    assert words[0] == "claimcheck", line
    # In a copy of the bundled base, from its folder: a command shown that
    # writes (init, add, export -o...) writes there, never into the repository.
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "base"
        copy.mkdir()
        shutil.copy(REPO / "sources.yaml", copy / "sources.yaml")
        shutil.copytree(REPO / "claims", copy / "claims")
        here = os.getcwd()
        os.chdir(copy)
        try:
            r = CliRunner().invoke(app, ["--root", str(copy), *words[1:]], env=env)
        finally:
            os.chdir(here)
    assert r.exit_code == 0, f"{line} exited {r.exit_code}: {r.output}"
    return "\n".join(ln.rstrip() for ln in r.stdout.rstrip("\n").split("\n"))


def matches(shown: str, actual: str) -> bool:
    """The output shown is the actual one, where a line '...' stands for lines
    left out: the parts around it appear in order, whole lines, and the first
    and last parts at the start and end unless '...' is there."""
    lines = shown.split("\n")
    real = actual.split("\n")
    parts: list[list[str]] = [[]]
    for ln in lines:
        if ln == "...":
            parts.append([])
        else:
            parts[-1].append(ln)
    at = 0
    for i, part in enumerate(parts):
        if not part:
            continue
        anchored_start = i == 0
        anchored_end = i == len(parts) - 1
        found = None
        for start in range(at, len(real) - len(part) + 1):
            if real[start:start + len(part)] == part:
                found = start
                break
            if anchored_start:
                break
        if found is None:
            return False
        at = found + len(part)
        if anchored_end and at != len(real):
            return False
    return True


def test_matches_understands_left_out_lines():
    real = "a\nb\nc\nd"
    assert matches("a\nb\nc\nd", real)
    assert matches("a\nb\n...", real) and matches("...\nc\nd", real) and matches("a\n...\nd", real)
    assert not matches("b\nc\nd", real)  # no '...': must start at the first line
    assert not matches("a\nb", real)  # no '...': must end at the last line
    assert not matches("a\n...\nb\na", real)


def _shown():
    for page in PAGES:
        for line, shown in shown_outputs(page):
            yield pytest.param(page, line, shown, id=f"{page.relative_to(REPO)}: {line}")


@pytest.mark.parametrize(("page", "line", "shown"), list(_shown()))
def test_command_output_shown_is_real(page, line, shown):
    actual = run_shown(line)
    assert matches(shown, actual), (
        f"{page.relative_to(REPO)}: the output of `{line[2:]}` has changed; paste the current one:\n{actual}")


@pytest.mark.parametrize("columns", [80, 160])
def test_the_readme_tour_cuts_no_id(columns):
    """At 80 columns and at 160, no id in the README's tour is cut across
    lines (tests/whole_ids.py: whole, or cut after a hyphen with the rest
    on the next line of its cell)."""
    from claimcheck.base import open_base

    from .whole_ids import broken_ids, known_ids

    ids = known_ids(open_base(REPO))
    tour = shown_outputs(REPO / "README.md")
    assert len(tour) >= 4
    for line, shown in tour:
        if columns == DEFAULT_COLUMNS:
            assert broken_ids(shown, ids) == [], f"`{line[2:]}` as the README shows it"
        assert broken_ids(run_shown(line, columns=columns), ids) == [], f"`{line[2:]}` at {columns} columns"
