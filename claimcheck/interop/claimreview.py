"""schema.org ClaimReview: claims out as JSON-LD, reviews in as claims.

Export (:func:`export_reviews`): one ``ClaimReview`` per claim whose status is
a *reviewing* status (:data:`RATINGS`); ``unverified`` and ``superseded``
claims are not reviews (:data:`NOT_REVIEWED`). A review that would lack one of
the properties Google requires (``claimReviewed``, ``reviewRating``, ``url``)
is skipped with the reason.

Import (:func:`parse_feed`, then :func:`plan_import`): a ClaimReview object, a
list, a ``DataFeed`` (``dataFeedElement``, also wrapped in ``DataFeedItem``), an
``@graph``, or JSON lines, as real feeds publish them: ``appearance`` as a
string, an object or a list; authors as Person or Organization (or plain
text); numbers as strings; ratings missing. Ratings become statuses by
:func:`rating_to_status` (the text first, then the value's position on the
scale). A review is identified by its ``url`` together with the claim text
(:func:`identity`): the review url is stored on the imported claim as the
``reported_by`` entry of the review's author, so a second import finds it.

Pure core: no typer, no rich, no file writing.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Iterable
from urllib.parse import urlsplit

from ..sanitize import dumps
from ..schema import APPEARANCE, CLAIM, SLUG_RE, URL_RE, check_record, parse_date_text

SCHEMA_ORG = "https://schema.org"

# --- the status <-> rating tables -------------------------------------------

WORST_RATING = 1
BEST_RATING = 5


@dataclass(frozen=True)
class RatingOut:
    value: int
    name: str  # reviewRating.alternateName
    meaning: str


RATINGS: dict[str, RatingOut] = {
    "corroborated": RatingOut(5, "Corroborated", "independent sources confirm the claim"),
    "contested": RatingOut(3, "Contested", "credible sources dispute the claim"),
    "retracted": RatingOut(2, "Retracted", "the claimant withdrew the claim"),
    "refuted": RatingOut(1, "Refuted", "evidence shows the claim is false"),
}
"""Status -> reviewRating on a 1 (worst) .. 5 (best) scale: the reviewing statuses."""

NOT_REVIEWED: dict[str, str] = {
    "unverified": "not checked yet: there is no verdict to publish",
    "superseded": "replaced by a newer claim, which carries the review",
}
"""Statuses that are not exported as reviews, and why."""

# Rating text -> status, tried in this order on the lower-cased alternateName
# (first match wins; whole words, so "incorrect" is not "correct").
RATING_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("retracted", ("retracted", "withdrawn", "retraction")),
    ("contested", ("half true", "half-true", "mixed", "mixture", "partly true", "partly false",
                   "partially true", "partially false", "misleading", "missing context", "needs context",
                   "lacks context", "out of context", "exaggerated", "exaggeration", "disputed",
                   "contested", "one pinocchio", "two pinocchios", "cherry picks", "distorts the facts")),
    ("refuted", ("false", "mostly false", "pants on fire", "not true", "untrue", "incorrect",
                 "inaccurate", "wrong", "fake", "fabricated", "hoax", "debunked", "refuted", "baseless",
                 "bogus", "scam", "three pinocchios", "four pinocchios")),
    ("unverified", ("unverified", "not verified", "unproven", "unsubstantiated", "unsupported", "no evidence",
                    "not enough evidence", "insufficient evidence", "unconfirmed", "not confirmed",
                    "cannot be verified", "unverifiable", "research in progress")),
    ("corroborated", ("true", "mostly true", "correct", "accurate", "corroborated", "confirmed",
                      "verified", "geppetto checkmark")),
)
"""Rating text -> status, checked in order; a text that matches none falls back
to the numeric position (:func:`rating_to_status`)."""

_WORD_RES = tuple(
    (status, re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(w) for w in words) + r")(?![\w-])"))
    for status, words in RATING_WORDS
)

# Position of ratingValue between worstRating (0) and bestRating (1) -> status.
POSITION_REFUTED_MAX = 0.25  # at or below: refuted
POSITION_CORROBORATED_MIN = 0.75  # at or above: corroborated; in between: contested


def rating_to_status(name: str | None, value: float | None, best: float | None, worst: float | None) -> tuple[str, str]:
    """(status, how it was decided) for an incoming reviewRating.

    The text (``alternateName``) decides first, by :data:`RATING_WORDS`; else
    the position of ``ratingValue`` between ``worstRating`` (default 1) and
    ``bestRating`` (default 5): at most 0.25 refuted, at least 0.75
    corroborated, in between contested; else (no usable rating) unverified.
    """
    if name:
        text = " ".join(name.casefold().replace("\u2019", "'").split())
        for status, rx in _WORD_RES:
            if rx.search(text):
                return status, f"rating text {name!r}"
    if value is not None:
        lo = WORST_RATING if worst is None else worst
        hi = BEST_RATING if best is None else best
        if hi != lo and min(lo, hi) <= value <= max(lo, hi):
            pos = (value - lo) / (hi - lo)
            if pos <= POSITION_REFUTED_MAX:
                return "refuted", f"rating {value:g} on {lo:g}..{hi:g}"
            if pos >= POSITION_CORROBORATED_MIN:
                return "corroborated", f"rating {value:g} on {lo:g}..{hi:g}"
            return "contested", f"rating {value:g} on {lo:g}..{hi:g}"
    return "unverified", "no usable rating"


def rating_tables_markdown() -> str:
    """The two documented tables, as README markdown."""
    out = ["| status | ratingValue (1..5) | alternateName | meaning |", "|---|---|---|---|"]
    for status, r in RATINGS.items():
        out.append(f"| `{status}` | {r.value} | {r.name} | {r.meaning} |")
    for status, why in NOT_REVIEWED.items():
        out.append(f"| `{status}` | not exported | | {why} |")
    out += ["", "| rating text containing (first row that matches wins) | status |", "|---|---|"]
    for status, words in RATING_WORDS:
        out.append(f"| {', '.join(words)} | `{status}` |")
    return "\n".join(out)


# --- export ---------------------------------------------------------------


def _party(name: str, person: bool, url: str | None = None) -> dict:
    d: dict[str, Any] = {"@type": "Person" if person else "Organization", "name": name}
    if url:
        d["sameAs"] = url
    return d


def publisher_source_ids(base) -> frozenset[str]:
    """Sources that stand for the publisher block (same name or same url):
    their ``reported_by`` entries on a claim are the review itself."""
    pub = base.publisher or {}
    name = pub.get("name") if isinstance(pub.get("name"), str) else None
    url = pub.get("url") if isinstance(pub.get("url"), str) else None
    out = set()
    for s in base.sources.values():
        if (name and s.name.casefold() == name.casefold()) or (url and s.url and _same_url(s.url, url)):
            out.add(s.id)
    return frozenset(out)


def _same_url(a: str, b: str) -> bool:
    return normalise_url(a) == normalise_url(b)


def normalise_url(url: str) -> str:
    """Scheme and host lower-cased, default ports, fragments and a trailing
    slash dropped, http taken as https: the form review urls are compared in."""
    try:
        p = urlsplit(url.strip())
    except ValueError:
        return url.strip()
    host = (p.hostname or "").lower()
    if host.startswith("www."):
        host = host[4:]
    port = f":{p.port}" if p.port and p.port not in (80, 443) else ""
    path = p.path.rstrip("/")
    return f"https://{host}{port}{path}" + (f"?{p.query}" if p.query else "")


def review_url(base, claim, publisher_ids: frozenset[str] | None = None) -> str | None:
    """The review's address: the publisher's ``review_url`` template with
    ``{id}`` replaced, else the url of the claim's ``reported_by`` entry by the
    publisher (where an imported review keeps its url)."""
    pub = base.publisher or {}
    tpl = pub.get("review_url")
    if isinstance(tpl, str) and "{id}" in tpl:
        return tpl.replace("{id}", claim.id)
    ids = publisher_source_ids(base) if publisher_ids is None else publisher_ids
    for a in claim.reported_by:
        if a.outlet in ids and a.url:
            return a.url
    return None


def _work(base, a) -> dict:
    src = base.sources.get(a.outlet)
    w: dict[str, Any] = {"@type": "CreativeWork"}
    if a.url:
        w["url"] = a.url
    if a.date:
        w["datePublished"] = a.date
    w["publisher"] = _party(src.name if src else a.outlet, bool(src and src.kind == "person"), src.url if src else None)
    if a.quote:
        w["text"] = a.quote
    return w


def _earliest(apps):
    """The appearance with the earliest date (the first listed if none has one)."""
    best, best_day = apps[0], date.max
    for a in apps:
        r = parse_date_text(a.date) if a.date else None
        if r is not None and not isinstance(r, str) and r[0] < best_day:
            best, best_day = a, r[0]
    return best


def build_review(base, claim, publisher_ids: frozenset[str] | None = None) -> tuple[dict | None, str | None]:
    """(review, None), or (None, why it is skipped), or (None, None) for a
    claim whose status is not a reviewing one."""
    rating = RATINGS.get(claim.status)
    if rating is None:
        return None, None
    ids = publisher_source_ids(base) if publisher_ids is None else publisher_ids
    url = review_url(base, claim, ids)
    if not url:
        return None, ("no review url: give the publisher block of sources.yaml a review_url "
                      "template such as https://example.org/checks/{id}")
    if not URL_RE.fullmatch(url):
        return None, f"review url {url!r} is not an absolute http(s) URL"
    if not claim.statement.strip():
        return None, "empty statement (claimReviewed)"
    if not (WORST_RATING <= rating.value <= BEST_RATING):  # the table is checked, not trusted
        return None, f"rating {rating.value} outside {WORST_RATING}..{BEST_RATING}"
    src = base.sources.get(claim.claimant)
    item: dict[str, Any] = {
        "@type": "Claim",
        "author": _party(src.name if src else claim.claimant, bool(src and src.kind == "person"), src.url if src else None),
    }
    if claim.as_of:
        item["datePublished"] = claim.as_of
    review_entry = None
    apps = []
    for a in claim.reported_by:
        if a.outlet in ids and a.url and _same_url(a.url, url):
            review_entry = a  # the review itself, not an appearance of the claim
            continue
        apps.append(a)
    if apps:
        item["appearance"] = [_work(base, a) for a in apps]
        item["firstAppearance"] = _work(base, _earliest(apps))
    review: dict[str, Any] = {
        "@context": SCHEMA_ORG,
        "@type": "ClaimReview",
        "url": url,
        "claimReviewed": claim.statement,
        "itemReviewed": item,
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": rating.value,
            "bestRating": BEST_RATING,
            "worstRating": WORST_RATING,
            "alternateName": rating.name,
        },
    }
    pub = base.publisher or {}
    if isinstance(pub.get("name"), str):
        author: dict[str, Any] = {"@type": "Organization", "name": pub["name"]}
        if isinstance(pub.get("url"), str):
            author["url"] = pub["url"]
        if isinstance(pub.get("logo"), str):
            author["logo"] = pub["logo"]
        review["author"] = author
    if review_entry is not None and review_entry.date:
        review["datePublished"] = review_entry.date
    if claim.tags:
        review["keywords"] = ", ".join(claim.tags)
    if claim.notes:
        review["reviewBody"] = claim.notes
    problem = required_problem(review)
    if problem:
        return None, problem
    return review, None


REQUIRED = ("claimReviewed", "reviewRating", "url")
"""The properties Google requires on a ClaimReview."""


def required_problem(review: dict) -> str | None:
    """Why ``review`` misses Google's requirements, or None."""
    for k in REQUIRED:
        if not review.get(k):
            return f"lacks {k}, which Google requires"
    r = review["reviewRating"]
    if not r.get("alternateName"):
        return "reviewRating lacks alternateName, which Google requires"
    v, lo, hi = r.get("ratingValue"), r.get("worstRating"), r.get("bestRating")
    if None not in (v, lo, hi) and not (lo <= v <= hi):
        return f"ratingValue {v} is not between worstRating {lo} and bestRating {hi}"
    return None


