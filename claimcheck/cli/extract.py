"""``claimcheck extract``: draft claim records from reports. Options in, one
core call (:func:`claimcheck.extract.extract_reports`), then a renderer
(table), a records shape (JSON), the YAML writer, or the safe writer
(``--into``)."""

from __future__ import annotations

import enum
import re
import sys
from datetime import date
from pathlib import Path
from typing import List, Optional

import typer

from . import complete
from .app import State, app, fail, root_of


class DraftFormat(str, enum.Enum):
    table = "table"
    yaml = "yaml"
    json = "json"


def _read_inputs(files: list[str]) -> list[tuple[str, bytes]]:
    out = []
    for f in files:
        if f == "-":
            out.append(("<stdin>", sys.stdin.buffer.read()))
            continue
        p = Path(f)
        if p.is_dir():
            raise fail(f"{f}: is a folder; give report files", 2)
        try:
            out.append((f, p.read_bytes()))
        except FileNotFoundError:
            raise fail(f"{f}: no such file", 1) from None
        except OSError as e:
            raise fail(f"{f}: cannot read ({e.strerror or e})", 1) from None
    return out


def _base(ctx: typer.Context, needed: bool):
    """The claim base (None if there is none and none is needed)."""
    from ..base import open_base
    from ..load.find import NoBase, find_root

    state = ctx.find_object(State)
    if needed:
        root = root_of(ctx)
    else:
        try:
            root = find_root(state.root_option if state else None)
        except NoBase:
            return None, None
    return root, open_base(root)


def _terminal() -> bool:
    try:
        return sys.stdin.isatty() and sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


def review(drafts: list, ask=None, say=None) -> list:
    """Walk through the drafts: accept (a), edit (e), skip (s) each, or quit (q:
    the rest are skipped). ``ask(prompt, default)`` and ``say(text)`` default to
    the terminal; tests give their own."""
    from ..text import safe

    ask = ask or (lambda prompt, default: typer.prompt(prompt, default=default, show_default=True,
                                                       err=True))
    say = say or (lambda text: sys.stderr.write(text + "\n"))
    kept = []
    for i, d in enumerate(drafts, 1):
        say(f"\n[{i}/{len(drafts)}] {safe(d.file)}:{d.line}:{d.column}  confidence {d.confidence:.2f}")
        say(f"  figure:    {safe(d.figure_text)}")
        say(f"  claimant:  {safe(d.claimant_name or '-')} ({safe(d.claimant or 'new source')})")
        say(f"  topic:     {safe(d.topic)}   as of: {safe(d.as_of or '-')}")
        say(f"  statement: {safe(d.statement)}")
        say(f"  quote:     {safe(d.quote)}")
        while True:
            choice = (ask("accept, edit, skip or quit? [a/e/s/q]", "a") or "a").strip().lower()[:1]
            if choice in ("a", "e", "s", "q"):
                break
        if choice == "q":
            break
        if choice == "s":
            continue
        if choice == "e":
            d.statement = ask("statement", d.statement).strip() or d.statement
            name = ask("claimant (a source id or a name)", d.claimant or d.claimant_name or "").strip()
            if name and name not in (d.claimant, d.claimant_name):
                from ..extract.names import Entity, norm

                d.claimant, d.claimant_name = None, name
                d.entity = Entity(name, "group", {norm(name)})
            topic = ask("topic", d.topic).strip()
            if topic and topic != d.topic:
                d.topic, d.topic_title = topic, None
        kept.append(d)
    return kept


def _yaml(drafts: list, base) -> str:
    from ..extract.into import plan
    from ..text import safe
    from ..write.emit import render_flow, render_key, render_record

    from ..write.ops import make_id

    p = plan(drafts, None, topics_of=base)
    taken = {c.id for c in base.claim_records} if base is not None else set()
    for c in p.claims:  # ids as --into would make them, so the document can be pasted
        c["id"] = make_id(c["topic"], c["claimant"], taken)
        taken.add(c["id"])
    p.claims = [{"id": c.pop("id"), **c} for c in p.claims]
    lines = ["# Drafts by claimcheck extract: review them, then add them with --into (status unverified)."]
    for s in p.sources:
        lines.append(f"# new source: {safe(s['id'])} ({safe(s['name'])}), stance {s['stance']}")
    if p.topics:
        lines.append("topics:")
        for tid, attrs in p.topics.items():
            lines.append(f"  {render_key(tid)}: {render_flow(attrs)}")
    lines.append("claims:" if p.claims else "claims: []")
    out = "\n".join(lines) + "\n"
    return out + "".join(render_record(c) for c in p.claims)


