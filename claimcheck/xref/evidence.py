"""Computed evidence: for each claim with a figure, which independent claims
on its topic agree and which conflict (``docs/xref.md`` states the rules).

Counts are exact and computed by bisection on sorted bounds minus each
``part_of`` family's own, so a topic of 20,000 claims costs what 20,000
claims on many topics do; the id lists are capped (:data:`EVIDENCE_IDS_CAP`).
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Literal

from ..figures import widened_high
from ..load import sharing
from ..model import Base, Claim
from ..schema.fields import parse_date_text

EVIDENCE_IDS_CAP = 10
SCAN_LIMIT = 200
SMALL_GROUP = 24  # groups this small are compared pair by pair (exact id lists too)
EVIDENCE_STATUSES = ("single-source", "corroborated", "contested", "mixed")
#: Declared statuses whose claims are not evidence for or against the others
#: (a claim shown false, or withdrawn by its claimant): like superseded
#: claims they are not compared and have no computed evidence.
NOT_EVIDENCE = frozenset({"refuted", "retracted"})

_INF = math.inf

@dataclass(frozen=True, slots=True)
class Evidence:
    """Computed evidence of one claim (``status`` None: no figure, superseded,
    or declared refuted or retracted)."""

    status: str | None
    agree: tuple[str, ...] = ()  # independent claims whose figures overlap (at most EVIDENCE_IDS_CAP)
    conflict: tuple[str, ...] = ()  # independent claims whose figures are disjoint (at most EVIDENCE_IDS_CAP)
    cross_stance: bool = False  # some agreeing independent claimant is of another stance
    n_agree: int = 0  # exact counts
    n_conflict: int = 0
    n_cross_agree: int = 0

    def __reduce__(self):
        # pickled as its fields (worker processes send evidence back): several
        # times faster both ways than the default for a slotted dataclass
        return Evidence, (self.status, self.agree, self.conflict, self.cross_stance, self.n_agree, self.n_conflict,
                          self.n_cross_agree)


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
    r = parse_date_text(text)
    if isinstance(r, str):
        return None
    return r[0].toordinal(), r[1].toordinal()


class _Item:
    """A compared claim. ``high`` is the bound comparisons use
    (:func:`claimcheck.figures.widened_high`: a count's high times
    MIN_CONFLICT_RATIO), so two items agree exactly when each one's low is at
    most the other's ``high``; ``top`` is the figure's own high (inf: open)."""

    __slots__ = ("claim", "id", "low", "high", "top", "fam", "stance", "d0", "d1", "kind")

    def __init__(self, claim: Claim, fam: str, stance: str | None, dates: tuple[int, int] | None):
        f = claim.figure
        self.claim = claim
        self.id = claim.id
        self.low = f.low
        self.top = _INF if f.high is None else f.high
        self.high = widened_high(f)
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
        # Topic -> its groups, shared by every computation on the base
        # (conflicts builds them for its reports, then for the evidence).
        self._groups: dict[str, dict[str, _Group]] = base.memo.setdefault(_GROUPS, {})

    def family(self, sid: str) -> str:
        f = self.fam.get(sid)
        return f if f is not None else sid

    def set_aside(self, c: Claim) -> bool:
        """Superseded, or declared refuted or retracted: not evidence, not compared."""
        return c.id in self.superseded or c.status in NOT_EVIDENCE

    def compared(self, c: Claim) -> bool:
        return c.figure is not None and not self.set_aside(c)

    def item(self, c: Claim, dated: bool = True) -> _Item:
        cl = c.claimant
        src = self.sources.get(cl)
        return _Item(c, self.fam.get(cl) or cl, src.stance if src else None, date_range(c.date) if dated else None)

    def groups(self, topic: str) -> dict[str, _Group]:
        """Figure kind -> group of the topic's compared claims (built once
        per base: the groups are not changed once built)."""
        got = self._groups.get(topic)
        if got is None:
            got = self._groups[topic] = self._build_groups(topic)
        return got

    def _build_groups(self, topic: str) -> dict[str, _Group]:
        base = self.base
        t = base.topics.get(topic)
        cumulative = bool(t and t.cumulative)
        by_kind: dict[str, list[_Item]] = {}
        item_of, superseded = self.item, self.superseded
        for c in base.by_topic.get(topic, ()):
            f = c.figure
            if f is None or c.id in superseded or c.status in NOT_EVIDENCE:  # self.compared, inlined
                continue
            item = item_of(c, cumulative)
            group = by_kind.get(f.kind)
            if group is None:
                by_kind[f.kind] = [item]
            else:
                group.append(item)
        return {k: _Group(v, cumulative) for k, v in by_kind.items()}


def _evidence(base: Base, topics: Iterable[str] | None = None, ids: bool = True) -> dict[str, Evidence]:
    """The evidence of the claims of ``topics`` (default: all), topic by
    topic; on a large base, pieces of the topics are done by worker
    processes too (:func:`claimcheck.load.sharing.pieces`)."""
    ctx = _Context(base)

    def work(piece: list[str]) -> list[tuple[str, Evidence]]:
        got: list[tuple[str, Evidence]] = []
        for topic in piece:
            for g in ctx.groups(topic).values():
                got.extend(zip([x.id for x in g.items], g.all_evidence(ids)))
        return got

    out: dict[str, Evidence] = {}
    for part in sharing.pieces(list(base.by_topic if topics is None else topics), work, large=shared(base)):
        out.update(part)
    return out


def shared(base: Base) -> bool:
    """Work topic by topic on ``base`` (the evidence; the reports of
    ``conflicts --format json``) is shared with worker processes. Measured
    here on 2,000 topics of 50 claims, in one process: the evidence 0.4 s
    (0.9 s with the id lists), the reports and their JSON 1.6 s."""
    return len(base.claim_records) >= sharing.SHARE_CLAIMS


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
_GROUPS = "evidence-groups"
#: What a command will ask of every claim's evidence: the status and counts
#: only, or the id lists too (``open_base(evidence=...)``).
EvidenceNeed = Literal["status", "ids"]
#: ``base.memo`` key set by ``open_base(evidence=...)``: the command will ask
#: for every claim's evidence, so the CC505 check computes it once for both.
EVIDENCE_WANTED = "evidence-wanted"


