"""The claim base in memory: stances, sources, topics and claims.

Plain dataclasses built from checked records (:mod:`claimcheck.base` builds
them). Knows nothing of files' syntax or of the terminal. Independence of
sources (``part_of`` chains) is decided here, once, for every command.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, Protocol

from .diagnostics import Diagnostic, place
from .figures import Figure
from .schema.fields import parse_date_text


class LoadedFile(Protocol):
    """A file as the loader read it (:class:`claimcheck.load.strict.LoadedFile`):
    its base-relative name, its data, its own diagnostics, and the position of
    any node on demand."""

    rel: str
    data: Any
    diagnostics: list[Diagnostic]

    def locate(self, pointer: tuple, target: str = "value") -> tuple[int, int, int, int]: ...

    def locate_many(self, requests: list[tuple[tuple, str]]) -> list[tuple[int, int, int, int]]: ...


@dataclass(slots=True)
class Stance:
    id: str
    description: str
    neutral: bool = False


@dataclass(slots=True)
class Source:
    id: str
    name: str
    stance: str
    kind: str | None = None
    reliability: str = "F"
    declared_reliability: bool = False
    part_of: str | None = None
    url: str | None = None
    aliases: tuple[str, ...] = ()
    notes: str | None = None
    rel: str = "sources.yaml"
    index: int = 0

    @property
    def pointer(self) -> tuple:
        return ("sources", self.index)


@dataclass(slots=True)
class Appearance:
    outlet: str
    date: str | None = None
    quote: str | None = None
    url: str | None = None


@dataclass(slots=True)
class Rating:
    """A rating as the reviewer published it (numbers as written)."""

    name: str | None = None
    value: float | None = None
    best: float | None = None
    worst: float | None = None


@dataclass(slots=True)
class Review:
    """A fact-checker's review of a claim. ``verdict``: the status its rating
    gives by the verdict table (:mod:`claimcheck.schema.verdicts`)."""

    reviewer: str
    url: str | None = None
    date: str | None = None
    rating: Rating = field(default_factory=Rating)
    title: str | None = None
    summary: str | None = None
    language: str | None = None
    verdict: str = "unverified"


@dataclass(slots=True)
class Topic:
    id: str
    title: str | None = None
    unit: str | None = None
    cumulative: bool = False
    notes: str | None = None
    declared: bool = True
    rel: str | None = None


@dataclass(slots=True)
class Claim:
    id: str
    statement: str
    claimant: str
    topic: str
    status: str
    about: str | None = None
    figure_text: str | None = None
    figure: Figure | None = None
    #: why ``figure:`` could not be read, briefly (validate's CC401/CC402 says it in full); the claim is then
    #: not compared
    figure_error: str | None = None
    as_of: str | None = None
    reported_by: tuple[Appearance, ...] = ()
    reviews: tuple[Review, ...] = ()
    supersedes: str | None = None
    tags: tuple[str, ...] = ()
    notes: str | None = None
    rel: str = ""
    index: int = 0
    #: ``ignore:`` as written ({code: reason}); claimcheck.rules.ignore checks
    #: it and sets the warnings it acknowledges aside
    ignore: dict = field(default_factory=dict)

    @property
    def pointer(self) -> tuple:
        return ("claims", self.index)

    @property
    def date(self) -> str | None:
        """``as_of``, else the earliest report date (the date filters use)."""
        if self.as_of:
            return self.as_of
        dates = [a.date for a in self.reported_by if a.date]
        return min(dates) if dates else None

    @property
    def outlets(self) -> tuple[str, ...]:
        return tuple(a.outlet for a in self.reported_by)

    @property
    def reviewers(self) -> tuple[str, ...]:
        """The sources that reviewed the claim, each once, in order."""
        return tuple(dict.fromkeys(r.reviewer for r in self.reviews))

    @property
    def first_appearance(self) -> Appearance | None:
        """The appearance with the earliest date (the first listed if none is
        dated): ClaimReview's ``firstAppearance``."""
        return earliest(self.reported_by)


def earliest(apps) -> Appearance | None:
    """The appearance of ``apps`` with the earliest date (the first listed
    where none is dated, or where dates tie)."""
    best, best_day = None, None
    for a in apps:
        if best is None:
            best = a
        r = parse_date_text(a.date) if a.date else None
        if r is not None and not isinstance(r, str) and (best_day is None or r[0] < best_day):
            best, best_day = a, r[0]
    return best


