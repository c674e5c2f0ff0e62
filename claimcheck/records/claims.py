"""The shape of a claim in every machine output: ``claims --format json|csv``,
``export --format json|jsonl|csv``, the SQLite export and ``show --format
json``. :func:`claim_record` is the one claim -> dict function;
:class:`ClaimJSON` writes the same JSON text without building the dict, for
large answers (tests hold the two together byte for byte)."""

from __future__ import annotations

import json
import math
from json.encoder import encode_basestring
from typing import Iterable

from ..figures import DATE_OPEN_LOW
from ..model import Base, Claim, Review
from ..xref import iso
from .encode import dumps, write_json_records
from .table import csv_table, csv_value

#: CSV columns: the scalar fields of :func:`claim_record`, lists joined with "; ";
#: ``first_url``/``first_quote`` from its first appearance, ``reviews`` as
#: "reviewer: rating as published (verdict)".
CSV_FIELDS = (
    "id", "statement", "claimant", "claimant_stance", "topic", "status", "evidence", "cross_stance",
    "kind", "figure", "low", "high", "best", "as_of", "date", "about", "outlets", "first_url", "first_quote",
    "reviews", "supersedes", "superseded_by", "evidence_agree", "evidence_conflict", "tags", "notes", "path",
)


_EXACT = float(2**53)


def number(x: float | None, kind: str | None = "number"):
    """A bound as JSON: an int where whole, a float otherwise, an ISO date for
    date figures, None for None or an open bound."""
    if x is None:
        return None
    if kind == "date":
        if math.isinf(x) or x <= DATE_OPEN_LOW:  # open above, or open below ("by 2024-03-02")
            return None
        return iso(x)
    if x.__class__ is float and -_EXACT < x < _EXACT:  # the common case, first
        return int(x) if x.is_integer() else round(x, 6)
    if isinstance(x, float) and math.isinf(x):
        return None
    if float(x).is_integer() and abs(x) < 2**53:  # exact as an int; beyond, floats are not whole numbers
        return int(x)
    return round(float(x), 6)


def review_record(r: Review) -> dict:
    """One review as JSON: the fields of the record, the rating as published,
    and the verdict the verdict table reads from it."""
    rt = r.rating
    return {
        "reviewer": r.reviewer,
        "url": r.url,
        "date": r.date,
        "rating": {"name": rt.name, "value": rt.value, "best": rt.best, "worst": rt.worst},
        "title": r.title,
        "summary": r.summary,
        "language": r.language,
        "verdict": r.verdict,
    }


def _appearance(a) -> dict | None:
    if a is None:
        return None
    return {"outlet": a.outlet, "date": a.date, "quote": a.quote, "url": a.url}


def claim_record(base: Base, claim: Claim, evidence: dict | None) -> dict:
    """One claim as a JSON-ready dict. ``low``/``high``/``best`` are None where
    unknown or open (dates as ISO strings); ``figure_error`` says why a
    ``figure`` written on the claim could not be read (None otherwise);
    ``evidence`` is None for claims that are not compared (no figure, or one
    not understood; superseded, refuted or retracted)."""
    ev = evidence.get(claim.id) if evidence else None
    f = claim.figure
    if f is not None:
        kind = f.kind
        low, high, best = number(f.low, kind), number(f.high, kind), number(f.best, kind)
    else:
        kind = low = high = best = None
    src = base.sources.get(claim.claimant)
    rb = claim.reported_by
    if ev is not None:
        counted = ev.status is not None
        ev_fields = (ev.status, list(ev.agree), list(ev.conflict), ev.n_agree if counted else 0,
                     ev.n_conflict if counted else 0, bool(ev.cross_stance))
    else:
        ev_fields = (None, [], [], 0, 0, False)
    return {
        "id": claim.id,
        "statement": claim.statement,
        "claimant": claim.claimant,
        "claimant_name": src.name if src else None,
        "claimant_stance": src.stance if src else None,
        "claimant_reliability": src.reliability if src else None,
        "topic": claim.topic,
        "status": claim.status,
        "evidence": ev_fields[0],
        "evidence_agree": ev_fields[1],
        "evidence_conflict": ev_fields[2],
        "agreeing": ev_fields[3],
        "conflicting": ev_fields[4],
        "cross_stance": ev_fields[5],
        "kind": kind,
        "figure": claim.figure_text,
        "low": low,
        "high": high,
        "best": best,
        "figure_error": claim.figure_error,
        "as_of": claim.as_of,
        "date": claim.date,
        "about": claim.about,
        "outlets": [a.outlet for a in rb],
        "reported_by": [{"outlet": a.outlet, "date": a.date, "quote": a.quote, "url": a.url} for a in rb],
        "first_appearance": _appearance(claim.first_appearance),
        "reviews": [review_record(r) for r in claim.reviews],
        "supersedes": claim.supersedes,
        "superseded_by": list(base.superseded_by.get(claim.id, ())),
        "tags": list(claim.tags),
        "notes": claim.notes,
        "path": claim.rel,
    }


