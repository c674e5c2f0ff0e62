"""render.chart: shared scale, log switch, open bounds, best and marker."""

from __future__ import annotations

import io

from rich.console import Console
from rich.text import Text

from claimcheck.render.chart import interval_chart, scale_is_log


def draw(rows, **kw) -> list[str]:
    buf = io.StringIO()
    con = Console(file=buf, width=60, force_terminal=False, no_color=True, markup=False)
    con.print(interval_chart(rows, width=60, **kw))
    return buf.getvalue().splitlines()


def test_log_scale_only_when_span_exceeds_ten():
    assert scale_is_log([12, 99, 200, 500])
    assert not scale_is_log([100, 900])
    assert not scale_is_log([0, 5])  # zeros do not count towards the span


def test_bars_share_one_scale_and_open_bound_reaches_the_edge():
    lines = draw([(Text("a"), 0, 50, None, ""), (Text("b"), 50, 100, 75, ""), (Text("c"), 100, None, None, "")], log=False)
    a, b, c = lines[:3]
    bar = 10  # label column (9) + space
    assert a[bar] == "━" and a.rstrip()[-1] == "━"
    assert b.index("━") == len(a.rstrip()) - 1  # b starts where a ends (50)
    assert "◆" in b
    assert c.rstrip().endswith("▶")
    assert "linear" in lines[4] and "0" in lines[4] and "100" in lines[4]


def test_marker_column_and_label():
    lines = draw([(Text("a"), 10, 20, None, ""), (Text("b"), 300, 400, None, "")], marker=100)
    assert "log scale" in lines[3]
    assert "│" in lines[0] or "│" in lines[1]
    assert lines[-1].strip() == "▲ best 100"


def test_point_figures_draw_a_dot_and_labels_truncate():
    lines = draw([(Text("a-very-long-label-that-goes-on-and-on-and-on"), 5, 5, None, "")], log=False, label_width=12)
    assert "●" in lines[0] and lines[0].startswith("a-very-long…")
