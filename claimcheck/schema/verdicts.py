"""The verdict table: a rating as a fact-checker published it (its text, or its
position on its own scale) read as one of claimcheck's statuses.

One table decides for every command: the import (the declared status of a new
claim), ``validate`` (reviewers that contradict each other, CC509), the
track records (the verdicts a claimant received) and ``conflicts --verdicts``.
:data:`VERDICT_WORDS` is the mechanism; :data:`KNOWN_RATINGS` lists the
published vocabularies it covers, each row held to the table by a test.
"""

from __future__ import annotations

import re
from typing import NamedTuple

#: Google's default ClaimReview scale, used where a rating gives a value
#: without its bounds.
DEFAULT_WORST = 1
DEFAULT_BEST = 5

# Rating text -> status, tried in this order on the case-folded text; the
# first row with a phrase in the text wins (whole words: "incorrect" is not
# "correct", "not true" is caught before "true").
VERDICT_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("retracted", ("retracted", "withdrawn", "retraction")),
    ("contested", ("half true", "half-true", "mixed", "mixture", "partly true", "partly false",
                   "partially true", "partially false", "misleading", "missing context", "needs context",
                   "lacks context", "out of context", "exaggerated", "exaggeration", "disputed",
                   "contested", "one pinocchio", "two pinocchios", "cherry picks", "distorts the facts",
                   "outdated", "parcialmente falso", "engañoso", "enganoso", "partiellement faux", "trompeur",
                   "teilweise falsch", "irreführend")),
    ("refuted", ("false", "mostly false", "barely true", "pants on fire", "not true", "untrue", "incorrect",
                 "inaccurate", "wrong", "fake", "fabricated", "hoax", "debunked", "refuted", "baseless",
                 "bogus", "scam", "three pinocchios", "four pinocchios", "bottomless pinocchio",
                 "misattributed", "miscaptioned", "altered", "manipulated", "doctored", "satire",
                 "falso", "faux", "pas vrai", "falsch")),
    ("unverified", ("unverified", "not verified", "unproven", "not proven", "unfounded", "unsubstantiated",
                    "unsupported", "no evidence", "not enough evidence", "insufficient evidence", "unconfirmed",
                    "not confirmed", "cannot be verified", "unverifiable", "research in progress", "legend")),
    ("corroborated", ("true", "mostly true", "correct", "correct attribution", "accurate", "corroborated",
                      "confirmed", "verified", "legit", "geppetto checkmark", "verdadero", "verdadeiro",
                      "vrai")),
)

#: The rating vocabularies real feeds use, as published, with the status
#: :data:`VERDICT_WORDS` gives each: (who uses it, rating, status).
KNOWN_RATINGS: tuple[tuple[str, str, str], ...] = (
    ("PolitiFact", "True", "corroborated"),
    ("PolitiFact", "Mostly True", "corroborated"),
    ("PolitiFact", "Half True", "contested"),
    ("PolitiFact", "Mostly False", "refuted"),
    ("PolitiFact", "Barely True", "refuted"),
    ("PolitiFact", "False", "refuted"),
    ("PolitiFact", "Pants on Fire!", "refuted"),
    ("Snopes", "True", "corroborated"),
    ("Snopes", "Mostly True", "corroborated"),
    ("Snopes", "Correct Attribution", "corroborated"),
    ("Snopes", "Legit", "corroborated"),
    ("Snopes", "Mixture", "contested"),
    ("Snopes", "Outdated", "contested"),
    ("Snopes", "Mostly False", "refuted"),
    ("Snopes", "False", "refuted"),
    ("Snopes", "Misattributed", "refuted"),
    ("Snopes", "Miscaptioned", "refuted"),
    ("Snopes", "Scam", "refuted"),
    ("Snopes", "Fake", "refuted"),
    ("Snopes", "Labeled Satire", "refuted"),
    ("Snopes", "Originated as Satire", "refuted"),
    ("Snopes", "Unproven", "unverified"),
    ("Snopes", "Unfounded", "unverified"),
    ("Snopes", "Legend", "unverified"),
    ("Snopes", "Research In Progress", "unverified"),
    ("The Washington Post", "Geppetto Checkmark", "corroborated"),
    ("The Washington Post", "One Pinocchio", "contested"),
    ("The Washington Post", "Two Pinocchios", "contested"),
    ("The Washington Post", "Three Pinocchios", "refuted"),
    ("The Washington Post", "Four Pinocchios", "refuted"),
    ("The Washington Post", "Bottomless Pinocchio", "refuted"),
    ("free text (AFP, Reuters, Full Fact, ...)", "Misleading", "contested"),
    ("free text (AFP, Reuters, Full Fact, ...)", "Missing context", "contested"),
    ("free text (AFP, Reuters, Full Fact, ...)", "Partly false", "contested"),
    ("free text (AFP, Reuters, Full Fact, ...)", "Exaggerated", "contested"),
    ("free text (AFP, Reuters, Full Fact, ...)", "Altered", "refuted"),
    ("free text (AFP, Reuters, Full Fact, ...)", "Satire", "refuted"),
    ("free text (AFP, Reuters, Full Fact, ...)", "Unproven", "unverified"),
    ("free text (AFP, Reuters, Full Fact, ...)", "No evidence", "unverified"),
    ("free text (AFP, Reuters, Full Fact, ...)", "Correct", "corroborated"),
    ("Spanish, Portuguese", "Falso", "refuted"),
    ("Spanish, Portuguese", "Engañoso", "contested"),
    ("Spanish", "Verdadero", "corroborated"),
    ("French", "Faux", "refuted"),
    ("French", "Trompeur", "contested"),
    ("French", "Vrai", "corroborated"),
    ("German", "Falsch", "refuted"),
    ("German", "Irreführend", "contested"),
    ("(any)", "Retracted", "retracted"),
)

