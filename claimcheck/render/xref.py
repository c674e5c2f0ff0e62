"""Terminal views of the cross-referencing commands: the ``claims`` table, the
``show`` page and the ``conflicts`` report. Results come from
:mod:`claimcheck.xref` and :mod:`claimcheck.query`; every untrusted string
reaches rich through :func:`claimcheck.render.terminal.cell`. Imports rich.
"""

from __future__ import annotations

from datetime import date

from rich import box
from rich.console import Group
from rich.table import Table
from rich.text import Text

from ..figures import DATE_OPEN_LOW, format_interval
from ..model import Base, Claim
from ..xref.conflicts import PAIRS_SHOWN, highlights
from ..xref.verdicts import rating_text as verdict_rating_text
from .chart import interval_chart
from .terminal import HYPHEN, RANGE, cell, fit_columns, stance_styles

EVIDENCE_STYLE = {"corroborated": "green", "contested": "red", "mixed": "yellow", "single-source": "dim"}
RELATION_STYLE = {"agree": "green", "conflict": "red", "consistent": "cyan"}
def interval(c: Claim) -> str:
    if c.figure is not None:
        return format_interval(c.figure)
    return "not understood" if c.figure_error is not None else ""


def value_text(x: float | None, kind: str | None) -> str:
    if x is None:
        return "open"
    if kind == "date":
        return "open" if x <= DATE_OPEN_LOW else date.fromordinal(int(x)).isoformat()
    if float(x).is_integer():
        return f"{int(x):,}"
    return f"{x:,.2f}".rstrip("0").rstrip(".")


def _ev(ev) -> str:
    return ev.status if ev is not None and ev.status else "-"


#: The claims table shows each claim's topic and statement where that column
#: can be this wide, the ids narrowed to ID_WIDTH (wrapped at hyphens) for it.
STATEMENT_WIDTH = 40
ID_WIDTH = 40


def claims_table(base: Base, claims: list[Claim], evidence: dict, width: int = 100) -> Table:
    """Each row gives the id over its claimant ("by ..."), the figure as
    written, its interval, and the declared status over the computed
    evidence under it; where ``width`` leaves room, the topic over the
    statement, in a column that takes the rest of the width. Ids wrap at their
    hyphens, never cut."""
    rows = []
    for c in claims:
        ev = evidence.get(c.id)
        who = cell(c.id)
        who.append("\n")
        who.append_text(cell(f"by {c.claimant}", "dim"))
        st = cell(c.status)
        st.append("\n")
        st.append_text(cell(_ev(ev), EVIDENCE_STYLE.get(_ev(ev))))
        what = cell(c.topic, "dim")
        what.append("\n")
        what.append_text(cell(c.statement))
        rows.append((who, cell(c.figure_text or ""), cell(interval(c)), st, what))
    t = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
    t.add_column("claim / claimant", overflow="fold")
    t.add_column("figure", overflow="fold")
    t.add_column("interval", overflow="fold")
    t.add_column("status", no_wrap=True)
    natural = [max(len(line) for r in rows for line in r[i].plain.split("\n")) for i in range(4)]
    # the other columns at their natural width (ids at most ID_WIDTH), the gaps, and the statement's least width
    wide = sum(natural[1:]) + min(natural[0], ID_WIDTH) + 2 * 4 + STATEMENT_WIDTH
    with_statement = width >= wide
    if with_statement:
        t.add_column("topic / statement", overflow="fold")
    for r in rows:
        t.add_row(*(r if with_statement else r[:4]))
    fit_columns(t, width, soft={2: RANGE}, breaks={0: HYPHEN, 4: HYPHEN}, fill=4 if with_statement else None,
                caps={0: ID_WIDTH} if with_statement else None)
    return t


def _source_line(base: Base, sid: str) -> Text:
    s = base.sources.get(sid)
    line = cell(sid, "bold")
    if s is not None:
        line.append_text(cell(f" ({s.name}; {s.kind or 'source'}, stance {s.stance}, reliability {s.reliability})"))
        chain = base.chain(sid)
        if len(chain) > 1:
            line.append_text(cell(f", part of {' -> '.join(chain[1:])}"))
    else:
        line.append_text(cell(" (unknown source)"))
    return line


