"""Shared pieces for output meant for people: a safe rich console, safe cells,
and the colour of each stance.

Every piece of untrusted text goes to rich through :func:`cell` (a ``Text``,
never markup) after :func:`claimcheck.text.safe`; the console itself is
made with markup, emoji and highlighting off as a second guard.
Import this module only inside commands: it imports rich.
"""

from __future__ import annotations

import os
import re
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


#: Where a word of a column may break when nothing else fits: after an id's
#: hyphen, after an interval's "..".
HYPHEN = "-"
RANGE = ".."


def fit_columns(table, width: int, *, soft: dict[int, str] | None = None, breaks: dict[int, str] | None = None,
                last: dict[int, str] | None = None, fill: int | None = None,
                caps: dict[int, int] | None = None) -> None:
    """Give each column of ``table`` a fixed width so that the table fits
    ``width``, the widest columns narrowed first, in three steps, each taken
    only where the one before cannot fit:

    1. cells wrap at their spaces, and after the string ``soft`` gives their
       column (column index -> string: an interval's :data:`RANGE`);
    2. a word of a column of ``breaks`` also breaks after that string (an
       id's :data:`HYPHEN`), the rest of the word on the next line of its cell;
    3. so does a word of a column of ``last`` (a date after its hyphens).

    An id, a date or an interval is thus never cut elsewhere; where even step
    3 cannot fit, rich's own layout (which cuts words) is left to decide.
    ``fill``: a column that takes the width left over (a statement);
    ``caps``: column index -> the widest a column of ``breaks`` may be.
    Cells must be text."""
    from rich.cells import cell_len

    soft = soft or {}
    breaks = {**soft, **(breaks or {})}
    last = last or {}
    caps = caps or {}
    cols = table.columns
    n = len(cols)
    if not n:
        return
    if table.collapse_padding:
        return  # rich versions count collapsed padding differently: leave it to rich
    _, right, _, left = table.padding
    pad = [(0 if not table.pad_edge and i == 0 else left) + (0 if not table.pad_edge and i == n - 1 else right)
           for i in range(n)]
    pads = sum(pad)
    extra = (n - 1 + (2 if table.show_edge else 0)) if table.box else 0
    room = width - extra - pads
    longest: list[int] = []
    whole: list[int] = []  # the longest word
    piece: list[int] = []  # the longest piece of a word broken where `breaks` allows
    late: list[int] = []  # ... where `breaks` or `last` allows
    for i, c in enumerate(cols):
        texts = [c.header, *c.cells]
        if not all(isinstance(t, (str, Text)) for t in texts):
            return
        lines = [ln for t in texts for ln in (t.plain if isinstance(t, Text) else t).split("\n")]
        words = [w for ln in lines for w in ln.split()]
        longest.append(max([cell_len(ln) for ln in lines] + [1]))
        after = soft.get(i)
        whole.append(longest[-1] if c.no_wrap and not after else
                      max([cell_len(p) for w in words for p in _pieces(w, after)] + [1]))
        after = breaks.get(i)  # a column that does not wrap may still break there
        piece.append(max([cell_len(p) for w in words for p in _pieces(w, after)] + [1]) if after else whole[-1])
        after = last.get(i)
        late.append(max([cell_len(p) for w in words for p in _pieces(w, after)] + [1]) if after else piece[-1])
    widths = [max(min(longest[i], caps.get(i, longest[i])), piece[i]) for i in range(n)]
    if fill is not None:
        widths[fill] = piece[fill]
    excess = sum(widths) - room
    if excess <= 0 and fill is None and widths == longest:
        return
    for floor in ([min(f, w) for f, w in zip(whole, widths)], [min(f, w) for f, w in zip(piece, widths)],
                  [min(f, w) for f, w in zip(late, widths)]):
        while excess > 0:
            shrinkable = [k for k in range(n) if k != fill and widths[k] > floor[k]]
            if not shrinkable:
                break
            i = max(shrinkable, key=lambda k: widths[k])
            widths[i] -= 1
            excess -= 1
    if excess > 0:
        return  # no layout keeps every word whole
    if fill is not None:
        widths[fill] -= excess  # the width left over
    for i, (c, w) in enumerate(zip(cols, widths)):
        # rich 13 lays out a column of fixed width with the padding pad_edge
        # leaves out, and draws its text in that room too: give it less
        counted = getattr(table, "_get_padding_width", lambda k: pad[k])(i)
        c.width = max(1, w - (counted - pad[i]))
        after = breaks.get(i) or last.get(i)
        if after and w < longest[i]:
            c._cells[:] = [_break_cell(t if isinstance(t, Text) else Text(t), w, after) for t in c._cells]


def _pieces(word: str, after: str | None) -> list[str]:
    """``word`` cut after each ``after`` in it (the ``after`` kept at the end of its piece)."""
    if not after or after not in word:
        return [word]
    parts = word.split(after)
    return [p for p in [*(q + after for q in parts[:-1]), parts[-1]] if p]


def _break_cell(text: Text, width: int, after: str) -> Text:
    """``text`` with its lines broken to ``width``: at spaces, and a word
    longer than a line after an ``after`` in it, its rest on the next line."""
    from rich.cells import cell_len

    plain = text.plain
    spans: list[tuple[int, int]] = []  # (start, end) of each line to show
    offset = 0
    for raw in plain.split("\n"):
        start, end = None, None
        for m in re.finditer(r"\S+", raw):
            ws, we = offset + m.start(), offset + m.end()
            if start is not None and cell_len(plain[start:we]) <= width:
                end = we
                continue
            if cell_len(plain[ws:we]) <= width:
                if start is not None:
                    spans.append((start, end))
                start, end = ws, we
                continue
            p = ws
            for part in _pieces(plain[ws:we], after):
                pe = p + len(part)
                if start is not None and cell_len(plain[start:pe]) <= width:
                    end = pe
                else:
                    if start is not None:
                        spans.append((start, end))
                    start, end = p, pe
                p = pe
        spans.append((start, end) if start is not None else (offset, offset))
        offset += len(raw) + 1
    out = Text("\n").join(text[s:e] for s, e in spans)
    out.no_wrap, out.overflow, out.justify = text.no_wrap, text.overflow, text.justify
    return out


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