@dataclass
class ExportResult:
    reviews: list[dict] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (claim id, why)
    not_reviewed: int = 0  # claims whose status is not a reviewing one


def export_reviews(base, claims: Iterable) -> ExportResult:
    out = ExportResult()
    ids = publisher_source_ids(base)
    for c in claims:
        review, why = build_review(base, c, ids)
        if review is not None:
            out.reviews.append(review)
        elif why is None:
            out.not_reviewed += 1
        else:
            out.skipped.append((c.id, why))
    return out


def data_feed(reviews: list[dict], publisher: dict | None = None) -> dict:
    """A schema.org DataFeed around the reviews (each keeps its @context)."""
    feed: dict[str, Any] = {"@context": SCHEMA_ORG, "@type": "DataFeed"}
    if publisher and isinstance(publisher.get("name"), str):
        feed["name"] = f"ClaimReview feed of {publisher['name']}"
    feed["dataFeedElement"] = reviews
    return feed


_HTML_UNSAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def dumps_feed(reviews: list[dict], publisher: dict | None = None) -> str:
    """The DataFeed as text, one review per line (json's C encoder writes
    compact JSON only, and pretty-printing 100,000 reviews in pure Python
    takes most of a minute)."""
    head = dumps_jsonld(data_feed([], publisher), indent=None)
    tail = '"dataFeedElement":[]}'
    assert head.endswith(tail)
    body = ",\n".join(dumps_jsonld(r, indent=None) for r in reviews)
    return head[: -len("[]}")] + "[" + (f"\n{body}\n" if reviews else "") + "]}\n"


