"""Every check between records, in the order they run, and the registry of
every diagnostic code (the loader's and the rules')."""

from __future__ import annotations

from typing import Callable

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


def check_base(base: Base, early: Callable[[Base, list[Diagnostic]], None] | None = None) -> list[Diagnostic]:
    """Every check's diagnostics, in the order of :data:`CHECKS`. With
    ``early``, the CC505 check (most of the diagnostics of a real base) runs
    first and ``early(base, its diagnostics)`` is called before the others
    run (``validate`` starts placing them meanwhile); the result is the same."""
    done: dict = {}
    if early is not None:
        done[check_evidence] = check_evidence(base)
        early(base, done[check_evidence])
    out: list[Diagnostic] = []
    for check in CHECKS:
        out.extend(done[check] if check in done else check(base))
    return out


def all_codes() -> dict[str, Code]:
    """Every diagnostic code, sorted."""
    return dict(sorted(CODES.items()))
