"""The report's charts as inline SVG: the range chart of a topic (one bar per
claim from its low to its high figure on one shared scale) and the chart of
a source's inflation factors.

Geometry is plain arithmetic here (:class:`Scale`, :func:`ticks`), tested
without a browser. Every chart has a ``<title>`` and a ``<desc>`` and sits
next to a table giving the same numbers; stances differ by colour *and*
pattern and are named in a legend and in each bar's label, so colour is
never the only signal. Open bounds are drawn as arrows running off the
plot; the best estimate is a dashed line named with its rule.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

from ...xref import iso
from ..scale import scale_is_log
from .escape import esc
from .format import value

WIDTH = 880
LABEL_W = 220  # row labels, right-aligned before the plot
RIGHT = 36  # room for an open bound's arrow
ROW_H = 24
BAR_H = 12
ARROW = 11
LABEL_CHARS = 30

#: Stance fills: colour-blind-safe colours (Okabe-Ito; bars are outlined, so
#: light ones still stand out) paired with a pattern each.
COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#8C6D1F", "#4D4D4D")
NEUTRAL = "#9A9A9A"
PATTERNS = ("solid", "diagonal", "dots", "horizontal", "back-diagonal", "vertical", "cross", "grid")


@dataclass(frozen=True, slots=True)
class Fill:
    """How a stance is drawn: a colour, a pattern, and the pattern's id in the SVG."""

    key: str
    colour: str
    pattern: str


def stance_fills(stances: Sequence[tuple[str, bool]]) -> dict[str | None, Fill]:
    """Stance id -> :class:`Fill`, from the vocabulary in order ((id, neutral)
    pairs): neutral stances are grey, the others take the colours in turn; the
    patterns go by place in the vocabulary. None (no known stance): grey, crossed."""
    out: dict[str | None, Fill] = {}
    k = 0
    for slot, (sid, neutral) in enumerate(stances):
        if neutral:
            colour = NEUTRAL
        else:
            colour = COLOURS[k % len(COLOURS)]
            k += 1
        out[sid] = Fill(f"s{slot}", colour, PATTERNS[slot % len(PATTERNS)])
    out[None] = Fill("sx", NEUTRAL, "cross")
    return out


#: What each pattern draws over its colour, in a 6x6 tile (white lines or dots).
_PATTERN_SVG = {
    "solid": "",
    "dots": '<circle cx="3" cy="3" r="1.3" fill="#fff"/>',
    "cross": '<path d="M0 0L6 6M6 0L0 6" stroke="#fff" stroke-width="1.2"/>',
    "grid": '<path d="M0 3H6M3 0V6" stroke="#fff" stroke-width="1.2"/>',
    "horizontal": '<path d="M0 3H6" stroke="#fff" stroke-width="1.5"/>',
    "vertical": '<path d="M3 0V6" stroke="#fff" stroke-width="1.5"/>',
    "diagonal": '<path d="M-1 1L1 -1M0 6L6 0M5 7L7 5" stroke="#fff" stroke-width="1.4"/>',
    "back-diagonal": '<path d="M-1 5L1 7M0 0L6 6M5 -1L7 1" stroke="#fff" stroke-width="1.4"/>',
}


def _pattern_def(fill: Fill, prefix: str) -> str:
    inner = _PATTERN_SVG[fill.pattern]  # every one of PATTERNS
    return (f'<pattern id="{prefix}-{fill.key}" width="6" height="6" patternUnits="userSpaceOnUse">'
            f'<rect width="6" height="6" fill="{fill.colour}"/>{inner}</pattern>')


# --------------------------------------------------------------------------
# scales
# --------------------------------------------------------------------------

_STEPS = (1, 2, 5)
_DATE_STEPS = (1, 2, 7, 14, 30, 61, 91, 182, 365, 730, 1826, 3652, 7305, 18262)


def nice_step(span: float, count: int = 6) -> float:
    """A step of 1, 2 or 5 times a power of ten giving about ``count`` steps over ``span``."""
    if span <= 0 or not math.isfinite(span):
        return 1.0
    raw = span / count
    p = 10 ** math.floor(math.log10(raw))
    for m in (*_STEPS, 10):
        if m * p >= raw:
            return m * p
    return 10 * p  # pragma: no cover


