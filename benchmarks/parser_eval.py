#!/usr/bin/env python3
"""Evaluate candidate YAML parsers for the `claimcheck validate` fast path (issue 8).

Standalone: needs only the candidate packages installed in the running interpreter
(missing ones are reported as such).  Three parts:

  --suite DIR   conformance against the official YAML test suite (each case in a
                worker subprocess with a per-case timeout, so crashes and hangs are
                counted instead of killing the run)
  --semantics   probes for the scalar resolution / strictness questions that matter
                to claimcheck (yes/no, dates, duplicate keys, aliases, tags, ...)
  --bench       generates a deterministic claim base (default 100,000 claims in
                200 files, ~31 MB) and times each parser in a cold process, median
                of N runs, with peak RSS, as a ratio to PyYAML CSafeLoader measured
                in the same run.

Example (what the report used):

  python -m venv /tmp/parsers-venv
  /tmp/parsers-venv/bin/pip install pyyaml rapidyaml py-yaml12 fastyaml-rs ryaml \
      yaml-rs pyyaml-rs libfyaml oryaml xoryaml rustyyaml
  /tmp/parsers-venv/bin/python benchmarks/parser_eval.py \
      --suite tests/fixtures/yaml-test-suite --semantics --bench

Rows "fastpath:NAME" time what the integration would run: the raw-text gate
(needs_slow_path), then NAME's load_all and a one-document check.  Ratios are
against CSafeLoader measured in the same run: absolute times on a shared
machine drift by 2x between runs.

With no part selected, all three run (the suite only if --suite is given).
"""
from __future__ import annotations

import argparse
import json
import math
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# --------------------------------------------------------------------------
# Adapters.  Each returns (loads, loads_all_or_None).  loads(text) must return
# one document; loads_all(text) a list of documents.  Imports happen lazily so
# a missing package only disables its own row.
# --------------------------------------------------------------------------

CORE_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
CORE_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
CORE_INT10 = re.compile(r"^[-+]?[0-9]+$")
CORE_INT8 = re.compile(r"^0o[0-7]+$")
CORE_INT16 = re.compile(r"^0x[0-9a-fA-F]+$")
CORE_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
CORE_INF = re.compile(r"^[-+]?\.(?:inf|Inf|INF)$")
CORE_NAN = re.compile(r"^\.(?:nan|NaN|NAN)$")


def resolve_core(s: str):
    """YAML 1.2 core schema resolution of a plain scalar."""
    if CORE_NULL.match(s):
        return None
    if s in CORE_BOOL:
        return CORE_BOOL[s]
    if CORE_INT10.match(s):
        return int(s)
    if CORE_INT8.match(s):
        return int(s[2:], 8)
    if CORE_INT16.match(s):
        return int(s[2:], 16)
    if CORE_FLOAT.match(s):
        return float(s)
    if CORE_INF.match(s):
        return -math.inf if s[0] == "-" else math.inf
    if CORE_NAN.match(s):
        return math.nan
    return s


def _adapter_pyyaml():
    import yaml

    L = yaml.CSafeLoader
    return (lambda t: yaml.load(t, Loader=L)), (lambda t: list(yaml.load_all(t, Loader=L)))


def _adapter_pyyaml_py():
    import yaml

    L = yaml.SafeLoader
    return (lambda t: yaml.load(t, Loader=L)), (lambda t: list(yaml.load_all(t, Loader=L)))


def _adapter_pyyaml_compose():
    import yaml

    L = yaml.CSafeLoader
    return (lambda t: yaml.compose(t, Loader=L)), (lambda t: list(yaml.compose_all(t, Loader=L)))


def _adapter_ryml_json():
    """rapidyaml: parse to the C++ tree, emit JSON in C++, json.loads in C."""
    import ryml

    def docs(text):
        b = text.encode("utf-8") if isinstance(text, str) else text
        t = ryml.parse_in_arena(b)
        t.resolve()  # expand aliases (and simple merges) before emitting JSON
        r = t.root_id()
        if t.is_stream(r):
            ids = list(ryml.children(t, r))
        else:
            ids = [r]
        out = []
        for i in ids:
            js = ryml.emit_json(t, i)
            out.append(json.loads(js) if js and js.strip() else None)
        return out

    def one(text):
        d = docs(text)
        if len(d) != 1:
            raise ValueError(f"expected one document, got {len(d)}")
        return d[0]

    return one, docs


