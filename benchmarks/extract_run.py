#!/usr/bin/env python3
"""Every evaluation table of `claimcheck extract`, in one run.

    python benchmarks/extract_run.py [--seeds DIR] [--claimcheck PATH] [--skip-heldout]

Runs the scorer (benchmarks/extract_eval/score.py, whose README states the
matching rules) on the dev set, the held-out set and the seeds, then
``--disputes`` on dev and held-out, and prints the tables as Markdown under a
line giving the date, the commit and each command, ready to paste into
docs/pending/extract.md. The held-out reports are only measured here: never
read them or tune on them (``--skip-heldout`` leaves them out).

Exit 0 when every table printed (targets met or not: the tables say), 2 when
the scorer could not run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import subprocess
import sys
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "extract_eval"))
import score  # noqa: E402


def _commit() -> str:
    try:
        r = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=HERE, capture_output=True, text=True, timeout=10)
        return r.stdout.strip() or "unknown"
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def _run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = score.main(argv)
    return code, out.getvalue(), err.getvalue()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seeds", metavar="DIR", help="the seed reports (default: the scorer's)")
    ap.add_argument("--claimcheck", metavar="PATH", help="the claimcheck executable (default: the scorer's)")
    ap.add_argument("--skip-heldout", action="store_true", help="measure dev and seeds only")
    a = ap.parse_args(argv)
    common = ["--claimcheck", a.claimcheck] if a.claimcheck else []
    runs = [["--set", "dev"]]
    if not a.skip_heldout:
        runs.append(["--set", "heldout"])
    runs.append(["--set", "seeds"] + (["--seeds", a.seeds] if a.seeds else []))
    runs.append(["--disputes", "--set", "dev" if a.skip_heldout else "all"])
    runs.append(["--disputes", "--set", "seeds"] + (["--seeds", a.seeds] if a.seeds else []))
    print(f"Measured {dt.date.today().isoformat()} at commit {_commit()} "
          "(times and load do not enter these numbers).\n")
    for args in runs:
        code, out, err = _run(args + common)
        print(f"`python benchmarks/extract_eval/score.py {' '.join(args)}`\n")
        if code != 0:
            sys.stderr.write(err)
            return 2
        print(out.rstrip() + "\n")
        for line in err.splitlines():
            print(f"> {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
