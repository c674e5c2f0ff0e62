#!/usr/bin/env python3
"""The performance benchmark: every target, timed against baselines of the same run.

    python benchmarks/run.py                 # every base, 3 rounds
    python benchmarks/run.py --reps 5 --work /tmp/cc-bench
    python benchmarks/run.py --quick         # tiny smoke run (the test suite's)

Builds the bases in a work folder (a temporary one unless --work is given;
never the repository):

* with benchmarks/generate.py: 100,000 claims in 200 files, clean (no error,
  no warning), with 8% CC505 warnings, and with 8% warnings and 1% broken
  records; 10,000 claims (growth, other tools); one topic against many;
* with benchmarks/gencorpus.py (a copy of the team's shared generator): its
  100,000-claim base with its own share of warnings, and the same with
  ``--broken 0.01``.

Then times each command in a cold process (``claimcheck`` from the running
interpreter's environment), ``--reps`` rounds (each round runs every command
once, so load drifting during the run weighs on baselines and targets
alike), and keeps the median. Each command runs in one of three cache states,
the cache folder given by ``CLAIMCHECK_CACHE_DIR``:

* cold: an empty cache folder (emptied before every timed run; the run
  writes the cache, and that is timed too);
* warm: the base unchanged since the same command ran (untimed) with the
  same cache;
* one file changed: a copy of the base whose cache is warm, then one claim
  of one of its 200 files given a claimant that names no source (a new text
  every round, so the cache cannot have seen it); the run must report that
  new CC303 error, which the runner checks.

Peak memory is the child's own ``ru_maxrss`` (os.wait4); for the memory
target, measured apart on cold runs, the main process's peak plus each
worker process's (claimcheck.load.parallel).

Ratios are against baselines measured in the same run on the same files:

* the CSafeLoader-only read of the files (PyYAML's C loader: ``yaml.load`` of
  sources.yaml and every claims file, all kept), for validate, conflicts,
  sources and claims (a file of a broken base holding an impossible date, on
  which CSafeLoader raises, is read again without date resolution);
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
every timed run). Prints a Markdown table with each target and whether it is
met, and the spread (lowest and highest of the rounds) of every run; exits 1
when a target is not met (never in --quick, whose sizes are too small to
mean anything).
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
GENCORPUS = HERE / "gencorpus.py"

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
from claimcheck.cli import run  # the command line without its hard exit (claimcheck.cli.main)
try:
    run()
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


def run_once(cmd: list[str], env: dict | None = None, stdout=None) -> tuple[float, float, int]:
    """(seconds, peak RSS in MB, exit code) of one cold process."""
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=stdout or subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    _, status, usage = os.wait4(p.pid, 0)
    elapsed = time.perf_counter() - t0
    p.returncode = os.waitstatus_to_exitcode(status)
    return elapsed, usage.ru_maxrss / 1024, p.returncode


class Timer:
    """Measurements run in rounds: each round runs every command once, so a
    load that drifts during the run weighs on baselines and targets alike.
    A command may have a ``before`` step (untimed: emptying or warming a
    cache, changing a file) and a ``check`` of its output."""

    def __init__(self, reps: int, log, work: Path) -> None:
        self.reps = reps
        self.log = log
        self.work = work
        self.specs: list[tuple] = []
        self.results: dict[str, tuple[float, float]] = {}
        self.spread: dict[str, tuple[float, float]] = {}
        self.failed_checks: dict[str, str] = {}

    def add(self, label: str, cmd: list[str], env: dict | None = None, ok_codes=(0, 1), before=None, check=None) -> str:
        self.specs.append((label, cmd, env, ok_codes, before, check))
        return label

    def run(self) -> None:
        times: dict[str, list[float]] = {spec[0]: [] for spec in self.specs}
        rss: dict[str, list[float]] = {spec[0]: [] for spec in self.specs}
        out = self.work / "stdout.txt"
        for r in range(self.reps):
            self.log(f"round {r + 1} of {self.reps}")
            for label, cmd, env, ok_codes, before, check in self.specs:
                if before is not None:
                    before()
                if check is not None:
                    with open(out, "wb") as fh:
                        t, m, code = run_once(cmd, env, fh)
                    problem = check(out.read_text("utf-8", "replace"))
                    if problem:
                        self.failed_checks[label] = problem
                else:
                    t, m, code = run_once(cmd, env)
                if code not in ok_codes:
                    raise SystemExit(f"{label}: exit {code} from {' '.join(cmd)}")
                times[label].append(t)
                rss[label].append(m)
                self.log(f"  {label}: {t:.3f} s, {m:.0f} MB")
        for label in times:
            self.results[label] = (statistics.median(times[label]), max(rss[label]))
            self.spread[label] = (min(times[label]), max(times[label]))

    def __getitem__(self, label: str) -> tuple[float, float]:
        return self.results[label]


#: name -> (generator, claims, files, topics, broken, warnings); warnings None: left to chance (generate.py)
FULL = {
    "small": ("generate", 10_000, 20, None, 0.0, 0.0),
    "clean": ("generate", 100_000, 200, None, 0.0, 0.0),
    "warn": ("generate", 100_000, 200, None, 0.0, 0.08),
    "warn-broken": ("generate", 100_000, 200, None, 0.01, 0.08),
    "gc": ("gencorpus", 100_000, 200, None, 0.0, None),
    "gc-broken": ("gencorpus", 100_000, 200, None, 0.01, None),
    "one-topic": ("generate", 20_000, 40, 1, 0.0, 0.0),
    "many-topics": ("generate", 20_000, 40, 400, 0.0, 0.0),
}
QUICK = {
    "small": ("generate", 400, 2, None, 0.0, 0.0),
    "clean": ("generate", 2000, 4, None, 0.0, 0.0),
    "warn": ("generate", 2000, 4, None, 0.0, 0.08),
    "warn-broken": ("generate", 2000, 4, None, 0.01, 0.08),
    "gc": ("gencorpus", 2000, 4, None, 0.0, None),
    "gc-broken": ("gencorpus", 2000, 4, None, 0.01, None),
    "one-topic": ("generate", 1000, 2, 1, 0.0, 0.0),
    "many-topics": ("generate", 1000, 2, 20, 0.0, 0.0),
}


def build(work: Path, quick: bool, log) -> dict[str, Path]:
    out = {}
    for name, (gen, n, files, topics, broken, warnings) in (QUICK if quick else FULL).items():
        root = work / name
        if not (root / "sources.yaml").exists():
            # in a process of its own: this one stays small, so the memory of
            # the commands it starts (forked from it) is theirs alone
            if gen == "generate":
                cmd = [sys.executable, str(HERE / "generate.py"), str(root), "--claims", str(n), "--files", str(files),
                       "--conflicts", "0.1", "--broken", str(broken), "--seed", "8"]
                if topics is not None:
                    cmd += ["--topics", str(topics)]
                if warnings is not None:
                    cmd += ["--warnings", str(warnings)]
            else:
                cmd = [sys.executable, str(GENCORPUS), str(n), str(root), "--per-file", str(n // files)]
                if broken:
                    cmd += ["--broken", str(broken)]
            subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
            log(f"  built {name}: {' '.join(cmd[1:])}")
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
    subprocess.run([sys.executable, str(HERE / "generate.py"), str(root), "--claims", str(n), "--files", str(files),
                    "--conflicts", "0.1", "--seed", "8"], check=True, stdout=subprocess.DEVNULL)
    log(f"  built diff repository: {n} claims in {files} files")

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
    ap = argparse.ArgumentParser(description="claimcheck benchmark runner")
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


class ChangedCopy:
    """A copy of a base for the one-file-changed runs: before each timed run,
    the file is restored, the cache warmed by an untimed validate, then one
    claim's claimant replaced by a name never used before."""

    def __init__(self, src: Path, dest: Path, cache: Path, cc: list[str], env: dict) -> None:
        if dest.exists():
            shutil.rmtree(dest)
        shutil.copytree(src, dest)
        self.root = dest
        files = sorted((dest / "claims").glob("*.yaml"))
        self.file = files[len(files) // 2]
        self.original = self.file.read_bytes()
        self.cache = cache
        self.env = dict(env, CLAIMCHECK_CACHE_DIR=str(cache))
        self.cc = cc
        self.name = ""

    def before(self) -> None:
        self.file.write_bytes(self.original)
        subprocess.run([*self.cc, "--root", str(self.root), "validate"], stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, env=self.env)
        self.name = f"no-such-source-{time.time_ns()}"
        text = self.original.decode("utf-8")
        at = text.index("\n    claimant: ") + len("\n    claimant: ")
        end = text.index("\n", at)
        self.file.write_bytes((text[:at] + self.name + text[end:]).encode("utf-8"))

    def check(self, out: str) -> str:
        rel = self.file.relative_to(self.root).as_posix()
        if not any(rel in line and "CC303" in line and self.name in line for line in out.splitlines()):
            return f"the new problem in {rel} ({self.name}) is not reported"
        return ""


def _run(work: Path, quick: bool, reps: int, log) -> int:
    _compile_claimcheck(log)
    log(f"building bases in {work}")
    bases = build(work, quick, log)
    cc = claimcheck()
    env = dict(os.environ, NO_COLOR="1", COLUMNS="100", CLAIMCHECK_TODAY="2026-01-01")
    env.pop("CLAIMCHECK_PARSER", None)
    env.pop("CLAIMCHECK_NO_CACHE", None)
    caches = work / "caches"
    if caches.exists():
        shutil.rmtree(caches)
    caches.mkdir()
    cold_dir = caches / "cold"
    cold_env = dict(env, CLAIMCHECK_CACHE_DIR=str(cold_dir))

    def empty_cold() -> None:
        shutil.rmtree(cold_dir, ignore_errors=True)

    T = Timer(reps, log, work)
    py = sys.executable
    log("timing")
    # (base, the same base with broken records, its label in the table)
    judged = [("warn", "warn-broken", "generate.py, 8% warnings"), ("gc", "gc-broken", "gencorpus.py")]
    for name in ("clean", "warn", "warn-broken", "gc", "gc-broken"):
        T.add(f"csafe:{name}", [py, "-c", CSAFE_READ, str(bases[name])], ok_codes=(0,))
    commands = {"val": ["validate"], "conf": ["conflicts", "--format", "json"], "srcs": ["sources", "--format", "json"],
                "cl": ["claims", "--format", "json"]}
    for name in ("clean", "warn", "gc"):
        root = str(bases[name])
        for key, args in commands.items():
            T.add(f"cold:{key}:{name}", [*cc, "--root", root, *args], cold_env, before=empty_cold)
    for name in ("warn-broken", "gc-broken"):
        T.add(f"cold:val:{name}", [*cc, "--root", str(bases[name]), "validate"], cold_env, before=empty_cold)
    changed: dict[str, ChangedCopy] = {}
    for name, _, _ in judged:
        root = str(bases[name])
        warm_env = dict(env, CLAIMCHECK_CACHE_DIR=str(caches / f"warm-{name}"))
        for key, args in commands.items():
            cmd = [*cc, "--root", root, *args]
            T.add(f"warm:{key}:{name}", cmd, warm_env,
                  before=lambda cmd=cmd, e=warm_env: subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=e))
        ch = changed[name] = ChangedCopy(bases[name], work / f"changed-{name}", caches / f"changed-{name}", cc, env)
        T.add(f"changed:val:{name}", [*cc, "--root", str(ch.root), "validate"], ch.env, before=ch.before, check=ch.check)
    small = bases["small"]
    T.add("val_s", [*cc, "--root", str(small), "validate"], cold_env, before=empty_cold)
    T.add("strict_s", [*cc, "--root", str(small), "validate"], dict(cold_env, CLAIMCHECK_PARSER="strict"), before=empty_cold)
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
    big = str(bases["clean"])
    # shell completion (bash) runs claimcheck on every tab: a command, and a claim id of the large base
    T.add("comp_cmd", cc, dict(env, _CLAIMCHECK_COMPLETE="complete_bash", COMP_WORDS="claimcheck sh", COMP_CWORD="1"),
          ok_codes=(0,))
    T.add("comp_id", cc, dict(cold_env, _CLAIMCHECK_COMPLETE="complete_bash", COMP_CWORD="4",
                              COMP_WORDS=f"claimcheck --root {big} show c0001-0002"), ok_codes=(0,))
    T.add("report", [*cc, "--root", big, "report", "-o", str(work / "report-large")], cold_env, before=empty_cold)
    diff_repo = build_diff_repo(work / "diff-repo", quick, log)
    T.add("diff2", [*cc, "--root", str(diff_repo), "diff", "HEAD~1", "HEAD"], cold_env, before=empty_cold, ok_codes=(0,))
    T.add("diffw", [*cc, "--root", str(diff_repo), "diff", "HEAD~1"], cold_env, before=empty_cold, ok_codes=(0,))
    for key, args in (("one_v", ["validate"]), ("one_c", ["conflicts"])):
        T.add(key, [*cc, "--root", str(bases["one-topic"]), *args], cold_env, before=empty_cold)
        T.add(key.replace("one", "many"), [*cc, "--root", str(bases["many-topics"]), *args], cold_env, before=empty_cold)
    T.run()
    log("peak memory of main and worker processes")
    mem = {}
    for name in ("warn", "warn-broken", "gc", "gc-broken"):
        empty_cold()
        mem[name] = memory(["--root", str(bases[name]), "validate"], cold_env)
    empty_cold()

    n_big = "100k" if not quick else "2k"
    n_small = "10k" if not quick else "400"
    rows = []

    def row(what, t, base_label, base_t, ratio, target, ok):
        rows.append((what, t, base_label, base_t, ratio, target, ok))

    def at_most(what, label, base_label, base, limit):
        t = T[label][0]
        b = T[base][0]
        r = t / b
        row(what, f"{t:.2f} s", base_label, f"{b:.2f} s", f"{r:.3f}x", f"<= {limit}x", r <= limit)

    def base_rows(name: str, broken: str | None, words: str, judged_base: bool) -> None:
        cs = f"csafe:{name}"
        at_most(f"validate, cold, {n_big} {words}", f"cold:val:{name}", "CSafeLoader read", cs, 0.25)
        if broken:
            at_most(f"validate, cold, {n_big} {words}, 1% broken", f"cold:val:{broken}", "CSafeLoader read",
                    f"csafe:{broken}", 0.35)
        at_most(f"conflicts --format json, cold, {n_big} {words}", f"cold:conf:{name}", "CSafeLoader read", cs, 0.35)
        at_most(f"sources --format json, cold, {n_big} {words}", f"cold:srcs:{name}", "CSafeLoader read", cs, 0.35)
        at_most(f"claims --format json, cold, {n_big} {words}", f"cold:cl:{name}", "CSafeLoader read", cs, 0.35)
        if not judged_base:
            return
        at_most(f"validate, warm, {n_big} {words}", f"warm:val:{name}", "CSafeLoader read", cs, 0.08)
        at_most(f"conflicts --format json, warm, {n_big} {words}", f"warm:conf:{name}", "CSafeLoader read", cs, 0.10)
        at_most(f"validate, one file of {len(list((bases[name] / 'claims').glob('*.yaml')))} changed, {n_big} {words}",
                f"changed:val:{name}", "CSafeLoader read", cs, 0.15)
        problem = T.failed_checks.get(f"changed:val:{name}", "")
        row(f"one file changed, {words}: the new problem reported", "-", "-", "-", "-", "reported",
            not problem)
        for b in (name, broken):
            me, kid, n = mem[b]
            total = me + n * kid
            how = f"main {me:.0f} MB + {n} worker{'s' if n > 1 else ''} x {kid:.0f} MB" if n else "one process"
            what = f"peak memory, validate cold, {n_big} {words}" + (", 1% broken" if b == broken else "")
            row(what, f"{total:.0f} MB", how, "-", "-", "<= 400 MB", total <= 400)

    for name, broken, words in judged:
        base_rows(name, broken, words, True)
    base_rows("clean", None, "generate.py, clean", False)
    tools = {name: T[label] for name, label in tool_cmds.items()}
    val_s = T["val_s"]
    at_most(f"report, {n_big}, cold", "report", "conflicts --format json", "cold:conf:clean", 2)
    for name, (t, _) in tools.items():
        r = t / val_s[0]
        row(f"{name} / validate, {n_small}", f"{val_s[0]:.2f} s", name, f"{t:.2f} s", f"{r:.1f}x faster", ">= 20x", r >= 20)
    for name in ("check-jsonschema", "yamllint"):
        if name not in tools:
            row(f"{name} / validate, {n_small}", "-", name, "not installed", "-", ">= 20x", False)
    val = T["cold:val:clean"]
    growth = val[0] / val_s[0]
    row(f"growth: validate {n_big} / {n_small}, clean, cold", f"{val[0]:.2f} s", f"validate {n_small}", f"{val_s[0]:.2f} s",
        f"{growth:.1f}", "<= 12", growth <= 12)
    for what, one, many in (("validate", "one_v", "many_v"), ("conflicts", "one_c", "many_c")):
        r = T[one][0] / T[many][0]
        row(f"{what}: one topic / many topics", f"{T[one][0]:.2f} s", "many topics", f"{T[many][0]:.2f} s", f"{r:.2f}x",
            "<= 2x", r <= 2)
    at_most(f"diff of two revisions, {n_big}, one file changed", "diff2", "validate, cold", "cold:val:clean", 2.5)
    at_most(f"diff of a revision and the work tree, {n_big}, one file changed", "diffw", "validate, cold",
            "cold:val:clean", 2.5)
    at_most("claimcheck --version", "ver", "import typer", "typer", 1.5)
    at_most("claimcheck --help", "hlp", "import typer", "typer", 1.5)

    print(f"Targets ({'--quick smoke run: sizes too small for the targets' if quick else f'median of {reps} rounds'}; "
          f"{n_big} claims in {len(list((bases['warn'] / 'claims').glob('*.yaml')))} files; "
          f"{_cpus()} CPUs; load average before {_load0:.2f}, after {os.getloadavg()[0]:.2f})\n")
    print("| measure | time | baseline | baseline time | ratio | target | met |")
    print("|---|---|---|---|---|---|---|")
    for what, t, bl, bt, r, target, ok in rows:
        print(f"| {what} | {t} | {bl} | {bt} | {r} | {target} | {'yes' if ok else 'NO'} |")
    print("\nEvery run: median, lowest and highest of the rounds, peak memory of the process in MB:\n")
    print("| run | median | lowest | highest | peak memory |")
    print("|---|---|---|---|---|")
    for label, (t, m) in T.results.items():
        lo, hi = T.spread[label]
        print(f"| {_describe(label, bases)} | {t:.3f} s | {lo:.3f} s | {hi:.3f} s | {m:.0f} MB |")
    strict_s = T["strict_s"]
    print(f"\nstrict loader on the {n_small} base (CLAIMCHECK_PARSER=strict): {strict_s[0]:.2f} s "
          f"against {val_s[0]:.2f} s with the fast path")
    for label, problem in T.failed_checks.items():
        print(f"\n{label}: {problem}")
    met = all(r[-1] for r in rows)
    print(f"\n{'All targets met.' if met else 'Some targets NOT met.'}")
    return 0 if (met or quick) else 1


