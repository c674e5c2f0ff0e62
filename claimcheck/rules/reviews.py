"""Fact-checkers' reviews of one claim that contradict each other (CC509)."""

from __future__ import annotations

from typing import Iterator

from ..diagnostics import WARNING, Diagnostic, define
from ..model import Base
from ..xref.verdicts import describe, dispute
from .position import claim_at

define("CC509", WARNING, "reviewers-disagree",
       "Two reviewers of one claim give contradicting verdicts (one rates it false, another true).")


def check_reviews(base: Base) -> Iterator[Diagnostic]:
    for c in base.claim_records:
        d = dispute(c)
        if d is None:
            continue
        against = ", ".join(describe(r) for r in d.corroborating)
        refuting = ", ".join(describe(r) for r in d.refuting)
        sides = {id(r) for r in (*d.refuting, *d.corroborating)}
        last = max(i for i, r in enumerate(c.reviews) if id(r) in sides)
        yield claim_at(base, c, ("reviews", last, "reviewer"), "CC509",
                       f"claim {c.id!r}: reviewers disagree: {refuting} against {against}")
