"""Planning an import: the claims and sources a set of reviews becomes, and
the reviews already in the base, which are skipped."""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from ...ids import slugify
from ...load.strict import MAX_STRING
from ...rules.records import check_record
from ...schema.fields import CLAIM, URL_RE
from ...text import SURROGATE_RE
from .export import normalise_url, publisher_source_ids, review_url
from .feed import ImportProblem, Party, Review
from .ratings import BEST_RATING, RATINGS, rating_to_status

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


def known_identities(base) -> tuple[set[tuple[str | None, str]], set[str]]:
    """(url, text) pairs of the base's claims (each url of its reported_by
    entries, and its exported review url), and the texts alone."""
    pairs: set[tuple[str | None, str]] = set()
    texts: set[str] = set()
    pub_ids = publisher_source_ids(base)
    for c in base.claim_records:
        t = normalise_text(c.statement)
        texts.add(t)
        for a in c.reported_by:
            if a.url:
                pairs.add((normalise_url(a.url), t))
        u = review_url(base, c, pub_ids)
        if u:
            pairs.add((normalise_url(u), t))
    return pairs, texts


@dataclass
class PlannedClaim:
    review: Review
    record: dict
    status_how: str


@dataclass
class ImportPlan:
    claims: list[PlannedClaim] = field(default_factory=list)
    sources: list[dict] = field(default_factory=list)
    add_stance: tuple[str, str] | None = None  # (id, description) to add to the vocabulary
    duplicates: list[Review] = field(default_factory=list)  # already in the base or earlier in the feed
    problems: list[ImportProblem] = field(default_factory=list)

    @property
    def claim_records(self) -> list[dict]:
        return [p.record for p in self.claims]


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
    """The claims and sources ``reviews`` would add to ``base``; reviews
    already there (same identity) are listed as duplicates and add nothing."""
    plan = ImportPlan()
    stance = stance or UNRATED
    if stance == UNRATED and UNRATED not in base.stances:
        plan.add_stance = (UNRATED, UNRATED_DESCRIPTION)
    pairs, texts = known_identities(base)
    sources = _Sources(base, stance)
    claim_ids = set(base.claims)
    for r in reviews:
        ident = identity(r.url, r.claim_text)
        if (r.url and ident in pairs) or (not r.url and ident[1] in texts):
            plan.duplicates.append(r)
            continue
        pairs.add(ident)
        texts.add(ident[1])
        mark = sources.mark()
        rec, how, why = _claim_record(base, r, sources, claim_ids, topic)
        if rec is not None:
            why = _text_problem([rec, *sources.new[mark:]])
        if why:
            sources.rollback(mark)
            plan.problems.append(ImportProblem(r.record, r.line, r.url, why))
            continue
        for w in r.warnings:
            plan.problems.append(ImportProblem(r.record, r.line, r.url, w, "warning"))
        plan.claims.append(PlannedClaim(r, rec, how))
    plan.sources = sources.new
    return plan




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


def _claim_record(base, r: Review, sources: _Sources, claim_ids: set, topic: str):
    status, how = rating_to_status(r.rating_name, r.rating_value, r.best, r.worst)
    if r.claim_author and (r.claim_author.name or r.claim_author.url):
        claimant = sources.get(r.claim_author, "person" if r.claim_author.person else "other")
    else:
        claimant = sources.get(Party("Unattributed"), "unattributed") if UNATTRIBUTED_ID not in base.sources else UNATTRIBUTED_ID
    reported = []
    for w in r.appearances:
        p = w.publisher or Party(None)
        outlet = sources.get(p, "person" if p.person else "outlet", host_url=w.url)
        entry: dict[str, Any] = {"outlet": outlet}
        if w.date:
            entry["date"] = w.date
        if w.text:
            entry["quote"] = w.text
        if w.url:
            entry["url"] = w.url
        reported.append(entry)
    if r.url:  # the review itself: where a second import finds it
        p = r.author or Party(None)
        outlet = sources.get(p, "person" if p.person else "outlet", host_url=r.url)
        entry = {"outlet": outlet}
        if r.date:
            entry["date"] = r.date
        entry["url"] = r.url
        reported.append(entry)
    digest = hashlib.sha1(f"{identity(r.url, r.claim_text)}".encode()).hexdigest()[:8]
    cid = f"{(slugify(claimant, 30) or 'claim')}-{digest}"
    n = 1
    while cid in claim_ids:
        n += 1
        cid = f"{(slugify(claimant, 30) or 'claim')}-{digest}-{n}"
    claim_ids.add(cid)
    rec: dict[str, Any] = {"id": cid, "statement": r.claim_text, "claimant": claimant, "topic": topic}
    if r.claim_date:
        rec["as_of"] = r.claim_date
    rec["status"] = status
    if reported:
        rec["reported_by"] = reported
    if r.keywords:
        rec["tags"] = r.keywords
    notes = []
    if r.body:
        notes.append(r.body)
    canonical = RATINGS.get(status)
    if r.rating_name and not (canonical and canonical.name == r.rating_name):
        by = f" by {r.author.name}" if r.author and r.author.name else ""
        scale = f" ({r.rating_value:g} of {r.best if r.best is not None else BEST_RATING:g})" if r.rating_value is not None else ""
        notes.append(f"ClaimReview rating{by}: {r.rating_name}{scale}")
    if notes:
        rec["notes"] = "\n".join(notes)
    problems = check_record(rec, CLAIM, (), "claim")
    if problems:
        return None, how, "; ".join(p.message for p in problems)
    return rec, how, None
