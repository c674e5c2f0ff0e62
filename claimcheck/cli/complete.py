"""Shell completion of the values of options and arguments: claim, source,
topic and stance ids from the base (found as every command finds it, from
``--root`` as typed so far), and statuses.

typer's completion machinery runs the program on every tab with the words
typed so far; it completes commands and option names itself and calls these
for values. Each reads only the file that holds its ids, by a scan that never
parses YAML (:mod:`claimcheck.load.names`), and imports nothing else.
"""

from __future__ import annotations

#: The variable typer's completion scripts set to run a completion.
COMPLETE_VAR = "_CLAIMCHECK_COMPLETE"


def plain_help() -> None:
    """For zsh, fish and PowerShell typer offers each command's and option's
    help with its rich markup stripped, by rendering it with rich: rich is
    imported on every tab (60 ms, twice the rest) and the help wrapped at 80
    columns, one item over several lines. claimcheck's help has no markup
    (rich_markup_mode=None): one line of it, rich left unimported. typer
    0.26 to 0.28 name the function alike; another typer keeps its own."""
    from typer import _completion_classes

    if hasattr(_completion_classes, "_sanitize_help_text"):
        _completion_classes._sanitize_help_text = lambda text: " ".join(text.split())


def _root(ctx):
    from ..load.find import NoBase, find_root

    try:
        return find_root(ctx.find_root().params.get("root"))
    except (NoBase, OSError):
        return None


def claim_ids(ctx, incomplete):
    """Claim ids that begin with what is typed."""
    from ..load.names import claim_ids as found

    root = _root(ctx)
    return found(root, incomplete or "") if root else []


def source_ids(ctx, incomplete):
    """Source ids that begin with what is typed."""
    from ..load.names import source_ids as found

    root = _root(ctx)
    return found(root, incomplete or "") if root else []


def topic_ids(ctx, incomplete):
    """Topic ids that begin with what is typed."""
    from ..load.names import topic_ids as found

    root = _root(ctx)
    return found(root, incomplete or "") if root else []


def stance_ids(ctx, incomplete):
    """Stances of the vocabulary that begin with what is typed."""
    from ..load.names import stance_ids as found

    root = _root(ctx)
    return found(root, incomplete or "") if root else []


def statuses(incomplete):
    """Declared statuses that begin with what is typed."""
    from ..schema.fields import STATUSES

    return [s for s in STATUSES if s.startswith(incomplete or "")]
