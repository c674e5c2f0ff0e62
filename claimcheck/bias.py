"""Source bias: track records, deviation from independent figures, inflation
factors, a suggested Admiralty grade, and what each outlet chooses to carry.

Pure core (no typer, no rich). Every command of the bias group
(``sources``, ``source ID``, ``bias``) reads its answers from :func:`analyse`.

Track record (a source as claimant)
-----------------------------------
``claims`` is the number of claims whose ``claimant`` is the source; they are
counted by declared ``status`` and by computed evidence
(:func:`claimcheck.xref.compute_evidence`: single-source, corroborated,
contested, mixed, or none for a claim without a figure). The shares
corroborated, contested, refuted and retracted are declared-status counts
divided by ``claims``.

Deviation of one claim
----------------------
A claim is *judged* when it is not superseded (nothing supersedes it and its
declared status is not ``superseded``), its figure is a number or a percent
(not a date) with a best value above 0, and its claimant is a known source.
Its *reference* is the median best of the candidate claims on the same topic
and of the same figure kind, where a candidate is another judged claim whose
claimant

* is independent of the judged claim's claimant (their ``part_of`` chains do
  not meet: the claim itself and every claim of its own ``part_of`` family are
  left out, so a record never counts the claim it judges), and
* has a different stance from the judged claim's claimant.

Where any candidate's claimant has a neutral stance, only the neutral
candidates make the reference; otherwise all candidates do. The median of an
even count is the mean of the two middle values. The claim's *ratio* is
``best / reference``; a claim with no candidate is not compared. Dates of the
claims are not matched: on a cumulative topic an early, small running total is
compared with later ones as they stand.

References are computed once per (topic, kind, claimant family, stance) group,
from sorted lists of bests with the family's own claims subtracted by counting
(bisect), so one topic with 20,000 claims costs O(n log^2 n), not O(n^2).

Summaries (per claimant, and per stance pooled over its claimants)
-------------------------------------------------------------------
* ``figures``: how many of its claims are judged (a usable best figure);
  ``comparisons``: how many of those had a reference and were compared.
* ``inflation``: the geometric mean of the ratios (3.0: it typically gives
  three times the reference; 0.5: half).
* spread: the geometric standard deviation ``exp(stdev(ln ratio))`` (sample
  standard deviation, n - 1; 1.0 means every ratio is the same) and the lowest
  and highest ratio.
* ``by_about``: the same over the claims whose ``about`` is the claimant's own
  stance (``own``), another stance (``opposing``), or not given
  (``unspecified``).

With fewer than ``min_comparisons`` (default :data:`MIN_COMPARISONS` = 3)
comparisons the inflation and the spread are ``None`` ("too few"); the count is
still given.

Suggested reliability (Admiralty letter), :func:`suggest_reliability`
----------------------------------------------------------------------
Over the claimant's judged-status claims (its claims less the superseded ones),
with ``bad`` = share refuted or retracted, ``good`` = share declared
corroborated, and ``off`` = max(inflation, 1 / inflation) when the inflation
factor is known. The first rule that matches gives the grade:

1. fewer than :data:`MIN_CLAIMS_FOR_GRADE` (3) such claims: **F**;
2. fewer than :data:`MIN_VERDICTS` (3) claims with a verdict (declared
   corroborated, contested, refuted or retracted) and no inflation factor:
   **F** (too little to judge by: unverified claims say nothing either way);
3. ``bad >= 0.50``: **E**; ``bad >= 0.25``: **D**;
   ``good >= 0.80`` and ``bad == 0``: **A**;
   ``good >= 0.50`` and ``bad < 0.10``: **B**; otherwise **C**;
4. then the inflation caps the grade: ``off >= 3``: no better than **E**;
   ``off >= 2``: no better than **D**; ``off >= 1.5``: no better than **C**.

A suggestion two or more letters from the declared grade (both within A-E) is
flagged.

As outlet
---------
``carried`` is the number of claims whose ``reported_by`` names the source;
``stance_mix`` counts the stances of those claims' claimants (``own_voice`` of
them have the outlet as claimant too).
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .model import Base, Claim, Source

MIN_COMPARISONS = 3
MIN_CLAIMS_FOR_GRADE = 3
MIN_VERDICTS = 3
# (threshold on share refuted or retracted, grade), worst first
BAD_GRADES = ((0.50, "E"), (0.25, "D"))
A_GOOD, B_GOOD, B_BAD_BELOW = 0.80, 0.50, 0.10
# (threshold on max(inflation, 1/inflation), best grade allowed)
INFLATION_CAPS = ((3.0, "E"), (2.0, "D"), (1.5, "C"))
FLAG_DISTANCE = 2

GRADES = "ABCDE"
ABOUT_CLASSES = ("own", "opposing", "unspecified")
EVIDENCE_KEYS = ("single-source", "corroborated", "contested", "mixed", "none")
VERDICTS = ("corroborated", "contested", "refuted", "retracted")
SHARE_KEYS = ("corroborated", "contested", "refuted", "retracted")


# --------------------------------------------------------------------------
# values
# --------------------------------------------------------------------------


@dataclass(slots=True)
class Comparison:
    """One judged claim against its reference."""

    claim: str
    claimant: str
    stance: str
    about: str  # "own", "opposing" or "unspecified"
    best: float
    reference: float
    ratio: float
    references: int  # how many claims the reference is the median of
    neutral: bool  # the reference rests on neutral-stance claimants only


@dataclass(slots=True)
class Measure:
    comparisons: int = 0
    figures: int = 0  # judged claims (a usable best figure), compared or not
    inflation: float | None = None
    gsd: float | None = None  # geometric standard deviation
    low: float | None = None  # lowest ratio
    high: float | None = None  # highest ratio

    def to_json(self) -> dict:
        return {
            "comparisons": self.comparisons,
            "figures": self.figures,
            "inflation": _round(self.inflation),
            "spread": _round(self.gsd),
            "min_ratio": _round(self.low),
            "max_ratio": _round(self.high),
        }


@dataclass(slots=True)
class Deviation:
    """Deviation measures of a claimant or of a stance."""

    id: str
    overall: Measure
    by_about: dict[str, Measure]

    @property
    def comparisons(self) -> int:
        return self.overall.comparisons

    @property
    def inflation(self) -> float | None:
        return self.overall.inflation

    def to_json(self) -> dict:
        out = {"id": self.id, **self.overall.to_json()}
        out["by_about"] = {k: self.by_about[k].to_json() for k in ABOUT_CLASSES}
        return out


@dataclass(slots=True)
class Record:
    """A source's record as claimant and as outlet."""

    source: Source
    claims: int = 0
    status: dict[str, int] = field(default_factory=dict)
    evidence: dict[str, int] = field(default_factory=dict)
    judged_status_claims: int = 0  # claims less superseded ones
    carried: int = 0
    own_voice: int = 0
    stance_mix: dict[str, int] = field(default_factory=dict)
    deviation: Deviation | None = None
    suggested: str = "F"
    topics: dict[str, int] = field(default_factory=dict)

    @property
    def shares(self) -> dict[str, float | None]:
        return {k: (self.status.get(k, 0) / self.claims if self.claims else None) for k in SHARE_KEYS}

    @property
    def flagged(self) -> bool:
        return reliability_flag(self.source.reliability, self.suggested)

    def to_json(self) -> dict:
        s = self.source
        dev = self.deviation
        return {
            "id": s.id,
            "name": s.name,
            "kind": s.kind,
            "stance": s.stance,
            "part_of": s.part_of,
            "reliability": s.reliability,
            "reliability_declared": s.declared_reliability,
            "suggested_reliability": self.suggested,
            "reliability_flag": self.flagged,
            "claims": self.claims,
            "carried": self.carried,
            "status": dict(self.status),
            "evidence": dict(self.evidence),
            "share": {k: _round(v) for k, v in self.shares.items()},
            "inflation": _round(dev.inflation) if dev else None,
            "comparisons": dev.comparisons if dev else 0,
            "spread": _round(dev.overall.gsd) if dev else None,
            "stance_mix": dict(self.stance_mix),
            "own_voice": self.own_voice,
        }


