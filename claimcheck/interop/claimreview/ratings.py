"""Verdicts and statuses: the table that turns a claim's status into this
base's own ClaimReview rating, and (from :mod:`claimcheck.schema.verdicts`)
the verdict table that reads a published rating back as a status."""

from __future__ import annotations

from dataclasses import dataclass

from ...schema.verdicts import VERDICT_WORDS, verdict, verdict_table_markdown

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

#: Rating text -> status (the verdict table of :mod:`claimcheck.schema.verdicts`).
RATING_WORDS = VERDICT_WORDS


def rating_to_status(name: str | None, value: float | None, best: float | None, worst: float | None) -> tuple[str, str]:
    """(status, how it was decided) for an incoming reviewRating, by the
    verdict table (:func:`claimcheck.schema.verdicts.verdict`): the text
    decides; a rating without text is placed on its scale; a text the table
    does not know gives ``unverified``."""
    v = verdict(name, value, best, worst)
    return v.status, v.how


def rating_tables_markdown() -> str:
    """The two documented tables, as Markdown (``docs/reviews.md`` shows them)."""
    out = ["| status | ratingValue (1..5) | alternateName | meaning |", "|---|---|---|---|"]
    for status, r in RATINGS.items():
        out.append(f"| `{status}` | {r.value} | {r.name} | {r.meaning} |")
    for status, why in NOT_REVIEWED.items():
        out.append(f"| `{status}` | not exported | | {why} |")
    out += ["", verdict_table_markdown()]
    return "\n".join(out)
