"""Topics in conflict: the pairs of independent claims whose figures are
disjoint, the envelope and the best estimate of each topic, most severe
topics first (``claimcheck conflicts``; ``docs/xref.md`` states the rules)."""

from __future__ import annotations

import math
import statistics
from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date
from fnmatch import fnmatchcase
from typing import Any, Callable, NamedTuple

from ..figures import Figure, gap_ratio
from ..load import sharing
from ..model import Base, Claim
from .evidence import NOT_EVIDENCE, _consistent, _Context, _Group, shared

PAIRS_CAP = 200
PAIR_ENUM_LIMIT = 120
EXTREMES = 60
#: A date conflict of this many days ranks like a 2x figure conflict (severity 1 + days / DAYS_PER_RATIO).
DAYS_PER_RATIO = 30
CREDIBLE_GRADES = frozenset("ABCD")
BEST_RULES = ("conservative", "reliable", "neutral")

_INF = math.inf

# --------------------------------------------------------------------------
# Topic reports (conflicts)
# --------------------------------------------------------------------------


class Pair(NamedTuple):
    """Two claims of a topic and how their figures compare (a named tuple:
    a topic lists up to PAIRS_CAP of them, and a tuple is made several
    times faster than a frozen dataclass)."""

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
    #: (claim id, value, grade) of lower figures the rule left out of its pool
    #: (the conservative rule: claimants graded E or F), lowest first.
    passed_over: tuple[tuple[str, float, str], ...] = ()


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
    #: claims whose figure could not be read (claim.figure_error): not compared until it is fixed
    unread: list[Claim] = field(default_factory=list)
    #: claims declared refuted or retracted (not superseded): not evidence, not compared
    not_evidence: list[Claim] = field(default_factory=list)
    low: float | None = None
    high: float | None = None  # None: open above (or no claims)
    best: BestEstimate | None = None
    conflict: bool = False
    severity: float = 0.0
    pairs: list[Pair] = field(default_factory=list)
    conflicting_pairs: int = 0
    agreeing_pairs: int = 0


def point(f: Figure) -> float:
    """A figure's single value: best, else the midpoint of a closed interval,
    else the bound it has (low; high for a date open below, "by 2024-03-02")."""
    if f.best is not None:
        return f.best
    if f.open_low:
        return f.high  # type: ignore[return-value]
    if f.high is not None:
        return (f.low + f.high) / 2
    return f.low


def _median(xs: list[float]) -> float:
    return statistics.median(xs)


def best_estimate(base: Base, claims: list[Claim], rule: str) -> BestEstimate | None:
    """The topic's best estimate by ``rule`` (``docs/xref.md`` states the rules)."""
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
        def value(c: Claim) -> float:
            f = c.figure
            if f.best is not None:
                return f.best
            return f.high if f.open_low else f.low  # a deadline's conservative value is the deadline

        vals = {c.id: value(c) for c in pool}
        v = min(vals.values())
        lower = sorted((value(c), c.id, grade(c)) for c in claims if c.id not in vals and value(c) < v)
        return BestEstimate(rule, v, tuple(sorted(k for k, x in vals.items() if x == v)), words,
                            tuple((cid, x, g) for x, cid, g in lower))
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
        if x.high == _INF:
            continue
        xf, xid, xt = x.fam, x.id, x.top
        for y in by_low[bisect_right(lows, x.high):]:  # y.low > x's widened high: in conflict
            if xf == y.fam or (cumulative and _consistent(x, y)):
                continue
            # x lies wholly below y: figures.gap_ratio / gap_days, inlined
            if dates:
                r, d = None, int(y.low - xt)
            else:
                r, d = (math.inf if xt == 0 else y.low / xt), None
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
                    # within the tolerance, figures that do not overlap still say how far apart they are
                    out.append(Pair(x.id, y.id, "agree", st, gap_ratio(x.claim.figure, y.claim.figure), None, 0.0))
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
    rep.not_evidence = [c for c in all_claims if c.status in NOT_EVIDENCE and c.id not in ctx.superseded]
    if groups:
        rank = {"number": 0, "percent": 1, "date": 2}
        kind = max(groups, key=lambda k: (len(groups[k].items), -rank.get(k, 9)))
        g = groups[kind]
        rep.kind = kind
        rep.claims = [i.claim for k in sorted(groups, key=lambda k: (k != kind, rank.get(k, 9)))
                      for i in sorted(groups[k].items, key=lambda i: (i.low, i.high, i.id))]
        rep.low = g.lows[0]
        top = max(i.top for i in g.items)
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
    rest = [c for c in all_claims if c.id not in compared and not ctx.set_aside(c)]
    rep.unread = [c for c in rest if c.figure_error is not None]
    rep.others = [c for c in rest if c.figure_error is None]
    return rep