def rating_text(r) -> str:
    """A review's rating as published, its text in typographic quotes."""
    return verdict_rating_text(r, lambda name: f"\u201c{name}\u201d")


def _reviews(base: Base, claim: Claim, dispute) -> list:
    out: list = [Text(""), Text("Reviews", style="bold underline")]
    for r in claim.reviews:
        line = Text("  ")
        line.append_text(_source_line(base, r.reviewer))
        if r.date:
            line.append_text(cell(f", {r.date}"))
        out.append(line)
        verdict = Text("       ")
        verdict.append_text(cell(rating_text(r), "bold"))
        verdict.append_text(cell(f"  ->  {r.verdict}", VERDICT_STYLE.get(r.verdict)))
        out.append(verdict)
        for text, style in ((r.title, None), (r.summary, "italic"), (r.url, None)):
            if text:
                t = Text("       ")
                t.append_text(cell(text, style))
                out.append(t)
    if dispute is not None:
        refuting = ", ".join(dict.fromkeys(r.reviewer for r in dispute.refuting))
        corroborating = ", ".join(dict.fromkeys(r.reviewer for r in dispute.corroborating))
        out.append(cell(f"  reviewers disagree: {refuting} (refuted) against {corroborating} (corroborated)", "red"))
    return out


VERDICT_STYLE = {"corroborated": "green", "contested": "yellow", "refuted": "red", "retracted": "red"}


