"""Planning an import: the claims, reviews and sources a set of reviews
becomes (one claim per claimed statement and claimant, each review attached
to it), the reviews added to claims already in the base, and the reviews
already there, which are skipped."""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from ...ids import slugify
from ...load.strict import MAX_STRING
from ...rules.records import check_record
from ...schema.fields import APPEARANCE, CLAIM, REVIEW, URL_RE
from ...schema.verdicts import combined_status, verdict
from ...text import SURROGATE_RE
from .export import normalise_url, publisher_source_ids, review_url
from .feed import ImportProblem, Party, Review

# --- import: planning the records -----------------------------------------

UNRATED = "unrated"
UNRATED_DESCRIPTION = "Added by claimcheck import: no stance judged yet."
"""The stance new sources get unless --stance names another."""
UNATTRIBUTED_ID = "unattributed"
DEFAULT_TOPIC = "claimreview"


def normalise_text(text: str) -> str:
    """Claim text as identities compare it: NFKC, case-folded, curly quotes
    straightened, whitespace collapsed, outer quotes and final period dropped."""
    t = unicodedata.normalize("NFKC", text).casefold()
    t = t.translate(str.maketrans({"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'", "\u00ab": '"', "\u00bb": '"'}))
    t = " ".join(t.split())
    return t.strip(" \"'").rstrip(".").strip(" \"'")


def identity(url: str | None, text: str) -> tuple[str | None, str]:
    """What identifies a review: its url and its claim text, normalised."""
    return (normalise_url(url) if url else None, normalise_text(text))


def exported_identities(base) -> set[tuple[str, str]]:
    """(url, text) of the reviews this base publishes from a claim's status
    (its publisher's review urls): a feed holding them brings nothing new."""
    pairs: set[tuple[str, str]] = set()
    pub_ids = publisher_source_ids(base)
    for c in base.claim_records:
        if c.reviews:
            continue
        u = review_url(base, c, pub_ids)
        if u:
            pairs.add((normalise_url(u), normalise_text(c.statement)))
    return pairs


def _review_key(reviewer: str, url: str | None, name: str | None, date: str | None) -> tuple:
    """What identifies a review on its claim: its url, else (reviewer, rating text, date)."""
    if url:
        return ("url", normalise_url(url))
    return ("review", reviewer, (name or "").casefold(), date)


def _appearance_key(entry: dict) -> tuple:
    if entry.get("url"):
        return ("url", normalise_url(entry["url"]))
    return ("entry", entry.get("outlet"), entry.get("date"), entry.get("quote"))


@dataclass
class PlannedClaim:
    """A new claim: its record, and the feed's reviews it holds."""

    record: dict
    reviews: list[Review] = field(default_factory=list)
    keys: set = field(default_factory=set)  # review keys
    appearance_keys: set = field(default_factory=set)


@dataclass
class PlannedAddition:
    """Reviews (and appearances) added to a claim already in the base;
    ``drop_reported_by``: its entries that an earlier import wrote for these
    very reviews (the old layout), which move to ``reviews``."""

    claim_id: str
    reviews: list[dict] = field(default_factory=list)
    reported_by: list[dict] = field(default_factory=list)
    drop_reported_by: list[int] = field(default_factory=list)
    feed_reviews: list[Review] = field(default_factory=list)
    keys: set = field(default_factory=set)
    appearance_keys: set = field(default_factory=set)


@dataclass
class ImportPlan:
    claims: list[PlannedClaim] = field(default_factory=list)
    additions: list[PlannedAddition] = field(default_factory=list)
    sources: list[dict] = field(default_factory=list)
    source_kinds: dict[str, str] = field(default_factory=dict)  # existing source id -> new kind
    add_stance: tuple[str, str] | None = None  # (id, description) to add to the vocabulary
    duplicates: list[Review] = field(default_factory=list)  # already in the base or earlier in the feed
    problems: list[ImportProblem] = field(default_factory=list)

    @property
    def claim_records(self) -> list[dict]:
        return [p.record for p in self.claims]

    @property
    def reviews_added(self) -> int:
        return sum(len(p.record.get("reviews", ())) for p in self.claims) + sum(len(a.reviews) for a in self.additions)

    @property
    def reviews_moved(self) -> int:
        """Reviews an earlier import kept as reported_by entries, now moved to reviews."""
        return sum(len(a.drop_reported_by) for a in self.additions)