class ClaimJSON:
    """``claim -> str``: the JSON text of :func:`claim_record` (as
    ``json.dumps(record, ensure_ascii=False)`` writes it, byte for byte)
    without building the dict, for ``claims --format json`` on large bases:
    the keys are written once in a template, and what many claims share (a
    claimant's name, stance and grade; a figure's bounds) is encoded once.
    tests/test_query.py holds it to ``json.dumps(claim_record(...))``."""

    def __init__(self, base: Base, evidence: dict | None):
        self.base = base
        self.evidence = evidence or {}
        self._s = encode_basestring  # text, in the loop
        self._json = json.JSONEncoder(ensure_ascii=False).encode  # any scalar, for what is encoded once
        self._sources: dict[str, str] = {}
        self._figures: dict[int, tuple] = {}

    def _source(self, sid: str) -> str:
        got = self._sources.get(sid)
        if got is None:
            src = self.base.sources.get(sid)
            if src is None:
                got = f'"claimant": {self._s(sid)}, "claimant_name": null, "claimant_stance": null, "claimant_reliability": null'
            else:
                got = (f'"claimant": {self._s(sid)}, "claimant_name": {self._s(src.name)}, '
                       f'"claimant_stance": {self._s(src.stance)}, "claimant_reliability": {self._json(src.reliability)}')
            self._sources[sid] = got
        return got

    def _bounds(self, f) -> str:
        got = self._figures.get(id(f))
        if got is None or got[0] is not f:  # keyed by id: the figure is kept alive in the entry
            k, num = f.kind, self._json
            got = self._figures[id(f)] = (
                f, f', "low": {num(number(f.low, k))}, "high": {num(number(f.high, k))}, "best": {num(number(f.best, k))}, ')
        return got[1]

    def __call__(self, claim: Claim) -> str:
        # Inlined (no helper calls per field): this runs once per claim of the answer.
        s = self._s
        ev = self.evidence.get(claim.id)
        if ev is not None:
            counted = ev.status is not None
            st, ag, cf = ev.status, ev.agree, ev.conflict
            evidence = (f'"evidence": {"null" if st is None else s(st)}, '
                        f'"evidence_agree": {"[" + ", ".join(map(s, ag)) + "]" if ag else "[]"}, '
                        f'"evidence_conflict": {"[" + ", ".join(map(s, cf)) + "]" if cf else "[]"}, '
                        f'"agreeing": {ev.n_agree if counted else 0}, "conflicting": {ev.n_conflict if counted else 0}, '
                        f'"cross_stance": {"true" if ev.cross_stance else "false"}, ')
        else:
            evidence = ('"evidence": null, "evidence_agree": [], "evidence_conflict": [], "agreeing": 0, '
                        '"conflicting": 0, "cross_stance": false, ')
        f = claim.figure
        ft = claim.figure_text
        if f is None:
            fe = claim.figure_error
            figure = (f'"kind": null, "figure": {"null" if ft is None else s(ft)}, "low": null, "high": null, '
                      f'"best": null, "figure_error": {"null" if fe is None else s(fe)}, ')
        else:
            figure = f'"kind": {s(f.kind)}, "figure": {"null" if ft is None else s(ft)}{self._bounds(f)}"figure_error": null, '
        rb = claim.reported_by
        if rb:
            outlets = "[" + ", ".join([s(a.outlet) for a in rb]) + "]"
            reported = "[" + ", ".join([
                f'{{"outlet": {s(a.outlet)}, "date": {"null" if a.date is None else s(a.date)}, '
                f'"quote": {"null" if a.quote is None else s(a.quote)}, "url": {"null" if a.url is None else s(a.url)}}}'
                for a in rb]) + "]"
        else:
            outlets = reported = "[]"
        first = claim.first_appearance
        if first is None:
            first_text = "null"
        else:
            first_text = (f'{{"outlet": {s(first.outlet)}, "date": {"null" if first.date is None else s(first.date)}, '
                          f'"quote": {"null" if first.quote is None else s(first.quote)}, '
                          f'"url": {"null" if first.url is None else s(first.url)}}}')
        reviews = self._json([review_record(r) for r in claim.reviews]) if claim.reviews else "[]"
        sup = self.base.superseded_by.get(claim.id)
        tags = claim.tags
        as_of, date, about, supersedes, notes = claim.as_of, claim.date, claim.about, claim.supersedes, claim.notes
        return (f'{{"id": {s(claim.id)}, "statement": {s(claim.statement)}, {self._source(claim.claimant)}, '
                f'"topic": {s(claim.topic)}, "status": {s(claim.status)}, {evidence}{figure}'
                f'"as_of": {"null" if as_of is None else s(as_of)}, "date": {"null" if date is None else s(date)}, '
                f'"about": {"null" if about is None else s(about)}, "outlets": {outlets}, "reported_by": {reported}, '
                f'"first_appearance": {first_text}, "reviews": {reviews}, '
                f'"supersedes": {"null" if supersedes is None else s(supersedes)}, '
                f'"superseded_by": {"[" + ", ".join(map(s, sup)) + "]" if sup else "[]"}, '
                f'"tags": {"[" + ", ".join(map(s, tags)) + "]" if tags else "[]"}, '
                f'"notes": {"null" if notes is None else s(notes)}, "path": {s(claim.rel)}}}')


