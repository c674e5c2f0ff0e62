"""The diagnostics page: what ``claimcheck validate`` prints (each problem
at its file, line and column, and the summary), and what each code means."""

from __future__ import annotations

from ...report import Site
from .escape import esc
from .format import plural
from .index import diagnostics_summary
from .tables import table


def diagnostics_page(site: Site) -> str:
    d = site.diagnostics
    parts = ["<h1>Diagnostics</h1>",
             f'<p class="lede">{esc(diagnostics_summary(site))}</p>',
             "<p>What <code>claimcheck validate</code> prints: each problem at its place in the claim base "
             "(<code>path:line:column</code>). Errors fail <code>validate</code>; warnings fail it under "
             "<code>--strict</code> only.</p>"]
    if d.shown:
        badge = {"error": "badge conflict"}
        rows = [[f'<span class="id nowrap">{esc(f"{x.path}:{x.line}:{x.column}")}</span>',
                 f'<span class="{badge.get(x.severity, "badge warn")}">{esc(x.severity)}</span>',
                 f'<a href="#{esc(x.code)}" class="id">{esc(x.code)}</a>', esc(x.message)] for x in d.shown]
        parts.append(table([("Where", ""), ("Severity", ""), ("Code", ""), ("Message", "")], rows,
                           caption="Problems, by file and position"))
        if d.total > len(d.shown):
            parts.append(f'<p class="muted">{plural(d.total - len(d.shown), "more diagnostic")} not listed: '
                         "<code>claimcheck validate</code> prints every one.</p>")
        parts.append('<h2 id="codes">The codes above</h2>')
        parts.append('<dl class="facts">' + "".join(
            f'<dt id="{esc(c.code)}"><span class="id">{esc(c.code)}</span> {esc(c.title)}</dt>'
            f"<dd>{esc(c.severity)}: {esc(c.meaning)}</dd>" for c in d.codes) + "</dl>")
    return "\n".join(parts)