def _adapter_ryml_walk():
    """rapidyaml: parse to the C++ tree, walk it in Python with core-schema resolution."""
    import ryml

    def node(t, i):
        if t.is_map(i):
            d = {}
            for c in ryml.children(t, i):
                k = bytes(t.key(c)).decode()
                if not t.is_key_quoted(c):
                    k = resolve_core(k)
                d[k] = node(t, c)
            return d
        if t.is_seq(i):
            return [node(t, c) for c in ryml.children(t, i)]
        if t.val_is_null(i):
            return None
        v = bytes(t.val(i)).decode()
        if t.is_val_quoted(i) or t.is_val_literal(i) or t.is_val_folded(i):
            return v
        return resolve_core(v)

    def docs(text):
        b = text.encode("utf-8") if isinstance(text, str) else text
        t = ryml.parse_in_arena(b)
        t.resolve()
        r = t.root_id()
        ids = list(ryml.children(t, r)) if t.is_stream(r) else [r]
        return [node(t, i) for i in ids]

    def one(text):
        d = docs(text)
        if len(d) != 1:
            raise ValueError(f"expected one document, got {len(d)}")
        return d[0]

    return one, docs


def _adapter_yaml12():
    import yaml12

    return (lambda t: yaml12.parse_yaml(t)), (lambda t: list(yaml12.parse_yaml(t, multi=True)))


def _adapter_fastyaml():
    import fast_yaml

    return fast_yaml.safe_load, (lambda t: list(fast_yaml.safe_load_all(t)))


def _adapter_ryaml():
    import ryaml

    return ryaml.loads, ryaml.loads_all


def _adapter_yaml_rs():
    import yaml_rs

    # parse_datetime=False: we want dates as strings (YAML 1.2 core has no timestamp).
    return (lambda t: yaml_rs.loads(t, parse_datetime=False)), None


def _adapter_pyyaml_rs():
    import pyyaml_rs

    return pyyaml_rs.safe_load, (lambda t: list(pyyaml_rs.safe_load_all(t)))


def _adapter_libfyaml():
    import libfyaml

    return (lambda t: libfyaml.loads(t).to_python()), (
        lambda t: [g.to_python() for g in libfyaml.loads_all(t)]
    )


def _adapter_oryaml():
    import oryaml

    return oryaml.loads, None


def _adapter_xoryaml():
    import xoryaml

    return xoryaml.loads, xoryaml.loads_all


def _adapter_rustyyaml():
    import rustyyaml

    return rustyyaml.safe_load, rustyyaml.load_all


ADAPTERS = {
    # name: (distribution, factory)
    "pyyaml-CSafeLoader": ("pyyaml", _adapter_pyyaml),
    "pyyaml-compose(C)": ("pyyaml", _adapter_pyyaml_compose),
    "pyyaml-SafeLoader(py)": ("pyyaml", _adapter_pyyaml_py),
    "rapidyaml(emit_json)": ("rapidyaml", _adapter_ryml_json),
    "rapidyaml(py walk)": ("rapidyaml", _adapter_ryml_walk),
    "py-yaml12": ("py-yaml12", _adapter_yaml12),
    "fastyaml-rs": ("fastyaml-rs", _adapter_fastyaml),
    "ryaml": ("ryaml", _adapter_ryaml),
    "yaml-rs": ("yaml-rs", _adapter_yaml_rs),
    "pyyaml-rs": ("pyyaml-rs", _adapter_pyyaml_rs),
    "libfyaml": ("libfyaml", _adapter_libfyaml),
    "oryaml": ("oryaml", _adapter_oryaml),
    "xoryaml": ("xoryaml", _adapter_xoryaml),
    "rustyyaml": ("rustyyaml", _adapter_rustyyaml),
}
# Not part of conformance (they build nodes, not values / duplicate the C row).
SUITE_SKIP = {"pyyaml-compose(C)", "pyyaml-SafeLoader(py)"}
BENCH_SKIP = {"rapidyaml(py walk)", "pyyaml-SafeLoader(py)"}  # opt-in with --bench-all (slow by design)


def dist_info(dist: str):
    """(version, wheel tag) of an installed distribution, or (None, None)."""
    from importlib import metadata

    try:
        d = metadata.distribution(dist)
    except metadata.PackageNotFoundError:
        return None, None
    tag = None
    try:
        wheel = d.read_text("WHEEL") or ""
        tags = [l.split(":", 1)[1].strip() for l in wheel.splitlines() if l.startswith("Tag:")]
        tag = tags[-1] if tags else None
    except Exception:
        pass
    return d.version, tag


# --------------------------------------------------------------------------
# Worker protocol: one subprocess per adapter reads JSON requests on stdin and
# answers one JSON line each.  The parent enforces a timeout per request and
# restarts the worker after a crash or hang.
# --------------------------------------------------------------------------

