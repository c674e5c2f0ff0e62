"""``claimcheck export`` and ``claimcheck import``: ClaimReview, JSON, CSV and
SQLite out, ClaimReview in (core: claimcheck.interop)."""

from __future__ import annotations

import enum
import sys
from pathlib import Path
from typing import Optional

import typer

from . import complete
from .app import SEARCH_FIELDS, app, fail, load, root_of


class ExportFormat(str, enum.Enum):
    claimreview = "claimreview"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    sqlite = "sqlite"


def _write(text: str | bytes, output: Optional[Path]) -> None:
    """To stdout, or atomically to the -o file."""
    if output is None or str(output) == "-":
        if isinstance(text, bytes):
            text = text.decode("utf-8")
        sys.stdout.write(text)
        return
    from ..write.safe import WriteError, atomic_write

    try:
        atomic_write(output, text.encode("utf-8") if isinstance(text, str) else text)
    except (OSError, WriteError) as e:
        raise fail(f"cannot write {str(output)!r}: {e}", 2) from None


def _check_output(output: Optional[Path]) -> None:
    """-o must name a file in an existing folder: checked before any work."""
    if output is None or str(output) == "-":
        return
    if output.is_dir():
        raise fail(f"-o {str(output)!r} is a folder; give a file name", 2)
    if not output.parent.is_dir():
        raise fail(f"cannot write {str(output)!r}: folder {str(output.parent)!r} does not exist", 2)


def _warn(message: str) -> None:
    from ..text import safe

    sys.stderr.write(f"claimcheck: warning: {safe(message)}\n")


