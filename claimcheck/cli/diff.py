"""``claimcheck diff``: what a change does to the claim base. The comparison
lives in :mod:`claimcheck.diff`; the JSON shape in :mod:`claimcheck.records.diff`;
the text and Markdown views in :mod:`claimcheck.render.diff`."""

from __future__ import annotations

import enum
import sys
from typing import List, Optional

import typer

from .app import app, fail, root_of, use_color


class DiffFormat(str, enum.Enum):
    text = "text"
    json = "json"
    markdown = "markdown"


@app.command()
def diff(
    ctx: typer.Context,
    rev: Optional[str] = typer.Argument(None, metavar="REV", help="The old side (default: the merge base of HEAD and its upstream branch, else of HEAD and main)."),
    rev2: Optional[str] = typer.Argument(None, metavar="REV2", help="The new side (default: the working tree)."),
    format: DiffFormat = typer.Option(DiffFormat.text, "--format", "-f", help="Output: text (coloured on a terminal), json or markdown (for a pull-request comment or $GITHUB_STEP_SUMMARY)."),
    fail_on: Optional[List[str]] = typer.Option(None, "--fail-on", metavar="KIND,...", help="Exit 1 when the change contains any of these kinds: removed-claim, new-conflict, status-change, error (the new side does not validate). Comma-separated or repeated."),
    bias_threshold: float = typer.Option(0.10, "--bias-threshold", metavar="FRACTION", min=0.0, help="Report a claimant's inflation factor when it moves by more than this fraction (0.10: 10%)."),
) -> None:
    """Show what a change does to the claim base.

    Claims, statuses, evidence, conflicts, sources, bias. Compares two revisions of the base by id, as data: claims added, removed
    and changed (field by field), status changes, computed evidence that
    changed, topics that now conflict or no longer do, topics, sources and
    stances added, removed or changed, and claimants whose inflation factor
    moved. Reformatting or reordering a file is no change. With two
    revisions, REV is compared with REV2; with one, REV with the working
    tree; with none, the merge base of HEAD and its upstream branch (else
    main) with the working tree. Revisions are read from git, never checked
    out. Exit 0 when answered, 1 when --fail-on matches, 2 on a usage error
    (outside a git repository, an unknown revision, an unknown kind).

    Examples:

    \b
      claimcheck diff
      claimcheck diff HEAD~1
      claimcheck diff HEAD~1 HEAD --format json
      claimcheck diff main --format markdown --fail-on removed-claim
    """
    from ..diff import GitError, diff_base, parse_kinds

    gate: list[str] = []
    if fail_on:
        try:
            gate = parse_kinds(",".join(fail_on))
        except ValueError as e:
            raise fail(f"--fail-on: {e}", 2) from None
    root = root_of(ctx)
    try:
        result = diff_base(root, rev, rev2, bias_threshold=bias_threshold)
    except GitError as e:
        raise fail(str(e), 2) from None
    if format is DiffFormat.json:
        from ..records.diff import diff_record
        from ..records.encode import dumps

        sys.stdout.write(dumps(diff_record(result), indent=2) + "\n")
    elif format is DiffFormat.markdown:
        from ..render.diff import markdown

        markdown(result, sys.stdout.write)
    else:
        from ..render.diff import text

        text(result, sys.stdout.write, use_color())
    hit = [k for k in result.kinds() if k in gate]
    if hit:  # said on stderr too: in CI, the report itself goes to a file
        raise fail(f"the change contains {', '.join(hit)} (--fail-on {','.join(gate)})", 1)
    raise typer.Exit(0)