def _describe(v, depth=0):
    """Short typed repr for the semantics table."""
    if depth > 3:
        return "..."
    tn = type(v).__name__
    if isinstance(v, dict):
        return "{" + ", ".join(f"{_describe(k, depth+1)}: {_describe(x, depth+1)}" for k, x in v.items()) + "}"
    if isinstance(v, list):
        return "[" + ", ".join(_describe(x, depth + 1) for x in v) + "]"
    if isinstance(v, str):
        return repr(v)
    if v is None or isinstance(v, (bool, int, float)):
        return repr(v)
    val = getattr(v, "value", None)
    tag = getattr(v, "tag", None)
    if tag is not None:
        return f"{tn}(tag={tag!r}, value={_describe(val, depth+1)})"
    return f"{tn}({v!r})"[:80]


def _to_json_value(v):
    """Map a loaded value to plain JSON-able values, or raise TypeError."""
    if v is None or isinstance(v, (bool, str)):
        return v
    if isinstance(v, int):
        return v
    if isinstance(v, float):
        return v
    if isinstance(v, dict):
        out = {}
        for k, x in v.items():
            if hasattr(k, "tag") and hasattr(k, "value"):
                k = k.value
            if isinstance(k, bool):
                k = "true" if k else "false"
            elif k is None:
                k = "null"
            elif isinstance(k, (int, float)):
                k = str(k)
            elif not isinstance(k, str):
                raise TypeError(f"non-JSON key {type(k).__name__}")
            out[k] = _to_json_value(x)
        return out
    if isinstance(v, (list, tuple)):
        return [_to_json_value(x) for x in v]
    # tagged wrappers (py-yaml12 Yaml, ...): JSON of the test suite drops tags
    if hasattr(v, "tag") and hasattr(v, "value"):
        return _to_json_value(v.value)
    raise TypeError(f"non-JSON value {type(v).__name__}")


def _json_equal(a, b):
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
            return True
        return a == b
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_json_equal(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_json_equal(x, y) for x, y in zip(a, b))
    return type(a) is type(b) and a == b


def _read_json_docs(text):
    dec = json.JSONDecoder()
    docs, i = [], 0
    while True:
        while i < len(text) and text[i] in " \t\r\n":
            i += 1
        if i >= len(text):
            return docs
        v, i = dec.raw_decode(text, i)
        docs.append(v)


def worker_main(adapter_name):
    loads, loads_all = ADAPTERS[adapter_name][1]()
    sys.setrecursionlimit(10000)
    out = sys.stdout
    for line in sys.stdin:
        req = json.loads(line)
        res = {}
        try:
            if req["kind"] == "case":
                res = _run_case(req, loads, loads_all)
            elif req["kind"] == "probe":
                fn = loads_all if req.get("all") else loads
                if fn is None:
                    res = {"r": "n/a (no load_all)"}
                else:
                    text = req["text"]
                    if req.get("bytes"):
                        text = text.encode("utf-8")
                    try:
                        res = {"r": _describe(fn(text))}
                    except BaseException as e:  # noqa: BLE001
                        res = {"r": f"ERROR {type(e).__name__}: {str(e)[:160]!s}"}
        except BaseException as e:  # noqa: BLE001
            res = {"status": "worker-error", "r": f"{type(e).__name__}: {e}"[:200]}
        out.write(json.dumps(res) + "\n")
        out.flush()


def _run_case(req, loads, loads_all):
    d = Path(req["dir"])
    raw = (d / "in.yaml").read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("utf-8", "replace")
    invalid = (d / "error").exists()
    jpath = d / "in.json"
    expected = _read_json_docs(jpath.read_text("utf-8")) if jpath.exists() else None
    multi = expected is not None and len(expected) != 1
    if invalid or expected is None or multi:
        fn = loads_all or loads
    else:
        fn = loads
    try:
        got = fn(text)
    except RecursionError as e:
        return {"status": "rejected", "err": f"RecursionError {e}"[:120]}
    except Exception as e:  # noqa: BLE001
        return {"status": "rejected", "err": f"{type(e).__name__}: {e}"[:120]}
    if invalid or expected is None:
        return {"status": "accepted"}
    if multi and loads_all is None:
        return {"status": "accepted-ambiguous"}
    got_docs = got if fn is loads_all else [got]
    try:
        got_json = [_to_json_value(x) for x in got_docs]
    except TypeError as e:
        return {"status": "mismatch", "err": str(e)}
    if len(got_json) == len(expected) and all(_json_equal(a, b) for a, b in zip(got_json, expected)):
        return {"status": "equal"}
    return {"status": "mismatch", "err": repr(got_json)[:120]}