@app.command()
def export(
    ctx: typer.Context,
    format: ExportFormat = typer.Option(
        ExportFormat.claimreview, "--format", "-f",
        help="claimreview (schema.org JSON-LD), json, jsonl, csv, or sqlite (needs -o).",
    ),
    output: Optional[Path] = typer.Option(
        None, "--output", "-o", metavar="FILE", help="Write to FILE (atomically) instead of standard output."
    ),
    lines: bool = typer.Option(False, "--lines", help="claimreview: one ClaimReview object per line instead of a DataFeed."),
    topic: Optional[str] = typer.Option(None, "--topic", metavar="GLOB", autocompletion=complete.topic_ids, help="Only claims whose topic matches this glob."),
    claimant: Optional[str] = typer.Option(None, "--claimant", metavar="SOURCE", autocompletion=complete.source_ids, help="Only claims by this source (or a source part_of it)."),
    outlet: Optional[str] = typer.Option(None, "--outlet", metavar="SOURCE", autocompletion=complete.source_ids, help="Only claims carried by this outlet (or one part_of it)."),
    stance: Optional[str] = typer.Option(None, "--stance", metavar="STANCE", autocompletion=complete.stance_ids, help="Only claims whose claimant has this stance."),
    outlet_stance: Optional[str] = typer.Option(None, "--outlet-stance", metavar="STANCE", autocompletion=complete.stance_ids, help="Only claims carried by an outlet of this stance."),
    status: Optional[str] = typer.Option(None, "--status", metavar="STATUS", autocompletion=complete.statuses, help="Only claims with this declared status."),
    evidence: Optional[str] = typer.Option(None, "--evidence", metavar="EVIDENCE", help="Only claims with this computed evidence: single-source, corroborated, contested, mixed or none."),
    since: Optional[str] = typer.Option(None, "--since", metavar="DATE", help="Only claims dated on or after DATE (as_of, else the earliest report)."),
    until: Optional[str] = typer.Option(None, "--until", metavar="DATE", help="Only claims dated on or before DATE."),
    search: Optional[str] = typer.Option(None, "--search", metavar="TEXT", help=f"Only claims whose {SEARCH_FIELDS} contain TEXT (any case)."),
    tag: Optional[str] = typer.Option(None, "--tag", metavar="TAG", help="Only claims with this tag."),
    reviewer: Optional[str] = typer.Option(
        None, "--reviewer", metavar="SOURCE", autocompletion=complete.source_ids,
        help="Only reviews published by this source (or one part_of it); other formats: only claims it reviewed.",
    ),
) -> None:
    """Export claims: ClaimReview, JSON, JSON lines, CSV or SQLite.

    The filters of 'claims' apply to every format. claimreview writes one
    schema.org ClaimReview per review in a DataFeed: each review of a claim's
    reviews under its own author and url (the publisher block of sources.yaml
    for the publisher's own), and for a claim without reviews this base's
    verdict from its status (corroborated, contested, refuted, retracted)
    under the publisher block; a review that would lack a field Google
    requires is skipped with a warning on stderr. json, jsonl and csv hold the
    fields of 'claims --format json'; sqlite writes tables for Datasette.

    Examples:

    \b
      claimcheck export --format claimreview -o feed.json
      claimcheck export --format csv --topic 'deir-ezzor*' > claims.csv
      claimcheck export --format sqlite -o base.db
    """
    from ..query import ClaimFilter, select
    from .xref import check_filter_names, check_filter_values

    check_filter_values(status, evidence, since, until)
    flt = ClaimFilter(topic, claimant, outlet, stance, outlet_stance, status, evidence, since, until, search, tag,
                      reviewer=reviewer if format is not ExportFormat.claimreview else None)
    if lines and format not in (ExportFormat.claimreview, ExportFormat.json):
        raise fail(f"--lines applies to claimreview and json, not {format.value}", 2)
    if format is ExportFormat.sqlite and (output is None or str(output) == "-"):
        raise fail("--format sqlite needs -o FILE (a database is not written to standard output)", 2)
    _check_output(output)

    wants_evidence = format is not ExportFormat.claimreview or flt.evidence is not None
    base = load(ctx, evidence="ids" if wants_evidence else None)
    check_filter_names(base, claimant, outlet, stance, outlet_stance, reviewer)
    ev = None
    if wants_evidence:
        from ..xref import compute_evidence

        ev = compute_evidence(base)
    claims = select(base, flt, ev)

    if format is ExportFormat.claimreview:
        from ..interop.claimreview.export import dumps_feed, dumps_jsonld, export_reviews
        from ..interop.claimreview.ratings import NOT_REVIEWED

        from ..interop.claimreview.ratings import RATINGS

        own = [c for c in claims if not c.reviews and c.status in RATINGS]
        if own and not base.publisher:
            _warn("sources.yaml has no publisher block: reviews carry no author and need review urls "
                  "(add publisher: {name, url, review_url})")
        tpl = (base.publisher or {}).get("review_url")
        if own and isinstance(tpl, str) and "{id}" not in tpl:
            _warn("the publisher's review_url has no {id} placeholder, so it is not used (every review would share it)")
        res = export_reviews(base, claims, reviewer=reviewer)
        by_reason: dict[str, list[str]] = {}
        for cid, why in res.skipped:
            by_reason.setdefault(why, []).append(cid)
        for why, ids in by_reason.items():
            if len(ids) <= 3:
                for cid in ids:
                    _warn(f"claim {cid} not exported: {why}")
            else:
                _warn(f"{len(ids)} claims not exported ({', '.join(ids[:3])}, ...): {why}")
        for cid, what in res.warnings[:3]:
            _warn(f"claim {cid}: {what}; exported as published")
        if len(res.warnings) > 3:
            _warn(f"{len(res.warnings) - 3} more review(s) exported with a rating that has no text")
        if res.not_reviewed and reviewer is None:
            sys.stderr.write(
                f"claimcheck: {res.not_reviewed} claim(s) not exported: status {' or '.join(NOT_REVIEWED)} "
                "carries no verdict\n"
            )
        if lines:
            text = "".join(dumps_jsonld(r, indent=None) + "\n" for r in res.reviews)
        else:
            text = dumps_feed(res.reviews, base.publisher)
        _write(text, output)
        return

    from ..records.claims import claim_record

    records = [claim_record(base, c, ev) for c in claims]
    if format is ExportFormat.sqlite:
        from ..interop.sqlite import write_sqlite
        from ..text import safe

        try:
            counts = write_sqlite(output, base, records)
        except OSError as e:
            raise fail(f"cannot write {str(output)!r}: {e}", 2) from None
        sys.stderr.write("claimcheck: wrote " + ", ".join(f"{n} {t}" for t, n in counts.items()) + f" to {safe(str(output))}\n")
        return

    from ..records.claims import claims_csv, claims_json, claims_jsonl

    if format is ExportFormat.csv:
        _write(claims_csv(records), output)
    elif format is ExportFormat.jsonl or lines:
        _write(claims_jsonl(records), output)
    else:
        _write(claims_json(records), output)


