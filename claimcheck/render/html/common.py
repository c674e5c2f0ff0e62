"""Pieces several pages share: the stances' fills, a stance's chip, a
topic's conflict in words, a source's name as a link."""

from __future__ import annotations

import math

from ...report import Site, SourceRef
from .chart import COLOURS, Fill, stance_fills
from .escape import esc, page_link


def fills_of(site: Site) -> dict[str | None, Fill]:
    return stance_fills([(s.id, s.neutral) for s in site.stances.values()])


def stance_chip(stance: str | None, fills: dict[str | None, Fill]) -> str:
    """A stance's name after a square of its colour (the name is the signal;
    the colour, a class of the stylesheet, matches the charts)."""
    f = fills.get(stance, fills[None])
    return f'<span class="stance {colour_class(f.colour)}">{esc(stance) if stance else "unknown"}</span>'


def colour_class(colour: str) -> str:
    """The stylesheet's class for a chart colour (:func:`.layout.colour_rules`)."""
    return f"c{COLOURS.index(colour)}" if colour in COLOURS else "cn"


def severity_text(rep) -> str:
    """The most severe conflict of a topic: '2.02x apart', '45 days apart', 'against zero'."""
    top = next((p for p in rep.pairs if p.relation == "conflict"), None)
    if top is None:
        return ""
    if top.gap_days is not None:
        return f"{top.gap_days:,} days apart"
    if top.ratio is None or math.isinf(top.ratio):
        return "against zero"
    return f"{top.ratio:.2f}\u00d7 apart"


def source_link(here: str, ref: SourceRef, *, name: bool = True) -> str:
    """A source's name (or id) linked to its page where it has one."""
    text = ref.name if (name and ref.name) else ref.id
    return page_link(here, ref.page, text)
