"""A file's result as the cache keeps it (claimcheck.load.entry), a checked
base's (claimcheck.cache), and the JSON text of conflicts (TopicJSON): read
back exactly as written; anything else read back is refused with an error
the caller treats as a miss, never another exception or a changed model."""

from __future__ import annotations

import copy
import json
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from claimcheck import cache as base_cache
from claimcheck.base import open_base
from claimcheck.load import entry
from claimcheck.load.build import claims_of
from claimcheck.load.fast import fast_data
from claimcheck.records.topics import TopicJSON, topic_record
from claimcheck.rules.records import check_claims_file
from claimcheck.xref import BEST_RULES, compute_evidence, topic_reports

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from generate import generate  # noqa: E402

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def gen(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("entry") / "gen"
    generate(root, 800, 2, None, 0.2, 0.05, seed=41, warnings=0.08)
    return root


def _results(root: Path):
    for p in sorted((root / "claims").glob("*.yaml")):
        rel = p.relative_to(root).as_posix()
        ok, data = fast_data(p.read_text("utf-8"))
        assert ok
        topics, claims = claims_of(data, rel)
        yield rel, check_claims_file(data), topics, claims


def test_a_files_result_reads_back_as_written(gen):
    for root in (gen, REPO):
        for rel, problems, topics, claims in _results(root):
            text = entry.encode(True, [], problems, topics, claims)
            back = entry.decode(json.loads(text), rel)
            assert back.parsed and back.diagnostics == []
            assert back.problems == problems
            assert back.topics == topics
            assert back.claims == claims
            assert [c.figure for c in back.claims] == [c.figure for c in claims]


def _leaves(value, path=()):
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _leaves(v, path + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _leaves(v, path + (i,))
    yield path


def _set(value, path, new):
    if not path:
        return new
    value = copy.deepcopy(value)
    cur = value
    for step in path[:-1]:
        cur = cur[step]
    cur[path[-1]] = new
    return value


@pytest.fixture(scope="module")
def one_entry(gen):
    rel, problems, topics, claims = next(_results(gen))
    return rel, json.loads(entry.encode(True, [], problems[:3], topics[:3], claims[:5]))


_ODD = st.one_of(st.none(), st.booleans(), st.integers(-5, 5), st.floats(allow_nan=True), st.text(max_size=3),
                 st.lists(st.integers(), max_size=2), st.dictionaries(st.text(max_size=2), st.integers(), max_size=2))


@given(data=st.data())
def test_a_changed_entry_is_refused_or_reads_as_a_well_formed_result(one_entry, data):
    rel, value = one_entry
    paths = list(_leaves(value))
    path = data.draw(st.sampled_from(paths))
    changed = _set(value, path, data.draw(_ODD))
    try:
        back = entry.decode(changed, rel)
    except (entry.BadEntry, TypeError, ValueError, KeyError):
        return
    # accepted: only where the change is one the format allows, and then well formed
    assert all(type(c.id) is str and type(c.index) is int for c in back.claims)
    assert all(c.figure is None or (c.figure.text == c.figure_text and c.figure.kind in ("number", "percent", "date")
                                    and c.figure.low == c.figure.low and (c.figure.high is None or c.figure.low <= c.figure.high))
               for c in back.claims)
    assert all(type(a.outlet) is str for c in back.claims for a in c.reported_by)


def test_a_checked_base_reads_back_as_written(gen, tmp_path):
    from claimcheck.load.cache import open_store
    from claimcheck.load.read import Listing

    store, _ = open_store({"CLAIMCHECK_CACHE_DIR": str(tmp_path / "c")})
    base = open_base(gen)
    listing = Listing(gen, store=store)
    key = base_cache.base_key(listing, __import__("datetime").date(2026, 1, 1))
    base_cache.save(store, key, listing, base, base.placed_findings())
    back = base_cache.load(store, key)
    assert back.placed and back.counts == (len(base.files), len(base.claims), len(base.sources))
    assert back.findings == base.placed_findings()
    assert [p for p in back.pointers if p is not None]  # kept, for the next run's positions
    base_cache.save(store, key, listing, base)  # not placed: pointers only
    unplaced = base_cache.load(store, key)
    assert not unplaced.placed and unplaced.findings == base.findings


@pytest.mark.parametrize("root", ["gen", "bundled"])
def test_topic_json_writes_what_json_dumps_writes(root, gen):
    base = open_base(REPO if root == "bundled" else gen)
    ev = compute_evidence(base, ids=False)
    enc = json.JSONEncoder(ensure_ascii=False).encode
    for best in BEST_RULES:
        reports = topic_reports(base, best=best, include_all=True)
        assert reports
        write = TopicJSON(base, ev)
        for rep in reports:
            assert write(rep) == enc(topic_record(base, rep, ev)), rep.topic
