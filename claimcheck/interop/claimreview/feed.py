"""ClaimReview in: reading real feeds (a ClaimReview object, a list, a
``DataFeed``, an ``@graph``, JSON lines) into plain :class:`Review` values,
every oddity a warning, never an exception."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ...schema.fields import URL_RE, parse_date_text
from .export import normalise_url
from ...schema.verdicts import verdict

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
    title: str | None = None  # headline
    language: str | None = None  # inLanguage
    warnings: list[str] = field(default_factory=list)


class _Unusable(Exception):
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
        raise _Unusable(f"expected a ClaimReview object, got {type(obj).__name__}")
    types = _short_type(obj.get("@type"))
    url = _url(obj.get("url"))
    if types and "ClaimReview" not in types:
        raise _Unusable(f"@type {', '.join(sorted(types))} is not ClaimReview")
    item = _first(obj.get("itemReviewed"))
    item = item if isinstance(item, dict) else {}
    text = _text(obj.get("claimReviewed")) or _text(item.get("text")) or _text(item.get("name"))
    if not text:
        raise _Unusable("lacks claimReviewed (the claim's text)")
    raw_url = _first(obj.get("url"))
    if raw_url is not None and url is None:
        raise _Unusable(f"url {str(raw_url)[:80]!r} is not an absolute http(s) URL")
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
    if rating is not None:
        problem = verdict(r.rating_name, r.rating_value, r.best, r.worst).problem
        if problem is None and r.rating_name is None and r.rating_value is None:
            problem = "reviewRating is not usable (neither a text nor a value): the verdict stays unverified"
        if problem:
            r.warnings.append(problem)
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
    r.title = _text(obj.get("headline")) or _text(obj.get("name"))
    lang = _first(obj.get("inLanguage"))
    if isinstance(lang, dict):
        lang = lang.get("alternateName") or lang.get("name")
    r.language = _text(lang)
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


def feed_text(data: bytes | str, what: str) -> tuple[str, ImportProblem | None]:
    """The text of a feed or saved API response (UTF-8, a BOM dropped), or
    why it cannot be read: larger than MAX_FEED_BYTES, or not UTF-8."""
    if isinstance(data, str):
        return data.lstrip("\ufeff"), None
    if len(data) > MAX_FEED_BYTES:
        return "", ImportProblem(None, None, None, f"{what} larger than {MAX_FEED_BYTES // (1024 * 1024)} MB, not read")
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as e:
        return "", ImportProblem(None, None, None, f"not UTF-8 text ({e.reason} at byte {e.start})")


def parse_feed(data: bytes | str) -> tuple[list[Review], list[ImportProblem]]:
    """Every review the feed holds, and a problem per record that is not one
    (the others are still returned)."""
    problems: list[ImportProblem] = []
    text, unreadable = feed_text(data, "feed")
    if unreadable is not None:
        return [], [unreadable]
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
            except _Unusable as e:
                url = _url(el.get("url")) if isinstance(el, dict) else None
                problems.append(ImportProblem(record, line, url, str(e)))
    if record == 0 and not problems:
        problems.append(ImportProblem(None, None, None, "the feed holds no ClaimReview"))
    return reviews, problems
