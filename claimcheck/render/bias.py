"""Renderers of the bias group: the ``sources`` table, a source's profile, the
``bias`` tables and the chart of inflation factors (JSON and CSV shapes are in
:mod:`claimcheck.records.sources`).

Results in, text out: every number and every choice comes from
:mod:`claimcheck.bias`. Untrusted text reaches rich only through
:func:`claimcheck.render.terminal.cell`.

The factor chart is the shared interval chart of ``conflicts``
(:mod:`claimcheck.render.chart`) on a logarithmic scale with 1.0 marked: one
row per factor, the bar from the lowest to the highest ratio, the diamond at
the factor.
"""

from __future__ import annotations


from rich.console import Group
from rich.table import Table
from rich.text import Text

from ..bias import ABOUT_CLASSES, VERDICT_KEYS, BiasReport, ClaimDeviation, Deviation, Measure, Record, SourceProfile
from .chart import interval_chart
from .terminal import HYPHEN, cell, fit_columns, stance_styles
from .xref import rating_text

TOO_FEW = "too few"


# --------------------------------------------------------------------------
# numbers as text
# --------------------------------------------------------------------------


def factor_text(m: Measure | None) -> str:
    """``x3.10 n=4``, ``too few n=2``, or ``-`` when nothing was compared."""
    if m is None or m.comparisons == 0:
        return "-"
    if m.inflation is None:
        return f"{TOO_FEW} n={m.comparisons}"
    return f"x{_num(m.inflation)} n={m.comparisons}"


def factor_of_figures(m: Measure) -> str:
    """``x3.07 (3/4)``: the factor, then compared / figures; ``- (0/2)`` when
    none of its figures had a reference; empty when it gave none."""
    if m.figures == 0 and m.comparisons == 0:
        return ""
    counts = f"({m.comparisons}/{m.figures})"
    if m.comparisons == 0:
        return f"- {counts}"
    if m.inflation is None:
        return f"{TOO_FEW} {counts}"
    return f"x{_num(m.inflation)} {counts}"


def spread_text(m: Measure | None) -> str:
    if m is None or m.inflation is None:
        return ""
    return f"gsd {_num(m.gsd)}, {_num(m.low)}-{_num(m.high)}"


def _num(x: float | None) -> str:
    if x is None:
        return "-"
    if x >= 100:
        return f"{x:,.0f}"
    if x >= 10:
        return f"{x:.1f}"
    if x >= 0.01:
        return f"{x:.2f}"
    return f"{x:.2g}"


def _pct(x: float | None) -> str:
    return "-" if x is None else f"{round(100 * x)}%"


def _best(x: float) -> str:
    return f"{x:,.0f}" if x == int(x) else f"{x:,.4g}"


def reliability_text(r: Record) -> str:
    """The declared grade ('F?' when none), then '>' the grade the record
    supports, if it supports one, and '!' when the two are far apart."""
    s = r.source
    declared = s.reliability if s.declared_reliability else "F?"
    flag = " !" if r.flagged else ""
    return f"{declared}>{r.suggestion}{flag}" if r.suggestion else declared


def mix_text(mix: dict[str, int]) -> str:
    return ", ".join(f"{k} {v}" for k, v in mix.items())


# --------------------------------------------------------------------------
# sources
# --------------------------------------------------------------------------


#: The sources table gives each name its own column where that column can be
#: this wide; below it the name goes under the id, the stance under the kind.
NAME_WIDTH = 24