@dataclass
class BiasReport:
    min_comparisons: int
    comparisons: dict[str, Comparison]  # claim id -> its comparison
    claimants: dict[str, Deviation]  # claimants with at least one comparison
    stances: dict[str, Deviation]  # every stance of the vocabulary
    records: dict[str, Record]  # every source, sources.yaml order
    evidence: dict = field(default_factory=dict)  # claim id -> Evidence (xref)

    def to_json(self) -> dict:
        return {
            "min_comparisons": self.min_comparisons,
            "stances": [d.to_json() for d in self.stances.values()],
            "claimants": [d.to_json() for d in self.claimants.values()],
        }


def _round(x: float | None) -> float | None:
    if x is None:
        return None
    return float(f"{x:.4g}")


# --------------------------------------------------------------------------
# deviation
# --------------------------------------------------------------------------


def family_key(base: Base, source_id: str) -> str:
    """One id per ``part_of`` family: two sources are independent exactly when
    their keys differ (also for the cycles validate reports as errors)."""
    return min(base.chain_set(base.family_root(source_id)) | {base.family_root(source_id)})


def judged(base: Base, c: Claim) -> bool:
    """Is this claim compared (and usable as a reference)?"""
    f = c.figure
    return (
        f is not None
        and f.kind in ("number", "percent")
        and f.best is not None
        and f.best > 0
        and c.status != "superseded"
        and not base.is_superseded(c.id)
        and c.claimant in base.sources
    )


