"""``claimcheck init``, ``add``, ``set-status`` and ``add-source``: writing the base.

Thin layer over :mod:`claimcheck.authoring`: options in, one core call, the
result out. Diagnostics go to stderr in validate's text form; stdout carries
the answer (what was written, or the record a dry run would write).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import List, Optional

import typer

from . import complete
from .app import app, fail, root_of

LOCK_HELP = "Seconds to wait for another writer of the base to finish (default 10)."


def _interactive() -> bool:
    """Ask for missing options only when a person is at a terminal."""
    try:
        return sys.stdin.isatty()
    except (AttributeError, ValueError):
        return False


def _print_diagnostics(diags) -> None:
    from ..text import safe

    for d in diags:
        code = d.code if d.severity == "error" else f"{d.code} warning:"
        sys.stderr.write(f"{safe(d.path)}:{d.line}:{d.column}: {code} {safe(d.message)}\n")


def _run(call):
    """Run one core operation; turn its refusals into messages and exit codes."""
    from ..write.errors import AuthoringError
    from ..write.safe import WriteError

    try:
        return call()
    except AuthoringError as e:
        raise fail(str(e), e.code) from None
    except WriteError as e:  # lock timeout, file changed on disk, no lock possible
        raise fail(str(e), 1) from None
    except OSError as e:
        raise fail(f"cannot write: {e}", 1) from None


def _finish(result, what: str, dry_run: bool) -> None:
    from ..text import safe

    _print_diagnostics(result.diagnostics)
    if not result.ok:
        errors = sum(1 for d in result.diagnostics if d.severity == "error")
        sys.stderr.write(f"claimcheck: {what} refused: {errors} error(s) above; nothing was written\n")
        raise typer.Exit(1)
    if dry_run:
        from ..text import safe_block

        sys.stdout.write(safe_block(result.preview))
        sys.stderr.write("claimcheck: dry run: nothing was written\n")
        raise typer.Exit(0)
    if result.earlier_errors:
        sys.stderr.write(
            f"claimcheck: note: the base already had {result.earlier_errors} error(s) this edit did not cause "
            "(run 'claimcheck validate')\n"
        )
    ids = ", ".join(safe(i) for i in result.ids)
    sys.stdout.write(f"{what} {ids}: written to {', '.join(safe(w) for w in result.written)}\n")


def _ask(label: str, choices: list[tuple[str, str]] | None = None, default: Optional[str] = None) -> str:
    from ..text import safe

    if choices:
        sys.stderr.write(f"Known {label}s:\n")
        for key, desc in choices[:40]:
            sys.stderr.write(f"  {safe(key)}  {safe(desc)}\n")
        if len(choices) > 40:
            sys.stderr.write(f"  ... and {len(choices) - 40} more\n")
    while True:
        value = typer.prompt(label.capitalize(), default=default, show_default=default is not None)
        if value.strip():
            return value.strip()


@app.command()
def init(
    folder: Path = typer.Argument(Path("."), metavar="[DIR]", help="Where to create the base (default: the working directory)."),
    install: Optional[str] = typer.Option(
        None, "--install", metavar="REQUIREMENT",
        help="Where the CI files install claimcheck from, e.g. 'claimcheck @ git+https://host/you/claimcheck@COMMIT' "
             "(default: $CLAIMCHECK_INSTALL, else where this claimcheck came from)."),
) -> None:
    """Create a new, valid claim base, with CI and pre-commit files.

    It writes sources.yaml with a starter stance
    vocabulary and one example source, claims/example.yaml with one commented
    example claim, a .pre-commit-config.yaml that runs claimcheck validate, a
    GitHub Actions workflow (.github/workflows/claims.yml) and a .gitignore
    for the write lock (left alone if one exists). The CI files install
    claimcheck from its repository at a pinned commit (claimcheck is not on
    PyPI; the name there is another project's); in a subfolder of a git
    repository they go to the repository's top and name the subfolder.

    Never overwrites: if any of these files exists, it names it, writes
    nothing and exits 1.

    Examples:

    \b
      claimcheck init newsroom-base
      claimcheck --root newsroom-base validate
    """
    from ..load.find import repository_root
    from ..text import safe
    from ..write.init import init_base
    from ..write.install import install_source

    src = _run(lambda: install_source(install))
    existing = next(p for p in (folder.resolve(), *folder.resolve().parents) if p.exists())
    top = repository_root(existing)
    result = _run(lambda: init_base(folder, src, top))
    if src.requirement is None:
        sys.stderr.write("claimcheck: warning: no install source for claimcheck is known here; the workflow's "
                         "install step stops the job until you set it (--install, docs/ci.md)\n")
    for rel in result.written:
        sys.stdout.write(f"created {safe(folder / rel)}\n")
    for rel in result.skipped:
        sys.stdout.write(f"left {safe(folder / rel)} as it was: add the line .claimcheck.lock to it\n")
    sys.stdout.write(f"next: claimcheck --root {safe(folder)} validate\n")


@app.command()
def add(
    ctx: typer.Context,
    statement: Optional[str] = typer.Option(None, "--statement", "-s", metavar="TEXT", help="The claim, in one sentence (required)."),
    claimant: Optional[str] = typer.Option(None, "--claimant", "-c", metavar="SOURCE", autocompletion=complete.source_ids, help="Id of the source that asserts it (required)."),
    topic: Optional[str] = typer.Option(None, "--topic", "-t", metavar="TOPIC", autocompletion=complete.topic_ids, help="Topic id, slugs joined by '/' (required)."),
    figure: Optional[str] = typer.Option(None, "--figure", metavar="FIGURE", help="A number, a phrase ('more than 400'), a date, or '{low: 10, high: 20}'."),
    as_of: Optional[str] = typer.Option(None, "--as-of", metavar="DATE", help="When the figure holds: YYYY-MM-DD, YYYY-MM or YYYY."),
    status: str = typer.Option("unverified", "--status", metavar="STATUS", autocompletion=complete.statuses, help="unverified, corroborated, contested, refuted, retracted or superseded."),
    about: Optional[str] = typer.Option(None, "--about", metavar="STANCE", autocompletion=complete.stance_ids, help="The stance whose people or losses the figure is about."),
    outlet: Optional[List[str]] = typer.Option(None, "--outlet", metavar="SOURCE", autocompletion=complete.source_ids, help="Source id of an outlet that carried the claim; repeatable."),
    date: Optional[List[str]] = typer.Option(None, "--date", metavar="DATE", help="Date of the outlet in the same position (n-th --date, n-th --outlet)."),
    quote: Optional[List[str]] = typer.Option(None, "--quote", metavar="TEXT", help="Verbatim quote of the outlet in the same position."),
    url: Optional[List[str]] = typer.Option(None, "--url", metavar="URL", help="Address of the outlet's item in the same position."),
    tag: Optional[List[str]] = typer.Option(None, "--tag", metavar="TAG", help="A free label; repeatable."),
    notes: Optional[str] = typer.Option(None, "--notes", metavar="TEXT", help="Anything a reader should know."),
    supersedes: Optional[str] = typer.Option(None, "--supersedes", metavar="ID", autocompletion=complete.claim_ids, help="Id of the claimant's earlier claim this revises; that claim is set to superseded."),
    id: Optional[str] = typer.Option(None, "--id", metavar="ID", help="The claim id (default: made from claimant and topic)."),
    file: Optional[str] = typer.Option(None, "--file", metavar="FILE", help="Claims file to add to, e.g. claims/town.yaml (default: see the target rule)."),
    topic_title: Optional[str] = typer.Option(None, "--topic-title", metavar="TEXT", help="Declare a new topic with this title (ignored if the topic is declared already)."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Print the record that would be written; write nothing."),
    lock_timeout: float = typer.Option(10.0, "--lock-timeout", metavar="SECONDS", help=LOCK_HELP),
) -> None:
    """Add one claim, checked against the whole base first.

    Nothing is written if the claim brings an error. Missing --statement, --claimant or --topic are asked for on a terminal
    (offering the known sources and topics); elsewhere they are a usage error
    (exit 2). --date, --quote and --url pair with --outlet by position: the
    second --date belongs to the second --outlet (give --date '' to skip one).
    If the record has a problem, its diagnostics are printed, nothing is
    written and the exit code is 1. The claim goes to --file, else the file
    that declares its topic, else the file with most claims on the topic, else
    claims/FIRST-TOPIC-SEGMENT.yaml. A topic no file declares is a warning
    (CC307); --topic-title declares it in the file the claim goes to.

    Examples:

    \b
      claimcheck add -s 'SOHR counts 35 dead in the town.' -c sohr \\
          -t town/killed --figure 35 --topic-title 'Dead in the town'
      claimcheck add -s 'Amaq says 40 soldiers died.' -c isis -t town/killed \\
          --outlet amaq --date 2018-05-02
      claimcheck add -s 'SOHR now counts 120 dead.' -c sohr --figure 120 \\
          -t south-damascus-2018/killed/isis-fighters \\
          --supersedes sohr-isis-killed-south-damascus --dry-run
    """
    from ..write.ops import add_records
    from .args import build_claim

    root = root_of(ctx)
    missing = [name for name, v in (("statement", statement), ("claimant", claimant), ("topic", topic)) if not (v and v.strip())]
    if missing:
        if not _interactive():
            raise fail(
                "missing " + ", ".join(f"--{m}" for m in missing) + " (required; asked for only on a terminal)", 2
            )
        from ..base import open_base

        base = open_base(root)
        if "statement" in missing:
            statement = _ask("statement")
        if "claimant" in missing:
            claimant = _ask("claimant", [(s.id, s.name) for s in base.sources.values()])
        if "topic" in missing:
            topics = {t: (base.topics[t].title or "") if t in base.topics else "" for t in sorted({*base.topics, *(c.topic for c in base.claim_records)})}
            topic = _ask("topic", list(topics.items()))
    record = _run(
        lambda: build_claim(
            statement=statement, claimant=claimant, topic=topic, status=status, id=id, about=about,
            figure=figure, as_of=as_of, outlets=outlet or [], dates=date or [], quotes=quote or [],
            urls=url or [], tags=tag or [], notes=notes, supersedes=supersedes,
        )
    )
    topics = {topic: {"title": topic_title}} if topic_title and topic_title.strip() else None
    result = _run(lambda: add_records(root, claims=[record], topics=topics, target=file, dry_run=dry_run, lock_timeout=lock_timeout))
    _finish(result, "added claim", dry_run)


@app.command("set-status")
def set_status_cmd(
    ctx: typer.Context,
    claim_id: str = typer.Argument(..., metavar="ID", autocompletion=complete.claim_ids,
                                    help="The claim to change: its id, or the start of one claim id only."),
    status: str = typer.Argument(..., metavar="STATUS", autocompletion=complete.statuses, help="unverified, corroborated, contested, refuted, retracted or superseded."),
    note: Optional[str] = typer.Option(None, "--note", metavar="TEXT", help="Text appended to the claim's notes (the reason for the change)."),
    by: Optional[str] = typer.Option(None, "--by", metavar="NEWID", autocompletion=complete.claim_ids, help="With superseded: the newer claim, which gets supersedes: ID."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Show the change; write nothing."),
    lock_timeout: float = typer.Option(10.0, "--lock-timeout", metavar="SECONDS", help=LOCK_HELP),
) -> None:
    """Change one claim's status in place; nothing else moves.

    Nothing else in the file changes. superseded requires --by NEWID, the claimant's newer claim, which records
    supersedes: ID (both changes in one operation). The new state is checked
    against the whole base first; exit 1 if the claim is not found or the
    change brings an error.

    Examples:

    \b
      claimcheck set-status sohr-isis-killed refuted --note 'Hospitals list 12.'
      claimcheck add -c sohr -t south-damascus-2018/killed/isis-fighters \\
          -s 'SOHR now counts 120 dead.' --figure 120 --id sohr-isis-killed-2
      claimcheck set-status sohr-isis-killed-south superseded \\
          --by sohr-isis-killed-2
    """
    from ..write.ops import set_status
    from ..text import safe

    root = root_of(ctx)
    result = _run(lambda: set_status(root, claim_id, status, note=note, by=by, dry_run=dry_run, lock_timeout=lock_timeout))
    if not result.changed:
        sys.stdout.write(f"claim {safe(result.ids[0] if result.ids else claim_id)} already has status {safe(status)}: "
                         "nothing written\n")
        raise typer.Exit(0)
    _finish(result, "changed claim", dry_run)


@app.command("add-source")
def add_source(
    ctx: typer.Context,
    id: Optional[str] = typer.Option(None, "--id", metavar="ID", help="Source id, a lowercase slug (default: made from --name)."),
    name: Optional[str] = typer.Option(None, "--name", metavar="NAME", help="Full name (required)."),
    stance: Optional[str] = typer.Option(None, "--stance", metavar="STANCE", autocompletion=complete.stance_ids, help="A stance of the vocabulary in sources.yaml (required)."),
    kind: Optional[str] = typer.Option(None, "--kind", metavar="KIND", help="armed-group, government, military, official, person, monitor, outlet, agency, ngo, think-tank, intergovernmental, fact-checker, unattributed or other."),
    reliability: Optional[str] = typer.Option(None, "--reliability", metavar="GRADE", help="NATO Admiralty grade A..F (F: cannot be judged)."),
    part_of: Optional[str] = typer.Option(None, "--part-of", metavar="SOURCE", autocompletion=complete.source_ids, help="Id of a source this one speaks for."),
    url: Optional[str] = typer.Option(None, "--url", metavar="URL", help="Home page."),
    alias: Optional[List[str]] = typer.Option(None, "--alias", metavar="NAME", help="Another name; repeatable."),
    notes: Optional[str] = typer.Option(None, "--notes", metavar="TEXT", help="One-line reason for the stance and the grade."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Print the record that would be written; write nothing."),
    lock_timeout: float = typer.Option(10.0, "--lock-timeout", metavar="SECONDS", help=LOCK_HELP),
) -> None:
    """Add one source, checked against the whole base first.

    It goes to sources.yaml. The stance must be in the vocabulary, part_of
    must name a source. Missing --name or --stance are asked for on a
    terminal (offering the stances); elsewhere they are a usage error
    (exit 2).

    Examples:

    \b
      claimcheck add-source --name 'Raqqa Is Being Slaughtered Silently' \\
          --stance opposition --kind monitor
      claimcheck add-source --id sana --name 'Syrian Arab News Agency' \\
          --stance government --kind outlet --part-of syrian-government
    """
    from ..ids import slugify
    from ..write.ops import add_records
    from .args import build_source

    root = root_of(ctx)
    missing = [n for n, v in (("name", name), ("stance", stance)) if not (v and v.strip())]
    if missing:
        if not _interactive():
            raise fail("missing " + ", ".join(f"--{m}" for m in missing) + " (required; asked for only on a terminal)", 2)
        from ..base import open_base

        base = open_base(root)
        if "name" in missing:
            name = _ask("name")
        if "stance" in missing:
            stance = _ask("stance", [(s.id, s.description) for s in base.stances.values()])
    sid = id.strip() if id and id.strip() else slugify(name)
    if not sid:
        raise fail(f"cannot make a source id from the name {name!r}: give --id", 2)
    record = _run(
        lambda: build_source(
            id=sid, name=name, stance=stance, kind=kind, reliability=reliability, part_of=part_of,
            url=url, aliases=alias or [], notes=notes,
        )
    )
    result = _run(lambda: add_records(root, sources=[record], dry_run=dry_run, lock_timeout=lock_timeout))
    _finish(result, "added source", dry_run)