def sources_table(base, records: list[Record], width: int = 100) -> Table:
    """One row per source: id and full name (side by side where ``width``
    leaves room, else the name under the id, wrapped at its spaces), kind and
    stance, grades, counts. Ids wrap at their hyphens, never cut. ``records``
    is not empty."""
    from rich.cells import cell_len

    styles = stance_styles(base)
    rows = []
    for r in records:
        s = r.source
        sh = r.shares
        rows.append((
            cell(s.id), cell(s.name, "dim"), cell(s.kind or ""), cell(s.stance, styles.get(s.stance)),
            Text(reliability_text(r), style="bold yellow" if r.flagged else ""),
            Text(str(r.claims)), Text(str(r.carried)), Text(_pct(sh["corroborated"])), Text(_pct(sh["refuted"])),
            Text(factor_text(r.deviation.overall if r.deviation else None)),
        ))
    heads = ("REL", "CLAIMS", "CARRIED", "CORR", "REFUT", "INFLATION")
    natural = [max(cell_len(h), *(cell_len(x[i].plain) for x in rows))
               for i, h in enumerate(("ID", "NAME", "KIND", "STANCE", *heads))]
    # wide: every column at its natural width but the name, and the name at least NAME_WIDTH (2 spaces a gap);
    # narrow: one space a gap
    wide = sum(natural) - natural[1] + 2 * (len(natural) - 1) + min(natural[1], NAME_WIDTH) <= width
    t = Table(box=None, pad_edge=False, show_edge=False, header_style="bold", expand=False,
              padding=(0, 1) if wide else (0, 1, 0, 0))
    if wide:
        for head in ("ID", "NAME", "KIND", "STANCE"):
            t.add_column(head, overflow="fold")
    else:
        t.add_column("ID / NAME", overflow="fold")
        t.add_column("KIND / STANCE", overflow="fold")
    t.add_column(heads[0], no_wrap=True)
    for head in heads[1:-1]:
        t.add_column(head, justify="right", no_wrap=True)
    t.add_column(heads[-1], overflow="fold")
    for row in rows:
        if wide:
            t.add_row(*row)
        else:
            t.add_row(Text("\n").join(row[:2]), Text("\n").join(row[2:4]), *row[4:])
    fit_columns(t, width, breaks={0: HYPHEN, 2: HYPHEN, 3: HYPHEN} if wide else {0: HYPHEN, 1: HYPHEN})
    return t


def verdicts_text(verdicts: dict[str, int]) -> str:
    """'refuted 3, contested 1': the verdicts a claimant received, none left out but zeros."""
    return ", ".join(f"{k} {v}" for k, v in verdicts.items() if v) or "-"


def reviews_table(records: list[Record]) -> Table | None:
    """The fact-checking record of the sources that have one: as claimant, the
    verdicts of the reviews its claims received (a LIAR-style credit
    history); as fact-checker, the reviews it published and how many another
    reviewer of the same claim contradicts. None when no source has reviews."""
    rows = [r for r in records if r.reviews_received or r.reviews_published]
    if not rows:
        return None
    t = Table(box=None, pad_edge=False, show_edge=False, header_style="bold", expand=False)
    t.add_column("REVIEWS OF / BY", overflow="fold")
    t.add_column("RECEIVED", justify="right", no_wrap=True)
    for k in VERDICT_KEYS:
        t.add_column(VERDICT_HEADS[k], justify="right", no_wrap=True)
    t.add_column("PUBLISHED", justify="right", no_wrap=True)
    t.add_column("DISPUTED", justify="right", no_wrap=True)
    for r in rows:
        got = r.reviews_received
        t.add_row(
            cell(r.source.id),
            str(got) if got else "-",
            *((str(r.verdicts.get(k, 0)) if got else "-") for k in VERDICT_KEYS),
            str(r.reviews_published) if r.reviews_published else "-",
            f"{r.reviews_disputed} ({_pct(r.disagreement_rate)})" if r.reviews_published else "-",
        )
    return t


VERDICT_HEADS = {"corroborated": "CORR", "contested": "CONT", "refuted": "REFUT", "retracted": "RETR",
                 "unverified": "UNVER"}


def reviews_legend() -> Text:
    return Text(
        "RECEIVED: fact-checkers' reviews of its claims, then by verdict (the rating as published, read by the "
        "verdict table): CORR corroborated, CONT contested, REFUT refuted, RETR retracted, UNVER unverified. "
        "PUBLISHED: reviews it published as a fact-checker; DISPUTED: how many of them another reviewer of the "
        "same claim contradicts (false against true).",
        style="dim",
    )


def sources_legend(min_comparisons: int) -> Text:
    return Text(
        "REL: the declared Admiralty grade, then >, the grade its record suggests where the record supports one "
        "('F?' = none declared; '!' = two or more grades apart). "
        "CORR, REFUT: share of its claims declared corroborated, refuted. "
        f"INFLATION: geometric mean of best / reference over its compared claims ('{TOO_FEW}' below "
        f"{min_comparisons} comparisons).",
        style="dim",
    )


# --------------------------------------------------------------------------
# the profile of one source
# --------------------------------------------------------------------------