@app.command("import")
def import_(
    ctx: typer.Context,
    fmt: str = typer.Argument(..., metavar="FORMAT", help="The feed's format: claimreview, or factcheck-api (Google Fact Check Tools claims:search pages)."),
    file: str = typer.Argument(..., metavar="FILE", help="The feed: a file, or - for standard input."),
    stance: Optional[str] = typer.Option(
        None, "--stance", metavar="STANCE", autocompletion=complete.stance_ids, help="Stance of the sources the import creates (default: unrated, added to the vocabulary if absent)."
    ),
    topic: str = typer.Option("claimreview", "--topic", metavar="TOPIC", autocompletion=complete.topic_ids, help="Topic of the imported claims."),
    target: Optional[str] = typer.Option(
        None, "--file", metavar="FILE", help="Claims file to add them to (default: the file the add rule picks for the topic)."
    ),
    dry_run: bool = typer.Option(False, "--dry-run", help="Show what would be added; write nothing."),
) -> None:
    """Import fact-checks as claims, reviews and sources.

    Each fact-check becomes a claim with its review, and the sources it names
    are added. claimreview reads one ClaimReview, a list, a DataFeed or JSON lines;
    factcheck-api reads the Google Fact Check Tools API's claims:search
    response, one page or several saved together. Each review is attached to
    one claim per claimed statement and claimant (a claim already in the base
    gets it in place); the reviewer becomes a source of kind fact-checker,
    never an outlet. A new claim's status is derived from its reviews by the
    verdict table. A review already in the base is not added again.
    Everything is checked with the whole base before anything is written. A
    bad record gets one message on stderr and the good ones still import;
    the exit code is then 1.

    Examples:

    \b
      claimcheck import claimreview --dry-run \\
          tests/fixtures/feeds/two-reviewers.json
      claimcheck import claimreview - < tests/fixtures/feeds/two-reviewers.json
      claimcheck import factcheck-api --topic checks/2021 \\
          tests/fixtures/feeds/factcheck-api-pages.json
    """
    from ..suggest import did_you_mean
    from ..interop.claimreview.feed import MAX_FEED_BYTES
    from ..schema.fields import TOPIC_RE

    if fmt not in IMPORT_FORMATS:
        raise fail(f"unknown import format {fmt!r}{did_you_mean(fmt, IMPORT_FORMATS)}; "
                   f"the formats are {', '.join(IMPORT_FORMATS)}", 2)
    if not TOPIC_RE.fullmatch(topic):
        raise fail(f"--topic {topic!r} is not a topic id: lowercase slugs joined by '/'", 2)
    root = root_of(ctx)
    if file == "-":
        data = sys.stdin.buffer.read(MAX_FEED_BYTES + 1)
        name = "<stdin>"
    else:
        path = Path(file)
        if not path.is_file():
            raise fail(f"{file!r} is not a file", 2)
        if path.stat().st_size > MAX_FEED_BYTES:
            raise fail(f"{file!r} is larger than {MAX_FEED_BYTES // (1024 * 1024)} MB", 2)
        try:
            data = path.read_bytes()
        except OSError as e:
            raise fail(f"cannot read {file!r}: {e.strerror}", 2) from None
        name = file
    from contextlib import nullcontext

    from ..write.safe import WriteError, base_lock

    # The plan (what is new) is made under the base lock, which add_records
    # takes again (it is re-entrant): two imports of one feed at once cannot
    # both find a review new.
    try:
        with nullcontext() if dry_run else base_lock(root):
            bad = _import_locked(ctx, root, fmt, data, name, stance, topic, target, dry_run)
    except WriteError as e:
        raise fail(str(e), 1) from None
    if bad:
        raise typer.Exit(1)


