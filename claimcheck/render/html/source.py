"""A source's page: who it is, its track record as claimant, its inflation
factors by what its figures are about (chart and table, with the counts they
rest on), what it carries as an outlet (stance mix), and its claims."""

from __future__ import annotations

from ...bias import ABOUT_CLASSES, Measure
from ...report import Site, SourcePage
from .chart import FactorRow, factor_chart
from .common import fills_of, source_link, stance_chip
from .escape import esc, esc_block, page_link, web_link
from .format import factor, plural, share
from .tables import table

ABOUT_WORDS = {"own": "about its own side", "opposing": "about an opposing side", "unspecified": "about no side given"}


def _note(m: Measure, min_comparisons: int) -> str:
    """A chart row's numbers, short (the table gives them all)."""
    if m.inflation is None:
        return f"no factor: {m.comparisons} of {min_comparisons} comparisons"
    return f"from {plural(m.comparisons, 'comparison')}"


def _factor_rows(page: SourcePage, site: Site) -> list[tuple[str, Measure]]:
    d = page.deviation
    return [("all its figures", d.overall)] + [(ABOUT_WORDS[k], d.by_about[k]) for k in ABOUT_CLASSES]


def _bias(page: SourcePage, site: Site) -> str:
    d = page.deviation
    n = site.min_comparisons
    intro = ("<p>Each judged figure of this claimant is divided by the reference: the median best figure that "
             "independent claimants of another stance (neutral ones where any) give on the same topic. The "
             f"inflation factor is the geometric mean of those ratios, given from {n} comparisons on; \u00d71 means "
             "its figures run level with the reference.</p>")
    if d is None:
        return intro + "<p>No judged figure: this source makes no claim with a positive best figure.</p>"
    rows = _factor_rows(page, site)
    frs = [FactorRow(label, m.inflation, m.low, m.high, _note(m, n)) for label, m in rows]
    shown = [f"{label} {factor(m.inflation)}" for label, m in rows if m.inflation is not None]
    desc = ("Inflation factor of " + (page.source.name or page.source.id) + " on a log scale around 1 (the reference): "
            + ("; ".join(shown) if shown else "no factor: too few comparisons")
            + ". The table below gives the same numbers with their counts.")
    if any(m.inflation is not None for _, m in rows):
        svg = factor_chart(frs, title=f"Inflation factors of {page.source.name}", desc=desc)
        chart = (f"<figure>{svg}<figcaption>Bars run from \u00d71 to the factor; the whisker spans the single "
                 "ratios. The numbers are in the table below.</figcaption></figure>")
    else:
        chart = (f"<p>No inflation factor: fewer than {n} of its figures could be compared with a reference "
                 "(the table gives the counts).</p>")
    trows = [[esc(label), f"{m.comparisons:,}", f"{m.figures:,}", esc(factor(m.inflation) or "too few"),
              esc(f"{m.gsd:.3g}" if m.gsd is not None else ""),
              esc(f"{m.low:.3g} to {m.high:.3g}" if m.low is not None and m.high is not None else "")]
             for label, m in rows]
    tab = table([("Figures", ""), ("Comparisons", "num"), ("Judged figures", "num"), ("Inflation", "num"),
                 ("Spread (geometric SD)", "num"), ("Single ratios", "nowrap")], trows,
                caption="Inflation factor by what the figures are about")
    return intro + chart + tab


def _record(page: SourcePage) -> str:
    r = page.record
    rows = [[esc(k), f"{v:,}", esc(share(v, r.claims))] for k, v in r.status.items()]
    out = table([("Declared status", ""), ("Claims", "num"), ("Share", "num")], rows,
                caption=f"Its {plural(r.claims, 'claim')} as claimant, by declared status", cls="narrow")
    if r.evidence is not None:
        erows = [[esc(k), f"{v:,}", esc(share(v, r.claims))] for k, v in r.evidence.items()]
        out += table([("Computed evidence", ""), ("Claims", "num"), ("Share", "num")], erows,
                     caption="By computed evidence (independent claims that agree or conflict)", cls="narrow")
    return out