def dumps_jsonld(obj: Any, indent: int | None = 2) -> str:
    """JSON that stays inert inside an HTML ``<script type="application/ld+json">``:
    ``<``, ``>`` and ``&`` are written as ``\\u003c``..., so a statement holding
    ``</script>`` cannot close the element."""
    text = dumps(obj, indent=indent, separators=None if indent else (",", ":"))
    return re.sub("[<>&\u2028\u2029]", lambda m: _HTML_UNSAFE[m.group()], text)


# --- import: reading feeds ------------------------------------------------

MAX_FEED_BYTES = 128 * 1024 * 1024
"""Largest feed ``import`` reads."""


@dataclass
class ImportProblem:
    record: int | None  # 1-based position in the feed
    line: int | None  # line of the record in a JSON lines feed
    url: str | None  # the review url, where the record has one
    message: str
    severity: str = "error"  # error: the record is not imported; warning: imported, something dropped

    def describe(self, name: str) -> str:
        where = name + (f":{self.line}" if self.line else "")
        what = f"review {self.url}" if self.url else (f"record {self.record}" if self.record else "feed")
        return f"{where}: {self.severity}: {what}: {self.message}"


@dataclass
class Party:
    name: str | None
    url: str | None = None
    person: bool = False


@dataclass
class Work:
    url: str | None = None
    date: str | None = None
    publisher: Party | None = None
    text: str | None = None