_WORD_RES = tuple(
    (status, re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(w) for w in words) + r")(?![\w-])"))
    for status, words in VERDICT_WORDS
)

# Position of the value between worst (0) and best (1) -> status, for a
# rating published as a number only.
POSITION_REFUTED_MAX = 0.25  # at or below: refuted
POSITION_CORROBORATED_MIN = 0.75  # at or above: corroborated; in between: contested

#: Verdicts that contradict each other: one reviewer says the claim is false,
#: another that it is true. (Contested against either is a difference of
#: degree, not a contradiction.)
OPPOSITE = {"refuted": "corroborated", "corroborated": "refuted"}


class Verdict(NamedTuple):
    status: str
    how: str  # how it was decided, in words
    problem: str | None = None  # why the rating could not be read (then status is unverified)


def _text(name: str) -> str:
    return " ".join(name.casefold().replace("\u2019", "'").split())


def verdict(name: str | None, value: float | None = None, best: float | None = None,
            worst: float | None = None) -> Verdict:
    """The status a published rating gives.

    The text decides, by :data:`VERDICT_WORDS`. A rating without text is
    placed by the position of ``value`` between ``worst`` (default 1) and
    ``best`` (default 5): at most 0.25 refuted, at least 0.75 corroborated, in
    between contested. A text the table does not know leaves the claim
    unverified whatever its number (the number means what the text means, on
    a scale the table does not know), and so does a rating with neither.
    """
    if name is not None and name.strip():
        text = _text(name)
        for status, rx in _WORD_RES:
            if rx.search(text):
                return Verdict(status, f"rating text {name!r}")
        return Verdict("unverified", "unknown rating text",
                       f"rating text {name.strip()[:80]!r} is not in the verdict table: the verdict stays unverified")
    if value is not None:
        lo = DEFAULT_WORST if worst is None else worst
        hi = DEFAULT_BEST if best is None else best
        if hi != lo and min(lo, hi) <= value <= max(lo, hi):
            pos = (value - lo) / (hi - lo)
            how = f"rating {value:g} on {lo:g}..{hi:g}"
            if pos <= POSITION_REFUTED_MAX:
                return Verdict("refuted", how)
            if pos >= POSITION_CORROBORATED_MIN:
                return Verdict("corroborated", how)
            return Verdict("contested", how)
        return Verdict("unverified", "no usable rating",
                       f"reviewRating value {value:g} is not usable (outside its scale {lo:g}..{hi:g}, no text): "
                       "the verdict stays unverified")
    return Verdict("unverified", "no rating", None)


def contradicts(a: str, b: str) -> bool:
    """Do two verdicts contradict each other (refuted against corroborated)?"""
    return OPPOSITE.get(a) == b


def combined_status(verdicts) -> str:
    """The declared status of a new claim from its reviews' verdicts: the one
    verdict they share, ``contested`` where they differ, ``unverified`` where
    no review gives a verdict."""
    known = {v for v in verdicts if v != "unverified"}
    if not known:
        return "unverified"
    if len(known) == 1:
        return known.pop()
    return "contested"


def verdict_table_markdown() -> str:
    """The verdict table as Markdown: the words, then the vocabularies covered."""
    out = ["| rating text containing (first row that matches wins) | status |", "|---|---|"]
    for status, words in VERDICT_WORDS:
        out.append(f"| {', '.join(words)} | `{status}` |")
    out += ["", "| published by | rating | status |", "|---|---|---|"]
    for who, rating, status in KNOWN_RATINGS:
        out.append(f"| {who} | {rating} | `{status}` |")
    return "\n".join(out)
