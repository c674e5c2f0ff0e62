"""Numbers, intervals and ratios as the report's pages write them (plain
text: pass it through :func:`.escape.esc` like any other)."""

from __future__ import annotations

import math

from ...figures import Figure, format_interval, format_number
from ...xref import iso


def value(x: float | None, kind: str | None = "number") -> str:
    """A bound or estimate: '1,200', '84%', '2017-11-09'; 'open' for None."""
    if x is None or (isinstance(x, float) and math.isinf(x)):
        return "open"
    if kind == "date":
        return iso(x)
    return format_number(x) + ("%" if kind == "percent" else "")


def span(low: float | None, high: float | None, kind: str | None) -> str:
    """A topic's range: '12 to 500', or one value where both ends meet."""
    if low is not None and high is not None and low == high:
        return value(low, kind)
    return f"{value(low, kind)} to {value(high, kind)}"


def interval(f: Figure | None) -> str:
    return format_interval(f) if f is not None else ""


def ratio(x: float | None) -> str:
    """A ratio between figures: '2.02x'; 'from zero' for an infinite one."""
    if x is None:
        return ""
    if math.isinf(x):
        return "from zero"
    return f"{x:.2f}\u00d7"


def factor(x: float | None) -> str:
    """An inflation factor: '\u00d71.84'."""
    return "" if x is None else f"\u00d7{x:.3g}"


def share(n: int, total: int) -> str:
    return f"{100 * n / total:.0f}%" if total else ""


def plural(n: int, word: str, words: str | None = None) -> str:
    return f"{n:,} {word if n == 1 else (words or word + 's')}"