class Worker:
    def __init__(self, adapter, timeout):
        self.adapter, self.timeout, self.p = adapter, timeout, None

    def _start(self):
        self.p = subprocess.Popen(
            [sys.executable, os.path.abspath(__file__), "--_worker", self.adapter],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            text=True, bufsize=1,
        )

    def ask(self, req):
        import selectors

        if self.p is None or self.p.poll() is not None:
            self._start()
        try:
            self.p.stdin.write(json.dumps(req) + "\n")
            self.p.stdin.flush()
        except BrokenPipeError:
            self.close()
            return {"status": "crash", "r": "CRASH (worker died)"}
        sel = selectors.DefaultSelector()
        sel.register(self.p.stdout, selectors.EVENT_READ)
        ready = sel.select(self.timeout)
        sel.close()
        if not ready:
            self.close()
            return {"status": "hang", "r": f"HANG (>{self.timeout}s)"}
        line = self.p.stdout.readline()
        if not line:
            rc = self.p.wait()
            self.p = None
            return {"status": "crash", "r": f"CRASH (exit {rc})"}
        return json.loads(line)

    def close(self):
        if self.p is not None:
            if self.p.poll() is None:
                self.p.kill()
            self.p.wait()
            self.p = None


def available_adapters(names):
    out = []
    for n in names:
        dist = ADAPTERS[n][0]
        v, _ = dist_info(dist)
        if v is None:
            print(f"  [skip] {n}: {dist} not installed", file=sys.stderr)
            continue
        out.append(n)
    return out


# --------------------------------------------------------------------------
# Conformance
# --------------------------------------------------------------------------

def suite_cases(root: Path):
    return sorted(p.parent for p in root.rglob("in.yaml"))


def run_suite(root: Path, names, timeout):
    cases = suite_cases(root)
    n_invalid = sum((c / "error").exists() for c in cases)
    n_json = 0
    n_multi = 0
    for c in cases:
        if (c / "error").exists() or not (c / "in.json").exists():
            continue
        if len(_read_json_docs((c / "in.json").read_text("utf-8"))) == 1:
            n_json += 1
        else:
            n_multi += 1
    n_nojson = len(cases) - n_invalid - n_json - n_multi
    print(f"\n## Conformance: {root} ({len(cases)} inputs: {n_json} valid single-doc with JSON, "
          f"{n_multi} valid multi-doc with JSON, {n_nojson} valid without JSON, {n_invalid} invalid)\n")
    rows = {}
    details = {}
    for n in names:
        w = Worker(n, timeout)
        c = dict(equal=0, mismatch=0, valid_rejected=0, multi_equal=0, multi_bad=0,
                 nojson_accepted=0, nojson_rejected=0, invalid_rejected=0, invalid_accepted=0,
                 crash=0, hang=0)
        fails = []
        t0 = time.perf_counter()
        for case in cases:
            invalid = (case / "error").exists()
            has_json = (case / "in.json").exists()
            multi = has_json and not invalid and len(_read_json_docs((case / "in.json").read_text("utf-8"))) != 1
            r = w.ask({"kind": "case", "dir": str(case)})
            st = r.get("status")
            cid = str(case.relative_to(root))
            if st in ("crash", "hang", "worker-error"):
                c["crash" if st != "hang" else "hang"] += 1
                fails.append((cid, st))
                continue
            if invalid:
                c["invalid_rejected" if st == "rejected" else "invalid_accepted"] += 1
                if st != "rejected":
                    fails.append((cid, "invalid accepted"))
            elif not has_json:
                c["nojson_accepted" if st == "accepted" else "nojson_rejected"] += 1
                if st != "accepted":
                    fails.append((cid, "valid(no json) rejected: " + r.get("err", "")))
            elif multi:
                c["multi_equal" if st == "equal" else "multi_bad"] += 1
                if st != "equal":
                    fails.append((cid, f"multi-doc {st}: " + r.get("err", "")))
            else:
                if st == "equal":
                    c["equal"] += 1
                elif st == "rejected":
                    c["valid_rejected"] += 1
                    fails.append((cid, "valid rejected: " + r.get("err", "")))
                else:
                    c["mismatch"] += 1
                    fails.append((cid, "mismatch: " + r.get("err", "")))
        w.close()
        c["secs"] = round(time.perf_counter() - t0, 1)
        rows[n] = c
        details[n] = fails
        print(f"  {n}: done in {c['secs']}s", file=sys.stderr)
    hdr = ["parser", "eq/" + str(n_json), "mismatch", "valid rej", "multi eq/" + str(n_multi),
           "nojson acc/" + str(n_nojson), "invalid rej/" + str(n_invalid), "invalid acc", "crash", "hang"]
    table = []
    for n, c in rows.items():
        table.append([n, c["equal"], c["mismatch"], c["valid_rejected"], c["multi_equal"],
                      c["nojson_accepted"], c["invalid_rejected"], c["invalid_accepted"], c["crash"], c["hang"]])
    print_table(hdr, table)
    return rows, details


# --------------------------------------------------------------------------
# Semantics probes
# --------------------------------------------------------------------------

