"""Cross-referencing: which figures on a topic agree, which conflict, and what
range is defensible.

Pure and free of typer/rich: every command (``claims``, ``show``, ``conflicts``,
``validate``'s CC505, the bias tracker, the exports) asks this module.

Rules (the README's ``xref`` section states the same, tests pin each):

* **Comparison.** Claims on one ``topic`` are compared through their figure
  intervals, only between figures of the same kind (number, percent, date).
  Two figures *agree* when their closed intervals overlap (touching counts) and
  *conflict* when they are disjoint. The size of a conflict is the ratio between
  the nearer bounds (:func:`claimcheck.figures.gap_ratio`: "dozens" [12..99]
  against "a few hundred" [200..500] is 200/99, about 2.0x); for dates it is the
  number of days between them (:func:`claimcheck.figures.gap_days`). An open
  upper bound ("more than 400") reaches to infinity. Claims without a figure are
  not compared.
* **Supersession.** A claim that another claim ``supersedes`` is not compared
  and has no computed evidence: it is shown as a revision of its successor.
* **Cumulative topics.** On a topic declared ``cumulative`` (a running total),
  when one claim's date lies entirely after the other's (dates are the claim's
  ``as_of``, else its earliest report date; ``2018-05`` covers the whole month)
  and the later claim's interval lies entirely above the earlier one's, the pair
  is *consistent*: neither a conflict nor an agreement. A later figure below an
  earlier one is still a conflict; claims without a date, or whose dates
  overlap, compare as usual.
* **Independence.** Two claims corroborate or contest each other only if their
  claimants are independent: different sources whose ``part_of`` chains do not
  meet (:meth:`claimcheck.model.Base.independent`), so a claimant's own media
  wing agreeing with it is *repetition*, not corroboration. Outlets are never
  claimants of the claims they carry: one claim carried by several outlets is
  one claim (circular reporting adds nothing), and two claims of one claimant
  (or of one ``part_of`` family) never count for each other.
* **Stance.** An agreement between claimants of different stances is
  ``cross-stance`` (a neutral stance counts as different from every side); one
  between claimants of the same stance is ``same-stance``. Cross-stance
  agreement counts for more: :attr:`Evidence.cross_stance` says whether a
  claim has any, and every pair says which it is.
* **Evidence** of a claim with a figure that is not superseded:
  ``corroborated`` (some independent claim agrees, none conflicts),
  ``contested`` (some independent claim conflicts, none agrees), ``mixed``
  (both), ``single-source`` (no independent claim agrees or conflicts).
  ``None`` for a claim without a figure, or superseded.
* **Declared status against evidence (CC505).** Declared ``corroborated`` with
  no independent claim agreeing (computed ``single-source`` or ``contested``);
  declared ``contested`` while independent claims agree and none conflicts
  (computed ``corroborated``). Claims without computed evidence get none.
* **Best estimates** per topic, among its compared claims (not superseded,
  with a figure of the topic's main kind). A claim's *point* is its ``best``,
  else the midpoint of a closed interval, else its low bound (an open "more
  than N" gives N).

  - ``conservative`` (ACLED's rule, the lowest credible figure): the lowest
    ``best`` (else ``low``) among claims whose claimant's reliability is A to D;
    among all claims where none is. It rests on the claims giving that value.
  - ``reliable`` (UCDP's rule, the figure of the most reliable source): the
    claims whose claimant has the best Admiralty grade (A best, F worst); the
    median of their points. It rests on those claims.
  - ``neutral``: the median point of claims whose claimant's stance is
    neutral; of all claims where none is. It rests on those claims.

Bounds, so that one topic of 20,000 claims costs what 20,000 claims spread over
many topics do (no loop over all pairs of a topic):

* counts of agreeing and conflicting independent claims are exact, computed by
  bisection on sorted bounds, subtracting each ``part_of`` family's own counts
  (and, on cumulative topics, a sweep counting the *consistent* pairs);
* topics of at most :data:`SMALL_GROUP` compared claims are compared pair by
  pair; above that, :attr:`Evidence.agree` / :attr:`Evidence.conflict` list
  at most :data:`EVIDENCE_IDS_CAP` ids each, the nearest figures, found by
  scanning at most :data:`SCAN_LIMIT` neighbours each way in sorted order
  (the counts ``n_agree``/``n_conflict`` stay exact; ``compute_evidence(base,
  ids=False)`` skips the lists where only the status is needed);
* a topic's ``pairs`` list holds at most :data:`PAIRS_CAP` pairs between claims
  of distinct families, conflicts first, most severe first; topics with more
  than :data:`PAIR_ENUM_LIMIT` compared claims draw them from the
  :data:`EXTREMES` lowest and highest figures. ``conflicting_pairs`` and
  ``agreeing_pairs`` count every pair exactly.
"""

from __future__ import annotations

import math
import statistics
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from datetime import date
from fnmatch import fnmatchcase
from functools import lru_cache
from typing import Iterable

from .diagnostics import Diagnostic
from .figures import Figure, gap_days, gap_ratio
from .model import Base, Claim

