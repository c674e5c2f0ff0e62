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