def _stance_mix(r: Record, styles: dict) -> Text:
    """'government 15, coalition 4': the stances of the claimants an outlet carries."""
    mix = Text()
    for i, (st, n) in enumerate(r.stance_mix.items()):
        if i:
            mix.append(", ")
        mix.append_text(cell(f"{st} {n}", styles.get(st)))
    return mix


def _kv(rows: list[tuple[str, object]]) -> Table:
    t = Table(box=None, show_header=False, pad_edge=False)
    t.add_column(style="bold", no_wrap=True)
    t.add_column(overflow="fold")
    for k, v in rows:
        t.add_row(k if isinstance(k, Text) else cell(k, "bold"), v if isinstance(v, Text) else cell(v))
    return t


_REASONS = {
    "superseded": "superseded: not compared",
    "no-reference": "no reference: no independent claimant of another stance gives a figure on this topic",
    "no-figure": "no figure",
    "date": "a date: not compared",
    "unknown-claimant": "unknown claimant: not compared",
    "no-best": "no best figure (an open or vague bound): not compared",
}


def deviation_text(d: ClaimDeviation) -> str:
    """The claim's ratio to its reference, or why it has none."""
    comp = d.comparison
    if comp is not None:
        return (
            f"x{_num(comp.ratio)}: best {_best(comp.best)} against {_best(comp.reference)}, the median of "
            f"{comp.references} {'neutral' if comp.neutral else 'other-stance'} figure(s)"
        )
    return _REASONS[d.reason]


def claims_lines(base, deviations: list[ClaimDeviation]) -> Group:
    """Each judged claim with its reference, or why none: two lines a claim
    (ids and topics are long)."""
    styles = stance_styles(base)
    lines = []
    for d in deviations:
        c = d.claim
        about = d.about_class + (f" ({c.about})" if c.about else "")
        lines.append(Text.assemble(cell(c.id, "bold"), "  ", cell(c.claimant, styles.get(d.stance)), ", about ", cell(about)))
        lines.append(Text.assemble("    topic ", cell(c.topic, "dim")))
        lines.append(Text.assemble("    figure ", cell(c.figure_text), ": ", cell(deviation_text(d))))
    if not lines:
        lines.append(Text("No claim with a best figure.", style="dim"))
    return Group(*lines)


