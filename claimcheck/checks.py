"""Checks between records: ids, references, topics, revisions and dates.

Each check is a small function ``(base) -> iterable of Diagnostic``, listed in
:data:`CHECKS`. They read the model built by :mod:`claimcheck.base` and point
at the exact value through the file's locator.
"""

from __future__ import annotations

import os
from datetime import date
from functools import lru_cache
from typing import Iterable, Iterator

from .diagnostics import Diagnostic, did_you_mean
from .model import Base, Claim
from .schema import parse_date_text


def today() -> date:
    """Today, or ``$CLAIMCHECK_TODAY`` (YYYY-MM-DD) for reproducible runs."""
    fixed = os.environ.get("CLAIMCHECK_TODAY")
    if fixed:
        try:
            return date.fromisoformat(fixed)
        except ValueError:
            pass
    return date.today()


def _at(base: Base, rel: str, pointer: tuple, code: str, message: str, target: str = "value", related=()) -> Diagnostic:
    lf = base.file(rel)
    line, col, eline, ecol = lf.locate(pointer, target) if lf else (1, 1, 1, 1)
    return Diagnostic(rel, line, col, code, message, "", eline, ecol, tuple(related))


def _claim_at(base: Base, c: Claim, field: str | tuple, code: str, message: str, **kw) -> Diagnostic:
    ptr = c.pointer + ((field,) if isinstance(field, str) else field)
    return _at(base, c.rel, ptr, code, message, **kw)


