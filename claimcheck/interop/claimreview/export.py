"""ClaimReview out: one ClaimReview per review of a claim (and this base's
own verdict on a claim without reviews, from its status), in a schema.org
``DataFeed``, as JSON-LD safe to embed in a web page."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Iterable
from urllib.parse import urlsplit

from ...model import earliest
from ...records.encode import dumps
from ...schema.fields import URL_RE
from .ratings import BEST_RATING, RATINGS, SCHEMA_ORG, WORST_RATING

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


def _claim_item(base, claim, apps) -> dict:
    """The ``itemReviewed`` Claim: its author (the claimant), date and appearances."""
    src = base.sources.get(claim.claimant)
    item: dict[str, Any] = {
        "@type": "Claim",
        "author": _party(src.name if src else claim.claimant, bool(src and src.kind == "person"), src.url if src else None),
    }
    if claim.as_of:
        item["datePublished"] = claim.as_of
    if apps:
        item["appearance"] = [_work(base, a) for a in apps]
        item["firstAppearance"] = _work(base, earliest(apps))
    return item


def _publisher_author(base) -> dict | None:
    pub = base.publisher or {}
    if not isinstance(pub.get("name"), str):
        return None
    author: dict[str, Any] = {"@type": "Organization", "name": pub["name"]}
    if isinstance(pub.get("url"), str):
        author["url"] = pub["url"]
    if isinstance(pub.get("logo"), str):
        author["logo"] = pub["logo"]
    return author


def build_review(base, claim, publisher_ids: frozenset[str] | None = None) -> tuple[dict | None, str | None]:
    """This base's own verdict on a claim without ``reviews``, from its
    status: (review, None), or (None, why it is skipped), or (None, None) for
    a claim whose status is not a reviewing one."""
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
    review_entry = None
    apps = []
    for a in claim.reported_by:
        if a.outlet in ids and a.url and _same_url(a.url, url):
            review_entry = a  # the review itself, not an appearance of the claim
            continue
        apps.append(a)
    review: dict[str, Any] = {
        "@context": SCHEMA_ORG,
        "@type": "ClaimReview",
        "url": url,
        "claimReviewed": claim.statement,
        "itemReviewed": _claim_item(base, claim, apps),
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": rating.value,
            "bestRating": BEST_RATING,
            "worstRating": WORST_RATING,
            "alternateName": rating.name,
        },
    }
    author = _publisher_author(base)
    if author is not None:
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


def build_claim_review(base, claim, rv, publisher_ids: frozenset[str] | None = None) -> tuple[dict | None, str | None]:
    """One review of the claim's ``reviews`` as a ClaimReview: a review by
    this base's publisher (a source with its name or url) carries the
    publisher block as author (and its ``review_url`` where the review has no
    url); any other review keeps its own author (the reviewer source) and
    url. (review, None), (None, why it is skipped), or (review, a warning)
    for a rating published without text, which Google requires but the
    review never had."""
    ids = publisher_source_ids(base) if publisher_ids is None else publisher_ids
    own = rv.reviewer in ids
    url = rv.url
    if not url and own:
        tpl = (base.publisher or {}).get("review_url")
        if isinstance(tpl, str) and "{id}" in tpl:
            url = tpl.replace("{id}", claim.id)
    if not url:
        return None, f"the review by {rv.reviewer} has no url"
    if not URL_RE.fullmatch(url):
        return None, f"review url {url!r} is not an absolute http(s) URL"
    if not claim.statement.strip():
        return None, "empty statement (claimReviewed)"
    review_urls = {normalise_url(r.url) for r in claim.reviews if r.url}
    reviewers = set(claim.reviewers)
    # an earlier import's review kept as an appearance (the old layout) is not an appearance
    apps = [a for a in claim.reported_by
            if not (a.url and a.outlet in reviewers and normalise_url(a.url) in review_urls)]
    rating: dict[str, Any] = {"@type": "Rating"}
    rt = rv.rating
    for key, value in (("ratingValue", rt.value), ("bestRating", rt.best), ("worstRating", rt.worst),
                       ("alternateName", rt.name)):
        if value is not None:
            rating[key] = value
    review: dict[str, Any] = {
        "@context": SCHEMA_ORG,
        "@type": "ClaimReview",
        "url": url,
        "claimReviewed": claim.statement,
        "itemReviewed": _claim_item(base, claim, apps),
        "reviewRating": rating,
    }
    author = _publisher_author(base) if own else None
    if author is None:
        src = base.sources.get(rv.reviewer)
        author = {"@type": "Person" if src is not None and src.kind == "person" else "Organization",
                  "name": src.name if src else rv.reviewer}
        if src is not None and src.url:
            author["url"] = src.url
    review["author"] = author
    if rv.date:
        review["datePublished"] = rv.date
    if rv.title:
        review["headline"] = rv.title
    if rv.language:
        review["inLanguage"] = rv.language
    if claim.tags:
        review["keywords"] = ", ".join(claim.tags)
    if rv.summary:
        review["reviewBody"] = rv.summary
    problem = required_problem(review)
    if problem and not problem.startswith("reviewRating lacks alternateName"):
        return None, problem
    return review, problem  # a rating published without text is exported as published, with a warning


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
    warnings: list[tuple[str, str]] = field(default_factory=list)  # (claim id, what) of reviews exported as they are


def export_reviews(base, claims: Iterable, reviewer: str | None = None) -> ExportResult:
    """One ClaimReview per review: each review of a claim's ``reviews``
    (:func:`build_claim_review`); a claim without reviews gives this base's
    own verdict from its status (:func:`build_review`). ``reviewer`` (a
    source id) keeps the reviews by that source or a source ``part_of`` it;
    a claim's own verdict counts as the publisher's."""
    out = ExportResult()
    ids = publisher_source_ids(base)
    for c in claims:
        if c.reviews:
            for rv in c.reviews:
                if reviewer is not None and reviewer not in base.chain(rv.reviewer):
                    continue
                review, why = build_claim_review(base, c, rv, ids)
                if review is not None:
                    out.reviews.append(review)
                    if why:
                        out.warnings.append((c.id, f"the review by {rv.reviewer}: {why}"))
                else:
                    out.skipped.append((c.id, why))
            continue
        if reviewer is not None and not any(reviewer in base.chain(i) for i in ids):
            continue
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
