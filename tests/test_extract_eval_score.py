"""The extract evaluation set (benchmarks/extract_eval): the scorer's rules on
small synthetic drafts and keys, the consistency of every hand-written key with
its report, and the runner's command line (with stand-in claimcheck programs,
since the real `claimcheck extract` is judged by the runner, not tested here)."""

from __future__ import annotations

import datetime as dt
import html
import importlib.util
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT / "benchmarks" / "extract_eval"
SCORE_PY = EVAL / "score.py"

_spec = importlib.util.spec_from_file_location("extract_eval_score", SCORE_PY)
S = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = S
_spec.loader.exec_module(S)

KEY_FILES = sorted((EVAL / "keys").glob("*.yaml"))


# --------------------------------------------------------------------------
# Synthetic report, key and drafts
# --------------------------------------------------------------------------

TEXT = (
    "CAPITAL, May 2 (Wire) - Officials said 12 people were killed in the raid on Monday.\n"
    "A monitoring group put the toll at more than 40, including dozens of fighters.\n"
    "The Health Ministry said 10,100 people were displaced.\n"
    "Page 2 of 3\n"
)

KEY = {
    "report": "synthetic.txt",
    "published": "2024-05-02",
    "outlet": "Wire",
    "figures": [
        {"id": "f1", "sentence": "Officials said 12 people were killed in the raid on Monday.", "figure": "12",
         "low": 12, "high": 12, "counts": "killed", "claimant": "officials", "claimant_aliases": ["local officials"],
         "quantity": "q1"},
        {"id": "f2", "sentence": "A monitoring group put the toll at more than 40, including dozens of fighters.",
         "figure": "more than 40", "low": 40, "high": None, "counts": "killed", "claimant": "monitoring group",
         "claimant_aliases": ["the monitor"], "quantity": "q1"},
        {"id": "f3", "sentence": "The Health Ministry said 10,100 people were displaced.", "figure": "10,100",
         "low": 10100, "high": 10100, "counts": "displaced", "claimant": "Health Ministry",
         "claimant_aliases": ["the ministry"], "quantity": "q2"},
    ],
    "optional": [
        {"sentence": "A monitoring group put the toll at more than 40, including dozens of fighters.", "figure": "dozens"},
    ],
    "disputes": [{"quantity": "q1", "figures": ["f1", "f2"]}],
}


def draft(quote, text, low=None, high=None, claimant_name=None, claimant=None, line=1, column=1, best=None):
    return {"quote": quote, "line": line, "column": column,
            "figure": {"text": text, "low": low, "high": high, "best": best},
            "claimant": claimant, "claimant_name": claimant_name, "topic": None, "confidence": 0.5}


def perfect():
    return [draft(f["sentence"], f["figure"], f["low"], f["high"], f["claimant"]) for f in KEY["figures"]]


def test_perfect_drafts_score_full_marks():
    r = S.score(perfect(), KEY, TEXT)
    assert (r["recall"], r["attribution"], r["noise"]) == (1.0, 1.0, 0.0)
    assert r["found"] == 3 and r["missed"] == []


def test_missing_figure_lowers_recall():
    r = S.score(perfect()[:2], KEY, TEXT)
    assert r["recall"] == pytest.approx(2 / 3)
    assert r["missed"] == ["f3"]
    assert r["attribution"] == 1.0


def test_wrong_claimant_lowers_attribution_not_recall():
    ds = perfect()
    ds[2]["claimant_name"] = "a monitoring group"
    r = S.score(ds, KEY, TEXT)
    assert r["recall"] == 1.0
    assert r["attribution"] == pytest.approx(2 / 3)
    assert r["wrong_claimant"][0]["figure"] == "f3"


def test_junk_draft_raises_noise():
    r = S.score(perfect() + [draft("Page 2 of 3", "2", 2, 2, "Wire")], KEY, TEXT)
    assert r["recall"] == 1.0
    assert r["numeric_drafts"] == 4 and r["noise_drafts"] == 1
    assert r["noise"] == pytest.approx(0.25)


def test_optional_figure_is_neither_found_nor_noise():
    opt = draft(KEY["figures"][1]["sentence"], "dozens", 12, 99, "monitoring group")
    r = S.score(perfect() + [opt], KEY, TEXT)
    assert r["found"] == 3 and r["noise_drafts"] == 0 and r["numeric_drafts"] == 4
    r = S.score([opt], KEY, TEXT)
    assert r["found"] == 0 and r["noise_drafts"] == 0


