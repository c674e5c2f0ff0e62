"""``claimcheck report``: the static HTML report (core: :mod:`claimcheck.report`;
pages: :mod:`claimcheck.render.html`)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

from . import complete
from .app import SEARCH_FIELDS, app, fail, load
from .xref import TOPICS_SHOWN, BestRule, check_filter_names, check_filter_values


@app.command()
def report(
    ctx: typer.Context,
    output: Path = typer.Option(..., "--output", "-o", metavar="DIR",
                                help="The folder to write: created, or replaced whole if it holds an earlier report."),
    force: bool = typer.Option(False, "--force", help="Replace DIR even if it is not an earlier report (all it holds is deleted)."),
    all_: bool = typer.Option(False, "--all", help="Also give a page to topics whose figures agree."),
    min_ratio: Optional[float] = typer.Option(None, "--min-ratio", metavar="R", min=1.0, help="Only conflicts at least R times apart (dates: 1 + days/30)."),
    best: BestRule = typer.Option(BestRule.conservative, "--best", help="Best-estimate rule: conservative (ACLED), reliable (UCDP) or neutral."),
    limit: int = typer.Option(TOPICS_SHOWN, "--limit", metavar="N", min=0, help=f"Pages for the N most severe topics (default {TOPICS_SHOWN}; 0: all)."),
    min_comparisons: int = typer.Option(3, "--min-comparisons", metavar="N", min=1, help="Fewest comparisons for an inflation factor."),
    title: Optional[str] = typer.Option(None, "--title", metavar="TEXT", help="The report's name (default: the publisher's name in sources.yaml, else the base folder's)."),
    topic: Optional[str] = typer.Option(None, "--topic", metavar="GLOB", autocompletion=complete.topic_ids, help="Only topics matching this id or glob."),
    claimant: Optional[str] = typer.Option(None, "--claimant", metavar="SOURCE", autocompletion=complete.source_ids, help="Topics with a claim by this source (or a source part_of it)."),
    outlet: Optional[str] = typer.Option(None, "--outlet", metavar="SOURCE", autocompletion=complete.source_ids, help="Topics with a claim carried by this outlet (or one part_of it)."),
    stance: Optional[str] = typer.Option(None, "--stance", metavar="STANCE", autocompletion=complete.stance_ids, help="Topics with a claim whose claimant has this stance."),
    outlet_stance: Optional[str] = typer.Option(None, "--outlet-stance", metavar="STANCE", autocompletion=complete.stance_ids, help="Topics with a claim carried by an outlet of this stance."),
    status: Optional[str] = typer.Option(None, "--status", metavar="STATUS", autocompletion=complete.statuses, help="Topics with a claim of this declared status."),
    evidence: Optional[str] = typer.Option(None, "--evidence", metavar="EVIDENCE", help="Topics with a claim of this computed evidence: single-source, corroborated, contested, mixed or none."),
    since: Optional[str] = typer.Option(None, "--since", metavar="DATE", help="Topics with a claim dated on or after DATE (as_of, else the earliest report)."),
    until: Optional[str] = typer.Option(None, "--until", metavar="DATE", help="Topics with a claim dated on or before DATE."),
    search: Optional[str] = typer.Option(None, "--search", metavar="TEXT", help=f"Topics with a claim whose {SEARCH_FIELDS} contain TEXT (any case)."),
    tag: Optional[str] = typer.Option(None, "--tag", metavar="TAG", help="Topics with a claim with this tag."),
) -> None:
    """Write a static HTML report of the disputes.

    For readers who do not use a terminal. DIR gets index.html (topics ranked as 'conflicts' ranks them, with an
    offline search box), a page per topic (every claim's figure as a bar on
    one scale with the best estimate marked, the claims with their quotes and
    links, the pairs in conflict and in agreement, the revisions), a page per
    source named there (track record, inflation factors, stance mix) and
    diagnostics.html (what 'validate' prints). The pages load nothing from the
    network; every text from the base is escaped. The filters of 'claims'
    choose the topics: those with a claim that passes them. DIR is replaced
    atomically, and only if it is absent, empty or an earlier report (its
    .claimcheck-report file), unless --force. Exit 0 when written, 1 when a
    named source, stance or topic does not exist, 2 when DIR is refused or
    cannot be written.

    Examples:

    \b
      claimcheck report -o report
      claimcheck report -o report --all --limit 0
      claimcheck report -o isis-report --claimant isis --all --best neutral
    """
    from ..query import ClaimFilter
    from ..report import OutputRefused, build_site, check_output, write_site

    check_filter_values(status, evidence, since, until)
    try:
        check_output(output, force=force)
    except OutputRefused as e:
        raise fail(f"-o: {e}", 2) from None
    base = load(ctx, evidence="status")
    check_filter_names(base, claimant, outlet, stance, outlet_stance)
    if topic is not None:
        from fnmatch import fnmatchcase

        if not any(fnmatchcase(t, topic) for t in base.by_topic):
            from ..suggest import did_you_mean

            raise fail(f"--topic: no topic matches {topic!r}{did_you_mean(topic, base.by_topic)}", 1)
    flt = ClaimFilter(topic, claimant, outlet, stance, outlet_stance, status, evidence, since, until, search, tag)
    site = build_site(base, flt, best=best.value, include_all=all_, min_ratio=min_ratio, limit=limit,
                      min_comparisons=min_comparisons, title=title)
    from ..render.html import render_site

    try:
        n = write_site(output, render_site(site), force=force, keep=[base.root])
    except OutputRefused as e:
        raise fail(f"-o: {e}", 2) from None
    except OSError as e:
        raise fail(f"cannot write the report to {str(output)!r}: {e}", 2) from None
    from ..text import safe

    more = f" ({site.topics_total - len(site.topics)} more with --limit 0)" if site.topics_total > len(site.topics) else ""
    sys.stdout.write(
        f"Wrote {n} pages to {safe(output)}: {len(site.topics)} topic(s){more}, {len(site.sources)} source(s), "
        f"diagnostics. Open {safe(output / 'index.html')}\n"
    )
