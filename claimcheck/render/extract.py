"""The ``extract`` table: one row per draft (the JSON shape of
:mod:`claimcheck.records.drafts` in, a rich table out). Every string of the
report reaches rich through :func:`claimcheck.render.terminal.cell`."""

from __future__ import annotations

from rich import box
from rich.table import Table
from rich.text import Text

from .terminal import cell


def _interval(fig: dict) -> str:
    low, high = fig.get("low"), fig.get("high")

    def show(x) -> str:
        if x is None:
            return "open"
        if isinstance(x, float):
            return f"{x:,.2f}".rstrip("0").rstrip(".")
        return f"{x:,}" if isinstance(x, int) else str(x)

    if low == high:
        return show(low)
    return f"{show(low)}..{show(high)}"


def drafts_table(rows: list[dict], files: list[str] | None = None) -> Table:
    """Rows are draft records (``extract --format json`` objects)."""
    t = Table(box=box.SIMPLE_HEAD, pad_edge=False, expand=True, show_edge=False)
    t.add_column("line\nconf.", no_wrap=True, justify="right")
    t.add_column("figure", overflow="fold", max_width=16)
    t.add_column("claimant", overflow="fold", ratio=2, min_width=12)
    t.add_column("topic / as of", overflow="fold", min_width=16, max_width=32)
    t.add_column("statement", overflow="fold", ratio=3, min_width=20)
    for r in rows:
        fig = r.get("figure") or {}
        figure = cell(fig.get("text") or "")
        figure.append("\n")
        figure.append_text(cell(_interval(fig), "dim"))
        who = cell(r.get("claimant_name") or "-")
        who.append("\n")
        who.append_text(cell(r.get("claimant") or "(new source)", "dim"))
        topic = cell(r.get("topic") or "")
        topic.append("\n")
        topic.append_text(cell(r.get("as_of") or "-", "dim"))
        statement = cell(r.get("statement") or "")
        if r.get("hedges"):
            statement.append("\n")
            statement.append_text(cell("hedged: " + ", ".join(r["hedges"]), "yellow"))
        where = cell(f"{r.get('line')}:{r.get('column')}")
        where.append("\n")
        where.append_text(Text(f"{r.get('confidence', 0):.2f}", "dim"))
        t.add_row(where, figure, who, topic, statement)
    return t