def test_non_numeric_drafts_are_not_counted_as_noise():
    r = S.score(perfect() + [draft("Page 2 of 3", "", None, None)], KEY, TEXT)
    assert r["numeric_drafts"] == 3 and r["noise"] == 0.0 and r["drafts"] == 4


def test_second_draft_of_a_figure_is_noise():
    ds = perfect() + [draft(KEY["figures"][0]["sentence"], "12", 12, 12, "officials")]
    r = S.score(ds, KEY, TEXT)
    assert r["found"] == 3 and r["noise_drafts"] == 1


# --- quotes -------------------------------------------------------------------


def test_quote_longer_or_shorter_than_key_sentence_matches():
    longer = "CAPITAL, May 2 (Wire) - Officials said 12 people were killed in the raid on Monday."
    shorter = "Officials said 12 people were killed"
    for q in (longer, shorter):
        r = S.score([draft(q, "12", 12, 12, "Officials")], KEY, TEXT)
        assert r["found"] == 1, q


def test_quote_whitespace_case_and_curly_quotes_are_ignored():
    k = {"report": "q.txt", "figures": [{"id": "f1", "sentence": "The mayor's office said \"about 300\" died.",
                                        "figure": "about 300", "low": 270, "high": 330, "claimant": "mayor's office"}]}
    d = draft("The  mayor\u2019s office\nsaid \u201cabout 300\u201d died.", "about 300", 270, 330, "The Mayor\u2019s Office")
    r = S.score([d], k, "The mayor's office said \"about 300\" died.")
    assert r["found"] == 1 and r["claimant_right"] == 1


def test_quote_of_another_sentence_with_the_same_number_does_not_match():
    k = {"report": "x.txt", "figures": [{"id": "f1", "sentence": "Police said 40 people were arrested.", "figure": "40",
                                        "low": 40, "high": 40, "claimant": "police"}]}
    text = "Police said 40 people were arrested. Rebels said 40 soldiers died."
    r = S.score([draft("Rebels said 40 soldiers died.", "40", 40, 40, "police")], k, text)
    assert r["found"] == 0 and r["noise_drafts"] == 1


def test_quote_not_verbatim_matches_by_its_position_over_the_figure():
    intro = "An introduction that runs long enough for the slack after a quote not to reach the next line. " * 2
    text = intro + "\nThe **army** said 25 insurgents died, an official added.\n"
    k = {"report": "x.md", "figures": [{"id": "f1", "sentence": "The **army** said 25 insurgents died, an official added.",
                                       "figure": "25", "low": 25, "high": 25, "claimant": "army"}]}
    # The extractor rewrote the quote (a different dash, markup resolved) but
    # gives its line and column: the quote's stretch covers the key figure.
    d = draft("The army said 25 insurgents died -- an official added.", "25", 25, 25, "the army", line=2, column=1)
    assert S.score([d], k, text)["found"] == 1
    # The same quote placed on another line does not cover the figure.
    d2 = dict(d, line=1)
    assert S.score([d2], k, text)["found"] == 0


def test_empty_quote_never_matches():
    r = S.score([draft("", "12", 12, 12, "officials")], KEY, TEXT)
    assert r["found"] == 0 and r["noise_drafts"] == 1


# --- figures ------------------------------------------------------------------


def test_figure_text_contains_key_phrase_or_the_reverse():
    s = KEY["figures"][1]["sentence"]
    assert S.score([draft(s, "40", 40, None, "monitor group")], KEY, TEXT)["found"] == 1  # "40" in "more than 40"
    assert S.score([draft(s, "the toll at more than 40", None, None, "x")], KEY, TEXT)["found"] == 1


def test_figure_inside_a_longer_number_does_not_match():
    s = KEY["figures"][2]["sentence"]
    r = S.score([draft(s, "100", 100, 100, "Health Ministry")], KEY, TEXT)
    assert r["found"] == 0  # "100" is not "10,100"
    assert S.score([draft(s, "10,100", None, None, "Health Ministry")], KEY, TEXT)["found"] == 1


