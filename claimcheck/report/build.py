"""What ``claimcheck report`` shows, decided on an open base (the layout is
:mod:`claimcheck.render.html`'s).

* Topics: ranked as ``conflicts`` ranks them (:func:`claimcheck.xref.topic_reports`,
  the same ``--best``, ``--all`` and ``--min-ratio``), the first ``limit``.
  With filters (those of ``claims``: :class:`claimcheck.query.ClaimFilter`),
  a topic is in the report when one of its claims passes them; its page
  still shows the whole topic, each claim marked as passing or not, since a
  dispute is between all of its figures.
* On a topic page: the compared claims (all, or the :data:`ROWS_SHOWN`
  that ``conflicts`` would pick: :func:`claimcheck.xref.conflicts.highlights`),
  the pairs in conflict and in agreement, the revised claims and those
  without a figure.
* Sources: a page for each source named on a topic page (claimant or
  outlet), with its track record, inflation factors and stance mix
  (:func:`claimcheck.bias.analyse`, over the whole base as ``bias`` does).
* The diagnostics ``validate`` prints.
"""

from __future__ import annotations

from dataclasses import fields

from .. import __version__
from ..bias import MIN_COMPARISONS, analyse, source_profiles
from ..diagnostics import CODES
from ..model import Base, Claim
from ..query import ClaimFilter, select
from ..schema.fields import URL_RE
from ..xref import Evidence, TopicReport, compute_evidence, topic_reports
from ..xref.conflicts import highlights
from .model import (
    Appearance, ClaimRow, DiagnosticsPage, PairRow, Site, SourceClaim, SourcePage, SourceRef, StanceInfo, TopicPage,
)
from .names import anchor, file_names

#: Compared claims a topic page lists and charts (a larger topic: those ``conflicts`` would pick).
ROWS_SHOWN = 60
#: Pairs of each relation a topic page lists.
PAIRS_LISTED = 30
#: Revised claims, and claims without a figure, a topic page lists.
REVISIONS_LISTED = 50
#: Claims a source page lists (those on the report's topics first).
SOURCE_CLAIMS_LISTED = 100
#: Outlets (or claimants) a source page lists as carrying it (or carried by it).
CARRIES_LISTED = 30
#: Diagnostics the diagnostics page lists (``claimcheck validate`` lists all).
DIAGNOSTICS_SHOWN = 500

_FILTER_OPTIONS = {f.name: "--" + f.name.replace("_", "-") for f in fields(ClaimFilter)}


