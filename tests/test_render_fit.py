"""fit_columns: a table narrowed by wrapping cells at their spaces, so that ids
are never cut across lines; rich's own layout where nothing else fits."""

from __future__ import annotations

import io
from pathlib import Path

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text
from typer.testing import CliRunner

from claimcheck.cli import app
from claimcheck.render.terminal import fit_columns

ROOT = Path(__file__).resolve().parents[1]


def _render(table: Table, width: int) -> str:
    out = io.StringIO()
    Console(file=out, width=width, no_color=True, force_terminal=False).print(table)
    return out.getvalue()


def _table(rows) -> Table:
    t = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False, padding=(0, 1, 0, 0))
    for name in ("claimant", "figure", "outlets"):
        t.add_column(name, overflow="fold")
    for row in rows:
        t.add_row(*(Text(c) for c in row))
    return t


def test_ids_stay_whole_when_the_words_can_wrap():
    rows = [("unattributed-claimant", "a few hundred and more", "long-war-journal, global-research")]
    plain = _render(_table(rows), 60)
    assert "unattributed-claimant" not in plain or "global-research" not in plain  # rich alone cuts something
    t = _table(rows)
    fit_columns(t, 60)
    out = _render(t, 60)
    assert all(len(line) <= 60 for line in out.splitlines())
    for word in ("unattributed-claimant", "long-war-journal,", "global-research", "hundred"):
        assert word in out.split(), word


def test_a_table_that_fits_is_left_alone():
    t = _table([("isis", "dozens", "amaq")])
    fit_columns(t, 80)
    assert [c.width for c in t.columns] == [None, None, None]


def test_where_no_layout_keeps_words_whole_rich_decides():
    t = _table([("x" * 40, "y" * 40, "z" * 40)])
    fit_columns(t, 80)
    assert [c.width for c in t.columns] == [None, None, None]


def test_conflicts_at_80_columns_cuts_no_id_of_the_russian_toll():
    env = {"COLUMNS": "80", "NO_COLOR": "1", "GITHUB_ACTIONS": "", "FORCE_COLOR": ""}
    r = CliRunner().invoke(app, ["--root", str(ROOT), "conflicts"], env=env)
    assert r.exit_code == 0, r.output
    words = r.stdout.split()
    for word in ("unattributed", "pompeo", "long-war-journal", "coalition", "[200..500]"):
        assert word in words, word
    assert all(len(line.rstrip()) <= 80 for line in r.stdout.splitlines())


def test_ids_wrap_at_their_hyphens_where_whole_words_cannot_fit():
    from claimcheck.render.terminal import HYPHEN

    rows = [("hezbollah-social-media-saa-gains", "a few", "pro-regime-outlet-unnamed")]
    t = _table(rows)
    fit_columns(t, 30)
    assert [c.width for c in t.columns] == [None, None, None]  # no whole-word layout: rich alone
    t = _table(rows)
    fit_columns(t, 30, breaks={0: HYPHEN, 2: HYPHEN})
    out = _render(t, 30)
    assert all(len(line.rstrip()) <= 30 for line in out.splitlines())
    cells = [line[:line.index(" ")] if " " in line else line for line in out.splitlines()[2:]]
    assert "".join(cells) == "hezbollah-social-media-saa-gains"  # the first column, cut at hyphens only
    assert all(c.endswith("-") for c in cells[:-1])


def test_dates_break_only_where_breaking_ids_is_not_enough():
    from claimcheck.render.terminal import HYPHEN

    def table():
        return _table([("mike-whitney", "2015-09-30", "global-research")])

    t = table()
    fit_columns(t, 34, breaks={0: HYPHEN, 2: HYPHEN}, last={1: HYPHEN})
    assert "2015-09-30" in _render(t, 34).split()  # the ids gave way
    t = table()
    fit_columns(t, 20, breaks={0: HYPHEN, 2: HYPHEN}, last={1: HYPHEN})
    assert "2015-09-30" not in _render(t, 20).split()


def test_a_fill_column_takes_the_width_left_over():
    t = _table([("isis", "dozens", "a statement of several words")])
    fit_columns(t, 60, fill=2)
    assert [c.width for c in t.columns][:2] == [8, 6]
    assert max(len(line) for line in _render(t, 60).splitlines()) == 60