def about_class(stance: str, about: str | None) -> str:
    if about is None:
        return "unspecified"
    return "own" if about == stance else "opposing"


def _kth(a: list[float], removed: list[list[float]], k: int) -> float:
    """The k-th smallest (0-based) of the multiset ``a`` minus every list in
    ``removed`` (each sorted, each a sub-multiset of ``a``, disjoint)."""
    lo, hi = 0, len(a) - 1
    while lo < hi:  # smallest index j with count_le(a[j]) >= k + 1
        mid = (lo + hi) // 2
        v = a[mid]
        n = bisect_right(a, v) - sum(bisect_right(r, v) for r in removed)
        if n >= k + 1:
            hi = mid
        else:
            lo = mid + 1
    return a[lo]


def _median(a: list[float], removed: list[list[float]]) -> tuple[float, int] | None:
    n = len(a) - sum(len(r) for r in removed)
    if n <= 0:
        return None
    if not removed or not any(removed):
        m = a[n // 2] if n % 2 else (a[n // 2 - 1] + a[n // 2]) / 2
        return m, n
    if n % 2:
        return _kth(a, removed, n // 2), n
    return (_kth(a, removed, n // 2 - 1) + _kth(a, removed, n // 2)) / 2, n


def compare_claims(base: Base) -> dict[str, Comparison]:
    """Claim id -> :class:`Comparison`, for every judged claim that has a
    reference (see the module docstring for the rule)."""
    out: dict[str, Comparison] = {}
    fam_cache: dict[str, str] = {}
    neutral = {sid: st.neutral for sid, st in base.stances.items()}

    def fam(sid: str) -> str:
        k = fam_cache.get(sid)
        if k is None:
            k = fam_cache[sid] = family_key(base, sid)
        return k

    for claims in base.by_topic.values():
        groups: dict[str, list[Claim]] = {}
        for c in claims:
            if judged(base, c):
                groups.setdefault(c.figure.kind, []).append(c)  # type: ignore[union-attr]
        for members in groups.values():
            if len(members) < 2:
                continue
            _compare_group(base, members, fam, neutral, out)
    return out


def _compare_group(base, members, fam, neutral, out) -> None:
    # classes: True = neutral stances, False = the others
    all_by_class: dict[bool, list[float]] = {True: [], False: []}
    by_stance: dict[str, list[float]] = {}
    # (family, stance) -> claims; family -> [(stance, best)]
    groups: dict[tuple[str, str], list] = {}
    fam_members: dict[str, list[tuple[str, float]]] = {}
    for c in members:
        stance = base.sources[c.claimant].stance
        b = c.figure.best
        all_by_class[neutral.get(stance, False)].append(b)
        by_stance.setdefault(stance, []).append(b)
        f = fam(c.claimant)
        groups.setdefault((f, stance), []).append(c)
        fam_members.setdefault(f, []).append((stance, b))
    for v in all_by_class.values():
        v.sort()
    for v in by_stance.values():
        v.sort()

    for (f, stance), claims in groups.items():
        ref = None
        for cls in (True, False):
            pool = all_by_class[cls]
            if not pool:
                continue
            removed = []
            if neutral.get(stance, False) == cls:
                removed.append(by_stance[stance])
            own = sorted(b for st, b in fam_members[f] if st != stance and neutral.get(st, False) == cls)
            if own:
                removed.append(own)
            ref = _median(pool, removed)
            if ref is not None:
                ref = (ref[0], ref[1], cls)
                break
        if ref is None:
            continue
        value, count, is_neutral = ref
        if value <= 0:
            continue
        for c in claims:
            b = c.figure.best
            out[c.id] = Comparison(
                claim=c.id,
                claimant=c.claimant,
                stance=stance,
                about=about_class(stance, c.about),
                best=b,
                reference=value,
                ratio=b / value,
                references=count,
                neutral=is_neutral,
            )


def measure(ratios: list[float], min_comparisons: int = MIN_COMPARISONS) -> Measure:
    """Geometric mean, geometric standard deviation and range of ratios; the
    numbers are None below ``min_comparisons``."""
    n = len(ratios)
    m = Measure(comparisons=n)
    if n == 0 or n < min_comparisons:
        return m
    logs = [math.log(r) for r in ratios]
    mean = sum(logs) / n
    m.inflation = math.exp(mean)
    if n >= 2:
        var = sum((x - mean) ** 2 for x in logs) / (n - 1)
        m.gsd = math.exp(math.sqrt(var))
    else:
        m.gsd = 1.0
    m.low, m.high = min(ratios), max(ratios)
    return m


def _deviation(id_: str, comps: list[Comparison], figures: Counter, min_comparisons: int) -> Deviation:
    by: dict[str, list[float]] = {k: [] for k in ABOUT_CLASSES}
    for c in comps:
        by[c.about].append(c.ratio)
    d = Deviation(
        id=id_,
        overall=measure([c.ratio for c in comps], min_comparisons),
        by_about={k: measure(v, min_comparisons) for k, v in by.items()},
    )
    d.overall.figures = sum(figures.values())
    for k, m in d.by_about.items():
        m.figures = figures[k]
    return d


def deviations(
    base: Base, comparisons: dict[str, Comparison], min_comparisons: int = MIN_COMPARISONS
) -> tuple[dict[str, Deviation], dict[str, Deviation]]:
    """(per claimant, per stance). Claimants in sources.yaml order, only those
    with at least one judged figure (compared or not); every stance of the
    vocabulary."""
    per_claimant: dict[str, list[Comparison]] = {}
    per_stance: dict[str, list[Comparison]] = {}
    fig_claimant: dict[str, Counter] = {}
    fig_stance: dict[str, Counter] = {}
    for c in base.claims.values():
        if judged(base, c):
            stance = base.sources[c.claimant].stance
            k = about_class(stance, c.about)
            fig_claimant.setdefault(c.claimant, Counter())[k] += 1
            fig_stance.setdefault(stance, Counter())[k] += 1
    for comp in comparisons.values():
        per_claimant.setdefault(comp.claimant, []).append(comp)
        per_stance.setdefault(comp.stance, []).append(comp)
    claimants = {
        sid: _deviation(sid, per_claimant.get(sid, []), fig_claimant[sid], min_comparisons)
        for sid in base.sources
        if sid in fig_claimant
    }
    stances = {
        st: _deviation(st, per_stance.get(st, []), fig_stance.get(st, Counter()), min_comparisons)
        for st in base.stances
    }
    return claimants, stances


# --------------------------------------------------------------------------
# reliability
# --------------------------------------------------------------------------


def _worse(a: str, b: str) -> str:
    return max(a, b)  # "A" < "B" < ... < "E"


def suggest_reliability(
    claims: int, corroborated: int, bad: int, verdicts: int, inflation: float | None
) -> str:
    """The Admiralty letter the record suggests (rules in the module docstring).

    ``claims``: claims with a judged status (not superseded); ``corroborated``,
    ``bad`` (refuted + retracted) and ``verdicts`` (corroborated, contested,
    refuted or retracted) count among them; ``inflation``: the claimant's
    inflation factor, None when too few comparisons.
    """
    if claims < MIN_CLAIMS_FOR_GRADE:
        return "F"
    if verdicts < MIN_VERDICTS and inflation is None:
        return "F"
    bad_share = bad / claims
    good_share = corroborated / claims
    grade = None
    for threshold, g in BAD_GRADES:
        if bad_share >= threshold:
            grade = g
            break
    if grade is None:
        if good_share >= A_GOOD and bad == 0:
            grade = "A"
        elif good_share >= B_GOOD and bad_share < B_BAD_BELOW:
            grade = "B"
        else:
            grade = "C"
    if inflation is not None and inflation > 0:
        off = max(inflation, 1 / inflation)
        for threshold, cap in INFLATION_CAPS:
            if off >= threshold:
                grade = _worse(grade, cap)
                break
    return grade


def reliability_flag(declared: str, suggested: str) -> bool:
    """Declared and suggested grades two or more letters apart (A-E only)."""
    if declared not in GRADES or suggested not in GRADES:
        return False
    return abs(GRADES.index(declared) - GRADES.index(suggested)) >= FLAG_DISTANCE


# --------------------------------------------------------------------------
# records
# --------------------------------------------------------------------------


def compute_evidence_or_empty(base: Base) -> dict:
    """Claim id -> Evidence from the cross-referencing module, or {} where it
    is not available."""
    try:
        from .xref import compute_evidence
    except ImportError:
        return {}
    return compute_evidence(base)


def evidence_status(evidence: dict, claim_id: str) -> str | None:
    ev = evidence.get(claim_id)
    return getattr(ev, "status", None) if ev is not None else None


def track_records(
    base: Base,
    evidence: dict,
    claimants: dict[str, Deviation],
) -> dict[str, Record]:
    from .schema import STATUSES

    records = {sid: Record(source=s) for sid, s in base.sources.items()}
    good: Counter = Counter()
    bad: Counter = Counter()
    verdicts: Counter = Counter()
    for c in base.claims.values():
        r = records.get(c.claimant)
        if r is not None:
            r.claims += 1
            r.status[c.status] = r.status.get(c.status, 0) + 1
            ev = evidence_status(evidence, c.id) or "none"
            r.evidence[ev] = r.evidence.get(ev, 0) + 1
            r.topics[c.topic] = r.topics.get(c.topic, 0) + 1
            if c.status != "superseded" and not base.is_superseded(c.id):
                r.judged_status_claims += 1
                if c.status == "corroborated":
                    good[c.claimant] += 1
                if c.status in ("refuted", "retracted"):
                    bad[c.claimant] += 1
                if c.status in VERDICTS:
                    verdicts[c.claimant] += 1
        stance = base.stance_of(c.claimant)
        for outlet in dict.fromkeys(c.outlets):
            o = records.get(outlet)
            if o is None:
                continue
            o.carried += 1
            if outlet == c.claimant:
                o.own_voice += 1
            if stance is not None:
                o.stance_mix[stance] = o.stance_mix.get(stance, 0) + 1
    order = {st: i for i, st in enumerate(STATUSES)}
    eorder = {k: i for i, k in enumerate(EVIDENCE_KEYS)}
    sorder = {st: i for i, st in enumerate(base.stances)}
    for sid, r in records.items():
        r.status = {k: r.status.get(k, 0) for k in STATUSES} | {
            k: v for k, v in sorted(r.status.items()) if k not in order
        }
        r.evidence = {k: r.evidence.get(k, 0) for k in EVIDENCE_KEYS} | {
            k: v for k, v in sorted(r.evidence.items()) if k not in eorder
        }
        r.stance_mix = dict(sorted(r.stance_mix.items(), key=lambda kv: (-kv[1], sorder.get(kv[0], len(sorder)), kv[0])))
        r.deviation = claimants.get(sid)
        r.suggested = suggest_reliability(
            r.judged_status_claims, good[sid], bad[sid], verdicts[sid], r.deviation.inflation if r.deviation else None
        )
    return records


def analyse(base: Base, min_comparisons: int = MIN_COMPARISONS, *, evidence: dict | None = None) -> BiasReport:
    """Every bias measure of the base. ``evidence`` (claim id -> Evidence) is
    computed with the cross-referencing module when not given."""
    if evidence is None:
        evidence = compute_evidence_or_empty(base)
    comps = compare_claims(base)
    claimants, stances = deviations(base, comps, min_comparisons)
    records = track_records(base, evidence, claimants)
    return BiasReport(
        min_comparisons=min_comparisons,
        comparisons=comps,
        claimants=claimants,
        stances=stances,
        records=records,
        evidence=evidence,
    )


SORT_KEYS = ("id", "name", "kind", "stance", "reliability", "suggested", "claims", "carried", "corroborated", "refuted", "inflation")


def sort_records(records: list[Record], key: str) -> list[Record]:
    """Sort rows for ``claimcheck sources``: text keys ascending; counts,
    shares and the distance of inflation from 1.0 descending; ties by id."""
    def num(x):
        return -(x if x is not None else -1.0)

    if key in ("id", "name", "kind", "stance"):
        f = {
            "id": lambda r: r.source.id,
            "name": lambda r: r.source.name.lower(),
            "kind": lambda r: r.source.kind or "",
            "stance": lambda r: r.source.stance,
        }[key]
        return sorted(records, key=lambda r: (f(r), r.source.id))
    if key == "reliability":
        return sorted(records, key=lambda r: (r.source.reliability, r.source.id))
    if key == "suggested":
        return sorted(records, key=lambda r: (r.suggested, r.source.id))
    if key == "claims":
        return sorted(records, key=lambda r: (-r.claims, r.source.id))
    if key == "carried":
        return sorted(records, key=lambda r: (-r.carried, r.source.id))
    if key in ("corroborated", "refuted"):
        return sorted(records, key=lambda r: (num(r.shares[key]), r.source.id))
    if key == "inflation":
        def off(r):
            inf = r.deviation.inflation if r.deviation else None
            return abs(math.log(inf)) if inf else -1.0
        return sorted(records, key=lambda r: (-off(r), r.source.id))
    raise ValueError(f"unknown sort key {key!r}")
