"""Every check between records, in the order they run, and the registry of
every diagnostic code (the loader's and the rules')."""

from __future__ import annotations

from ..diagnostics import CODES, Code, Diagnostic
from ..load import strict  # noqa: F401  (defines the reading codes, CC1xx)
from ..model import Base
from . import records  # noqa: F401  (defines the codes of one record's shape)
from .dates import check_dates
from .evidence import check_evidence
from .ignore import check_ignores
from .references import check_claim_refs, check_duplicate_ids, check_source_refs
from .reviews import check_reviews
from .revisions import check_revisions
from .topics import check_topic_kinds, check_topics

CHECKS = (
    check_duplicate_ids,
    check_source_refs,
    check_claim_refs,
    check_topics,
    check_revisions,
    check_topic_kinds,
    check_dates,
    check_evidence,
    check_reviews,
    check_ignores,
)


def check_base(base: Base) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    for check in CHECKS:
        out.extend(check(base))
    return out


def all_codes() -> dict[str, Code]:
    """Every diagnostic code, sorted."""
    return dict(sorted(CODES.items()))
