"""A horizontal interval-bar chart on one shared scale, for a terminal.

One bar per row from its low to its high (``━``; a point is ``●``, an open
upper bound runs to the right edge and ends in ``▶``, an open lower bound, a
low of None, from the left edge after ``◀``), the row's best value as
``◆``, and an optional marker value drawn as a ``│`` column through every row
(the best estimate in ``conflicts``; 1.0 in the bias chart). The scale is
logarithmic when the values span more than a factor of ten (``log=None``), or
as forced. Labels arrive as rich ``Text`` (made with
:func:`claimcheck.render.terminal.cell`); nothing here parses markup. Off a
terminal the console prints the same characters with no escape codes.
"""

from __future__ import annotations

import math
from typing import Callable, Sequence

from rich.console import Group
from rich.text import Text

from .scale import LOG_SPAN, scale_is_log  # noqa: F401 (LOG_SPAN: this module's public name too)

Row = tuple  # (label: Text, low: float | None, high: float | None, best: float | None, style: str)


def _fmt(x: float) -> str:
    if x >= 1e6 and x % 1e5 == 0:
        return f"{x / 1e6:g}M"
    if float(x).is_integer():
        return f"{int(x):,}"
    return f"{x:,.2f}".rstrip("0").rstrip(".")


def interval_chart(
    rows: Sequence[Row],
    *,
    log: bool | None = None,
    marker: float | None = None,
    width: int = 80,
    fmt: Callable[[float], str] | None = None,
    marker_label: str = "best",
    label_width: int | None = None,
) -> Group:
    """The chart as a rich renderable (a Group of Text lines)."""
    fmt = fmt or _fmt
    values: list[float] = []
    for _, low, high, best, _ in rows:
        if low is not None:
            values.append(low)
        if high is not None:
            values.append(high)
        if best is not None:
            values.append(best)
    if marker is not None:
        values.append(marker)
    values = [v for v in values if v is not None and math.isfinite(v)]
    if not rows or not values:
        return Group(Text("(no figures to chart)"))
    lo, hi = min(values), max(values)
    if log is None:
        log = scale_is_log(values)
    pos_vals = [v for v in values if v > 0]
    if log and not pos_vals:
        log = False
    floor = min(pos_vals) if log else lo

    def t(v: float) -> float:
        if log:
            return math.log10(max(v, floor))
        return v

    t_lo, t_hi = t(lo if not log else max(lo, floor)), t(hi)
    span = (t_hi - t_lo) or 1.0

    lw = label_width if label_width is not None else min(max((len(r[0].plain) for r in rows), default=0), 28)
    lw = max(lw, 9)  # room for 'log scale'
    bar_w = max(width - lw - 1, 12)
    open_w = bar_w - 1  # the last column is kept for the open-ended arrow

    def col(v: float) -> int:
        return max(0, min(open_w - 1, round((t(v) - t_lo) / span * (open_w - 1))))

    mcol = col(marker) if marker is not None else None
    lines: list[Text] = []
    for label, low, high, best, style in rows:
        chars = [" "] * bar_w
        styles: list[str | None] = [None] * bar_w
        a = 0 if low is None else col(low)
        b = bar_w - 1 if high is None else col(high)
        for i in range(a, b + 1):
            chars[i], styles[i] = "━", style
        if high is None:
            chars[bar_w - 1] = "▶"
        elif a == b and low is not None:
            chars[a] = "●"
        if low is None:
            chars[0] = "◀"
        if best is not None:
            k = col(best)
            chars[k], styles[k] = "◆", style
        if mcol is not None and chars[mcol] == " ":
            chars[mcol], styles[mcol] = "│", "bold"
        line = Text()
        lab = label.copy()
        lab.truncate(lw, overflow="ellipsis")
        lab.pad_right(lw - len(lab.plain))
        line.append_text(lab)
        line.append(" ")
        run, run_style = "", styles[0]
        for ch, st in zip(chars, styles):
            if st != run_style and run:
                line.append(run, style=run_style or "")
                run = ""
            run_style = st
            run += ch
        if run:
            line.append(run, style=run_style or "")
        lines.append(line)

    # Axis: low and high of the scale, and the marker's value under its column.
    axis = [" "] * bar_w
    left, right = fmt(lo), fmt(hi)
    axis[: len(left)] = list(left)
    if len(right) < bar_w - len(left) - 1:
        start = open_w - len(right)
        axis[start: start + len(right)] = list(right)
    lines.append(Text(" " * (lw + 1) + "└" + "─" * (bar_w - 2) + "┘"))
    lines.append(Text(("log scale" if log else "linear").ljust(lw)[:lw] + " " + "".join(axis).rstrip()))
    if mcol is not None:
        label = f"▲ {marker_label} {fmt(marker)}"
        start = max(0, min(mcol, bar_w - len(label)))
        lines.append(Text(" " * (lw + 1 + start) + label))
    return Group(*lines)
