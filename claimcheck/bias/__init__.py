"""Source bias: track records, deviation from independent figures, inflation
factors, a suggested Admiralty grade, and what each outlet chooses to carry.
``docs/bias.md`` states every rule. :func:`analyse` computes them all
(:mod:`.report`); :mod:`.compare` measures deviation, :mod:`.track` keeps the
records, :mod:`.profile` assembles what is shown of one source."""

from .compare import (
    ABOUT_CLASSES, MIN_COMPARISONS, Comparison, Deviation, Measure, about_class, compare_claims, deviations, judged,
    judged_items, measure,
)
from .profile import (
    NOT_COMPARED, ClaimDeviation, SourceProfile, claim_deviation, claimants_by_stance, judged_deviations, outlets,
    source_profile, source_profiles,
)
from .report import BiasReport, analyse
from .track import (
    EVIDENCE_KEYS, SHARE_KEYS, SORT_KEYS, VERDICT_KEYS, Record, reliability_flag, sort_records, suggest_reliability, track_records,
)

__all__ = [
    "ABOUT_CLASSES", "EVIDENCE_KEYS", "MIN_COMPARISONS", "NOT_COMPARED", "SHARE_KEYS", "SORT_KEYS", "BiasReport",
    "ClaimDeviation", "Comparison", "Deviation", "Measure", "Record", "SourceProfile", "about_class", "analyse",
    "claim_deviation", "claimants_by_stance", "compare_claims", "deviations", "judged", "judged_deviations",
    "judged_items", "measure", "outlets", "reliability_flag", "sort_records", "source_profile", "source_profiles",
    "suggest_reliability", "track_records", "VERDICT_KEYS",
]
