"""A topic's page: the dispute in a sentence, the range chart, the claims
(in a table, then each in full with its quotes and links), the pairs in
conflict and in agreement, the revisions and the claims without a figure."""

from __future__ import annotations

from ...report import ClaimRow, PairRow, Site, TopicPage
from .chart import Bar, Marker, range_chart
from .common import fills_of, severity_text, source_link, stance_chip
from .escape import esc, esc_block, page_link, web_link
from .format import interval, plural, ratio, span, value
from .tables import table


def _claim_ref(here: str, r: ClaimRow, rows_shown: set[str]) -> str:
    """'#3 SOHR' linked to the claim's entry when the page lists it."""
    label = f"#{r.number} " if r.number else ""
    text = f"{label}{r.claimant.name or r.claimant.id}"
    if r.claim.id in rows_shown:
        return page_link(here, here, text, r.anchor)
    return esc(text)


def _pairs_table(here: str, pairs: list[PairRow], shown: set[str], conflict: bool) -> str:
    rows = []
    for p in pairs:
        if conflict:
            apart = f"{p.pair.gap_days:,} days" if p.pair.gap_days is not None else ratio(p.pair.ratio)
        else:
            apart = "overlap"
        rows.append([
            _claim_ref(here, p.a, shown) + f'<br><span class="id small muted">{esc(p.a.claim.id)}</span>',
            _claim_ref(here, p.b, shown) + f'<br><span class="id small muted">{esc(p.b.claim.id)}</span>',
            esc(apart),
            esc(p.pair.stances),
            f"yes: families <span class=\"id\">{esc(p.families[0])}</span> and "
            f"<span class=\"id\">{esc(p.families[1])}</span>",
        ])
    cols = [("Claim", ""), ("Claim", ""), ("Apart" if conflict else "Figures", "nowrap"), ("Stances", ""),
            ("Independent", "")]
    return table(cols, rows, caption="Pairs whose figures are disjoint" if conflict else "Pairs whose figures overlap")


def _bars(page: TopicPage) -> list[Bar]:
    out = []
    for r in page.rows:
        if not r.charted:
            continue
        f = r.claim.figure
        who = r.claimant.name or r.claimant.id
        detail = (f"#{r.number} {who} ({r.claimant.stance or 'unknown stance'}): \u201c{f.text}\u201d = "
                  f"{interval(f)}" + (f", best {value(f.best, f.kind)}" if f.best is not None else ""))
        out.append(Bar(f"#{r.number} {who}", r.claimant.stance, f.low, f.high, f.best, detail))
    return out


def _chart(site: Site, page: TopicPage, fills) -> str:
    rep = page.report
    bars = _bars(page)
    if not bars:
        return ""
    order = list(site.stances)
    present = {b.stance for b in bars}
    legend = [(s, s) for s in order if s in present] + ([(None, "unknown stance")] if None in present else [])
    kind = rep.kind
    marker = None
    best_words = ""
    if rep.best is not None and rep.best.value is not None:
        marker = Marker(rep.best.value, f"best estimate {value(rep.best.value, kind)} ({rep.best.rule})")
        best_words = (f" The dashed line is the best estimate, {value(rep.best.value, kind)}, "
                      f"by the {rep.best.rule} rule.")
    title = f"Figures on {rep.title or rep.topic}"
    desc = (f"{plural(len(bars), 'claim')}, one bar each from its low to its high figure, coloured and patterned by "
            f"the claimant's stance ({', '.join(s for s, _ in legend if s)}); a diamond marks a claim's best figure, "
            f"an arrow a figure open above.{best_words} The table of claims below gives the same figures.")
    svg = range_chart(bars, kind=kind, fills=fills, legend=legend, marker=marker, title=title, desc=desc,
                      unit=rep.unit)
    note = ""
    if len(bars) < len(page.rows):
        note = (f" {plural(len(page.rows) - len(bars), 'claim')} with a figure of another kind "
                "(not on this scale) are in the table only.")
    return (f'<figure>{svg}<figcaption>Each bar runs from a claim\u2019s lowest to its highest figure; '
            f"an arrow at the right end means no upper bound. The numbers are in the table of claims.{note}"
            "</figcaption></figure>")