@dataclass
class Review:
    record: int
    line: int | None
    url: str | None
    claim_text: str
    rating_name: str | None = None
    rating_value: float | None = None
    best: float | None = None
    worst: float | None = None
    author: Party | None = None
    date: str | None = None
    claim_author: Party | None = None
    claim_date: str | None = None
    appearances: list[Work] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    body: str | None = None
    warnings: list[str] = field(default_factory=list)


class _Bad(Exception):
    pass


def _short_type(t: Any) -> set[str]:
    vals = t if isinstance(t, list) else [t]
    out = set()
    for v in vals:
        if isinstance(v, str):
            out.add(re.split(r"[/:#]", v)[-1])
    return out


def _first(v: Any) -> Any:
    while isinstance(v, list):
        if not v:
            return None
        v = v[0]
    return v


def _text(v: Any) -> str | None:
    v = _first(v)
    if isinstance(v, dict):
        v = v.get("@value", v.get("name"))
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        v = str(v)
    if isinstance(v, str) and v.strip():
        return v.strip()
    return None


def _number(v: Any) -> float | None:
    v = _first(v)
    if isinstance(v, bool):
        return None
    if isinstance(v, (int, float)):
        return float(v) if v == v and abs(v) != float("inf") else None
    if isinstance(v, str):
        s = v.strip().replace(",", ".")
        try:
            x = float(s)
        except ValueError:
            return None
        return x if x == x and abs(x) != float("inf") else None
    return None