def profile(base, prof: SourceProfile, evidence_known: bool) -> Group:
    """``claimcheck source ID``: the source, its record as claimant, the claims
    it made and who carried them, and what it carried as an outlet."""
    styles = stance_styles(base)
    r = prof.record
    s = r.source
    parts: list = []
    title = Text()
    title.append_text(cell(s.name, "bold"))
    title.append("  ")
    title.append_text(cell(s.id, "dim"))
    parts.append(title)
    rel = f"{s.reliability if s.declared_reliability else 'none declared (F)'} declared; " + (
        f"{r.suggestion} suggested" if r.suggestion else "no suggestion (too few claims or verdicts to judge)")
    if r.flagged:
        rel += "  (two or more grades apart)"
    rows: list[tuple[str, object]] = [
        ("kind", s.kind or "-"),
        ("stance", cell(s.stance, styles.get(s.stance))),
    ]
    if len(prof.chain) > 1:
        rows.append(("part of", " > ".join(prof.chain[1:])))
    if s.aliases:
        rows.append(("aliases", ", ".join(s.aliases)))
    rows.append(("reliability", rel))
    if s.notes:
        rows.append(("notes", s.notes))
    parts.append(_kv(rows))

    parts.append(Text("\nAs claimant", style="bold"))
    status = ", ".join(f"{k} {v}" for k, v in r.status.items() if v) or "-"
    evidence = ", ".join(f"{k} {v}" for k, v in (r.evidence or {}).items() if v) or "-"
    shares = ", ".join(f"{k} {_pct(v)}" for k, v in r.shares.items())
    rec_rows: list[tuple[str, object]] = [
        ("claims", str(r.claims)),
        ("declared status", status),
        ("computed evidence", evidence if evidence_known else "not available"),
        ("shares", shares if r.claims else "-"),
    ]
    d = r.deviation
    if d is not None:
        rec_rows.append(("inflation", f"{factor_text(d.overall)} of {d.overall.figures} figures  {spread_text(d.overall)}".rstrip()))
        for k in ABOUT_CLASSES:
            m = d.by_about[k]
            rec_rows.append((f"  about {k}", f"{factor_text(m)} of {m.figures} figures  {spread_text(m)}".rstrip()))
    else:
        rec_rows.append(("inflation", "no claim with a comparable best figure"))
    if r.reviews_received:
        rec_rows.append(("reviews received", f"{r.reviews_received}: {verdicts_text(r.verdicts)}"))
    parts.append(_kv(rec_rows))

    if prof.claims:
        parts.append(Text("\nClaims", style="bold"))
        for dev, ev in prof.claims:
            c = dev.claim
            head = Text.assemble(cell(c.id, "bold"), "  ", cell(c.status), "; evidence ", cell(ev or "-"))
            detail = Text.assemble(
                "    topic ", cell(c.topic), "; figure ", cell(c.figure_text or "-"),
                "; about ", cell(c.about or "-"),
            )
            line = Text.assemble("    deviation: ", cell(deviation_text(dev)))
            lines = [head, detail, line]
            for rv in c.reviews:
                lines.append(Text.assemble("    reviewed by ", cell(rv.reviewer), ": ", cell(rating_text(rv)),
                                           f" ({rv.verdict})"))
            parts.append(Text("\n").join(lines))
        parts.append(Text("\nCarried by", style="bold"))
        parts.append(_kv([(o, f"{n} claim(s)") for o, n in prof.carried_by.items()] or [("-", "no outlet named")]))
        parts.append(Text("\nTopics", style="bold"))
        parts.append(_kv([(tp, f"{n} claim(s)") for tp, n in sorted(r.topics.items(), key=lambda kv: (-kv[1], kv[0]))]))

    if r.reviews_published:
        parts.append(Text("\nAs reviewer", style="bold"))
        rows2: list[tuple[str, object]] = [
            ("reviews published", str(r.reviews_published)),
            ("verdicts given", verdicts_text(prof.verdicts_given)),
            ("disputed", f"{r.reviews_disputed} ({_pct(r.disagreement_rate)}): another reviewer of the claim "
                         "gives the contradicting verdict"),
        ]
        for c, by in prof.disputed:
            rows2.append(("", Text.assemble(cell(c.id), " by ", cell(", ".join(by)))))
        rows2.append(("claimants reviewed", ", ".join(f"{cl} {n}" for cl, n in prof.reviewed.items())))
        parts.append(_kv(rows2))

    if r.carried:
        parts.append(Text("\nAs outlet", style="bold"))
        parts.append(
            _kv(
                [
                    ("carried", f"{r.carried} claim(s), {r.own_voice} in its own voice"),
                    ("own stance", cell(s.stance, styles.get(s.stance))),
                    ("claimant stances", _stance_mix(r, styles)),
                ]
            )
        )
        t = Table(box=None, pad_edge=False, header_style="bold")
        t.add_column("CLAIMANT CARRIED", overflow="fold")
        t.add_column("STANCE", no_wrap=True)
        t.add_column("CLAIMS", justify="right")
        for cl, n in prof.carries.items():
            st = base.stance_of(cl) or "?"
            t.add_row(cell(cl), cell(st, styles.get(st)), str(n))
        parts.append(t)
    return Group(*parts)


# --------------------------------------------------------------------------
# bias
# --------------------------------------------------------------------------


def _deviation_row(t: Table, label: Text, d) -> None:
    t.add_row(
        label,
        factor_of_figures(d.overall) or "-",
        _num(d.overall.gsd) if d.inflation is not None else "",
        f"{_num(d.overall.low)}-{_num(d.overall.high)}" if d.inflation is not None else "",
        *(factor_of_figures(d.by_about[k]) for k in ABOUT_CLASSES),
    )


def deviation_table(base, report: BiasReport, under: dict[str | None, list[Deviation]]) -> Table:
    """Per stance (pooled) and under it its claimants (``under``, from
    :func:`claimcheck.bias.claimants_by_stance`)."""
    styles = stance_styles(base)
    t = Table(box=None, pad_edge=False, header_style="bold")
    t.add_column("STANCE / CLAIMANT", overflow="fold")
    t.add_column("INFLATION", no_wrap=True)
    t.add_column("GSD", no_wrap=True)
    t.add_column("RANGE", no_wrap=True)
    t.add_column("OWN", no_wrap=True)
    t.add_column("OPPOSING", no_wrap=True)
    t.add_column("UNSPECIFIED", no_wrap=True)
    for st, d in report.stances.items():
        _deviation_row(t, cell(st, f"bold {styles.get(st, '')}".strip()), d)
        for c in under.get(st, []):
            _deviation_row(t, Text.assemble("  ", cell(c.id, styles.get(st))), c)
    for c in under.get(None, []):
        _deviation_row(t, Text.assemble("  ", cell(c.id)), c)
    return t


