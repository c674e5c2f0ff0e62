"""The console-script entry point.

``claimcheck --version`` answers before typer is imported (start-up time is
measured against ``python -c "import typer"``); everything else goes to the
typer application in :mod:`claimcheck.cli`.
"""

from __future__ import annotations

import sys


def main() -> None:
    if sys.argv[1:] == ["--version"]:
        from . import __version__

        sys.stdout.write(f"claimcheck {__version__}\n")
        return
    from .cli import main as cli_main

    cli_main()
