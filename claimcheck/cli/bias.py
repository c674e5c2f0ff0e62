"""``claimcheck sources``, ``claimcheck source ID`` and ``claimcheck bias``:
track records, inflation factors and outlet stance mix (core: claimcheck.bias)."""

from __future__ import annotations

import enum
import sys
from typing import List, Optional

import typer

from . import complete
from .app import TableFormat, ViewFormat, app, fail, load


class SortKey(str, enum.Enum):
    id = "id"
    name = "name"
    kind = "kind"
    stance = "stance"
    reliability = "reliability"
    suggested = "suggested"
    claims = "claims"
    carried = "carried"
    corroborated = "corroborated"
    refuted = "refuted"
    inflation = "inflation"
    reviews = "reviews"


MIN_HELP = "Fewest comparisons for an inflation factor; below it the factor is shown as 'too few' (JSON null)."


def _min_comparisons(n: int) -> int:
    if n < 1:
        raise fail("--min-comparisons must be 1 or more", 2)
    return n


def _check_values(given: list[str], known, what: str) -> None:
    """A named stance the base does not hold exits 1, as in 'claims'."""
    from ..suggest import did_you_mean

    for v in given:
        if v not in known:
            raise fail(f"--{what}: no {what} {v!r} in the claim base{did_you_mean(v, known)}", 1)


@app.command()
def sources(
    ctx: typer.Context,
    stance: Optional[List[str]] = typer.Option(None, "--stance", metavar="STANCE", autocompletion=complete.stance_ids, help="Only sources of this stance (repeatable)."),
    kind: Optional[List[str]] = typer.Option(None, "--kind", metavar="KIND", help="Only sources of this kind (repeatable)."),
    sort: SortKey = typer.Option(
        SortKey.id, "--sort", help="Order: id, name, kind, stance, reliability, suggested (text, ascending); claims, carried, corroborated, refuted, reviews (descending); inflation (farthest from 1.0 first)."
    ),
    min_comparisons: int = typer.Option(3, "--min-comparisons", metavar="N", help=MIN_HELP),
    format: TableFormat = typer.Option(TableFormat.table, "--format", "-f", help="Output format: table, json or csv."),
) -> None:
    """One row per source: its record as claimant and as outlet.

    Shows id, full name, kind, stance, the declared Admiralty grade beside
    the one its record suggests where the record supports one (B>C; flagged
    ! when two or more grades apart; a record too thin to judge suggests
    nothing), claims as
    claimant, claims carried as outlet, the share declared corroborated and
    refuted, its inflation factor (how far its figures run from independent
    figures of other stances), and where the base holds reviews, the
    fact-checkers' verdicts its claims received and the reviews it published.

    Examples:

    \b
      claimcheck sources
      claimcheck sources --stance jihadist --sort inflation
      claimcheck sources --kind outlet --format csv > outlets.csv
    """
    from .. import bias

    n = _min_comparisons(min_comparisons)
    base = load(ctx)
    _check_values(stance or [], base.stances, "stance")
    report = bias.analyse(base, n, with_evidence=False)
    rows = [
        r
        for r in report.records.values()
        if (not stance or r.source.stance in stance) and (not kind or (r.source.kind or "") in kind)
    ]
    rows = bias.sort_records(rows, sort.value)
    if format is TableFormat.json:
        from ..records.encode import dumps
        from ..records.sources import source_record

        sys.stdout.write(dumps([source_record(r) for r in rows], indent=2) + "\n")
        return
    if format is TableFormat.csv:
        from ..records.sources import sources_csv

        sys.stdout.write(sources_csv(rows))
        return
    from ..render.bias import reviews_legend, reviews_table, sources_legend, sources_table
    from ..render.terminal import console

    con = console()
    if not rows:
        con.print("No source matches.")
        return
    con.print(sources_table(base, rows, width=con.width))
    con.print(sources_legend(n))
    reviews = reviews_table(rows)
    if reviews is not None:
        con.print()
        con.print(reviews)
        con.print(reviews_legend())