class _Sources:
    """Finds the base's source for a party (id, name, alias, url host) and
    plans new ones."""

    def __init__(self, base, stance: str) -> None:
        self.base = base
        self.stance = stance
        self.new: list[dict] = []
        self.taken = set(base.sources)
        self.by_name: dict[str, str] = {}
        self.by_url: dict[str, str] = {}
        self.by_host: dict[str, set[str]] = {}
        for s in base.sources.values():
            self._index(s.id, s.name, s.url, s.aliases)

    def _index(self, sid, name, url, aliases=()):
        for n in (name, sid, *aliases):
            if n:
                self.by_name.setdefault(normalise_text(n), sid)
        if url:
            self.by_url.setdefault(normalise_url(url), sid)
            host = _host(url)
            if host:
                self.by_host.setdefault(host, set()).add(sid)

    def mark(self) -> int:
        return len(self.new)

    def rollback(self, mark: int) -> None:
        """Forget the sources planned since ``mark`` (their claim was refused)."""
        if mark == len(self.new):
            return
        for rec in self.new[mark:]:
            self.taken.discard(rec["id"])
        self.new = self.new[:mark]
        self.by_name, self.by_url, self.by_host = {}, {}, {}
        for s in self.base.sources.values():
            self._index(s.id, s.name, s.url, s.aliases)
        for rec in self.new:
            self._index(rec["id"], rec["name"], rec.get("url"))

    def find(self, p: Party, host_url: str | None = None) -> str | None:
        if p.name:
            sid = self.by_name.get(normalise_text(p.name))
            if sid:
                return sid
        if p.url:
            sid = self.by_url.get(normalise_url(p.url))
            if sid:
                return sid
        for u in (p.url, host_url):
            ids = self.by_host.get(_host(u) or "", set()) if u else set()
            if len(ids) == 1:
                return next(iter(ids))
        return None

    def get(self, p: Party, kind: str, host_url: str | None = None) -> str:
        """The id of the source ``p`` names, planning a new source if none
        matches. ``host_url`` (the address of a work it published) matches a
        source with the same host when the name matches none."""
        sid = self.find(p, host_url)
        if sid:
            return sid
        host = _host(p.url or host_url or "")
        name = p.name or host or "unknown"
        root = slugify(name) or "source"
        sid, n = root, 1
        while sid in self.taken:
            n += 1
            sid = f"{root}-{n}"
        self.taken.add(sid)
        rec: dict[str, Any] = {"id": sid, "name": name, "kind": kind, "stance": self.stance}
        home = p.url if p.url else (f"https://{host}/" if host and not p.name else None)
        if home and URL_RE.fullmatch(home):
            rec["url"] = home
        self.new.append(rec)
        self._index(sid, name, home)
        return sid


def _host(url: str) -> str | None:
    try:
        h = urlsplit(url).hostname
    except ValueError:
        return None
    if not h:
        return None
    return h[4:] if h.startswith("www.") else h