_load0 = os.getloadavg()[0]


def _cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


_WHAT = {"val": "validate", "conf": "conflicts --format json", "srcs": "sources --format json", "cl": "claims --format json"}
_OTHER = {
    "val_s": "validate, small, cold", "strict_s": "validate, small, cold, CLAIMCHECK_PARSER=strict",
    "check-jsonschema": "check-jsonschema, small", "yamllint": "yamllint, small", "typer": 'python -c "import typer"',
    "ver": "claimcheck --version", "hlp": "claimcheck --help", "one_v": "validate, one topic, cold",
    "many_v": "validate, many topics, cold", "one_c": "conflicts, one topic, cold", "many_c": "conflicts, many topics, cold",
    "comp_cmd": "completion of a command (bash)", "comp_id": "completion of a claim id (bash), large, cold",
    "report": "report -o DIR, large (generate.py, clean), cold",
    "diff2": "diff HEAD~1 HEAD, large, one file changed, cold",
    "diffw": "diff HEAD~1 (work tree), large, one file changed, cold",
}


def _describe(label: str, bases: dict[str, Path]) -> str:
    parts = label.split(":")
    if parts[0] == "csafe":
        return f"CSafeLoader read, {parts[1]}"
    if len(parts) == 3:
        state = {"cold": "cold", "warm": "warm", "changed": "one file changed"}[parts[0]]
        return f"{_WHAT[parts[1]]}, {parts[2]}, {state}"
    return _OTHER.get(label, label)


if __name__ == "__main__":
    raise SystemExit(main())