@dataclass(frozen=True, slots=True)
class Scale:
    """Values ``lo``..``hi`` onto x ``x0``..``x1``, linear or logarithmic."""

    lo: float
    hi: float
    log: bool
    x0: float
    x1: float
    kind: str = "number"

    def x(self, v: float) -> float:
        """The x of a value, clamped to the plot."""
        if self.log:
            v = max(v, self.lo)
            t = (math.log10(v) - math.log10(self.lo)) / (math.log10(self.hi) - math.log10(self.lo))
        else:
            t = (v - self.lo) / (self.hi - self.lo)
        return self.x0 + min(1.0, max(0.0, t)) * (self.x1 - self.x0)

    def below(self, v: float) -> bool:
        """Is ``v`` left of the plot (zero or less on a log scale)?"""
        return v < self.lo

    def ticks(self) -> list[float]:
        return ticks(self)


def make_scale(values: Sequence[float], x0: float, x1: float, *, kind: str | None = "number",
               log: bool | None = None) -> Scale:
    """A scale covering ``values`` (finite ones; None and infinities are
    left out), widened to round numbers. Logarithmic when they span more than
    a factor of ten and are positive (the terminal chart's rule), never for dates."""
    kind = kind or "number"
    vals = [v for v in values if v is not None and math.isfinite(v)]
    if not vals:
        vals = [0.0, 1.0]
    if kind == "date":
        log = False
    elif log is None:
        log = scale_is_log(vals)
    pos = [v for v in vals if v > 0]
    if log and pos:
        lo, hi = min(pos), max(pos)
        if lo == hi:
            lo, hi = lo / 2, hi * 2
        lo = _round_down_125(lo)
        hi = _round_up_125(hi)
        return Scale(lo, hi, True, x0, x1, kind)
    lo, hi = min(vals), max(vals)
    if kind == "date":
        if hi - lo < 2:
            lo, hi = lo - 3, hi + 3
        step = _date_step(hi - lo)
        lo = math.floor(lo / step) * step if step < 30 else lo
        hi = math.ceil(hi / step) * step if step < 30 else hi
        return Scale(lo, hi, False, x0, x1, kind)
    if lo == hi:
        pad = abs(lo) * 0.5 or 1.0
        lo, hi = lo - pad, hi + pad
        if min(vals) >= 0:
            lo = max(lo, 0.0)
    step = nice_step(hi - lo)
    nlo, nhi = math.floor(lo / step) * step, math.ceil(hi / step) * step
    if min(vals) >= 0:
        nlo = max(nlo, 0.0)
    return Scale(nlo, nhi, False, x0, x1, kind)


def _round_down_125(v: float) -> float:
    p = 10 ** math.floor(math.log10(v))
    for m in (5, 2, 1):
        if m * p <= v * (1 + 1e-9):
            return m * p
    return p


def _round_up_125(v: float) -> float:
    p = 10 ** math.floor(math.log10(v))
    for m in (1, 2, 5, 10):
        if m * p >= v * (1 - 1e-9):
            return m * p
    return 10 * p  # pragma: no cover


def _date_step(span: float) -> int:
    for s in _DATE_STEPS:
        if span / s <= 7:
            return s
    return _DATE_STEPS[-1]


def ticks(s: Scale) -> list[float]:
    """Tick values inside the scale: decades on a log scale (with 2 and 5
    between them when there are few), 1-2-5 steps on a linear one, and for
    dates steps of days, weeks, months or years."""
    eps = (s.hi - s.lo) * 1e-9
    if s.log:
        k0, k1 = math.floor(math.log10(s.lo)), math.ceil(math.log10(s.hi))
        decades = [10.0 ** k for k in range(k0, k1 + 1) if s.lo * (1 - 1e-9) <= 10.0 ** k <= s.hi * (1 + 1e-9)]
        if len(decades) >= 3:
            return decades
        out = [m * 10.0 ** k for k in range(k0, k1 + 1) for m in (1, 2, 5)]
        return [v for v in out if s.lo * (1 - 1e-9) <= v <= s.hi * (1 + 1e-9)]
    if s.kind == "date":
        step = _date_step(s.hi - s.lo)
        start = math.ceil(s.lo / step) * step
    else:
        step = nice_step(s.hi - s.lo)
        start = math.ceil((s.lo - eps) / step) * step
    out = []
    v = start
    while v <= s.hi + eps and len(out) < 50:
        out.append(round(v, 10))
        v += step
    return out


def tick_label(v: float, kind: str | None) -> str:
    if kind == "date":
        return iso(v)
    return value(v, kind)


def _num(x: float) -> str:
    """A coordinate, short."""
    return f"{x:.1f}".rstrip("0").rstrip(".")


def _label(text: str, n: int = LABEL_CHARS) -> str:
    return text if len(text) <= n else text[: n - 1] + "\u2026"


# --------------------------------------------------------------------------
# the range chart of a topic
# --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Bar:
    """One claim on the range chart."""

    label: str  # '#3 sohr'
    stance: str | None
    low: float
    high: float | None  # None: open above
    best: float | None
    detail: str  # the bar's tooltip: claimant, stance, figure as written, interval


