"""Where one claimcheck command spends its time: the wall time of each phase
of the main process, in one run.

    python benchmarks/phases.py --root BASE conflicts --format json > /dev/null

runs the command in this process (its arguments as claimcheck takes them)
with each phase below timed, and prints on stderr when each began, how long
it took and the CPU time of this process in it (a worker process's time is
not counted there: a phase whose CPU time is below its wall time waited for
workers). cProfile doubles the time of small functions; this adds a timer
call per phase only.
"""

from __future__ import annotations

import atexit
import importlib
import sys
import time
from collections import defaultdict

T0 = time.perf_counter()

#: (module, attribute): the phases timed; the ones called often are summed.
PHASES = [
    ("claimcheck.load.read", "Listing.__init__"),
    ("claimcheck.load.read", "read_base"),
    ("claimcheck.rules.run", "check_base"),
    ("claimcheck.xref.evidence", "_evidence"),
    ("claimcheck.xref.conflicts", "topic_reports"),
    ("claimcheck.load.read", "Placing.finish"),
    ("claimcheck.model", "Base.placed_findings"),
    ("claimcheck.records.encode", "write_json_records"),
    ("claimcheck.cache", "save"),
    ("claimcheck.cache", "save_answer"),
    ("claimcheck.load.entry", "encode"),
    ("claimcheck.load.cache", "Store.put_parts"),
]
#: Modules that imported a phase's function by name: patched there too.
USERS = ["claimcheck.base", "claimcheck.rules.run", "claimcheck.xref", "claimcheck.load.read"]

marks: list[tuple[str, float, float, float]] = []


def _timed(name: str, f):
    def timed(*a, **k):
        t, c = time.perf_counter(), time.process_time()
        try:
            return f(*a, **k)
        finally:
            marks.append((name, t - T0, time.perf_counter() - t, time.process_time() - c))

    return timed


def _patch() -> None:
    for modname, attr in PHASES:
        obj = importlib.import_module(modname)
        *owners, name = attr.split(".")
        for o in owners:
            obj = getattr(obj, o)
        f = getattr(obj, name)
        w = _timed(attr, f)
        setattr(obj, name, w)
        for user in USERS:
            m = importlib.import_module(user)
            if not owners and getattr(m, name, None) is f:
                setattr(m, name, w)


def _report() -> None:
    sys.stdout.flush()
    out = sys.stderr
    out.write(f"\ntotal {time.perf_counter() - T0:.2f} s (from the start of this script)\n")
    sums: dict[str, list] = defaultdict(lambda: [0, 0.0, 0.0])
    for name, _, wall, cpu in marks:
        s = sums[name]
        s[0] += 1
        s[1] += wall
        s[2] += cpu
    out.write(f"{'phase':28} {'calls':>5} {'began':>6} {'wall':>6} {'cpu':>6}\n")
    first = {}
    for name, began, _, _ in marks:
        first.setdefault(name, began)
    for name, (n, wall, cpu) in sorted(sums.items(), key=lambda kv: first[kv[0]]):
        out.write(f"{name:28} {n:5d} {first[name]:6.2f} {wall:6.2f} {cpu:6.2f}\n")


def main() -> None:
    _patch()
    atexit.register(_report)
    sys.argv = ["claimcheck", *sys.argv[1:]]
    from claimcheck.cli import run  # the command line without its hard exit (claimcheck.cli.main)

    run()


if __name__ == "__main__":
    main()