def plan_import(base, reviews: list[Review], *, stance: str | None = None, topic: str = DEFAULT_TOPIC) -> ImportPlan:
    """What ``reviews`` add to ``base``: one claim per claimed statement and
    claimant, each review attached to it (a claim already in the base gets
    the new reviews in place); reviews already there are listed as
    duplicates and add nothing. The declared status of a new claim is derived
    from its reviews (:func:`claimcheck.schema.verdicts.combined_status`)."""
    plan = ImportPlan()
    stance = stance or UNRATED
    if stance == UNRATED and UNRATED not in base.stances:
        plan.add_stance = (UNRATED, UNRATED_DESCRIPTION)
    exported = exported_identities(base)
    by_key: dict[tuple[str, str], Any] = {}
    # (url, text) of reported_by entries -> [(claim, index, outlet)]: where an
    # earlier import kept a review (the old layout), or an appearance
    carried: dict[tuple[str, str], list] = {}
    reviewed: set[tuple[str, str]] = set()  # (review url, text) of every review in the base
    for c in base.claims.values():
        t = normalise_text(c.statement)
        by_key.setdefault((t, c.claimant), c)
        reviewed.update((normalise_url(x.url), t) for x in c.reviews if x.url)
        for i, a in enumerate(c.reported_by):
            if a.url:
                carried.setdefault((normalise_url(a.url), t), []).append((c, i, a.outlet))
    sources = _Sources(base, stance)
    claim_ids = _taken_claim_ids(base)
    new: dict[tuple[str, str], PlannedClaim] = {}
    added: dict[str, PlannedAddition] = {}
    for r in reviews:
        text = normalise_text(r.claim_text)
        url_n = normalise_url(r.url) if r.url else None
        if url_n and ((url_n, text) in exported or (url_n, text) in reviewed):
            plan.duplicates.append(r)
            continue
        mark = sources.mark()
        claimant = _claimant(base, r, sources)
        reviewer = sources.get(r.author or Party(None if r.url else "Unknown reviewer"), "fact-checker", host_url=r.url)
        review, warnings = _review_record(r, reviewer)
        rkey = _review_key(reviewer, r.url, r.rating_name, review.get("date"))
        key = (text, claimant)
        held = carried.get((url_n, text), []) if url_n else []
        dropped = [(c, i) for c, i, outlet in held if outlet == reviewer]
        if held and not dropped:  # the review's own address is an appearance of a claim: it is there
            sources.rollback(mark)
            plan.duplicates.append(r)
            continue
        # the claim an earlier import wrote for this very review, else the claim of this statement and claimant
        existing = dropped[0][0] if dropped else by_key.get(key)
        dropped = [i for c, i in dropped if c is existing]
        target: PlannedClaim | PlannedAddition
        if existing is not None:
            target = added.get(existing.id)
            if target is None:  # what the claim holds already
                target = PlannedAddition(
                    existing.id,
                    keys={_review_key(x.reviewer, x.url, x.rating.name, x.date) for x in existing.reviews},
                    appearance_keys={_appearance_key({"outlet": a.outlet, "date": a.date, "quote": a.quote,
                                                      "url": a.url}) for a in existing.reported_by})
            if rkey in target.keys:
                sources.rollback(mark)
                plan.duplicates.append(r)
                continue
        else:
            target = new.get(key)
            if target is not None and rkey in target.keys:
                sources.rollback(mark)
                plan.duplicates.append(r)
                continue
        # appearances the claim holds already (by url) add nothing, not even a source
        known = target.appearance_keys if target is not None else set()
        appearances = _appearances(r, sources, known)
        tags = list(r.keywords)
        why = _text_problem([review, appearances, tags, r.claim_text, *sources.new[mark:]])
        if why is None:
            problems = check_record(review, REVIEW, (), "review")
            for entry in appearances:
                problems += check_record(entry, APPEARANCE, (), "appearance")
            why = "; ".join(p.message for p in problems) or None
        record = None
        if why is None and target is None:
            record = _claim_record(r, claimant, topic, claim_ids)
            problems = check_record(record, CLAIM, (), "claim")
            why = "; ".join(p.message for p in problems) or None
        if why:
            sources.rollback(mark)
            plan.problems.append(ImportProblem(r.record, r.line, r.url, why))
            continue
        for w in (*r.warnings, *warnings):
            plan.problems.append(ImportProblem(r.record, r.line, r.url, w, "warning"))
        if record is not None:
            claim_ids.add(record["id"])
            target = new[key] = PlannedClaim(record)
            plan.claims.append(target)
        if isinstance(target, PlannedAddition):
            if existing.id not in added:
                added[existing.id] = target
                plan.additions.append(target)
            target.reviews.append(review)
            target.feed_reviews.append(r)
            target.drop_reported_by.extend(i for i in dropped if i not in target.drop_reported_by)
            entries = target.reported_by
        else:
            target.record.setdefault("reviews", []).append(review)
            target.reviews.append(r)
            entries = target.record.setdefault("reported_by", [])
            for t in tags:
                if t not in target.record.setdefault("tags", []):
                    target.record["tags"].append(t)
        target.keys.add(rkey)
        if url_n:
            reviewed.add((url_n, text))
        for entry in appearances:
            k = _appearance_key(entry)
            if k not in target.appearance_keys:
                target.appearance_keys.add(k)
                entries.append(entry)
    for p in plan.claims:
        rec = p.record
        rec["status"] = combined_status(_verdict_of(x) for x in rec["reviews"])
        for k in ("reported_by", "tags"):
            if not rec.get(k):
                rec.pop(k, None)
    for p in plan.claims:  # field order of the format (status derived last)
        p.record = {k: p.record[k] for k in CLAIM if k in p.record}
    plan.sources = sources.new
    plan.source_kinds = _reviewers_no_longer_outlets(base, plan.additions)
    return plan


def _verdict_of(review: dict) -> str:
    rt = review.get("rating") or {}
    return verdict(rt.get("name"), rt.get("value"), rt.get("best"), rt.get("worst")).status


def _taken_claim_ids(base) -> set[str]:
    return {c.id for c in base.claim_records}


