"""Verdicts and statuses: the tables that turn a claim's status into a
ClaimReview rating and a published rating back into a status
(``docs/interop.md`` shows them)."""

from __future__ import annotations

import re
from dataclasses import dataclass

SCHEMA_ORG = "https://schema.org"

# --- the status <-> rating tables -------------------------------------------

WORST_RATING = 1
BEST_RATING = 5


@dataclass(frozen=True)
class RatingOut:
    value: int
    name: str  # reviewRating.alternateName
    meaning: str


RATINGS: dict[str, RatingOut] = {
    "corroborated": RatingOut(5, "Corroborated", "independent sources confirm the claim"),
    "contested": RatingOut(3, "Contested", "credible sources dispute the claim"),
    "retracted": RatingOut(2, "Retracted", "the claimant withdrew the claim"),
    "refuted": RatingOut(1, "Refuted", "evidence shows the claim is false"),
}
"""Status -> reviewRating on a 1 (worst) .. 5 (best) scale: the reviewing statuses."""

NOT_REVIEWED: dict[str, str] = {
    "unverified": "not checked yet: there is no verdict to publish",
    "superseded": "replaced by a newer claim, which carries the review",
}
"""Statuses that are not exported as reviews, and why."""

# Rating text -> status, tried in this order on the lower-cased alternateName
# (first match wins; whole words, so "incorrect" is not "correct").
RATING_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("retracted", ("retracted", "withdrawn", "retraction")),
    ("contested", ("half true", "half-true", "mixed", "mixture", "partly true", "partly false",
                   "partially true", "partially false", "misleading", "missing context", "needs context",
                   "lacks context", "out of context", "exaggerated", "exaggeration", "disputed",
                   "contested", "one pinocchio", "two pinocchios", "cherry picks", "distorts the facts")),
    ("refuted", ("false", "mostly false", "pants on fire", "not true", "untrue", "incorrect",
                 "inaccurate", "wrong", "fake", "fabricated", "hoax", "debunked", "refuted", "baseless",
                 "bogus", "scam", "three pinocchios", "four pinocchios")),
    ("unverified", ("unverified", "not verified", "unproven", "unsubstantiated", "unsupported", "no evidence",
                    "not enough evidence", "insufficient evidence", "unconfirmed", "not confirmed",
                    "cannot be verified", "unverifiable", "research in progress")),
    ("corroborated", ("true", "mostly true", "correct", "accurate", "corroborated", "confirmed",
                      "verified", "geppetto checkmark")),
)
"""Rating text -> status, checked in order; a text that matches none falls back
to the numeric position (:func:`rating_to_status`)."""

_WORD_RES = tuple(
    (status, re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(w) for w in words) + r")(?![\w-])"))
    for status, words in RATING_WORDS
)

# Position of ratingValue between worstRating (0) and bestRating (1) -> status.
POSITION_REFUTED_MAX = 0.25  # at or below: refuted
POSITION_CORROBORATED_MIN = 0.75  # at or above: corroborated; in between: contested


def rating_to_status(name: str | None, value: float | None, best: float | None, worst: float | None) -> tuple[str, str]:
    """(status, how it was decided) for an incoming reviewRating.

    The text (``alternateName``) decides first, by :data:`RATING_WORDS`; else
    the position of ``ratingValue`` between ``worstRating`` (default 1) and
    ``bestRating`` (default 5): at most 0.25 refuted, at least 0.75
    corroborated, in between contested; else (no usable rating) unverified.
    """
    if name:
        text = " ".join(name.casefold().replace("\u2019", "'").split())
        for status, rx in _WORD_RES:
            if rx.search(text):
                return status, f"rating text {name!r}"
    if value is not None:
        lo = WORST_RATING if worst is None else worst
        hi = BEST_RATING if best is None else best
        if hi != lo and min(lo, hi) <= value <= max(lo, hi):
            pos = (value - lo) / (hi - lo)
            if pos <= POSITION_REFUTED_MAX:
                return "refuted", f"rating {value:g} on {lo:g}..{hi:g}"
            if pos >= POSITION_CORROBORATED_MIN:
                return "corroborated", f"rating {value:g} on {lo:g}..{hi:g}"
            return "contested", f"rating {value:g} on {lo:g}..{hi:g}"
    return "unverified", "no usable rating"


def rating_tables_markdown() -> str:
    """The two documented tables, as Markdown (``docs/interop.md`` shows them)."""
    out = ["| status | ratingValue (1..5) | alternateName | meaning |", "|---|---|---|---|"]
    for status, r in RATINGS.items():
        out.append(f"| `{status}` | {r.value} | {r.name} | {r.meaning} |")
    for status, why in NOT_REVIEWED.items():
        out.append(f"| `{status}` | not exported | | {why} |")
    out += ["", "| rating text containing (first row that matches wins) | status |", "|---|---|"]
    for status, words in RATING_WORDS:
        out.append(f"| {', '.join(words)} | `{status}` |")
    return "\n".join(out)
