"""What the HTML report holds, decided: the topics and sources that get a
page, the claims, pairs and revisions each page lists, the links between
pages, and the diagnostics. :func:`claimcheck.report.build.build_site` fills
these; :mod:`claimcheck.render.html` lays them out and decides nothing.

Page files are paths relative to the report folder (``topics/x.html``);
``None`` where something has no page in this report.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..bias import ClaimDeviation, Deviation, Record
from ..diagnostics import Code, Diagnostic
from ..model import Claim, Source
from ..xref import Pair, TopicReport

INDEX = "index.html"
DIAGNOSTICS = "diagnostics.html"


@dataclass(frozen=True, slots=True)
class StanceInfo:
    """A stance of the vocabulary; ``slot`` is its place in it (renderers
    give each slot a colour and a pattern)."""

    id: str
    description: str
    neutral: bool
    slot: int


@dataclass(frozen=True, slots=True)
class SourceRef:
    """A source named on a page: its id, name (None: not in sources.yaml),
    stance and the page it has in this report."""

    id: str
    name: str | None
    stance: str | None
    reliability: str | None
    page: str | None


@dataclass(frozen=True, slots=True)
class Appearance:
    """One outlet that carried a claim. ``url`` is an absolute http(s) URL
    or None; ``raw_url`` is the text of a url that is not one (shown, never linked)."""

    outlet: SourceRef
    date: str | None
    quote: str | None
    url: str | None
    raw_url: str | None = None


@dataclass(frozen=True, slots=True)
class ClaimRow:
    """A claim as a topic page lists it."""

    claim: Claim
    number: int  # its place on the topic, lowest figure first, as `conflicts` numbers it; 0: not compared
    claimant: SourceRef
    evidence: str | None  # computed evidence
    charted: bool  # its figure is of the topic's main kind (the chart's scale)
    selected: bool  # passes the report's filters
    best_basis: bool  # the best estimate is drawn from it
    appearances: tuple[Appearance, ...] = ()
    superseded_by: tuple[str, ...] = ()
    anchor: str = ""  # id of its entry on the page


@dataclass(frozen=True, slots=True)
class PairRow:
    """Two claims of different ``part_of`` families whose figures conflict
    or agree; ``families`` name the top of each claimant's chain."""

    pair: Pair
    a: ClaimRow
    b: ClaimRow
    families: tuple[str, str]


@dataclass
class TopicPage:
    report: TopicReport
    file: str
    rows: list[ClaimRow]  # compared claims shown (all when few), in report order
    hidden: int  # compared claims not shown
    revisions: list[ClaimRow]
    others: list[ClaimRow]  # no figure
    conflicts: list[PairRow]
    agreements: list[PairRow]
    claimants: int
    stances: list[str]  # of the compared claims' claimants, vocabulary order
    more_revisions: int = 0
    more_others: int = 0
    notes: str | None = None  # the topic's notes in the base
    #: claims not compared for another reason: declared refuted or retracted
    #: (not evidence), or a figure the grammar does not read
    set_aside: list[ClaimRow] = field(default_factory=list)
    more_set_aside: int = 0

    @property
    def topic(self) -> str:
        return self.report.topic


@dataclass(frozen=True, slots=True)
class SourceClaim:
    """One claim of a source, with its deviation from the reference."""

    deviation: ClaimDeviation
    evidence: str | None
    topic_page: str | None
    anchor: str


@dataclass
class SourcePage:
    source: Source
    file: str
    record: Record
    chain: list[SourceRef]  # the sources it is part_of, nearest first
    deviation: Deviation | None  # None: no judged figure
    claims: list[SourceClaim]  # as claimant, the report's topics first (capped)
    claims_total: int
    carried_by: list[tuple[SourceRef, int]]  # outlets that carried its claims, most first
    carries: list[tuple[SourceRef, int]]  # claimants it carried as an outlet, most first
    carries_total: int
    stance_mix: list[tuple[str, int]]  # stance of the claimants it carried -> claims, most first
    topics: list[tuple[str, str]]  # (topic, page) of the report's topics it speaks on or carries


@dataclass
class DiagnosticsPage:
    """What ``claimcheck validate`` prints, and the meaning of each code seen."""

    files: int
    claims: int
    sources: int
    errors: int
    warnings: int
    files_hit: int
    shown: list[Diagnostic]
    total: int
    codes: list[Code]


@dataclass
class Site:
    title: str
    version: str
    stances: dict[str, StanceInfo]
    topics: list[TopicPage]
    topics_total: int  # topics the options select, before --limit
    topics_conflicting: int  # of those, topics in conflict
    sources: list[SourcePage]
    diagnostics: DiagnosticsPage
    best_rule: str
    include_all: bool
    min_comparisons: int
    claims_total: int
    claims_selected: int
    filters: list[tuple[str, str]] = field(default_factory=list)  # (option, value) given
    options: list[tuple[str, str]] = field(default_factory=list)  # other options given

    def pages(self) -> list[str]:
        """Every page file of the report, index first."""
        return [INDEX, DIAGNOSTICS, *(t.file for t in self.topics), *(s.file for s in self.sources)]
