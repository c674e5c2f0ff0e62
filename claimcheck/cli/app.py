"""The typer application every command registers on, and what commands share:
the global ``--root`` option, opening the base, errors on stderr, colour.

Exit codes: 0 answered / clean, 1 problems found or a named thing not found,
2 usage error or no claim base, 3 an internal error (a bug).
"""

from __future__ import annotations

import enum
import os
import sys
from pathlib import Path
from typing import Optional

import typer

from .. import __version__
from ..text import safe

#: What ``--search`` looks in (claimcheck.query decides it), for the help of every command that has it.
SEARCH_FIELDS = "statement, figure, quotes, notes, or a review's rating, title or summary"

HELP = """Claim verification and source-bias tracking for conflicting figures.

Claims live as YAML records in a claim base (a folder with sources.yaml and
claims/). Every command finds the base from --root, else $CLAIMCHECK_ROOT,
else the nearest folder at or above the working directory holding sources.yaml.
Where a command takes an id, the start of one id only will do; the shell
completes commands, options and ids once completion is installed (see
--install-completion below).

Examples:

\b
  claimcheck validate               # check every file, like a linter
  claimcheck conflicts              # which figures contradict, per topic
  claimcheck show pompeo-russians   # one claim (the start of its id)
  claimcheck init newsroom-base && claimcheck --root newsroom-base validate
"""

app = typer.Typer(
    name="claimcheck",
    help=HELP,
    no_args_is_help=True,
    add_completion=True,  # --install-completion, --show-completion; values complete from cli/complete.py
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)


class TableFormat(str, enum.Enum):
    """--format of the listing commands (claims, sources)."""

    table = "table"
    json = "json"
    csv = "csv"


class ViewFormat(str, enum.Enum):
    """--format of the report commands (conflicts, source, bias)."""

    table = "table"
    json = "json"


class State:
    def __init__(self, root: Optional[Path], no_cache: bool = False) -> None:
        self.root_option = root
        self.no_cache = no_cache


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"claimcheck {__version__}\n")
        raise typer.Exit(0)


@app.callback()
def _main(
    ctx: typer.Context,
    root: Optional[Path] = typer.Option(
        None, "--root", metavar="DIR", help="The claim base (default: $CLAIMCHECK_ROOT, else the nearest folder holding sources.yaml)."
    ),
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Show the version and exit."),
    no_cache: bool = typer.Option(
        False, "--no-cache", help="Read and check every file again, neither reading nor writing the cache "
        "($CLAIMCHECK_CACHE_DIR, else ~/.cache/claimcheck)."
    ),
) -> None:
    ctx.obj = State(root, no_cache)


def fail(message: str, code: int = 2) -> "typer.Exit":
    """Print ``claimcheck: message`` to stderr and return the Exit to raise."""
    sys.stderr.write(f"claimcheck: {safe(message)}\n")
    return typer.Exit(code)


def root_of(ctx: typer.Context) -> Path:
    from ..load.find import NoBase, find_root

    state = ctx.find_object(State)
    try:
        return find_root(state.root_option if state else None)
    except NoBase as e:
        raise fail(str(e), 2) from None


def store_of(ctx: typer.Context):
    """The cache, or None (``--no-cache``, or a folder that cannot be used:
    said once on stderr)."""
    state = ctx.find_object(State)
    if state is not None and state.no_cache:
        return None
    from ..load.cache import open_store

    store, why = open_store()
    if why:
        sys.stderr.write(f"claimcheck: warning: {safe(why)}\n")
    return store


def load(ctx: typer.Context, *, warn: bool = True, evidence: str | None = None):
    """Open the base for a command that answers questions; warns on stderr if
    it has errors (the answer then rests on the usable records only).
    ``evidence`` ("status" or "ids"): the command will compute every claim's
    evidence, so the checks compute it once for both."""
    from ..base import open_base

    root = root_of(ctx)
    base = open_base(root, evidence=evidence, store=store_of(ctx))
    if warn:
        _warn_errors(base.errors)
    return base


def _warn_errors(errors: int) -> None:
    if errors:
        sys.stderr.write(
            f"claimcheck: warning: the claim base has {errors} error(s); answers rest on what could be read of it "
            "(run 'claimcheck validate')\n"
        )


def json_answer(ctx: typer.Context, command: str, produce, *, evidence: str | None = None) -> None:
    """Write the JSON answer ``produce(base, write)`` writes, warning as
    :func:`load` does. With the cache, the answer is kept under the base's
    key, the command and its options (``ctx.params``): on an unchanged base,
    the same command with the same options writes it again without opening
    the base (:func:`claimcheck.cache.answer_key`). ``produce`` may raise
    (a usage error): nothing is kept then."""
    from ..base import open_base

    root = root_of(ctx)
    store = store_of(ctx)
    listing = key = None
    if store is not None:
        from .. import cache
        from ..load.read import Listing
        from ..rules.dates import today

        listing = Listing(root, store=store)
        key = cache.answer_key(listing, today(), command, ctx.params)
        got = cache.load_answer(store, key) if key is not None else None
        if got is not None:
            _warn_errors(got.errors)
            sys.stdout.write(got.text)
            return
    base = open_base(root, evidence=evidence, store=store, listing=listing)
    _warn_errors(base.errors)
    if key is None:
        produce(base, sys.stdout.write)
        return
    parts: list[bytes] = []
    keep = parts.append
    out = sys.stdout.write

    def write(text: str) -> None:
        out(text)
        keep(text.encode("utf-8", "surrogatepass"))

    produce(base, write)
    from .. import cache

    cache.save_answer(store, key, parts, base.errors)


def use_color(stream=None) -> bool:
    """Colour only on a terminal; NO_COLOR honoured; FORCE_COLOR forces it."""
    stream = stream or sys.stdout
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    try:
        return stream.isatty() and os.environ.get("TERM") != "dumb"
    except (AttributeError, ValueError):
        return False
