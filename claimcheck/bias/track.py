"""Track records: each source's claims by declared status and computed
evidence, the verdicts its claims received from fact-checkers, what it
carries as an outlet (a reviewer of a claim, or a source of kind
fact-checker, never counts as its outlet), the reviews it published as a
fact-checker and how often another reviewer contradicted them, and the
Admiralty grade its record suggests (``docs/bias.md`` states the rules)."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field

from ..model import Base, Source
from ..schema.fields import STATUSES
from ..xref.verdicts import disputed_reviews
from .compare import Deviation

MIN_CLAIMS_FOR_GRADE = 3
MIN_VERDICTS = 3
# (threshold on share refuted or retracted, grade), worst first
BAD_GRADES = ((0.50, "E"), (0.25, "D"))
A_GOOD, B_GOOD, B_BAD_BELOW = 0.80, 0.50, 0.10
# (threshold on max(inflation, 1/inflation), best grade allowed)
INFLATION_CAPS = ((3.0, "E"), (2.0, "D"), (1.5, "C"))
FLAG_DISTANCE = 2

GRADES = "ABCDE"
EVIDENCE_KEYS = ("single-source", "corroborated", "contested", "mixed", "none")
VERDICTS = ("corroborated", "contested", "refuted", "retracted")
SHARE_KEYS = ("corroborated", "contested", "refuted", "retracted")
#: The verdicts a review can give (its rating read by the verdict table).
VERDICT_KEYS = ("corroborated", "contested", "refuted", "retracted", "unverified")


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
    # as claimant: the verdicts of the reviews its claims received (a LIAR-style credit history)
    verdicts: dict[str, int] = field(default_factory=dict)
    # as reviewer: reviews published, and how many of them another reviewer contradicts
    reviews_published: int = 0
    reviews_disputed: int = 0

    @property
    def reviews_received(self) -> int:
        return sum(self.verdicts.values())

    @property
    def disagreement_rate(self) -> float | None:
        """Share of its reviews that another reviewer of the same claim contradicts."""
        return self.reviews_disputed / self.reviews_published if self.reviews_published else None

    @property
    def shares(self) -> dict[str, float | None]:
        return {k: (self.status.get(k, 0) / self.claims if self.claims else None) for k in SHARE_KEYS}

    @property
    def flagged(self) -> bool:
        return reliability_flag(self.source.reliability, self.suggested)

    @property
    def suggestion(self) -> str | None:
        """The grade the record supports (A-E), or None: a suggested F means
        too few claims or verdicts to judge, not an unreliable source, and is
        not shown as a suggestion (``docs/bias.md``)."""
        return self.suggested if self.suggested in GRADES else None
# --------------------------------------------------------------------------
# reliability
# --------------------------------------------------------------------------


def _worse(a: str, b: str) -> str:
    return max(a, b)  # "A" < "B" < ... < "E"


def suggest_reliability(
    claims: int, corroborated: int, bad: int, verdicts: int, inflation: float | None
) -> str:
    """The Admiralty letter the record suggests (``docs/bias.md`` states the rules).

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


def track_records(
    base: Base,
    evidence: dict | None,
    claimants: dict[str, Deviation],
) -> dict[str, Record]:
    """Every source's :class:`Record`; ``evidence`` None leaves the counts by
    computed evidence out (``sources`` and ``bias`` do not show them, and the
    suggested grade does not use them)."""
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
    fact_checkers = {sid for sid, src in base.sources.items() if src.kind == "fact-checker"}
    mix_c: Counter = Counter()
    own_c: Counter = Counter()
    verdict_c: Counter = Counter()
    published_c: Counter = Counter()
    disputed_c: Counter = Counter()
    for c in claims:
        rb = c.reported_by
        if c.reviews:
            disputed = {id(r) for r in disputed_reviews(c)}
            for r in c.reviews:
                verdict_c[(c.claimant, r.verdict)] += 1
                published_c[r.reviewer] += 1
                if id(r) in disputed:
                    disputed_c[r.reviewer] += 1
        if not rb:
            continue
        st = stance_of.get(c.claimant)
        if len(rb) == 1 and not c.reviews and rb[0].outlet not in fact_checkers:
            outlets = (rb[0].outlet,)
        else:
            outlets = base.carriers(c)  # a reviewer is never an outlet
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
    for (sid, v), n in verdict_c.items():
        r = records.get(sid)
        if r is not None:
            r.verdicts[v] = n
    for sid, n in published_c.items():
        r = records.get(sid)
        if r is not None:
            r.reviews_published = n
            r.reviews_disputed = disputed_c[sid]
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
        if r.verdicts:
            r.verdicts = {k: r.verdicts.get(k, 0) for k in VERDICT_KEYS}
        r.stance_mix = dict(sorted(r.stance_mix.items(), key=lambda kv: (-kv[1], sorder.get(kv[0], len(sorder)), kv[0])))
        r.deviation = claimants.get(sid)
        r.suggested = suggest_reliability(
            r.judged_status_claims, good[sid], bad[sid], verdicts[sid], r.deviation.inflation if r.deviation else None
        )
    return records


SORT_KEYS = ("id", "name", "kind", "stance", "reliability", "suggested", "claims", "carried", "corroborated", "refuted",
             "inflation", "reviews")


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
    if key == "reviews":
        return sorted(records, key=lambda r: (-(r.reviews_received + r.reviews_published), r.source.id))
    if key in ("corroborated", "refuted"):
        return sorted(records, key=lambda r: (num(r.shares[key]), r.source.id))
    if key == "inflation":
        def off(r):
            inf = r.deviation.inflation if r.deviation else None
            return abs(math.log(inf)) if inf else -1.0
        return sorted(records, key=lambda r: (-off(r), r.source.id))
    raise ValueError(f"unknown sort key {key!r}")