PROBES = [
    ("no/yes/on/off/NO/y", "a: no\nb: yes\nc: on\nd: off\ne: NO\nf: y\n", {}),
    ("true/false/True/FALSE", "a: true\nb: false\nc: True\nd: FALSE\n", {}),
    ("null forms", "a: ~\nb: null\nc:\nd: Null\n", {}),
    ("date 2018-05-03", "a: 2018-05-03\nb: 2018-05\nc: 2018-05-03T10:00:00Z\n", {}),
    ("ints 0o17 0x1F 017 1_000 +12", "a: 0o17\nb: 0x1F\nc: 017\nd: 1_000\ne: +12\n", {}),
    ("floats 1e3 .inf -.inf .nan 1.5", "a: 1e3\nb: .inf\nc: -.inf\nd: .nan\ne: 1.5\nf: 6.8523015e+5\n", {}),
    ("sexagesimal 1:20", "a: 1:20\nb: 190:20:30\n", {}),
    ("duplicate key", "a: 1\nb: 2\na: 3\n", {}),
    ("duplicate key (nested)", "c:\n  - x: 1\n    x: 2\n", {}),
    ("anchor+alias", "a: &x {k: 1}\nb: *x\n", {}),
    ("merge <<", "base: &b {x: 1, y: 2}\nc:\n  <<: *b\n  y: 3\n", {}),
    ("undefined alias", "a: *nope\n", {}),
    ("!!python/object", "a: !!python/object:os.system echo hi\n", {}),
    ("!!python/name tag on map", "a: !!python/object/apply:os.system [echo hi]\n", {}),
    ("local tag !foo", "a: !foo bar\n", {}),
    ("!!str 12 / !!int '3'", "a: !!str 12\nb: !!int '3'\n", {}),
    ("!!binary", "a: !!binary aGVsbG8=\n", {}),
    ("multi-doc via load", "a: 1\n---\nb: 2\n", {}),
    ("multi-doc via load_all", "a: 1\n---\nb: 2\n", {"all": True}),
    ("empty document", "", {}),
    ("comment-only document", "# nothing\n", {}),
    ("BOM (str)", "\ufeffa: 1\n", {}),
    ("BOM (bytes)", "\ufeffa: 1\n", {"bytes": True}),
    ("CRLF", "a: 1\r\nb: \"x\r\n  y\"\r\nc: |\r\n  l1\r\n  l2\r\n", {}),
    ("tab in quoted text", "a: \"x\ty\"\nb: 'p\tq'\n", {}),
    ("non-str keys 1/true/null", "1: a\ntrue: b\nnull: c\n", {}),
    ("%YAML 1.1 directive", "%YAML 1.1\n---\na: yes\n", {}),
    ("error position: unclosed flow", "a: 1\nb: [1, 2\nc: 3\n", {}),
    ("error position: bad indent", "a:\n  b: 1\n c: 2\n", {}),
    ("error position: tab indent", "a:\n\tb: 1\n", {}),
]


def run_semantics(names, timeout):
    print("\n## Semantics probes (load of a single document unless noted)\n")
    results = {}
    for n in names:
        w = Worker(n, timeout)
        results[n] = {}
        for label, text, opts in PROBES:
            req = {"kind": "probe", "text": text}
            req.update(opts)
            r = w.ask(req)
            results[n][label] = r.get("r", str(r))
        w.close()
    for label, text, _ in PROBES:
        print(f"### {label}\n    input: {text!r}")
        for n in names:
            print(f"    {n:24s} {results[n][label]}")
        print()
    return results


# --------------------------------------------------------------------------
# Claim base generator (self-contained and deterministic)
# --------------------------------------------------------------------------

WORDS = ("government forces opposition militia rebels civilians shelling airstrike district "
         "province city town villages checkpoint battalion brigade offensive ceasefire convoy "
         "hospital school market bridge highway border crossing refugees displaced wounded "
         "killed captured destroyed claimed reported confirmed denied independent monitor "
         "ministry spokesman commander statement according local sources residents").split()
PLACES = ["damascus", "aleppo", "idlib", "raqqa", "homs", "hama", "deir-ez-zor", "daraa",
          "mosul", "kirkuk", "donetsk", "kharkiv", "bakhmut", "gaza", "khan-younis", "sanaa",
          "marib", "tripoli", "benghazi", "kabul"]
KINDS = ["killed", "wounded", "captured", "displaced", "destroyed"]
SIDES = ["government-forces", "opposition", "civilians", "militia", "foreign-fighters"]
CLAIMANTS = ["isis", "saa", "sohr", "snhr", "un-ohchr", "mod-ru", "mod-ua", "idf", "hamas-mom",
             "houthi-media", "lna", "gna", "taliban", "rsf", "wagner-channel"]
