"""The shapes of sources and bias measures in machine outputs: ``sources
--format json|csv``, ``source ID --format json`` and ``bias --format json``."""

from __future__ import annotations

from typing import Iterable

from ..bias import ABOUT_CLASSES, BiasReport, ClaimDeviation, Deviation, Measure, Record, SourceProfile, outlets
from .table import csv_table


def rounded(x: float | None) -> float | None:
    """A measure to four significant digits (None stays None)."""
    if x is None:
        return None
    return float(f"{x:.4g}")


def measure_record(m: Measure) -> dict:
    return {
        "comparisons": m.comparisons,
        "figures": m.figures,
        "inflation": rounded(m.inflation),
        "spread": rounded(m.gsd),
        "min_ratio": rounded(m.low),
        "max_ratio": rounded(m.high),
    }


def deviation_record(d: Deviation) -> dict:
    return {"id": d.id, **measure_record(d.overall), "by_about": {k: measure_record(d.by_about[k]) for k in ABOUT_CLASSES}}


def source_record(r: Record) -> dict:
    s = r.source
    dev = r.deviation
    return {
        "id": s.id,
        "name": s.name,
        "kind": s.kind,
        "stance": s.stance,
        "part_of": s.part_of,
        "reliability": s.reliability,
        "reliability_declared": s.declared_reliability,
        "suggested_reliability": r.suggested,
        "reliability_flag": r.flagged,
        "claims": r.claims,
        "carried": r.carried,
        "status": dict(r.status),
        **({"evidence": dict(r.evidence)} if r.evidence is not None else {}),
        "share": {k: rounded(v) for k, v in r.shares.items()},
        "inflation": rounded(dev.inflation) if dev else None,
        "comparisons": dev.comparisons if dev else 0,
        "spread": rounded(dev.overall.gsd) if dev else None,
        "stance_mix": dict(r.stance_mix),
        "own_voice": r.own_voice,
        "reviews_received": r.reviews_received,
        "verdicts": dict(r.verdicts),
        "reviews_published": r.reviews_published,
        "reviews_disputed": r.reviews_disputed,
        "disagreement_rate": rounded(r.disagreement_rate),
    }


SOURCES_CSV = (
    "id", "name", "kind", "stance", "part_of", "reliability", "reliability_declared", "suggested_reliability",
    "reliability_flag", "claims", "carried", "share_corroborated", "share_contested", "share_refuted",
    "share_retracted", "inflation", "comparisons", "spread", "stance_mix", "reviews_received", "verdicts",
    "reviews_published", "reviews_disputed", "disagreement_rate",
)


def sources_csv(records: Iterable[Record]) -> str:
    def row(r: Record) -> dict:
        j = source_record(r)
        share = j["share"]
        return {
            **j,
            "share_corroborated": share["corroborated"],
            "share_contested": share["contested"],
            "share_refuted": share["refuted"],
            "share_retracted": share["retracted"],
            "stance_mix": "; ".join(f"{k}={v}" for k, v in j["stance_mix"].items()),
            "verdicts": "; ".join(f"{k}={v}" for k, v in j["verdicts"].items() if v),
        }

    return csv_table(SOURCES_CSV, (row(r) for r in records))


def claim_deviation_record(d: ClaimDeviation) -> dict:
    c, comp = d.claim, d.comparison
    return {
        "id": c.id,
        "claimant": c.claimant,
        "stance": d.stance,
        "topic": c.topic,
        "about": c.about,
        "about_class": d.about_class,
        "best": c.figure.best if c.figure else None,
        "reference": comp.reference if comp else None,
        "references": comp.references if comp else 0,
        "neutral_reference": comp.neutral if comp else None,
        "ratio": comp.ratio if comp else None,
    }


def profile_record(p: SourceProfile) -> dict:
    r = p.record
    out = source_record(r)
    out["deviation"] = deviation_record(r.deviation) if r.deviation else None
    out["claims_list"] = [
        {
            "id": d.claim.id,
            "topic": d.claim.topic,
            "figure": d.claim.figure_text,
            "status": d.claim.status,
            "evidence": ev,
            "about": d.claim.about,
            "ratio": d.comparison.ratio if d.comparison else None,
            "reference": d.comparison.reference if d.comparison else None,
            "references": d.comparison.references if d.comparison else 0,
            "neutral_reference": d.comparison.neutral if d.comparison else None,
        }
        for d, ev in p.claims
    ]
    out["carried_by"] = dict(p.carried_by)
    out["carries"] = dict(p.carries)
    out["reviewed"] = dict(p.reviewed)
    out["verdicts_given"] = dict(p.verdicts_given)
    out["disputed"] = [{"claim": c.id, "by": list(by)} for c, by in p.disputed]
    out["topics"] = dict(r.topics)
    return out


def bias_record(report: BiasReport, deviations: list[ClaimDeviation] | None = None) -> dict:
    out = {
        "min_comparisons": report.min_comparisons,
        "stances": [deviation_record(d) for d in report.stances.values()],
        "claimants": [deviation_record(d) for d in report.claimants.values()],
    }
    if deviations is not None:
        out["claims"] = [claim_deviation_record(d) for d in deviations]
    out["outlets"] = [
        {"id": r.source.id, "stance": r.source.stance, "carried": r.carried, "own_voice": r.own_voice,
         "stance_mix": dict(r.stance_mix)}
        for r in outlets(report)
    ]
    return out
