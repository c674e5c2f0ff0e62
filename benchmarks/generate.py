#!/usr/bin/env python3
"""Deterministic generator of synthetic claim bases (issue 8 benchmarks).

    python benchmarks/generate.py OUT --claims 100000 --files 200 [--topics N]
        [--conflicts 0.1] [--broken 0.01] [--seed 8]

writes ``OUT/sources.yaml`` and ``OUT/claims/gen-NNNN.yaml``. The same options
and seed always give the same bytes.

What a base looks like (hand-written style: block mappings, a comment per
topic, plain and quoted scalars, flow ``tags`` lists, folded ``notes``):

* ``sources.yaml``: six stances (one neutral), 40 claimants and 16 outlets,
  some claimants with a media wing (``part_of``), Admiralty grades A-F.
* claims are dealt round-robin over the files; topics (default: one per 50
  claims) are declared in the file of their first claim, so a claim often
  names a topic declared in another file. Each topic has a true value; a claim
  gives a figure around it (a number, ``about N``, ``N-M``, ``more than N``,
  ``{low, best, high}`` ...), except a share ``--conflicts`` of claims whose
  figure is 3-20x off (disjoint: a conflict). Statuses are consistent with
  what the figures say (``corroborated`` only on agreeing figures, ``contested``
  only on conflicting ones), and 2% of claims revise an earlier claim of the
  same claimant (``supersedes``; the older one is ``superseded``).
* With ``--broken 0``, ``claimcheck validate`` reports no error (it may report
  CC505 warnings where chance leaves a declared status without support).
* ``--warnings P`` decides the CC505 warnings instead of chance: each claim is
  declared ``corroborated`` with probability P and given a figure 3-20x off
  its topic's value (drawn from a second random stream, so the rest of the
  base is the same for every P), which the computed evidence contradicts
  (``contested`` or ``mixed``); such a claim is never superseded, and no
  other claim is declared corroborated or contested. ``--warnings 0`` gives a base without
  CC505 warnings, ``--warnings 0.08`` one where about 8% of the claims carry one.
* ``--broken P``: each claim record is broken with probability P, independently
  (so broken records are spread over all files, as they would be in a real
  base edited by many people; a 500-claim file at 1% holds about 5). A broken
  record gets one of ten faults, in turn: a misspelt field name, an unknown
  status, an unknown claimant, an impossible month, an unreadable figure, an
  undeclared topic, an unknown outlet, a missing id, text where a list is
  expected, and a URL without a scheme. Each fault is an error, except the
  undeclared topic (CC307, a warning).
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

STANCES = {
    "government": "The government and its allies",
    "opposition": "The armed opposition",
    "jihadist": "Jihadist groups and their media",
    "coalition": "The international coalition and the forces it backs",
    "kurdish": "Kurdish-led forces",
}
NEUTRAL = "independent"
WORDS = ("government forces opposition militia rebels civilians shelling airstrike district "
         "province city town villages checkpoint battalion brigade offensive ceasefire convoy "
         "hospital school market bridge highway border crossing refugees displaced wounded "
         "killed captured destroyed claimed reported confirmed denied independent monitor "
         "ministry spokesman commander statement according local sources residents").split()
PLACES = ["damascus", "aleppo", "idlib", "raqqa", "homs", "hama", "deir-ezzor", "daraa", "mosul",
          "kirkuk", "manbij", "afrin", "palmyra", "qamishli", "tabqa", "hasakah", "latakia", "tartus"]
WHAT = ["killed", "wounded", "captured", "displaced", "destroyed-vehicles", "airstrikes", "fighters"]
UNITS = ["people", "fighters", "soldiers", "vehicles", "airstrikes", "families"]
STATUS_FAULTS = ("confirmed", "verified", "disputed", "true")


def _sentence(rnd: random.Random, lo: int, hi: int) -> str:
    s = " ".join(rnd.choice(WORDS) for _ in range(rnd.randint(lo, hi)))
    return s[0].upper() + s[1:]


def _scalar(rnd: random.Random, s: str) -> str:
    """Mostly plain, some quoted, like hand-written files."""
    r = rnd.random()
    if r < 0.1 or ": " in s or " #" in s:
        return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if r < 0.2:
        return "'" + s.replace("'", "''") + "'"
    return s


def sources(rnd: random.Random) -> tuple[str, list[str], list[str]]:
    lines = ["# Generated claim base (benchmarks/generate.py): every claimant and outlet.", "", "stances:"]
    for sid, desc in STANCES.items():
        lines.append(f"  {sid}: {desc}")
    lines.append(f"  {NEUTRAL}: {{description: No side in the conflict, neutral: true}}")
    lines += ["", "sources:"]
    stances = [*STANCES, NEUTRAL]
    claimants, outlets = [], []
    for n in range(40):
        sid = f"claimant-{n:02d}"
        claimants.append(sid)
        lines += [f"  - id: {sid}", f"    name: {_sentence(rnd, 2, 4)} {n}", f"    kind: {rnd.choice(['government', 'armed-group', 'monitor', 'military', 'ngo'])}",
                  f"    stance: {stances[n % len(stances)]}", f"    reliability: {'ABCDEF'[n % 6]}"]
        if n % 4 == 3:  # a media wing of the previous claimant: not independent of it
            lines.append(f"    part_of: claimant-{n - 1:02d}")
        if n % 3 == 0:
            lines.append(f"    aliases: [{sid.upper()}, Claimant {n}]")
        lines.append("")
    for n in range(16):
        sid = f"outlet-{n:02d}"
        outlets.append(sid)
        lines += [f"  - id: {sid}", f"    name: Outlet {n}", "    kind: outlet", f"    stance: {stances[n % len(stances)]}",
                  f"    url: https://outlet{n}.example/", ""]
    return "\n".join(lines), claimants, outlets


class _Topic:
    __slots__ = ("id", "value", "declared_in", "claims")

    def __init__(self, tid: str, value: int):
        self.id, self.value, self.declared_in, self.claims = tid, value, None, []


def _figure(rnd: random.Random, v: int, conflict: bool) -> tuple[str, bool]:
    """(YAML text of the figure, whether it agrees with the topic's value v)."""
    if conflict:
        x = v * rnd.randint(3, 20) if rnd.random() < 0.7 else max(1, v // rnd.randint(5, 20))
        return (str(x) if rnd.random() < 0.5 else f"'about {x:,}'" if x >= 1000 else f"about {x}"), False
    r = rnd.random()
    lo = max(1, int(v * rnd.uniform(0.75, 1.0)))
    hi = int(v * rnd.uniform(1.0, 1.3)) + 1
    if r < 0.3:
        return str(v), True
    if r < 0.5:
        return f"about {v}", True
    if r < 0.65:
        return f"{lo}-{hi}", True
    if r < 0.75:
        return f"more than {lo}", True
    if r < 0.85:
        return f"at least {lo}", True
    if r < 0.93:
        return f"{{low: {lo}, best: {v}, high: {hi}}}", True
    return f'"between {lo} and {hi}"', True


_FAULTS = ("field", "status", "claimant", "date", "figure", "topic", "outlet", "id", "tags", "url")


def generate(out: Path, n_claims: int = 10_000, n_files: int = 20, n_topics: int | None = None,
             conflicts: float = 0.1, broken: float = 0.0, seed: int = 8, warnings: float | None = None) -> dict:
    """Write the base; return counts (claims, files, topics, broken,
    declared corroborated (with ``warnings``), bytes)."""
    rnd = random.Random(seed)
    wrnd = random.Random(seed * 7919 + 505)  # the --warnings draws: the main stream stays the same
    out.mkdir(parents=True, exist_ok=True)
    (out / "claims").mkdir(exist_ok=True)
    src_text, claimants, outlets = sources(rnd)
    (out / "sources.yaml").write_text(src_text, "utf-8")
    n_topics = n_topics or max(1, n_claims // 50)
    topics = []
    for t in range(n_topics):
        tid = f"{PLACES[t % len(PLACES)]}/{WHAT[t % len(WHAT)]}-{t}"
        topics.append(_Topic(tid, rnd.choice([12, 40, 85, 150, 300, 750, 1200, 4000, 25000])))
    files: list[list[str]] = [[] for _ in range(n_files)]
    topic_lines: list[list[str]] = [[] for _ in range(n_files)]
    last_by: dict[tuple[str, str], int] = {}  # (claimant, topic) -> claim number of its latest claim
    revised: set[int] = set()
    records: list[list[str]] = []
    cids: list[str] = []
    fileno_of: list[int] = []
    status_line: list[int] = []  # index of the status line in each record
    warned_at: list[bool] = []  # declared corroborated by --warnings (never superseded)
    n_broken = 0
    n_declared = 0
    fault_turn = 0
    for c in range(n_claims):
        f = c % n_files
        t = topics[rnd.randrange(n_topics)]
        if t.declared_in is None:
            t.declared_in = f
            tl = topic_lines[f]
            tl += [f"  # {_sentence(rnd, 3, 6).lower()}", f"  {t.id}:",
                   f"    title: {_scalar(rnd, _sentence(rnd, 5, 10))}",
                   f"    unit: {rnd.choice(UNITS)}"]
            r = rnd.random()
            if r < 0.1:
                tl.append("    cumulative: true")
            elif r < 0.2:
                tl.append("    cumulative: false")
        claimant = rnd.choice(claimants)
        conflict = rnd.random() < conflicts
        fig, agrees = _figure(rnd, t.value, conflict)
        year, month = 2014 + rnd.randrange(10), rnd.randint(1, 12)
        date = f"{year}-{month:02d}" if rnd.random() < 0.5 else f"{year}-{month:02d}-{rnd.randint(1, 28):02d}"
        r = rnd.random()
        status = "unverified"
        if r < 0.08 and agrees and len(t.claims) >= 3:
            status = "corroborated"
        elif r < 0.12 and not agrees and len(t.claims) >= 3:
            status = "contested"
        elif r < 0.16:
            status = "refuted"
        elif r < 0.18:
            status = "retracted"
        warned = False
        if warnings is not None:
            if status in ("corroborated", "contested"):  # chance no longer decides a warning
                status = "unverified"
            if wrnd.random() < warnings:  # corroborated, with a figure far off the topic's value
                warned = True
                status = "corroborated"
                fig, _ = _figure(wrnd, t.value, True)
                n_declared += 1
        cid = f"c{f:04d}-{c:06d}"
        rec = [f"  - id: {cid}",
               f"    statement: {_scalar(rnd, _sentence(rnd, 3, 8) + '.')}",
               f"    claimant: {claimant}",
               f"    topic: {t.id}",
               f"    about: {rnd.choice(list(STANCES))}" if rnd.random() < 0.6 else None,
               f"    figure: {fig}",
               f"    as_of: {date}" if rnd.random() < 0.7 else None,
               f"    status: {status}"]
        rec = [x for x in rec if x is not None]
        st_at = len(rec) - 1
        prev = last_by.get((claimant, t.id))
        if prev is not None and prev not in revised and rnd.random() < 0.15 and not warned_at[prev]:
            revised.add(prev)
            rec.append(f"    supersedes: {cids[prev]}")
            old = records[prev]
            old[status_line[prev]] = "    status: superseded"
        last_by[(claimant, t.id)] = c
        rec.append("    reported_by:")
        for k in range(1 if rnd.random() < 0.8 else 2):
            o = rnd.choice(outlets)
            rec += [f"      - outlet: {o}", f"        date: {date if k == 0 else f'{year}-{month:02d}'}"]
            if rnd.random() < 0.15:
                rec.append(f"        quote: {_scalar(rnd, _sentence(rnd, 4, 10) + '.')}")
            if rnd.random() < 0.4:
                rec.append(f"        url: https://{o}.example/{rnd.randrange(10**6)}")
        if rnd.random() < 0.3:
            rec.append(f"    tags: [{', '.join(rnd.sample(['casualties', 'siege', 'airstrike', 'propaganda', 'revision'], rnd.randint(1, 2)))}]")
        if rnd.random() < 0.05:
            rec += ["    notes: >-", f"      {_sentence(rnd, 6, 12)}", f"      {_sentence(rnd, 4, 10).lower()}."]
        if broken and rnd.random() < broken:
            fault = _FAULTS[fault_turn % len(_FAULTS)]
            fault_turn += 1
            n_broken += 1
            _break(rec, fault, rnd)
        t.claims.append(c)
        records.append(rec)
        cids.append(cid)
        fileno_of.append(f)
        status_line.append(st_at)
        warned_at.append(warned)
        files[f].append(cid)
    # write files
    by_file: list[list[int]] = [[] for _ in range(n_files)]
    for c, f in enumerate(fileno_of):
        by_file[f].append(c)
    total = len(src_text.encode())
    for f in range(n_files):
        lines = [f"# Generated claims, file {f} of {n_files} (benchmarks/generate.py, seed {seed})."]
        if topic_lines[f]:
            lines += ["", "topics:", *topic_lines[f]]
        lines += ["", "claims:"]
        for c in by_file[f]:
            lines += records[c]
        text = "\n".join(lines) + "\n"
        (out / "claims" / f"gen-{f:04d}.yaml").write_text(text, "utf-8")
        total += len(text.encode())
    info = {"claims": n_claims, "files": n_files, "topics": n_topics, "broken": n_broken}
    if warnings is not None:
        info["declared_corroborated"] = n_declared
    info["bytes"] = total
    return info


def _break(rec: list[str], fault: str, rnd: random.Random) -> None:
    def sub(prefix: str, new: str) -> bool:
        for i, line in enumerate(rec):
            if line.startswith(prefix):
                rec[i] = new(line) if callable(new) else new
                return True
        return False

    if fault == "field":
        sub("    statement:", lambda s: s.replace("statement:", "statment:", 1))
    elif fault == "status":
        sub("    status:", f"    status: {rnd.choice(STATUS_FAULTS)}")
    elif fault == "claimant":
        sub("    claimant:", "    claimant: claimnat-99")
    elif fault == "date":
        sub("        date:", "        date: 2019-13")  # month 13 (YAML loaders keep it as text)
    elif fault == "figure":
        sub("    figure:", "    figure: lots and lots")
    elif fault == "topic":
        sub("    topic:", lambda s: s + "-typo")
    elif fault == "outlet":
        sub("      - outlet:", "      - outlet: outlet-unknown")
    elif fault == "id":  # the record keeps its line count: later edits index its lines
        rec[0] = rec[1].replace("    statement:", "  - statement:", 1)
        rec[1] = "    # (no id)"
    elif fault == "tags":
        rec.append("    tags: casualties")
        # a record may already have a tags list: drop it so the key is not duplicated
        firsts = [i for i, x in enumerate(rec) if x.startswith("    tags:")]
        for i in reversed(firsts[:-1]):
            del rec[i]
    elif fault == "url":
        sub("        url:", lambda s: s.replace("https://", "", 1))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--claims", type=int, default=10_000)
    ap.add_argument("--files", type=int, default=20)
    ap.add_argument("--topics", type=int, default=None, help="number of topics (default: claims / 50)")
    ap.add_argument("--conflicts", type=float, default=0.1, help="share of claims with a conflicting figure")
    ap.add_argument("--broken", type=float, default=0.0, help="share of claim records with an error")
    ap.add_argument("--warnings", type=float, default=None,
                    help="share of claims declared corroborated against their computed evidence (CC505 warnings); "
                         "default: statuses left to chance")
    ap.add_argument("--seed", type=int, default=8)
    a = ap.parse_args(argv)
    info = generate(a.out, a.claims, a.files, a.topics, a.conflicts, a.broken, a.seed, a.warnings)
    print(", ".join(f"{k} {v}" for k, v in info.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
