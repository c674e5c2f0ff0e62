"""When a chart's scale is logarithmic: one rule for the terminal chart
(:mod:`.chart`) and the HTML report's SVG charts (:mod:`.html.chart`)."""

from __future__ import annotations

import math
from typing import Sequence

LOG_SPAN = 10.0  # a span wider than this factor gets a logarithmic scale


def scale_is_log(values: Sequence[float]) -> bool:
    """True when the positive values span more than LOG_SPAN."""
    pos = [v for v in values if v > 0 and math.isfinite(v)]
    return bool(pos) and max(pos) / min(pos) > LOG_SPAN
