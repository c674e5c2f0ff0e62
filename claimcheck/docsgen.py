"""The generated parts of the manual in ``docs/``: each table made from the
code that decides it (the figure phrases, the diagnostic codes, the field
tables, the rating tables, the CSV columns, the SQLite schema, the command
reference from ``--help``).

A docs file holds a generated part between two markers::

    <!-- generated: NAME -->
    ...
    <!-- /generated -->

``python -m claimcheck.docsgen`` rewrites every such block in ``docs/*.md``;
``python -m claimcheck.docsgen --check`` rewrites nothing and exits 1 naming
each stale block, each unknown NAME and each generator no file uses. The test
suite runs the check (``tests/test_docs.py``). The command reference is drawn
by typer, whose help layout changes between its minor versions; it records the
typer it was captured with and is compared only under the same one.
``docs/development.md`` says how to add a generated part.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Callable

from .figures import PHRASES, Figure, format_interval, format_number, parse_figure

#: The manual this module keeps; docs/pending/ holds drafts that are not generated into.
DOCS = Path(__file__).resolve().parents[1] / "docs"

#: The terminal the command reference is captured in.
HELP_COLUMNS = 100
HELP_ENV = {"COLUMNS": str(HELP_COLUMNS), "NO_COLOR": "1", "GITHUB_ACTIONS": "", "FORCE_COLOR": "", "TERM": "dumb"}

BLOCK_RE = re.compile(r"(<!-- generated: ([A-Za-z0-9_.:-]+) -->\n)(.*?)(<!-- /generated -->)", re.S)
OPEN_RE = re.compile(r"<!-- generated: ([^ ]*) -->")


def _cell(s: object) -> str:
    """Text for one Markdown table cell."""
    return str(s).replace("|", "\\|").replace("\n", " ")


# --- the figure-phrase table ------------------------------------------------------------


def _example_value(example: str) -> object:
    if example.startswith("{"):
        out: dict[str, object] = {}
        for part in example.strip("{}").split(","):
            k, _, v = part.partition(":")
            out[k.strip()] = float(v) if "." in v else int(v)
        return out
    return example


def _describe(f: Figure) -> str:
    s = format_interval(f)
    if f.best is not None:
        if f.kind == "date":
            s += f", best {date.fromordinal(int(f.best)).isoformat()}"
        else:
            s += f", best {format_number(f.best)}"
    return s


def phrase_table_markdown() -> str:
    """The PHRASES table as Markdown (forms, interval, best, source, example with its parse)."""
    lines = [
        "| Forms | Interval | Best | Source | Example |",
        "| --- | --- | --- | --- | --- |",
    ]
    for rule in PHRASES:
        fig = parse_figure(_example_value(rule.example))
        example = f"`{rule.example}` → {_describe(fig)}"
        lines.append("| " + " | ".join(_cell(c) for c in (rule.forms, rule.interval, rule.best, rule.source, example)) + " |")
    return "\n".join(lines) + "\n"


def figure_constants_markdown() -> str:
    """The tolerances of the figure grammar, with their values."""
    from .figures import phrases

    names = ("ABOUT_TOLERANCE", "NEARLY_TOLERANCE", "JUST_TOLERANCE", "ABSOLUTE_TOLERANCE", "MIN_CONFLICT_RATIO",
             "FEW_RANGE", "SEVERAL_RANGE", "HANDFUL_RANGE", "PERCENT_MAX")
    lines = ["| constant (`claimcheck/figures/phrases.py`) | value |", "| --- | --- |"]
    for name in names:
        value = getattr(phrases, name)
        text = format_number(value) if isinstance(value, float) and value >= 1 else repr(value)
        lines.append(f"| `{name}` | {text} |")
    return "\n".join(lines) + "\n"


# --- diagnostic codes ---------------------------------------------------------------------


def diagnostic_table_markdown() -> str:
    """Every diagnostic code the rules registry knows: code, severity, title, meaning."""
    from .rules.run import all_codes

    lines = ["| code | severity | title | meaning |", "| --- | --- | --- | --- |"]
    for c in all_codes().values():
        lines.append(f"| `{c.code}` | {c.severity} | {_cell(c.title)} | {_cell(c.meaning)} |")
    return "\n".join(lines) + "\n"


# --- the record format --------------------------------------------------------------------


def field_tables() -> dict[str, dict]:
    """Every field table of :mod:`claimcheck.schema.fields` (a module-level
    mapping of names to :class:`~claimcheck.schema.fields.Field`), by lower-case
    name: a new table there becomes a generator ``fields-<name>`` at once."""
    from .schema import fields

    out: dict[str, dict] = {}
    for name, value in vars(fields).items():
        if name.isupper() and isinstance(value, dict) and value and all(
            isinstance(f, fields.Field) for f in value.values()
        ):
            out[name.lower()] = value
    return out


def field_table_markdown(table: dict) -> str:
    lines = ["| field | type | required | meaning |", "| --- | --- | --- | --- |"]
    for f in table.values():
        lines.append(f"| `{f.name}` | {_cell(f.type)} | {'yes' if f.required else 'no'} | {_cell(f.doc)} |")
    return "\n".join(lines) + "\n"


# --- interop ------------------------------------------------------------------------------


def rating_tables_markdown() -> str:
    from .interop.claimreview.ratings import rating_tables_markdown as tables

    return tables().rstrip("\n") + "\n"


def _columns(names) -> str:
    return "`" + ", ".join(names) + "`\n"


def claims_csv_markdown() -> str:
    from .records.claims import CSV_FIELDS

    return _columns(CSV_FIELDS)


def sources_csv_markdown() -> str:
    from .records.sources import SOURCES_CSV

    return _columns(SOURCES_CSV)


def sqlite_schema_markdown() -> str:
    from .interop.sqlite import SCHEMA

    return "```sql\n" + SCHEMA.rstrip("\n") + "\n```\n"


# --- the command reference ----------------------------------------------------------------


def command_names() -> list[str]:
    """The commands, in the order ``claimcheck --help`` lists them."""
    from typer.main import get_command

    from .cli import app

    group = get_command(app)
    return list(group.list_commands(group.context_class(group, info_name="claimcheck")))


def help_text(*args: str) -> str:
    """``claimcheck ARGS --help`` as a user sees it at 100 columns without colour."""
    from typer.testing import CliRunner

    from .cli import app

    # The test runner pins help to 80 columns; a terminal of N columns gets N - 2 (click's rule).
    r = CliRunner().invoke(app, [*args, "--help"], env=HELP_ENV, prog_name="claimcheck",
                           terminal_width=HELP_COLUMNS - 2)
    if r.exit_code != 0:
        raise RuntimeError(f"claimcheck {' '.join(args)} --help exited {r.exit_code}: {r.output}")
    return "\n".join(line.rstrip() for line in r.stdout.rstrip("\n").split("\n")) + "\n"


def help_renderer() -> str:
    """What draws the help text: typer's major.minor version. Help is drawn by
    typer, not claimcheck (typer 0.28 writes ``--id <str>`` where 0.26 writes
    ``--id TEXT``), so a reference captured with one typer is compared only
    with the help of the same typer."""
    from importlib.metadata import version

    return "typer " + ".".join(version("typer").split(".")[:2])


STAMP_RE = re.compile(r"<!-- captured with (.*?) -->")


def command_reference_markdown() -> str:
    """``claimcheck --help``, then every command's ``--help``, one fenced block each."""
    out = [f"<!-- captured with {help_renderer()} -->", "", "### `claimcheck`", "", "```text",
           help_text().rstrip("\n"), "```"]
    for name in command_names():
        out += ["", f"### `claimcheck {name}`", "", "```text", help_text(name).rstrip("\n"), "```"]
    return "\n".join(out) + "\n"


