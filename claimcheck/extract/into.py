"""Drafts as records of a base, and ``extract --into``: the claims (status
``unverified``, the quote and its line in ``reported_by``), the new claimants
and outlets as sources of stance ``unrated``, the new topics declared, all
written by the authoring safe writer in one locked transaction that checks
the whole base first (:func:`claimcheck.write.ops.add_records`).

A draft whose quote and figure the base already holds is skipped, so
extracting the same report twice adds nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ..figures import FigureError, parse_figure
from ..ids import slugify
from .names import norm
from .text import clean
from .drafts import Draft

UNRATED = "unrated"
UNRATED_DESCRIPTION = "Not yet rated: a source added by claimcheck extract; give it its stance"
TAG = "extracted"


@dataclass
class Plan:
    """What writing a run's drafts adds to a base."""

    claims: list[dict] = field(default_factory=list)
    sources: list[dict] = field(default_factory=list)
    stances: dict[str, Any] = field(default_factory=dict)
    topics: dict[str, dict] = field(default_factory=dict)
    skipped: int = 0  # drafts already in the base (same quote, same figure)
    drafts: list[Draft] = field(default_factory=list)  # the drafts the claims come from, in order


def _quote_key(q: str | None) -> str:
    return " ".join((q or "").split()).lower()


def figure_value(d: Draft) -> Any:
    """What to write as the claim's ``figure``: the phrase as written where the
    grammar reads it, else the interval ({low, best, high}) or the date."""
    if d.kind == "date":
        a, b = date.fromordinal(int(d.low)), date.fromordinal(int(d.high if d.high is not None else d.low))
        if a == b:
            return a.isoformat()
        if a.day == 1 and a.month == b.month and a.year == b.year:
            return a.isoformat()[:7]
        return f"year {a.year}"
    if d.grammar:
        try:
            f = parse_figure(d.figure_text)
            if f.low == d.low and f.high == d.high:
                return d.figure_text
        except FigureError:
            pass
    if d.low == d.high and d.low is not None:
        return int(d.low) if float(d.low).is_integer() else d.low
    out: dict[str, Any] = {"low": int(d.low) if float(d.low).is_integer() else d.low}
    if d.best is not None:
        out["best"] = int(d.best) if float(d.best).is_integer() else d.best
    out["high"] = None if d.high is None else (int(d.high) if float(d.high).is_integer() else d.high)
    return out


def _in_base(base) -> set[tuple[str, float | None, float | None]]:
    out = set()
    if base is None:
        return out
    for c in base.claim_records:
        f = c.figure
        for a in c.reported_by:
            if a.quote:
                out.add((_quote_key(a.quote), f.low if f else None, f.high if f else None))
    return out


def plan(drafts: list[Draft], base, *, outlet: str | None = None, topics_of=None) -> Plan:
    """The records a run's drafts make (pure: nothing is written). ``base`` may
    be None (no base: every source is new); ``topics_of``: a base whose topics
    are not declared again (for a preview that ignores what the base holds)."""
    p = Plan()
    known_ids = set(base.sources) if base is not None else set()
    names = {sid: norm(s.name) for sid, s in base.sources.items()} if base is not None else {}
    tb = base if base is not None else topics_of
    known_topics = (set(tb.topics) | {c.topic for c in tb.claim_records}) if tb is not None else set()
    have = _in_base(base)
    new_ids: dict[str, str] = {}  # normalised name -> new source id

    def source_for(name: str, kind: str | None, aliases: list[str], file: str) -> str:
        key = norm(name)
        if key in new_ids:
            return new_ids[key]
        base_id = slugify(key) or "source"
        sid, n = base_id, 2
        while (sid in known_ids and names.get(sid) != key) or sid in new_ids.values():
            sid, n = f"{base_id}-{n}", n + 1  # an id taken by another source
        new_ids[key] = sid
        if sid in known_ids:
            return sid
        rec: dict[str, Any] = {"id": sid, "name": name, "kind": kind, "stance": UNRATED}
        al = [a for a in dict.fromkeys(aliases) if a and norm(a) != key]
        if al:
            rec["aliases"] = al[:8]
        rec["notes"] = f"Added by claimcheck extract from {clean(Path(file).name)}; stance and reliability not yet rated."
        p.sources.append(rec)
        return sid

    for d in drafts:
        key = (_quote_key(d.quote), d.low, d.high)
        if key in have:
            p.skipped += 1
            continue
        have.add(key)
        outlet_name = d.outlet_name or outlet
        if not outlet_name:
            continue  # the caller refuses --into without an outlet
        out_id = d.outlet if d.outlet_known and d.outlet else source_for(outlet_name, "outlet", [], d.file)
        if d.claimant:
            cid = d.claimant
        elif d.entity is not None:
            kind = "person" if d.entity.kind == "person" else None
            aliases = list(d.entity.aliases) + ([d.entity.acronym] if d.entity.acronym else [])
            cid = source_for(d.entity.name, kind, aliases, d.file)
        else:
            cid = out_id
        appearance: dict[str, Any] = {"outlet": out_id}
        if d.report_date:
            appearance["date"] = d.report_date
        appearance["quote"] = d.quote
        appearance["line"] = d.line
        notes = [f"Drafted by claimcheck extract from {clean(Path(d.file).name)}, line {d.line}, column {d.column}"]
        if d.claimant_name and d.entity is not None:
            notes.append(f"claimant as written: {d.claimant_name}")
        notes.append(f"confidence {d.confidence:.2f}")
        if d.hedges:
            notes.append("hedged: " + ", ".join(d.hedges))
        rec: dict[str, Any] = {
            "statement": d.statement, "claimant": cid, "topic": d.topic, "figure": figure_value(d),
            "as_of": d.as_of, "status": "unverified", "reported_by": [appearance], "tags": [TAG],
            "notes": "; ".join(notes) + ".",
        }
        p.claims.append(rec)
        p.drafts.append(d)
        if d.topic not in known_topics and d.topic not in p.topics:
            p.topics[d.topic] = {"title": d.topic_title or f"{d.topic} (suggested by claimcheck extract)"}
    if p.sources and (base is None or UNRATED not in base.stances):
        p.stances[UNRATED] = UNRATED_DESCRIPTION
    return p


def write_into(root: Path, drafts: list[Draft], base, target: str, *, lock_timeout: float = 10.0):
    """Add the drafts to the base in one checked transaction: (Plan, AddResult
    or None when there is nothing to add)."""
    from ..write.ops import add_records

    p = plan(drafts, base)
    if not p.claims:
        return p, None
    result = add_records(root, claims=p.claims, sources=p.sources, stances=p.stances, topics=p.topics,
                         target=target, lock_timeout=lock_timeout)
    return p, result
