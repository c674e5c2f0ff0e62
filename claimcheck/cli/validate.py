"""``claimcheck validate`` and ``claimcheck schema``."""

from __future__ import annotations

import enum
import sys

import typer

from .app import app, root_of, store_of, use_color


class Format(str, enum.Enum):
    text = "text"
    json = "json"
    github = "github"
    sarif = "sarif"


@app.command()
def validate(
    ctx: typer.Context,
    format: Format = typer.Option(Format.text, "--format", "-f", help="Output format: text, json, github (workflow commands) or sarif (2.1.0)."),
    strict: bool = typer.Option(False, "--strict", help="Fail on warnings too (not on those a claim acknowledges with ignore:)."),
    show_ignored: bool = typer.Option(
        False, "--show-ignored",
        help="Also list the warnings claims acknowledge with ignore: {CODE: reason}, each with its reason "
             "(text, json and sarif formats).",
    ),
) -> None:
    """Check every claim file and sources.yaml, like a linter.

    Each problem is printed as path:line:col: CODE message. A warning that a
    claim acknowledges (ignore: {CODE: reason}) is not printed and does not
    fail --strict; the summary counts it, and --show-ignored lists it. Exit 0
    when clean, 1 when problems were found, 2 on a usage error or when no
    claim base is found.

    Examples:

    \b
      claimcheck validate
      claimcheck validate --strict --format github
      claimcheck validate --show-ignored
      claimcheck validate --format sarif > claimcheck.sarif
    """
    from ..base import check_root
    from ..load.find import repository_root
    from ..render.diagnostics import REPORTERS, Report
    from ..rules.run import all_codes

    root = root_of(ctx)
    checked = check_root(root, store_of(ctx))
    report = Report(
        files=checked.files,
        claims=checked.claims,
        sources=checked.sources,
        diagnostics=checked.diagnostics,
        strict=strict,
        root=str(root),
        codes=all_codes(),
        ignored=checked.ignored,
        show_ignored=show_ignored,
    )
    if format in (Format.github, Format.sarif):
        top = repository_root(root)
        if top is not None:
            rel = root.resolve().relative_to(top).as_posix()
            report.repo_prefix = "" if rel == "." else rel + "/"
            report.repo_root = str(top)
    REPORTERS[format.value](report, sys.stdout.write, use_color() and format is Format.text)
    raise typer.Exit(0 if report.ok else 1)


@app.command()
def schema(
    sources: bool = typer.Option(False, "--sources", help="The schema of sources.yaml instead of claim files."),
) -> None:
    """Print the JSON Schema of claim files, or of sources.yaml.

    The schema (JSON Schema draft 2020-12) is generated from the same tables the validator uses. Point an editor's YAML
    language server at it with a first line such as:

      # yaml-language-server: $schema=../claims.schema.json

    Examples:

    \b
      claimcheck schema > claims.schema.json
      claimcheck schema --sources > sources.schema.json
    """
    import json

    from ..schema.jsonschema import json_schema

    sys.stdout.write(json.dumps(json_schema("sources" if sources else "claims"), indent=2) + "\n")