def build_site(
    base: Base,
    flt: ClaimFilter | None = None,
    *,
    best: str = "conservative",
    include_all: bool = False,
    min_ratio: float | None = None,
    limit: int | None = None,
    min_comparisons: int = MIN_COMPARISONS,
    title: str | None = None,
) -> Site:
    """Everything the report shows. ``limit`` None or 0: every topic selected."""
    flt = flt or ClaimFilter()
    evidence = compute_evidence(base, ids=False)
    filtered = flt != ClaimFilter()
    chosen = select(base, flt, evidence) if filtered else None
    selected = {c.id for c in chosen} if chosen is not None else None
    reports = topic_reports(base, best=best, include_all=include_all, min_ratio=min_ratio)
    if chosen is not None:
        wanted = {c.topic for c in chosen}
        reports = [r for r in reports if r.topic in wanted]
    total = len(reports)
    conflicting = sum(1 for r in reports if r.conflict)
    if limit:
        reports = reports[:limit]

    plans = [_Plan(r) for r in reports]
    topic_files = file_names([r.topic for r in reports], "topics")
    named: dict[str, list[str]] = {}  # source id -> topics naming it
    for rep, plan in zip(reports, plans):
        for c in plan.claims():
            for sid in (c.claimant, *c.outlets):
                topics = named.setdefault(sid, [])
                if not topics or topics[-1] != rep.topic:
                    topics.append(rep.topic)
    shown_sources = [sid for sid in base.sources if sid in named]
    source_files = file_names(shown_sources, "sources")
    refs = _Refs(base, source_files)

    topic_pages = [_topic_page(base, rep, plan, topic_files[rep.topic], refs, evidence, selected)
                   for rep, plan in zip(reports, plans)]
    shown_claims = {r.claim.id for page in topic_pages
                    for r in (*page.rows, *page.revisions, *page.others, *page.set_aside)}
    breport = analyse(base, min_comparisons, evidence=evidence)
    profiles = source_profiles(base, breport, shown_sources)
    source_pages = []
    for sid in shown_sources:
        prof = profiles[sid]
        claims = sorted(prof.claims, key=lambda dc: dc[0].claim.topic not in topic_files)  # stable: base order kept
        source_pages.append(SourcePage(
            source=base.sources[sid],
            file=source_files[sid],
            record=prof.record,
            chain=[refs.of(s) for s in prof.chain[1:]],
            deviation=prof.record.deviation,
            claims=[SourceClaim(d, ev, topic_files.get(d.claim.topic),
                                anchor(d.claim.id) if d.claim.id in shown_claims else "")
                    for d, ev in claims[:SOURCE_CLAIMS_LISTED]],
            claims_total=len(claims),
            carried_by=[(refs.of(o), n) for o, n in list(prof.carried_by.items())[:CARRIES_LISTED]],
            carries=[(refs.of(c), n) for c, n in list(prof.carries.items())[:CARRIES_LISTED]],
            carries_total=len(prof.carries),
            stance_mix=list(prof.record.stance_mix.items()),
            topics=[(t, topic_files[t]) for t in named[sid]],
        ))

    stances = {sid: StanceInfo(sid, st.description, st.neutral, n) for n, (sid, st) in enumerate(base.stances.items())}
    options = [("--best", best)]
    if include_all:
        options.append(("--all", "yes"))
    if min_ratio is not None:
        options.append(("--min-ratio", f"{min_ratio:g}"))
    options.append(("--limit", str(limit) if limit else "0 (all)"))
    options.append(("--min-comparisons", str(min_comparisons)))
    return Site(
        title=title or _default_title(base),
        version=__version__,
        stances=stances,
        topics=topic_pages,
        topics_total=total,
        topics_conflicting=conflicting,
        sources=source_pages,
        diagnostics=diagnostics_page(base),
        best_rule=best,
        include_all=include_all,
        min_comparisons=min_comparisons,
        claims_total=len(base.claims),
        claims_selected=len(chosen) if chosen is not None else len(base.claims),
        filters=[(_FILTER_OPTIONS[f.name], str(getattr(flt, f.name))) for f in fields(ClaimFilter)
                 if getattr(flt, f.name) is not None],
        options=options,
    )


def _default_title(base: Base) -> str:
    """The publisher's name (sources.yaml ``publisher``), else the base folder's name."""
    pub = base.publisher if isinstance(base.publisher, dict) else {}
    name = pub.get("name")
    if isinstance(name, str) and name.strip():
        return name.strip()
    return base.root.resolve().name or "claim base"


class _Plan:
    """The claims one topic page lists, chosen before any page is made (the
    sources they name decide which source pages exist)."""

    def __init__(self, rep: TopicReport) -> None:
        shown = highlights(rep, ROWS_SHOWN)
        self.rows = [c for c in rep.claims if c.id in shown]
        self.hidden = len(rep.claims) - len(self.rows)
        self.revisions = rep.revisions[:REVISIONS_LISTED]
        self.others = rep.others[:REVISIONS_LISTED]
        aside = [*rep.not_evidence, *rep.unread]
        self.set_aside = aside[:REVISIONS_LISTED]
        self.more_set_aside = len(aside) - len(self.set_aside)
        self.conflicts = [p for p in rep.pairs if p.relation == "conflict"][:PAIRS_LISTED]
        self.agreements = [p for p in rep.pairs if p.relation == "agree"][:PAIRS_LISTED]
        by_id = {c.id: c for c in rep.claims}
        self.paired = [by_id[i] for p in (*self.conflicts, *self.agreements) for i in (p.a, p.b) if i in by_id]

    def claims(self) -> list[Claim]:
        return [*self.rows, *self.revisions, *self.others, *self.set_aside, *self.paired]


