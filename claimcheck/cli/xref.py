"""``claimcheck claims``, ``claimcheck show`` and ``claimcheck conflicts``: the
cross-referencing commands. Decisions live in :mod:`claimcheck.xref` and
:mod:`claimcheck.query`; views in :mod:`claimcheck.render.xref`."""

from __future__ import annotations

import enum
import sys
from typing import Optional

import typer

from ..figures.phrases import MIN_CONFLICT_RATIO
from . import complete
from .app import SEARCH_FIELDS, TableFormat, ViewFormat, app, fail, json_answer, load


class ShowFormat(str, enum.Enum):
    text = "text"
    json = "json"


class SortKey(str, enum.Enum):
    topic = "topic"
    id = "id"
    claimant = "claimant"
    date = "date"
    status = "status"
    evidence = "evidence"
    low = "low"
    high = "high"
    best = "best"
    file = "file"


#: Topics the conflicts table shows unless --limit says otherwise.
TOPICS_SHOWN = 20


class BestRule(str, enum.Enum):
    conservative = "conservative"
    reliable = "reliable"
    neutral = "neutral"


def _write_json(obj) -> None:
    from ..records.encode import dumps

    sys.stdout.write(dumps(obj, indent=2) + "\n")


def check_filter_values(status, evidence, since, until) -> None:
    """Values a filter option can never take exit 2 before the base is read."""
    from ..schema.fields import STATUSES, parse_date_text
    from ..xref import EVIDENCE_STATUSES

    if status is not None and status not in STATUSES:
        from ..schema.fields import status_suggestion

        raise fail(f"--status: {status!r} is not one of {', '.join(STATUSES)}{status_suggestion(status)}", 2)
    if evidence is not None and evidence not in (*EVIDENCE_STATUSES, "none"):
        raise fail(f"--evidence: {evidence!r} is not one of {', '.join(EVIDENCE_STATUSES)}, none", 2)
    for name, value in (("--since", since), ("--until", until)):
        if value is not None:
            r = parse_date_text(value)
            if isinstance(r, str):
                raise fail(f"{name}: {r}", 2)


def check_filter_names(base, claimant, outlet, stance, outlet_stance, reviewer=None) -> None:
    """A named source or stance that the base does not hold exits 1, with a did-you-mean."""
    from ..suggest import did_you_mean

    for name, value, known, what in (
        ("--reviewer", reviewer, base.sources, "source"),
        ("--claimant", claimant, base.sources, "source"),
        ("--outlet", outlet, base.sources, "source"),
        ("--stance", stance, base.stances, "stance"),
        ("--outlet-stance", outlet_stance, base.stances, "stance"),
    ):
        if value is not None and value not in known:
            raise fail(f"{name}: no {what} {value!r} in the claim base{did_you_mean(value, known)}", 1)