def test_equal_parsed_numbers_match_whatever_the_wording():
    k = {"report": "x.txt", "figures": [{"id": "f1", "sentence": "A dozen houses burned, residents said.",
                                        "figure": "A dozen", "low": 12, "high": 12, "claimant": "residents"}]}
    d = draft("A dozen houses burned, residents said.", "12", 12.0, 12.0, "residents")
    assert S.score([d], k, "A dozen houses burned, residents said.")["found"] == 1
    d = draft("A dozen houses burned, residents said.", "13", 13, 13, "residents")
    assert S.score([d], k, "A dozen houses burned, residents said.")["found"] == 0


def test_open_bound_and_dates_compare_as_numbers():
    k = {"report": "x.txt", "figures": [
        {"id": "f1", "sentence": "Over four hundred died, the group said.", "figure": "Over four hundred",
         "low": 400, "high": None, "claimant": "group"},
        {"id": "f2", "sentence": "The town fell on Thursday, the army said.", "figure": "Thursday",
         "low": dt.date(2017, 11, 9).toordinal(), "high": dt.date(2017, 11, 9).toordinal(), "claimant": "army"}]}
    text = "Over four hundred died, the group said. The town fell on Thursday, the army said."
    ds = [draft("Over four hundred died, the group said.", "400+", 400, None, "group"),
          draft("The town fell on Thursday, the army said.", "2017-11-09", "2017-11-09", "2017-11-09", "army")]
    assert S.score(ds, k, text)["found"] == 2


def test_one_draft_matches_at_most_one_key_figure():
    sent = "Both sides said two soldiers and two civilians were killed."
    k = {"report": "x.txt", "figures": [
        {"id": "f1", "sentence": sent, "figure": "two", "low": 2, "high": 2, "claimant": "both sides"},
        {"id": "f2", "sentence": sent, "figure": "two", "low": 2, "high": 2, "claimant": "both sides"}]}
    one = draft(sent, "two", 2, 2, "both sides")
    assert S.score([one], k, sent)["found"] == 1
    assert S.score([one, dict(one)], k, sent)["found"] == 2


def test_matching_prefers_drafts_with_the_right_claimant():
    sent = "Police and medics said 5 and 5 were hurt, respectively."
    k = {"report": "x.txt", "figures": [
        {"id": "f1", "sentence": sent, "figure": "5", "low": 5, "high": 5, "claimant": "police"},
        {"id": "f2", "sentence": sent, "figure": "5", "low": 5, "high": 5, "claimant": "medics"}]}
    ds = [draft(sent, "5", 5, 5, "medics"), draft(sent, "5", 5, 5, "police")]
    r = S.score(ds, k, sent)
    assert r["found"] == 2 and r["claimant_right"] == 2


# --- claimants ----------------------------------------------------------------


@pytest.mark.parametrize("given", ["Health Ministry", "the health ministry", "THE MINISTRY", "Health Ministry.", " the  Health\nMinistry "])
def test_claimant_name_matches_case_insensitively_without_leading_the(given):
    f = KEY["figures"][2]
    assert S.claimant_matches({"claimant_name": given}, f)


def test_claimant_source_id_matches_too():
    f = KEY["figures"][2]
    assert S.claimant_matches({"claimant": "health-ministry", "claimant_name": None}, f)
    assert not S.claimant_matches({"claimant": "monitoring-group", "claimant_name": "Monitor"}, f)
    assert not S.claimant_matches({"claimant": None, "claimant_name": None}, f)


def test_total_is_a_micro_average():
    a = S.score(perfect(), KEY, TEXT)
    b = S.score(perfect()[:1] + [draft("Page 2 of 3", "2", 2, 2)], KEY, TEXT)
    t = S.total([a, b])
    assert t["key_figures"] == 6 and t["found"] == 4
    assert t["recall"] == pytest.approx(4 / 6)
    assert t["noise"] == pytest.approx(1 / 5)


def test_score_without_text_uses_quote_containment_only():
    r = S.score(perfect(), KEY, None)
    assert r["recall"] == 1.0


# --- visible text ---------------------------------------------------------------


def test_html_visible_text_drops_head_scripts_and_tags_and_unescapes():
    raw = ("<html><head><title>12 dead</title><script>var x = 40;</script></head><body>"
           "<nav><a href='/'>Home</a></nav><p>Derna&rsquo;s mayor said <em>18,000</em> died.</p>"
           "<p>Next&nbsp;para.</p></body></html>")
    rt = S.ReportText.from_raw(raw, True)
    assert "12 dead" not in rt.text and "var x" not in rt.text
    assert "derna's mayor said 18,000 died." in rt.text
    assert "home derna's" in rt.text  # a block tag separates words
    i = rt.text.index("18,000")
    assert raw[rt.raw_offsets[i]:rt.raw_offsets[i] + 6] == "18,000"