IMPORT_FORMATS = ("claimreview", "factcheck-api")


def _import_locked(ctx, root, fmt, data, name, stance, topic, target, dry_run) -> int:
    """Plan and write the import; returns the number of bad records."""
    from ..suggest import did_you_mean
    from ..interop.claimreview.plan import plan_import
    from ..text import safe

    base = load(ctx)
    if stance is not None and stance not in base.stances:
        raise fail(f"--stance {stance!r} is not in the stance vocabulary{did_you_mean(stance, base.stances)}", 2)

    if fmt == "factcheck-api":
        from ..interop.claimreview.factcheck import parse_factcheck_api

        reviews, problems = parse_factcheck_api(data)
    else:
        from ..interop.claimreview.feed import parse_feed

        reviews, problems = parse_feed(data)
    plan = plan_import(base, reviews, stance=stance, topic=topic)
    problems = problems + plan.problems
    problems.sort(key=lambda p: (p.record or 0, p.line or 0))
    bad = sum(1 for p in problems if p.severity == "error")
    for p in problems:
        sys.stderr.write(f"{safe(p.describe(name))}\n")

    if plan.claims or plan.additions:
        from ..write.errors import AuthoringError
        from ..write.ops import ClaimAdditions, add_records

        try:
            result = add_records(
                root,
                claims=plan.claim_records,
                sources=plan.sources,
                stances=dict([plan.add_stance]) if plan.add_stance else None,
                topics={topic: {"title": "Claims imported from ClaimReview feeds"}} if plan.claims else None,
                target=target,
                dry_run=dry_run,
                extend=[ClaimAdditions(a.claim_id, a.reviews, a.reported_by, tuple(a.drop_reported_by))
                        for a in plan.additions],
                source_kinds=plan.source_kinds,
            )
        except AuthoringError as e:
            raise fail(str(e), e.code) from None
        errors = [d for d in result.diagnostics if d.severity == "error"]
        warnings = [d for d in result.diagnostics if d.severity != "error"]
        for d in errors:
            sys.stderr.write(f"{safe(d.path)}:{d.line}:{d.column}: {d.code} {safe(d.message)}\n")
        if warnings:
            codes: dict[str, int] = {}
            for d in warnings:
                codes[d.code] = codes.get(d.code, 0) + 1
            first = warnings[0]
            sys.stderr.write(
                f"claimcheck: the import brings {len(warnings)} warning(s) ("
                + ", ".join(f"{c} x{n}" for c, n in sorted(codes.items()))
                + f"), first: {safe(first.path)}:{first.line}:{first.column}: {first.code} {safe(first.message)}\n"
            )
        if not result.ok:
            raise fail("nothing imported: the new records would bring the errors above into the base", 1)
        if dry_run:
            sys.stdout.write(safe_block_text(result.preview))
        verb = "would import" if dry_run else "imported"
        where = ", ".join(result.files)
        on_old = sum(len(a.reviews) for a in plan.additions)
        sys.stdout.write(
            f"{verb} {len(plan.claims)} claim(s) and {len(plan.sources)} new source(s)"
            + (f" (and stance {plan.add_stance[0]!r})" if plan.add_stance else "")
            + f" into {safe(where)}; {plan.reviews_added} review(s)"
            + (f", {on_old} of them on {len(plan.additions)} claim(s) already in the base" if on_old else "")
            + (f" ({plan.reviews_moved} moved from reported_by, where an earlier import kept them)"
               if plan.reviews_moved else "")
        )
    else:
        sys.stdout.write("nothing to import")
    sys.stdout.write(
        f"; {len(plan.duplicates)} already imported" + (f"; {bad} bad record(s)" if bad else "") + "\n"
    )
    return bad


def safe_block_text(text: str) -> str:
    from ..text import safe_block

    out = safe_block(text)
    return out if out.endswith("\n") or not out else out + "\n"
