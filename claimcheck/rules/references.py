"""Ids and references between records: duplicate ids, claimants, outlets,
``part_of`` and stances that name nothing, and ``part_of`` cycles."""

from __future__ import annotations

from typing import Iterator

from ..diagnostics import ERROR, Diagnostic, define
from ..model import Base
from ..suggest import did_you_mean
from .position import at, claim_at

define("CC301", ERROR, "duplicate-claim-id", "Two claims share an id (both places are named).")
define("CC302", ERROR, "duplicate-source-id", "Two sources (or stances) share an id.")
define("CC303", ERROR, "unknown-source", "A claimant, outlet, reviewer or part_of names no source.")
define("CC304", ERROR, "unknown-stance", "A stance or about names no stance of the vocabulary.")
define("CC306", ERROR, "part-of-cycle", "part_of links form a cycle.")


def _source_hint(base: Base, ref: str) -> str:
    for s in base.sources.values():
        if ref in s.aliases or ref.lower() == s.name.lower():
            return f" (did you mean {s.id!r}, whose alias or name it is?)"
    return did_you_mean(ref, base.sources)


def check_duplicate_ids(base: Base) -> Iterator[Diagnostic]:
    for c in base.claim_records:
        first = base.claims[c.id]
        if first is c:
            continue
        fl, fc, *_ = base.file(first.rel).locate(first.pointer + ("id",))
        yield claim_at(base, c, "id", "CC301", f"duplicate claim id {c.id!r} (first at {first.rel}:{fl}:{fc})",
                        related=((first.rel, fl, fc),))
    src = base.file("sources.yaml")
    data = src.data if src else None
    if isinstance(data, dict) and isinstance(data.get("sources"), list):
        first: dict[str, int] = {}
        for i, rec in enumerate(data["sources"]):
            sid = rec.get("id") if isinstance(rec, dict) else None
            if not isinstance(sid, str):
                continue
            if sid in first:
                fl, fc, *_ = src.locate(("sources", first[sid], "id"))
                yield at(base, "sources.yaml", ("sources", i, "id"), "CC302",
                          f"duplicate source id {sid!r} (first at sources.yaml:{fl}:{fc})", related=(("sources.yaml", fl, fc),))
            else:
                first[sid] = i


def check_source_refs(base: Base) -> Iterator[Diagnostic]:
    for s in base.sources.values():
        if s.stance not in base.stances:
            yield at(base, s.rel, s.pointer + ("stance",), "CC304",
                      f"source {s.id!r}: unknown stance {s.stance!r}{did_you_mean(s.stance, base.stances)}")
        if s.part_of and s.part_of not in base.sources:
            yield at(base, s.rel, s.pointer + ("part_of",), "CC303",
                      f"source {s.id!r}: part_of names no source {s.part_of!r}{_source_hint(base, s.part_of)}")
    # part_of cycles: report each cycle once, at its first member in file order
    reported: set[str] = set()
    for s in base.sources.values():
        seen = []
        cur = s
        while cur is not None and cur.part_of:
            if cur.part_of == s.id:
                cycle = [s.id, *seen]
                if not reported.intersection(cycle):
                    reported.update(cycle)
                    path = " -> ".join([*cycle, s.id])
                    yield at(base, s.rel, s.pointer + ("part_of",), "CC306", f"part_of cycle: {path}")
                break
            if cur.part_of in seen:
                break
            seen.append(cur.part_of)
            cur = base.sources.get(cur.part_of)


def check_claim_refs(base: Base) -> Iterator[Diagnostic]:
    for c in base.claim_records:
        if c.claimant not in base.sources:
            yield claim_at(base, c, "claimant", "CC303",
                            f"claim {c.id!r}: claimant {c.claimant!r} is not a source{_source_hint(base, c.claimant)}")
        for i, a in enumerate(c.reported_by):
            if a.outlet not in base.sources:
                yield claim_at(base, c, ("reported_by", i, "outlet"), "CC303",
                                f"claim {c.id!r}: outlet {a.outlet!r} is not a source{_source_hint(base, a.outlet)}")
        for i, r in enumerate(c.reviews):
            if r.reviewer not in base.sources:
                yield claim_at(base, c, ("reviews", i, "reviewer"), "CC303",
                                f"claim {c.id!r}: reviewer {r.reviewer!r} is not a source{_source_hint(base, r.reviewer)}")
        if c.about and c.about not in base.stances:
            yield claim_at(base, c, "about", "CC304",
                            f"claim {c.id!r}: about names no stance {c.about!r}{did_you_mean(c.about, base.stances)}")


