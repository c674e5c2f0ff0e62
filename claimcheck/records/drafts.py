"""The shape of a draft in ``extract --format json`` (and the rows the
``extract`` table shows): exactly the fields of :data:`DRAFT_FIELDS`."""

from __future__ import annotations

from .claims import number

DRAFT_FIELDS = ("statement", "quote", "line", "column", "figure", "claimant", "claimant_name", "outlet", "as_of",
                "topic", "hedges", "confidence")


def draft_record(d) -> dict:
    """One :class:`claimcheck.extract.Draft` as a JSON-ready dict. ``figure``
    holds the phrase as written and the interval the figure grammar reads
    (dates as ISO dates; ``high: null`` is open above)."""
    kind = d.kind
    return {
        "statement": d.statement,
        "quote": d.quote,
        "line": d.line,
        "column": d.column,
        "figure": {"text": d.figure_text, "low": number(d.low, kind), "high": number(d.high, kind),
                   "best": number(d.best, kind)},
        "claimant": d.claimant,
        "claimant_name": d.claimant_name,
        "outlet": d.outlet,
        "as_of": d.as_of,
        "topic": d.topic,
        "hedges": list(d.hedges),
        "confidence": d.confidence,
    }
