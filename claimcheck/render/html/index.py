"""The report's front page: the topics ranked as ``conflicts`` ranks them,
the sources with a page, the state of the base, and a search box that
filters both tables offline (the page reads whole without its script)."""

from __future__ import annotations

from ...report import Site
from .common import fills_of, severity_text, stance_chip
from .escape import esc
from .format import plural, span, value
from .tables import table


def _search_text(*parts: object) -> str:
    return esc(" ".join(str(p) for p in parts if p).lower())


def topic_rows(site: Site, fills) -> tuple[list[list[str]], list[str]]:
    rows, attrs = [], []
    for n, t in enumerate(site.topics, 1):
        rep = t.report
        kind = rep.kind
        name = rep.title or rep.topic
        if rep.conflict:
            status = f'<span class="badge conflict">CONFLICT</span> {esc(severity_text(rep))}'
        elif rep.agreeing_pairs:
            status = '<span class="badge agree">AGREE</span>'
        else:
            status = f'<span class="muted">{"one claimant" if t.claimants <= 1 else "no conflict"}</span>'
        rng = span(rep.low, rep.high, kind) if rep.claims else ""
        unit = f" {rep.unit}" if rep.unit and kind != "date" and rep.claims else ""
        best = value(rep.best.value, kind) if rep.best else ""
        stances = " ".join(stance_chip(s, fills) for s in t.stances)
        rows.append([
            str(n),
            f'<a href="{esc(t.file)}">{esc(name)}</a><br><span class="id small muted">{esc(rep.topic)}</span>',
            status,
            esc(rng + unit),
            f'<span class="nowrap">{esc(best)}</span>',
            f"{len(rep.claims):,}" + (f' <span class="small muted">+{len(rep.revisions)} revised</span>'
                                      if rep.revisions else ""),
            f"{t.claimants:,}",
            stances,
        ])
        attrs.append(f'data-search="{_search_text(rep.topic, rep.title, rep.unit, *t.stances)}"')
    return rows, attrs


def index_page(site: Site) -> str:
    fills = fills_of(site)
    parts = [f"<h1>Disputed figures: {esc(site.title)}</h1>"]
    shown = len(site.topics)
    held = f"The claim base holds {plural(site.claims_total, 'claim')}"
    if site.filters:
        held += f"; {site.claims_selected:,} pass the filters, and only topics holding one of those are counted"
    verb = "has" if site.topics_total == 1 else "have"
    if site.include_all:
        topics = f"{plural(site.topics_total, 'topic')} {verb} figures, {site.topics_conflicting:,} in conflict"
    else:
        topics = f"{plural(site.topics_total, 'topic')} {verb} figures in conflict"
    order = "most severe conflict first, as <code>claimcheck conflicts</code> ranks them"
    listed = (f"This report shows the first {shown:,}, {order}" if site.topics_total > shown
              else f"Topics are ranked {order}" if shown else "")
    lede = f"{held}. {topics}. {listed}".rstrip(". ")
    parts.append(f'<p class="lede">{lede}.</p>')
    d = site.diagnostics
    if d.errors:
        parts.append(f'<p class="note"><strong>The claim base has {plural(d.errors, "error")}</strong> '
                     '(see the <a href="diagnostics.html">diagnostics</a>): fix them before relying on these '
                     "pages.</p>")
    made = [f"<dt>{esc(opt)}</dt><dd><code>{esc(val)}</code></dd>" for opt, val in (*site.filters, *site.options)]
    parts.append('<details><summary>How this report was made</summary>'
                 f'<dl class="facts">{"".join(made)}</dl></details>')
    parts.append('<div id="search" role="search" hidden><label for="search-input">Search topics and sources</label>'
                 '<input id="search-input" type="search" autocomplete="off" spellcheck="false">'
                 ' <span id="search-status" class="small muted" aria-live="polite"></span></div>')
    parts.append('<h2 id="topics">Topics</h2>')
    if site.topics:
        rows, attrs = topic_rows(site, fills)
        parts.append(table([("#", "num"), ("Topic", ""), ("Conflict", ""), ("Range", ""), ("Best estimate", ""),
                            ("Claims", "num"), ("Claimants", "num"), ("Stances", "")], rows,
                           caption="Topics ranked by their most severe conflict (ratio of the figures, or days "
                                   f"apart); best estimates by the {site.best_rule} rule",
                           row_attrs=attrs))
    else:
        hint = "" if site.include_all else " (<code>--all</code> gives a page to topics whose figures agree)"
        parts.append(f"<p>No topic matches: no figures conflict"
                     f"{' among the claims the filters select' if site.filters else ''}{hint}.</p>")
    if site.topics_total > shown:
        parts.append(f'<p class="muted">{plural(site.topics_total - shown, "more topic")} not shown: '
                     "<code>claimcheck report --limit 0</code> gives each a page.</p>")
    parts.append('<h2 id="sources">Sources</h2>')
    parts.append("<p>Each source named on a topic page, as claimant or as outlet, in the order of "
                 "<code>sources.yaml</code>.</p>")
    srows, sattrs = [], []
    for sp in site.sources:
        s, r = sp.source, sp.record
        dev = sp.deviation
        infl = f"\u00d7{dev.inflation:.3g}" if dev is not None and dev.inflation is not None else ""
        grade = esc(s.reliability) + (f' <span class="small muted">(record suggests {esc(r.suggestion)})</span>'
                                      if r.suggestion and r.suggestion != s.reliability else "")
        srows.append([f'<a href="{esc(sp.file)}">{esc(s.name)}</a> <span class="id small muted">{esc(s.id)}</span>',
                      esc(s.kind or ""), stance_chip(s.stance, fills), grade, f"{r.claims:,}", f"{r.carried:,}",
                      esc(infl)])
        sattrs.append(f'data-search="{_search_text(s.id, s.name, s.kind, s.stance, *s.aliases)}"')
    if srows:
        parts.append(table([("Source", ""), ("Kind", ""), ("Stance", ""), ("Reliability", ""), ("Claims", "num"),
                            ("Carried", "num"), ("Inflation", "num")], srows,
                           caption="Sources: claims made, claims carried as an outlet, inflation factor",
                           row_attrs=sattrs))
    parts.append('<h2 id="diagnostics">Diagnostics</h2>')
    parts.append(f"<p>{esc(diagnostics_summary(site))} <a href=\"diagnostics.html\">The diagnostics page</a> "
                 "lists what <code>claimcheck validate</code> prints.</p>")
    return "\n".join(parts)


def diagnostics_summary(site: Site) -> str:
    d = site.diagnostics
    counts = f"{plural(d.files, 'file')}, {plural(d.claims, 'claim')}, {plural(d.sources, 'source')}"
    if not d.total:
        return f"All checks passed: {counts}."
    found = " and ".join(p for p in (plural(d.errors, "error") if d.errors else "",
                                     plural(d.warnings, "warning") if d.warnings else "") if p)
    return f"Found {found} in {plural(d.files_hit, 'file')} ({counts})."