OUTLETS = ["long-war-journal", "reuters", "ap", "afp", "bbc", "al-jazeera", "sana", "tass",
           "kyiv-independent", "times-of-israel", "al-monitor", "the-guardian", "nyt", "wapo"]
STATUSES = ["unverified", "disputed", "corroborated", "refuted", "retracted"]
ABOUT = ["government", "opposition", "civilians", "own-forces", "enemy"]


def _sentence(rnd, lo, hi):
    n = rnd.randint(lo, hi)
    s = " ".join(rnd.choice(WORDS) for _ in range(n))
    return s[0].upper() + s[1:] + "."


def _yaml_str(rnd, s):
    """Mostly plain, some single- or double-quoted scalars, like hand-written files."""
    r = rnd.random()
    if ": " in s or s.startswith(("'", '"', "-", "[", "{", "&", "*", "!", "#")) or r < 0.1:
        return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if r < 0.2:
        return "'" + s.replace("'", "''") + "'"
    return s


def gen_file(rnd, fileno, n_claims, n_topics=10):
    lines = [f"# generated claim file {fileno:04d}", "topics:"]
    topics = []
    for t in range(n_topics):
        place = rnd.choice(PLACES)
        tid = f"{place}-{fileno}-{t}/{rnd.choice(KINDS)}/{rnd.choice(SIDES)}"
        topics.append(tid)
        lines += [f"  {tid}:",
                  f"    title: {_yaml_str(rnd, _sentence(rnd, 6, 12)[:-1])}",
                  f"    unit: {rnd.choice(['soldiers', 'people', 'fighters', 'vehicles', 'buildings'])}",
                  f"    cumulative: {rnd.choice(['true', 'false'])}"]
    lines.append("claims:")
    for c in range(n_claims):
        topic = rnd.choice(topics)
        claimant = rnd.choice(CLAIMANTS)
        year = 2014 + rnd.randrange(10)
        month = rnd.randint(1, 12)
        as_of = f"{year}-{month:02d}" if rnd.random() < 0.6 else f"{year}-{month:02d}-{rnd.randint(1, 28):02d}"
        n = rnd.randint(5, 5000)
        figure = rnd.choice([f"more than {n}", f"{n}", f"at least {n}", f"{n}-{n + rnd.randint(1, 300)}", str(n)])
        lines += [f"  - id: {claimant}-c{fileno}-{c}",
                  f"    statement: {_yaml_str(rnd, _sentence(rnd, 3, 7))}",
                  f"    claimant: {claimant}",
                  f"    topic: {topic}",
                  f"    about: {rnd.choice(ABOUT)}",
                  f"    figure: {_yaml_str(rnd, figure) if not figure.isdigit() else figure}",
                  f"    as_of: {as_of}",
                  f"    status: {rnd.choice(STATUSES)}",
                  "    reported_by:"]
        for _ in range(1 if rnd.random() < 0.9 else 2):
            outlet = rnd.choice(OUTLETS)
            lines += [f"      - outlet: {outlet}",
                      f"        date: {year}-{month:02d}"]
            if rnd.random() < 0.4:
                lines.append(f"        quote: {_yaml_str(rnd, _sentence(rnd, 2, 5))}")
            lines.append(f"        url: https://{outlet}.example/{rnd.randrange(10**5)}")
        if rnd.random() < 0.3:
            lines.append(f"    tags: [{', '.join(rnd.sample(['casualties', 'siege', 'airstrike', 'disputed', 'propaganda'], rnd.randint(1, 2)))}]")
        if rnd.random() < 0.1:
            lines.append(f"    notes: {_yaml_str(rnd, _sentence(rnd, 3, 7))}")
    return "\n".join(lines) + "\n"


def generate_base(out: Path, n_claims: int, n_files: int, seed: int = 8):
    rnd = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    per = n_claims // n_files
    total = 0
    for i in range(n_files):
        text = gen_file(rnd, i, per)
        p = out / f"claims-{i:04d}.yaml"
        p.write_text(text, "utf-8")
        total += len(text.encode())
    return total


# --------------------------------------------------------------------------
# Timing (cold process per measurement)
# --------------------------------------------------------------------------

# Fast-path gate: a file goes to the strict PyYAML slow path when its raw text
# might hold a node property or alias (anchor &, alias *, tag !), a merge key
# (<<) or a directive (%YAML / %TAG).  Cheap substring tests first (memchr
# speed); the per-character check runs only on files that contain one of the
# indicator characters.  YAML only allows & * ! to start a node property or an
# alias at the start of a line or after whitespace or a flow indicator ([ { ,),
# so checking the preceding character is a sound superset: prose such as
# "Tom & Jerry" or "Wow!" passes, "a *bold* claim" falls back (harmless).
_INDICATOR = re.compile(r"[&*!][^\s,\[\]{}]")


