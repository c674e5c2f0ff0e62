"""schema.org ClaimReview: claims out as JSON-LD (:mod:`.export`), feeds in
(:mod:`.feed`, then :mod:`.plan`), verdicts and statuses (:mod:`.ratings`).
``docs/interop.md`` describes the mapping. Pure core: no typer, no rich, no
file writing."""

from .export import REQUIRED, build_claim_review, build_review, data_feed, dumps_feed, dumps_jsonld, export_reviews, required_problem
from .feed import MAX_FEED_BYTES, ImportProblem, Review, parse_feed
from .plan import UNRATED, UNRATED_DESCRIPTION, ImportPlan, PlannedAddition, PlannedClaim, identity, plan_import
from .ratings import BEST_RATING, NOT_REVIEWED, RATING_WORDS, RATINGS, WORST_RATING, rating_tables_markdown, rating_to_status

__all__ = [
    "BEST_RATING", "MAX_FEED_BYTES", "NOT_REVIEWED", "RATINGS", "RATING_WORDS", "REQUIRED", "UNRATED",
    "UNRATED_DESCRIPTION", "WORST_RATING", "ImportPlan", "ImportProblem", "PlannedAddition", "PlannedClaim", "Review",
    "build_claim_review", "build_review", "data_feed",
    "dumps_feed", "dumps_jsonld", "export_reviews", "identity", "parse_feed", "plan_import", "rating_tables_markdown",
    "rating_to_status", "required_problem",
]
