"""The ``claimcheck`` command line: a thin layer over the core modules.

:mod:`.app` holds the typer application and what the commands share; each
command group lives in its own module and registers itself on it. Commands
import the core (and rich) inside the command functions, so ``--help``,
``--version`` and shell completion stay fast.
"""

from __future__ import annotations

import errno
import os
import sys

from ..text import safe
from . import complete
from .app import app

# Command groups, in the order `--help` lists them.
from . import validate as _validate  # noqa: E402,F401,I001
from . import xref as _xref  # noqa: E402,F401
from . import bias as _bias  # noqa: E402,F401
from . import authoring as _authoring  # noqa: E402,F401
from . import interop as _interop  # noqa: E402,F401
from . import diff as _diff  # noqa: E402,F401
from . import extract as _extract  # noqa: E402,F401
from . import report as _report  # noqa: E402,F401

__all__ = ["app", "main", "run"]


def _whole_summaries() -> None:
    """``claimcheck --help`` lists each command with the first paragraph of
    its help, whole: click would cut it to the width left, with '...'."""
    for info in app.registered_commands:
        doc = info.callback.__doc__ if info.callback else None
        if info.short_help is None and info.help is None and doc:
            info.short_help = " ".join(doc.strip().split("\n\n")[0].split())


_whole_summaries()

#: Allocations between two collections of the youngest generation (CPython's default is 700).
GC_THRESHOLD = 200_000


def main() -> None:
    """Console-script entry point: no input, however broken, gives a
    traceback. The process ends without freeing what the command built (as
    mypy does): its output flushed, then :func:`os._exit`."""
    try:
        run()
    except SystemExit as e:
        code = e.code
    else:
        code = 0
    if code is None:
        code = 0
    elif not isinstance(code, int):  # as sys.exit(text) does
        sys.stderr.write(f"{code}\n")
        code = 1
    try:
        sys.stdout.flush()
    except BrokenPipeError:  # the reader went away: the command's verdict stands
        pass
    except OSError as e:  # the output is lost (a full disk): never a success
        _say(f"claimcheck: could not write the output: {e.strerror or e}\n")
        code = code or 1
    except (ValueError, AttributeError):  # closed, or set to None: nothing left to write
        pass
    try:
        sys.stderr.flush()
    except (OSError, ValueError, AttributeError):
        pass
    if sys.gettrace() is not None or sys.getprofile() is not None or any(m in sys.modules for m in _WATCHERS):
        sys.exit(code)  # a profiler or coverage writes what it saw as the interpreter ends
    os._exit(code)


#: Modules claimcheck never imports, which watch a run and report as the
#: interpreter ends (``python -m cProfile -m claimcheck ...``, coverage):
#: with one of them the process ends as usual.
_WATCHERS = ("cProfile", "profile", "trace", "coverage")


def _say(text: str) -> None:
    try:
        sys.stderr.write(text)
    except (OSError, ValueError, AttributeError):
        pass


def run() -> None:
    """The command line, to its end as :func:`sys.exit` ends it (tests and
    the benchmark runner measure the process after it)."""
    import gc

    import claimcheck

    # A command builds hundreds of thousands of short-lived acyclic objects
    # (records, evidence, JSON rows) and exits: collect cycles rarely, as mypy
    # does, instead of every 700 allocations.
    gc.set_threshold(GC_THRESHOLD, 50, 100)
    claimcheck.KEEP_ALIVE = []  # every base opened, freed at once by the end of the process
    if os.environ.get(complete.COMPLETE_VAR):
        complete.plain_help()
    try:
        app(prog_name="claimcheck")
    except KeyboardInterrupt:
        sys.stderr.write("claimcheck: interrupted\n")
        sys.exit(130)
    except BrokenPipeError:
        try:
            sys.stdout = None  # type: ignore[assignment]
        finally:
            os._exit(0)
    except OSError as e:
        if e.errno not in _NO_ROOM:
            _internal_error(e)
        sys.stderr.write(f"claimcheck: could not write the output: {e.strerror}\n")
        sys.exit(1)
    except Exception as e:  # a bug in claimcheck, not in the input
        _internal_error(e)


#: The errors of a write that found no room (a full disk, a quota, a file
#: too large, a device failing): the output is lost, and that is no bug.
_NO_ROOM = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO})


def _internal_error(e: BaseException) -> None:
    if os.environ.get("CLAIMCHECK_DEBUG"):
        raise e
    sys.stderr.write(
        f"claimcheck: internal error: {type(e).__name__}: {safe(e)}\n"
        "This is a bug in claimcheck; run again with CLAIMCHECK_DEBUG=1 for the traceback and report it.\n"
    )
    sys.exit(3)
