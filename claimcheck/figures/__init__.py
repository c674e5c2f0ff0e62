"""Figures: what reports say ("more than 400", "dozens", "84%", "2017-11-09")
as intervals, and how two intervals compare. The phrase table is in
:mod:`.phrases`, the parser in :mod:`.parse`, comparisons in :mod:`.compare`;
``docs/figures.md`` explains every rule."""

from .dates import DATE_OPEN_LOW
from .compare import comparable, format_interval, gap_days, gap_ratio, in_conflict, overlaps, widened_high
from .parse import Figure, FigureError, ReversedFigure, format_number, parse_date, parse_figure
from .phrases import (
    ABOUT_TOLERANCE, ABSOLUTE_TOLERANCE, FEW_RANGE, JUST_TOLERANCE, MIN_CONFLICT_RATIO, NEARLY_TOLERANCE, PERCENT_MAX,
    PHRASES, SEVERAL_RANGE, PhraseRule,
)

__all__ = [
    "ABOUT_TOLERANCE", "ABSOLUTE_TOLERANCE", "DATE_OPEN_LOW", "FEW_RANGE", "JUST_TOLERANCE", "MIN_CONFLICT_RATIO", "NEARLY_TOLERANCE",
    "PERCENT_MAX", "PHRASES", "SEVERAL_RANGE", "Figure", "FigureError", "PhraseRule", "ReversedFigure", "comparable",
    "format_interval", "format_number", "gap_days", "gap_ratio", "in_conflict", "overlaps", "parse_date",
    "parse_figure", "widened_high",
]
