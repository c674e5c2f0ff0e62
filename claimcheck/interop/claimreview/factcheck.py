"""The Google Fact Check Tools API's ``claims:search`` response in: one page
(``{"claims": [...], "nextPageToken": ...}``), or pages of it saved together
(a JSON list of pages, one page per line, or pages written one after another),
read into the same :class:`~.feed.Review` values as a ClaimReview feed, every
oddity a warning or a problem, never an exception.

Each claim holds ``text``, ``claimant``, ``claimDate`` and ``claimReview[]``;
each review ``publisher {name, site}``, ``url``, ``title``, ``reviewDate``,
``textualRating`` and ``languageCode``. The API gives no appearances and no
numeric rating: the textual rating is the rating.
"""

from __future__ import annotations

import json
from typing import Any

from ...schema.verdicts import verdict
from .feed import ImportProblem, Party, Review, _date, _text, _url, feed_text

def _pages(text: str) -> tuple[list[tuple[Any, int]], list[ImportProblem]]:
    """The JSON documents of ``text``, one after another (with the line each
    starts on), and a problem where the text stops being JSON."""
    dec = json.JSONDecoder()
    docs: list[tuple[Any, int]] = []
    i, n = 0, len(text)
    while True:
        while i < n and text[i] in " \t\r\n":
            i += 1
        if i >= n:
            return docs, []
        line = text.count("\n", 0, i) + 1
        try:
            doc, i = dec.raw_decode(text, i)
        except RecursionError:
            return docs, [ImportProblem(None, line, None, "JSON nested too deeply")]
        except json.JSONDecodeError as e:
            return docs, [ImportProblem(None, e.lineno, None, f"not JSON: {e.msg} at line {e.lineno} column {e.colno}")]
        docs.append((doc, line))


def _site_url(site: Any) -> str | None:
    """``politifact.com`` (the API's ``site``) as a home page url."""
    t = _text(site)
    if not t:
        return None
    return _url(t) or _url(f"https://{t.strip('/')}/")


def parse_factcheck_api(data: bytes | str) -> tuple[list[Review], list[ImportProblem]]:
    """Every review the pages hold, and a problem per record that is not one."""
    text, unreadable = feed_text(data, "file")
    if unreadable is not None:
        return [], [unreadable]
    docs, problems = _pages(text)
    pages: list[tuple[Any, int]] = []
    for doc, line in docs:
        pages.extend((p, line) for p in (doc if isinstance(doc, list) else [doc]))
    reviews: list[Review] = []
    record = 0
    for page, line in pages:
        if not isinstance(page, dict) or not isinstance(page.get("claims", []), list):
            problems.append(ImportProblem(None, line, None, "not a claims:search response (no 'claims' list)"))
            continue
        for claim in page.get("claims", []):
            if not isinstance(claim, dict):
                record += 1
                problems.append(ImportProblem(record, line, None, "a claim that is not a JSON object"))
                continue
            text_ = _text(claim.get("text"))
            crs = claim.get("claimReview")
            crs = crs if isinstance(crs, list) else ([crs] if isinstance(crs, dict) else [])
            if not crs:
                record += 1
                problems.append(ImportProblem(record, line, None, f"claim {str(text_)[:60]!r} has no claimReview"))
                continue
            claimant = _text(claim.get("claimant"))
            for cr in crs:
                record += 1
                url = _url(cr.get("url")) if isinstance(cr, dict) else None
                if not isinstance(cr, dict):
                    problems.append(ImportProblem(record, line, None, "a claimReview that is not a JSON object"))
                    continue
                if not text_:
                    problems.append(ImportProblem(record, line, url, "its claim has no text"))
                    continue
                raw = cr.get("url")
                if raw is not None and url is None:
                    problems.append(ImportProblem(record, line, None, f"url {str(raw)[:80]!r} is not an absolute http(s) URL"))
                    continue
                r = Review(record, line, url, text_)
                r.rating_name = _text(cr.get("textualRating"))
                if r.rating_name is None:
                    r.warnings.append("no textualRating: the verdict stays unverified")
                else:
                    problem = verdict(r.rating_name).problem
                    if problem:
                        r.warnings.append(problem)
                pub = cr.get("publisher") if isinstance(cr.get("publisher"), dict) else {}
                name, site = _text(pub.get("name")), _site_url(pub.get("site"))
                r.author = Party(name or (_text(pub.get("site")) if site else None), site) if (name or site) else None
                r.date = _date(cr.get("reviewDate"), r.warnings, "reviewDate")
                r.title = _text(cr.get("title"))
                r.language = _text(cr.get("languageCode"))
                r.claim_author = Party(claimant) if claimant else None
                r.claim_date = _date(claim.get("claimDate"), r.warnings, "claimDate")
                reviews.append(r)
    if record == 0 and not problems:
        problems.append(ImportProblem(None, None, None, "the file holds no claim"))
    return reviews, problems
