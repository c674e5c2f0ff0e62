"""Score `claimcheck extract` against the hand-keyed evaluation set.

    python benchmarks/extract_eval/score.py [--set dev|heldout|all|seeds]
        [--claimcheck PATH] [--seeds DIR] [--disputes] [--details] [--json FILE]

Per report it runs ``claimcheck extract FILE --format json --date <published>
--outlet <outlet>`` (in a fresh claim base made by ``claimcheck init``; for the
seeds, in the repository's own base), scores the drafts with :func:`score` and
prints one Markdown table per set: key figures, found (recall), claimant right
(attribution accuracy over the found figures), numeric drafts and noise, with
the targets of issue 14 (recall >= 80 %, attribution >= 65 %, noise <= 30 %;
seeds: recall >= 70 %).

``--disputes`` instead extracts every report of a set ``--into`` one temporary
base and counts the key's disputes that ``claimcheck conflicts --format json``
shows (target: at least half). ``--disputes --set seeds`` extracts the seeds
into one fresh base and counts the false conflicts: conflicting pairs whose two
claims are not two figures of one quantity (one topic) of the bundled base.

Standard library and PyYAML only. The answer keys are in ``keys/`` (README.md
says how they were written); the seeds' key is derived from the repository's
``claims/*.yaml``. If ``claimcheck extract`` does not exist yet the runner says
so in one line and exits 2.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

import yaml

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
REPORTS = HERE / "reports"
KEYS = HERE / "keys"

DEV = tuple(f"r{i:02d}" for i in range(1, 7))
HELDOUT = tuple(f"r{i:02d}" for i in range(7, 13))

TARGET_RECALL = 0.80
TARGET_ATTRIBUTION = 0.65
TARGET_NOISE = 0.30
TARGET_SEEDS_RECALL = 0.70
TARGET_DISPUTES = 0.50

EXTRACT_TIMEOUT = 300  # seconds for one `claimcheck extract` run


class RunnerError(Exception):
    """A condition that ends the run with a one-line message and exit code 2."""


# --------------------------------------------------------------------------
# Text: the visible text of a report, normalised, with a map back to the file
# --------------------------------------------------------------------------

# Tags that sit inside a sentence: removed without a space (<em>x</em>, <a>).
INLINE_TAGS = frozenset(
    "a abbr b bdi bdo cite code data dfn em font i kbd mark q s samp small span strong sub sup time tt u var wbr".split()
)
_DROP_BLOCKS = ("head", "script", "style", "noscript", "template", "svg")
_TAG_RE = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)[^>]*>|<!--.*?-->|<![^>]*>|<\?[^>]*>", re.S)
_ENTITY_RE = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);?")

# One character in, one character out (so positions survive): quotes and
# dashes unified, case folded where that keeps the length.
_CHAR_MAP = {
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-", "\u2212": "-",
    "\u00a0": " ", "\u2009": " ", "\u202f": " ", "\u2007": " ",
}
# Markdown emphasis marks and zero-width characters are dropped.
_DROPPED = frozenset("*`\u200b\u200c\u200d\ufeff\u00ad")


def _fold(ch: str) -> str:
    ch = _CHAR_MAP.get(ch, ch)
    low = ch.lower()
    return low if len(low) == 1 else ch


def norm(s: str) -> str:
    """Normalise a quote, a sentence or a figure for comparison: quotes and
    dashes unified, lower case, Markdown emphasis dropped, whitespace runs
    collapsed to one space, trimmed."""
    out: list[str] = []
    space = False
    for ch in str(s):
        if ch in _DROPPED:
            continue
        c = _fold(ch)
        if c.isspace():
            space = bool(out)
            continue
        if space:
            out.append(" ")
            space = False
        out.append(c)
    return "".join(out)


def visible_raw(raw: str, is_html: bool) -> tuple[str, list[int]]:
    """The text a reader sees, with the offset in ``raw`` of each character.

    Plain text and Markdown are taken as they are. HTML loses its <head>,
    scripts, styles and comments; inline tags vanish, other tags become a
    line break, entities are unescaped."""
    if not is_html:
        return raw, list(range(len(raw)))
    chars: list[str] = []
    offs: list[int] = []
    i, n = 0, len(raw)
    while i < n:
        ch = raw[i]
        if ch == "<":
            m = _TAG_RE.match(raw, i)
            if m is None:
                chars.append(ch)
                offs.append(i)
                i += 1
                continue
            name = (m.group(2) or "").lower()
            if m.group(1) == "" and name in _DROP_BLOCKS:
                end = re.compile(r"</\s*" + name + r"\s*>", re.I).search(raw, m.end())
                i = end.end() if end else n
                chars.append("\n")
                offs.append(m.start())
                continue
            if name not in INLINE_TAGS:
                chars.append("\n")
                offs.append(m.start())
            i = m.end()
            continue
        if ch == "&":
            m = _ENTITY_RE.match(raw, i)
            if m is not None:
                text = html.unescape(m.group(0))
                for c in text:
                    chars.append(c)
                    offs.append(i)
                i = m.end()
                continue
        chars.append(ch)
        offs.append(i)
        i += 1
    return "".join(chars), offs


@dataclass
class ReportText:
    """A report's normalised visible text, with raw-file positions."""

    raw: str
    text: str  # norm() of the visible text
    raw_offsets: list[int]  # raw offset of each character of ``text``
    line_starts: list[int] = field(default_factory=list)

    @classmethod
    def from_raw(cls, raw: str, is_html: bool) -> "ReportText":
        vis, offs = visible_raw(raw, is_html)
        out: list[str] = []
        out_offs: list[int] = []
        space_at = -1
        for ch, off in zip(vis, offs):
            if ch in _DROPPED:
                continue
            c = _fold(ch)
            if c.isspace():
                if out and space_at < 0:
                    space_at = off
                continue
            if space_at >= 0:
                out.append(" ")
                out_offs.append(space_at)
                space_at = -1
            out.append(c)
            out_offs.append(off)
        starts = [0] + [m.end() for m in re.finditer(r"\n", raw)]
        return cls(raw, "".join(out), out_offs, starts)

    @classmethod
    def from_file(cls, path: Path) -> "ReportText":
        raw = path.read_text(encoding="utf-8", errors="replace")
        return cls.from_raw(raw, path.suffix.lower() in (".html", ".htm"))

    def find_all(self, needle: str) -> list[int]:
        """Start indexes (in ``text``) of every occurrence of norm(needle)."""
        n = norm(needle)
        if not n:
            return []
        out, i = [], self.text.find(n)
        while i >= 0:
            out.append(i)
            i = self.text.find(n, i + 1)
        return out

    def raw_offset(self, line: Any, column: Any) -> int | None:
        """Raw offset of a 1-based line and column (None when out of range)."""
        try:
            line, column = int(line), int(column)
        except (TypeError, ValueError):
            return None
        if not 1 <= line <= len(self.line_starts):
            return None
        return self.line_starts[line - 1] + max(column - 1, 0)

    def text_index(self, raw_off: int) -> int:
        """First index of ``text`` whose raw offset is at or after ``raw_off``."""
        lo, hi = 0, len(self.raw_offsets)
        while lo < hi:
            mid = (lo + hi) // 2
            if self.raw_offsets[mid] < raw_off:
                lo = mid + 1
            else:
                hi = mid
        return lo