EVIDENCE_IDS_CAP = 10
SCAN_LIMIT = 200
PAIRS_CAP = 200
SMALL_GROUP = 24  # groups this small are compared pair by pair (exact id lists too)
PAIR_ENUM_LIMIT = 120
EXTREMES = 60
#: A date conflict of this many days ranks like a 2x figure conflict (severity 1 + days / DAYS_PER_RATIO).
DAYS_PER_RATIO = 30
CREDIBLE_GRADES = frozenset("ABCD")
BEST_RULES = ("conservative", "reliable", "neutral")
EVIDENCE_STATUSES = ("single-source", "corroborated", "contested", "mixed")

_INF = math.inf


@dataclass(frozen=True, slots=True)
class Evidence:
    """Computed evidence of one claim (``status`` None: no figure, or superseded)."""

    status: str | None
    agree: tuple[str, ...] = ()  # independent claims whose figures overlap (at most EVIDENCE_IDS_CAP)
    conflict: tuple[str, ...] = ()  # independent claims whose figures are disjoint (at most EVIDENCE_IDS_CAP)
    cross_stance: bool = False  # some agreeing independent claimant is of another stance
    n_agree: int = 0  # exact counts
    n_conflict: int = 0
    n_cross_agree: int = 0


NO_EVIDENCE = Evidence(None)


# --------------------------------------------------------------------------
# Families and items
# --------------------------------------------------------------------------


def families(base: Base) -> dict[str, str]:
    """Source id -> family key (:attr:`Base.families`): two sources are
    independent exactly when their keys differ."""
    return base.families


def date_range(text: str | None) -> tuple[int, int] | None:
    """'2018-05' -> (first, last) day ordinals; None if absent or unreadable."""
    if not text:
        return None
    return _date_range(text)


@lru_cache(maxsize=4096)
def _date_range(text: str) -> tuple[int, int] | None:
    from .schema import parse_date_text

    r = parse_date_text(text)
    if isinstance(r, str):
        return None
    return r[0].toordinal(), r[1].toordinal()


class _Item:
    __slots__ = ("claim", "id", "low", "high", "fam", "stance", "d0", "d1", "kind")

    def __init__(self, claim: Claim, fam: str, stance: str | None, dates: tuple[int, int] | None):
        f = claim.figure
        self.claim = claim
        self.id = claim.id
        self.low = f.low
        self.high = _INF if f.high is None else f.high
        self.kind = f.kind
        self.fam = fam
        self.stance = stance
        self.d0, self.d1 = dates if dates else (None, None)


def _consistent(a: _Item, b: _Item) -> bool:
    """Cumulative rule: one dated entirely after the other and entirely above it."""
    if a.d0 is None or b.d0 is None:
        return False
    if b.d0 > a.d1 and b.low > a.high:
        return True
    return a.d0 > b.d1 and a.low > b.high


def _relation(a: _Item, b: _Item, cumulative: bool) -> str:
    if a.low <= b.high and b.low <= a.high:
        return "agree"
    if cumulative and _consistent(a, b):
        return "consistent"
    return "conflict"


class _Sorted:
    """Sorted lows and highs of a set of items: overlap counts by bisection."""

    __slots__ = ("lows", "highs")

    def __init__(self, items: Iterable[_Item]):
        items = list(items)
        self.lows = sorted(i.low for i in items)
        self.highs = sorted(i.high for i in items)

    @classmethod
    def of(cls, lows: list[float], highs: list[float]) -> _Sorted:
        """From bounds already sorted."""
        new = cls.__new__(cls)
        new.lows, new.highs = lows, highs
        return new

    def overlapping(self, x: _Item) -> int:
        """How many items (x itself included, if present) overlap x."""
        n = len(self.lows)
        above = n - bisect_right(self.lows, x.high)
        below = bisect_left(self.highs, x.low)
        return n - above - below


def _dominance(points: list[tuple[float, float]], queries: list[tuple[float, float]]) -> list[int]:
    """For each query (qa, qb): how many points have a > qa and b > qb. O((n+m) log n)."""
    if not points or not queries:
        return [0] * len(queries)
    bs = sorted({p[1] for p in points})
    tree = [0] * (len(bs) + 1)

    def add(i: int) -> None:
        i += 1
        while i < len(tree):
            tree[i] += 1
            i += i & -i

    def prefix(i: int) -> int:  # count of inserted with rank < i
        s = 0
        while i > 0:
            s += tree[i]
            i -= i & -i
        return s

    pts = sorted(points, key=lambda p: -p[0])
    order = sorted(range(len(queries)), key=lambda k: -queries[k][0])
    out = [0] * len(queries)
    j = inserted = 0
    for k in order:
        qa, qb = queries[k]
        while j < len(pts) and pts[j][0] > qa:
            add(bisect_left(bs, pts[j][1]))
            inserted += 1
            j += 1
        out[k] = inserted - prefix(bisect_right(bs, qb))
    return out


def _consistent_counts(items: list[_Item]) -> list[int]:
    """Per item: how many other items are *consistent* with it (cumulative rule)."""
    dated = [k for k, i in enumerate(items) if i.d0 is not None]
    out = [0] * len(items)
    if len(dated) < 2:
        return out
    later = _dominance([(items[k].d0, items[k].low) for k in dated], [(items[k].d1, items[k].high) for k in dated])
    earlier = _dominance([(-items[k].d1, -items[k].high) for k in dated], [(-items[k].d0, -items[k].low) for k in dated])
    for n, k in enumerate(dated):
        out[k] = later[n] + earlier[n]
    return out