@app.command()
def extract(
    ctx: typer.Context,
    files: List[str] = typer.Argument(..., metavar="FILE...", help="Reports: plain text, Markdown or HTML; - reads standard input."),
    outlet: Optional[str] = typer.Option(None, "--outlet", metavar="NAME|ID", autocompletion=complete.source_ids, help="The outlet whose report it is: a source id of the base or a name."),
    on: Optional[str] = typer.Option(None, "--date", metavar="YYYY-MM-DD", help="The report's date: relative dates ('on Monday', 'last month') are read against it."),
    topic: Optional[str] = typer.Option(None, "--topic", metavar="TOPIC", autocompletion=complete.topic_ids, help="Put every draft on this topic instead of the suggested ones."),
    fmt: DraftFormat = typer.Option(DraftFormat.table, "--format", help="table, yaml (claim records to paste) or json (a list of drafts)."),
    into: Optional[str] = typer.Option(None, "--into", metavar="claims/FILE.yaml", help="Add the drafts to the base, in this claims file, through the safe writer."),
    do_review: bool = typer.Option(False, "--review", help="On a terminal: accept, edit or skip each draft before anything is written."),
    lock_timeout: float = typer.Option(10.0, "--lock-timeout", metavar="SECONDS", help="Seconds to wait for another writer of the base (with --into)."),
) -> None:
    """Draft claim records from the reports fact-checkers read.

    One draft per figure a fact-checker would record (deaths, wounded,
    missing, displaced, troops, strikes, capture dates...), each with its
    sentence (quote, line, column), the figure read by the figure grammar,
    the claimant (a source of the base where a name or alias matches), the
    outlet, the date it holds as of, a suggested topic, hedges and a
    confidence. Where no claimant is named, the outlet's own voice is the
    claimant. --into adds the drafts (status unverified) and the new sources
    (stance unrated) in one checked write; a draft whose quote and figure the
    base already holds is skipped. Nothing is downloaded; nothing is invented.

    Examples:

    \b
      claimcheck extract --outlet 'Rift Valley Times' --date 2024-11-08 \\
          benchmarks/extract_eval/reports/r06-kenya-protest-figures.html
      claimcheck extract --outlet 'Kabul Valley Review' --format json \\
          benchmarks/extract_eval/reports/r04-herat-earthquake-toll.md
      claimcheck extract --date 2023-10-10 --into claims/herat.yaml \\
          benchmarks/extract_eval/reports/r04-herat-earthquake-toll.md
    """
    from ..extract import ExtractError, Options, extract_reports
    from ..schema.fields import TOPIC_RE
    from ..text import safe

    when = None
    if on is not None:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", on.strip()):
            raise fail(f"--date: {on!r} is not a date YYYY-MM-DD", 2)
        try:
            when = date.fromisoformat(on.strip())
        except ValueError:
            raise fail(f"--date: {on!r} is not a real date", 2) from None
    if topic is not None and not TOPIC_RE.fullmatch(topic):
        raise fail(f"--topic: {topic!r} is not a topic id (lowercase slugs joined by '/')", 2)
    if do_review and (not _terminal() or "-" in files):
        raise fail("--review needs a terminal: it asks about each draft before anything is written "
                   "(standard input is not a terminal, or it holds the report); run without --review, "
                   "or use --format yaml and edit the file", 2)
    inputs = _read_inputs(files)
    root, base = _base(ctx, needed=into is not None)
    try:
        drafts, warnings = extract_reports(inputs, base, Options(outlet=outlet, date=when, topic=topic))
    except ExtractError as e:
        raise fail(str(e), 1) from None
    for w in warnings:
        sys.stderr.write(f"claimcheck: warning: {safe(w)}\n")
    if do_review:
        drafts = review(drafts)
    if into is not None:
        _into(root, base, drafts, into, lock_timeout)
        return
    if fmt is DraftFormat.json:
        from ..records.drafts import draft_record
        from ..records.encode import dumps

        sys.stdout.write(dumps([draft_record(d) for d in drafts], indent=2) + "\n")
        return
    if fmt is DraftFormat.yaml:
        sys.stdout.write(_yaml(drafts, base))
        return
    from ..records.drafts import draft_record
    from ..render.extract import drafts_table
    from ..render.terminal import console

    out = console()
    if not drafts:
        sys.stderr.write("claimcheck: no figures found to draft\n")
        return
    out.print(drafts_table([draft_record(d) for d in drafts]))
    sys.stdout.flush()
    sys.stderr.write(f"claimcheck: {len(drafts)} draft(s); add them with --into claims/FILE.yaml\n")


def _into(root, base, drafts, target: str, lock_timeout: float) -> None:
    from ..extract.into import write_into
    from ..text import safe
    from ..write.errors import AuthoringError
    from ..write.safe import WriteError
    from .authoring import _print_diagnostics

    if any(not (d.outlet_name or d.outlet) for d in drafts):
        raise fail("--into needs --outlet: the outlet whose report it is (it carries every claim, and speaks "
                   "for figures nobody is named for)", 2)
    try:
        p, result = write_into(root, drafts, base, target, lock_timeout=lock_timeout)
    except AuthoringError as e:
        raise fail(str(e), e.code) from None
    except WriteError as e:
        raise fail(str(e), 1) from None
    except OSError as e:
        raise fail(f"cannot write: {e}", 1) from None
    if result is None:
        sys.stdout.write(f"nothing to add: {p.skipped} draft(s) already in the base\n")
        return
    _print_diagnostics(result.diagnostics)
    if not result.ok:
        errors = sum(1 for d in result.diagnostics if d.severity == "error")
        sys.stderr.write(f"claimcheck: extract --into refused: {errors} error(s) above; nothing was written\n")
        raise typer.Exit(1)
    claims = [i for i in result.ids if i not in {s["id"] for s in p.sources}]
    sys.stdout.write(f"added {len(p.claims)} claim(s) to {safe(', '.join(result.written))}")
    if p.sources:
        sys.stdout.write(f" and {len(p.sources)} source(s) of stance unrated ({safe(', '.join(s['id'] for s in p.sources))})")
    sys.stdout.write("\n")
    for cid, d in zip(claims, p.drafts):
        sys.stdout.write(f"  {safe(cid)}  {safe(d.figure_text)}  ({safe(d.topic)})\n")
    if p.skipped:
        sys.stdout.write(f"skipped {p.skipped} draft(s) already in the base\n")