def test_disputes_visible_counts_a_conflicting_pair_between_matching_claims():
    real = S.load_key(EVAL / "keys" / "r01-kramatorsk-strike-claim.yaml")
    f1, f3 = (next(f for f in real["figures"] if f["id"] == i) for i in ("f1", "f3"))
    claims = {
        "a": {"id": "a", "figure": "more than 600", "reported_by": [{"quote": f1["sentence"]}]},
        "b": {"id": "b", "figure": "0", "reported_by": [{"quote": f3["sentence"]}]},
    }
    conflicts = {"topics": [{"claims": [{"id": "a", "low": 600, "high": None}, {"id": "b", "low": 0, "high": 0}],
                             "pairs": [{"a": "a", "b": "b", "relation": "conflict"}]}]}
    seen, n, missing = S.disputes_visible([(EVAL / "keys" / "r01.yaml", real)], claims, conflicts)
    assert n == len(real["disputes"]) and seen == 1 and len(missing) == n - 1
    conflicts["topics"][0]["pairs"][0]["relation"] = "agree"
    assert S.disputes_visible([(EVAL / "keys" / "r01.yaml", real)], claims, conflicts)[0] == 0


def test_conflicts_are_sorted_into_one_quantity_across_quantities_and_outside_the_key():
    rt = S.ReportText.from_raw(TEXT, False)
    claims = {
        "a": {"id": "a", "figure": "12", "reported_by": [{"quote": KEY["figures"][0]["sentence"]}]},
        "b": {"id": "b", "figure": "more than 40", "reported_by": [{"quote": KEY["figures"][1]["sentence"]}]},
        "c": {"id": "c", "figure": "10,100", "reported_by": [{"quote": KEY["figures"][2]["sentence"]}]},
        "d": {"id": "d", "figure": "3", "reported_by": [{"quote": "Page 2 of 3"}]},
    }
    bounds = {"a": (12, 12), "b": (40, None), "c": (10100, 10100), "d": (3, 3)}
    conflicts = {"topics": [{"topic": "t", "claims": [{"id": k, "low": lo, "high": hi} for k, (lo, hi) in bounds.items()],
                             "pairs": [{"a": "a", "b": "b", "relation": "conflict"},  # q1 and q1: a dispute
                                       {"a": "a", "b": "c", "relation": "conflict"},  # q1 and q2: false
                                       {"a": "c", "b": "d", "relation": "conflict"},  # d is not in the key: false
                                       {"a": "a", "b": "d", "relation": "agree"}]}]}
    res = S.classify_conflicts([(Path("synthetic.txt"), KEY)], claims, conflicts, {"synthetic.txt": rt})
    assert (res["pairs"], res["one_quantity"], res["across"], res["unkeyed"], res["false"]) == (3, 1, 1, 1, 2)
    assert res["false_pairs"] == ["t: a vs c", "t: c vs d"]


# --------------------------------------------------------------------------
# Every key is consistent with its report
# --------------------------------------------------------------------------

INLINE = S.INLINE_TAGS


def visible(path: Path) -> str:
    """Independent of score.py: tags stripped (inline tags without a space),
    <head>/<script>/<style> dropped, entities unescaped, whitespace collapsed."""
    t = path.read_text(encoding="utf-8")
    if path.suffix == ".html":
        t = re.sub(r"(?is)<(head|script|style)\b.*?</\1\s*>", " ", t)
        t = re.sub(r"(?s)<!--.*?-->", " ", t)
        t = re.sub(r"</?([A-Za-z][A-Za-z0-9]*)\b[^>]*>",
                   lambda m: "" if m.group(1).lower() in INLINE else " ", t)
        t = html.unescape(t)
    return " ".join(t.split())


def ws(s: str) -> str:
    return " ".join(str(s).split())


def test_there_are_twelve_keys_six_dev_six_heldout():
    stems = [p.stem[:3] for p in KEY_FILES]
    assert stems == [f"r{i:02d}" for i in range(1, 13)]
    assert S.DEV == tuple(stems[:6]) and S.HELDOUT == tuple(stems[6:])
    suffixes = [(EVAL / "reports" / S.load_key(p)["report"]).suffix for p in KEY_FILES]
    assert suffixes.count(".html") >= 3 and suffixes.count(".md") >= 2