@dataclass(frozen=True, slots=True)
class Marker:
    value: float
    label: str  # 'best estimate (conservative) 40'


def range_chart(bars: Sequence[Bar], *, kind: str | None, fills: dict[str | None, Fill],
                legend: Sequence[tuple[str | None, str]], marker: Marker | None, title: str, desc: str,
                chart_id: str = "range", unit: str | None = None) -> str:
    """The SVG of a topic's figures. ``legend``: (stance id, name) of the
    stances shown; ``marker``: the best estimate's line."""
    values: list[float] = []
    for b in bars:
        values += [b.low] + ([b.high] if b.high is not None else []) + ([b.best] if b.best is not None else [])
    if marker is not None:
        values.append(marker.value)
    s = make_scale(values, LABEL_W, WIDTH - RIGHT, kind=kind)
    legend_svg, legend_bottom = _legend(legend, fills, chart_id, marker is not None,
                                        bests=any(b.best is not None and (b.high is None or b.high > b.low)
                                                  for b in bars),
                                        opens=any(b.high is None for b in bars))
    plot_top = legend_bottom + (26 if marker is not None else 10)
    height = plot_top + len(bars) * ROW_H + 64
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {WIDTH} {height}" '
           f'width="{WIDTH}" height="{height}" role="img" aria-labelledby="{chart_id}-title {chart_id}-desc">',
           f'<title id="{chart_id}-title">{esc(title)}</title>', f'<desc id="{chart_id}-desc">{esc(desc)}</desc>']
    used = {b.stance for b in bars} | {sid for sid, _ in legend}
    out.append("<defs>" + "".join(_pattern_def(fills[st], chart_id) for st in fills if st in used) + "</defs>")
    out.append(legend_svg)
    # grid and axis
    axis_y = plot_top + len(bars) * ROW_H + 6
    out.append('<g class="axis">')
    for t in s.ticks():
        x = _num(s.x(t))
        out.append(f'<line x1="{x}" y1="{plot_top - 4}" x2="{x}" y2="{axis_y}" stroke="#e2e2e2"/>'
                   f'<text x="{x}" y="{axis_y + 16}" text-anchor="middle">{esc(tick_label(t, kind))}</text>')
    out.append(f'<line x1="{LABEL_W}" y1="{axis_y}" x2="{WIDTH - RIGHT}" y2="{axis_y}" stroke="#555"/>')
    scale_words = "log scale" if s.log else ("time" if kind == "date" else "linear scale")
    if unit and kind != "date":
        scale_words += f", {unit}"
    out.append(f'<text x="{LABEL_W}" y="{axis_y + 36}" class="muted">{esc(scale_words)}</text>')
    out.append("</g>")
    for n, b in enumerate(bars):
        out.append(_bar(b, s, plot_top + n * ROW_H, fills, chart_id))
    if marker is not None:
        x = _num(s.x(marker.value))
        mx = s.x(marker.value)
        anchor = "end" if mx > WIDTH - 200 else ("start" if mx < LABEL_W + 120 else "middle")
        out.append(f'<g class="best-estimate"><line x1="{x}" y1="{plot_top - 8}" x2="{x}" y2="{axis_y}" '
                   f'stroke="#111" stroke-width="2" stroke-dasharray="6 4"/>'
                   f'<text x="{x}" y="{plot_top - 12}" text-anchor="{anchor}" font-weight="bold">'
                   f'{esc(marker.label)}</text></g>')
    out.append("</svg>")
    return "".join(out)