# --------------------------------------------------------------------------
# Figures: text containment on word boundaries, or equal parsed numbers
# --------------------------------------------------------------------------


def _bounded_in(needle: str, hay: str) -> bool:
    """``needle`` occurs in ``hay`` and is not part of a longer word or number
    ("100" is not in "10,100" nor in "1005")."""
    if not needle:
        return False
    start = hay.find(needle)
    while start >= 0:
        end = start + len(needle)
        before = hay[start - 1] if start > 0 else ""
        after = hay[end] if end < len(hay) else ""
        ok_before = not (before.isalnum() or (before in ",." and start > 1 and hay[start - 2].isdigit()
                                               and needle[:1].isdigit()))
        ok_after = not (after.isalnum() or (after in ",." and end + 1 < len(hay) and hay[end + 1].isdigit()
                                            and needle[-1:].isdigit()))
        if ok_before and ok_after:
            return True
        start = hay.find(needle, start + 1)
    return False


def _num(v: Any) -> float | None:
    """A bound as a float: numbers, numeric strings ("2,000"), ISO dates (as
    day ordinals, as the figure grammar counts dates) and dates."""
    if v is None or isinstance(v, bool):
        return None
    if isinstance(v, (int, float)):
        return float(v)
    if isinstance(v, _dt.datetime):
        return float(v.date().toordinal())
    if isinstance(v, _dt.date):
        return float(v.toordinal())
    if isinstance(v, str):
        s = v.strip().replace(",", "")
        try:
            return float(s)
        except ValueError:
            pass
        try:
            return float(_dt.date.fromisoformat(s).toordinal())
        except ValueError:
            return None
    return None


