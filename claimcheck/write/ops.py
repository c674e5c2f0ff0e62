"""The edits claimcheck makes: add claims, sources, stances and topics; change
a claim's status. Each runs as one transaction (:mod:`.transaction`); the
rules for a new claim's file and id are stated in ``docs/authoring.md``."""

from __future__ import annotations

import copy
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from ..ids import AmbiguousId, resolve_id, slugify
from ..schema.fields import CLAIM, SOURCE, STATUSES, TOPIC_RE, status_suggestion
from ..suggest import did_you_mean
from .edit import (
    _append_in_mapping, _append_item, _append_mapping_entry, _declare_topic, _remove_item, _remove_key,
    _set_in_mapping, _topic_declared,
)
from .emit import check_text, render_flow, render_key, render_record, render_scalar
from .errors import AuthoringError
from .safe import DEFAULT_LOCK_TIMEOUT
from .transaction import (
    AddResult, EditResult, _appended, _appended_at, _deleted_at, _set_at, _transaction, _Workspace,
)

SOURCES_FILE = "sources.yaml"
CLAIMS_DIR = "claims"
ID_MAX = 60




def make_id(topic: str, claimant: str, taken: set[str] | frozenset[str]) -> str:
    """``<claimant>-<topic>`` as a slug of at most 60 characters, made unique
    with ``-2``, ``-3``... (``docs/authoring.md`` states the rule)."""
    base_id = slugify(f"{claimant}-{topic.replace('/', '-')}") or "claim"
    if len(base_id) > ID_MAX:
        cut = base_id[:ID_MAX]
        if "-" in cut[ID_MAX // 2:]:
            cut = cut[: cut.rindex("-")]
        base_id = cut.strip("-._")
    if base_id not in taken:
        return base_id
    n = 2
    while f"{base_id}-{n}" in taken:
        n += 1
    return f"{base_id}-{n}"


def normalize_target(root: Path, target: str) -> str:
    """``--file`` as a base-relative path under ``claims/``: a bare name means
    ``claims/NAME``; a path may be absolute or relative to the base."""
    t = target.strip()
    p = Path(t)
    if p.is_absolute():
        try:
            p = p.resolve().relative_to(Path(root).resolve())
        except ValueError:
            raise AuthoringError(f"--file {target!r} is not inside the claim base {root}", 2) from None
    rel = p.as_posix()
    if rel.startswith("./"):
        rel = rel[2:]
    if not rel.startswith(CLAIMS_DIR + "/"):
        rel = f"{CLAIMS_DIR}/{rel}"
    if ".." in Path(rel).parts or not rel.endswith((".yaml", ".yml")):
        raise AuthoringError(f"--file {target!r}: claims go in a .yaml file under claims/ (for example claims/topic.yaml)", 2)
    parts = Path(rel).parts
    if any(part.startswith(".") for part in parts):
        raise AuthoringError(f"--file {target!r}: hidden files are not read by the validator", 2)
    return rel


def choose_target(base, topic: str) -> str:
    """The file a new claim on ``topic`` goes to when no ``--file`` is given."""
    for t, lf in getattr(base, "topic_decls", ()):
        if t.id == topic:
            return lf.rel
    counts: Counter[str] = Counter(c.rel for c in base.claim_records if c.topic == topic)
    if counts:
        return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
    first = topic.split("/", 1)[0]
    first = slugify(first) or "claims"
    return f"{CLAIMS_DIR}/{first}.yaml"


def _all_claim_ids(base) -> set[str]:
    ids = {c.id for c in base.claim_records}
    for lf in base.files:
        data = lf.data
        if isinstance(data, dict) and isinstance(data.get("claims"), list):
            for rec in data["claims"]:
                if isinstance(rec, dict) and isinstance(rec.get("id"), str):
                    ids.add(rec["id"])
    return ids


def _resolve_claim(base, text: str) -> str:
    """The claim id ``text`` names, itself or the one id it begins; ``text``
    unchanged when it begins none (``_find_claim`` then says so)."""
    try:
        return resolve_id(text, _all_claim_ids(base)) or text
    except AmbiguousId as e:
        raise AuthoringError(e.message("claim"), 1) from None


def _find_claim(base, cid: str):
    claim = base.claims.get(cid)
    if claim is not None:
        return claim.rel, claim.index
    for lf in base.files:
        data = lf.data
        if isinstance(data, dict) and isinstance(data.get("claims"), list):
            for i, rec in enumerate(data["claims"]):
                if isinstance(rec, dict) and rec.get("id") == cid:
                    return lf.rel, i
    raise AuthoringError(f"no claim with id {cid!r}{did_you_mean(cid, sorted(_all_claim_ids(base)))}", 1)


CLAIM_ORDER = list(CLAIM)
SOURCE_ORDER = list(SOURCE)


def ordered(rec: dict, order: list[str]) -> dict:
    """Fields in the order of the field table; unknown ones last (validation
    reports them)."""
    out = {k: rec[k] for k in order if k in rec and rec[k] is not None}
    out.update({k: v for k, v in rec.items() if k not in out and v is not None})
    return out


def _check_texts(value: Any, what: str) -> None:
    if isinstance(value, str):
        check_text(value, what)
    elif isinstance(value, dict):
        for k, v in value.items():
            check_text(str(k), what)
            _check_texts(v, f"{what}.{k}")
    elif isinstance(value, (list, tuple)):
        for v in value:
            _check_texts(v, what)


@dataclass
class ClaimAdditions:
    """What an edit adds to a claim already in the base, in place: reviews
    and appearances appended to its lists, and entries of its ``reported_by``
    dropped (by index: an earlier import's review, stored as an appearance,
    that moves to ``reviews``)."""

    claim_id: str
    reviews: list[dict]
    reported_by: list[dict]
    drop_reported_by: tuple[int, ...] = ()


def _extend_claim(ws: _Workspace, base, add: ClaimAdditions) -> None:
    rel, index = _find_claim(base, add.claim_id)
    doc = ws.doc(rel)
    ptr = ("claims", index)
    rec = doc.data_at(ptr) if isinstance(doc.data, dict) else None
    if not isinstance(rec, dict) or rec.get("id") != add.claim_id:
        raise AuthoringError(f"claim {add.claim_id!r} is not where the base says; nothing was written", 1)
    if add.drop_reported_by:
        rb = rec.get("reported_by")
        if not isinstance(rb, list) or max(add.drop_reported_by) >= len(rb):
            raise AuthoringError(f"claim {add.claim_id!r}: its reported_by changed; nothing was written", 1)
        if len(set(add.drop_reported_by)) == len(rb):
            ws.edit(rel, _remove_key(doc, ptr, "reported_by"), _deleted_at(ptr, "reported_by"),
                    f"# {add.claim_id}: reported_by removed (its entries were reviews)\n")
        else:
            for i in sorted(set(add.drop_reported_by), reverse=True):
                ws.edit(rel, _remove_item(doc, ptr + ("reported_by",), i), _deleted_at(ptr + ("reported_by",), i),
                        f"# {add.claim_id}: reported_by entry {i + 1} removed (a review, moved to reviews)\n")
    for key, items in (("reported_by", add.reported_by), ("reviews", add.reviews)):
        for item in items:
            ws.edit(rel, _append_in_mapping(doc, ptr, key, item), _appended_at(ptr, key, item),
                    f"# {add.claim_id}: {key}\n" + render_record(item, 4))


# --- public operations ----------------------------------------------------------


def add_records(
    root: Path,
    *,
    claims: Iterable[dict] = (),
    sources: Iterable[dict] = (),
    stances: dict[str, Any] | None = None,
    topics: dict[str, dict] | None = None,
    target: str | None = None,
    dry_run: bool = False,
    lock_timeout: float = DEFAULT_LOCK_TIMEOUT,
    mark_superseded: bool = True,
    extend: Iterable[ClaimAdditions] = (),
    source_kinds: dict[str, str] | None = None,
) -> AddResult:
    """Add claims (and sources, and stances) to the base in one locked,
    checked operation; on any new error nothing is written.

    A claim without ``id`` gets one from its topic and claimant. Each claim goes
    to ``target`` (a ``--file`` value) or to the file the target rule chooses.
    Stances are added to ``sources.yaml``'s vocabulary (``id -> description``
    or ``{description, neutral}``), sources to its ``sources:`` list.
    ``topics`` (``id -> {title, unit, cumulative, notes}``) are declared in the
    file that receives the first new claim on them, unless some file already
    declares them.
    With ``mark_superseded``, a claim that ``supersedes`` another sets that
    one's status to ``superseded`` too. ``extend`` adds reviews and
    appearances to claims already in the base, in place
    (:class:`ClaimAdditions`); ``source_kinds`` (source id -> kind) sets the
    kind of sources already in the base.
    """
    claims = [dict(c) for c in claims]
    sources = [dict(s) for s in sources]
    stances = dict(stances or {})
    topics = {k: dict(v) for k, v in (topics or {}).items()}
    extend = list(extend)
    source_kinds = dict(source_kinds or {})
    for add in extend:
        _check_texts(add.reviews, "review")
        _check_texts(add.reported_by, "reported_by entry")
    for rec in claims:
        _check_texts(rec, "claim")
    for rec in sources:
        _check_texts(rec, "source")
    _check_texts(stances, "stance")
    fixed_target = normalize_target(root, target) if target else None

    def build(ws: _Workspace, base, result: AddResult) -> None:
        if stances or sources:
            doc = ws.doc(SOURCES_FILE)
            if doc.data is None:
                raise AuthoringError(f"{SOURCES_FILE} is missing or empty; create a base with 'claimcheck init'", 2)
            for sid, desc in stances.items():
                if isinstance(doc.data.get("stances"), dict) and sid in doc.data["stances"]:
                    continue  # already in the vocabulary
                ws.edit(
                    SOURCES_FILE,
                    _append_mapping_entry(doc, "stances", sid, desc),
                    _set_at(("stances",), sid, copy.deepcopy(desc)),
                    f"stances:\n  {render_key(sid)}: {render_flow(desc)}\n",
                )
            for rec in sources:
                rec = ordered(rec, SOURCE_ORDER)
                ws.edit(SOURCES_FILE, _append_item(doc, "sources", rec), _appended("sources", rec), render_record(rec))
                if isinstance(rec.get("id"), str):
                    result.ids.append(rec["id"])
        if source_kinds:
            doc = ws.doc(SOURCES_FILE)
            for sid, kind in source_kinds.items():
                src = base.sources.get(sid)
                if src is None or src.rel != SOURCES_FILE:
                    continue
                ptr = ("sources", src.index)
                ws.edit(SOURCES_FILE, _set_in_mapping(doc, ptr, "kind", kind), _set_at(ptr, "kind", kind),
                        f"# source {sid}: kind {kind}\n")
        for add in extend:
            _extend_claim(ws, base, add)
            result.ids.append(add.claim_id)
        taken = _all_claim_ids(base)
        supersede: list[str] = []
        topic_file: dict[str, str] = {}
        for rec in claims:
            topic, claimant = rec.get("topic"), rec.get("claimant")
            if not rec.get("id"):
                if not (isinstance(topic, str) and isinstance(claimant, str)):
                    raise AuthoringError("a claim needs a topic and a claimant (or an explicit id)", 2)
                rec["id"] = make_id(topic, claimant, taken)
            if isinstance(rec["id"], str):
                taken.add(rec["id"])
                result.ids.append(rec["id"])
            rec = ordered(rec, CLAIM_ORDER)
            if fixed_target:
                rel = fixed_target
            elif isinstance(topic, str) and TOPIC_RE.fullmatch(topic):
                rel = choose_target(base, topic)
            else:
                raise AuthoringError(f"claim {rec.get('id')!r}: no valid topic to choose a file by; give --file", 2)
            doc = ws.doc(rel)
            ws.edit(rel, _append_item(doc, "claims", rec), _appended("claims", rec), render_record(rec))
            if isinstance(topic, str):
                topic_file.setdefault(topic, rel)
            old_id = rec.get("supersedes")
            if mark_superseded and isinstance(old_id, str):
                supersede.append(old_id)
        for tid, attrs in topics.items():
            if tid in base.topics:
                continue  # declared already: never redeclared (CC308 would follow)
            rel = topic_file.get(tid) or fixed_target or choose_target(base, tid)
            doc = ws.doc(rel)
            ws.edit(rel, _declare_topic(doc, tid, attrs), _topic_declared(tid, attrs),
                    f"topics:\n  {render_key(tid)}: {render_flow(attrs)}\n")
        for old_id in supersede:
            try:
                rel, index = _find_claim(base, old_id)
            except AuthoringError:
                continue  # validation reports the unknown claim (CC305)
            doc = ws.doc(rel)
            recs = doc.data.get("claims") if isinstance(doc.data, dict) else None
            if not isinstance(recs, list) or index >= len(recs) or recs[index].get("status") == "superseded":
                continue
            ws.edit(
                rel,
                _set_in_mapping(doc, ("claims", index), "status", "superseded"),
                _set_at(("claims", index), "status", "superseded"),
                f"# {old_id}: status superseded\n",
            )

    return _transaction(root, build, dry_run=dry_run, lock_timeout=lock_timeout)


def set_status(
    root: Path,
    claim_id: str,
    status: str,
    *,
    note: str | None = None,
    by: str | None = None,
    dry_run: bool = False,
    lock_timeout: float = DEFAULT_LOCK_TIMEOUT,
) -> EditResult:
    """Change one claim's status in place. ``superseded`` requires ``by`` (the
    newer claim), which gets ``supersedes: claim_id``. ``note`` is appended to
    the claim's ``notes`` (after a space). ``claim_id`` and ``by`` may be the
    start of one claim id only (:func:`claimcheck.ids.resolve_id`)."""
    asked = claim_id
    if status not in STATUSES:
        raise AuthoringError(f"status {status!r} is not one of {', '.join(STATUSES)}{status_suggestion(status)}", 2)
    if status == "superseded" and not by:
        raise AuthoringError("status superseded needs --by NEWID: the claim that replaces it", 2)
    if by and status != "superseded":
        raise AuthoringError("--by goes with status superseded only", 2)
    if by == claim_id:
        raise AuthoringError("a claim cannot supersede itself", 2)
    if note is not None:
        check_text(note, "--note")
        if not note.strip():
            raise AuthoringError("--note is empty", 2)

    def build(ws: _Workspace, base, result: AddResult) -> None:
        claim_id = _resolve_claim(base, asked)
        rel, index = _find_claim(base, claim_id)
        result.ids.append(claim_id)
        if by:
            by_id = _resolve_claim(base, by)
            if by_id == claim_id:
                raise AuthoringError("a claim cannot supersede itself", 2)
            nrel, nindex = _find_claim(base, by_id)
            ndoc = ws.doc(nrel)
            nrec = ndoc.data["claims"][nindex]
            current = nrec.get("supersedes")
            if current not in (None, claim_id):
                raise AuthoringError(f"claim {by_id!r} already supersedes {current!r}; a claim revises one earlier claim", 1)
            if current != claim_id:
                ws.edit(
                    nrel,
                    _set_in_mapping(ndoc, ("claims", nindex), "supersedes", claim_id),
                    _set_at(("claims", nindex), "supersedes", claim_id),
                    f"# {by_id}: supersedes {claim_id}\n",
                )
        doc = ws.doc(rel)
        rec = doc.data["claims"][index]
        if rec.get("status") != status:
            ws.edit(
                rel,
                _set_in_mapping(doc, ("claims", index), "status", status),
                _set_at(("claims", index), "status", status),
                f"# {claim_id}: status {status}\n",
            )
        if note:
            old_notes = rec.get("notes")
            new_notes = f"{old_notes.rstrip()} {note.strip()}" if isinstance(old_notes, str) and old_notes.strip() else note.strip()
            ws.edit(
                rel,
                _set_in_mapping(doc, ("claims", index), "notes", new_notes),
                _set_at(("claims", index), "notes", new_notes),
                f"# {claim_id}: notes {render_scalar(new_notes)}\n",
            )

    return _transaction(root, build, dry_run=dry_run, lock_timeout=lock_timeout)