@dataclass
class Base:
    root: Path
    stances: dict[str, Stance] = field(default_factory=dict)
    sources: dict[str, Source] = field(default_factory=dict)
    topics: dict[str, Topic] = field(default_factory=dict)
    claims: dict[str, Claim] = field(default_factory=dict)
    publisher: dict | None = None
    files: list[LoadedFile] = field(default_factory=list)
    #: Every diagnostic as the reading and the checks found it, in that
    #: order; positions may still be pointers (see :attr:`diagnostics`).
    #: Warnings a claim acknowledges are not here but in ``ignored_findings``.
    findings: list[Diagnostic] = field(default_factory=list)
    #: warnings acknowledged by a claim's ``ignore:``, with the reason given,
    #: positions maybe still pointers (claimcheck.rules.ignore; see :attr:`ignored`)
    ignored_findings: list[tuple[Diagnostic, str]] = field(default_factory=list)
    # Every topic declaration and every claim record, duplicates included: the
    # dicts above keep the first of each id, checks report the rest.
    topic_decls: list[tuple[Topic, LoadedFile]] = field(default_factory=list)
    claim_records: list[Claim] = field(default_factory=list)
    # Results computed once and shared by the checks and the command that
    # opened the base (claimcheck.xref keeps every claim's evidence here).
    # A base is not changed once open_base has built it.
    memo: dict = field(default_factory=dict, repr=False, compare=False)
    _placed: list[Diagnostic] | None = field(default=None, repr=False, compare=False)
    _sorted: list[Diagnostic] | None = field(default=None, repr=False, compare=False)
    _ignored: list[tuple[Diagnostic, str]] | None = field(default=None, repr=False, compare=False)
    _file_index: dict[str, LoadedFile] = field(default_factory=dict, repr=False, compare=False)

    @property
    def diagnostics(self) -> list[Diagnostic]:
        """Every diagnostic at its line and column, sorted by file and
        position. Positions are found on first use, all of a file's at once
        (:func:`claimcheck.diagnostics.place`)."""
        if self._sorted is None or len(self._sorted) != len(self.findings):
            self._sorted = sorted(self.placed_findings(), key=lambda d: d.sort_key)
        return self._sorted

    def placed_findings(self) -> list[Diagnostic]:
        """:attr:`findings` at their positions, in the same order."""
        if self._placed is None or len(self._placed) != len(self.findings):
            self._placed = place(self.findings, self.file)
        return self._placed

    @property
    def ignored(self) -> list[tuple[Diagnostic, str]]:
        """The acknowledged warnings at their positions, sorted, each with its reason."""
        if self._ignored is None or len(self._ignored) != len(self.ignored_findings):
            placed = place([d for d, _ in self.ignored_findings], self.file)
            self._ignored = sorted(zip(placed, (r for _, r in self.ignored_findings)), key=lambda t: t[0].sort_key)
        return self._ignored

    @property
    def errors(self) -> int:
        return sum(1 for d in self.findings if d.severity == "error")

    def file(self, rel: str) -> LoadedFile | None:
        idx = self._file_index
        if len(idx) != len(self.files):
            idx.clear()
            for f in self.files:
                idx.setdefault(f.rel, f)
        return idx.get(rel)

    # --- independence -------------------------------------------------

    def chain(self, source_id: str) -> tuple[str, ...]:
        """The source and every source it is ``part_of``, nearest first."""
        out = [source_id]
        seen = {source_id}
        cur = self.sources.get(source_id)
        while cur is not None and cur.part_of and cur.part_of not in seen:
            out.append(cur.part_of)
            seen.add(cur.part_of)
            cur = self.sources.get(cur.part_of)
        return tuple(out)

    def _family_of(self, source_id: str) -> str:
        ch = self.chain(source_id)
        last = self.sources.get(ch[-1])
        if last is not None and last.part_of and last.part_of in ch:
            return min(ch[ch.index(last.part_of):])  # a cycle (CC306): its smallest id
        return ch[-1]

    @cached_property
    def families(self) -> dict[str, str]:
        """Source id -> family key: the top of its ``part_of`` chain (in a
        cycle, which validate reports, the cycle's smallest id). This is where
        independence is decided, for every command."""
        return {sid: self._family_of(sid) for sid in self.sources}

    def family(self, source_id: str) -> str:
        f = self.families.get(source_id)
        return f if f is not None else self._family_of(source_id)

    def independent(self, a: str, b: str) -> bool:
        """Different sources whose ``part_of`` chains do not meet, that is,
        whose families differ (chains that meet share their top)."""
        return a != b and self.family(a) != self.family(b)

    # --- revisions ----------------------------------------------------

    @cached_property
    def superseded_by(self) -> dict[str, list[str]]:
        """Old claim id -> ids of the claims that say they supersede it."""
        out: dict[str, list[str]] = {}
        for c in self.claims.values():
            if c.supersedes:
                out.setdefault(c.supersedes, []).append(c.id)
        return out

    def is_superseded(self, claim_id: str) -> bool:
        return claim_id in self.superseded_by

    def carriers(self, claim: Claim) -> tuple[str, ...]:
        """The outlets that carried ``claim``, each once, in order, less its
        reviewers and any source of kind ``fact-checker``: a fact-checker
        reviews a claim, it never amplifies it (the bias measures count these)."""
        reviewers = claim.reviewers
        out = []
        for a in claim.reported_by:
            o = a.outlet
            if o in reviewers or o in out:
                continue
            s = self.sources.get(o)
            if s is not None and s.kind == "fact-checker":
                continue
            out.append(o)
        return tuple(out)

    def stance_of(self, source_id: str) -> str | None:
        s = self.sources.get(source_id)
        return s.stance if s else None

    def is_neutral(self, stance_id: str | None) -> bool:
        s = self.stances.get(stance_id) if stance_id else None
        return bool(s and s.neutral)

    @cached_property
    def by_topic(self) -> dict[str, list[Claim]]:
        out: dict[str, list[Claim]] = {}
        for c in self.claims.values():
            out.setdefault(c.topic, []).append(c)
        return out