def show_view(base: Base, claim: Claim, ev, rels, before, after, why: list[str], width: int = 100,
              dispute=None) -> Group:
    """The whole record of one claim, its attribution chain, its reviews (each
    rating as published; ``dispute``: the reviewers who contradict each
    other), evidence and neighbours."""
    out: list = []
    head = cell(claim.id, "bold")
    head.append("  ")
    head.append_text(cell(f"{claim.rel}"))
    out.append(head)
    out.append(cell(claim.statement))
    out.append(Text(""))
    rec = Table.grid(padding=(0, 2))
    rec.add_column(style="bold", no_wrap=True)
    rec.add_column(overflow="fold")
    t = base.topics.get(claim.topic)
    topic = cell(claim.topic)
    if t is not None and t.title:
        topic.append_text(cell(f" ({t.title}{'; cumulative' if t.cumulative else ''})"))
    rec.add_row("topic", topic)
    rec.add_row("status", cell(claim.status))
    if claim.figure is not None:
        fig = cell(claim.figure_text or "")
        fig.append("  ->  ")
        fig.append_text(cell(interval(claim)))
        if claim.figure.best is not None:
            fig.append_text(cell(f", best {value_text(claim.figure.best, claim.figure.kind)}"))
        rec.add_row("figure", fig)
    elif claim.figure_error is not None:
        rec.add_row("figure", cell(f"not understood: {claim.figure_error}", "bold red"))
    else:
        rec.add_row("figure", cell("none (a qualitative claim)"))
    ignore = "; ".join(f"{code}: {reason}" for code, reason in claim.ignore.items())
    for label, value in (("as of", claim.as_of), ("about", claim.about), ("tags", ", ".join(claim.tags) or None),
                         ("notes", claim.notes), ("ignores", ignore)):
        if value:
            rec.add_row(label, cell(value))
    out.append(rec)
    out.append(Text(""))
    out.append(Text("Attribution", style="bold underline"))
    chain = Text("claimant  ")
    chain.append_text(_source_line(base, claim.claimant))
    out.append(chain)
    if not claim.reported_by:
        out.append(Text("  (no outlet recorded)"))
    for a in claim.reported_by:
        line = Text("  -> ")
        line.append_text(_source_line(base, a.outlet))
        if a.date:
            line.append_text(cell(f", {a.date}"))
        out.append(line)
        if a.quote:
            q = Text("       ")
            q.append_text(cell(f"\u201c{a.quote}\u201d", "italic"))
            out.append(q)
        if a.url:
            u = Text("       ")
            u.append_text(cell(a.url))
            out.append(u)
    if claim.reviews:
        out.extend(_reviews(base, claim, dispute))
    out.append(Text(""))
    out.append(Text("Evidence", style="bold underline"))
    status = Text("computed: ")
    status.append_text(cell(_ev(ev), EVIDENCE_STYLE.get(_ev(ev))))
    if ev is not None and ev.status:
        status.append_text(cell(f" ({ev.n_agree} agreeing, {ev.n_conflict} conflicting independent claim(s)"
                                f"{'; cross-stance agreement' if ev.cross_stance else ''})"))
    out.append(status)
    for line in why:
        out.append(cell(f"  {line}"))
    if before or after:
        out.append(Text(""))
        out.append(Text("Revisions", style="bold underline"))
        for c in before:
            out.append(cell(f"  earlier  {c.id}: {c.figure_text or '(no figure)'} {interval(c)} (as of {c.date or '?'})"))
        here = cell(f"  this     {claim.id}: {claim.figure_text or '(no figure)'} {interval(claim)}", "bold")
        out.append(here)
        for c in after:
            out.append(cell(f"  later    {c.id}: {c.figure_text or '(no figure)'} {interval(c)} (as of {c.date or '?'})"))
    out.append(Text(""))
    out.append(Text("Other claims on the topic", style="bold underline"))
    if not rels:
        out.append(Text("  none"))
    else:
        t2 = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
        t2.add_column("relation", overflow="fold")
        t2.add_column("claim", overflow="fold")
        t2.add_column("claimant", overflow="fold")
        t2.add_column("figure", overflow="fold")
        t2.add_column("interval", overflow="fold")
        t2.add_column("why", overflow="fold")
        for r in rels:
            rel = r.relation
            notes = []
            if rel in ("agree", "conflict", "consistent"):
                if not r.independent:
                    notes.append("same part_of family: repetition, not evidence")
                else:
                    notes.append(r.stances or "")
                if r.ratio is not None:
                    notes.append(f"{r.ratio:.2f}x apart" + (" (within the tolerance)" if rel == "agree" else ""))
                if r.gap_days is not None:
                    notes.append(f"{r.gap_days} days apart")
                if rel == "consistent":
                    notes.append("cumulative: later and larger")
            elif rel == "superseded":
                notes.append("revised by " + ", ".join(base.superseded_by.get(r.claim.id, ())))
            elif rel == "not-evidence":
                notes.append(f"declared {r.claim.status}: not evidence")
            elif rel == "incomparable":
                notes.append("figure of another kind")
            elif rel == "figure-not-understood":
                notes.append("figure not understood: not compared")
            t2.add_row(
                cell(rel, RELATION_STYLE.get(rel) if r.independent else "dim"),
                cell(r.claim.id),
                cell(r.claim.claimant),
                cell(r.claim.figure_text or ""),
                cell(interval(r.claim)),
                cell("; ".join(n for n in notes if n)),
            )
        fit_columns(t2, width, breaks={0: HYPHEN, 1: HYPHEN, 2: HYPHEN, 4: RANGE})  # ids wrap at hyphens, never cut
        out.append(t2)
    return Group(*out)


def disputes_view(disputes) -> list:
    """``conflicts --verdicts``: each claim whose reviewers contradict each
    other, with every review's rating as published and the verdict read from it."""
    out: list = [Text("Verdict disagreements: reviewers who rate one claim false and true", style="bold")]
    if not disputes:
        out.append(Text("  No claim's reviewers contradict each other."))
        return out
    for d in disputes:
        c = d.claim
        head = Text("  ")
        head.append_text(cell(c.id, "bold"))
        head.append_text(cell(f"  {c.topic}; declared {c.status}"))
        out.append(head)
        out.append(cell(f"    {c.statement}", "italic"))
        for r in c.reviews:
            line = Text("    ")
            line.append_text(cell(r.reviewer))
            line.append_text(cell(f": {rating_text(r)}"))
            line.append_text(cell(f"  ->  {r.verdict}", VERDICT_STYLE.get(r.verdict)))
            out.append(line)
    return out