def _source_names(base: Base) -> list[str]:
    return list(base.sources)


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
        yield _claim_at(base, c, "id", "CC301", f"duplicate claim id {c.id!r} (first at {first.rel}:{fl}:{fc})",
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
                yield _at(base, "sources.yaml", ("sources", i, "id"), "CC302",
                          f"duplicate source id {sid!r} (first at sources.yaml:{fl}:{fc})", related=(("sources.yaml", fl, fc),))
            else:
                first[sid] = i


def check_source_refs(base: Base) -> Iterator[Diagnostic]:
    for s in base.sources.values():
        if s.stance not in base.stances:
            yield _at(base, s.rel, s.pointer + ("stance",), "CC304",
                      f"source {s.id!r}: unknown stance {s.stance!r}{did_you_mean(s.stance, base.stances)}")
        if s.part_of and s.part_of not in base.sources:
            yield _at(base, s.rel, s.pointer + ("part_of",), "CC303",
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
                    yield _at(base, s.rel, s.pointer + ("part_of",), "CC306", f"part_of cycle: {path}")
                break
            if cur.part_of in seen:
                break
            seen.append(cur.part_of)
            cur = base.sources.get(cur.part_of)


def check_claim_refs(base: Base) -> Iterator[Diagnostic]:
    for c in base.claim_records:
        if c.claimant not in base.sources:
            yield _claim_at(base, c, "claimant", "CC303",
                            f"claim {c.id!r}: claimant {c.claimant!r} is not a source{_source_hint(base, c.claimant)}")
        for i, a in enumerate(c.reported_by):
            if a.outlet not in base.sources:
                yield _claim_at(base, c, ("reported_by", i, "outlet"), "CC303",
                                f"claim {c.id!r}: outlet {a.outlet!r} is not a source{_source_hint(base, a.outlet)}")
        if c.about and c.about not in base.stances:
            yield _claim_at(base, c, "about", "CC304",
                            f"claim {c.id!r}: about names no stance {c.about!r}{did_you_mean(c.about, base.stances)}")


def check_topics(base: Base) -> Iterator[Diagnostic]:
    first: dict[str, tuple] = {}
    for t, lf in base.topic_decls:
        attrs = (t.title, t.unit, t.cumulative, t.notes)
        if t.id not in first:
            first[t.id] = (attrs, lf)
            continue
        attrs0, lf0 = first[t.id]
        if attrs != attrs0:
            fl, fc, *_ = lf0.locate(("topics", t.id), "key")
            line, col, el, ec = lf.locate(("topics", t.id), "key")
            yield Diagnostic(lf.rel, line, col, "CC308",
                             f"topic {t.id!r} declared again with different attributes (first at {lf0.rel}:{fl}:{fc})",
                             "", el, ec, ((lf0.rel, fl, fc),))
    declared = list(base.topics)
    for c in base.claim_records:
        if c.topic not in base.topics:
            yield _claim_at(base, c, "topic", "CC307",
                            f"claim {c.id!r}: topic {c.topic!r} is declared in no file{did_you_mean(c.topic, declared, cutoff=0.5)}")


def check_revisions(base: Base) -> Iterator[Diagnostic]:
    claims = base.claims
    for c in claims.values():
        if not c.supersedes:
            continue
        old = claims.get(c.supersedes)
        if c.supersedes == c.id:
            yield _claim_at(base, c, "supersedes", "CC506", f"claim {c.id!r} supersedes itself")
            continue
        if old is None:
            yield _claim_at(base, c, "supersedes", "CC305",
                            f"claim {c.id!r}: supersedes names no claim {c.supersedes!r}{did_you_mean(c.supersedes, claims)}")
            continue
        if old.claimant != c.claimant:
            yield _claim_at(base, c, "supersedes", "CC501",
                            f"claim {c.id!r} (claimant {c.claimant!r}) supersedes {old.id!r}, a claim of {old.claimant!r}: "
                            "only a claimant's own figure can be revised")
    for old_id, newer in base.superseded_by.items():
        old = claims.get(old_id)
        if old is None:
            continue
        if len(newer) > 1:
            for nid in newer[1:]:
                yield _claim_at(base, claims[nid], "supersedes", "CC502",
                                f"claim {old_id!r} is superseded by several claims: {', '.join(newer)}")
        if old.status != "superseded" and old.claimant == claims[newer[0]].claimant:
            yield _claim_at(base, old, "status", "CC507",
                            f"claim {old_id!r} is superseded by {newer[0]!r} but its status is {old.status!r}: set it to 'superseded'")
    for c in claims.values():
        if c.status == "superseded" and c.id not in base.superseded_by:
            yield _claim_at(base, c, "status", "CC503",
                            f"claim {c.id!r} has status 'superseded' but no claim supersedes it: add 'supersedes: {c.id}' to the newer claim")
    # cycles through chains: a -> b -> a
    for c in claims.values():
        seen = {c.id}
        cur = c
        while cur.supersedes and cur.supersedes in claims:
            if cur.supersedes in seen:
                if cur.supersedes == c.id and cur.id != c.id and min(seen) == c.id:
                    yield _claim_at(base, c, "supersedes", "CC506", f"claims supersede each other in a cycle: {', '.join(sorted(seen))}")
                break
            seen.add(cur.supersedes)
            cur = claims[cur.supersedes]


@lru_cache(maxsize=65536)
def _first_day(text: str) -> date | None:
    """First day of a YYYY[-MM[-DD]] text, None if unreadable (memoised: a
    base repeats a few thousand dates)."""
    r = parse_date_text(text)
    return None if isinstance(r, str) else r[0]


def check_topic_kinds(base: Base) -> Iterator[Diagnostic]:
    """A topic counts one thing: figures of another kind than most of the
    topic's (a percentage among counts) are flagged where they stand."""
    kinds: dict[str, dict[str, list[Claim]]] = {}
    for c in base.claims.values():
        if c.figure is not None:
            kinds.setdefault(c.topic, {}).setdefault(c.figure.kind, []).append(c)
    rank = {"number": 0, "percent": 1, "date": 2}
    for topic, by_kind in kinds.items():
        if len(by_kind) < 2:
            continue
        main = max(by_kind, key=lambda k: (len(by_kind[k]), -rank.get(k, 9)))
        for kind, claims in by_kind.items():
            if kind == main:
                continue
            for c in claims:
                yield _claim_at(base, c, "figure", "CC508",
                                f"claim {c.id!r} gives a {kind} figure on topic {topic!r}, whose other claims give "
                                f"{main} figures: they are never compared; move it to a topic of its own")


def check_dates(base: Base) -> Iterator[Diagnostic]:
    now = today()
    for c in base.claim_records:
        if c.as_of:
            d = _first_day(c.as_of)
            if d is not None and d > now:
                yield _claim_at(base, c, "as_of", "CC504", f"claim {c.id!r}: as_of {c.as_of} lies in the future")
        for i, a in enumerate(c.reported_by):
            if a.date:
                d = _first_day(a.date)
                if d is not None and d > now:
                    yield _claim_at(base, c, ("reported_by", i, "date"), "CC504",
                                    f"claim {c.id!r}: report date {a.date} lies in the future")
        f = c.figure
        if f is not None and f.kind == "date" and date.fromordinal(int(f.low)) > now:
            yield _claim_at(base, c, "figure", "CC504", f"claim {c.id!r}: date figure {c.figure_text} lies in the future")


def check_evidence(base: Base) -> Iterable[Diagnostic]:
    """Declared status against computed evidence (CC505), from the cross-referencing module."""
    from .xref import status_warnings

    return status_warnings(base)


CHECKS = (
    check_duplicate_ids,
    check_source_refs,
    check_claim_refs,
    check_topics,
    check_revisions,
    check_topic_kinds,
    check_dates,
    check_evidence,
)


def check_base(base: Base) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    for check in CHECKS:
        out.extend(check(base))
    return out