def topic_reports(
    base: Base,
    *,
    best: str = "conservative",
    include_all: bool = False,
    topic: str | None = None,
    min_ratio: float | None = None,
    then: Callable[[TopicReport], Any] | None = None,
) -> list:
    """Topics with at least one conflicting pair (all topics with a figure
    under ``include_all``), most severe first. ``topic`` is a glob;
    ``min_ratio`` keeps topics whose most severe conflict is at least that
    large (dates: 1 + days / DAYS_PER_RATIO) and drops smaller conflict pairs.
    Without it every conflict is kept: counts and percentages at most
    MIN_CONFLICT_RATIO apart agree in the first place (:class:`_Item`).

    ``then`` (report -> a value, such as its JSON text): the list holds
    ``then(report)`` in place of each report, in the same order; the topics
    of a large base are then reported by worker processes too
    (:func:`claimcheck.load.sharing.pieces`: only the values travel back)."""
    if best not in BEST_RULES:
        raise ValueError(f"unknown best-estimate rule {best!r}; choose one of {', '.join(BEST_RULES)}")
    ctx = _Context(base)
    names = [t for t in base.by_topic if topic is None or fnmatchcase(t, topic)]

    def kept(name: str) -> TopicReport | None:
        rep = topic_report(base, name, best, _ctx=ctx, _only_conflicts=not include_all)
        if rep is None:
            return None
        if min_ratio is not None:
            rep.pairs = [p for p in rep.pairs if p.relation != "conflict" or p.severity >= min_ratio]
            big = rep.conflict and rep.severity >= min_ratio
        else:
            big = rep.conflict
        listed = rep.claims or rep.revisions or rep.unread or any(c.figure is not None for c in rep.not_evidence)
        return rep if big or (include_all and listed) else None

    if then is None:
        out = [rep for rep in map(kept, names) if rep is not None]
        out.sort(key=_order)
        return out

    def work(piece: list[str]) -> list[tuple]:
        return [(_order(rep), then(rep)) for rep in map(kept, piece) if rep is not None]

    found = [x for part in sharing.pieces(names, work, large=shared(base)) for x in part]
    found.sort(key=lambda t: t[0])  # the keys differ (each holds its topic's id)
    return [value for _, value in found]


def _order(rep: TopicReport) -> tuple:
    """Most severe first, then by topic id."""
    return (not rep.conflict, -rep.severity, rep.topic)


def unread_figures(base: Base, topic: str | None = None) -> list[Claim]:
    """Claims (of the topics matching the glob ``topic``) whose figure could
    not be read, in base order: they are compared with nothing until fixed."""
    return [c for c in base.claims.values()
            if c.figure_error is not None and (topic is None or fnmatchcase(c.topic, topic))]


def iso(ordinal: float) -> str:
    return date.fromordinal(int(ordinal)).isoformat()


#: Pairs of each relation a topic lists in the conflicts table and the report.
PAIRS_SHOWN = 5
#: Claims shown per topic in the conflicts table and chart; a larger topic
#: shows those of the pairs listed, the best estimate's and the extremes.
ROWS_SHOWN = 15


def highlights(rep: TopicReport, limit: int = ROWS_SHOWN) -> set[str]:
    """Ids of the claims a topic's table and chart show (all when few): those
    of the pairs listed, the best estimate's, then the extremes inward."""
    if len(rep.claims) <= limit:
        return {c.id for c in rep.claims}
    keep: list[str] = []
    for p in [p for p in rep.pairs if p.relation == "conflict"][:PAIRS_SHOWN] + \
             [p for p in rep.pairs if p.relation == "agree"][:PAIRS_SHOWN]:
        keep += [p.a, p.b]
    if rep.best is not None:
        keep += list(rep.best.claims)
    by_low = [c.id for c in rep.claims]  # main kind first, by low bound
    keep += [by_low[0], by_low[-1]]
    for k in range(len(by_low) // 2):  # then inward from both ends
        keep += [by_low[k], by_low[-1 - k]]
        if len(keep) > 4 * limit:
            break
    out: list[str] = []
    for cid in keep:
        if cid not in out:
            out.append(cid)
        if len(out) >= limit:
            break
    return set(out)