def _by_family_and_stance(items: list[_Item], values: list[float]) -> tuple[dict, dict, dict]:
    """``values`` (one per item, in order) split by the items' family, stance
    and (stance, family)."""
    fam: dict = {}
    st: dict = {}
    both: dict = {}
    for i, x in zip(items, values):
        f, s = i.fam, i.stance
        fam.setdefault(f, []).append(x)
        st.setdefault(s, []).append(x)
        both.setdefault((s, f), []).append(x)
    return fam, st, both


class _Group:
    """The compared claims of one topic and one figure kind."""

    def __init__(self, items: list[_Item], cumulative: bool):
        self.items = items
        self.cumulative = cumulative
        self.by_low = sorted(items, key=lambda i: i.low)
        self.lows = [i.low for i in self.by_low]
        self.by_high = sorted(items, key=lambda i: i.high)
        self.highs = [i.high for i in self.by_high]
        self.small: dict[str, Evidence] | None = None
        self.lo_rows: list[tuple] | None = None
        self._counts: dict[str, tuple[int, int, int]] | None = None
        if len(items) <= SMALL_GROUP:
            self.small = self._direct()
            return
        self.all = _Sorted.of(self.lows, self.highs)
        fam: dict[str, list[_Item]] = {}
        for i in items:
            fam.setdefault(i.fam, []).append(i)
        self.fam_items = fam
        self.fam, self.st, self.sf = self._bounds()
        self.consistent_all: dict[str, int] = {}
        self.consistent_fam: dict[str, int] = {}
        if cumulative:
            for i, n in zip(items, _consistent_counts(items)):
                self.consistent_all[i.id] = n
            for members in fam.values():
                if len(members) > 1:
                    for i, n in zip(members, _consistent_counts(members)):
                        self.consistent_fam[i.id] = n

    def _bounds(self) -> tuple[dict, dict, dict]:
        """The sorted bounds of each family, stance and (stance, family),
        taken in order from by_low and by_high: already sorted."""
        lows = _by_family_and_stance(self.by_low, self.lows)
        highs = _by_family_and_stance(self.by_high, self.highs)
        return tuple({k: _Sorted.of(v, hi[k]) for k, v in lo.items()}  # type: ignore[return-value]
                     for lo, hi in zip(lows, highs))

    def _direct(self) -> dict[str, Evidence]:
        """Every pair of a small group, directly (at most SMALL_GROUP squared)."""
        out: dict[str, Evidence] = {}
        cum = self.cumulative
        for x in self.by_low:
            agree: list[str] = []
            conflict: list[str] = []
            cross = 0
            for o in self.by_low:
                if o.fam == x.fam:
                    continue
                if x.low <= o.high and o.low <= x.high:
                    agree.append(o.id)
                    if o.stance != x.stance:
                        cross += 1
                elif not (cum and _consistent(x, o)):
                    conflict.append(o.id)
            out[x.id] = _make_evidence(agree, conflict, cross)
        return out

    def counts(self, x: _Item) -> tuple[int, int, int]:
        """(independent agreeing, independent conflicting, cross-stance agreeing), exact."""
        if self._counts is None:
            self._counts = dict(zip([i.id for i in self.items], self.all_counts()))
        return self._counts[x.id]

    def _columns(self) -> None:
        if self.lo_rows is None:
            self.lo_rows = [(i.id, i.fam, i.high) for i in self.by_low]
            self.hi_rows = [(i.id, i.fam) for i in self.by_high]

    def agree_ids(self, x: _Item) -> tuple[str, ...]:
        """Independent agreeing claims with the nearest lows at or below x's
        high, at most EVIDENCE_IDS_CAP (scanning at most SCAN_LIMIT)."""
        self._columns()
        k = bisect_right(self.lows, x.high)
        f, lo = x.fam, x.low
        rows = self.lo_rows
        res: list[str] = []
        for w in (2 * EVIDENCE_IDS_CAP, SCAN_LIMIT):
            a = k - w if k > w else 0
            res = [i for i, fm, h in rows[a:k] if fm != f and h >= lo]
            if len(res) >= EVIDENCE_IDS_CAP or a == 0:
                break
        if len(res) > EVIDENCE_IDS_CAP:
            del res[:-EVIDENCE_IDS_CAP]
        res.sort()
        return tuple(res)

    def conflict_ids(self, x: _Item) -> tuple[str, ...]:
        """The nearest independent conflicting claims above and below x, at
        most EVIDENCE_IDS_CAP (scanning at most SCAN_LIMIT each way)."""
        cap = EVIDENCE_IDS_CAP
        f = x.fam
        up = bisect_right(self.lows, x.high)
        down = bisect_left(self.highs, x.low)
        if self.cumulative and x.d0 is not None:
            above_w = self.by_low[up:up + SCAN_LIMIT]
            below_w = self.by_high[max(0, down - SCAN_LIMIT):down]
            above = [o.id for o in above_w if o.fam != f and not _consistent(x, o)][:cap]
            below = [o.id for o in below_w if o.fam != f and not _consistent(x, o)][-cap:]
        else:
            self._columns()
            rows = self.lo_rows
            n = len(rows)
            above = below = []
            if up < n:
                for w in (2 * cap, SCAN_LIMIT):
                    e = min(n, up + w)
                    above = [i for i, fm, _ in rows[up:e] if fm != f]
                    if len(above) >= cap or e == n:
                        break
            if down:
                rows_hi = self.hi_rows
                for w in (2 * cap, SCAN_LIMIT):
                    a = down - w if down > w else 0
                    below = [i for i, fm in rows_hi[a:down] if fm != f]
                    if len(below) >= cap or a == 0:
                        break
        k_a = min(len(above), max(cap // 2, cap - len(below)))
        k_b = min(len(below), cap - k_a)
        return tuple(sorted(above[:k_a] + below[len(below) - k_b:]))

    def all_counts(self) -> list[tuple[int, int, int]]:
        """:meth:`counts` of every item, in the order of ``items``: the same
        bisections, in one loop (the loop runs once per compared claim of the
        base, for evidence and for conflicts alike)."""
        if self.small is not None:
            small = self.small
            return [(e.n_agree, e.n_conflict, e.n_cross_agree) for e in (small[i.id] for i in self.items)]
        br, bl = bisect_right, bisect_left
        lows, highs = self.lows, self.highs
        fam, st, sf = self.fam, self.st, self.sf
        fam_n = {k: len(v) for k, v in self.fam_items.items()}
        n = len(self.items)
        cumulative = self.cumulative
        ca, cf = self.consistent_all, self.consistent_fam
        out: list[tuple[int, int, int]] = []
        for x in self.items:
            lo, hi, f, s = x.low, x.high, x.fam, x.stance
            F, S, SF = fam[f], st[s], sf[(s, f)]
            agree = (br(lows, hi) - bl(highs, lo)) - (br(F.lows, hi) - bl(F.highs, lo))
            same_stance = (br(S.lows, hi) - bl(S.highs, lo)) - (br(SF.lows, hi) - bl(SF.highs, lo))
            conflict = n - fam_n[f] - agree
            if cumulative:
                conflict -= ca.get(x.id, 0) - cf.get(x.id, 0)
            out.append((agree, conflict, agree - same_stance))
        return out

    def evidence(self, x: _Item, ids: bool = True) -> Evidence:
        if self.small is not None:
            return self.small[x.id]
        return self._evidence(x, self.counts(x), ids)

    def all_evidence(self, ids: bool = True) -> list[Evidence]:
        """:meth:`evidence` of every item, in the order of ``items``."""
        if self.small is not None:
            small = self.small
            return [small[i.id] for i in self.items]
        make = self._evidence
        return [make(x, c, ids) for x, c in zip(self.items, self.all_counts())]

    def _evidence(self, x: _Item, counts: tuple[int, int, int], ids: bool) -> Evidence:
        agree, conflict, cross = counts
        return Evidence(
            evidence_status(agree, conflict),
            self.agree_ids(x) if agree and ids else (),
            self.conflict_ids(x) if conflict and ids else (),
            cross > 0,
            agree,
            conflict,
            cross,
        )


def evidence_status(agree: int, conflict: int) -> str:
    """The evidence rule, from the numbers of independent claims whose figures
    agree with a claim and conflict with it."""
    if agree:
        return "mixed" if conflict else "corroborated"
    return "contested" if conflict else "single-source"


def _make_evidence(agree: list[str], conflict: list[str], cross: int) -> Evidence:
    return Evidence(evidence_status(len(agree), len(conflict)), _capped(agree), _capped(conflict),
                    cross > 0, len(agree), len(conflict), cross)


def _capped(ids: list[str]) -> tuple[str, ...]:
    """At most EVIDENCE_IDS_CAP ids, sorted: all of them when few; else the
    first ones in the order given (callers list them by the claims' low bounds)."""
    return tuple(sorted(ids[:EVIDENCE_IDS_CAP]))


# --------------------------------------------------------------------------
# Topics
# --------------------------------------------------------------------------


class _Context:
    """Per-base lookups shared by the computations of one call."""

    def __init__(self, base: Base):
        self.base = base
        self.fam = families(base)
        self.sources = base.sources
        self.superseded = base.superseded_by

    def family(self, sid: str) -> str:
        f = self.fam.get(sid)
        return f if f is not None else sid

    def compared(self, c: Claim) -> bool:
        return c.figure is not None and c.id not in self.superseded

    def item(self, c: Claim, dated: bool = True) -> _Item:
        cl = c.claimant
        src = self.sources.get(cl)
        return _Item(c, self.fam.get(cl) or cl, src.stance if src else None, date_range(c.date) if dated else None)

    def groups(self, topic: str) -> dict[str, _Group]:
        """Figure kind -> group of the topic's compared claims."""
        base = self.base
        t = base.topics.get(topic)
        cumulative = bool(t and t.cumulative)
        by_kind: dict[str, list[_Item]] = {}
        item_of, superseded = self.item, self.superseded
        for c in base.by_topic.get(topic, ()):
            f = c.figure
            if f is None or c.id in superseded:  # self.compared, inlined: once per claim
                continue
            item = item_of(c, cumulative)
            group = by_kind.get(f.kind)
            if group is None:
                by_kind[f.kind] = [item]
            else:
                group.append(item)
        return {k: _Group(v, cumulative) for k, v in by_kind.items()}


def _evidence(base: Base, topics: Iterable[str] | None = None, ids: bool = True) -> dict[str, Evidence]:
    ctx = _Context(base)
    out: dict[str, Evidence] = {}
    for topic in (base.by_topic if topics is None else topics):
        for g in ctx.groups(topic).values():
            out.update(zip([x.id for x in g.items], g.all_evidence(ids)))
    return out


def compute_evidence(base: Base, *, ids: bool = True, topics: Iterable[str] | None = None) -> dict[str, Evidence]:
    """Claim id -> computed :class:`Evidence`, for every claim in ``base.claims``
    (only the claims of ``topics`` when given). ``ids=False`` leaves the
    ``agree``/``conflict`` id lists of topics above SMALL_GROUP claims empty
    (status, counts and ``cross_stance`` stay exact): about three times
    faster on huge topics, for callers that need only the status.

    The whole base's evidence is computed once and kept in ``base.memo``
    (the CC505 check may already have computed it: ``open_base(evidence=...)``):
    the dict returned is shared, callers must not change it; and ``ids=False``
    may return the id lists too, where they were computed already."""
    ev = base.memo.get(_EVIDENCE_IDS)
    if ev is None and not ids:
        ev = base.memo.get(_EVIDENCE_NO_IDS)
    if ev is None:
        if topics is not None:
            wanted = set(topics)
            part = _evidence(base, wanted, ids)
            return {cid: part.get(cid, NO_EVIDENCE) for cid, c in base.claims.items() if c.topic in wanted}
        part = _evidence(base, None, ids)
        ev = base.memo[_EVIDENCE_IDS if ids else _EVIDENCE_NO_IDS] = {cid: part.get(cid, NO_EVIDENCE) for cid in base.claims}
    if topics is not None:
        wanted = set(topics)
        return {cid: ev[cid] for cid, c in base.claims.items() if c.topic in wanted}
    return ev


_EVIDENCE_IDS = "evidence"
_EVIDENCE_NO_IDS = "evidence-without-ids"
#: ``base.memo`` key set by ``open_base(evidence=...)``: True or False when the
#: command will ask for every claim's evidence (with or without id lists), so
#: the CC505 check computes it once for both.
EVIDENCE_WANTED = "evidence-wanted"


def status_disagreement(claim: Claim, ev: Evidence | None) -> str | None:
    """Why the declared status disagrees with the computed evidence, or None."""
    if ev is None or ev.status is None:
        return None
    if claim.status == "corroborated" and ev.status in ("single-source", "contested"):
        why = "no independent claim on its topic gives an overlapping figure"
        if ev.status == "contested":
            why += f"; {ev.n_conflict} independent claim(s) give a disjoint figure"
        return f"declared corroborated, but {why} (computed evidence: {ev.status})"
    if claim.status == "contested" and ev.status == "corroborated":
        return (f"declared contested, but {ev.n_agree} independent claim(s) on its topic give an overlapping figure "
                "and none a disjoint one (computed evidence: corroborated)")
    return None


def status_warnings(base: Base) -> list[Diagnostic]:
    """CC505 for each claim whose declared status disagrees with its computed
    evidence. Unless the command that opened the base wants every claim's
    evidence anyway (``base.memo[EVIDENCE_WANTED]``), only topics holding a
    declared corroborated/contested claim with a figure are cross-referenced,
    and only the exact counts of those declared claims are computed (no id
    lists, no stance counts: :func:`_status_counts`), so validate stays fast."""
    ctx = _Context(base)
    declared: dict[str, list[Claim]] = {}
    for c in base.claims.values():
        if (c.status == "corroborated" or c.status == "contested") and ctx.compared(c):
            declared.setdefault(c.topic, []).append(c)
    if not declared:
        return []
    from .checks import _claim_at

    want = base.memo.get(EVIDENCE_WANTED)
    full = compute_evidence(base, ids=want) if want is not None else None
    out: list[Diagnostic] = []
    for t in sorted(declared):
        if full is not None:
            counts = {c.id: (full[c.id].n_agree, full[c.id].n_conflict) for c in declared[t]}
        else:
            counts = _status_counts(ctx, t, declared[t])
        for c in declared[t]:
            agree, conflict = counts[c.id]
            status = evidence_status(agree, conflict)
            why = status_disagreement(c, Evidence(status, n_agree=agree, n_conflict=conflict))
            if why:
                out.append(_claim_at(base, c, "status", "CC505", f"claim {c.id!r}: {why}"))
    return out


def _status_counts(ctx: _Context, topic: str, wanted: list[Claim]) -> dict[str, tuple[int, int]]:
    """(independent agreeing, independent conflicting) of each wanted claim,
    exactly as :meth:`_Group.counts` gives them, by bisection on the sorted
    bounds of the claim's kind group minus those of its own family."""
    base = ctx.base
    t = base.topics.get(topic)
    cumulative = bool(t and t.cumulative)
    kinds = {c.figure.kind for c in wanted}
    by_kind: dict[str, list[_Item]] = {}
    for c in base.by_topic.get(topic, ()):
        if c.figure is not None and c.figure.kind in kinds and c.id not in ctx.superseded:
            by_kind.setdefault(c.figure.kind, []).append(ctx.item(c, cumulative))
    out: dict[str, tuple[int, int]] = {}
    for items in by_kind.values():
        everyone = _Sorted(items)
        fam: dict[str, list[_Item]] = {}
        for i in items:
            fam.setdefault(i.fam, []).append(i)
        fam_sorted: dict[str, _Sorted] = {}
        consistent_all: dict[str, int] = {}
        consistent_fam: dict[str, int] = {}
        if cumulative:
            for i, n in zip(items, _consistent_counts(items)):
                consistent_all[i.id] = n
        ids = {c.id for c in wanted}
        for x in items:
            if x.id not in ids:
                continue
            members = fam[x.fam]
            fs = fam_sorted.get(x.fam)
            if fs is None:
                fs = fam_sorted[x.fam] = _Sorted(members)
                if cumulative and len(members) > 1:
                    for i, n in zip(members, _consistent_counts(members)):
                        consistent_fam[i.id] = n
            agree = everyone.overlapping(x) - fs.overlapping(x)
            conflict = len(items) - len(members) - agree
            if cumulative:
                conflict -= consistent_all.get(x.id, 0) - consistent_fam.get(x.id, 0)
            out[x.id] = (agree, conflict)
    return out


# --------------------------------------------------------------------------
# Relations of one claim (show)
# --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Relation:
    """Another claim on the topic, as seen from one claim."""

    claim: Claim
    relation: str  # agree | conflict | consistent | superseded | no-figure | incomparable | not-compared
    independent: bool
    stances: str | None  # cross-stance | same-stance (agree/conflict only)
    ratio: float | None = None
    gap_days: int | None = None


def relations(base: Base, claim_id: str) -> list[Relation]:
    """Every other claim on the claim's topic and how it relates to it. O(topic size)."""
    ctx = _Context(base)
    c = base.claims[claim_id]
    t = base.topics.get(c.topic)
    cumulative = bool(t and t.cumulative)
    x = ctx.item(c) if c.figure is not None and c.id not in ctx.superseded else None
    out: list[Relation] = []
    for o in base.by_topic.get(c.topic, ()):
        if o.id == c.id:
            continue
        indep = ctx.family(o.claimant) != ctx.family(c.claimant)
        if o.id in ctx.superseded:
            out.append(Relation(o, "superseded", indep, None))
            continue
        if x is None:  # this claim is not compared: no figure, or superseded
            out.append(Relation(o, "not-compared", indep, None))
            continue
        if o.figure is None:
            out.append(Relation(o, "no-figure", indep, None))
            continue
        if o.figure.kind != c.figure.kind:
            out.append(Relation(o, "incomparable", indep, None))
            continue
        y = ctx.item(o)
        rel = _relation(x, y, cumulative)
        st = "same-stance" if y.stance == x.stance else "cross-stance"
        out.append(Relation(o, rel, indep, st, gap_ratio(c.figure, o.figure), gap_days(c.figure, o.figure)))
    order = {"conflict": 0, "agree": 1, "consistent": 2, "incomparable": 3, "no-figure": 4, "not-compared": 5,
             "superseded": 6}
    out.sort(key=lambda r: (order[r.relation], not r.independent, r.claim.id))
    return out


def revisions(base: Base, claim_id: str) -> tuple[list[Claim], list[Claim]]:
    """(earlier claims this one revises, oldest first; later claims that revise it, nearest first)."""
    before: list[Claim] = []
    seen = {claim_id}
    cur = base.claims.get(claim_id)
    while cur is not None and cur.supersedes and cur.supersedes not in seen:
        seen.add(cur.supersedes)
        cur = base.claims.get(cur.supersedes)
        if cur is not None:
            before.append(cur)
    before.reverse()
    after: list[Claim] = []
    frontier = [claim_id]
    while frontier:
        nxt = []
        for cid in frontier:
            for s in base.superseded_by.get(cid, ()):
                if s not in seen and s in base.claims:
                    seen.add(s)
                    after.append(base.claims[s])
                    nxt.append(s)
        frontier = nxt
    return before, after


def explain(base: Base, claim: Claim, ev: Evidence | None) -> list[str]:
    """Plain sentences saying why the claim has the evidence it has."""
    if claim.figure is None:
        return ["No figure: a qualitative claim is not compared, and has no computed evidence."]
    if base.is_superseded(claim.id):
        later = ", ".join(base.superseded_by[claim.id])
        return [f"Superseded by {later}: a revised claim is not compared; its successor is."]
    ev = ev or NO_EVIDENCE
    lines: list[str] = []
    if ev.status == "single-source":
        lines.append("No claimant independent of this one gives a comparable figure that agrees or conflicts: single source.")
    if ev.n_agree:
        kind = f"{ev.n_cross_agree} of them cross-stance" if ev.n_cross_agree else "all same-stance"
        lines.append(f"{ev.n_agree} independent claim(s) give an overlapping figure ({kind}).")
    if ev.n_conflict:
        lines.append(f"{ev.n_conflict} independent claim(s) give a disjoint figure.")
    t = base.topics.get(claim.topic)
    if t and t.cumulative:
        lines.append("The topic is cumulative: a later, larger figure dated after an earlier one is consistent, not a conflict.")
    lines.append("Claims of the same claimant or part_of family repeat it, they do not corroborate it; "
                 "outlets carrying it add no evidence.")
    why = status_disagreement(claim, ev)
    if why:
        lines.append(f"Declared status disagrees (CC505): {why}.")
    return lines


# --------------------------------------------------------------------------
# Topic reports (conflicts)
# --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Pair:
    a: str
    b: str
    relation: str  # conflict | agree
    stances: str  # cross-stance | same-stance
    ratio: float | None  # figure conflicts: upper.low / lower.high
    gap_days: int | None  # date conflicts
    severity: float  # ratio, or 1 + days / DAYS_PER_RATIO; 0 for agreement


@dataclass(frozen=True, slots=True)
class BestEstimate:
    rule: str
    value: float | None
    claims: tuple[str, ...]
    pool: str  # which claims the rule drew from, in words


@dataclass
class TopicReport:
    topic: str
    title: str | None
    unit: str | None
    cumulative: bool
    kind: str | None  # main figure kind of the compared claims
    claims: list[Claim]  # compared claims of the main kind, lowest figure first
    revisions: list[Claim]  # superseded claims (not compared)
    others: list[Claim]  # no figure
    low: float | None = None
    high: float | None = None  # None: open above (or no claims)
    best: BestEstimate | None = None
    conflict: bool = False
    severity: float = 0.0
    pairs: list[Pair] = field(default_factory=list)
    conflicting_pairs: int = 0
    agreeing_pairs: int = 0


def point(f: Figure) -> float:
    """A figure's single value: best, else the midpoint of a closed interval, else low."""
    if f.best is not None:
        return f.best
    if f.high is not None:
        return (f.low + f.high) / 2
    return f.low


def _median(xs: list[float]) -> float:
    return statistics.median(xs)


def best_estimate(base: Base, claims: list[Claim], rule: str) -> BestEstimate | None:
    """The topic's best estimate by ``rule`` (see the module docstring)."""
    if not claims:
        return None
    if rule not in BEST_RULES:
        raise ValueError(f"unknown best-estimate rule {rule!r}; choose one of {', '.join(BEST_RULES)}")

    def grade(c: Claim) -> str:
        s = base.sources.get(c.claimant)
        return s.reliability if s else "F"

    if rule == "conservative":
        pool = [c for c in claims if grade(c) in CREDIBLE_GRADES]
        words = "claimants graded A-D"
        if not pool:
            pool, words = claims, "all claimants (none graded A-D)"
        vals = {c.id: (c.figure.best if c.figure.best is not None else c.figure.low) for c in pool}
        v = min(vals.values())
        return BestEstimate(rule, v, tuple(sorted(k for k, x in vals.items() if x == v)), words)
    if rule == "reliable":
        g = min(grade(c) for c in claims)
        pool = [c for c in claims if grade(c) == g]
        return BestEstimate(rule, _median([point(c.figure) for c in pool]), tuple(sorted(c.id for c in pool)),
                            f"claimants graded {g}, the best grade on the topic")
    pool = [c for c in claims if base.is_neutral(base.stance_of(c.claimant))]
    words = "claimants of a neutral stance"
    if not pool:
        pool, words = claims, "all claimants (none of a neutral stance)"
    return BestEstimate(rule, _median([point(c.figure) for c in pool]), tuple(sorted(c.id for c in pool)), words)


def _severity(ratio: float | None, days: int | None) -> float:
    if ratio is not None:
        return ratio
    if days is not None:
        return 1.0 + days / DAYS_PER_RATIO
    return 0.0


def _pairs(g: _Group) -> list[Pair]:
    """Pairs of claims of distinct families: conflicts first, most severe
    first, then agreements in id order, PAIRS_CAP in all.

    Conflicts are found by bisection (the claims starting above a claim's
    high bound), agreements by walking claims in id order until the cap is
    full, so a topic of many agreeing claims does not enumerate every pair."""
    items = g.items
    if len(items) > PAIR_ENUM_LIMIT:
        cand = {id(i): i for i in g.by_high[:EXTREMES]}
        cand.update({id(i): i for i in g.by_low[-EXTREMES:]})
        cand.update({id(i): i for i in g.by_low[:EXTREMES]})
        items = list(cand.values())
    cumulative = g.cumulative
    by_low = sorted(items, key=lambda i: i.low)
    lows = [i.low for i in by_low]
    # (-severity, a, b, x, y) of every conflicting pair; Pairs are made for
    # the PAIRS_CAP kept only. Sorting the tuples sorts by (-severity, a, b):
    # a pair of ids occurs once.
    found: list[tuple] = []
    dates = g.items[0].kind == "date" if g.items else False
    for x in items:
        xh = x.high
        if xh == _INF:
            continue
        xf, xid = x.fam, x.id
        for y in by_low[bisect_right(lows, xh):]:  # y.low > x.high: disjoint
            if xf == y.fam or (cumulative and _consistent(x, y)):
                continue
            # x lies wholly below y: figures.gap_ratio / gap_days, inlined
            if dates:
                r, d = None, int(y.low - xh)
            else:
                r, d = (math.inf if xh == 0 else y.low / xh), None
            sev = _severity(r, d)
            found.append((-sev, xid, y.id, r, d, x, y) if xid < y.id else (-sev, y.id, xid, r, d, x, y))
    found.sort(key=lambda t: t[:3])
    out: list[Pair] = [
        Pair(a, b, "conflict", "same-stance" if x.stance == y.stance else "cross-stance", r, d, -neg)
        for neg, a, b, r, d, x, y in found[:PAIRS_CAP]
    ]
    room = PAIRS_CAP - len(out)
    if room > 0:
        by_id = sorted(items, key=lambda i: i.id)
        for n, x in enumerate(by_id):
            for y in by_id[n + 1:]:
                if x.fam != y.fam and x.low <= y.high and y.low <= x.high:
                    st = "same-stance" if x.stance == y.stance else "cross-stance"
                    out.append(Pair(x.id, y.id, "agree", st, None, None, 0.0))
                    room -= 1
                    if not room:
                        return out
    return out


def topic_report(base: Base, topic: str, best: str = "conservative", *, _ctx: _Context | None = None,
                 _only_conflicts: bool = False) -> TopicReport | None:
    """Everything ``conflicts`` says about one topic."""
    ctx = _ctx or _Context(base)
    t = base.topics.get(topic)
    groups = ctx.groups(topic)
    all_claims = base.by_topic.get(topic, [])
    rep = TopicReport(topic, t.title if t else None, t.unit if t else None, bool(t and t.cumulative), None, [], [], [])
    rep.revisions = [c for c in all_claims if c.id in ctx.superseded]
    if groups:
        rank = {"number": 0, "percent": 1, "date": 2}
        kind = max(groups, key=lambda k: (len(groups[k].items), -rank.get(k, 9)))
        g = groups[kind]
        rep.kind = kind
        rep.claims = [i.claim for k in sorted(groups, key=lambda k: (k != kind, rank.get(k, 9)))
                      for i in sorted(groups[k].items, key=lambda i: (i.low, i.high, i.id))]
        rep.low = g.lows[0]
        top = g.highs[-1]
        rep.high = None if top == _INF else top
        # Conflicts and agreements count in every kind group (a topic that mixes
        # counts and percentages is a CC508 warning); the envelope, the best
        # estimate and the chart are those of the main kind.
        agree2 = conflict2 = 0
        pairs: list[Pair] = []
        for gk in groups.values():
            for a, c, _ in gk.all_counts():
                agree2 += a
                conflict2 += c
        rep.agreeing_pairs, rep.conflicting_pairs = agree2 // 2, conflict2 // 2
        if _only_conflicts and not conflict2:
            return None
        for gk in groups.values():
            pairs.extend(_pairs(gk))
        pairs.sort(key=lambda p: (p.relation != "conflict", -p.severity, p.a, p.b))
        rep.pairs = pairs[:PAIRS_CAP]
        rep.best = best_estimate(base, [c for c in rep.claims if c.figure.kind == kind], best)
        rep.conflict = rep.conflicting_pairs > 0
        rep.severity = max((p.severity for p in rep.pairs if p.relation == "conflict"), default=0.0)
    elif _only_conflicts:
        return None
    compared = {c.id for c in rep.claims}
    rep.others = [c for c in all_claims if c.id not in compared and c.id not in ctx.superseded]
    return rep


def topic_reports(
    base: Base,
    *,
    best: str = "conservative",
    include_all: bool = False,
    topic: str | None = None,
    min_ratio: float | None = None,
) -> list[TopicReport]:
    """Topics with at least one conflicting pair (all topics with a figure
    under ``include_all``), most severe first. ``topic`` is a glob;
    ``min_ratio`` keeps topics whose most severe conflict is at least that
    large (dates: 1 + days / DAYS_PER_RATIO) and drops smaller conflict pairs."""
    if best not in BEST_RULES:
        raise ValueError(f"unknown best-estimate rule {best!r}; choose one of {', '.join(BEST_RULES)}")
    ctx = _Context(base)
    names = [t for t in base.by_topic if topic is None or fnmatchcase(t, topic)]
    out: list[TopicReport] = []
    for name in names:
        rep = topic_report(base, name, best, _ctx=ctx, _only_conflicts=not include_all)
        if rep is None:
            continue
        if min_ratio is not None:
            rep.pairs = [p for p in rep.pairs if p.relation != "conflict" or p.severity >= min_ratio]
            big = rep.conflict and rep.severity >= min_ratio
        else:
            big = rep.conflict
        if big or (include_all and (rep.claims or rep.revisions)):
            out.append(rep)
    out.sort(key=lambda r: (not r.conflict, -r.severity, r.topic))
    return out


def iso(ordinal: float) -> str:
    return date.fromordinal(int(ordinal)).isoformat()
