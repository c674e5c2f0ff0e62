"""What the bias commands show of one source or one claimant's claims, decided
here so that renderers only lay it out: each claim's deviation (its ratio to
the reference, or why it has none), the outlets that carried a claimant, the
claimants an outlet carries, and the claimants under each stance."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ..model import Base, Claim
from .compare import Comparison, Deviation, about_class, judged
from .report import BiasReport
from ..schema.verdicts import contradicts
from .track import VERDICT_KEYS, Record

#: Why a claim has no ratio to a reference (:attr:`ClaimDeviation.reason`).
NOT_COMPARED = ("superseded", "no-reference", "no-figure", "date", "unknown-claimant", "no-best")


@dataclass(frozen=True, slots=True)
class ClaimDeviation:
    """One claim against its reference: ``comparison``, or the ``reason``
    (one of :data:`NOT_COMPARED`) it has none."""

    claim: Claim
    stance: str | None
    about_class: str
    comparison: Comparison | None
    reason: str | None


def claim_deviation(base: Base, report: BiasReport, c: Claim) -> ClaimDeviation:
    st = base.stance_of(c.claimant)
    comp = report.comparisons.get(c.id)
    reason = None
    if comp is None:
        if base.is_superseded(c.id) or c.status == "superseded":
            reason = "superseded"
        elif judged(base, c):
            reason = "no-reference"
        elif c.figure is None:
            reason = "no-figure"
        elif c.figure.kind == "date":
            reason = "date"
        elif c.claimant not in base.sources:
            reason = "unknown-claimant"
        else:
            reason = "no-best"
    return ClaimDeviation(c, st, about_class(st or "", c.about), comp, reason)


def judged_deviations(base: Base, report: BiasReport, claimant_ids) -> list[ClaimDeviation]:
    """The deviation of every judged claim of these claimants, in base order
    (the claims behind the inflation factors)."""
    wanted = set(claimant_ids)
    return [claim_deviation(base, report, c) for c in base.claims.values()
            if c.claimant in wanted and judged(base, c)]


@dataclass
class SourceProfile:
    """A source as claimant and as outlet (``claimcheck source ID``)."""

    record: Record
    chain: tuple[str, ...]  # the source, then each source it is part_of
    claims: list[tuple[ClaimDeviation, str | None]] = field(default_factory=list)  # (deviation, evidence status)
    carried_by: dict[str, int] = field(default_factory=dict)  # outlet -> claims of this claimant it carried
    carries: dict[str, int] = field(default_factory=dict)  # claimant -> claims of it this outlet carried
    reviewed: dict[str, int] = field(default_factory=dict)  # as reviewer: claimant -> its reviews of that claimant's claims
    verdicts_given: dict[str, int] = field(default_factory=dict)  # as reviewer: verdict -> reviews
    disputed: list[tuple[Claim, tuple[str, ...]]] = field(default_factory=list)  # its contradicted reviews' claims, by whom


def _by_count(counts: Counter) -> dict[str, int]:
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def source_profile(base: Base, report: BiasReport, sid: str) -> SourceProfile:
    return source_profiles(base, report, [sid])[sid]


def source_profiles(base: Base, report: BiasReport, sids) -> dict[str, SourceProfile]:
    """The profile of each source in ``sids`` (those of ``report.records``),
    in one pass over the claims: a report of many sources costs one walk of
    the base, not one per source. A claim's carriers are its outlets less its
    reviewers (:meth:`Base.carriers`): a fact-checker never carries what it
    reviewed."""
    profs = {sid: SourceProfile(report.records[sid], base.chain(sid)) for sid in sids if sid in report.records}
    carried_by: dict[str, Counter] = {sid: Counter() for sid in profs}
    carries: dict[str, Counter] = {sid: Counter() for sid in profs}
    reviewed: dict[str, Counter] = {sid: Counter() for sid in profs}
    given: dict[str, Counter] = {sid: Counter() for sid in profs}
    evidence = report.evidence
    for c in base.claims.values():
        outlets = base.carriers(c) if c.reported_by else ()
        prof = profs.get(c.claimant)
        if prof is not None:
            ev = evidence.get(c.id)
            prof.claims.append((claim_deviation(base, report, c), getattr(ev, "status", None) if ev else None))
            carried_by[c.claimant].update(dict.fromkeys(outlets, 1))
        for o in set(outlets):
            if o in profs:
                carries[o][c.claimant] += 1
        if c.reviews:
            for sid in c.reviewers:
                if sid not in profs:
                    continue
                mine = [rv for rv in c.reviews if rv.reviewer == sid]
                reviewed[sid][c.claimant] += len(mine)
                given[sid].update(rv.verdict for rv in mine)
                against = {o.reviewer for rv in mine for o in c.reviews
                           if o.reviewer != sid and contradicts(rv.verdict, o.verdict)}
                if against:
                    profs[sid].disputed.append((c, tuple(sorted(against))))
    for sid, prof in profs.items():
        prof.carried_by = _by_count(carried_by[sid])
        prof.carries = _by_count(carries[sid])
        prof.reviewed = _by_count(reviewed[sid])
        prof.verdicts_given = {k: given[sid][k] for k in VERDICT_KEYS if given[sid][k]}
    return profs


def outlets(report: BiasReport) -> list[Record]:
    """Sources that carried at least one claim, most carried first."""
    return sorted((r for r in report.records.values() if r.carried), key=lambda r: (-r.carried, r.source.id))


def claimants_by_stance(base: Base, report: BiasReport) -> dict[str | None, list[Deviation]]:
    """Each stance's claimants (with a judged figure), most compared first;
    under None, claimants of a stance outside the vocabulary."""
    under: dict[str | None, list[Deviation]] = {}
    for d in report.claimants.values():
        st = base.stance_of(d.id)
        under.setdefault(st if st in report.stances else None, []).append(d)
    for st, ds in under.items():
        if st is not None:
            ds.sort(key=lambda d: (-d.comparisons, -d.overall.figures, d.id))
    return under