def bias_view(base, report: BiasReport, under: dict[str | None, list[Deviation]], carriers: list[Record], *,
              chart_width: int = 80, deviations: list[ClaimDeviation] | None = None) -> Group:
    """``claimcheck bias``: the factor table (``under``: each stance's
    claimants), the chart, the claims behind the factors (``deviations``) and
    the outlets (``carriers``, most carried first)."""
    styles = stance_styles(base)
    parts: list = []
    parts.append(Text("Inflation factors: per stance (pooled, bold), then its claimants", style="bold"))
    parts.append(deviation_table(base, report, under))
    parts.append(
        Text(
            "INFLATION: geometric mean of best / reference over the compared claims, (compared/figures): how "
            "many of its claims with a best figure (not superseded) had a reference; reference = median best of the claims on the topic by claimants independent of "
            "it and of another stance (neutral ones where any). GSD: geometric standard deviation; RANGE: lowest "
            "and highest ratio. OWN, OPPOSING, UNSPECIFIED: the figures about the claimant's own side, another "
            f"side, no side given. '{TOO_FEW}': fewer than {report.min_comparisons} comparisons.",
            style="dim",
        )
    )
    rows = []
    for st, d in report.stances.items():
        style = styles.get(st)
        if d.inflation is not None:
            rows.append((cell(st, style), d.overall, style))
        for k in ABOUT_CLASSES:
            m = d.by_about[k]
            if m.inflation is not None and m.comparisons != d.comparisons:
                rows.append((cell(f"{st} {k}", style), m, style))
    for d in report.claimants.values():
        if d.inflation is not None:
            st = base.stance_of(d.id)
            rows.append((Text.assemble("  ", cell(d.id, styles.get(st))), d.overall, styles.get(st)))
    parts.append(
        Text(
            "\nInflation factors, log scale: \u25c6 the factor, the bar its lowest to highest ratio, "
            "\u2502 the reference (1.0)",
            style="bold",
        )
    )
    if rows:
        parts.append(factor_chart(rows, width=chart_width))
    else:
        parts.append(Text(f"No factor to chart: nothing has {report.min_comparisons} or more comparisons.", style="dim"))

    if deviations is not None:
        parts.append(Text("\nClaims behind the factors", style="bold"))
        parts.append(claims_lines(base, deviations))

    parts.append(Text("\nOutlets: stance of the claimants whose claims they carry", style="bold"))
    if carriers:
        t = Table(box=None, pad_edge=False, header_style="bold")
        t.add_column("OUTLET", overflow="fold")
        t.add_column("OWN STANCE", no_wrap=True)
        t.add_column("CARRIED", justify="right", no_wrap=True)
        t.add_column("OWN VOICE", justify="right", no_wrap=True)
        t.add_column("CLAIMANT STANCES", overflow="fold")
        for r in carriers:
            mix = _stance_mix(r, styles)
            t.add_row(
                cell(r.source.id),
                cell(r.source.stance, styles.get(r.source.stance)),
                str(r.carried),
                str(r.own_voice),
                mix,
            )
        parts.append(t)
    else:
        parts.append(Text("No claim names an outlet.", style="dim"))
    return Group(*parts)


# --------------------------------------------------------------------------
# the factor chart
# --------------------------------------------------------------------------


def factor_chart(rows: list[tuple[Text, Measure, str | None]], *, width: int = 80):
    """One line per (label, measure, style) on a log scale with 1.0 (the
    reference) marked through every row: the bar runs from the lowest to the
    highest ratio, the diamond is the inflation factor."""
    chart_rows = [
        (Text.assemble(label, f" x{_num(m.inflation)}"), m.low, m.high, m.inflation, style or "") for label, m, style in rows
    ]
    return interval_chart(chart_rows, log=True, marker=1.0, width=width, fmt=_num, marker_label="reference")
