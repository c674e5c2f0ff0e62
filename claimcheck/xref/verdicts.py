"""Reviewers that disagree: the claims whose reviews give contradicting
verdicts (one reviewer rates the claim false, another true), as ``validate``
warns of them (CC509), ``show`` and ``conflicts --verdicts`` list them, and
the track records count them. The verdict of one rating is decided by
:mod:`claimcheck.schema.verdicts`."""

from __future__ import annotations

from dataclasses import dataclass
from fnmatch import fnmatchcase

from ..model import Base, Claim, Review
from ..schema.verdicts import contradicts


@dataclass(frozen=True, slots=True)
class VerdictDispute:
    """One claim whose reviewers contradict each other: the reviews on each
    side (``refuting``: verdict refuted; ``corroborating``: corroborated),
    and every review of the claim, as listed."""

    claim: Claim
    refuting: tuple[Review, ...]
    corroborating: tuple[Review, ...]

    @property
    def reviewers(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(r.reviewer for r in (*self.refuting, *self.corroborating)))


def dispute(claim: Claim) -> VerdictDispute | None:
    """The contradiction among ``claim``'s reviews, or None. Two reviews by
    one reviewer (a re-review) do not dispute each other."""
    revs = claim.reviews
    if len(revs) < 2:
        return None
    refuting = tuple(r for r in revs if r.verdict == "refuted")
    corroborating = tuple(r for r in revs if r.verdict == "corroborated")
    if not refuting or not corroborating:
        return None
    if not any(a.reviewer != b.reviewer for a in refuting for b in corroborating):
        return None
    return VerdictDispute(claim, refuting, corroborating)


def disputed_reviews(claim: Claim) -> list[Review]:
    """The reviews of ``claim`` that another reviewer contradicts."""
    revs = claim.reviews
    if len(revs) < 2:
        return []
    return [r for r in revs if any(o.reviewer != r.reviewer and contradicts(r.verdict, o.verdict) for o in revs)]


def verdict_disputes(base: Base, topic: str | None = None) -> list[VerdictDispute]:
    """Every claim whose reviewers contradict each other, in base order;
    ``topic`` (a glob) keeps those of matching topics."""
    out = []
    for c in base.claims.values():
        if not c.reviews or (topic is not None and not fnmatchcase(c.topic, topic)):
            continue
        d = dispute(c)
        if d is not None:
            out.append(d)
    return out


def describe(r: Review) -> str:
    """``politifact 'Pants on Fire!' (refuted)``: a review's reviewer, its
    rating as published, and the verdict read from it."""
    return f"{r.reviewer} {rating_text(r)} ({r.verdict})"


def rating_text(r: Review, quoted=repr) -> str:
    """The rating as published: ``'Mostly False' (2 of 1..6)``, ``'False'``,
    ``4 of 1..5``, or ``no rating``; ``quoted`` shows the text (a renderer
    passes typographic quotes)."""
    rt = r.rating
    scale = ""
    if rt.value is not None:
        lo = "?" if rt.worst is None else f"{rt.worst:g}"
        hi = "?" if rt.best is None else f"{rt.best:g}"
        scale = f"{rt.value:g} of {lo}..{hi}"
    if rt.name:
        return quoted(rt.name) + (f" ({scale})" if scale else "")
    return scale or "no rating"