def _summary(page: TopicPage) -> str:
    rep = page.report
    kind = rep.kind
    out = []
    if rep.conflict:
        top = page.conflicts[0] if page.conflicts else None
        between = ""
        if top is not None:
            between = (f": {esc(top.a.claimant.name or top.a.claimant.id)} against "
                       f"{esc(top.b.claimant.name or top.b.claimant.id)} ({esc(top.pair.stances)})")
        out.append(f'<p class="lede"><span class="badge conflict">CONFLICT</span> The figures of independent claimants '
                   f"disagree; the most severe pair is {esc(severity_text(rep))}{between}.</p>")
    elif rep.agreeing_pairs:
        out.append('<p class="lede"><span class="badge agree">AGREE</span> The figures of independent claimants '
                   "overlap; none conflict.</p>")
    elif page.claimants <= 1:
        out.append('<p class="lede">Only one claimant gives a figure on this topic: nothing to compare it with.</p>')
    elif rep.cumulative:
        out.append('<p class="lede">No conflict: on this cumulative topic, the later and larger figures are '
                   "consistent with the earlier ones.</p>")
    else:
        out.append('<p class="lede">No two independent claimants give comparable figures on this topic.</p>')
    facts = []
    if rep.claims:
        unit = f" {rep.unit}" if rep.unit and kind != "date" else ""
        facts.append(("Range", esc(f"{span(rep.low, rep.high, kind)}{unit}")))
    facts.append(("Pairs of independent claimants",
                  esc(f"{rep.conflicting_pairs:,} in conflict, {rep.agreeing_pairs:,} in agreement")))
    if rep.best is not None:
        b = rep.best
        facts.append(("Best estimate",
                      f"<strong>{esc(value(b.value, kind))}</strong> by the {esc(b.rule)} rule, drawn from "
                      f"{esc(b.pool)}: " + ", ".join(f'<span class="id">{esc(c)}</span>' for c in b.claims)))
        if b.passed_over:
            lower = "; ".join(f"{value(x, kind)} from {cid} ({g}-graded claimant)" for cid, x, g in b.passed_over[:5])
            more = len(b.passed_over) - 5
            facts.append(("Not in the estimate's pool",
                          f'<span class="warn">lower figure(s) {esc(lower)}{esc(f"; {more} more" if more > 0 else "")}'
                          f": the {esc(b.rule)} estimate rests on {esc(b.pool)} only</span>"))
    if rep.cumulative:
        facts.append(("Cumulative", "yes: a later, larger figure is consistent with an earlier one, not a conflict"))
    if page.notes:
        facts.append(("Notes", f'<span class="pre">{esc_block(page.notes)}</span>'))
    out.append('<dl class="facts">' + "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in facts) + "</dl>")
    return "\n".join(out)


def _claims_table(site: Site, page: TopicPage, fills, here: str) -> str:
    filtered = bool(site.filters)
    cols = [("#", "num"), ("Claimant", ""), ("Stance", ""), ("Reliability", ""), ("Figure as written", ""),
            ("Interval", "nowrap"), ("As of", "nowrap"), ("Evidence", ""), ("Status", "")]
    if filtered:
        cols.append(("Filters", ""))
    rows = []
    for r in page.rows:
        c = r.claim
        fig = esc(c.figure_text or "")
        if r.best_basis:
            fig += ' <span class="badge">best-estimate basis</span>'
        if not r.charted:
            fig += ' <span class="small muted">(another kind: not charted)</span>'
        row = [page_link(here, here, f"#{r.number}", r.anchor), source_link(here, r.claimant),
               stance_chip(r.claimant.stance, fills), esc(r.claimant.reliability or ""), fig,
               esc(interval(c.figure)), esc(c.date or ""), esc(r.evidence or "none"), esc(c.status)]
        if filtered:
            row.append("passes" if r.selected else '<span class="muted">does not pass</span>')
        rows.append(row)
    return table(cols, rows, caption="Compared claims, lowest figure first")


def _entry(here: str, r: ClaimRow) -> str:
    c = r.claim
    head = f"#{r.number} " if r.number else ""
    facts = [("Claim", f'<span class="id">{esc(c.id)}</span>'),
             ("Claimant", source_link(here, r.claimant)
              + f' <span class="small muted">({esc(r.claimant.stance or "unknown stance")}, '
              f'reliability {esc(r.claimant.reliability or "?")})</span>'),
             ("Figure", esc(f"{c.figure_text or 'none'} {interval(c.figure)}".strip())),
             ("Status", esc(f"declared {c.status}; computed evidence {r.evidence or 'none'}"))]
    if c.as_of:
        facts.append(("As of", esc(c.as_of)))
    if c.about:
        facts.append(("About", esc(c.about)))
    if c.supersedes:
        facts.append(("Revises", f'<span class="id">{esc(c.supersedes)}</span>'))
    if r.superseded_by:
        facts.append(("Revised by", ", ".join(f'<span class="id">{esc(s)}</span>' for s in r.superseded_by)))
    if c.tags:
        facts.append(("Tags", esc(", ".join(c.tags))))
    if c.notes:
        facts.append(("Notes", f'<span class="pre">{esc_block(c.notes)}</span>'))
    facts.append(("Record", f'<span class="id">{esc(c.rel)}</span>'))
    apps = []
    for a in r.appearances:
        bits = [f"carried by {source_link(here, a.outlet)}"]
        if a.date:
            bits.append(f"on {esc(a.date)}")
        line = " ".join(bits)
        if a.url:
            line += f" \u2014 {web_link(a.url)}"
        elif a.raw_url:
            line += f' \u2014 <span class="muted">address not shown as a link: {esc(a.raw_url)}</span>'
        if a.quote:
            line += f'<blockquote class="pre">{esc_block(a.quote)}</blockquote>'
        apps.append(f"<li>{line}</li>")
    where = (f'<ul class="appearances">{"".join(apps)}</ul>' if apps
             else '<p class="muted">No outlet recorded: the claimant\u2019s own words.</p>')
    return (f'<article class="claim" id="{esc(r.anchor)}"><h3>{esc(head)}{esc(r.claimant.name or r.claimant.id)}: '
            f'{esc(c.figure_text or "no figure")}</h3>'
            f'<blockquote class="pre">{esc_block(c.statement)}</blockquote>'
            f'<dl class="facts">{"".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in facts)}</dl>'
            f"<h4 class=\"small\">Appearances</h4>{where}</article>")


def topic_page(site: Site, page: TopicPage) -> str:
    here = page.file
    rep = page.report
    fills = fills_of(site)
    shown = {r.claim.id for r in (*page.rows, *page.revisions, *page.others, *page.set_aside)}
    parts = [f"<h1>{esc(rep.title or rep.topic)}</h1>",
             f'<p class="muted">Topic <span class="id">{esc(rep.topic)}</span></p>',
             _summary(page)]
    chart = _chart(site, page, fills)
    if chart:
        parts += ['<h2 id="chart">Figures on one scale</h2>', chart]
    parts.append('<h2 id="claims">Claims</h2>')
    if page.rows:
        parts.append(_claims_table(site, page, fills, here))
    if page.hidden:
        parts.append(f'<p class="muted">{plural(page.hidden, "more compared claim")} on this topic not listed '
                     f"(the page keeps those of the pairs listed, the best estimate\u2019s and the extremes): "
                     f"<code>claimcheck claims --topic {esc(_quote(rep.topic))}</code> lists every one.</p>")
    parts.append('<h2 id="pairs">Pairs in conflict and in agreement</h2>')
    parts.append("<p>Only claimants of different <code>part_of</code> families are paired: a claim repeated within a "
                 "family is not evidence.</p>")
    for conflict, pairs, total in ((True, page.conflicts, rep.conflicting_pairs),
                                   (False, page.agreements, rep.agreeing_pairs)):
        parts.append(f"<h3>{'In conflict' if conflict else 'In agreement'}</h3>")
        if pairs:
            parts.append(_pairs_table(here, pairs, shown, conflict))
            if total > len(pairs):
                parts.append(f'<p class="muted">{plural(total, "pair")} in all; the first {len(pairs)} are listed '
                             "(<code>claimcheck conflicts --format json</code> gives more).</p>")
        else:
            parts.append(f"<p>No pair {'conflicts' if conflict else 'agrees'}.</p>")
    if page.revisions:
        parts.append('<h2 id="revisions">Revisions</h2>')
        parts.append("<p>A revised claim is not compared; the claim that revises it is.</p>")
        rows = [[page_link(here, here, r.claim.id, r.anchor), source_link(here, r.claimant),
                 esc(r.claim.figure_text or ""), esc(interval(r.claim.figure)), esc(r.claim.date or ""),
                 ", ".join(f'<span class="id">{esc(s)}</span>' for s in r.superseded_by)]
                for r in page.revisions]
        parts.append(table([("Revised claim", ""), ("Claimant", ""), ("Figure", ""), ("Interval", "nowrap"),
                            ("As of", "nowrap"), ("Revised by", "")], rows, caption="Claims revised by later ones"))
        if page.more_revisions:
            parts.append(f'<p class="muted">{plural(page.more_revisions, "more revised claim")} not listed.</p>')
    if page.others:
        parts.append('<h2 id="no-figure">Claims without a figure</h2>')
        rows = [[page_link(here, here, r.claim.id, r.anchor), source_link(here, r.claimant), esc(r.claim.status)]
                for r in page.others]
        parts.append(table([("Claim", ""), ("Claimant", ""), ("Status", "")], rows,
                           caption="Qualitative claims (not compared)"))
        if page.more_others:
            parts.append(f'<p class="muted">{plural(page.more_others, "more claim")} without a figure not listed.</p>')
    if page.set_aside:
        parts.append('<h2 id="set-aside">Claims not compared</h2>')
        parts.append("<p>A claim declared refuted or retracted is evidence for or against nothing; a figure the "
                     "grammar does not read is compared with nothing.</p>")
        rows = [[page_link(here, here, r.claim.id, r.anchor), source_link(here, r.claimant),
                 esc(r.claim.figure_text or ""), esc(r.claim.status),
                 esc(f"figure not understood: {r.claim.figure_error}" if r.claim.figure_error
                     else f"declared {r.claim.status}")]
                for r in page.set_aside]
        parts.append(table([("Claim", ""), ("Claimant", ""), ("Figure", ""), ("Status", ""), ("Why", "")], rows,
                           caption="Claims set aside"))
        if page.more_set_aside:
            parts.append(f'<p class="muted">{plural(page.more_set_aside, "more claim")} set aside not listed.</p>')
    parts.append('<h2 id="in-full">Claims in full</h2>')
    parts.append("<p>Each claim\u2019s statement, its record and every outlet that carried it, with the quote and the "
                 "address given.</p>")
    for r in (*page.rows, *page.revisions, *page.others, *page.set_aside):
        parts.append(_entry(here, r))
    return "\n".join(parts)


def _quote(text: str) -> str:
    """A shell-quoted argument, for the commands the page suggests."""
    return "'" + text.replace("'", "'\\''") + "'"