def _claimant(base, r: Review, sources: _Sources) -> str:
    if r.claim_author and (r.claim_author.name or r.claim_author.url):
        return sources.get(r.claim_author, "person" if r.claim_author.person else "other")
    if UNATTRIBUTED_ID in base.sources:
        return UNATTRIBUTED_ID
    return sources.get(Party("Unattributed"), "unattributed")


def _appearances(r: Review, sources: _Sources, known: set) -> list[dict]:
    out = []
    for w in r.appearances:
        if w.url and ("url", normalise_url(w.url)) in known:
            continue
        p = w.publisher or Party(None)
        entry: dict[str, Any] = {"outlet": sources.get(p, "person" if p.person else "outlet", host_url=w.url)}
        if w.date:
            entry["date"] = w.date
        if w.text:
            entry["quote"] = w.text
        if w.url:
            entry["url"] = w.url
        out.append(entry)
    return out


def _plain_number(x: float | None) -> int | float | None:
    if x is None:
        return None
    return int(x) if float(x).is_integer() and abs(x) < 2**53 else x


def _review_record(r: Review, reviewer: str) -> tuple[dict, list[str]]:
    """The review as the base stores it, and what was dropped from it."""
    warnings: list[str] = []
    rec: dict[str, Any] = {"reviewer": reviewer}
    if r.url:
        rec["url"] = r.url
    if r.date:
        rec["date"] = r.date
    rating = {k: v for k, v in (("name", r.rating_name), ("value", _plain_number(r.rating_value)),
                                ("best", _plain_number(r.best)), ("worst", _plain_number(r.worst))) if v is not None}
    if rating and check_record({"rating": rating}, {"rating": REVIEW["rating"]}, (), "review"):
        if verdict(r.rating_name, r.rating_value, r.best, r.worst).problem is None:  # else the feed said so
            numbers = ", ".join(f"{k} {rating[k]:g}" for k in ("value", "worst", "best") if k in rating)
            warnings.append(f"reviewRating ({numbers}) is not a value within its scale: the numbers are dropped, "
                            "the rating text kept")
        rating = {k: v for k, v in rating.items() if k == "name"}
    if rating:
        rec["rating"] = rating
    if r.title:
        rec["title"] = r.title
    if r.body:
        rec["summary"] = r.body
    if r.language:
        rec["language"] = r.language
    return rec, warnings


def _claim_record(r: Review, claimant: str, topic: str, claim_ids: set) -> dict:
    """A new claim for the statement ``r`` reviews (reviews and appearances are added after)."""
    text = normalise_text(r.claim_text)
    digest = hashlib.sha1(f"{text}\x00{claimant}".encode()).hexdigest()[:8]
    root = slugify(claimant, 30) or "claim"
    cid, n = f"{root}-{digest}", 1
    while cid in claim_ids:
        n += 1
        cid = f"{root}-{digest}-{n}"
    rec: dict[str, Any] = {"id": cid, "statement": r.claim_text, "claimant": claimant, "topic": topic}
    if r.claim_date:
        rec["as_of"] = r.claim_date
    rec["status"] = "unverified"  # derived from the reviews once all are attached
    return rec


def _reviewers_no_longer_outlets(base, additions: list[PlannedAddition]) -> dict[str, str]:
    """Sources of kind ``outlet`` whose every appearance was an earlier
    import's review (now moved to ``reviews``): they become fact-checkers."""
    dropped: dict[str, int] = {}
    for a in additions:
        c = base.claims[a.claim_id]
        for i in a.drop_reported_by:
            o = c.reported_by[i].outlet
            dropped[o] = dropped.get(o, 0) + 1
    if not dropped:
        return {}
    carried: dict[str, int] = {}
    claimants = set()
    for c in base.claims.values():
        claimants.add(c.claimant)
        for a in c.reported_by:
            if a.outlet in dropped:
                carried[a.outlet] = carried.get(a.outlet, 0) + 1
    out = {}
    for sid, n in dropped.items():
        s = base.sources.get(sid)
        if s is not None and s.kind == "outlet" and carried.get(sid, 0) == n and sid not in claimants:
            out[sid] = "fact-checker"
    return out


def _text_problem(value: Any) -> str | None:
    """Why a record's text cannot be written (a lone surrogate, which a JSON
    ``\\ud800`` escape can make, or a string over the loader's limit)."""
    if isinstance(value, str):
        if SURROGATE_RE.search(value):
            return "holds text that is not valid Unicode (a lone surrogate escape)"
        if len(value) > MAX_STRING:
            return f"holds a text of {len(value)} characters, over the limit of {MAX_STRING}"
        return None
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, list):
        for v in value:
            why = _text_problem(v)
            if why:
                return why
    return None