# --- the registry and the rewriter --------------------------------------------------------


def generators() -> dict[str, Callable[[], str]]:
    """NAME -> the function that makes the block ``<!-- generated: NAME -->``."""
    gens: dict[str, Callable[[], str]] = {
        "figure-phrases": phrase_table_markdown,
        "figure-constants": figure_constants_markdown,
        "diagnostic-codes": diagnostic_table_markdown,
        "claimreview-ratings": rating_tables_markdown,
        "claims-csv-columns": claims_csv_markdown,
        "sources-csv-columns": sources_csv_markdown,
        "sqlite-schema": sqlite_schema_markdown,
        "commands": command_reference_markdown,
    }
    for name, table in field_tables().items():
        gens[f"fields-{name}"] = (lambda t=table: field_table_markdown(t))
    return gens


@dataclass
class Problem:
    path: Path
    message: str

    def __str__(self) -> str:
        try:
            where = self.path.resolve().relative_to(Path.cwd())
        except ValueError:
            where = self.path
        return f"{where}: {self.message}"


def doc_files(docs: Path = DOCS) -> list[Path]:
    """The manual's pages: docs/*.md (docs/pending/ holds drafts, left alone)."""
    return sorted(docs.glob("*.md"))


@dataclass
class Result:
    text: str  # the page with every known block regenerated
    stale: list[str]  # blocks that differ from what the code makes now
    unknown: list[str]  # names no generator makes
    not_compared: list[str]  # blocks captured with another help renderer (see help_renderer)