_DATE_PREFIX = re.compile(r"\s*(\d{4}(?:-\d{2}(?:-\d{2})?)?)(?:[T ][0-9:.+\-Z]*)?\s*")


def _date(v: Any, warnings: list[str], what: str) -> str | None:
    v = _first(v)
    if v is None:
        return None
    if isinstance(v, int) and not isinstance(v, bool):
        v = str(v)
    if not isinstance(v, str):
        warnings.append(f"{what}: not a date, dropped")
        return None
    m = _DATE_PREFIX.fullmatch(v)
    if not m or isinstance(parse_date_text(m.group(1)), str):
        warnings.append(f"{what} {v.strip()[:40]!r} is not an ISO date, dropped")
        return None
    d = m.group(1)
    if parse_date_text(d)[0] > date.today():
        warnings.append(f"{what} {d} lies in the future, dropped")
        return None
    return d


def _url(v: Any) -> str | None:
    v = _first(v)
    if isinstance(v, dict):
        v = v.get("@id") or v.get("url")
        v = _first(v)
    if isinstance(v, str):
        v = v.strip()
        if URL_RE.fullmatch(v):
            return v
    return None


def _party_in(v: Any) -> Party | None:
    v = _first(v)
    if isinstance(v, str):
        if URL_RE.fullmatch(v.strip()):
            return Party(None, v.strip())
        t = _text(v)
        return Party(t) if t else None
    if not isinstance(v, dict):
        return None
    name = _text(v.get("name")) or _text(v.get("alternateName")) or _text(v.get("legalName"))
    url = _url(v.get("url")) or _url(v.get("sameAs")) or _url(v.get("@id"))
    if not name and not url:
        return None
    return Party(name, url, "Person" in _short_type(v.get("@type")))


def _works(v: Any, warnings: list[str]) -> list[Work]:
    items = v if isinstance(v, list) else [v]
    out = []
    for it in items:
        if isinstance(it, list):
            out.extend(_works(it, warnings))
            continue
        if isinstance(it, str):
            u = _url(it)
            if u:
                out.append(Work(url=u))
            elif it.strip():
                warnings.append(f"appearance {it.strip()[:60]!r} is not an http(s) URL, dropped")
            continue
        if isinstance(it, dict):
            w = Work(
                url=_url(it.get("url")) or _url(it.get("@id")),
                date=_date(it.get("datePublished") or it.get("dateCreated"), warnings, "appearance date"),
                publisher=_party_in(it.get("publisher")) or _party_in(it.get("author")) or _party_in(it.get("creator")),
                text=_text(it.get("text")),
            )
            if w.url or (w.publisher and w.publisher.name):
                out.append(w)
            else:
                warnings.append("appearance with neither url nor publisher, dropped")
    return out