def _legend(legend: Sequence[tuple[str | None, str]], fills: dict[str | None, Fill], prefix: str,
            best: bool, bests: bool = True, opens: bool = True) -> tuple[str, int]:
    """The legend's SVG and the y below it: each stance's swatch and name, then the marks."""
    out = ['<g class="legend">']
    x, y = 8, 16
    for sid, name in legend:
        f = fills.get(sid, fills[None])
        text = _label(name, 24)
        out.append(f'<rect x="{x}" y="{y - 10}" width="22" height="{BAR_H}" fill="url(#{prefix}-{f.key})" '
                   f'stroke="#1a1a1a"/><text x="{x + 28}" y="{y}">{esc(text)}</text>')
        x += 28 + 7 * len(text) + 18
        if x > WIDTH - 180:
            x, y = 8, y + 20
    y += 20 if x > 8 else 0
    c = y - 4

    def best_figure(x: int) -> str:
        return f'<polygon points="{x + 6},{c - 6} {x + 12},{c} {x + 6},{c + 6} {x},{c}" fill="#111" stroke="#fff"/>'

    def open_bound(x: int) -> str:
        return (f'<rect x="{x}" y="{c - 5}" width="8" height="10" fill="#777" stroke="#1a1a1a"/>'
                f'<polygon points="{x + 8},{c - 7} {x + 16},{c} {x + 8},{c + 7}" fill="#777" stroke="#1a1a1a"/>')

    def estimate(x: int) -> str:
        return (f'<line x1="{x + 6}" y1="{c - 7}" x2="{x + 6}" y2="{c + 7}" stroke="#111" stroke-width="2" '
                'stroke-dasharray="4 3"/>')

    items = []
    if bests:
        items.append((best_figure, "a claim's best figure"))
    if opens:
        items.append((open_bound, "open: no upper bound"))
    if best:
        items.append((estimate, "best estimate of the topic"))
    x = 8
    for shape, words in items:
        out.append(shape(x) + f'<text x="{x + 22}" y="{y}">{esc(words)}</text>')
        x += 22 + 7 * len(words) + 24
    out.append("</g>")
    return "".join(out), y + 8


def _arrow(base: float, tip: float, cy: float, fill: str) -> str:
    """An arrowhead from x ``base`` to x ``tip``: a bound the plot does not reach."""
    return (f'<polygon points="{_num(base)},{_num(cy - 8)} {_num(tip)},{_num(cy)} {_num(base)},{_num(cy + 8)}" '
            f'fill="{fill}" stroke="#1a1a1a"/>')


def _bar(b: Bar, s: Scale, y: float, fills: dict[str | None, Fill], prefix: str) -> str:
    f = fills.get(b.stance, fills[None])
    fill = f"url(#{prefix}-{f.key})"
    cy = y + ROW_H / 2
    top = cy - BAR_H / 2
    out = [f'<g class="bar"><title>{esc(b.detail)}</title>',
           f'<text x="{LABEL_W - 8}" y="{_num(cy + 4)}" text-anchor="end">{esc(_label(b.label))}</text>']
    open_low = s.below(b.low)
    xa = s.x(b.low)
    xb = s.x1 if b.high is None else s.x(b.high)
    point = not open_low and b.high is not None and xb - xa < 4  # a point, or nearly: its own best
    if point:
        xm = (xa + xb) / 2
        out.append(f'<circle cx="{_num(xm)}" cy="{_num(cy)}" r="7" fill="{fill}" stroke="#1a1a1a"/>')
    else:
        out.append(f'<rect x="{_num(xa)}" y="{_num(top)}" width="{_num(max(xb - xa, 1))}" height="{BAR_H}" '
                   f'fill="{fill}" stroke="#1a1a1a"/>')
        if b.high is None:  # open above: an arrow off the plot's right end
            out.append(_arrow(xb, xb + ARROW, cy, fill))
        if open_low:  # below a log scale's reach (zero): an arrow off its left end
            out.append(_arrow(xa, xa - ARROW, cy, fill))
    if b.best is not None and not point:
        x = s.x(b.best)
        out.append(f'<polygon points="{_num(x)},{_num(cy - 7)} {_num(x + 6)},{_num(cy)} {_num(x)},{_num(cy + 7)} '
                   f'{_num(x - 6)},{_num(cy)}" fill="#111" stroke="#fff" stroke-width="1.5"/>')
    out.append("</g>")
    return "".join(out)


# --------------------------------------------------------------------------
# a source's inflation factors
# --------------------------------------------------------------------------

NOTE_W = 250  # room right of the plot for each row's numbers
_UP = Fill("up", "#D55E00", "diagonal")
_DOWN = Fill("down", "#0072B2", "solid")


@dataclass(frozen=True, slots=True)
class FactorRow:
    """One inflation factor: of all a source's judged figures, or of those
    about one side. ``factor`` None: too few comparisons (``note`` says so)."""

    label: str
    factor: float | None
    low: float | None  # lowest and highest single ratio
    high: float | None
    note: str  # e.g. '12 comparisons, 15 figures'


def factor_scale(rows: Sequence[FactorRow]) -> Scale:
    """A log scale centred on 1.0 wide enough for every factor and ratio (at least 1/2 to 2)."""
    m = 2.0
    for r in rows:
        for v in (r.factor, r.low, r.high):
            if v is not None and v > 0 and math.isfinite(v):
                m = max(m, v, 1 / v)
    m *= 1.15
    return Scale(1 / m, m, True, LABEL_W, WIDTH - NOTE_W)


