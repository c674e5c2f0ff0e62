"""Shared pieces for output meant for people: a safe rich console, safe cells,
and the colour of each stance.

Every piece of untrusted text goes to rich through :func:`cell` (a ``Text``,
never markup) after :func:`claimcheck.text.safe`; the console itself is
made with markup, emoji and highlighting off as a second guard.
Import this module only inside commands: it imports rich.
"""

from __future__ import annotations

import os
import sys

from rich.console import Console
from rich.text import Text

from ..text import safe

# Colours given to stances in vocabulary order; neutral stances are white.
PALETTE = ("red", "green", "blue", "magenta", "yellow", "cyan", "bright_red", "bright_green", "bright_blue", "bright_magenta")


def console(stderr: bool = False) -> Console:
    """A console that colours only on a terminal and honours NO_COLOR.
    Off a terminal it writes plain text (no escape codes) at a fixed width
    ($COLUMNS, else 100) so piped output is stable."""
    stream = sys.stderr if stderr else sys.stdout
    no_color = bool(os.environ.get("NO_COLOR"))
    force = bool(os.environ.get("FORCE_COLOR")) and not no_color
    is_tty = False
    try:
        is_tty = stream.isatty()
    except (AttributeError, ValueError):
        pass
    width = None
    if not is_tty or force:
        try:
            width = int(os.environ.get("COLUMNS", "100"))
        except ValueError:
            width = 100
    return Console(
        file=stream,
        markup=False,
        emoji=False,
        highlight=False,
        no_color=no_color,
        force_terminal=True if force else (None if is_tty else False),
        width=width,
        soft_wrap=False,
        legacy_windows=False,
    )


def cell(text: object, style: str | None = None) -> Text:
    """Untrusted text as a rich ``Text``: never parsed as markup, control
    characters shown as escapes."""
    if text is None:
        return Text("")
    return Text(safe(text), style=style or "")


def fit_columns(table, width: int) -> None:
    """Give each column of ``table`` a fixed width so that the table fits
    ``width`` by wrapping cells at their spaces only, the widest columns
    narrowed first: an id, a date or an interval is never cut across lines.
    Where even that cannot fit, rich's own layout (which cuts words) is left
    to decide. Cells must be text."""
    from rich.cells import cell_len

    cols = table.columns
    n = len(cols)
    if not n:
        return
    if table.collapse_padding:
        return  # rich versions count collapsed padding differently: leave it to rich
    _, right, _, left = table.padding
    pads = 0
    for i in range(n):
        pads += (0 if not table.pad_edge and i == 0 else left) + (0 if not table.pad_edge and i == n - 1 else right)
    extra = (n - 1 + (2 if table.show_edge else 0)) if table.box else 0
    room = width - extra - pads
    longest: list[int] = []
    floor: list[int] = []
    for c in cols:
        texts = [c.header, *c.cells]
        if not all(isinstance(t, (str, Text)) for t in texts):
            return
        lines = [ln for t in texts for ln in (t.plain if isinstance(t, Text) else t).split("\n")]
        longest.append(max([cell_len(ln) for ln in lines] + [1]))
        words = max([cell_len(w) for ln in lines for w in ln.split()] + [1])
        floor.append(longest[-1] if c.no_wrap else words)
    excess = sum(longest) - room
    if excess <= 0:
        return
    widths = list(longest)
    while excess > 0:
        i = max(range(n), key=lambda k: (widths[k] > floor[k], widths[k]))
        if widths[i] <= floor[i]:
            return  # no layout keeps every word whole
        widths[i] -= 1
        excess -= 1
    for c, w in zip(cols, widths):
        c.width = w


def stance_styles(base) -> dict[str, str]:
    """Stance id -> rich style, stable for a base (vocabulary order)."""
    out: dict[str, str] = {}
    i = 0
    for sid, st in base.stances.items():
        if st.neutral:
            out[sid] = "bold white"
        else:
            out[sid] = PALETTE[i % len(PALETTE)]
            i += 1
    return out