# yaml-rs resolves YAML 1.1-style numbers that YAML 1.2 core keeps as strings:
# digit separators (1_000 -> 1000) and signed or upper-case radix prefixes
# (+0x1F, -0o17, 0X1F, 0O17, 0b101).  Substring tests first, regex only on hits.
# Literal-first pattern: sre scans for "0" at memchr speed (a multi-character
# `in` test or an alternation starting with a class is ~10-25x slower here).
_RADIX_HINT = re.compile(r"0[bBXOxo]")
_NUM11 = re.compile(r"(?<![\w.-])(?:[-+]?0[bB][01_]+|[-+]?0[XO][0-9a-fA-F_]+|[-+]0[xo][0-9a-fA-F_]+|0[xo][0-9a-fA-F]*_[0-9a-fA-F_]*|[-+]?[0-9][0-9_]*_[0-9_]*(?:\.[0-9_]*)?)(?![\w.:/-])")


def _maybe_yaml11_number(text: str) -> bool:
    if _RADIX_HINT.search(text):
        return True
    i = text.find("_")
    while i != -1:  # a digit separator needs a digit before the underscore
        if i and "0" <= text[i - 1] <= "9":
            return True
        i = text.find("_", i + 1)
    return False


def needs_slow_path(text: str, yaml11_numbers: bool = False) -> str | None:
    """Reason the file must take the strict path, or None for the fast path.

    yaml11_numbers: also send files holding 1.1-only number forms (for yaml-rs).
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    if yaml11_numbers and _maybe_yaml11_number(text) and _NUM11.search(text):
        return "YAML 1.1 number form"
    if "<<" in text:
        return "merge key"
    if text.startswith("%") or "\n%" in text:
        return "directive"
    if "&" in text or "*" in text or "!" in text:
        for m in _INDICATOR.finditer(text):
            i = m.start()
            if i == 0 or text[i - 1] in " \t\r\n[{,":
                return {"&": "anchor", "*": "alias", "!": "tag"}[text[i]]
    return None


def timing_child(adapter, base_dir):
    import resource

    t0 = time.perf_counter()
    files = sorted(Path(base_dir).glob("*.yaml"))
    keep = []
    if adapter == "read-only":
        for f in files:
            keep.append(f.read_bytes().decode("utf-8"))
    elif adapter == "gate":
        hits = 0
        for f in files:
            t = f.read_bytes().decode("utf-8")
            hits += needs_slow_path(t) is not None
            keep.append(t)
    elif adapter.startswith("fastpath:"):
        # what the integration would run: gate, then load_all + one-document check
        loads, loads_all = ADAPTERS[adapter.split(":", 1)[1]][1]()
        t0 = time.perf_counter()
        for f in files:
            t = f.read_bytes().decode("utf-8")
            if t.startswith("\ufeff"):
                t = t[1:]
            if needs_slow_path(t, yaml11_numbers=(adapter == "fastpath:yaml-rs")):
                keep.append(None)  # would go to the slow path
                continue
            docs = loads_all(t) if loads_all else [loads(t)]
            if len(docs) != 1:
                raise SystemExit(f"{f}: {len(docs)} documents")
            keep.append(docs[0])
    else:
        loads = ADAPTERS[adapter][1]()[0]
        t0 = time.perf_counter()  # exclude import time from the in-process figure
        for f in files:
            keep.append(loads(f.read_bytes().decode("utf-8")))
    elapsed = time.perf_counter() - t0
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"secs": elapsed, "rss_mb": rss_mb, "n": len(keep)}))


def time_one(adapter, base_dir, timeout=600):
    t0 = time.perf_counter()
    p = subprocess.run([sys.executable, os.path.abspath(__file__), "--_time", adapter, str(base_dir)],
                       capture_output=True, text=True, timeout=timeout)
    wall = time.perf_counter() - t0
    if p.returncode != 0:
        return {"error": (p.stderr.strip().splitlines() or ["?"])[-1][:100]}
    r = json.loads(p.stdout.strip().splitlines()[-1])
    r["wall"] = wall
    return r


def run_bench(names, n_claims, n_files, reps, base_dir=None, fastpath=()):
    tmp = None
    if base_dir is None:
        tmp = tempfile.TemporaryDirectory(prefix="claimbase-")
        base_dir = Path(tmp.name)
        size = generate_base(base_dir, n_claims, n_files)
    else:
        base_dir = Path(base_dir)
        if not any(base_dir.glob("*.yaml")):
            size = generate_base(base_dir, n_claims, n_files)
        else:
            size = sum(p.stat().st_size for p in base_dir.glob("*.yaml"))
    print(f"\n## Speed: {n_claims} claims in {n_files} files, {size / 1e6:.1f} MB, "
          f"cold process each, median of {reps}\n")
    # sanity: every candidate must see the same number of claims
    rows = {}
    order = ["read-only", "gate"] + names + [f"fastpath:{n}" for n in fastpath]
    for rep in range(reps):  # interleave repetitions so drift hits all rows alike
        for n in order:
            r = time_one(n, base_dir)
            rows.setdefault(n, []).append(r)
    base = statistics.median(r["secs"] for r in rows["pyyaml-CSafeLoader"])
    base_wall = statistics.median(r["wall"] for r in rows["pyyaml-CSafeLoader"])
    table = []
    for n in order:
        rs = rows[n]
        if any("error" in r for r in rs):
            table.append([n, "ERROR " + next(r["error"] for r in rs if "error" in r), "", "", "", ""])
            continue
        s = statistics.median(r["secs"] for r in rs)
        w = statistics.median(r["wall"] for r in rs)
        m = max(r["rss_mb"] for r in rs)
        table.append([n, f"{s:.3f}", f"{s / base:.3f}", f"{w:.3f}", f"{w / base_wall:.3f}", f"{m:.0f}"])
    print_table(["parser", "load s (in-proc)", "ratio vs CSafe", "process wall s", "wall ratio", "peak RSS MB"], table)
    if tmp:
        tmp.cleanup()
    return rows


# --------------------------------------------------------------------------

def print_table(hdr, rows):
    cols = [hdr] + [[str(x) for x in r] for r in rows]
    w = [max(len(r[i]) for r in cols) for i in range(len(hdr))]
    fmt = "| " + " | ".join("{:%d}" % x for x in w) + " |"
    print(fmt.format(*hdr))
    print("|" + "|".join("-" * (x + 2) for x in w) + "|")
    for r in cols[1:]:
        print(fmt.format(*r))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--suite", type=Path, help="path of yaml-test-suite (runs conformance)")
    ap.add_argument("--semantics", action="store_true", help="run semantics probes")
    ap.add_argument("--bench", action="store_true", help="run the speed benchmark")
    ap.add_argument("--bench-all", action="store_true", help="also time slow adapters (rapidyaml py walk)")
    ap.add_argument("--claims", type=int, default=100_000)
    ap.add_argument("--files", type=int, default=200)
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--base-dir", help="reuse/generate the claim base here instead of a temp dir")
    ap.add_argument("--generate", metavar="DIR", help="only write the claim base to DIR and exit")
    ap.add_argument("--timeout", type=float, default=10.0, help="per-case timeout (s)")
    ap.add_argument("--only", help="comma-separated adapter names")
    ap.add_argument("--fastpath", default="py-yaml12,yaml-rs,xoryaml",
                    help="adapters to time as gate + load_all + one-document check")
    ap.add_argument("--details", action="store_true", help="list every failing suite case")
    ap.add_argument("--_worker", help=argparse.SUPPRESS)
    ap.add_argument("--_time", nargs=2, help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a._worker:
        return worker_main(a._worker)
    if a._time:
        return timing_child(*a._time)
    if a.generate:
        size = generate_base(Path(a.generate), a.claims, a.files)
        print(f"wrote {a.claims} claims in {a.files} files, {size / 1e6:.1f} MB to {a.generate}")
        return
    names = list(ADAPTERS)
    if a.only:
        names = [n for n in a.only.split(",") if n in ADAPTERS]
    names = available_adapters(names)
    if not (a.suite or a.semantics or a.bench):
        a.semantics = a.bench = True
    print("## Candidates\n")
    print_table(["parser", "distribution", "version", "wheel tag"],
                [[n, ADAPTERS[n][0], *[x or "-" for x in dist_info(ADAPTERS[n][0])]] for n in names])
    print(f"\nPython {sys.version.split()[0]} on {sys.platform}, {os.cpu_count()} CPUs")
    if a.suite:
        rows, details = run_suite(a.suite, [n for n in names if n not in SUITE_SKIP], a.timeout)
        if a.details:
            for n, fails in details.items():
                print(f"\n### failures: {n}")
                for cid, why in fails:
                    print(f"    {cid}: {why}")
    if a.semantics:
        run_semantics([n for n in names if n not in SUITE_SKIP], a.timeout)
    if a.bench:
        bn = [n for n in names if a.bench_all or n not in BENCH_SKIP]
        if "pyyaml-CSafeLoader" not in bn:
            bn.insert(0, "pyyaml-CSafeLoader")
        run_bench(bn, a.claims, a.files, a.reps, a.base_dir,
                  [n for n in (a.fastpath or "").split(",") if n in ADAPTERS])


if __name__ == "__main__":
    main()
