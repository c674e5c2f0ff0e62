"""Deviation from independent figures: each judged claim's ratio to the median
of the figures that independent claimants of another stance give on its
topic, and the inflation factor of each claimant and stance (``docs/bias.md``
states the rules).

References are computed once per (topic, kind, claimant family, stance)
group, from sorted lists of bests with the family's own claims subtracted by
counting (bisect), so one topic with 20,000 claims costs O(n log^2 n).
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass

from ..model import Base, Claim

MIN_COMPARISONS = 3
ABOUT_CLASSES = ("own", "opposing", "unspecified")


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
    reference (``docs/bias.md`` states the rule)."""
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


