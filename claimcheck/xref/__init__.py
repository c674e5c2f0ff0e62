"""Cross-referencing: which figures on a topic agree, which conflict, who is
independent of whom, and what range is defensible. ``docs/xref.md`` states
every rule; :mod:`.evidence` computes each claim's evidence, :mod:`.status`
compares it with the declared status, :mod:`.relations` describes one claim
among the others, :mod:`.conflicts` reports topics."""

from .conflicts import (
    BEST_RULES, CREDIBLE_GRADES, DAYS_PER_RATIO, PAIRS_CAP, BestEstimate, Pair, TopicReport, best_estimate, iso,
    point, topic_report, topic_reports, unread_figures,
)
from .evidence import (
    EVIDENCE_IDS_CAP, EVIDENCE_STATUSES, EVIDENCE_WANTED, NO_EVIDENCE, SMALL_GROUP, Evidence, EvidenceNeed,
    compute_evidence, date_range, evidence_status, families,
)
from .relations import Relation, explain, relations, revisions
from .status import disagreements, status_disagreement

__all__ = [
    "BEST_RULES", "CREDIBLE_GRADES", "DAYS_PER_RATIO", "EVIDENCE_IDS_CAP", "EVIDENCE_STATUSES", "EVIDENCE_WANTED",
    "NO_EVIDENCE", "PAIRS_CAP", "SMALL_GROUP", "BestEstimate", "Evidence", "EvidenceNeed", "Pair", "Relation",
    "TopicReport", "best_estimate", "compute_evidence", "date_range", "disagreements", "evidence_status", "explain",
    "families", "iso", "point", "relations", "revisions", "status_disagreement", "topic_report", "topic_reports",
    "unread_figures",
]
