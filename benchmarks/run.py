#!/usr/bin/env python3
"""The issue 8 benchmark: every target, timed against baselines of the same run.

    python benchmarks/run.py                 # 10k and 100k claims, 3 repetitions
    python benchmarks/run.py --reps 5 --work /tmp/cc-bench
    python benchmarks/run.py --quick         # tiny smoke run (the test suite's)

Builds the bases with benchmarks/generate.py in a work folder (a temporary
one unless --work is given; never the repository), then times each command in
a cold process (``claimcheck`` from the running interpreter's environment),
``--reps`` rounds (each round runs every command once, so load drifting
during the run weighs on baselines and targets alike), and keeps the median; peak memory is the child's own
``ru_maxrss`` (os.wait4), and for the memory target, measured apart, the
main process's peak plus each worker process's (claimcheck.parallel). Ratios
are against baselines measured in the same
run on the same files:

* the CSafeLoader-only read of the files (PyYAML's C loader: ``yaml.load`` of
  sources.yaml and every claims file), for validate, conflicts, sources and
  ``claims --format json`` (a file of the broken base holding an impossible
  date, on which CSafeLoader raises, is read again without date resolution);
* check-jsonschema (given ``claimcheck schema``) and yamllint on the 10k files;
* ``python -c "import typer"`` for ``--version`` and ``--help`` (shell
  completion, of a command and of a claim id of the large base, is timed
  beside them, without a target);
* validate at 10k for validate at 100k (growth); one topic of 20,000 claims
  against the same 20,000 claims over 400 topics;
* validate of the large base for ``diff`` on a git repository of the same
  base in which one claims file of 200 changed between two commits: both
  revisions read from git (``diff HEAD~1 HEAD``), and a revision against the
  work tree (``diff HEAD~1``).
* ``conflicts --format json`` for ``report`` (the HTML report, default
  ``--limit``, written into the work folder).

claimcheck's modules are byte-compiled first, as an installed package's are
(an editable install under PYTHONDONTWRITEBYTECODE would recompile them in
every timed run). Prints a Markdown table with each target and whether it is met; exits 1 when
one is not (never in --quick, whose sizes are too small to mean anything).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402

CSAFE_READ = r"""
import sys, yaml
from pathlib import Path
root = Path(sys.argv[1])
files = [root / "sources.yaml", *sorted((root / "claims").rglob("*.yaml"))]

class NoDates(yaml.CSafeLoader):
    pass


NoDates.yaml_implicit_resolvers = {k: [r for r in v if r[0] != "tag:yaml.org,2002:timestamp"]
                                   for k, v in yaml.CSafeLoader.yaml_implicit_resolvers.items()}
data = []
for p in files:
    text = p.read_bytes().decode("utf-8")
    try:
        data.append(yaml.load(text, Loader=yaml.CSafeLoader))
    except ValueError:  # an impossible date such as 2019-13-45 (broken base): read it as text
        data.append(yaml.load(text, Loader=NoDates))
"""


# Peak memory of claimcheck's own process and of its largest worker process
# (claimcheck.parallel): the command runs in-process here, so RUSAGE_SELF is
# the main process and RUSAGE_CHILDREN the largest worker it reaped.
MEM_PROBE = r"""
import resource, sys
sys.argv = ["claimcheck", *sys.argv[1:]]
from claimcheck._entry import main
try:
    main()
except SystemExit:
    pass
