"""Records compared by id: claims, sources, stances and topics added, removed
and changed, field by field, as written.

A record is compared as data, so reformatting a file (quotes, flow or block
style, indentation, comments) or reordering records, files or a record's
keys changes nothing. A field with no value (``notes:`` or ``notes: null``)
is the same as an absent one; the order of ``reported_by`` entries, ``tags``
and ``aliases`` is not a change. Records held by a file both sides share are
the same objects, so they are passed over without being compared.
"""

from __future__ import annotations

import json
from typing import Any, Iterable

from ..load.find import SOURCES_FILE
from ..load.read import FileRead
from ..schema.fields import CLAIM, SOURCE, STANCE
from .result import FieldChange, RecordChange, RecordEntry, StatusChange

#: Fields whose entries are a set: their order is not a change.
UNORDERED = frozenset({"reported_by", "tags", "aliases"})

#: id -> (record, file): the first record of each id in file order, as the loader keeps it.
Records = dict[str, tuple[dict, str]]


def claim_records(reads: dict[str, FileRead]) -> Records:
    out: Records = {}
    for rel in sorted(reads):
        if rel == SOURCES_FILE:
            continue
        _first_by_id(reads[rel].lf.data, "claims", rel, out)
    return out


def _first_by_id(data, key: str, rel: str, out: Records) -> None:
    """Add each record of the list ``data[key]`` under its id, where that id is not in ``out`` yet."""
    records = data.get(key) if isinstance(data, dict) else None
    if isinstance(records, list):
        for rec in records:
            if type(rec) is dict:
                rid = rec.get("id")
                if type(rid) is str and rid not in out:
                    out[rid] = (rec, rel)


def source_records(reads: dict[str, FileRead]) -> Records:
    out: Records = {}
    fr = reads.get(SOURCES_FILE)
    _first_by_id(fr.lf.data if fr is not None else None, "sources", SOURCES_FILE, out)
    return out


def stance_records(reads: dict[str, FileRead]) -> Records:
    """Stance id -> its entry as a record (a bare description is ``{description: ...}``)."""
    out: Records = {}
    fr = reads.get(SOURCES_FILE)
    data = fr.lf.data if fr is not None else None
    stances = data.get("stances") if isinstance(data, dict) else None
    if isinstance(stances, dict):
        for sid, v in stances.items():
            out[sid] = (v if isinstance(v, dict) else {"description": v}, SOURCES_FILE)
    return out


def compare_records(old: Records, new: Records, order: Iterable[str]) -> tuple[list[RecordEntry], list[RecordEntry], list[RecordChange]]:
    """(added, removed, changed), each sorted by id; fields in ``order``
    (the schema's), then any other field by name."""
    order = list(order)
    added: list[RecordEntry] = []
    changed: list[RecordChange] = []
    for rid, (rec, rel) in new.items():
        was = old.get(rid)
        if was is None:
            added.append(RecordEntry(rid, rel, _shown(rec)))
            continue
        if was[0] is rec:  # the same record of a file both sides share
            continue
        fields = field_changes(was[0], rec, order)
        if fields:
            changed.append(RecordChange(rid, rel, was[1], fields))
    removed = [RecordEntry(rid, rel, _shown(rec)) for rid, (rec, rel) in old.items() if rid not in new]
    return sorted(added, key=_id), sorted(removed, key=_id), sorted(changed, key=_id)


def _id(x) -> str:
    return x.id


def _shown(rec: dict) -> dict:
    return {k: v for k, v in rec.items() if v is not None}


def field_changes(old: dict, new: dict, order: list[str]) -> list[FieldChange]:
    keys = [k for k in order if k in old or k in new]
    keys += sorted({k for k in (*old, *new) if isinstance(k, str) and k not in order}, key=str)
    out = []
    for k in keys:
        a, b = old.get(k), new.get(k)
        if not same(a, b, k in UNORDERED):
            out.append(FieldChange(k, a, b))
    return out


def same(a: Any, b: Any, unordered: bool = False) -> bool:
    """Equal as data (types included: the number 40 is not the text "40")."""
    if unordered and isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and sorted(map(_canon, a)) == sorted(map(_canon, b))
    return type(a) is type(b) and _canon(a) == _canon(b)


def _canon(v: Any) -> str:
    """A text equal for equal data of equal types (True is not 1, 1 is not 1.0)."""
    return json.dumps(_typed(v), sort_keys=True, ensure_ascii=False, default=repr)


def _typed(v: Any) -> Any:
    if isinstance(v, dict):
        return {str(k): _typed(x) for k, x in v.items() if x is not None}
    if isinstance(v, list):
        return [_typed(x) for x in v]
    if isinstance(v, bool) or v is None or isinstance(v, str):
        return v
    return [type(v).__name__, repr(v)]


def claims(old_reads: dict[str, FileRead], new_reads: dict[str, FileRead]):
    """(added, removed, changed, status changes) of the claims."""
    added, removed, changed = compare_records(claim_records(old_reads), claim_records(new_reads), CLAIM)
    status = []
    for ch in changed:
        f = ch.field("status")
        if f is not None and isinstance(f.old, str) and isinstance(f.new, str):
            status.append(StatusChange(ch.id, f.old, f.new))
    return added, removed, changed, status


def sources(old_reads: dict[str, FileRead], new_reads: dict[str, FileRead]):
    """(added, removed, changed) of the sources."""
    return compare_records(source_records(old_reads), source_records(new_reads), SOURCE)


def stances(old_reads: dict[str, FileRead], new_reads: dict[str, FileRead]):
    """(added, removed, changed) of the stance vocabulary."""
    return compare_records(stance_records(old_reads), stance_records(new_reads), STANCE)