def factor_ticks(s: Scale) -> list[float]:
    """Powers of two (1/4, 1/2, 1, 2, 4...), or of ten when those are too many."""
    k = math.floor(math.log2(s.hi))
    if k <= 4:
        return [2.0 ** j for j in range(-k, k + 1)]
    k = math.floor(math.log10(s.hi))
    return [10.0 ** j for j in range(-k, k + 1)]


def factor_label(v: float) -> str:
    if v >= 1:
        return f"\u00d7{v:g}"
    return f"\u00d71/{1 / v:g}"


def factor_chart(rows: Sequence[FactorRow], *, title: str, desc: str, chart_id: str = "factors") -> str:
    """Bars from 1.0 (the reference) to each factor on a log scale, with the
    range of single ratios as a whisker and the counts beside each row."""
    s = factor_scale(rows)
    row_h = 30
    plot_top = 40
    height = plot_top + len(rows) * row_h + 58
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {WIDTH} {height}" '
           f'width="{WIDTH}" height="{height}" role="img" aria-labelledby="{chart_id}-title {chart_id}-desc">',
           f'<title id="{chart_id}-title">{esc(title)}</title>', f'<desc id="{chart_id}-desc">{esc(desc)}</desc>',
           "<defs>" + _pattern_def(_UP, chart_id) + _pattern_def(_DOWN, chart_id) + "</defs>"]
    out.append('<g class="legend">'
               f'<rect x="8" y="6" width="22" height="{BAR_H}" fill="url(#{chart_id}-up)" stroke="#1a1a1a"/>'
               '<text x="36" y="16">figures above the reference (striped)</text>'
               f'<rect x="300" y="6" width="22" height="{BAR_H}" fill="url(#{chart_id}-down)" stroke="#1a1a1a"/>'
               '<text x="328" y="16">figures below the reference (solid)</text>'
               '<line x1="590" y1="11" x2="616" y2="11" stroke="#333" stroke-width="1.5"/>'
               '<text x="622" y="16">range of single ratios</text></g>')
    axis_y = plot_top + len(rows) * row_h + 4
    out.append('<g class="axis">')
    for t in factor_ticks(s):
        x = _num(s.x(t))
        out.append(f'<line x1="{x}" y1="{plot_top - 4}" x2="{x}" y2="{axis_y}" stroke="#e2e2e2"/>'
                   f'<text x="{x}" y="{axis_y + 16}" text-anchor="middle">{esc(factor_label(t))}</text>')
    one = _num(s.x(1.0))
    out.append(f'<line x1="{LABEL_W}" y1="{axis_y}" x2="{WIDTH - NOTE_W}" y2="{axis_y}" stroke="#555"/>'
               f'<line x1="{one}" y1="{plot_top - 8}" x2="{one}" y2="{axis_y}" stroke="#111" stroke-width="1.5"/>'
               f'<text x="{LABEL_W}" y="{axis_y + 36}" class="muted">log scale; \u00d71 = the reference</text>')
    out.append("</g>")
    for n, r in enumerate(rows):
        cy = plot_top + n * row_h + row_h / 2
        what = factor_label_exact(r.factor) if r.factor is not None else "no factor"
        out.append(f'<g class="factor"><title>{esc(r.label)}: {esc(what)}; {esc(r.note)}</title>'
                   f'<text x="{LABEL_W - 8}" y="{_num(cy + 4)}" text-anchor="end">{esc(_label(r.label))}</text>')
        if r.factor is not None:
            xa, xb = s.x(1.0), s.x(r.factor)
            fill = f"url(#{chart_id}-{'up' if r.factor >= 1 else 'down'})"
            x0, w = min(xa, xb), max(abs(xb - xa), 1.5)
            out.append(f'<rect x="{_num(x0)}" y="{_num(cy - BAR_H / 2)}" width="{_num(w)}" height="{BAR_H}" '
                       f'fill="{fill}" stroke="#1a1a1a"/>')
            if r.low is not None and r.high is not None:
                la, lb = _num(s.x(r.low)), _num(s.x(r.high))
                out.append(f'<path d="M{la} {_num(cy)}H{lb}M{la} {_num(cy - 5)}V{_num(cy + 5)}M{lb} {_num(cy - 5)}'
                           f'V{_num(cy + 5)}" stroke="#333" stroke-width="1.5" fill="none"/>')
        text = (factor_label_exact(r.factor) + "  " if r.factor is not None else "") + r.note
        out.append(f'<text x="{WIDTH - NOTE_W + 12}" y="{_num(cy + 4)}">{esc(text)}</text></g>')
    out.append("</svg>")
    return "".join(out)


def factor_label_exact(v: float) -> str:
    return f"\u00d7{v:.3g}"