def _review(obj: Any, record: int, line: int | None) -> Review:
    if not isinstance(obj, dict):
        raise _Bad(f"expected a ClaimReview object, got {type(obj).__name__}")
    types = _short_type(obj.get("@type"))
    url = _url(obj.get("url"))
    if types and "ClaimReview" not in types:
        raise _Bad(f"@type {', '.join(sorted(types))} is not ClaimReview")
    item = _first(obj.get("itemReviewed"))
    item = item if isinstance(item, dict) else {}
    text = _text(obj.get("claimReviewed")) or _text(item.get("text")) or _text(item.get("name"))
    if not text:
        raise _Bad("lacks claimReviewed (the claim's text)")
    raw_url = _first(obj.get("url"))
    if raw_url is not None and url is None:
        raise _Bad(f"url {str(raw_url)[:80]!r} is not an absolute http(s) URL")
    r = Review(record, line, url, text)
    rating = _first(obj.get("reviewRating"))
    if isinstance(rating, dict):
        r.rating_name = _text(rating.get("alternateName")) or _text(rating.get("name"))
        r.rating_value = _number(rating.get("ratingValue"))
        r.best = _number(rating.get("bestRating"))
        r.worst = _number(rating.get("worstRating"))
    elif isinstance(rating, (str, int, float)) and not isinstance(rating, bool):
        r.rating_name = _text(rating)
    else:
        r.warnings.append("no reviewRating: imported as unverified")
    if rating is not None and rating_to_status(r.rating_name, r.rating_value, r.best, r.worst)[1] == "no usable rating":
        shown = {k: rating.get(k) for k in ("alternateName", "ratingValue", "worstRating", "bestRating")} \
            if isinstance(rating, dict) else rating
        r.warnings.append(f"reviewRating {str(shown)[:80]} is not usable (no known text, value off its scale): imported as unverified")
    r.author = _party_in(obj.get("author")) or _party_in(obj.get("publisher"))
    r.date = _date(obj.get("datePublished"), r.warnings, "datePublished")
    r.claim_author = _party_in(item.get("author"))
    r.claim_date = _date(item.get("datePublished"), r.warnings, "itemReviewed.datePublished")
    works = _works(item.get("appearance"), r.warnings) if item.get("appearance") is not None else []
    first = _works(item.get("firstAppearance"), r.warnings) if item.get("firstAppearance") is not None else []
    seen: set = set()
    for w in works + first:  # appearance keeps its order; firstAppearance only adds what it lacks
        key = normalise_url(w.url) if w.url else (w.publisher.name if w.publisher else None, w.date, w.text)
        if key not in seen:
            seen.add(key)
            r.appearances.append(w)
    kw = obj.get("keywords")
    if isinstance(kw, str):
        r.keywords = [k.strip() for k in kw.split(",") if k.strip()]
    elif isinstance(kw, list):
        r.keywords = [t for t in (_text(k) for k in kw) if t]
    r.body = _text(obj.get("reviewBody")) or _text(obj.get("description"))
    return r


def _elements(doc: Any) -> list[Any]:
    """The review objects of one JSON document, however it wraps them."""
    if isinstance(doc, list):
        out = []
        for x in doc:
            out.extend(_elements(x) if isinstance(x, list) or (isinstance(x, dict) and _is_container(x)) else [x])
        return out
    if isinstance(doc, dict):
        if _is_container(doc):
            inner = doc.get("dataFeedElement", doc.get("@graph", doc.get("itemListElement")))
            inner = inner if isinstance(inner, list) else [inner]
            out = []
            for x in inner:
                if isinstance(x, dict) and _short_type(x.get("@type")) & {"DataFeedItem", "ListItem"}:
                    x = x.get("item")
                out.extend(_elements(x) if isinstance(x, list) or (isinstance(x, dict) and _is_container(x)) else [x])
            return out
        return [doc]
    return [doc]


