"""The record format, declared once: field tables, the values fields take,
and what a date is.

:data:`CLAIM`, :data:`SOURCE`, ... are tables of :class:`Field`. The same
tables drive the record checks (:mod:`claimcheck.rules.records`), the JSON
Schema editors use (:mod:`.jsonschema`), the field reference in ``docs/``
and the order in which the writer lays out a new record.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from ..suggest import did_you_mean
from ..text import BIDI
from .verdicts import verdict

SLUG = r"[a-z0-9][a-z0-9._-]*"
SLUG_RE = re.compile(SLUG)
TOPIC_RE = re.compile(rf"{SLUG}(?:/{SLUG})*")
DATE_RE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
# Absolute http(s) URLs; control characters and bidi overrides are never part
# of one (they would act on the terminal or disguise the address).
_URL_CHAR = f"[^\\s\\x00-\\x1f\\x7f-\\x9f{BIDI}]"
URL_RE = re.compile(f"https?://(?![/$.?#]){_URL_CHAR}+", re.IGNORECASE)

STATUSES = ("unverified", "corroborated", "contested", "refuted", "retracted", "superseded")
#: What each status says of a claim, in the words of a refusal that suggests it.
STATUS_MEANING = {
    "unverified": "not checked yet",
    "corroborated": "confirmed by independent sources",
    "contested": "disputed by credible sources",
    "refuted": "shown to be false",
    "retracted": "withdrawn by its claimant",
    "superseded": "revised by a newer claim of its claimant",
}
#: Words for a claim's state that are not ratings (a rating word such as
#: "false" or "disputed" is read by the verdict table, :mod:`.verdicts`, the
#: one table of rating words): the workflow's words, and revisions.
STATUS_WORDS = {
    **dict.fromkeys(("pending", "unknown", "unclear", "unchecked", "open", "new", "todo", "to check"),
                    "unverified"),
    **dict.fromkeys(("disproved", "disproven", "rejected"), "refuted"),
    **dict.fromkeys(("proven", "proved", "supported", "established"), "corroborated"),
    **dict.fromkeys(("questionable", "doubtful", "challenged", "controversial", "in dispute"), "contested"),
    **dict.fromkeys(("retract", "deleted", "taken back", "recanted"), "retracted"),
    **dict.fromkeys(("revised", "replaced", "updated", "obsolete"), "superseded"),
}


def status_suggestion(word: object) -> str:
    """`` (did you mean 'refuted'? ...)`` for a word fact-checkers rate a
    claim with (``false``, ``disputed``: the verdict table reads it) or name
    its state with (``pending``, ``revised``), else the closest status, else ''."""
    text = " ".join(str(word).replace("_", " ").casefold().split())
    status = STATUS_WORDS.get(text)
    if status is None and text in STATUSES:
        status = text  # "Refuted": the case is wrong
    if status is None and text:
        v = verdict(text)
        if v.problem is None:
            status = v.status
    if status is not None:
        return f" (did you mean {status!r}? the status of a claim {STATUS_MEANING[status]})"
    return did_you_mean(str(word), STATUSES)


KINDS = (
    "armed-group", "government", "military", "official", "person", "monitor", "outlet",
    "agency", "ngo", "think-tank", "intergovernmental", "fact-checker", "unattributed", "other",
)
RELIABILITY = ("A", "B", "C", "D", "E", "F")
RELIABILITY_MEANING = {
    "A": "completely reliable",
    "B": "usually reliable",
    "C": "fairly reliable",
    "D": "not usually reliable",
    "E": "unreliable",
    "F": "reliability cannot be judged",
}


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    required: bool = False
    doc: str = ""


def _fields(*fields: Field) -> dict[str, Field]:
    return {f.name: f for f in fields}


APPEARANCE = _fields(
    Field("outlet", "source-ref", True, "Id of the source that carried the claim."),
    Field("date", "date", False, "When it carried it: YYYY-MM-DD, YYYY-MM or YYYY."),
    Field("quote", "text", False, "The sentence that states the claim, verbatim."),
    Field("url", "url", False, "http(s) address of the item; never invented."),
    Field("line", "line", False, "Line of the quote in the item as read (claimcheck extract writes it)."),
)

RATING = _fields(
    Field("name", "text", False, "The textual rating as published, verbatim (ClaimReview alternateName): 'Pants on Fire!', 'Missing context'."),
    Field("value", "number", False, "The rating's value on the reviewer's own scale (ratingValue)."),
    Field("best", "number", False, "The best value of that scale (bestRating)."),
    Field("worst", "number", False, "The worst value of that scale (worstRating); worst <= value <= best."),
)

REVIEW = _fields(
    Field("reviewer", "source-ref", True, "Id of the source (kind fact-checker) that published the review."),
    Field("url", "url", False, "http(s) address of the review."),
    Field("date", "date", False, "When the review was published: YYYY-MM-DD, YYYY-MM or YYYY."),
    Field("rating", "rating", False, "The rating as published: {name, value, best, worst}."),
    Field("title", "text", False, "The review's headline."),
    Field("summary", "text", False, "A short summary of the review."),
    Field("language", "text", False, "The review's language (BCP 47 code, such as en or pt-BR)."),
)

CLAIM = _fields(
    Field("id", "id", True, "Lowercase slug, unique across the base."),
    Field("statement", "text", True, "The claim, in one sentence."),
    Field("claimant", "source-ref", True, "Id of the source that asserts the claim (not the outlet that printed it)."),
    Field("topic", "topic", True, "Cross-reference key: claims on one topic are compared."),
    Field("about", "stance-ref", False, "The stance whose people or losses the figure is about."),
    Field("figure", "figure", False, "A number, a phrase (see the figure-phrase table), a date, or {low, best, high}."),
    Field("as_of", "date", False, "When the figure holds: YYYY-MM-DD, YYYY-MM or YYYY."),
    Field("status", "status", True, "unverified | corroborated | contested | refuted | retracted | superseded."),
    Field("reported_by", "appearances", False, "The outlets that carried the claim, nearest the claimant first."),
    Field("reviews", "reviews", False, "Fact-checkers' reviews of the claim, each with its rating as published."),
    Field("supersedes", "claim-ref", False, "Id of an earlier claim by the same claimant that this one revises."),
    Field("tags", "tags", False, "Free labels."),
    Field("notes", "text", False, "Anything a reader should know."),
    Field("ignore", "ignore", False, "Warnings acknowledged on this claim, {CODE: reason}: warnings only, each with its reason."),
)

TOPIC = _fields(
    Field("title", "text", False, "What the figures count."),
    Field("unit", "text", False, "Unit of the figures (soldiers, airstrikes, percent...)."),
    Field("cumulative", "bool", False, "A running total: a later, larger figure is not by itself a contradiction."),
    Field("notes", "text", False, "Anything a reader should know."),
)

SOURCE = _fields(
    Field("id", "id", True, "Lowercase slug, unique among sources."),
    Field("name", "text", True, "Full name."),
    Field("kind", "kind", False, "armed-group, government, military, official, person, monitor, outlet, agency, ngo, think-tank, intergovernmental, fact-checker, unattributed, other."),
    Field("stance", "stance-ref", True, "The stance of the source, from the vocabulary."),
    Field("reliability", "reliability", False, "NATO Admiralty source reliability A..F (default F: cannot be judged)."),
    Field("part_of", "source-ref", False, "A source this one speaks for; the two are not independent."),
    Field("url", "url", False, "Home page."),
    Field("aliases", "tags", False, "Other names."),
    Field("notes", "text", False, "One-line reason for the stance and the grade."),
)

STANCE = _fields(
    Field("description", "text", True, "What the stance stands for."),
    Field("neutral", "bool", False, "No side in the conflict."),
)

PUBLISHER = _fields(
    Field("name", "text", True, "The organisation publishing the reviews (ClaimReview author)."),
    Field("url", "url", True, "Its home page."),
    Field("logo", "url", False, "Its logo."),
    Field("review_url", "text", False, "Template of a review's address, with {id} for the claim id."),
)

CLAIMS_FILE_KEYS = ("topics", "claims")
SOURCES_FILE_KEYS = ("stances", "sources", "publisher")


def type_name(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"a boolean ({'true' if value else 'false'})"
    if isinstance(value, (int, float)):
        return f"a number ({value!r})"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return type(value).__name__


def parse_date_text(value: Any) -> tuple[date, date] | str:
    """(first day, last day) of a YYYY[-MM[-DD]] value, or an error message."""
    if isinstance(value, int) and not isinstance(value, bool) and 1000 <= value <= 9999:
        value = str(value)
    if not isinstance(value, str):
        return f"expected a date YYYY-MM-DD, YYYY-MM or YYYY, got {type_name(value)}"
    m = DATE_RE.fullmatch(value)
    if not m:
        return f"{value!r} is not a date: write YYYY-MM-DD, YYYY-MM or YYYY"
    y, mo, d = m.groups()
    try:
        if d:
            first = last = date(int(y), int(mo), int(d))
        elif mo:
            first = date(int(y), int(mo), 1)
            nxt = date(int(y) + (int(mo) == 12), int(mo) % 12 + 1, 1)
            last = date.fromordinal(nxt.toordinal() - 1)
        else:
            first, last = date(int(y), 1, 1), date(int(y), 12, 31)
    except ValueError:
        return f"{value!r} is not a real date"
    return first, last