@pytest.mark.parametrize("path", KEY_FILES, ids=lambda p: p.stem)
def test_key_is_consistent_with_its_report(path):
    key = yaml.safe_load(path.read_text(encoding="utf-8"))
    report = EVAL / "reports" / key["report"]
    assert report.is_file() and report.stem == path.stem
    assert isinstance(key["published"], dt.date)
    assert key["outlet"] and isinstance(key["outlet"], str)
    assert key["sources"] and all(str(u).startswith(("http://", "https://")) for u in key["sources"])
    text = visible(report)
    words = len(text.split())
    assert 300 <= words <= 1200, words

    figs = key["figures"]
    assert 8 <= len(figs) <= 25
    ids = [f["id"] for f in figs]
    assert len(ids) == len(set(ids))
    for f in figs + list(key.get("optional") or []):
        assert ws(f["sentence"]) in text, f"sentence not in report: {f['sentence'][:70]!r}"
        assert ws(f["figure"]) in ws(f["sentence"]), f"figure {f['figure']!r} not in its sentence"
    for f in figs:
        assert f["claimant"] and f["counts"] and f["quantity"]
        assert isinstance(f.get("claimant_aliases", []), list)
        assert isinstance(f["low"], (int, float))
        assert f["high"] is None or f["low"] <= f["high"]
        if f.get("best") is not None:
            assert f["low"] <= f["best"] and (f["high"] is None or f["best"] <= f["high"])

    # Quantity ids: one thing counted per quantity (same `counts` head).
    heads: dict[str, set[str]] = {}
    for f in figs:
        heads.setdefault(f["quantity"], set()).add(f["counts"].split("/")[0])
    assert all(len(h) == 1 for h in heads.values()), heads

    by_id = {f["id"]: f for f in figs}
    assert key["disputes"], "every report keys at least one dispute"
    for d in key["disputes"]:
        members = [by_id[i] for i in d["figures"]]
        assert {m["quantity"] for m in members} == {d["quantity"]}
        assert len({m["claimant"] for m in members}) >= 2

        def disjoint(a, b):
            ah = float("inf") if a["high"] is None else a["high"]
            bh = float("inf") if b["high"] is None else b["high"]
            return ah < b["low"] or bh < a["low"]

        assert any(disjoint(a, b) and a["claimant"] != b["claimant"] for a in members for b in members), d


def test_readme_states_rewriting_and_the_split():
    text = (EVAL / "README.md").read_text(encoding="utf-8").lower()
    assert "rewritten" in text and "not copies" in text
    assert "held-out" in text and "r07" in text


def test_seeds_key_is_derived_from_the_claim_base():
    keys = S.seeds_key(ROOT / "tests" / "fixtures" / "seeds")
    figs = [f for _, k in keys for f in k["figures"]]
    assert len(figs) >= 20
    for p, k in keys:
        rt = S.ReportText.from_file(p)
        for f in k["figures"]:
            assert rt.find_all(f["sentence"]), f["id"]
            assert f["claimant"]


# --------------------------------------------------------------------------
# The command line, with stand-in claimcheck programs
# --------------------------------------------------------------------------

NO_EXTRACT = """\
import sys
if len(sys.argv) > 1 and sys.argv[1] == "extract":
    sys.stderr.write("Usage: claimcheck [OPTIONS] COMMAND [ARGS]...\\nError: No such command 'extract'.\\n")
    sys.exit(2)
sys.exit(0)
"""