FENCE_RE = re.compile(r"^(```|~~~)", re.M)


def fenced(text: str) -> list[tuple[int, int]]:
    """The spans of the fenced code blocks of a Markdown text: markers shown
    inside one (as an example) are not blocks."""
    marks = [m.start() for m in FENCE_RE.finditer(text)]
    return [(marks[i], marks[i + 1]) for i in range(0, len(marks) - 1, 2)]


def _outside(spans: list[tuple[int, int]], pos: int) -> bool:
    return not any(a <= pos < b for a, b in spans)


def blocks(text: str) -> list[re.Match]:
    """The generated blocks of a page (not those shown inside code)."""
    spans = fenced(text)
    return [m for m in BLOCK_RE.finditer(text) if _outside(spans, m.start())]


def regenerate(text: str, gens: dict[str, Callable[[], str]], cache: dict[str, str]) -> Result:
    res = Result(text, [], [], [])
    spans = fenced(text)

    def replace(m: re.Match) -> str:
        if not _outside(spans, m.start()):
            return m.group(0)
        name = m.group(2)
        if name not in gens:
            res.unknown.append(name)
            return m.group(0)
        if name not in cache:
            cache[name] = gens[name]()
        body = "\n" + cache[name] + "\n"  # blank lines around: the markers never join a table or a list
        if m.group(3) != body:
            old, new = STAMP_RE.search(m.group(3)), STAMP_RE.search(body)
            if old and new and old.group(1) != new.group(1):
                res.not_compared.append(f"{name} (captured with {old.group(1)}; this is {new.group(1)})")
            else:
                res.stale.append(name)
        return m.group(1) + body + m.group(4)

    res.text = BLOCK_RE.sub(replace, text)
    return res


def run(docs: Path = DOCS, *, check: bool = False, notes: list[Problem] | None = None) -> list[Problem]:
    """Rewrite (or with ``check``, only compare) every generated block under
    ``docs``; the problems found (stale blocks when checking, unknown names,
    unclosed blocks, generators no page uses). Blocks that cannot be compared
    here (a command reference captured with another typer) go to ``notes``."""
    gens = generators()
    cache: dict[str, str] = {}
    problems: list[Problem] = []
    notes = [] if notes is None else notes
    used: set[str] = set()
    for path in doc_files(docs):
        text = path.read_text(encoding="utf-8")
        spans = fenced(text)
        opened = [m for m in OPEN_RE.finditer(text) if _outside(spans, m.start())]
        res = regenerate(text, gens, cache)
        found = [m.group(2) for m in blocks(text)]
        used.update(found)
        if len(found) != len(opened):
            problems.append(Problem(path, "a '<!-- generated: NAME -->' marker has no '<!-- /generated -->' after it"))
        for name in res.unknown:
            problems.append(Problem(path, f"unknown generated block {name!r} (known: {', '.join(sorted(gens))})"))
        if check:
            for name in res.stale:
                problems.append(Problem(path, f"generated block {name!r} is stale: run python -m claimcheck.docsgen"))
            for what in res.not_compared:
                notes.append(Problem(path, f"generated block {what}: not compared"))
        elif res.text != text:
            path.write_text(res.text, encoding="utf-8")
    for name in sorted(set(gens) - used):
        problems.append(Problem(docs, f"no page has the generated block {name!r}: add '<!-- generated: {name} -->' "
                                      "and '<!-- /generated -->' where it belongs, then run python -m claimcheck.docsgen"))
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m claimcheck.docsgen", description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if a generated block is stale")
    parser.add_argument("--docs", type=Path, default=DOCS, help="the docs folder (default: %(default)s)")
    args = parser.parse_args(argv)
    notes: list[Problem] = []
    problems = run(args.docs, check=args.check, notes=notes)
    for p in notes:
        sys.stderr.write(f"note: {p}\n")
    for p in problems:
        sys.stderr.write(f"{p}\n")
    if problems:
        return 1
    if args.check:
        sys.stdout.write(f"docs: every generated block is current ({len(doc_files(args.docs))} pages)\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
