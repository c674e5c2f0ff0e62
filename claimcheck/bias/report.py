"""Every bias measure of a base at once (:func:`analyse`), as the commands of
the bias group (``sources``, ``source ID``, ``bias``) read them."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Base
from ..xref import compute_evidence
from .compare import MIN_COMPARISONS, Comparison, Deviation, compare_claims, deviations, judged_items
from .track import Record, track_records


@dataclass
class BiasReport:
    min_comparisons: int
    comparisons: dict[str, Comparison]  # claim id -> its comparison
    claimants: dict[str, Deviation]  # claimants with at least one comparison
    stances: dict[str, Deviation]  # every stance of the vocabulary
    records: dict[str, Record]  # every source, sources.yaml order
    evidence: dict = field(default_factory=dict)  # claim id -> Evidence (xref)


def analyse(
    base: Base, min_comparisons: int = MIN_COMPARISONS, *, evidence: dict | None = None, with_evidence: bool = True
) -> BiasReport:
    """Every bias measure of the base. ``evidence`` (claim id -> Evidence) is
    computed with the cross-referencing module when not given, unless
    ``with_evidence`` is False (records then carry no evidence counts)."""
    if evidence is None and with_evidence:
        evidence = compute_evidence(base)
    items = judged_items(base)
    comps = compare_claims(base, items)
    claimants, stances = deviations(base, comps, min_comparisons, items)
    records = track_records(base, evidence, claimants)
    return BiasReport(
        min_comparisons=min_comparisons,
        comparisons=comps,
        claimants=claimants,
        stances=stances,
        records=records,
        evidence=evidence or {},
    )


