"""The shape of ``claimcheck diff --format json``: one object.

Keys: ``from`` and ``to`` (each ``{revision, commit}``; the work tree has
commit null), ``base`` (the base's folder in the repository), ``kinds`` (the
``--fail-on`` kinds the change contains), ``claims: {added, removed,
changed}``, ``status_changes: [{id, from, to}]``, ``evidence_changes``,
``conflicts: {new, resolved}``, ``topics: {added, removed}``, ``sources:
{added, removed, changed}``, ``stances: {added, removed, changed}``, ``bias:
{threshold, moved}`` and ``validation`` (the new side's errors and how many
warnings). A changed record's ``fields`` map each changed field to
``{from, to}`` (null: absent); added and removed records carry their
``record`` as written.
"""

from __future__ import annotations

import math
from typing import Any

from ..diff import BaseDiff, RecordChange, RecordEntry
from ..xref import Pair


def diff_record(d: BaseDiff) -> dict:
    return {
        "from": {"revision": d.old.label, "commit": d.old.commit},
        "to": {"revision": d.new.label, "commit": d.new.commit},
        "base": d.base,
        "kinds": d.kinds(),
        "claims": {
            "added": [_entry(e) for e in d.claims_added],
            "removed": [_entry(e) for e in d.claims_removed],
            "changed": [_change(c) for c in d.claims_changed],
        },
        "status_changes": [{"id": s.id, "from": s.old, "to": s.new} for s in d.status_changes],
        "evidence_changes": [
            {"id": e.id, "topic": e.topic, "from": e.old, "to": e.new,
             "agree": {"from": e.old_counts[0], "to": e.new_counts[0]},
             "conflict": {"from": e.old_counts[1], "to": e.new_counts[1]}}
            for e in d.evidence_changes
        ],
        "conflicts": {
            "new": [_conflict(c) for c in d.conflicts_new],
            "resolved": [_conflict(c) for c in d.conflicts_resolved],
        },
        "topics": {"added": list(d.topics_added), "removed": list(d.topics_removed)},
        "sources": {
            "added": [_entry(e) for e in d.sources_added],
            "removed": [_entry(e) for e in d.sources_removed],
            "changed": [_change(c) for c in d.sources_changed],
        },
        "stances": {
            "added": [_entry(e) for e in d.stances_added],
            "removed": [_entry(e) for e in d.stances_removed],
            "changed": [_change(c) for c in d.stances_changed],
        },
        "bias": {
            "threshold": d.bias_threshold,
            "moved": [{"claimant": b.claimant, "from": _num(b.old), "to": _num(b.new),
                       "comparisons": {"from": b.old_comparisons, "to": b.new_comparisons}} for b in d.bias],
        },
        "validation": {
            "errors": len(d.validation.errors),
            "warnings": d.validation.warnings,
            "diagnostics": [x.as_dict() for x in d.validation.errors],
        },
    }


def _entry(e: RecordEntry) -> dict:
    return {"id": e.id, "file": e.file, "record": plain(e.record)}


def _change(c: RecordChange) -> dict:
    out: dict[str, Any] = {"id": c.id, "file": c.file}
    if c.old_file != c.file:
        out["old_file"] = c.old_file
    out["fields"] = {f.field: {"from": plain(f.old), "to": plain(f.new)} for f in c.fields}
    return out


def _conflict(c) -> dict:
    return {
        "topic": c.topic,
        "title": c.title,
        "severity": _num(c.severity),
        "conflicting_pairs": c.conflicting_pairs,
        "pairs": [_pair(p) for p in c.pairs],
    }


def _pair(p: Pair) -> dict:
    return {"a": p.a, "b": p.b, "ratio": _num(p.ratio), "gap_days": p.gap_days, "stances": p.stances}


def _num(x: float | None) -> float | None:
    if x is None or not math.isfinite(x):
        return None
    return float(f"{x:.4g}")


def plain(v: Any) -> Any:
    """Data as written, made JSON: a number JSON cannot hold (inf, nan) as text."""
    if isinstance(v, float) and not math.isfinite(v):
        return str(v)
    if isinstance(v, dict):
        return {str(k): plain(x) for k, x in v.items()}
    if isinstance(v, list):
        return [plain(x) for x in v]
    return v
