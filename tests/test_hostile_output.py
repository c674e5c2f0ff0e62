"""Output that must never act: untrusted text reaches the terminal with control
characters, ESC sequences and bidi overrides shown as visible escapes, is never
parsed as rich markup, cannot forge GitHub workflow commands, and leaves JSON,
CSV and SARIF valid.

The Done-when test renders every command's human output for a claim base built
from hostile strings (:func:`test_human_output_is_inert`, one row per
invocation); a row whose command is not registered on ``app`` fails with a
clear message, and :func:`test_every_registered_command_has_a_row` makes a
new command join the table.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Callable, NamedTuple

import pytest
import typer.main
import yaml
from hypothesis import given
from hypothesis import strategies as st

from claimcheck.base import open_base
from claimcheck.cli import app
from claimcheck.text import is_safe, safe, safe_block
from claimcheck.records.encode import escape_json as json_text

from tests.helpers import cli, make_base

# What must never reach a terminal raw: C0 except TAB and LF, DEL, C1, the
# bidi embeddings, overrides and isolates, and lone surrogates.
UNSAFE_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")

ESC_BITS = (
    "\x1b[31mRED\x1b[0m",  # colour
    "\x1b[2J\x1b[1;1H",  # clear screen, cursor home
    "\x1b]8;;https://evil.example/\x1b\\click\x1b]8;;\x1b\\",  # OSC 8 hyperlink
    "\x1b]0;pwned-title\x07",  # window title
    "\x9b31m",  # C1 CSI
    "\x85\x90\x9d",  # C1 NEL, DCS, OSC
    "\u202eevil\u202c",  # right-to-left override
    "\u2066iso\u2069\u202a\u202b\u202d",  # isolates, embeddings
    "\x07\x08\x7f\r",  # bell, backspace, DEL, carriage return
)
MARKUP = ("[bold]", "[/x]", "[link=https://evil.example/]")


def hostile(label: str) -> str:
    """Markup first (so it survives a truncating table cell), then every
    kind of escape."""
    return f"[bold]{label}[/x] [link=https://evil.example/]L[/link] " + " ".join(ESC_BITS) + " :: %0A ,:"


def short(label: str) -> str:
    """A hostile name short enough to be shown whole in a table column."""
    return f"[bold]{label}[/x]\x1b[1m\u202e\x9b"


SOURCES = {
    "stances": {
        "government": hostile("gov stance"),
        "opposition": {"description": hostile("opp stance")},
        "independent": {"description": hostile("neutral stance"), "neutral": True},
    },
    "sources": [
        {"id": "gov", "name": short("Gov"), "kind": "government", "stance": "government", "reliability": "D",
         "notes": hostile("gov notes"), "aliases": [hostile("gov alias")]},
        {"id": "gov-tv", "name": short("TV"), "kind": "outlet", "stance": "government", "part_of": "gov",
         "url": "https://example.org/tv", "notes": hostile("tv notes")},
        {"id": "monitor", "name": short("Mon"), "kind": "monitor", "stance": "independent", "reliability": "B",
         "notes": hostile("monitor notes")},
        {"id": "rebels", "name": short("Reb"), "kind": "armed-group", "stance": "opposition", "reliability": "E"},
    ],
}
STATEMENT = hostile("gov statement")
CLAIMS = {
    "topics": {
        "town/killed": {"title": hostile("topic title"), "unit": short("unit"), "notes": hostile("topic notes")},
        "town/date": {"title": hostile("date topic")},
    },
    "claims": [
        {"id": "gov-old", "statement": hostile("gov old statement"), "claimant": "gov", "topic": "town/killed",
         "figure": 30, "as_of": "2018-04-01", "status": "superseded",
         "reported_by": [{"outlet": "gov-tv", "date": "2018-04-02", "quote": hostile("gov old quote")}]},
        {"id": "gov-new", "statement": STATEMENT, "claimant": "gov", "topic": "town/killed", "figure": 40,
         "supersedes": "gov-old", "as_of": "2018-05-01", "status": "unverified", "tags": ["casualties"],
         "notes": hostile("gov claim notes"),
         "reported_by": [{"outlet": "gov-tv", "date": "2018-05-02", "quote": hostile("gov quote"),
                          "url": "https://example.org/q"}]},
        {"id": "monitor-count", "statement": '=HYPERLINK("https://evil.example") ' + hostile("monitor statement"),
         "claimant": "monitor", "topic": "town/killed", "figure": "about 300", "as_of": "2018-05-03",
         "status": "contested", "reported_by": [{"outlet": "monitor", "quote": hostile("monitor quote")}]},
        {"id": "rebels-count", "statement": "+1 " + hostile("rebel statement"), "claimant": "rebels",
         "topic": "town/killed", "figure": "a few hundred", "status": "unverified",
         "notes": "@SUM(A1) " + hostile("rebel notes")},
        {"id": "monitor-date", "statement": "-2 " + hostile("date statement"), "claimant": "monitor",
         "topic": "town/date", "figure": "2018-05-10", "status": "unverified"},
    ],
}
HOSTILE_ID = "\x1b[31m[bold]nope[/x]\u202e"


@pytest.fixture(scope="module")
def hostile_root(tmp_path_factory):
    root = make_base(tmp_path_factory.mktemp("hostile"), sources=SOURCES, files={"claims/hostile.yaml": CLAIMS})
    base = open_base(root)
    assert base.diagnostics == [], base.diagnostics  # a valid base: every command answers in full
    assert base.claims["gov-new"].statement == STATEMENT
    return root


def registered() -> set[str]:
    return set(typer.main.get_command(app).commands)


def assert_inert(text: str, where: str) -> None:
    bad = sorted({f"U+{ord(c):04X}" for c in UNSAFE_RE.findall(text)})
    assert not bad, f"{where}: raw control/bidi characters reach the terminal: {bad}"


# --------------------------------------------------------------------------
# sanitize: the primitives
# --------------------------------------------------------------------------


def test_safe_shows_every_unsafe_character_as_a_visible_escape():
    for c in [*map(chr, range(0x00, 0x09)), *map(chr, range(0x0A, 0x20)), "\x7f", *map(chr, range(0x80, 0xA0)),
              *map(chr, range(0x202A, 0x202F)), *map(chr, range(0x2066, 0x206A)), "\udcff"]:
        out = safe(f"a{c}b")
        assert out.startswith("a\\") and out.endswith("b") and UNSAFE_RE.search(out) is None, repr(c)
    assert safe("\x1b[31mRED") == "\\x1b[31mRED"
    assert safe("\u202eevil") == "\\u202eevil"
    assert safe("line\nbreak\r") == "line\\nbreak\\r"
    assert safe_block("line\nbreak\x1b") == "line\nbreak\\x1b"
    assert safe("tab\tkept é 中 \U0001f600") == "tab\tkept é 中 \U0001f600"


@given(st.text())
def test_safe_output_never_holds_an_unsafe_character_and_is_stable(text):
    out = safe(text)
    assert UNSAFE_RE.search(out) is None and "\n" not in out
    assert is_safe(out)
    assert safe(out) == out
    if UNSAFE_RE.search(text) is None and "\n" not in text:
        assert out == text


@given(st.recursive(st.one_of(st.text(), st.integers(), st.none()),
                    lambda k: st.one_of(st.lists(k, max_size=4), st.dictionaries(st.text(max_size=5), k, max_size=4)),
                    max_leaves=20))
def test_json_text_is_the_same_data_and_terminal_safe(data):
    out = json_text(json.dumps(data, ensure_ascii=False))
    assert json.loads(out) == data
    assert UNSAFE_RE.search(out) is None


@pytest.mark.parametrize("text", ["a\x7fb", "\x7f", "plain ascii", "caf\u00e9 \x7f", "\u202e"])
def test_json_text_escapes_del_in_an_otherwise_ascii_document(text):
    """DEL is ASCII: the shortcut for ASCII documents must not skip it."""
    out = json_text(json.dumps({"statement": text}, ensure_ascii=False))
    assert json.loads(out) == {"statement": text}
    assert "\x7f" not in out and UNSAFE_RE.search(out) is None


def test_cells_print_markup_literally_in_tables_and_panels():
    from rich.panel import Panel
    from rich.table import Table

    from claimcheck.render.terminal import cell

    buf = io.StringIO()
    from rich.console import Console

    con = Console(file=buf, width=300, force_terminal=False, color_system=None)
    t = Table("a", "b")
    t.add_row(cell(STATEMENT), cell("[/x]"))
    con.print(t)
    con.print(Panel(cell(STATEMENT), title=cell("[bold]title[/x]\x1b[31m")))
    out = buf.getvalue()
    assert_inert(out, "rich table and panel")
    for m in MARKUP:
        assert m in out
    assert "\\x1b[31mRED\\x1b[0m" in out and "\\u202eevil" in out


# --------------------------------------------------------------------------
# The Done-when table: every command's human output on the hostile base
# --------------------------------------------------------------------------


class Row(NamedTuple):
    name: str  # the command that must be registered on app
    argv: Callable[[Path, Path], list[str]]  # (base root, scratch folder) -> argv
    exits: tuple[int, ...] = (0,)
    markup: tuple[str, ...] = ("[bold]", "[/x]")  # must appear literally
    visible: bool = True  # a visible "\x1b" escape must appear
    input: str | None = None


def R(root: Path) -> list[str]:
    return ["--root", str(root)]


def diff_argv(root: Path, scratch: Path, *more: str) -> list[str]:
    """``diff HEAD`` on the hostile base committed to git and then changed in
    the work tree: a source's notes and a claim's statement rewritten with
    other hostile text, a claim deleted, a topic title changed."""
    import subprocess

    from .diff_repo import git_env

    env = git_env(scratch)
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "hostile"]):
        subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)
    sources = yaml.safe_load((root / "sources.yaml").read_text(encoding="utf-8"))
    sources["sources"][0]["notes"] = hostile("changed notes")
    (root / "sources.yaml").write_text(yaml.safe_dump(sources, allow_unicode=True, sort_keys=False), encoding="utf-8")
    claims = yaml.safe_load((root / "claims/hostile.yaml").read_text(encoding="utf-8"))
    claims["claims"][0]["statement"] = hostile("changed statement")
    del claims["claims"][-1]
    (root / "claims/hostile.yaml").write_text(yaml.safe_dump(claims, allow_unicode=True, sort_keys=False),
                                              encoding="utf-8")
    return [*R(root), "diff", "HEAD", *more]


def hostile_report(folder: Path) -> str:
    """A report whose words carry markup and every escape (extract drops the
    invisible ones from what it reads, so none needs to be shown)."""
    p = folder / "report [bold]x\x1b[31m.txt"
    p.write_text("Town battle [bold]toll[/x] disputed as ministry and monitor differ\n\n"
                 f"The ministry said 40 people were killed in the town on Monday. {hostile('quote')}\n\n"
                 f"\x1b[31m[bold]Gov[/x] spokesman Ali [link=x]Hassan[/link] said on Tuesday that 12 fighters "
                 f"died \u202e{short('x')}.\n", encoding="utf-8")
    return str(p)


HUMAN_ROWS = [
    Row("validate", lambda r, t: [*R(r), "validate"], visible=False, markup=()),
    # The claims table shows ids, figures and statuses: no free text.
    Row("claims", lambda r, t: [*R(r), "claims"], visible=False, markup=()),
    Row("claims", lambda r, t: [*R(r), "claims", "--search", "statement", "--sort", "date"], visible=False, markup=()),
    Row("claims", lambda r, t: [*R(r), "claims", "--claimant", HOSTILE_ID], exits=(1, 2)),
    Row("show", lambda r, t: [*R(r), "show", "gov-new"], markup=MARKUP),
    Row("show", lambda r, t: [*R(r), "show", "gov-old"], markup=MARKUP),
    Row("show", lambda r, t: [*R(r), "show", "monitor-count"], markup=MARKUP),
    Row("show", lambda r, t: [*R(r), "show", HOSTILE_ID], exits=(1,)),
    Row("conflicts", lambda r, t: [*R(r), "conflicts"]),
    Row("conflicts", lambda r, t: [*R(r), "conflicts", "--all", "--best", "neutral"]),
    Row("sources", lambda r, t: [*R(r), "sources"], visible=False),
    Row("sources", lambda r, t: [*R(r), "sources", "--min-comparisons", "1"], visible=False),
    Row("source", lambda r, t: [*R(r), "source", "gov"], markup=MARKUP),
    Row("source", lambda r, t: [*R(r), "source", "monitor", "--min-comparisons", "1"], markup=MARKUP),
    Row("source", lambda r, t: [*R(r), "source", HOSTILE_ID], exits=(1,)),
    Row("bias", lambda r, t: [*R(r), "bias"], visible=False, markup=()),
    Row("bias", lambda r, t: [*R(r), "bias", "--min-comparisons", "1"], visible=False, markup=()),
    Row("init", lambda r, t: ["init", str(t / "new [bold]base[/x]\x1b[31m\u202e")], visible=True),
    Row("add", lambda r, t: [*R(r), "add", "--dry-run", "--statement", STATEMENT, "--claimant", "gov",
                             "--topic", "town/killed", "--status", "unverified", "--figure", "12",
                             "--outlet", "gov-tv", "--quote", hostile("quote"), "--notes", hostile("notes")],
        markup=MARKUP),
    Row("add", lambda r, t: [*R(r), "add", "--dry-run", "--statement", STATEMENT, "--claimant", HOSTILE_ID,
                             "--topic", "town/killed", "--status", "unverified"], exits=(1,), markup=("[bold]",)),
    Row("set-status", lambda r, t: [*R(r), "set-status", HOSTILE_ID, "refuted"], exits=(1,)),
    Row("add-source", lambda r, t: [*R(r), "add-source", "--dry-run", "--id", "new-src", "--name", hostile("new"),
                                    "--stance", "government"], markup=MARKUP),
    Row("diff", lambda r, t: diff_argv(r, t), markup=MARKUP),
    Row("diff", lambda r, t: diff_argv(r, t, "--format", "markdown"), markup=MARKUP),
    Row("export", lambda r, t: [*R(r), "export", "--format", "csv", "-o", str(t / "out.csv")], visible=False, markup=()),
    Row("export", lambda r, t: [*R(r), "export", "--format", "claimreview", "-o", str(t / "out.json")],
        visible=False, markup=()),
    # The pages themselves are checked in tests/test_report.py (parsed) and test_report_browser.py (chromium).
    Row("report", lambda r, t: [*R(r), "report", "--all", "-o", str(t / "site [bold]x\x1b[31m\u202e")],
        markup=("[bold]",)),
    Row("report", lambda r, t: [*R(r), "report", "-o", str(t / "out"), "--claimant", HOSTILE_ID], exits=(1,)),
    Row("import", lambda r, t: [*R(r), "import", "claimreview", "--dry-run", "-"], exits=(0, 1),
        input=json.dumps({"@type": "ClaimReview", "claimReviewed": STATEMENT, "url": "https://example.org/r",
                          "author": {"@type": "Organization", "name": hostile("author")},
                          "itemReviewed": {"@type": "Claim", "author": {"@type": "Person", "name": short("P")}},
                          "reviewRating": {"@type": "Rating", "ratingValue": "1", "bestRating": "5",
                                           "worstRating": "1", "alternateName": hostile("rating")}})),
    Row("extract", lambda r, t: [*R(r), "extract", hostile_report(t), "--outlet", "gov-tv", "--date", "2018-05-02"],
        visible=False, markup=("[bold]", "[/x]")),
    Row("extract", lambda r, t: [*R(r), "extract", hostile_report(t), "--outlet", short("Outlet"), "--date",
                                 "2018-05-02", "--into", "claims/extracted.yaml"], visible=False, markup=()),
    Row("extract", lambda r, t: [*R(r), "extract", str(t / "no [bold]such[/x]\x1b[31m.txt")], exits=(1,)),
]


def _check_row(row: Row, root: Path, tmp_path: Path) -> None:
    if row.name not in registered():
        pytest.fail(f"command {row.name!r} is not registered on claimcheck.cli.app (not landed yet)")
    argv = row.argv(root, tmp_path)
    r = cli(*argv, input=row.input)
    where = " ".join(safe(a) for a in argv)
    assert r.exit_code in row.exits, f"{where}: exit {r.exit_code}\n{r.output}"
    assert_inert(r.stdout, f"{where} (stdout)")
    assert_inert(r.stderr, f"{where} (stderr)")
    out = r.stdout + r.stderr
    for m in row.markup:
        assert m in out, f"{where}: markup {m!r} was not printed literally"
    if row.visible:
        assert "\\x1b" in out, f"{where}: the ESC in the text is not shown as a visible escape"


@pytest.mark.parametrize("row", HUMAN_ROWS, ids=[f"{i:02d}-{r.name}" for i, r in enumerate(HUMAN_ROWS)])
def test_human_output_is_inert(row, tmp_path):
    # A fresh base per row: some commands write (add-source, import).
    root = make_base(tmp_path, sources=SOURCES, files={"claims/hostile.yaml": CLAIMS})
    _check_row(row, root, tmp_path)


def test_every_registered_command_has_a_row():
    """A new command must join the table (validate's sibling `schema` prints
    no untrusted text)."""
    covered = {r.name for r in HUMAN_ROWS} | {"schema"}
    missing = registered() - covered
    assert not missing, f"commands without a hostile-output row: {sorted(missing)}"


def test_on_a_colour_terminal_only_rich_styles_are_escape_codes(hostile_root):
    """With colour forced, the only ESC sequences are SGR styles (ESC [ ... m)
    written by rich; the text's own sequences stay visible escapes."""
    for argv in (["show", "gov-new"], ["conflicts"], ["source", "gov"], ["claims"], ["validate"]):
        if argv[0] not in registered():
            pytest.fail(f"command {argv[0]!r} is not registered")
        r = cli(*R(hostile_root), *argv, env={"NO_COLOR": "", "FORCE_COLOR": "1", "TERM": "xterm-256color"})
        out = r.stdout + r.stderr
        assert "\x1b[" in out, "colour was not on: the test would prove nothing"
        without_sgr = re.sub("\x1b\\[[0-9;]*m", "", out)
        assert_inert(without_sgr, " ".join(argv) + " (colour)")
        assert "\x1b]" not in out


# --------------------------------------------------------------------------
# Diagnostics that echo hostile ids, fields and paths
# --------------------------------------------------------------------------

BROKEN_CLAIM = (
    'claims:\n'
    '  - id: "\\e[31m[bold]ID[/x]"\n'
    '    statement: fine\n'
    '    claimant: "[/x]\\u202e\\x9b"\n'
    '    topic: "[bold]t\\e]0;title\\a"\n'
    '    status: unverified\n'
    '    figure: "\\e]8;;https://e/\\e\\\\ [link=https://e/]x\\r\\n::error::fig"\n'
    '    "bad\\r\\n::error file=x,line=1::pwned%0A\\e[2J": 1\n'
)
PATHS = ("claims/a,b:c%.yaml", "claims/evil\n::error file=pwn::owned.yaml", "claims/esc\x1b[31m\u202e.yaml",
         "claims/x::warning::y.yaml")


@pytest.fixture
def broken_root(tmp_path):
    root = make_base(tmp_path, sources=SOURCES, files={"claims/hostile.yaml": CLAIMS})
    for p in PATHS:
        (root / p).write_text(BROKEN_CLAIM if p == PATHS[0] else "claims: 3\n", encoding="utf-8")
    return root


def _gh_unescape(s: str) -> str:
    return s.replace("%0D", "\r").replace("%0A", "\n").replace("%3A", ":").replace("%2C", ",").replace("%25", "%")


def test_validate_text_shows_hostile_ids_paths_and_fields_visibly(broken_root):
    base = open_base(broken_root)
    assert {d.path for d in base.diagnostics} == set(PATHS)
    r = cli(*R(broken_root), "validate")
    assert r.exit_code == 1
    assert_inert(r.stdout + r.stderr, "validate text")
    lines = r.stdout.splitlines()
    assert len(lines) == len(base.diagnostics) + 1  # no message or path breaks a line
    assert "claims/evil\\n::error file=pwn::owned.yaml:1:9: CC203" in r.stdout
    assert "claims/esc\\x1b[31m\\u202e.yaml:1:9:" in r.stdout
    assert "[bold]" in r.stdout and "[/x]" in r.stdout


def test_github_format_cannot_forge_a_workflow_command(broken_root):
    base = open_base(broken_root)
    r = cli(*R(broken_root), "validate", "--format", "github")
    assert r.exit_code == 1
    assert_inert(r.stdout, "validate github")
    lines = r.stdout.split("\n")
    assert lines[-1] == "" and len(lines) - 2 == len(base.diagnostics)
    cmd = re.compile(r"::(error|warning) ([^:]*)::(.*)")
    seen_paths = set()
    for line, d in zip(lines, base.diagnostics):
        m = cmd.fullmatch(line)
        assert m, line
        props = dict(p.split("=", 1) for p in m.group(2).split(","))
        assert set(props) <= {"file", "line", "col", "endLine", "endColumn", "title"}
        assert props["title"] == d.code and props["line"] == str(d.line) and props["col"] == str(d.column)
        assert "\r" not in m.group(3) and "\n" not in m.group(3)
        seen_paths.add(_gh_unescape(props["file"]))
    assert {"claims/a,b:c%.yaml", "claims/evil\n::error file=pwn::owned.yaml", "claims/x::warning::y.yaml"} <= seen_paths
    assert not lines[-2].startswith("::")  # the summary


def test_github_escaping_of_percent_cr_lf_colon_comma():
    from claimcheck.diagnostics import Diagnostic
    from claimcheck.render.diagnostics import Report, github

    d = Diagnostic("a,b:c%\r\n.yaml", 2, 3, "CC201", "100% bad\r\n::error::forged, a:b")
    out: list[str] = []
    github(Report(1, 0, 0, [d]), out.append, False)
    assert out[0] == ("::error file=a%2Cb%3Ac%25%0D%0A.yaml,line=2,col=3,title=CC201::"
                      "100%25 bad%0D%0A::error::forged, a:b\n")


def test_json_and_sarif_stay_valid_and_exact_whatever_the_text(broken_root):
    base = open_base(broken_root)
    doc_r = cli(*R(broken_root), "validate", "--format", "json")
    sarif_r = cli(*R(broken_root), "validate", "--format", "sarif")
    for r in (doc_r, sarif_r):
        assert r.exit_code == 1
        assert_inert(r.stdout, "validate json/sarif")  # C1 and bidi written as \\u escapes
    doc = json.loads(doc_r.stdout)
    assert [(d["path"], d["message"]) for d in doc["diagnostics"]] == [(d.path, d.message) for d in base.diagnostics]
    sarif = json.loads(sarif_r.stdout)
    results = sarif["runs"][0]["results"]
    assert [x["message"]["text"] for x in results] == [d.message for d in base.diagnostics]
    from urllib.parse import unquote

    assert [unquote(x["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]) for x in results] == \
        [d.path for d in base.diagnostics]


# --------------------------------------------------------------------------
# Machine output of the other commands: valid whatever the text holds
# --------------------------------------------------------------------------

FORMULA_START = ("=", "+", "-", "@")


def _need(cmd: str) -> None:
    if cmd not in registered():
        pytest.fail(f"command {cmd!r} is not registered on claimcheck.cli.app (not landed yet)")


@pytest.mark.parametrize("argv", [["claims", "--format", "json"], ["show", "gov-new", "--format", "json"],
                                  ["conflicts", "--format", "json"], ["conflicts", "--all", "--format", "json"],
                                  ["sources", "--format", "json"], ["source", "gov", "--format", "json"],
                                  ["bias", "--format", "json"]])
def test_json_outputs_parse_and_keep_the_text_exactly(argv, hostile_root):
    _need(argv[0])
    r = cli(*R(hostile_root), *argv)
    assert r.exit_code == 0
    doc = json.loads(r.stdout)
    if argv[0] in ("claims", "show"):
        assert STATEMENT in set(strings(doc))
    if argv[0] == "source":
        assert doc["name"] == short("Gov")


def strings(obj):
    """Every string in parsed JSON, keys included."""
    if isinstance(obj, str):
        yield obj
    elif isinstance(obj, dict):
        for k, v in obj.items():
            yield k
            yield from strings(v)
    elif isinstance(obj, list):
        for v in obj:
            yield from strings(v)


def _csv_rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_claims_csv_parses_and_keeps_text_exactly(hostile_root):
    _need("claims")
    r = cli(*R(hostile_root), "claims", "--format", "csv")
    assert r.exit_code == 0
    rows = {row["id"]: row for row in _csv_rows(r.stdout)}
    assert set(rows) == {"gov-old", "gov-new", "monitor-count", "rebels-count", "monitor-date"}
    assert rows["gov-new"]["statement"] == STATEMENT


def test_claims_csv_cells_cannot_run_as_spreadsheet_formulas(hostile_root):
    _need("claims")
    rows = _csv_rows(cli(*R(hostile_root), "claims", "--format", "csv").stdout)
    for row in rows:
        for k, v in row.items():
            assert not v.startswith(FORMULA_START), (row["id"], k, v[:30])
    by_id = {row["id"]: row for row in rows}
    assert by_id["monitor-count"]["statement"] == "'" + CLAIMS["claims"][2]["statement"]


def test_sources_csv_parses_and_guards_formulas(tmp_path):
    _need("sources")
    sources = yaml.safe_load(yaml.safe_dump(SOURCES))
    sources["sources"][3]["name"] = "=cmd|' /C calc'!A0"
    root = make_base(tmp_path, sources=SOURCES, files={"claims/hostile.yaml": CLAIMS})
    (root / "sources.yaml").write_text(yaml.safe_dump(sources, allow_unicode=True), encoding="utf-8")
    r = cli(*R(root), "sources", "--format", "csv")
    assert r.exit_code == 0
    rows = {row["id"]: row for row in _csv_rows(r.stdout)}
    assert rows["gov"]["name"] == short("Gov")
    assert rows["rebels"]["name"] == "'=cmd|' /C calc'!A0"


def test_export_csv_and_json_parse_keep_text_and_guard_formulas(hostile_root, tmp_path):
    _need("export")
    r = cli(*R(hostile_root), "export", "--format", "csv")
    assert r.exit_code == 0
    rows = {row["id"]: row for row in _csv_rows(r.stdout)}
    assert rows["gov-new"]["statement"] == STATEMENT
    assert rows["monitor-count"]["statement"] == "'" + CLAIMS["claims"][2]["statement"]
    for row in rows.values():
        assert not any(v.startswith(FORMULA_START) for v in row.values())
    statements = {c["statement"] for c in CLAIMS["claims"]}
    r = cli(*R(hostile_root), "export", "--format", "json")
    assert r.exit_code == 0
    assert statements <= set(strings(json.loads(r.stdout)))
    r = cli(*R(hostile_root), "export", "--format", "claimreview")
    assert r.exit_code in (0, 1)
    assert_inert(r.stderr, "export claimreview (stderr)")
    # Whatever reviews are written carry the statements exactly.
    assert all(x in statements for x in strings(json.loads(r.stdout)) if "statement[/x]" in x)


def test_add_prompts_list_known_sources_and_topics_inert(tmp_path, monkeypatch):
    """On a terminal, `add` asks for missing fields and lists the known
    sources and topics: their names and titles are hostile text too."""
    _need("add")
    import claimcheck.cli.authoring as authoring

    monkeypatch.setattr(authoring, "_interactive", lambda: True)
    root = make_base(tmp_path, sources=SOURCES, files={"claims/hostile.yaml": CLAIMS})
    r = cli(*R(root), "add", "--dry-run", input="A statement\ngov\ntown/killed\nunverified\n" + "\n" * 10)
    assert r.exit_code == 0, r.output
    assert_inert(r.stdout + r.stderr, "add prompts")
    assert "[bold]Gov[/x]\\x1b[1m\\u202e\\x9b" in r.stderr
    assert "[bold]topic title[/x] [link=https://evil.example/]L[/link] \\x1b[31mRED" in r.stderr


def test_every_json_output_escapes_terminal_controls(hostile_root):
    """JSON meant for scripts still reaches terminals: C1, DEL and bidi
    controls are written as \\u escapes (same data once parsed)."""
    import json as _json

    for args in (["claims", "--format", "json"], ["conflicts", "--all", "--format", "json"],
                 ["sources", "--format", "json"], ["bias", "--format", "json"],
                 ["export", "--format", "json"], ["export", "--format", "jsonl"]):
        r = cli(*R(hostile_root), *args)
        assert r.exit_code == 0, (args, r.output)
        assert not UNSAFE_RE.search(r.stdout), (args, UNSAFE_RE.search(r.stdout))
        if args[-1] == "jsonl":
            [_json.loads(line) for line in r.stdout.splitlines()]
        else:
            _json.loads(r.stdout)


# Id-shaped fields (topic, outlet, claimant) are only hostile in a base with
# errors: the model still carries the record, so every view must stay inert.
BROKEN_REFS = (
    "claims:\n"
    "  - id: refs-1\n"
    "    statement: fine\n"
    "    claimant: gov\n"
    '    topic: "esc\\e[31m\\u202e\\x9b[bold]t[/x]"\n'
    "    status: unverified\n"
    "    figure: 12\n"
    "    reported_by:\n"
    '      - outlet: "out\\e]8;;https://e/\\a\\u2066[/x]"\n'
    '        quote: "q\\e[2J"\n'
)

READ_ROWS = [r for r in HUMAN_ROWS if r.name in ("claims", "show", "conflicts", "sources", "source", "bias", "validate")]


@pytest.mark.parametrize("row", READ_ROWS, ids=[f"{i:02d}-{r.name}" for i, r in enumerate(READ_ROWS)])
def test_human_output_is_inert_on_a_base_with_hostile_ids(row, tmp_path):
    root = make_base(tmp_path, sources=SOURCES, files={"claims/hostile.yaml": CLAIMS})
    (root / "claims/refs.yaml").write_text(BROKEN_REFS, encoding="utf-8")
    argv = row.argv(root, tmp_path)
    r = cli(*argv)
    where = " ".join(safe(a) for a in argv)
    assert r.exit_code in (0, 1, 2), f"{where}: exit {r.exit_code}"
    assert_inert(r.stdout, f"{where} (stdout)")
    assert_inert(r.stderr, f"{where} (stderr)")


def test_source_profile_shows_hostile_topic_and_outlet_ids_visibly(tmp_path):
    root = make_base(tmp_path, sources=SOURCES, files={"claims/hostile.yaml": CLAIMS})
    (root / "claims/refs.yaml").write_text(BROKEN_REFS, encoding="utf-8")
    for argv in (["source", "gov"], ["show", "refs-1"], ["claims", "--claimant", "gov"], ["conflicts", "--all"]):
        r = cli(*R(root), *argv)
        assert_inert(r.stdout + r.stderr, " ".join(argv))
    r = cli(*R(root), "source", "gov")
    assert "\\x1b" in r.stdout and "[bold]" in r.stdout