def _same(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= 1e-6 * max(1.0, abs(a), abs(b))


def figure_text(draft: dict) -> str:
    fig = draft.get("figure")
    if isinstance(fig, dict):
        return str(fig.get("text") or "")
    if fig is None:
        return ""
    return str(fig)


def figure_bounds(draft: dict) -> tuple[float | None, float | None, float | None]:
    fig = draft.get("figure")
    if not isinstance(fig, dict):
        return None, None, None
    return _num(fig.get("low")), _num(fig.get("high")), _num(fig.get("best"))


def is_numeric(draft: dict) -> bool:
    """A draft with a parsed figure (any of low, high, best)."""
    return any(x is not None for x in figure_bounds(draft))


def figure_matches(draft: dict, kfig: dict) -> bool:
    """The draft's figure text contains the key's figure phrase or the other
    way round (on word boundaries), or their parsed low and high are equal."""
    dt, kt = norm(figure_text(draft)), norm(kfig.get("figure") or "")
    if dt and kt and (_bounded_in(kt, dt) or _bounded_in(dt, kt)):
        return True
    if "low" in kfig or "high" in kfig:
        dl, dh, _ = figure_bounds(draft)
        kl, kh = _num(kfig.get("low")), _num(kfig.get("high"))
        if dl is not None and kl is not None and _same(dl, kl) and _same(dh, kh):
            return True
    return False


# --------------------------------------------------------------------------
# Quotes: one contains the other, or the draft's quote covers the figure
# --------------------------------------------------------------------------


def _figure_span(kfig: dict, rt: ReportText) -> tuple[int, int] | None:
    """Where the key's figure phrase is in the report (indexes in rt.text)."""
    sent, fig = norm(kfig.get("sentence") or ""), norm(kfig.get("figure") or "")
    if not sent or not fig:
        return None
    starts = rt.find_all(kfig["sentence"])
    inner = sent.find(fig)
    if not starts or inner < 0:
        return None
    return starts[0] + inner, starts[0] + inner + len(fig)


def _quote_spans(draft: dict, rt: ReportText) -> list[tuple[int, int]]:
    """Where the draft's quote is in the report: every verbatim occurrence
    (after normalisation), else the stretch starting at its line and column."""
    q = norm(draft.get("quote") or "")
    if not q:
        return []
    spans = [(i, i + len(q)) for i in rt.find_all(q)]
    if spans:
        return spans
    off = rt.raw_offset(draft.get("line"), draft.get("column"))
    if off is None:
        return []
    start = rt.text_index(off)
    slack = 20 + len(q) // 10  # entities and markup the extractor may have resolved
    return [(max(start - 2, 0), start + len(q) + slack)]


def quote_matches(draft: dict, kfig: dict, rt: ReportText | None) -> bool:
    q, s = norm(draft.get("quote") or ""), norm(kfig.get("sentence") or "")
    if not q or not s:
        return False
    if q in s or s in q:
        return True
    if rt is None:
        return False
    span = _figure_span(kfig, rt)
    if span is None:
        return False
    return any(a <= span[0] and span[1] <= b for a, b in _quote_spans(draft, rt))


def draft_matches(draft: dict, kfig: dict, rt: ReportText | None) -> bool:
    return figure_matches(draft, kfig) and quote_matches(draft, kfig, rt)


# --------------------------------------------------------------------------
# Claimants
# --------------------------------------------------------------------------


def name_key(s: Any) -> str:
    """A claimant name for comparison: case-folded, quotes unified, outer
    punctuation and a leading "the" dropped."""
    n = norm(str(s or "")).strip(" .,:;\"'()[]")
    if n.startswith("the "):
        n = n[4:]
    return n


def _slug(s: Any) -> str:
    return re.sub(r"[^a-z0-9]+", "-", norm(str(s or ""))).strip("-")


def claimant_matches(draft: dict, kfig: dict) -> bool:
    names = [kfig.get("claimant")] + list(kfig.get("claimant_aliases") or [])
    keys = {name_key(n) for n in names if n} - {""}
    slugs = {_slug(n) for n in names if n} - {""}
    for given in (draft.get("claimant_name"), draft.get("claimant")):
        if given and (name_key(given) in keys or _slug(given) in slugs):
            return True
    return False


# --------------------------------------------------------------------------
# Scoring one report
# --------------------------------------------------------------------------


def _max_matching(n_left: int, edges: list[list[int]], start: dict[int, int] | None = None) -> dict[int, int]:
    """Maximum bipartite matching by augmenting paths; returns right -> left.
    Vertices matched in ``start`` stay matched."""
    match_r: dict[int, int] = dict(start or {})
    match_l: dict[int, int] = {l: r for r, l in match_r.items()}

    def augment(left: int, seen: set[int]) -> bool:
        for r in edges[left]:
            if r in seen:
                continue
            seen.add(r)
            if r not in match_r or augment(match_r[r], seen):
                match_r[r] = left
                match_l[left] = r
                return True
        return False

    for left in range(n_left):
        if left not in match_l:
            augment(left, set())
    return match_r


def score(drafts: list[dict], key: dict, text: str | None = None) -> dict:
    """Score one report's drafts against its key.

    ``drafts``: the JSON list `claimcheck extract --format json` prints (each a
    dict with at least quote, line, column, figure {text, low, high, best},
    claimant, claimant_name). ``key``: an answer key (see README.md). ``text``:
    the report as in the file (HTML allowed), used to locate figures when a
    draft's quote is not a verbatim superstring or substring of the key
    sentence; may be None.

    A draft matches a key figure when its quote overlaps the key sentence (one
    contains the other after normalisation, or the quote's place in the text
    covers the key figure) and its figure text contains the key's figure phrase
    or the other way round, or their parsed low and high are equal. One draft
    matches at most one key figure (a maximum matching, preferring drafts whose
    claimant is right). A numeric draft matching no key figure and no optional
    figure is noise (a second draft of a figure already matched is noise too).
    """
    drafts = [d for d in (drafts or []) if isinstance(d, dict)]
    figures = [f for f in (key.get("figures") or []) if isinstance(f, dict)]
    optional = [f for f in (key.get("optional") or []) if isinstance(f, dict)]
    rt = None
    if text is not None:
        name = str(key.get("report") or "")
        is_html = name.lower().endswith((".html", ".htm")) or bool(re.search(r"<(html|body|p|div)\b", text[:5000], re.I))
        rt = ReportText.from_raw(text, is_html)

    good_edges: list[list[int]] = [[] for _ in drafts]
    all_edges: list[list[int]] = [[] for _ in drafts]
    right: set[tuple[int, int]] = set()
    for i, d in enumerate(drafts):
        for j, f in enumerate(figures):
            if draft_matches(d, f, rt):
                all_edges[i].append(j)
                if claimant_matches(d, f):
                    good_edges[i].append(j)
                    right.add((i, j))
    matching = _max_matching(len(drafts), good_edges)
    matching = _max_matching(len(drafts), all_edges, matching)

    matched_drafts = set(matching.values())
    found = len(matching)
    claimant_right = sum(1 for j, i in matching.items() if (i, j) in right)
    numeric = [i for i, d in enumerate(drafts) if is_numeric(d)]
    noise_idx = [
        i for i in numeric
        if i not in matched_drafts and not any(draft_matches(drafts[i], o, rt) for o in optional)
    ]
    n_key = len(figures)
    return {
        "report": key.get("report"),
        "key_figures": n_key,
        "found": found,
        "claimant_right": claimant_right,
        "drafts": len(drafts),
        "numeric_drafts": len(numeric),
        "noise_drafts": len(noise_idx),
        "recall": found / n_key if n_key else None,
        "attribution": claimant_right / found if found else None,
        "noise": len(noise_idx) / len(numeric) if numeric else None,
        "matches": [
            {"figure": figures[j].get("id", j), "draft": i, "claimant_right": (i, j) in right}
            for j, i in sorted(matching.items())
        ],
        "missed": [f.get("id", j) for j, f in enumerate(figures) if j not in matching],
        "wrong_claimant": [
            {"figure": figures[j].get("id", j), "expected": figures[j].get("claimant"),
             "got": drafts[i].get("claimant_name") or drafts[i].get("claimant")}
            for j, i in sorted(matching.items()) if (i, j) not in right
        ],
        "noise_quotes": [
            {"draft": i, "figure": figure_text(drafts[i]), "quote": str(drafts[i].get("quote") or "")[:160]}
            for i in noise_idx
        ],
    }


def total(results: Iterable[dict]) -> dict:
    """Micro-averaged totals over several reports' score() results."""
    rs = list(results)
    t = {k: sum(r[k] for r in rs) for k in ("key_figures", "found", "claimant_right", "drafts", "numeric_drafts", "noise_drafts")}
    t["reports"] = len(rs)
    t["recall"] = t["found"] / t["key_figures"] if t["key_figures"] else None
    t["attribution"] = t["claimant_right"] / t["found"] if t["found"] else None
    t["noise"] = t["noise_drafts"] / t["numeric_drafts"] if t["numeric_drafts"] else None
    return t


# --------------------------------------------------------------------------
# Keys
# --------------------------------------------------------------------------


def load_key(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not isinstance(data.get("figures"), list):
        raise RunnerError(f"{path}: not an answer key (a mapping with a figures list)")
    return data


def keys_for(which: str) -> list[tuple[Path, dict]]:
    stems = {"dev": DEV, "heldout": HELDOUT, "all": DEV + HELDOUT}[which]
    out = []
    for p in sorted(KEYS.glob("*.yaml")):
        if p.name[:3] in stems:
            out.append((p, load_key(p)))
    if not out:
        raise RunnerError(f"no answer keys for --set {which} in {KEYS}")
    return out


def default_seeds() -> Path:
    """The five seed reports the bundled base is built from, kept in the
    repository with the test fixtures."""
    return REPO / "tests" / "fixtures" / "seeds"


def seeds_key(seeds_dir: Path, repo: Path = REPO) -> list[tuple[Path, dict]]:
    """The seeds' key, derived from the repository's claim base: every claim
    with a ``figure`` one of whose ``reported_by[].quote`` occurs in a seed
    report. Claimant names and aliases come from sources.yaml; a claim of the
    ``unattributed`` source counts the outlet that reported it as right too
    (extract gives the outlet's own voice to figures nobody is named for)."""
    if not seeds_dir.is_dir():
        raise RunnerError(f"seeds folder not found: {seeds_dir} (give it with --seeds DIR)")
    seeds = sorted(p for p in seeds_dir.iterdir() if p.is_file() and not p.name.startswith("."))
    texts = {p: ReportText.from_file(p) for p in seeds}
    srcdoc = yaml.safe_load((repo / "sources.yaml").read_text(encoding="utf-8")) or {}
    sources = {s["id"]: s for s in srcdoc.get("sources") or [] if isinstance(s, dict) and "id" in s}
    try:  # the project's own figure grammar, for the key's low/high
        sys.path.insert(0, str(repo))
        from claimcheck.figures import parse_figure  # type: ignore
    except Exception:  # pragma: no cover - only without the package
        parse_figure = None
    per_seed: dict[Path, dict] = {}
    for cf in sorted((repo / "claims").glob("*.yaml")):
        doc = yaml.safe_load(cf.read_text(encoding="utf-8")) or {}
        for c in doc.get("claims") or []:
            if not isinstance(c, dict) or "figure" not in c or c.get("figure") is None:
                continue
            fig = c["figure"]
            ftext = fig.isoformat() if isinstance(fig, (_dt.date, _dt.datetime)) else ("" if isinstance(fig, dict) else str(fig))
            low = high = None
            if parse_figure is not None:
                try:
                    pf = parse_figure(fig)
                    low, high = pf.low, pf.high
                except Exception:
                    pass
            claimant = c.get("claimant")
            src = sources.get(claimant, {})
            names = [src.get("name") or claimant] + list(src.get("aliases") or []) + [claimant]
            done: set[Path] = set()
            for rb in c.get("reported_by") or []:
                if not isinstance(rb, dict) or not rb.get("quote"):
                    continue
                for p, rt in texts.items():
                    if p in done or not rt.find_all(rb["quote"]):
                        continue
                    done.add(p)
                    aliases = list(names)
                    if claimant == "unattributed" and rb.get("outlet"):
                        out = sources.get(rb["outlet"], {})
                        aliases += [rb["outlet"], out.get("name") or rb["outlet"]]
                    k = per_seed.setdefault(p, {"report": p.name, "figures": [], "optional": [], "disputes": [],
                                                "outlet": rb.get("outlet"), "published": None})
                    if rb.get("date") and not k["published"]:
                        k["published"] = str(rb["date"])
                    k["figures"].append({
                        "id": c.get("id"), "sentence": " ".join(str(rb["quote"]).split()), "figure": ftext,
                        "low": low, "high": high, "claimant": names[0],
                        "claimant_aliases": [a for a in aliases[1:] if a], "quantity": c.get("topic"),
                    })
    return [(p, per_seed[p]) for p in seeds if p in per_seed]


# --------------------------------------------------------------------------
# Running claimcheck
# --------------------------------------------------------------------------


def find_claimcheck(given: str | None) -> str:
    if given:
        p = shutil.which(given) or (given if Path(given).is_file() else None)
        if not p:
            raise RunnerError(f"claimcheck executable not found: {given}")
        return p
    for cand in (shutil.which("claimcheck"), str(REPO / ".venv" / "bin" / "claimcheck")):
        if cand and Path(cand).is_file():
            return cand
    raise RunnerError("claimcheck executable not found (install the project or pass --claimcheck PATH)")


def _run(cmd: list[str], *, cwd: Path | None = None, timeout: int = EXTRACT_TIMEOUT) -> subprocess.CompletedProcess:
    env = dict(os.environ, NO_COLOR="1", COLUMNS="200")
    env.pop("CLAIMCHECK_ROOT", None)
    try:
        return subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout,
                              stdin=subprocess.DEVNULL, errors="replace")
    except subprocess.TimeoutExpired:
        return subprocess.CompletedProcess(cmd, 124, "", f"timed out after {timeout} s")
    except OSError as e:
        raise RunnerError(f"cannot run {cmd[0]}: {e}") from None


def check_extract(exe: str) -> None:
    r = _run([exe, "extract", "--help"], timeout=60)
    if r.returncode != 0 or "extract" not in (r.stdout + r.stderr).lower():
        raise RunnerError("`claimcheck extract` is not available in this claimcheck (nothing to score yet)")


def make_base(exe: str, where: Path) -> Path:
    base = where / "base"
    r = _run([exe, "init", str(base)], timeout=60)
    if r.returncode != 0:
        msg = (r.stderr or r.stdout).strip().splitlines()
        raise RunnerError("`claimcheck init` failed: " + (msg[-1] if msg else f"exit {r.returncode}"))
    return base


def _extract_args(path: Path, key: dict) -> list[str]:
    args = ["extract", str(path), "--format", "json"]
    if key.get("published"):
        args += ["--date", str(key["published"])]
    if key.get("outlet"):
        args += ["--outlet", str(key["outlet"])]
    return args


def run_extract(exe: str, root: Path, path: Path, key: dict) -> tuple[list[dict], str | None]:
    """Drafts for one report, or ([], a one-line error)."""
    r = _run([exe, "--root", str(root)] + _extract_args(path, key))
    if r.returncode != 0:
        lines = (r.stderr or r.stdout).strip().splitlines()
        return [], f"exit {r.returncode}: {lines[-1] if lines else ''}"[:200]
    try:
        data = json.loads(r.stdout)
    except ValueError as e:
        return [], f"output is not JSON ({e})"
    if isinstance(data, dict):  # tolerate {"drafts": [...]}
        data = data.get("drafts", [])
    if not isinstance(data, list):
        return [], "output is not a JSON list"
    return [d for d in data if isinstance(d, dict)], None


# --------------------------------------------------------------------------
# Disputes
# --------------------------------------------------------------------------


def _claims_of(base: Path) -> dict[str, dict]:
    out: dict[str, dict] = {}
    for p in sorted((base / "claims").glob("*.yaml")):
        try:
            doc = yaml.safe_load(p.read_text(encoding="utf-8")) or {}
        except yaml.YAMLError:
            continue
        for c in doc.get("claims") or [] if isinstance(doc, dict) else []:
            if isinstance(c, dict) and c.get("id"):
                out[str(c["id"])] = c
    return out


def disputes_visible(keys: list[tuple[Path, dict]], claims: dict[str, dict], conflicts: dict) -> tuple[int, int, list[str]]:
    """How many of the keys' disputes show as a conflicting pair in
    ``conflicts`` (the JSON of `claimcheck conflicts --format json`)."""
    bounds: dict[str, tuple[Any, Any]] = {}
    pairs: list[tuple[str, str]] = []
    for t in conflicts.get("topics") or []:
        for c in t.get("claims") or []:
            bounds[str(c.get("id"))] = (c.get("low"), c.get("high"))
        for p in t.get("pairs") or []:
            if p.get("relation") == "conflict":
                pairs.append((str(p.get("a")), str(p.get("b"))))

    def as_drafts(cid: str) -> list[dict]:
        c = claims.get(cid) or {}
        fig = c.get("figure")
        text = fig.isoformat() if isinstance(fig, (_dt.date, _dt.datetime)) else ("" if isinstance(fig, dict) else str(fig or ""))
        low, high = bounds.get(cid, (None, None))
        return [{"quote": rb.get("quote"), "figure": {"text": text, "low": low, "high": high}}
                for rb in c.get("reported_by") or [] if isinstance(rb, dict) and rb.get("quote")]

    total_n, seen, missing = 0, 0, []
    for path, key in keys:
        rt = ReportText.from_file(REPORTS / key["report"])
        by_id = {f["id"]: f for f in key["figures"]}
        for dsp in key.get("disputes") or []:
            total_n += 1
            figs = [by_id[i] for i in dsp.get("figures") or [] if i in by_id]
            ok = False
            for a, b in pairs:
                ma = {f["id"] for f in figs if any(draft_matches(d, f, rt) for d in as_drafts(a))}
                mb = {f["id"] for f in figs if any(draft_matches(d, f, rt) for d in as_drafts(b))}
                if ma and mb and (len(ma | mb) >= 2):
                    ok = True
                    break
            seen += ok
            if not ok:
                missing.append(f"{path.stem}:{dsp.get('quantity')}")
    return seen, total_n, missing


def run_disputes(exe: str, which: str) -> tuple[int, int, list[str], list[str]]:
    keys = keys_for(which)
    errors: list[str] = []
    with tempfile.TemporaryDirectory(prefix="extract-eval-") as tmp:
        base = make_base(exe, Path(tmp))
        for path, key in keys:
            report = REPORTS / key["report"]
            r = _run([exe, "--root", str(base)] + _extract_args(report, key) + ["--into", "claims/extracted.yaml"], cwd=base)
            if r.returncode != 0:
                lines = (r.stderr or r.stdout).strip().splitlines()
                errors.append(f"{path.stem}: extract --into exit {r.returncode}: {lines[-1] if lines else ''}"[:200])
        r = _run([exe, "--root", str(base), "conflicts", "--format", "json"], cwd=base)
        try:
            conflicts = json.loads(r.stdout) if r.stdout.strip() else {}
        except ValueError:
            conflicts = {}
            errors.append(f"conflicts --format json gave no JSON (exit {r.returncode})")
        seen, total_n, missing = disputes_visible(keys, _claims_of(base), conflicts)
    return seen, total_n, missing, errors


def _extract_into(exe: str, base: Path, items: list[tuple[Path, dict]], errors: list[str]) -> dict:
    """Extract each (report, key) --into one base; the conflicts JSON."""
    for report, key in items:
        r = _run([exe, "--root", str(base)] + _extract_args(report, key) + ["--into", "claims/extracted.yaml"], cwd=base)
        if r.returncode != 0:
            lines = (r.stderr or r.stdout).strip().splitlines()
            errors.append(f"{report.stem}: extract --into exit {r.returncode}: {lines[-1] if lines else ''}"[:200])
    r = _run([exe, "--root", str(base), "conflicts", "--format", "json"], cwd=base)
    try:
        return json.loads(r.stdout) if r.stdout.strip() else {}
    except ValueError:
        errors.append(f"conflicts --format json gave no JSON (exit {r.returncode})")
        return {}


def classify_conflicts(keys: list[tuple[Path, dict]], claims: dict[str, dict], conflicts: dict,
                       texts: dict[str, "ReportText"]) -> dict[str, Any]:
    """Sort the conflicting pairs of ``conflicts`` (JSON) by the key: on one
    quantity (two figures the key puts on one topic: a dispute, or a revision),
    across quantities (two figures the key puts on different topics: a false
    conflict), or with a claim outside the key (a figure the key does not
    record: a false conflict too, since the key records every figure it
    compares). ``texts``: report name -> ReportText."""
    bounds: dict[str, tuple[Any, Any]] = {}
    pairs: list[tuple[str, str, str]] = []
    for t in conflicts.get("topics") or []:
        for c in t.get("claims") or []:
            bounds[str(c.get("id"))] = (c.get("low"), c.get("high"))
        for p in t.get("pairs") or []:
            if p.get("relation") == "conflict":
                pairs.append((str(t.get("topic")), str(p.get("a")), str(p.get("b"))))

    def quantities(cid: str) -> set[str]:
        c = claims.get(cid) or {}
        fig = c.get("figure")
        text = fig.isoformat() if isinstance(fig, (_dt.date, _dt.datetime)) else ("" if isinstance(fig, dict) else str(fig or ""))
        low, high = bounds.get(cid, (None, None))
        drafts = [{"quote": rb.get("quote"), "figure": {"text": text, "low": low, "high": high}}
                  for rb in c.get("reported_by") or [] if isinstance(rb, dict) and rb.get("quote")]
        out = set()
        for _, key in keys:
            rt = texts.get(key["report"])
            for f in key["figures"]:
                if any(draft_matches(d, f, rt) for d in drafts):
                    out.add(str(f.get("quantity")))
        return out

    res: dict[str, Any] = {"pairs": len(pairs), "one_quantity": 0, "across": 0, "unkeyed": 0, "false_pairs": []}
    cache: dict[str, set[str]] = {}
    for topic, a, b in pairs:
        qa = cache.setdefault(a, quantities(a))
        qb = cache.setdefault(b, quantities(b))
        if qa & qb:
            res["one_quantity"] += 1
            continue
        res["across" if qa and qb else "unkeyed"] += 1
        res["false_pairs"].append(f"{topic}: {a} vs {b}")
    res["false"] = res["across"] + res["unkeyed"]
    return res


def run_seed_conflicts(exe: str, seeds_dir: Path) -> tuple[dict[str, Any], list[str]]:
    keys = seeds_key(seeds_dir)
    errors: list[str] = []
    with tempfile.TemporaryDirectory(prefix="extract-eval-") as tmp:
        base = make_base(exe, Path(tmp))
        conflicts = _extract_into(exe, base, [(seeds_dir / k["report"], k) for _, k in keys], errors)
        texts = {k["report"]: ReportText.from_file(seeds_dir / k["report"]) for _, k in keys}
        res = classify_conflicts(keys, _claims_of(base), conflicts, texts)
    return res, errors


# --------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------


def _pct(x: float | None) -> str:
    return "n/a" if x is None else f"{100 * x:.0f}%"


def _mark(ok: bool | None) -> str:
    return "n/a" if ok is None else ("met" if ok else "MISSED")


def markdown_table(name: str, rows: list[tuple[str, dict]], *, seeds: bool = False) -> str:
    t = total(r for _, r in rows)
    head = ["report", "key figures", "found", "recall", "claimant right", "attribution"]
    if not seeds:
        head += ["numeric drafts", "noise"]
    lines = [f"### {name}", "", "| " + " | ".join(head) + " |", "|" + "---|" * len(head)]

    def cells(label: str, r: dict) -> list[str]:
        c = [label, str(r["key_figures"]), str(r["found"]), _pct(r["recall"]), str(r["claimant_right"]), _pct(r["attribution"])]
        if not seeds:
            c += [str(r["numeric_drafts"]), _pct(r["noise"])]
        return c

    for label, r in rows:
        lines.append("| " + " | ".join(cells(label, r)) + " |")
    lines.append("| " + " | ".join(cells(f"**all {t['reports']}**", t)) + " |")
    lines.append("")
    if seeds:
        rec = t["recall"] is not None and t["recall"] >= TARGET_SEEDS_RECALL
        lines.append(f"Targets: recall >= {TARGET_SEEDS_RECALL:.0%}: {_mark(rec if t['recall'] is not None else None)}"
                     f" (attribution reported, no target).")
    else:
        rec = None if t["recall"] is None else t["recall"] >= TARGET_RECALL
        att = None if t["attribution"] is None else t["attribution"] >= TARGET_ATTRIBUTION
        noi = None if t["noise"] is None else t["noise"] <= TARGET_NOISE
        lines.append(f"Targets: recall >= {TARGET_RECALL:.0%}: {_mark(rec)}; attribution >= {TARGET_ATTRIBUTION:.0%}: "
                     f"{_mark(att)}; noise <= {TARGET_NOISE:.0%}: {_mark(noi)}.")
    return "\n".join(lines) + "\n"


def _details(rows: list[tuple[str, dict]]) -> str:
    out = []
    for label, r in rows:
        if r["missed"] or r["wrong_claimant"] or r["noise_quotes"]:
            out.append(f"- {label}: missed {r['missed'] or '-'}")
            for w in r["wrong_claimant"]:
                out.append(f"  - wrong claimant on {w['figure']}: expected {w['expected']!r}, got {w['got']!r}")
            for nq in r["noise_quotes"]:
                out.append(f"  - noise: {nq['figure']!r} in {nq['quote']!r}")
    return "\n".join(out) + ("\n" if out else "")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--set", dest="which", choices=("dev", "heldout", "all", "seeds"), default="all",
                    help="which reports to score (default: all = dev and held-out, one table each)")
    ap.add_argument("--claimcheck", metavar="PATH", help="the claimcheck executable (default: on PATH, else .venv/bin)")
    ap.add_argument("--seeds", metavar="DIR", default=None,
                    help="the seed reports (default: tests/fixtures/seeds)")
    ap.add_argument("--disputes", action="store_true", help="count the key's disputes visible in `conflicts` after extract --into")
    ap.add_argument("--details", action="store_true", help="also list missed figures, wrong claimants and noise drafts")
    ap.add_argument("--json", metavar="FILE", help="also write every per-report result as JSON to FILE")
    a = ap.parse_args(argv)
    try:
        exe = find_claimcheck(a.claimcheck)
        check_extract(exe)
        if a.disputes and a.which == "seeds":
            seeds_dir = default_seeds() if a.seeds is None else Path(a.seeds)
            res, errors = run_seed_conflicts(exe, seeds_dir)
            print("### False conflicts on the seeds after `extract --into` (key: the bundled claim base)\n")
            print("| conflicting pairs | on one quantity of the key | across quantities | with a claim outside the key "
                  "| false conflicts |")
            print("|---|---|---|---|---|")
            print(f"| {res['pairs']} | {res['one_quantity']} | {res['across']} | {res['unkeyed']} | {res['false']} |")
            for e in errors:
                print(f"score.py: warning: {e}", file=sys.stderr)
            if a.details and res["false_pairs"]:
                print("\n" + "\n".join(f"- false: {x}" for x in res["false_pairs"]) + "\n")
            if a.json:
                Path(a.json).write_text(json.dumps(res, indent=2), encoding="utf-8")
            return 0
        if a.disputes:
            sets = ("dev", "heldout") if a.which == "all" else (a.which,)
            print("### Disputes visible in `claimcheck conflicts` after `extract --into`\n")
            print("| set | disputes in key | visible | share | target >= 50% |")
            print("|---|---|---|---|---|")
            report_json: dict[str, Any] = {}
            for s in sets:
                seen, n, missing, errors = run_disputes(exe, s)
                share = seen / n if n else None
                print(f"| {s} | {n} | {seen} | {_pct(share)} | {_mark(None if share is None else share >= TARGET_DISPUTES)} |")
                for e in errors:
                    print(f"score.py: warning: {e}", file=sys.stderr)
                report_json[s] = {"disputes": n, "visible": seen, "not_visible": missing, "errors": errors}
                if a.details and missing:
                    print(f"\n- {s}: not visible: {', '.join(missing)}\n")
            if a.json:
                Path(a.json).write_text(json.dumps(report_json, indent=2), encoding="utf-8")
            return 0
        if a.which == "seeds":
            a.seeds = str(default_seeds() if a.seeds is None else Path(a.seeds))
            groups = [("Seeds (key: the bundled claim base)", seeds_key(Path(a.seeds)), REPO, True)]
        else:
            sets = ("dev", "heldout") if a.which == "all" else (a.which,)
            titles = {"dev": "Dev set (r01-r06)", "heldout": "Held-out set (r07-r12)"}
            groups = [(titles[s], keys_for(s), None, False) for s in sets]
        all_json: dict[str, Any] = {}
        with tempfile.TemporaryDirectory(prefix="extract-eval-") as tmp:
            fresh = None
            for title, keys, root, seeds in groups:
                if root is None:
                    fresh = fresh or make_base(exe, Path(tmp))
                    root = fresh
                rows = []
                for path, key in keys:
                    report = (Path(a.seeds) / key["report"]) if seeds else (REPORTS / key["report"])
                    drafts, err = run_extract(exe, root, report, key)
                    if err:
                        print(f"score.py: warning: {report.name}: {err}", file=sys.stderr)
                    res = score(drafts, key, report.read_text(encoding="utf-8", errors="replace"))
                    res["error"] = err
                    rows.append((report.stem if not seeds else report.name[:12], res))
                print(markdown_table(title, rows, seeds=seeds))
                if a.details:
                    print(_details(rows))
                all_json[title] = {label: r for label, r in rows}
        if a.json:
            Path(a.json).write_text(json.dumps(all_json, indent=2, default=str), encoding="utf-8")
        return 0
    except RunnerError as e:
        print(f"score.py: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("score.py: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