@app.command()
def claims(
    ctx: typer.Context,
    topic: Optional[str] = typer.Option(None, "--topic", metavar="GLOB", autocompletion=complete.topic_ids, help="Topic id or glob, e.g. 'deir-ezzor*'."),
    claimant: Optional[str] = typer.Option(None, "--claimant", metavar="SOURCE", autocompletion=complete.source_ids, help="Claims by this source or any source part_of it."),
    outlet: Optional[str] = typer.Option(None, "--outlet", metavar="SOURCE", autocompletion=complete.source_ids, help="Claims carried by this outlet (or one part_of it)."),
    stance: Optional[str] = typer.Option(None, "--stance", metavar="STANCE", autocompletion=complete.stance_ids, help="The claimant's stance."),
    outlet_stance: Optional[str] = typer.Option(None, "--outlet-stance", metavar="STANCE", autocompletion=complete.stance_ids, help="Some outlet's stance."),
    status: Optional[str] = typer.Option(None, "--status", metavar="STATUS", autocompletion=complete.statuses, help="Declared status: unverified, corroborated, contested, refuted, retracted, superseded."),
    evidence: Optional[str] = typer.Option(None, "--evidence", metavar="EVIDENCE", help="Computed evidence: single-source, corroborated, contested, mixed, none."),
    since: Optional[str] = typer.Option(None, "--since", metavar="DATE", help="Dated on or after (as_of, else the earliest report date)."),
    until: Optional[str] = typer.Option(None, "--until", metavar="DATE", help="Dated on or before."),
    search: Optional[str] = typer.Option(None, "--search", metavar="TEXT", help=f"Claims whose {SEARCH_FIELDS} contain TEXT (any case)."),
    tag: Optional[str] = typer.Option(None, "--tag", metavar="TAG", help="Claims with this tag."),
    sort: SortKey = typer.Option(SortKey.topic, "--sort", help="Sort key: topic, id, claimant, date, status, evidence, low, high, best, file."),
    reverse: bool = typer.Option(False, "--reverse", help="Reverse the order (claims missing the key stay last)."),
    format: TableFormat = typer.Option(TableFormat.table, "--format", "-f", help="Output: table, json (a list of objects) or csv."),
) -> None:
    """List and filter claims, with their figures and evidence.

    Each claim with its figure as written, as an interval, its declared
    status and its computed evidence; its topic and statement where the
    terminal is wide enough. Every filter given must hold. Exit 0 (also when nothing matches), 1 when a
    named source or stance does not exist, 2 on a usage error or no claim base.

    Examples:

    \b
      claimcheck claims --topic 'deir-ezzor*' --sort low
      claimcheck claims --claimant isis --evidence contested
      claimcheck claims --since 2018-04 --format csv > claims.csv
    """
    from ..query import ClaimFilter, select, sort_claims
    from ..records.claims import claim_record
    from ..xref import compute_evidence

    check_filter_values(status, evidence, since, until)
    ids = format is not TableFormat.table
    base = load(ctx, evidence="ids" if ids else "status")
    check_filter_names(base, claimant, outlet, stance, outlet_stance)
    ev = compute_evidence(base, ids=ids)
    flt = ClaimFilter(topic, claimant, outlet, stance, outlet_stance, status, evidence, since, until, search, tag)
    chosen = sort_claims(select(base, flt, ev), sort.value, evidence=ev, reverse=reverse)
    if format is TableFormat.json:
        from ..records.claims import ClaimJSON
        from ..records.encode import write_json_records

        write_json_records(sys.stdout.write, chosen, encode=ClaimJSON(base, ev))  # the text of claim_record, faster
        return
    if format is TableFormat.csv:
        # The same CSV as `export --format csv`: formula-guarded cells, RFC 4180 line ends.
        from ..records.claims import claims_csv

        sys.stdout.write(claims_csv(claim_record(base, c, ev) for c in chosen))
        return
    from ..render.terminal import console
    from ..render.xref import claims_table

    con = console()
    if not chosen:
        con.print("No claims match.")
        return
    con.print(claims_table(base, chosen, ev, width=con.width))
    con.print(f"{len(chosen)} of {len(base.claims)} claims")


@app.command()
def show(
    ctx: typer.Context,
    claim_id: str = typer.Argument(..., metavar="ID", autocompletion=complete.claim_ids,
                                    help="The claim id, or the start of one claim id only."),
    format: ShowFormat = typer.Option(ShowFormat.text, "--format", "-f", help="Output: text or json."),
) -> None:
    """Show one claim: its record, sources, evidence, neighbours.

    The record, who said it and who carried it: the attribution chain (claimant, then each outlet with its date and quote),
    every fact-checker's review with its rating as published (and whether the
    reviewers disagree), the interval, the computed evidence with the claims
    behind it and why
    (and why the declared status disagrees, if it does), revisions before and
    after, and every other claim on the topic marked agree or conflict.
    ID may be the start of one claim id only; a start that several ids share
    exits 1 listing them, an unknown id exits 1 with a did-you-mean.

    Examples:

    \b
      claimcheck show isis-saa-killed-south-damascus
      claimcheck show pompeo-russians --format json    # the start of one id
    """
    from ..ids import AmbiguousId, resolve_id
    from ..suggest import did_you_mean
    from ..xref import compute_evidence, explain, relations, revisions

    base = load(ctx)
    try:
        found = resolve_id(claim_id, base.claims)
    except AmbiguousId as e:
        raise fail(e.message("claim"), 1) from None
    if found is None:
        raise fail(f"no claim {claim_id!r} in the claim base{did_you_mean(claim_id, base.claims, cutoff=0.5)}", 1)
    claim = base.claims[found]
    ev_all = compute_evidence(base, topics=[claim.topic])
    ev = ev_all.get(claim.id)
    rels = relations(base, claim.id)
    before, after = revisions(base, claim.id)
    why = explain(base, claim, ev)
    from ..xref.verdicts import dispute

    disputed = dispute(claim)
    if format is ShowFormat.json:
        from ..records.claims import show_record

        _write_json(show_record(base, claim, ev_all, rels, before, after, why, disputed))
        return
    from ..render.terminal import console
    from ..render.xref import show_view

    con = console()
    con.print(show_view(base, claim, ev, rels, before, after, why, width=con.width, dispute=disputed))