@app.command()
def source(
    ctx: typer.Context,
    id: str = typer.Argument(..., metavar="ID", autocompletion=complete.source_ids,
                             help="The source id, an exact name or alias, or the start of one source id only."),
    min_comparisons: int = typer.Option(3, "--min-comparisons", metavar="N", help=MIN_HELP),
    format: ViewFormat = typer.Option(ViewFormat.table, "--format", "-f", help="Output format: table or json."),
) -> None:
    """The profile of one source.

    Its record as claimant (claims by declared status and by computed
    evidence, and the verdicts of the reviews its claims received), every
    claim with its evidence, its deviation from the reference figure and its
    reviews, the outlets that carry it, the topics it speaks on; as reviewer
    the reviews it published and how often another reviewer contradicted
    them; and as outlet the claimants it carries and their stances. ID is a
    source id, an exact name or alias, or the start of one source id only; a
    start that several ids share exits 1 listing them, an unknown id exits 1.

    Examples:

    \b
      claimcheck source isis
      claimcheck source long-war    # the start of one id
      claimcheck source sohr --format json
    """
    from .. import bias
    from ..ids import AmbiguousId, resolve_id
    from ..suggest import did_you_mean

    n = _min_comparisons(min_comparisons)
    base = load(ctx, evidence="ids")
    sid = id if id in base.sources else _by_name(base, id)
    if sid is None:
        try:
            sid = resolve_id(id, base.sources)
        except AmbiguousId as e:
            raise fail(e.message("source"), 1) from None
    if sid is None:
        raise fail(f"no source {id!r}{did_you_mean(id, list(base.sources))}", 1)
    report = bias.analyse(base, n)
    prof = bias.source_profile(base, report, sid)
    if format is ViewFormat.json:
        from ..records.encode import dumps
        from ..records.sources import profile_record

        sys.stdout.write(dumps(profile_record(prof), indent=2) + "\n")
        return
    from ..render.bias import profile
    from ..render.terminal import console

    console().print(profile(base, prof, bool(report.evidence)))


def _by_name(base, text: str) -> str | None:
    """The one source whose name or alias is ``text`` (case-insensitive)."""
    t = text.casefold()
    found = {s.id for s in base.sources.values() if s.name.casefold() == t or any(a.casefold() == t for a in s.aliases)}
    return found.pop() if len(found) == 1 else None


@app.command()
def bias(
    ctx: typer.Context,
    min_comparisons: int = typer.Option(3, "--min-comparisons", metavar="N", help=MIN_HELP),
    stance: Optional[List[str]] = typer.Option(None, "--stance", metavar="STANCE", autocompletion=complete.stance_ids, help="Only claimants of this stance (repeatable); the stance table is kept whole."),
    claims: bool = typer.Option(False, "--claims", help="Also list every claim with a best figure: its reference and ratio, or why it has none."),
    format: ViewFormat = typer.Option(ViewFormat.table, "--format", "-f", help="Output format: table or json."),
) -> None:
    """How far each side's figures run from independent figures.

    For every claim with a best figure, the ratio to the reference: the median
    best of the other claims on its topic by claimants independent of it and of
    another stance (neutral ones where any). Per stance, then per claimant: the
    inflation factor (geometric mean ratio), split by what the figure is about
    (the claimant's own side, an opposing side, unspecified), with counts and
    spread; a chart of the factors on a log scale around 1.0; and the stances
    of the claimants each outlet carries.

    Examples:

    \b
      claimcheck bias
      claimcheck bias --stance jihadist --claims
      claimcheck bias --format json
    """
    from .. import bias as core

    n = _min_comparisons(min_comparisons)
    base = load(ctx)
    _check_values(stance or [], base.stances, "stance")
    report = core.analyse(base, n, with_evidence=False)
    if stance:
        report.claimants = {k: v for k, v in report.claimants.items() if base.stance_of(k) in stance}
    deviations = core.judged_deviations(base, report, report.claimants) if claims else None
    if format is ViewFormat.json:
        from ..records.encode import dumps
        from ..records.sources import bias_record

        sys.stdout.write(dumps(bias_record(report, deviations), indent=2) + "\n")
        return
    from ..render.bias import bias_view
    from ..render.terminal import console

    console().print(bias_view(base, report, core.claimants_by_stance(base, report), core.outlets(report),
                              deviations=deviations))