class _Refs:
    """Source id -> :class:`SourceRef`, made once per source."""

    def __init__(self, base: Base, files: dict[str, str]) -> None:
        self.base, self.files = base, files
        self.cache: dict[str, SourceRef] = {}

    def of(self, sid: str) -> SourceRef:
        ref = self.cache.get(sid)
        if ref is None:
            s = self.base.sources.get(sid)
            ref = self.cache[sid] = SourceRef(sid, s.name if s else None, s.stance if s else None,
                                              s.reliability if s else None, self.files.get(sid))
        return ref


def _appearances(c: Claim, refs: _Refs) -> tuple[Appearance, ...]:
    out = []
    for a in c.reported_by:
        ok = a.url is not None and URL_RE.fullmatch(a.url) is not None
        out.append(Appearance(refs.of(a.outlet), a.date, a.quote, a.url if ok else None, None if ok else a.url))
    return tuple(out)


def _topic_page(base: Base, rep: TopicReport, plan: _Plan, file: str, refs: _Refs,
                evidence: dict[str, Evidence], selected: set[str] | None) -> TopicPage:
    number = {c.id: n for n, c in enumerate(rep.claims, 1)}
    basis = set(rep.best.claims) if rep.best else set()
    made: dict[str, ClaimRow] = {}

    def row(c: Claim) -> ClaimRow:
        r = made.get(c.id)
        if r is None:
            ev = evidence.get(c.id)
            r = made[c.id] = ClaimRow(
                claim=c,
                number=number.get(c.id, 0),
                claimant=refs.of(c.claimant),
                evidence=ev.status if ev is not None else None,
                charted=c.figure is not None and c.figure.kind == rep.kind and c.id in number,
                selected=selected is None or c.id in selected,
                best_basis=c.id in basis,
                appearances=_appearances(c, refs),
                superseded_by=tuple(base.superseded_by.get(c.id, ())),
                anchor=anchor(c.id),
            )
        return r

    def pair_row(p) -> PairRow:
        a, b = base.claims[p.a], base.claims[p.b]
        return PairRow(p, row(a), row(b), (base.family(a.claimant), base.family(b.claimant)))

    order = {st: n for n, st in enumerate(base.stances)}
    stances = {base.stance_of(c.claimant) for c in rep.claims}
    return TopicPage(
        report=rep,
        file=file,
        rows=[row(c) for c in plan.rows],
        hidden=plan.hidden,
        revisions=[row(c) for c in plan.revisions],
        others=[row(c) for c in plan.others],
        conflicts=[pair_row(p) for p in plan.conflicts],
        agreements=[pair_row(p) for p in plan.agreements],
        claimants=len({c.claimant for c in rep.claims}),
        stances=sorted((s for s in stances if s is not None), key=lambda s: (order.get(s, len(order)), s)),
        more_revisions=len(rep.revisions) - len(plan.revisions),
        more_others=len(rep.others) - len(plan.others),
        notes=t.notes if (t := base.topics.get(rep.topic)) is not None else None,
        set_aside=[row(c) for c in plan.set_aside],
        more_set_aside=plan.more_set_aside,
    )


def diagnostics_page(base: Base) -> DiagnosticsPage:
    diags = base.diagnostics
    errors = sum(1 for d in diags if d.severity == "error")
    return DiagnosticsPage(
        files=len(base.files),
        claims=len(base.claims),
        sources=len(base.sources),
        errors=errors,
        warnings=sum(1 for d in diags if d.severity == "warning"),
        files_hit=len({d.path for d in diags}),
        shown=list(diags[:DIAGNOSTICS_SHOWN]),
        total=len(diags),
        codes=[CODES[c] for c in sorted({d.code for d in diags}) if c in CODES],
    )