me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
sys.stderr.write(f"\nMEMORY {me} {kids}\n")
"""


def memory(args: list[str], env: dict) -> tuple[float, float, int]:
    """(main process MB, largest worker MB, workers) of one claimcheck run.
    Their sum, main + workers x largest worker, bounds the memory the whole
    command held at any moment."""
    from claimcheck.load import parallel

    p = subprocess.run([sys.executable, "-c", MEM_PROBE, *args], stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE, text=True, env=env)
    line = [x for x in p.stderr.splitlines() if x.startswith("MEMORY ")][-1]
    me, kids = (int(x) / 1024 for x in line.split()[1:])
    root = Path(args[args.index("--root") + 1])
    files = sorted((root / "claims").glob("*.yaml"))
    n = parallel.jobs(sum(f.stat().st_size for f in files), len(files), env) - 1 if kids else 0
    return me, kids, n


def _bin(name: str) -> str | None:
    p = Path(sys.executable).parent / name
    if p.exists():
        return str(p)
    return shutil.which(name)


def claimcheck() -> list[str]:
    exe = _bin("claimcheck")
    return [exe] if exe else [sys.executable, "-m", "claimcheck"]


def run_once(cmd: list[str], env: dict | None = None) -> tuple[float, float, int]:
    """(seconds, peak RSS in MB, exit code) of one cold process."""
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    _, status, usage = os.wait4(p.pid, 0)
    elapsed = time.perf_counter() - t0
    p.returncode = os.waitstatus_to_exitcode(status)
    return elapsed, usage.ru_maxrss / 1024, p.returncode


class Timer:
    """Measurements run in rounds: each round runs every command once, so a
    load that drifts during the run weighs on baselines and targets alike."""

    def __init__(self, reps: int, log) -> None:
        self.reps = reps
        self.log = log
        self.specs: list[tuple[str, list[str], dict | None, tuple]] = []
        self.results: dict[str, tuple[float, float]] = {}

    def add(self, label: str, cmd: list[str], env: dict | None = None, ok_codes=(0, 1)) -> str:
        self.specs.append((label, cmd, env, ok_codes))
        return label

    def run(self) -> None:
        times: dict[str, list[float]] = {label: [] for label, *_ in self.specs}
        rss: dict[str, list[float]] = {label: [] for label, *_ in self.specs}
        for r in range(self.reps):
            self.log(f"round {r + 1} of {self.reps}")
            for label, cmd, env, ok_codes in self.specs:
                t, m, code = run_once(cmd, env)
                if code not in ok_codes:
                    raise SystemExit(f"{label}: exit {code} from {' '.join(cmd)}")
                times[label].append(t)
                rss[label].append(m)
                self.log(f"  {label}: {t:.3f} s, {m:.0f} MB")
        for label in times:
            self.results[label] = (statistics.median(times[label]), max(rss[label]))

    def __getitem__(self, label: str) -> tuple[float, float]:
        return self.results[label]


def build(work: Path, quick: bool, log) -> dict[str, Path]:
    if quick:
        sizes = {"small": (400, 2, None, 0.0), "large": (2000, 4, None, 0.0), "broken": (2000, 4, None, 0.01),
                 "one-topic": (1000, 2, 1, 0.0), "many-topics": (1000, 2, 20, 0.0)}
    else:
        sizes = {"small": (10_000, 20, None, 0.0), "large": (100_000, 200, None, 0.0),
                 "broken": (100_000, 200, None, 0.01),
                 "one-topic": (20_000, 40, 1, 0.0), "many-topics": (20_000, 40, 400, 0.0)}
    out = {}
    for name, (n, files, topics, broken) in sizes.items():
        root = work / name
        if not (root / "sources.yaml").exists():
            info = generate(root, n, files, topics, 0.1, broken, seed=8)
            log(f"  built {name}: {info}")
        out[name] = root
    return out


GIT = ["git", "-c", "user.name=claimcheck-bench", "-c", "user.email=bench@example.org", "-c", "commit.gpgsign=false"]


def build_diff_repo(root: Path, quick: bool, log) -> Path:
    """The large base in a git repository of its own, committed twice: the
    second commit changes one claims file (five statuses flipped, one figure
    changed). The work tree is the second commit."""
    if (root / ".git").is_dir() and (root / "sources.yaml").exists():
        return root
    n, files = (2000, 4) if quick else (100_000, 200)
    info = generate(root, n, files, None, 0.1, 0.0, seed=8)
    log(f"  built diff repository: {info}")

    def git(*args: str) -> None:
        subprocess.run([*GIT, *args], cwd=root, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    git("init", "-q")
    git("add", "-A")
    git("commit", "-q", "-m", "the base")
    changed = sorted((root / "claims").glob("*.yaml"))[files // 2]
    text = changed.read_text(encoding="utf-8")
    for status in ("unverified", "corroborated", "contested"):
        text = text.replace(f"    status: {status}\n", "    status: refuted\n", 2)
    text = re.sub(r"^    figure: .*$", "    figure: 7", text, count=1, flags=re.M)
    changed.write_text(text, encoding="utf-8")
    git("commit", "-q", "-a", "-m", f"one file changed: {changed.name}")
    return root


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="issue 8 benchmark runner")
    ap.add_argument("--quick", action="store_true", help="tiny bases, one repetition: a smoke run")
    ap.add_argument("--reps", type=int, default=None, help="repetitions per measurement (default 3; 1 with --quick)")
    ap.add_argument("--work", type=Path, default=None, help="folder for the generated bases (default: a temporary one)")
    a = ap.parse_args(argv)
    reps = a.reps or (1 if a.quick else 3)

    def log(msg: str) -> None:
        sys.stderr.write(msg + "\n")
        sys.stderr.flush()

    tmp = None
    work = a.work
    if work is None:
        tmp = tempfile.TemporaryDirectory(prefix="claimcheck-bench-")
        work = Path(tmp.name)
    work.mkdir(parents=True, exist_ok=True)
    try:
        return _run(work, a.quick, reps, log)
    finally:
        if tmp is not None:
            tmp.cleanup()


def _compile_claimcheck(log) -> None:
    """Byte-compile the claimcheck being measured, as an installed package is:
    an editable install under PYTHONDONTWRITEBYTECODE (set on some machines)
    would otherwise compile every module of claimcheck in every timed run."""
    import compileall

    import claimcheck

    pkg = Path(claimcheck.__file__).resolve().parent
    if not compileall.compile_dir(str(pkg), quiet=1):
        log(f"warning: could not byte-compile {pkg}")


def _run(work: Path, quick: bool, reps: int, log) -> int:
    _compile_claimcheck(log)
    log(f"building bases in {work}")
    bases = build(work, quick, log)
    cc = claimcheck()
    env = dict(os.environ, NO_COLOR="1", COLUMNS="100", CLAIMCHECK_TODAY="2026-01-01")
    env.pop("CLAIMCHECK_PARSER", None)
    T = Timer(reps, log)
    py = sys.executable
    big, small, broken = bases["large"], bases["small"], bases["broken"]
    log("timing")
    T.add("csafe", [py, "-c", CSAFE_READ, str(big)], ok_codes=(0,))
    T.add("csafe_b", [py, "-c", CSAFE_READ, str(broken)], ok_codes=(0,))
    T.add("val", [*cc, "--root", str(big), "validate"], env)
    T.add("val_b", [*cc, "--root", str(broken), "validate"], env)
    T.add("conf", [*cc, "--root", str(big), "conflicts"], env)
    T.add("srcs", [*cc, "--root", str(big), "sources"], env)
    T.add("cl", [*cc, "--root", str(big), "claims", "--format", "json"], env)
    T.add("conf_json", [*cc, "--root", str(big), "conflicts", "--format", "json"], env)
    T.add("report", [*cc, "--root", str(big), "report", "-o", str(work / "report-large")], env)
    T.add("val_s", [*cc, "--root", str(small), "validate"], env)
    T.add("strict_s", [*cc, "--root", str(small), "validate"], dict(env, CLAIMCHECK_PARSER="strict"))
    files = sorted(str(p) for p in (small / "claims").glob("*.yaml"))
    schema = work / "claims.schema.json"
    with open(schema, "w") as fh:
        subprocess.run([*cc, "schema"], stdout=fh, check=True)
    tool_cmds = {}
    cj = _bin("check-jsonschema")
    if cj:
        tool_cmds["check-jsonschema"] = T.add("check-jsonschema", [cj, "--schemafile", str(schema), *files], ok_codes=(0, 1))
    yl = _bin("yamllint")
    if yl:
        tool_cmds["yamllint"] = T.add("yamllint", [yl, "-f", "parsable", *files], ok_codes=(0, 1))
    T.add("typer", [py, "-c", "import typer"], ok_codes=(0,))
    T.add("ver", [*cc, "--version"], env, ok_codes=(0,))
    T.add("hlp", [*cc, "--help"], env, ok_codes=(0,))
    # shell completion (bash) runs claimcheck on every tab: a command, and a claim id of the large base
    T.add("comp_cmd", cc, dict(env, _CLAIMCHECK_COMPLETE="complete_bash", COMP_WORDS="claimcheck sh", COMP_CWORD="1"),
          ok_codes=(0,))
    T.add("comp_id", cc, dict(env, _CLAIMCHECK_COMPLETE="complete_bash", COMP_CWORD="4",
                              COMP_WORDS=f"claimcheck --root {big} show c0001-0002"), ok_codes=(0,))
    T.add("one_v", [*cc, "--root", str(bases["one-topic"]), "validate"], env)
    T.add("many_v", [*cc, "--root", str(bases["many-topics"]), "validate"], env)
    T.add("one_c", [*cc, "--root", str(bases["one-topic"]), "conflicts"], env)
    T.add("many_c", [*cc, "--root", str(bases["many-topics"]), "conflicts"], env)
    diff_repo = build_diff_repo(work / "diff-repo", quick, log)
    T.add("diff2", [*cc, "--root", str(diff_repo), "diff", "HEAD~1", "HEAD"], env, ok_codes=(0,))
    T.add("diffw", [*cc, "--root", str(diff_repo), "diff", "HEAD~1"], env, ok_codes=(0,))
    T.run()
    log("peak memory of main and worker processes")
    mem = {name: memory(["--root", str(root), "validate"], env) for name, root in (("large", big), ("broken", broken))}
    csafe, csafe_b, val, val_b, conf, srcs, cl = (T[k] for k in ("csafe", "csafe_b", "val", "val_b", "conf", "srcs", "cl"))
    val_s, strict_s, typer_t, ver, hlp = (T[k] for k in ("val_s", "strict_s", "typer", "ver", "hlp"))
    one_v, many_v, one_c, many_c = (T[k] for k in ("one_v", "many_v", "one_c", "many_c"))
    diff2, diffw = T["diff2"], T["diffw"]
    tools = {name: T[label] for name, label in tool_cmds.items()}
    labels = {
        "csafe": "CSafeLoader read, large", "csafe_b": "CSafeLoader read, large 1% broken",
        "val": "validate, large", "val_b": "validate, large 1% broken", "conf": "conflicts, large",
        "srcs": "sources, large", "cl": "claims --format json, large", "val_s": "validate, small",
        "strict_s": "validate, small, CLAIMCHECK_PARSER=strict", "check-jsonschema": "check-jsonschema, small",
        "yamllint": "yamllint, small", "typer": 'python -c "import typer"', "ver": "claimcheck --version",
        "hlp": "claimcheck --help", "comp_cmd": "completion of a command (bash)",
        "comp_id": "completion of a claim id (bash), large", "one_v": "validate, one topic", "many_v": "validate, many topics",
        "one_c": "conflicts, one topic", "many_c": "conflicts, many topics",
        "diff2": "diff HEAD~1 HEAD, large, one file changed", "diffw": "diff HEAD~1 (work tree), large, one file changed",
        "conf_json": "conflicts --format json, large", "report": "report -o DIR, large",
    }

    n_big = "100k" if not quick else "2k"
    n_small = "10k" if not quick else "400"
    rows = []

    def row(what, t, base_label, base_t, ratio, target, ok):
        rows.append((what, t, base_label, base_t, ratio, target, ok))

    def at_most(what, t, base_label, base, limit):
        r = t / base
        row(what, f"{t:.2f} s", base_label, f"{base:.2f} s", f"{r:.3f}x", f"<= {limit}x", r <= limit)

    at_most(f"validate, {n_big} claims, clean", val[0], "CSafeLoader read", csafe[0], 0.25)
    at_most(f"validate, {n_big} claims, 1% broken", val_b[0], "CSafeLoader read", csafe_b[0], 0.35)
    at_most(f"conflicts, {n_big}", conf[0], "CSafeLoader read", csafe[0], 0.35)
    at_most(f"sources, {n_big}", srcs[0], "CSafeLoader read", csafe[0], 0.35)
    at_most(f"claims --format json, {n_big}", cl[0], "CSafeLoader read", csafe[0], 0.35)
    at_most(f"report, {n_big}", T["report"][0], "conflicts --format json", T["conf_json"][0], 2)
    for name, (t, _) in tools.items():
        r = t / val_s[0]
        row(f"{name} / validate, {n_small}", f"{val_s[0]:.2f} s", name, f"{t:.2f} s", f"{r:.1f}x faster", ">= 20x", r >= 20)
    for name in ("check-jsonschema", "yamllint"):
        if name not in tools:
            row(f"{name} / validate, {n_small}", "-", name, "not installed", "-", ">= 20x", False)
    growth = val[0] / val_s[0]
    row(f"growth: validate {n_big} / {n_small}", f"{val[0]:.2f} s", f"validate {n_small}", f"{val_s[0]:.2f} s",
        f"{growth:.1f}", "<= 12", growth <= 12)
    for what, one, many in (("validate", one_v, many_v), ("conflicts", one_c, many_c)):
        r = one[0] / many[0]
        row(f"{what}: one topic / many topics", f"{one[0]:.2f} s", "many topics", f"{many[0]:.2f} s", f"{r:.2f}x", "<= 2x", r <= 2)
    for name, what in (("large", f"validate {n_big}"), ("broken", f"validate {n_big} 1% broken")):
        me, kid, n = mem[name]
        total = me + n * kid
        how = f"main {me:.0f} MB + {n} worker{'s' if n > 1 else ''} x {kid:.0f} MB" if n else "one process"
        row(f"peak memory, {what}", f"{total:.0f} MB", how, "-", "-", "<= 400 MB", total <= 400)
    at_most(f"diff of two revisions, {n_big}, one file changed", diff2[0], "validate", val[0], 2.5)
    at_most(f"diff of a revision and the work tree, {n_big}, one file changed", diffw[0], "validate", val[0], 2.5)
    at_most("claimcheck --version", ver[0], "import typer", typer_t[0], 1.5)
    at_most("claimcheck --help", hlp[0], "import typer", typer_t[0], 1.5)

    print(f"Issue 8 targets ({'--quick smoke run: sizes too small for the targets' if quick else f'median of {reps} cold runs'}; "
          f"{n_big} claims in {len(list((big / 'claims').glob('*.yaml')))} files)\n")
    print("| measure | time | baseline | baseline time | ratio | target | met |")
    print("|---|---|---|---|---|---|---|")
    for what, t, bl, bt, r, target, ok in rows:
        print(f"| {what} | {t} | {bl} | {bt} | {r} | {target} | {'yes' if ok else 'NO'} |")
    print("\nOther measurements (peak memory in MB):\n")
    print("| run | median | peak memory |")
    print("|---|---|---|")
    for label, (t, m) in T.results.items():
        print(f"| {labels.get(label, label)} | {t:.3f} s | {m:.0f} MB |")
    print(f"\nstrict loader on the {n_small} base (CLAIMCHECK_PARSER=strict): {strict_s[0]:.2f} s "
          f"against {val_s[0]:.2f} s with the fast path")
    met = all(r[-1] for r in rows)
    print(f"\n{'All targets met.' if met else 'Some targets NOT met.'}")
    return 0 if (met or quick) else 1


if __name__ == "__main__":
    raise SystemExit(main())
