"""Source bias: track records, deviation from independent figures, inflation
factors, a suggested Admiralty grade, and what each outlet chooses to carry.

Pure core (no typer, no rich). Every command of the bias group
(``sources``, ``source ID``, ``bias``) reads its answers from :func:`analyse`.

Track record (a source as claimant)
-----------------------------------
``claims`` is the number of claims whose ``claimant`` is the source; they are
counted by declared ``status`` and by computed evidence
(:func:`claimcheck.xref.compute_evidence`: single-source, corroborated,
contested, mixed, or none for a claim without a figure; counted only where
asked, as ``source ID`` does: ``sources`` and ``bias`` neither show nor need
them). The shares
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
    evidence: dict[str, int] | None = None  # None: computed evidence not asked for
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
            **({"evidence": dict(self.evidence)} if self.evidence is not None else {}),
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
    """One id per ``part_of`` family (:meth:`Base.family`)."""
    return base.family(source_id)


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


# A judged claim, prepared once: (claim, stance, family key, about class, best)
_Item = tuple


def judged_items(base: Base) -> list[_Item]:
    """Every judged claim (see :func:`judged`) with its claimant's stance,
    family key and about class, in one pass over the base."""
    sources = base.sources
    sup = base.superseded_by
    fam_cache: dict[str, str] = {}
    out: list[_Item] = []
    for c in base.claims.values():
        f = c.figure
        if f is None or f.best is None or f.best <= 0 or f.kind not in ("number", "percent"):
            continue
        if c.status == "superseded" or c.id in sup:
            continue
        src = sources.get(c.claimant)
        if src is None:
            continue
        fam = fam_cache.get(c.claimant)
        if fam is None:
            fam = fam_cache[c.claimant] = family_key(base, c.claimant)
        stance = src.stance
        about = "unspecified" if c.about is None else ("own" if c.about == stance else "opposing")
        out.append((c, stance, fam, about, f.best))
    return out


def compare_claims(base: Base, items: list[_Item] | None = None) -> dict[str, Comparison]:
    """Claim id -> :class:`Comparison`, for every judged claim that has a
    reference (see the module docstring for the rule)."""
    if items is None:
        items = judged_items(base)
    out: dict[str, Comparison] = {}
    neutral = {sid: st.neutral for sid, st in base.stances.items()}
    groups: dict[tuple[str, str], list[_Item]] = {}
    for it in items:
        c = it[0]
        key = (c.topic, c.figure.kind)
        g = groups.get(key)
        if g is None:
            groups[key] = [it]
        else:
            g.append(it)
    for members in groups.values():
        if len(members) > 1:
            _compare_group(members, neutral, out)
    return out


def _compare_group(members: list[_Item], neutral: dict[str, bool], out: dict[str, Comparison]) -> None:
    # classes: True = neutral stances, False = the others
    all_by_class: dict[bool, list[float]] = {True: [], False: []}
    by_stance: dict[str, list[float]] = {}
    groups: dict[tuple[str, str], list[_Item]] = {}  # (family, stance) -> items
    fam_members: dict[str, dict[str, list[float]]] = {}  # family -> stance -> bests
    for it in members:
        _, stance, f, _, b = it
        all_by_class[neutral.get(stance, False)].append(b)
        lst = by_stance.get(stance)
        if lst is None:
            by_stance[stance] = [b]
        else:
            lst.append(b)
        key = (f, stance)
        g = groups.get(key)
        if g is None:
            groups[key] = [it]
        else:
            g.append(it)
        fm = fam_members.get(f)
        if fm is None:
            fam_members[f] = {stance: [b]}
        else:
            fm.setdefault(stance, []).append(b)
    for v in all_by_class.values():
        v.sort()
    for v in by_stance.values():
        v.sort()

    for (f, stance), its in groups.items():
        ref = None
        own_class = neutral.get(stance, False)
        fm = fam_members[f]
        for cls in (True, False):
            pool = all_by_class[cls]
            if not pool:
                continue
            removed = []
            if own_class == cls:
                removed.append(by_stance[stance])
            if len(fm) > 1:  # the family speaks with several stances on this topic
                own = sorted(b for st, bs in fm.items() if st != stance and neutral.get(st, False) == cls for b in bs)
                if own:
                    removed.append(own)
            m = _median(pool, removed)
            if m is not None:
                ref = (m[0], m[1], cls)
                break
        if ref is None:
            continue
        value, count, is_neutral = ref
        for c, _, _, about, b in its:
            out[c.id] = Comparison(c.id, c.claimant, stance, about, b, value, b / value, count, is_neutral)


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
    base: Base,
    comparisons: dict[str, Comparison],
    min_comparisons: int = MIN_COMPARISONS,
    items: list[_Item] | None = None,
) -> tuple[dict[str, Deviation], dict[str, Deviation]]:
    """(per claimant, per stance). Claimants in sources.yaml order, only those
    with at least one judged figure (compared or not); every stance of the
    vocabulary."""
    if items is None:
        items = judged_items(base)
    per_claimant: dict[str, list[Comparison]] = {}
    per_stance: dict[str, list[Comparison]] = {}
    fig_claimant: dict[str, Counter] = {}
    fig_stance: dict[str, Counter] = {}
    for c, stance, _, about, _ in items:
        fc = fig_claimant.get(c.claimant)
        if fc is None:
            fc = fig_claimant[c.claimant] = Counter()
        fc[about] += 1
        fs = fig_stance.get(stance)
        if fs is None:
            fs = fig_stance[stance] = Counter()
        fs[about] += 1
    for comp in comparisons.values():
        lst = per_claimant.get(comp.claimant)
        if lst is None:
            per_claimant[comp.claimant] = [comp]
        else:
            lst.append(comp)
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


def evidence_status(evidence: dict, claim_id: str) -> str | None:
    ev = evidence.get(claim_id)
    return getattr(ev, "status", None) if ev is not None else None


def track_records(
    base: Base,
    evidence: dict | None,
    claimants: dict[str, Deviation],
) -> dict[str, Record]:
    """Every source's :class:`Record`; ``evidence`` None leaves the counts by
    computed evidence out (``sources`` and ``bias`` do not show them, and the
    suggested grade does not use them)."""
    from .schema import STATUSES

    records = {sid: Record(source=s) for sid, s in base.sources.items()}
    claims = list(base.claims.values())
    sup = base.superseded_by
    # tallies over (source, value) pairs: Counter does the counting in C
    status_c = Counter((c.claimant, c.status) for c in claims)
    evidence_c: Counter = Counter()
    if evidence is not None:
        ev_get = evidence.get
        evidence_c = Counter((c.claimant, getattr(ev_get(c.id), "status", None) or "none") for c in claims)
        for r in records.values():
            r.evidence = {}
    topic_c = Counter((c.claimant, c.topic) for c in claims)
    current_c = Counter(
        (c.claimant, c.status) for c in claims if c.status != "superseded" and c.id not in sup
    )
    stance_of = {sid: src.stance for sid, src in base.sources.items()}
    mix_c: Counter = Counter()
    own_c: Counter = Counter()
    for c in claims:
        rb = c.reported_by
        if not rb:
            continue
        st = stance_of.get(c.claimant)
        outlets = (rb[0].outlet,) if len(rb) == 1 else {a.outlet for a in rb}
        for o in outlets:
            mix_c[(o, st)] += 1
            if o == c.claimant:
                own_c[o] += 1
    for (sid, st), n in status_c.items():
        r = records.get(sid)
        if r is not None:
            r.claims += n
            r.status[st] = n
    for (sid, ev), n in evidence_c.items():
        r = records.get(sid)
        if r is not None:
            r.evidence[ev] = n
    for (sid, tp), n in topic_c.items():
        r = records.get(sid)
        if r is not None:
            r.topics[tp] = n
    good: Counter = Counter()
    bad: Counter = Counter()
    verdicts: Counter = Counter()
    for (sid, st), n in current_c.items():
        r = records.get(sid)
        if r is None:
            continue
        r.judged_status_claims += n
        if st == "corroborated":
            good[sid] += n
        if st in ("refuted", "retracted"):
            bad[sid] += n
        if st in VERDICTS:
            verdicts[sid] += n
    for (o, st), n in mix_c.items():
        r = records.get(o)
        if r is None:
            continue
        r.carried += n
        if st is not None:
            r.stance_mix[st] = n
    for o, n in own_c.items():
        r = records.get(o)
        if r is not None:
            r.own_voice = n
    order = {st: i for i, st in enumerate(STATUSES)}
    eorder = {k: i for i, k in enumerate(EVIDENCE_KEYS)}
    sorder = {st: i for i, st in enumerate(base.stances)}
    for sid, r in records.items():
        r.status = {k: r.status.get(k, 0) for k in STATUSES} | {
            k: v for k, v in sorted(r.status.items()) if k not in order
        }
        if r.evidence is not None:
            r.evidence = {k: r.evidence.get(k, 0) for k in EVIDENCE_KEYS} | {
                k: v for k, v in sorted(r.evidence.items()) if k not in eorder
            }
        r.stance_mix = dict(sorted(r.stance_mix.items(), key=lambda kv: (-kv[1], sorder.get(kv[0], len(sorder)), kv[0])))
        r.deviation = claimants.get(sid)
        r.suggested = suggest_reliability(
            r.judged_status_claims, good[sid], bad[sid], verdicts[sid], r.deviation.inflation if r.deviation else None
        )
    return records


def analyse(
    base: Base, min_comparisons: int = MIN_COMPARISONS, *, evidence: dict | None = None, with_evidence: bool = True
) -> BiasReport:
    """Every bias measure of the base. ``evidence`` (claim id -> Evidence) is
    computed with the cross-referencing module when not given, unless
    ``with_evidence`` is False (records then carry no evidence counts)."""
    if evidence is None and with_evidence:
        from .xref import compute_evidence

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