@app.command()
def conflicts(
    ctx: typer.Context,
    all_: bool = typer.Option(False, "--all", help="Also list topics whose figures agree."),
    topic: Optional[str] = typer.Option(None, "--topic", metavar="GLOB", autocompletion=complete.topic_ids, help="Only topics matching this id or glob."),
    min_ratio: Optional[float] = typer.Option(
        None, "--min-ratio", metavar="R", min=1.0,
        help=f"Only conflicts at least R times apart (dates: 1 + days/30). Default: {MIN_CONFLICT_RATIO:g}, the "
             "tolerance of every comparison: counts and percentages no more than that apart agree, here, in show, "
             "in the evidence and in CC505; dates conflict from one day apart.",
    ),
    best: BestRule = typer.Option(BestRule.conservative, "--best", help="Best-estimate rule: conservative (ACLED), reliable (UCDP) or neutral."),
    format: ViewFormat = typer.Option(ViewFormat.table, "--format", "-f", help="Output: table (with a chart) or json."),
    limit: Optional[int] = typer.Option(
        None, "--limit", metavar="N", min=0,
        help=f"Show the N most severe topics (default: {TOPICS_SHOWN} in the table, all in JSON; 0: all).",
    ),
    verdicts: bool = typer.Option(
        False, "--verdicts",
        help="Also list verdict disagreements: claims whose fact-checkers contradict each other (one rates it false, another true).",
    ),
) -> None:
    """Which figures contradict each other, topic by topic.

    The most severe first. For each topic: a table (claimant, stance, reliability, figure as written,
    interval, as of, outlets), a chart of the intervals on one scale with the
    best estimate marked, and the conflicting pairs. The table shows the
    most severe topics first (--limit) and up to 15 claims a topic (those of
    the pairs shown, the best estimate's and the extremes); --format json
    holds every topic and claim. With --verdicts, the claims whose reviewers
    contradict each other follow, each review with its rating as published
    (in JSON: verdict_disputes). Exit 0 when answered (also when conflicts
    are found), 1 when --topic matches no topic.

    Examples:

    \b
      claimcheck conflicts
      claimcheck conflicts --topic 'south-damascus*' --best reliable
      claimcheck conflicts --all --format json > conflicts.json
      claimcheck conflicts --verdicts
    """
    from fnmatch import fnmatchcase

    from ..xref import compute_evidence, topic_reports, unread_figures

    # every topic's evidence: the CC505 check computes it once for both (not for one --topic)
    evidence = "status" if topic is None else None

    def answer(base, then=None):
        """(the reports shown (``then(report)`` of each, with ``then``), how
        many topics in all, the verdict disputes or None)."""
        if topic is not None:
            if not any(fnmatchcase(t, topic) for t in base.by_topic):
                from ..suggest import did_you_mean

                raise fail(f"--topic: no topic matches {topic!r}{did_you_mean(topic, base.by_topic)}", 1)
        reports = topic_reports(base, best=best.value, include_all=all_, topic=topic, min_ratio=min_ratio, then=then)
        total = len(reports)
        shown = limit
        if shown is None:
            shown = 0 if format is ViewFormat.json else TOPICS_SHOWN
        if shown:
            reports = reports[:shown]
        disputes = None
        if verdicts:
            from ..xref.verdicts import verdict_disputes

            disputes = verdict_disputes(base, topic)
        return reports, total, disputes

    if format is ViewFormat.json:
        def write_json(base, write) -> None:
            from ..records.encode import write_json_records
            from ..records.topics import TopicJSON, dispute_record

            # the claims' evidence: every topic's, or (for --topic) that of the topics matching
            wanted = None if topic is None else [t for t in base.by_topic if fnmatchcase(t, topic)]
            encode = TopicJSON(base, compute_evidence(base, ids=False, topics=wanted))
            if limit:  # the most severe only: ranked first, then only those shown encoded
                reports, _, disputes = answer(base)
                texts = [encode(r) for r in reports]
            else:
                texts, _, disputes = answer(base, then=encode)
            head = {"best_rule": best.value}
            if disputes is not None:
                head["verdict_disputes"] = [dispute_record(d) for d in disputes]
            write_json_records(write, texts, head=head, key="topics", encoded=True)

        json_answer(ctx, "conflicts", write_json, evidence=evidence)
        return
    base = load(ctx, evidence=evidence)
    reports, total, disputes = answer(base)
    from ..render.terminal import console
    from ..render.xref import conflicts_view, unread_note

    con = console()
    con.print(conflicts_view(base, reports, width=con.width, disputes=disputes))
    if total > len(reports):
        con.print(f"\n... {total - len(reports)} more topic(s) not shown: --limit 0 shows all, --format json lists them.")
    note = unread_note(unread_figures(base, topic), reports)
    if note is not None:
        con.print()
        con.print(note)