# Extract answers perfectly from the key (and keeps --into claims in a file);
# conflicts pairs claims of one quantity whose intervals are disjoint.
PERFECT = """\
import json, os, sys, yaml
from pathlib import Path
KEYS = Path(%(keys)r)
args = sys.argv[1:]
root = None
if args[:1] == ["--root"]:
    root, args = Path(args[1]), args[2:]
cmd = args[0]
if cmd == "init":
    p = Path(args[1]); (p / "claims").mkdir(parents=True); (p / "sources.yaml").write_text("sources: []\\n")
    sys.exit(0)
if cmd == "extract":
    if "--help" in args:
        print("Usage: claimcheck extract FILE"); sys.exit(0)
    report = Path(args[1]).name
    key = next(yaml.safe_load(k.read_text()) for k in KEYS.glob("*.yaml") if yaml.safe_load(k.read_text())["report"] == report)
    drafts = [{"quote": f["sentence"], "line": 1, "column": 1,
               "figure": {"text": f["figure"], "low": f["low"], "high": f["high"], "best": f.get("best")},
               "claimant": None, "claimant_name": f["claimant"], "topic": report + ":" + f["quantity"], "confidence": 1}
              for f in key["figures"]]
    if "--into" in args:
        out = root / args[args.index("--into") + 1]
        doc = yaml.safe_load(out.read_text()) if out.exists() else {"claims": []}
        for i, d in enumerate(drafts):
            doc["claims"].append({"id": report + "-" + str(i), "topic": d["topic"], "figure": d["figure"]["text"],
                                  "low": d["figure"]["low"], "high": d["figure"]["high"],
                                  "reported_by": [{"quote": d["quote"]}]})
        out.write_text(yaml.safe_dump(doc)); sys.exit(0)
    print(json.dumps(drafts)); sys.exit(0)
if cmd == "conflicts":
    doc = yaml.safe_load((root / "claims" / "extracted.yaml").read_text())
    topics = {}
    for c in doc["claims"]:
        topics.setdefault(c["topic"], []).append(c)
    out = []
    for t, cs in topics.items():
        pairs = []
        for a in cs:
            for b in cs:
                ah = float("inf") if a["high"] is None else a["high"]
                bh = float("inf") if b["high"] is None else b["high"]
                if a["id"] < b["id"] and (ah < b["low"] or bh < a["low"]):
                    pairs.append({"a": a["id"], "b": b["id"], "relation": "conflict"})
        out.append({"topic": t, "claims": [{"id": c["id"], "low": c["low"], "high": c["high"]} for c in cs], "pairs": pairs})
    print(json.dumps({"topics": out})); sys.exit(0)
sys.exit(2)
"""


def _exe(tmp_path: Path, name: str, body: str) -> Path:
    p = tmp_path / name
    p.write_text(f"#!{sys.executable}\n" + body, encoding="utf-8")
    p.chmod(0o755)
    return p


def _runner(*args, **kw):
    env = dict(os.environ)
    env.pop("CLAIMCHECK_ROOT", None)
    return subprocess.run([sys.executable, str(SCORE_PY), *args], capture_output=True, text=True, timeout=300, env=env, **kw)


def test_runner_without_extract_fails_in_one_line_with_exit_2(tmp_path):
    exe = _exe(tmp_path, "claimcheck", NO_EXTRACT)
    for extra in ([], ["--set", "seeds"], ["--disputes"]):
        r = _runner("--claimcheck", str(exe), *extra)
        assert r.returncode == 2
        assert "Traceback" not in r.stderr and len(r.stderr.strip().splitlines()) == 1
        assert "extract" in r.stderr


def test_runner_with_missing_executable_fails_in_one_line(tmp_path):
    r = _runner("--claimcheck", str(tmp_path / "nope"))
    assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1 and "Traceback" not in r.stderr


@pytest.mark.slow
def test_runner_prints_a_table_per_set_with_a_perfect_stand_in(tmp_path):
    exe = _exe(tmp_path, "claimcheck", PERFECT % {"keys": str(EVAL / "keys")})
    out = tmp_path / "res.json"
    r = _runner("--claimcheck", str(exe), "--json", str(out))
    assert r.returncode == 0, r.stderr
    assert "### Dev set (r01-r06)" in r.stdout and "### Held-out set (r07-r12)" in r.stdout
    assert r.stdout.count("recall >= 80%: met; attribution >= 65%: met; noise <= 30%: met") == 2
    assert "| **all 6** |" in r.stdout
    data = json.loads(out.read_text())
    assert all(row["recall"] == 1.0 for rows in data.values() for row in rows.values())


@pytest.mark.slow
def test_runner_disputes_mode_counts_visible_disputes(tmp_path):
    exe = _exe(tmp_path, "claimcheck", PERFECT % {"keys": str(EVAL / "keys")})
    r = _runner("--claimcheck", str(exe), "--disputes", "--set", "dev")
    assert r.returncode == 0, r.stderr
    n = sum(len(S.load_key(p)["disputes"]) for p in KEY_FILES[:6])
    assert f"| dev | {n} | {n} | 100% | met |" in r.stdout