def conflicts_view(base: Base, reports, width: int = 100, disputes=None) -> Group:
    """Per topic: a heading, the table of claims, the chart, the most severe
    pairs; then, where asked (``disputes`` not None), the verdict disagreements."""
    styles = stance_styles(base)
    out: list = []
    tail = [Text("")] + disputes_view(disputes) if disputes is not None else []
    if not reports:
        out.append(Text("No conflicting figures found (use --all to list topics whose figures agree)."))
        return Group(*out, *tail)
    for n, rep in enumerate(reports):
        if n:
            out.append(Text(""))
        head = cell(rep.topic, "bold")
        if rep.conflict:
            sev = _severity_text(rep)
            head.append_text(cell(f"  CONFLICT {sev}", "bold red"))
        else:
            head.append_text(cell("  figures agree" if rep.agreeing_pairs else "  no conflicting pair", "green"))
        out.append(head)
        if rep.title and rep.title != rep.topic:
            out.append(cell(rep.title + (" (cumulative)" if rep.cumulative else ""), "italic"))
        kind = rep.kind
        if rep.claims:
            summ = Text("range ")
            summ.append_text(cell(f"{value_text(rep.low, kind)} to {value_text(rep.high, kind)}"))
            if rep.unit:
                summ.append_text(cell(f" {rep.unit}"))
            if rep.best is not None:
                summ.append_text(cell(f"; best estimate ({rep.best.rule}: {rep.best.pool}) "
                                      f"{value_text(rep.best.value, kind)}, from {', '.join(rep.best.claims)}"))
            summ.append_text(cell(f"; {rep.conflicting_pairs} conflicting, {rep.agreeing_pairs} agreeing pair(s) "
                                  "of independent claimants"))
            out.append(summ)
            if rep.best is not None and rep.best.passed_over:
                lower = "; ".join(f"{value_text(x, kind)} from {cid} ({g}-graded claimant)"
                                  for cid, x, g in rep.best.passed_over[:3])
                more = len(rep.best.passed_over) - 3
                out.append(cell(f"  not in the pool: lower figure(s) {lower}" + (f"; {more} more" if more > 0 else "")
                                + f": the {rep.best.rule} estimate rests on {rep.best.pool} only", "yellow"))
        t = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False, padding=(0, 1, 0, 0))
        for name in ("#", "claimant", "stance", "rel", "figure", "interval", "as of", "outlets"):
            t.add_column(name, overflow="fold", no_wrap=name in ("#", "rel", "interval", "as of"))
        rows = []
        shown = highlights(rep)
        for i, c in enumerate(rep.claims, 1):
            if c.id not in shown:
                continue
            s = base.sources.get(c.claimant)
            stance = s.stance if s else ""
            style = styles.get(stance)
            t.add_row(str(i), cell(c.claimant, style), cell(stance, style), cell(s.reliability if s else ""),
                      cell(c.figure_text or ""), cell(interval(c)), cell(c.date or ""), cell(", ".join(c.outlets)))
            f = c.figure
            if f.kind == kind:  # the chart has one scale: the topic's main kind
                rows.append((cell(f"{i} {c.claimant}", style), None if f.open_low else f.low, f.high, f.best,
                             style or ""))
        revisions = rep.revisions[:PAIRS_SHOWN]
        for c in revisions:
            s = base.sources.get(c.claimant)
            t.add_row("-", cell(c.claimant, "dim"), cell(s.stance if s else "", "dim"),
                      cell(s.reliability if s else "", "dim"), cell(c.figure_text or "", "dim"),
                      cell(f"{interval(c)} revised", "dim"),
                      cell(c.date or "", "dim"), cell(", ".join(c.outlets), "dim"))
        set_aside = rep.not_evidence[:PAIRS_SHOWN]
        for c in set_aside:
            s = base.sources.get(c.claimant)
            t.add_row("-", cell(c.claimant, "dim"), cell(s.stance if s else "", "dim"),
                      cell(s.reliability if s else "", "dim"), cell(c.figure_text or "", "dim"),
                      cell(f"{interval(c)} {c.status}".strip(), "dim"),
                      cell(c.date or "", "dim"), cell(", ".join(c.outlets), "dim"))
        # ids and outlets wrap at spaces, else at hyphens, never cut; dates only where nothing else fits
        fit_columns(t, width, breaks={1: HYPHEN, 2: HYPHEN, 5: RANGE, 7: HYPHEN}, last={4: HYPHEN, 6: HYPHEN})
        out.append(t)
        if len(shown) < len(rep.claims):
            out.append(cell(f"  ... {len(rep.claims) - len(shown)} more claim(s) on this topic not shown: "
                            f"claimcheck claims --topic '{rep.topic}'", "dim"))
        number = {c.id: i for i, c in enumerate(rep.claims, 1)}
        for c in revisions:
            out.append(cell(f"  - {c.id} ({c.figure_text or 'no figure'}) was revised by "
                            f"{', '.join(base.superseded_by.get(c.id, ()))}; not compared", "dim"))
        if len(rep.revisions) > len(revisions):
            out.append(cell(f"  ... {len(rep.revisions) - len(revisions)} more revised claim(s) (see --format json)", "dim"))
        for c in set_aside:
            out.append(cell(f"  - {c.id} ({c.figure_text or 'no figure'}) is declared {c.status}: "
                            "not evidence for or against the others; not compared", "dim"))
        if len(rep.not_evidence) > len(set_aside):
            out.append(cell(f"  ... {len(rep.not_evidence) - len(set_aside)} more refuted or retracted claim(s) "
                            "(see --format json)", "dim"))
        if rows:
            fmt = (lambda x: value_text(x, "date")) if kind == "date" else None
            log = False if kind == "date" else None
            out.append(interval_chart(rows, log=log, marker=rep.best.value if rep.best else None, width=min(width, 100),
                                      fmt=fmt, marker_label=f"best ({rep.best.rule})" if rep.best else "best"))
        conflicts = [p for p in rep.pairs if p.relation == "conflict"][:PAIRS_SHOWN]
        for p in conflicts:
            size = f"{p.ratio:.2f}x" if p.ratio is not None and p.ratio != float("inf") else (
                f"{p.gap_days} days" if p.gap_days is not None else "from zero")
            out.append(cell(f"  conflict {size}: #{number[p.a]} {p.a} vs #{number[p.b]} {p.b} ({p.stances})", "red"))
        agrees = [p for p in rep.pairs if p.relation == "agree"][:PAIRS_SHOWN]
        for p in agrees:
            out.append(cell(f"  agree: #{number[p.a]} {p.a} and #{number[p.b]} {p.b} ({p.stances})", "green"))
        more = rep.conflicting_pairs + rep.agreeing_pairs - len(conflicts) - len(agrees)
        if more > 0:
            out.append(cell(f"  ... and {more} more pair(s) (see --format json)", "dim"))
        for c in rep.unread[:PAIRS_SHOWN]:
            out.append(cell(f"  not compared: {c.id}, figure not understood: {c.figure_error}", "yellow"))
        if len(rep.unread) > PAIRS_SHOWN:
            out.append(cell(f"  ... {len(rep.unread) - PAIRS_SHOWN} more claim(s) whose figure is not understood "
                            "(see --format json)", "yellow"))
        if rep.others:
            ids = ", ".join(c.id for c in rep.others[:10]) + (f" and {len(rep.others) - 10} more" if len(rep.others) > 10 else "")
            out.append(cell(f"  not compared (no figure): {ids}", "dim"))
    return Group(*out, *tail)


def unread_note(unread: list[Claim], reports) -> Group | None:
    """The claims whose figure is not understood, on topics the listing does
    not show (each shown topic lists its own): compared with nothing."""
    shown = {c.id for rep in reports for c in rep.unread}
    rest = [c for c in unread if c.id not in shown]
    if not rest:
        return None
    lines = [cell(f"{len(rest)} claim(s) on other topics have a figure not understood and are compared with "
                  "nothing:", "yellow")]
    for c in rest[:PAIRS_SHOWN]:
        lines.append(cell(f"  {c.id} ({c.topic}): figure not understood: {c.figure_error}", "yellow"))
    if len(rest) > PAIRS_SHOWN:
        lines.append(cell(f"  ... and {len(rest) - PAIRS_SHOWN} more: claimcheck validate lists them", "yellow"))
    return Group(*lines)


def _severity_text(rep) -> str:
    top = next((p for p in rep.pairs if p.relation == "conflict"), None)
    if top is None:
        return ""
    if top.gap_days is not None:
        return f"{top.gap_days} days apart"
    if top.ratio is None or top.ratio == float("inf"):
        return "(against zero)"
    return f"{top.ratio:.1f}x"