def show_record(base: Base, claim: Claim, evidence: dict, rels, before, after, why: list[str], dispute=None) -> dict:
    """``show --format json``: the claim's record, why it has its evidence,
    its revisions, how every other claim on its topic relates to it, and
    the reviewers who contradict each other (``reviewers_disagree``: null, or
    the reviewers on each side)."""
    rec = claim_record(base, claim, evidence)
    rec["explanation"] = why
    rec["reviewers_disagree"] = None if dispute is None else {
        "refuted": list(dict.fromkeys(r.reviewer for r in dispute.refuting)),
        "corroborated": list(dict.fromkeys(r.reviewer for r in dispute.corroborating)),
    }
    rec["revisions_before"] = [c.id for c in before]
    rec["revisions_after"] = [c.id for c in after]
    rec["relations"] = [
        {"id": r.claim.id, "claimant": r.claim.claimant, "relation": r.relation, "independent": r.independent,
         "stances": r.stances, "ratio": None if r.ratio is None or math.isinf(r.ratio) else round(r.ratio, 4),
         "gap_days": r.gap_days}
        for r in rels
    ]
    return rec


def _csv_record(record: dict) -> dict:
    """A claim record with the CSV's derived columns (first appearance, reviews)."""
    first = record.get("first_appearance") or {}
    reviews = []
    for r in record.get("reviews") or ():
        rt = r["rating"]
        shown = rt["name"] if rt["name"] else (f"{rt['value']:g}" if rt["value"] is not None else "no rating")
        reviews.append(f"{r['reviewer']}: {shown} ({r['verdict']})")
    return {**record, "first_url": first.get("url"), "first_quote": first.get("quote"), "reviews": reviews}


def csv_row(record: dict) -> list[str]:
    """The :data:`CSV_FIELDS` of a :func:`claim_record`, as (formula-guarded) text cells."""
    rec = _csv_record(record)
    return [csv_value(rec.get(k)) for k in CSV_FIELDS]


def claims_csv(records: Iterable[dict]) -> str:
    """Header and one row per claim record (the columns of :data:`CSV_FIELDS`)."""
    return csv_table(CSV_FIELDS, (_csv_record(r) for r in records))


def claims_json(records: Iterable[dict]) -> str:
    """A JSON list of claim records, one record per line, as
    :func:`~claimcheck.records.encode.write_json_records` streams it (for a
    file written whole and atomically)."""
    parts: list[str] = []
    write_json_records(parts.append, records)
    return "".join(parts)


def claims_jsonl(records: Iterable[dict]) -> str:
    """One claim record per line."""
    return "".join(dumps(r, separators=(",", ":")) + "\n" for r in records)