def _outlet(page: SourcePage, fills, here: str) -> str:
    r = page.record
    if not r.carried:
        return "<p>It carried no claim as an outlet.</p>"
    out = [f"<p>It carried {plural(r.carried, 'claim')} as an outlet, {r.own_voice:,} of them its own.</p>"]
    rows = [[stance_chip(st, fills), f"{n:,}", esc(share(n, r.carried))] for st, n in page.stance_mix]
    out.append(table([("Claimant\u2019s stance", ""), ("Claims carried", "num"), ("Share", "num")], rows,
                     caption="Stance mix: the stances of the claimants whose claims it carried", cls="narrow"))
    if page.carries:
        rows = [[source_link(here, ref), stance_chip(ref.stance, fills), f"{n:,}"] for ref, n in page.carries]
        out.append(table([("Claimant", ""), ("Stance", ""), ("Claims carried", "num")], rows,
                         caption="Claimants it carried, most first"))
        if page.carries_total > len(page.carries):
            out.append(f'<p class="muted">{plural(page.carries_total - len(page.carries), "more claimant")} '
                       "not listed.</p>")
    return "\n".join(out)


def _claims(page: SourcePage, here: str) -> str:
    if not page.claims:
        return "<p>It makes no claim as claimant.</p>"
    rows = []
    for sc in page.claims:
        d = sc.deviation
        c = d.claim
        if sc.topic_page:
            topic = page_link(here, sc.topic_page, c.topic)
            cid = (page_link(here, sc.topic_page, c.id, sc.anchor) if sc.anchor
                   else f'<span class="id">{esc(c.id)}</span>')
        else:
            topic = f'<span class="id">{esc(c.topic)}</span>'
            cid = f'<span class="id">{esc(c.id)}</span>'
        comp = d.comparison
        dev = (f"{comp.ratio:.3g} (reference {comp.reference:,.4g} from {comp.references:,})" if comp is not None
               else f'<span class="muted">{esc(d.reason or "")}</span>')
        rows.append([cid, topic, esc(c.figure_text or ""), esc(c.status), esc(sc.evidence or "none"),
                     esc(d.about_class), dev])
    out = table([("Claim", ""), ("Topic", ""), ("Figure", ""), ("Status", ""), ("Evidence", ""), ("About", ""),
                 ("Ratio to the reference", "")], rows,
                caption="Its claims, those on this report\u2019s topics first")
    if page.claims_total > len(page.claims):
        out += (f'<p class="muted">{plural(page.claims_total - len(page.claims), "more claim")} not listed: '
                f"<code>claimcheck source {esc(page.source.id)}</code> lists every one.</p>")
    return out


def source_page(site: Site, page: SourcePage) -> str:
    here = page.file
    s = page.source
    fills = fills_of(site)
    r = page.record
    facts = [("Id", f'<span class="id">{esc(s.id)}</span>'), ("Kind", esc(s.kind or "not given")),
             ("Stance", stance_chip(s.stance, fills)),
             ("Reliability", f"{esc(s.reliability)} {'declared' if s.declared_reliability else '(not declared)'}; "
                             + (f"its record suggests {esc(r.suggestion)}" if r.suggestion
                                else "its record is too thin to suggest a grade")
                             + (' <span class="badge warn">two or more grades apart</span>' if r.flagged else ""))]
    if page.chain:
        facts.append(("Part of", " \u2192 ".join(source_link(here, ref) for ref in page.chain)))
    if s.url:
        facts.append(("Address", web_link(s.url)))
    if s.aliases:
        facts.append(("Also known as", esc(", ".join(s.aliases))))
    if s.notes:
        facts.append(("Notes", f'<span class="pre">{esc_block(s.notes)}</span>'))
    if page.topics:
        facts.append(("On this report\u2019s topics",
                      ", ".join(page_link(here, f, t) for t, f in page.topics)))
    if page.carried_by:
        facts.append(("Carried by", ", ".join(f"{source_link(here, ref)} ({n:,})" for ref, n in page.carried_by)))
    parts = [f"<h1>{esc(s.name)}</h1>",
             f'<dl class="facts">{"".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in facts)}</dl>',
             '<h2 id="record">Track record</h2>', _record(page),
             '<h2 id="bias">Bias: inflation factor</h2>', _bias(page, site),
             '<h2 id="outlet">As an outlet</h2>', _outlet(page, fills, here),
             '<h2 id="claims">Claims</h2>', _claims(page, here)]
    return "\n".join(parts)