def _is_container(d: dict) -> bool:
    return ("dataFeedElement" in d or "@graph" in d or "itemListElement" in d) and "claimReviewed" not in d


_URL_IN_TEXT = re.compile(r'"url"\s*:\s*"(https?://[^"\\\s]+)"')


def parse_feed(data: bytes | str) -> tuple[list[Review], list[ImportProblem]]:
    """Every review the feed holds, and a problem per record that is not one
    (the others are still returned)."""
    problems: list[ImportProblem] = []
    if isinstance(data, bytes):
        if len(data) > MAX_FEED_BYTES:
            return [], [ImportProblem(None, None, None, f"feed larger than {MAX_FEED_BYTES // (1024 * 1024)} MB, not read")]
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as e:
            return [], [ImportProblem(None, None, None, f"not UTF-8 text ({e.reason} at byte {e.start})")]
    else:
        text = data.lstrip("\ufeff")
    docs: list[tuple[Any, int | None]] = []  # (document, line) for JSON lines
    try:
        docs.append((json.loads(text), None))
    except RecursionError:
        return [], [ImportProblem(None, None, None, "JSON nested too deeply")]
    except json.JSONDecodeError as e:
        lines = [(n, ln) for n, ln in enumerate(text.splitlines(), 1) if ln.strip()]
        parsed: list[tuple[int, Any]] = []
        bad: list[tuple[int, str, json.JSONDecodeError | None]] = []
        for n, ln in lines:
            try:
                parsed.append((n, json.loads(ln)))
            except RecursionError:
                bad.append((n, ln, None))
            except json.JSONDecodeError as le:
                bad.append((n, ln, le))
        if not any(isinstance(d, (dict, list)) for _, d in parsed):
            return [], [ImportProblem(None, e.lineno, None, f"not JSON: {e.msg} at line {e.lineno} column {e.colno}")]
        # JSON lines: one document per line; a bad line is one bad record
        for n, doc in parsed:
            docs.append((doc, n))
        for n, ln, le in bad:
            m = _URL_IN_TEXT.search(ln)
            msg = f"not JSON: {le.msg} at column {le.colno}" if le else "JSON nested too deeply"
            problems.append(ImportProblem(None, n, m.group(1) if m else None, msg))
    reviews: list[Review] = []
    record = 0
    for doc, line in docs:
        if doc is None and line is None:
            problems.append(ImportProblem(None, None, None, "the feed is empty (null)"))
            continue
        for el in _elements(doc):
            record += 1
            try:
                reviews.append(_review(el, record, line))
            except _Bad as e:
                url = _url(el.get("url")) if isinstance(el, dict) else None
                problems.append(ImportProblem(record, line, url, str(e)))
    if record == 0 and not problems:
        problems.append(ImportProblem(None, None, None, "the feed holds no ClaimReview"))
    return reviews, problems


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


def slugify(text: str, limit: int = 40) -> str:
    from ..authoring import slugify as _slugify

    return _slugify(text, limit)


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


_SURROGATE = re.compile("[\ud800-\udfff]")


def _text_problem(value: Any) -> str | None:
    """Why a record's text cannot be written (a lone surrogate, which a JSON
    ``\\ud800`` escape can make, or a string over the loader's limit)."""
    from ..yamlload import MAX_STRING

    if isinstance(value, str):
        if _SURROGATE.search(value):
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


__all__ = [
    "APPEARANCE", "BEST_RATING", "WORST_RATING", "RATINGS", "NOT_REVIEWED", "RATING_WORDS", "REQUIRED",
    "rating_to_status", "rating_tables_markdown", "build_review", "export_reviews", "data_feed", "dumps_jsonld",
    "parse_feed", "plan_import", "identity", "ImportPlan", "ImportProblem", "Review",
]
